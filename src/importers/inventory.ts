/**
 * The import inventory as the policy evaluator (src/core/policy) reads it: the objects with their
 * positions, one evaluator workload per inventoried workload, and one question per modelled call.
 * This is the hand-over the policy-drift lint builds on: it evaluates what the files already
 * enforce for each call without reading a file again. Pure; plain data in and out.
 */
import type { Architecture } from '../core/types.js';
import type { CallRequest, ClusterObject, KubeObject, Workload } from '../core/policy/types.js';
import type { ImportInventory, InventoryCall, InventoryObject, InventoryWorkload } from './common.js';

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
