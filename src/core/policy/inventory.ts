/**
 * The import inventory as the policy evaluator (src/core/policy) reads it: the objects with their
 * positions, one evaluator workload per inventoried workload, and one question per modelled call.
 * This is the hand-over the policy-drift lint builds on: it evaluates what the files already
 * enforce for each call without reading a file again. Pure; plain data in and out.
 */
import type { Architecture } from '../types.js';
import type { CallRequest, ClusterObject, KubeObject, Workload } from './types.js';
import type { ImportInventory, InventoryCall, InventoryObject, InventoryWorkload } from '../import-inventory.js';
import { indexServices, resolveServiceRef } from '../service-ref.js';

/** Where objects that name no namespace are applied (`kubectl apply` without `-n`). */
const APPLIED_TO = 'default';

function clusterObject(o: InventoryObject, namespace: string): ClusterObject {
  const object = structuredClone(o.value) as KubeObject;
  // Cluster-scoped kinds keep no namespace; a namespaced object that names none lives where the
  // manifests are applied, which the importer already decided (`o.namespace`).
  if (o.kind !== 'Namespace' && !/^Cluster/.test(o.kind) && object.metadata && object.metadata.namespace === undefined) {
    object.metadata.namespace = o.namespace ?? namespace;
  }
  return { object, source: { file: o.loc.file, line: o.loc.line, column: o.loc.column } };
}

/** Every policy and routing object of the inventory, ready for `indexCluster`. */
export function inventoryObjects(inventory: ImportInventory, namespace = APPLIED_TO): ClusterObject[] {
  return [...inventory.routing, ...inventory.policies].map((o) => clusterObject(o, namespace));
}

/**
 * The evaluator's view of an inventoried workload: identity, labels, annotations and ports (the
 * dataplane is left for the evaluator to derive from labels, as Istio and Linkerd do), and its
 * role when it runs the edge (an Istio gateway, or a proxy that sends to pod endpoints).
 */
export function inventoryWorkload(inventory: ImportInventory, w: InventoryWorkload, namespace = APPLIED_TO): Workload {
  const edge = w.service === undefined ? undefined : inventory.gateways.find((g) => g.service === w.service);
  const role: Workload['role'] = edge === undefined ? undefined : /istio/.test(edge.product) ? 'istio-gateway' : 'endpoint-proxy';
  return {
    name: w.name,
    namespace: w.namespace ?? namespace,
    serviceAccount: w.serviceAccount ?? 'default',
    labels: { ...w.labels },
    annotations: { ...w.annotations },
    ports: w.containerPorts.map((p) => ({
      containerPort: p.port,
      ...(p.name ? { name: p.name } : {}),
      ...(p.protocol === 'TCP' || p.protocol === 'UDP' || p.protocol === 'SCTP' ? { protocol: p.protocol } : {}),
    })),
    ...(role ? { role } : {}),
  };
}

/** One modelled call as the evaluator's question: who calls whom, on which pod port, through which Service. */
export interface CallQuestion {
  call: InventoryCall;
  request: CallRequest;
}

/**
 * A question per modelled call, from each workload of the caller to the first workload of the
 * callee (to each of them with `everyCallee`: the pods of one Service may carry different
 * labels, e.g. `version`, that policies select on), on the callee's pod port (`targetPort`,
 * else its Service port). Calls to a service without workloads in the inventory (external,
 * compose-only) are left out.
 */
export function callQuestions(inventory: ImportInventory, architecture: Architecture, namespace = APPLIED_TO, everyCallee = false): CallQuestion[] {
  const bySvc = new Map<number, InventoryWorkload[]>();
  for (const w of inventory.workloads) if (w.service !== undefined) (bySvc.get(w.service) ?? bySvc.set(w.service, []).get(w.service)!).push(w);
  const out: CallQuestion[] = [];
  for (const call of inventory.calls) {
    const target = architecture.services[call.to];
    if (!target) continue;
    for (const to of (bySvc.get(call.to) ?? []).slice(0, everyCallee ? undefined : 1)) out.push(...questionsTo(inventory, call, bySvc.get(call.from) ?? [], to, target, namespace));
  }
  return out;
}

/** The questions of one call to one callee workload: one per caller workload. */
function questionsTo(inventory: ImportInventory, call: InventoryCall, callers: InventoryWorkload[], to: InventoryWorkload, target: Architecture['services'][number], namespace: string): CallQuestion[] {
  const port = target.targetPort ?? target.port ?? call.port;
  if (port === undefined) return [];
  const protocol = call.protocol === 'http' || call.protocol === 'grpc' || call.protocol === 'tcp' ? call.protocol : undefined;
  return callers.map((from) => ({
    call,
    request: {
      from: inventoryWorkload(inventory, from, namespace),
      to: inventoryWorkload(inventory, to, namespace),
      port,
      service: { name: target.name, namespace: target.namespace ?? to.namespace ?? namespace, ...(call.port !== undefined ? { port: call.port } : {}) },
      ...(protocol ? { protocol } : {}),
    },
  }));
}

/** A workload picked by name for `explain-call`, or why none could be. */
export type PickedWorkloads = { workloads: InventoryWorkload[] } | { problem: string; candidates: string[] };

/**
 * The workloads a user means by `ref`: `namespace/name` or `name.namespace` or a bare name, of a
 * service (all its workloads) or of a workload itself (a Deployment's name, e.g. `reviews-v2`).
 */
export function pickWorkloads(inventory: ImportInventory, architecture: Architecture, ref: string, namespace = APPLIED_TO): PickedWorkloads {
  const nsOf = (w: InventoryWorkload): string => w.namespace ?? namespace;
  const ofService = (i: number): InventoryWorkload[] => inventory.workloads.filter((w) => w.service === i);
  const slash = ref.indexOf('/');
  const [ns, name] = slash > 0 ? [ref.slice(0, slash), ref.slice(slash + 1)] : [undefined, ref];
  const services = architecture.services;
  const bySvc =
    ns !== undefined
      ? services.findIndex((s) => s.name === name && (s.namespace ?? namespace) === ns)
      : (resolveServiceRef(indexServices(services), ref) ?? -1);
  if (bySvc >= 0 && ofService(bySvc).length > 0) return { workloads: ofService(bySvc) };
  const byName = inventory.workloads.filter((w) => w.name === name && (ns === undefined || nsOf(w) === ns));
  const namespaces = [...new Set(byName.map(nsOf))];
  if (namespaces.length === 1) return { workloads: byName };
  const candidates = [...new Set([...services.map((s) => (s.namespace ? `${s.namespace}/${s.name}` : s.name)), ...inventory.workloads.map((w) => `${nsOf(w)}/${w.name}`)])];
  if (namespaces.length > 1) return { problem: `"${ref}" names workloads in ${namespaces.length} namespaces (${namespaces.join(', ')})`, candidates: namespaces.map((n) => `${n}/${name}`) };
  if (bySvc >= 0) return { problem: `service "${ref}" has no workload in these files (an external or selector-less service)`, candidates };
  return { problem: `no service or workload "${ref}" in these files`, candidates };
}

/** What `explain-call` asks: one question per caller and callee workload, with the declared call when there is one. */
export interface PairQuestion {
  request: CallRequest;
  from: InventoryWorkload;
  to: InventoryWorkload;
  /** The declared call between their services, when the model has one. */
  call?: InventoryCall;
}

/**
 * The questions for a pair of workload sets: on `port` when given, else the port the declared
 * call dials (the callee's targetPort), else the callee's first declared container port.
 */
export function pairQuestions(
  inventory: ImportInventory,
  architecture: Architecture,
  from: InventoryWorkload[],
  to: InventoryWorkload[],
  opts: { port?: number; http?: CallRequest['http'] } = {},
  namespace = APPLIED_TO,
): PairQuestion[] {
  const out: PairQuestion[] = [];
  for (const t of to) {
    const target = t.service === undefined ? undefined : architecture.services[t.service];
    for (const f of from) {
      const call = inventory.calls.find((c) => c.from === f.service && c.to === t.service);
      const port = opts.port ?? target?.targetPort ?? target?.port ?? call?.port ?? t.containerPorts[0]?.port;
      if (port === undefined) continue;
      const proto = call?.protocol ?? target?.protocols?.[0];
      const protocol = proto === 'http' || proto === 'grpc' || proto === 'tcp' ? proto : undefined;
      const request: CallRequest = {
        from: inventoryWorkload(inventory, f, namespace),
        to: inventoryWorkload(inventory, t, namespace),
        port,
        ...(target ? { service: { name: target.name, namespace: target.namespace ?? t.namespace ?? namespace, ...(call?.port !== undefined ? { port: call.port } : {}) } } : {}),
        ...(opts.http ? { protocol: protocol === 'grpc' ? 'grpc' : 'http', http: opts.http } : protocol ? { protocol } : {}),
      };
      out.push({ request, from: f, to: t, ...(call ? { call } : {}) });
    }
  }
  return out;
}

/**
 * Where objects that name no namespace are taken to live. Rendered Helm charts (and many plain
 * manifest folders) name none: the release's namespace is given at install time (`-n shop`),
 * and the only trace of it in the files is in the identities the policies admit. So when no
 * workload or object names a namespace and the policies' principals and identities all name one
 * and the same, that one; otherwise `default`, where `kubectl apply` without `-n` puts them.
 */
export function appliedNamespace(inventory: ImportInventory): string {
  const objects = [...inventory.routing, ...inventory.policies];
  if (inventory.workloads.some((w) => w.namespace !== undefined) || objects.some((o) => o.namespace !== undefined && o.kind !== 'Namespace')) return APPLIED_TO;
  const named = new Set<string>();
  const visit = (v: unknown): void => {
    if (typeof v === 'string') {
      const istio = /^[^/]+\/ns\/([a-z0-9-]+)\/sa\//.exec(v);
      const linkerd = /^[a-z0-9-]+\.([a-z0-9-]+)\.serviceaccount\.identity\.linkerd\./.exec(v);
      if (istio) named.add(istio[1]!);
      if (linkerd) named.add(linkerd[1]!);
    } else if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') Object.values(v).forEach(visit);
  };
  for (const o of inventory.policies) visit((o.value as { spec?: unknown }).spec);
  return named.size === 1 ? [...named][0]! : APPLIED_TO;
}
