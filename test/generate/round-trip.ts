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
import type { Architecture, Protocol } from '../../src/core/types.js';
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

/** What the edge must reach, from the architecture: the rules or routes of its gateway, or the public services. */
export function expectedEdgeTargets(a: Architecture): Set<string> {
  const byName = new Map(a.services.map((s) => [s.name, s]));
  const routable = (name: string): boolean => {
    const s = byName.get(name);
    return !!s && s.kind === 'service' && !isAdminOrPlumbing(s) && mainProtocol(s.protocols) !== 'tcp';
  };
  const g = a.gateway;
  if (g && (g.rules ?? []).length > 0) return new Set(g.rules!.map((r) => r.service).filter(routable));
  if (g && g.routes.length > 0) return new Set(g.routes.filter(routable));
  if (g?.service && byName.has(g.service)) return new Set([g.service]);
  return new Set(a.services.filter((s) => s.exposure !== 'internal' && s.name !== g?.service && routable(s.name)).map((s) => s.name));
}

/** The existing gateway service a new edge replaces (left out of the mesh), if any. */
function replacedGateway(a: Architecture): string | undefined {
  const g = a.gateway;
  if (!g?.service || !a.services.some((s) => s.name === g.service)) return undefined;
  return (g.rules ?? []).length > 0 || g.routes.length > 0 ? g.service : undefined;
}

/** Who may call whom, from the architecture alone: `callee -> callers`. */
export function expectedCallers(a: Architecture): Map<string, Set<string>> {
  const replaced = replacedGateway(a);
  const kept = a.services.filter((s) => s.kind !== 'external' && s.name !== replaced);
  const names = new Set(kept.map((s) => s.name));
  const out = new Map(kept.map((s) => [s.name, new Set<string>()]));
  for (const s of a.services) {
    for (const c of s.calls) {
      const from = c.via ?? s.name;
      if (names.has(from) && names.has(c.to) && from !== c.to) out.get(c.to)!.add(from);
    }
  }
  // No visible call between application services: they are assumed to call each other.
  // (As recommend counts: the gateway's own proxying is north-south, not a call between services.)
  const app = kept.filter((s) => s.kind === 'service');
  const gateway = a.gateway?.service;
  const inner = app.filter((s) => s.name !== gateway);
  const innerNames = new Set(inner.map((s) => s.name));
  const visible = inner.some((s) => s.calls.some((c) => innerNames.has(c.to) && c.to !== s.name));
  if (!visible && inner.filter((s) => !isPlatformInfra(s.name)).length >= 3) {
    const ns = (s: { namespace?: string }) => s.namespace ?? placeholderNamespace(a.metadata.name);
    for (const s of kept) {
      if (s.kind !== 'service' && out.get(s.name)!.size > 0) continue;
      for (const o of app) if (o.name !== s.name && ns(o) === ns(s)) out.get(s.name)!.add(o.name);
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
  const runtimes = new Map<string, Runtime>();
  for (const s of a.services) {
    if (s.kind === 'external' || s.name === replaced) continue;
    const namespace = s.namespace ?? fallbackNs;
    const port = s.port ?? 8080;
    const targetPort = s.targetPort ?? port;
    const enrol = namespace === 'default' ? enrolmentForDefault(mesh, waypoint) : { labels: {}, annotations: {}, serviceLabels: {} };
    const selector = s.selector && Object.keys(s.selector).length > 0 ? s.selector : { app: s.name };
    runtimes.set(s.name, {
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
          from: from.name,
          to,
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
