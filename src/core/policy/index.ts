/**
 * The policy evaluator: is a call from one workload to another allowed by the Istio, Linkerd and
 * Kubernetes NetworkPolicy objects of a cluster, and which object decides? Pure functions over
 * plain objects: index the objects once with `indexCluster`, then ask `evaluateCall` about as
 * many pairs as needed. The verdict carries the path the call takes (through a waypoint or not),
 * every object looked at with its verdict, in order, and anything the evaluator had to assume.
 *
 * Per hop, in the order a connection meets them: the sender's NetworkPolicy egress, the
 * receiver's NetworkPolicy ingress, then the receiver's proxy (Istio sidecar, ztunnel or
 * waypoint; Linkerd proxy). The first refusal ends the evaluation, as it ends the connection.
 */
import { dataplaneOf, indexCluster, serviceFor, type ClusterIndex } from './cluster.js';
import { describeRef, refOf, stringMap } from './match.js';
import { evaluateEgress, evaluateIngress, type LayerResult } from './networkpolicy.js';
import { authorize, findWaypoint, istioPrincipal, peerAuthentication, waypointWorkload, type EnforcementPoint, type IstioPeer } from './istio.js';
import { linkerdIdentity, linkerdInbound } from './linkerd.js';
import type { CallRequest, CallVerdict, ClusterObject, Dataplane, ObjectRef, TraceStep, Workload } from './types.js';

export type * from './types.js';
export { indexCluster, dataplaneOf, type ClusterIndex } from './cluster.js';
export { selectorMatches, ipInCidr, type LabelSelector } from './match.js';
export { istioPrincipal } from './istio.js';
export { linkerdIdentity } from './linkerd.js';

/** The port ambient's HBONE tunnel arrives on (ambient/usage/networkpolicy). */
export const HBONE_PORT = 15008;

interface Hop {
  from: Workload;
  fromDp: Dataplane | 'waypoint' | 'istio-gateway';
  to: Workload;
  /** The receiver: a workload's own proxy, or a waypoint for a Service. */
  receiver: { kind: 'workload'; dataplane: Dataplane } | { kind: 'waypoint'; gateway: ClusterObject; service?: { name: string; namespace: string } };
  label: string;
}

function istioCapable(dp: Hop['fromDp']): boolean {
  return dp === 'istio-sidecar' || dp === 'istio-ambient' || dp === 'waypoint' || dp === 'istio-gateway';
}

/**
 * The port NetworkPolicy sees: traffic between ambient pods (and from ambient pods to sidecars)
 * travels in the HBONE tunnel on 15008 (ambient/usage/networkpolicy), and so does traffic to and
 * from a waypoint.
 */
function wirePort(hop: Hop, port: number): number {
  if (hop.receiver.kind === 'waypoint' || hop.fromDp === 'waypoint') return HBONE_PORT;
  const to = hop.receiver.dataplane;
  if (to === 'istio-ambient' && istioCapable(hop.fromDp)) return HBONE_PORT;
  if (to === 'istio-sidecar' && hop.fromDp === 'istio-ambient') return HBONE_PORT;
  return port;
}

function peerFor(cluster: ClusterIndex, hop: Hop): IstioPeer {
  const peer: IstioPeer = {};
  if (hop.from.ip !== undefined) peer.ip = hop.from.ip;
  if (istioCapable(hop.fromDp)) {
    peer.principal = istioPrincipal(cluster.options.istioTrustDomain, hop.from.namespace, hop.from.serviceAccount);
    peer.namespace = hop.from.namespace;
  }
  return peer;
}

/** Works out whether the call goes straight to the callee or through a waypoint. */
function planHops(cluster: ClusterIndex, req: CallRequest, trace: TraceStep[], assumptions: string[]): { hops: Hop[]; broken?: { reason: string; object?: ClusterObject } } {
  const fromFact = dataplaneOf(cluster, req.from);
  const toFact = dataplaneOf(cluster, req.to);
  const role = req.from.role ?? 'workload';
  // An Istio-managed gateway speaks Istio mTLS itself; with a Linkerd proxy injected it is a Linkerd client.
  const fromDp: Hop['fromDp'] = role === 'istio-gateway' && fromFact.dataplane !== 'linkerd' ? 'istio-gateway' : fromFact.dataplane;
  trace.push({ layer: 'mesh', hop: `${req.from.name} -> ${req.to.name}`, verdict: 'info', reason: `${req.from.name}: ${role === 'istio-gateway' ? 'Istio gateway' : fromFact.dataplane} (${role === 'istio-gateway' ? 'an Istio-managed gateway proxy' : fromFact.because}); ${req.to.name}: ${toFact.dataplane} (${toFact.because})` });
  const direct: Hop = { from: req.from, fromDp, to: req.to, receiver: { kind: 'workload', dataplane: toFact.dataplane }, label: `${req.from.name} -> ${req.to.name}` };
  if (toFact.dataplane !== 'istio-ambient') return { hops: [direct] };

  // Which traffic reaches a waypoint: ambient and sidecar senders addressing the Service;
  // Istio gateways only when the Service or namespace says istio.io/ingress-use-waypoint;
  // proxies that send to pod endpoints address the pod, so only a workload waypoint sees them.
  const svcObj = role === 'endpoint-proxy' ? undefined : serviceFor(cluster, req.to, req.service?.name, req.service?.namespace);
  if (fromDp === 'none' || fromDp === 'linkerd') {
    trace.push({ layer: 'istio-routing', hop: direct.label, verdict: 'info', reason: `${req.from.name} is not in the Istio mesh, so its traffic reaches ${req.to.name}'s ztunnel directly` });
    return { hops: [direct] };
  }
  if (role === 'istio-gateway') {
    const labels = { ...cluster.namespaceLabels(req.to.namespace), ...stringMap(svcObj?.object.metadata.labels) };
    if (labels['istio.io/ingress-use-waypoint'] !== 'true') {
      trace.push({ layer: 'istio-routing', hop: direct.label, verdict: 'info', reason: `${req.from.name} is an Istio gateway and neither the Service nor the namespace sets istio.io/ingress-use-waypoint=true, so it sends straight to ${req.to.name}` });
      return { hops: [direct] };
    }
  }
  if (req.service === undefined && svcObj === undefined && role !== 'endpoint-proxy') assumptions.push(`no Service for ${req.to.name} is known, so the call is taken to address the pod`);
  if (svcObj === undefined && req.service !== undefined && role !== 'endpoint-proxy') assumptions.push(`Service ${req.service.namespace ?? req.to.namespace}/${req.service.name} is not among the objects; its waypoint label (if any) is taken from the namespace`);
  const lookup =
    role === 'endpoint-proxy' || (req.service === undefined && svcObj === undefined)
      ? findWaypoint(cluster, { kind: 'workload', workload: req.to })
      : findWaypoint(cluster, { kind: 'service', object: svcObj, namespace: req.service?.namespace ?? req.to.namespace });
  if (role === 'endpoint-proxy' && !lookup.waypoint) {
    trace.push({ layer: 'istio-routing', hop: direct.label, verdict: 'info', reason: `${req.from.name} sends to pod endpoints, which bypasses service waypoints (${lookup.because})` });
    return { hops: [direct] };
  }
  if (lookup.broken) {
    trace.push({ layer: 'istio-routing', hop: direct.label, object: lookup.chosenBy ? refOf(lookup.chosenBy) : undefined, verdict: 'deny', reason: `${lookup.because}; ${lookup.broken}` });
    return { hops: [], broken: { reason: lookup.broken, object: lookup.chosenBy } };
  }
  if (!lookup.waypoint) {
    trace.push({ layer: 'istio-routing', hop: direct.label, verdict: 'info', reason: `no waypoint: ${lookup.because}` });
    return { hops: [direct] };
  }
  const gw = lookup.waypoint;
  const wp = waypointWorkload(gw);
  const service = svcObj ? { name: svcObj.object.metadata.name, namespace: svcObj.object.metadata.namespace ?? req.to.namespace } : req.service ? { name: req.service.name, namespace: req.service.namespace ?? req.to.namespace } : undefined;
  trace.push({ layer: 'istio-routing', hop: direct.label, object: refOf(gw), verdict: 'info', reason: `${lookup.because}: the call goes through waypoint ${gw.object.metadata.namespace}/${gw.object.metadata.name}, and ${req.to.name} sees the waypoint's identity` });
  return {
    hops: [
      { from: req.from, fromDp, to: wp, receiver: { kind: 'waypoint', gateway: gw, service }, label: `${req.from.name} -> ${wp.name}` },
      { from: wp, fromDp: 'waypoint', to: req.to, receiver: { kind: 'workload', dataplane: 'istio-ambient' }, label: `${wp.name} -> ${req.to.name}` },
    ],
  };
}

/** Evaluates the receiving proxy of one hop. */
function meshLayer(cluster: ClusterIndex, req: CallRequest, hop: Hop): LayerResult {
  const l7 = req.protocol === 'http' || req.protocol === 'grpc';
  const op = { port: req.port, http: l7, grpc: req.protocol === 'grpc', method: req.http?.method, path: req.http?.path, host: req.http?.host, anyRequest: req.http === undefined };
  if (hop.receiver.kind === 'waypoint') {
    const point: EnforcementPoint = { kind: 'waypoint', waypoint: hop.receiver.gateway, service: hop.receiver.service };
    return authorize(cluster, point, peerFor(cluster, hop), { ...op, port: req.service?.port ?? req.port }, hop.label);
  }
  const dp = hop.receiver.dataplane;
  if (dp === 'istio-sidecar' || dp === 'istio-ambient') {
    const ambient = dp === 'istio-ambient';
    const pa = peerAuthentication(cluster, hop.to, req.port, ambient, hop.label);
    let peer = peerFor(cluster, hop);
    if (pa.mode === 'STRICT' && peer.principal === undefined) {
      const reason = `mTLS is STRICT for ${hop.to.name} port ${req.port} and ${hop.from.name} is not in the Istio mesh, so its plain-text connection is refused`;
      return { allowed: false, steps: [...pa.steps, { layer: 'istio-peer-authentication', hop: hop.label, object: pa.decidedBy ? refOf(pa.decidedBy) : undefined, verdict: 'deny', reason }], decidedBy: pa.decidedBy, reason, assumptions: [] };
    }
    if (pa.mode === 'DISABLE') peer = { ...(peer.ip !== undefined ? { ip: peer.ip } : {}) };
    const point: EnforcementPoint = { kind: ambient ? 'ztunnel' : 'sidecar', workload: hop.to };
    const authz = authorize(cluster, point, peer, op, hop.label);
    return { ...authz, steps: [...pa.steps, ...authz.steps] };
  }
  if (dp === 'linkerd') {
    const meshed = hop.fromDp === 'linkerd';
    return linkerdInbound(
      cluster,
      hop.to,
      {
        ...(meshed ? { identity: linkerdIdentity(cluster.options.linkerdTrustDomain, hop.from.namespace, hop.from.serviceAccount) } : {}),
        serviceAccount: hop.from.serviceAccount,
        namespace: hop.from.namespace,
        ...(hop.from.ip !== undefined ? { ip: hop.from.ip } : {}),
        inCluster: hop.from.outsideCluster !== true,
        name: hop.from.name,
      },
      { port: req.port, protocol: req.protocol ?? 'tcp', method: req.http?.method, path: req.http?.path, anyRequest: req.http === undefined },
      hop.label,
    );
  }
  const reason = `${hop.to.name} runs no mesh proxy: nothing is enforced on its side`;
  return { allowed: true, steps: [{ layer: 'mesh', hop: hop.label, verdict: 'allow', reason }], reason, assumptions: [] };
}

/**
 * May `req.from` call `req.to` on pod port `req.port`? Returns the verdict, the deciding object
 * and the whole trace.
 */
export function evaluateCall(cluster: ClusterIndex, req: CallRequest): CallVerdict {
  const trace: TraceStep[] = [];
  const assumptions: string[] = [];
  const { hops, broken } = planHops(cluster, req, trace, assumptions);
  const path = [req.from.name, ...hops.slice(0, -1).map((h) => h.to.name), req.to.name];
  const decided = (o: ClusterObject | undefined): ObjectRef | undefined => (o ? refOf(o) : undefined);
  if (broken) return { allowed: false, decidedBy: decided(broken.object), reason: broken.reason, path, trace, assumptions };
  const allowedBy: Array<ObjectRef | undefined> = [];
  const reasons: string[] = [];
  for (const hop of hops) {
    const port = wirePort(hop, req.port);
    const layers: Array<() => LayerResult> = [];
    if (hop.fromDp !== 'waypoint' && hop.from.outsideCluster !== true) layers.push(() => evaluateEgress(cluster, hop.from, hop.to, port, hop.label));
    if (hop.receiver.kind === 'workload') layers.push(() => evaluateIngress(cluster, hop.from, hop.to, port, hop.label));
    layers.push(() => meshLayer(cluster, req, hop));
    for (const run of layers) {
      const r = run();
      trace.push(...r.steps);
      assumptions.push(...r.assumptions);
      if (!r.allowed) {
        const by = decided(r.decidedBy);
        return { allowed: false, decidedBy: by, reason: by ? `${r.reason}` : r.reason, path, trace, assumptions: [...new Set(assumptions)] };
      }
      allowedBy.push(decided(r.decidedBy));
      reasons.push(r.reason);
    }
  }
  // The object that admitted the call at its final receiver is the one that matters most.
  const by = [...allowedBy].reverse().find((r) => r !== undefined);
  return { allowed: true, decidedBy: by, reason: by ? `allowed: ${reasons[reasons.length - 1]}` : 'allowed: no policy restricts it', path, trace, assumptions: [...new Set(assumptions)] };
}

/** Indexes objects and evaluates one call: the convenience form for a single question. */
export function explainCall(objects: readonly ClusterObject[], req: CallRequest, options?: Parameters<typeof indexCluster>[1]): CallVerdict {
  return evaluateCall(indexCluster(objects, options), req);
}

/** One line per trace step, for humans (explain-call prints this). */
export function formatTrace(v: CallVerdict): string[] {
  const lines = v.trace.map((s) => `${s.hop}  [${s.layer}] ${s.verdict.toUpperCase()}${s.object ? ` ${describeRef(s.object)}${s.object.source ? ` (${s.object.source.file}:${s.object.source.line}:${s.object.source.column})` : ''}` : ''}: ${s.reason}`);
  lines.push(`${v.allowed ? 'ALLOWED' : 'DENIED'}: ${v.reason}`);
  for (const a of v.assumptions) lines.push(`assumed: ${a}`);
  return lines;
}
