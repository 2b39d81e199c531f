/**
 * The round trip: generate mesh policy for an architecture, read the files back, and ask the
 * policy evaluator about every ordered pair of workloads (and the edge gateway to every one).
 * The expected answer comes from the architecture alone, never from the generator: a modelled
 * call is allowed; the edge reaches what it routes (what the existing gateway serves, or the
 * public services) and nothing else; without any visible call between application services
 * (`recommend` then assumes they call each other) an application service admits the others of
 * its namespace; everything else is denied, so a datastore admits only its callers.
 */
import { loadAll } from 'js-yaml';
import type { Architecture, Protocol, Service } from '../../src/core/types.js';
import { indexServices, resolveServiceRef } from '../../src/core/service-ref.js';
import type { FilePlan } from '../../src/core/generate/index.js';
import { placeholderNamespace } from '../../src/core/generate/model.js';
import { isAdminOrPlumbing } from '../../src/core/generate/edge.js';
import { isPlatformInfra } from '../../src/core/classify.js';
import { evaluateCall, indexCluster, type ClusterObject, type KubeObject, type Workload } from '../../src/core/policy/index.js';

/** A workload the way the cluster runs it: its pods, identity, Service and port. */
interface Runtime {
  workload: Workload;
  service: { name: string; namespace: string; port: number };
  targetPort: number;
  protocol: 'http' | 'grpc' | 'tcp';
}

function mainProtocol(protocols: readonly Protocol[]): Runtime['protocol'] {
  if (protocols.includes('http') || protocols.includes('websocket')) return 'http';
  if (protocols.includes('grpc')) return 'grpc';
  return protocols.includes('tcp') ? 'tcp' : 'http';
}

/**
 * Services are told apart by namespace and name (two `cart`s in two namespaces are two
 * workloads): each is known here by its key, `<namespace>/<name>`, and references (calls,
 * gateway rules) resolve as Kubernetes DNS does (src/core/service-ref.ts).
 */
function keyer(a: Architecture): { keyOf(s: Service): string; resolve(ref: string, fromNamespace: string | undefined): Service | undefined } {
  const index = indexServices(a.services);
  const fallbackNs = placeholderNamespace(a.metadata.name);
  return {
    keyOf: (s) => `${s.namespace ?? fallbackNs}/${s.name}`,
    resolve: (ref, fromNamespace) => {
      const i = resolveServiceRef(index, ref, fromNamespace);
      return i === undefined ? undefined : a.services[i];
    },
  };
}

/** What the edge must reach (keys), from the architecture: the rules or routes of its gateway, or the public services. */
export function expectedEdgeTargets(a: Architecture): Set<string> {
  const { keyOf, resolve } = keyer(a);
  const routable = (s: Service | undefined): s is Service => !!s && s.kind === 'service' && !isAdminOrPlumbing(s) && mainProtocol(s.protocols) !== 'tcp';
  const keys = (refs: readonly string[]) => new Set(refs.map((r) => resolve(r, g?.namespace)).filter(routable).map(keyOf));
  const g = a.gateway;
  if (g && (g.rules ?? []).length > 0) return keys(g.rules!.map((r) => r.service));
  if (g && g.routes.length > 0) return keys(g.routes);
  const gatewayService = g?.service !== undefined ? resolve(g.service, g.namespace) : undefined;
  if (gatewayService) return new Set([keyOf(gatewayService)]);
  return new Set(a.services.filter((s) => s.exposure !== 'internal' && routable(s)).map(keyOf));
}

/** The existing gateway service a new edge replaces (left out of the mesh), if any. */
function replacedGateway(a: Architecture): Service | undefined {
  const g = a.gateway;
  const service = g?.service !== undefined ? keyer(a).resolve(g.service, g.namespace) : undefined;
  if (!g || !service) return undefined;
  return (g.rules ?? []).length > 0 || g.routes.length > 0 ? service : undefined;
}

/** Who may call whom (keys), from the architecture alone: `callee -> callers`. */
export function expectedCallers(a: Architecture): Map<string, Set<string>> {
  const { keyOf, resolve } = keyer(a);
  const replaced = replacedGateway(a);
  const kept = a.services.filter((s) => s.kind !== 'external' && s !== replaced);
  const keptSet = new Set(kept);
  const out = new Map(kept.map((s) => [keyOf(s), new Set<string>()]));
  for (const s of a.services) {
    for (const c of s.calls) {
      const from = c.via !== undefined ? resolve(c.via, s.namespace) : s;
      const to = resolve(c.to, s.namespace);
      if (from && to && keptSet.has(from) && keptSet.has(to) && from !== to) out.get(keyOf(to))!.add(keyOf(from));
    }
  }
  // No visible call between application services: they are assumed to call each other.
  // (As recommend counts: the gateway's own proxying is north-south, not a call between services.)
  const app = kept.filter((s) => s.kind === 'service');
  const gateway = a.gateway?.service !== undefined ? resolve(a.gateway.service, a.gateway.namespace) : undefined;
  const inner = app.filter((s) => s !== gateway);
  const innerSet = new Set(inner);
  const visible = inner.some((s) => s.calls.some((c) => {
    const to = resolve(c.to, s.namespace);
    return to !== undefined && innerSet.has(to) && to !== s;
  }));
  if (!visible && inner.filter((s) => !isPlatformInfra(s.name)).length >= 3) {
    const ns = (s: { namespace?: string }) => s.namespace ?? placeholderNamespace(a.metadata.name);
    for (const s of kept) {
      if (s.kind !== 'service' && out.get(keyOf(s))!.size > 0) continue;
      for (const o of app) if (o !== s && ns(o) === ns(s)) out.get(keyOf(s))!.add(keyOf(o));
    }
  }
  return out;
}

/** One disagreement between the evaluator and the architecture. */
export interface Mismatch {
  from: string;
  to: string;
  expected: boolean;
  decidedBy?: string;
  reason: string;
}

/** The mesh a plan was generated for, for the workloads' own enrolment labels. */
export type MeshVariant = 'istio-sidecar' | 'istio-ambient' | 'linkerd';

function enrolmentForDefault(mesh: MeshVariant, waypoint: boolean): { labels: Record<string, string>; annotations: Record<string, string>; serviceLabels: Record<string, string> } {
  if (mesh === 'linkerd') return { labels: {}, annotations: { 'linkerd.io/inject': 'enabled', 'config.linkerd.io/default-inbound-policy': 'deny' }, serviceLabels: {} };
  if (mesh === 'istio-sidecar') return { labels: { 'sidecar.istio.io/inject': 'true' }, annotations: {}, serviceLabels: {} };
  return { labels: { 'istio.io/dataplane-mode': 'ambient' }, annotations: {}, serviceLabels: waypoint ? { 'istio.io/use-waypoint': 'waypoint' } : {} };
}

/**
 * Builds the cluster (the generated objects, plus the Services and pods the user runs, set up
 * as the files' headers ask), evaluates every pair and returns the mismatches.
 */
export function roundTrip(a: Architecture, plan: FilePlan, mesh: MeshVariant): { mismatches: Mismatch[]; pairs: number; allowed: number } {
  const objects: ClusterObject[] = [];
  for (const f of plan.files) {
    if (!f.path.endsWith('.yaml') || f.target === 'kong') continue;
    for (const o of loadAll(f.content)) if (o && typeof o === 'object') objects.push({ object: o as KubeObject, source: { file: f.path, line: 1, column: 1 } });
  }
  const waypoint = objects.some((o) => o.object.kind === 'Gateway' && o.object.spec?.['gatewayClassName'] === 'istio-waypoint');
  const replaced = replacedGateway(a);
  const fallbackNs = placeholderNamespace(a.metadata.name);
  const { keyOf } = keyer(a);
  // Mismatches name a workload by its name, or name.namespace when two namespaces carry the name.
  const namespacesOf = new Map<string, Set<string>>();
  for (const s of a.services) (namespacesOf.get(s.name) ?? namespacesOf.set(s.name, new Set()).get(s.name)!).add(s.namespace ?? fallbackNs);
  const shown = new Map<string, string>();
  const runtimes = new Map<string, Runtime>();
  for (const s of a.services) {
    if (s.kind === 'external' || s === replaced) continue;
    const namespace = s.namespace ?? fallbackNs;
    const port = s.port ?? 8080;
    const targetPort = s.targetPort ?? port;
    const enrol = namespace === 'default' ? enrolmentForDefault(mesh, waypoint) : { labels: {}, annotations: {}, serviceLabels: {} };
    const selector = s.selector && Object.keys(s.selector).length > 0 ? s.selector : { app: s.name };
    shown.set(keyOf(s), namespacesOf.get(s.name)!.size > 1 ? `${s.name}.${namespace}` : s.name);
    runtimes.set(keyOf(s), {
      workload: { name: s.name, namespace, serviceAccount: s.serviceAccount ?? s.name, labels: { ...selector, ...enrol.labels }, annotations: enrol.annotations, ports: [{ containerPort: targetPort }] },
      service: { name: s.name, namespace, port },
      targetPort,
      protocol: mainProtocol(s.protocols),
    });
    objects.push({ object: { apiVersion: 'v1', kind: 'Service', metadata: { name: s.name, namespace, labels: enrol.serviceLabels }, spec: { selector, ports: [{ port, targetPort }] } } });
  }
  // The edge's proxies, meshed as the headers ask (Istio's own gateway presents its identity anyway).
  const id = plan.context.edgeId;
  const edge: Workload = {
    name: `edge (${id.namespace}/${id.serviceAccount})`,
    namespace: id.namespace,
    serviceAccount: id.serviceAccount,
    labels: id.labels,
    role: id.role,
    dataplane: mesh === 'linkerd' ? 'linkerd' : id.role === 'istio-gateway' ? 'none' : mesh,
  };
  const cluster = indexCluster(objects);
  const callers = expectedCallers(a);
  const edgeTargets = expectedEdgeTargets(a);
  const mismatches: Mismatch[] = [];
  let pairs = 0;
  let allowed = 0;
  const senders: Array<{ name: string; workload: Workload }> = [...[...runtimes].map(([name, r]) => ({ name, workload: r.workload })), { name: 'EDGE', workload: edge }];
  for (const [to, callee] of runtimes) {
    for (const from of senders) {
      if (from.name === to) continue;
      const expected = from.name === 'EDGE' ? edgeTargets.has(to) : callers.get(to)?.has(from.name) === true;
      const v = evaluateCall(cluster, { from: from.workload, to: callee.workload, port: callee.targetPort, service: callee.service, protocol: callee.protocol });
      pairs++;
      if (v.allowed) allowed++;
      if (v.allowed !== expected) {
        mismatches.push({
          from: shown.get(from.name) ?? from.name,
          to: shown.get(to) ?? to,
          expected,
          decidedBy: v.decidedBy ? `${v.decidedBy.kind} ${v.decidedBy.namespace ?? ''}/${v.decidedBy.name} (${v.decidedBy.source?.file ?? 'not generated'})` : undefined,
          reason: v.reason,
        });
      }
    }
  }
  return { mismatches, pairs, allowed };
}

/** One line per mismatch, naming the pair and the deciding object. */
export function describeMismatches(ms: Mismatch[]): string {
  return ms
    .slice(0, 40)
    .map((m) => `${m.from} -> ${m.to}: expected ${m.expected ? 'ALLOWED' : 'DENIED'}, evaluator says ${m.expected ? 'denied' : 'allowed'} by ${m.decidedBy ?? 'no object'}: ${m.reason}`)
    .join('\n') + (ms.length > 40 ? `\n... and ${ms.length - 40} more` : '');
}
