/**
 * Kubernetes NetworkPolicy (networking.k8s.io/v1), as documented on kubernetes.io
 * ("Network Policies", concepts/services-networking/network-policies):
 * - a pod is isolated for ingress (egress) once any policy in its namespace selects it with that
 *   policy type; an unselected pod accepts (sends) everything;
 * - policies are additive: an isolated pod accepts a connection when any selecting policy has a
 *   rule whose peers and ports both match; a rule without `from`/`to` matches every peer, one
 *   without `ports` every port;
 * - a peer is a podSelector (pods in the policy's namespace), a namespaceSelector (every pod of
 *   the matching namespaces), both in one entry (those pods in those namespaces), or an ipBlock
 *   (a CIDR minus its `except` ranges);
 * - `policyTypes` absent means Ingress, plus Egress when the policy has egress rules;
 * - a port is a number or a named container port of the destination pod, TCP by default, and
 *   `endPort` makes it a range;
 * - a connection needs both the caller's egress and the callee's ingress to allow it.
 */
import type { ClusterIndex } from './cluster.js';
import { field, ipInCidr, list, refOf, selectorMatches, describeRef, type LabelSelector } from './match.js';
import type { ClusterObject, TraceStep, Workload } from './types.js';

/** The outcome of one direction: allowed or not, with the steps and the deciding object. */
export interface LayerResult {
  allowed: boolean;
  steps: TraceStep[];
  decidedBy?: ClusterObject;
  reason: string;
  assumptions: string[];
}

interface Peer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: string; except?: string[] };
}

interface PortSpec {
  protocol?: string;
  port?: number | string;
  endPort?: number;
}

function policyTypes(o: ClusterObject): string[] {
  const declared = list<string>(field(o.object, 'spec', 'policyTypes'));
  if (declared.length > 0) return declared;
  return field(o.object, 'spec', 'egress') !== undefined ? ['Ingress', 'Egress'] : ['Ingress'];
}

/** True when one peer entry admits the other side of the connection. */
function peerMatches(cluster: ClusterIndex, policyNamespace: string, peer: Peer, other: Workload, assumptions: string[]): boolean {
  if (peer.ipBlock) {
    if (other.ip === undefined) {
      assumptions.push(`${other.name} has no known IP, so ipBlock ${peer.ipBlock.cidr} is taken not to contain it`);
      return false;
    }
    return ipInCidr(other.ip, peer.ipBlock.cidr) && !(peer.ipBlock.except ?? []).some((e) => ipInCidr(other.ip!, e));
  }
  if (peer.namespaceSelector !== undefined) {
    if (!namespaceSelected(cluster, peer.namespaceSelector, other.namespace, assumptions)) return false;
    return peer.podSelector === undefined || selectorMatches(peer.podSelector, other.labels);
  }
  if (peer.podSelector !== undefined) return other.namespace === policyNamespace && selectorMatches(peer.podSelector, other.labels);
  return false;
}

const NAME_LABEL = 'kubernetes.io/metadata.name';

/**
 * True when a namespaceSelector picks the namespace. Without the Namespace object only the label
 * Kubernetes sets itself (`kubernetes.io/metadata.name`) is known; with the option
 * `unlistedNamespaceLabels: 'any'` requirements on other labels are taken to hold (the namespace
 * is labelled where it is created, outside these files), and the verdict says so.
 */
function namespaceSelected(cluster: ClusterIndex, selector: LabelSelector, namespace: string, assumptions: string[]): boolean {
  if (cluster.namespaceObject(namespace) !== undefined || cluster.options.unlistedNamespaceLabels === 'none') return selectorMatches(selector, cluster.namespaceLabels(namespace));
  const known: LabelSelector = {
    matchLabels: Object.fromEntries(Object.entries(selector.matchLabels ?? {}).filter(([k]) => k === NAME_LABEL)),
    matchExpressions: (selector.matchExpressions ?? []).filter((e) => e.key === NAME_LABEL),
  };
  if (!selectorMatches(known, cluster.namespaceLabels(namespace))) return false;
  const unknown = [...Object.keys(selector.matchLabels ?? {}), ...(selector.matchExpressions ?? []).map((e) => e.key)].filter((k) => k !== NAME_LABEL);
  if (unknown.length > 0) assumptions.push(`namespace ${namespace} is not among the objects, so its labels ${[...new Set(unknown)].join(', ')} are taken to match the namespaceSelector`);
  return true;
}

/** True when a port entry covers the destination port (named ports resolved against the destination pod). */
function portMatches(spec: PortSpec, port: number, destination: Workload): boolean {
  if ((spec.protocol ?? 'TCP') !== 'TCP') return false;
  if (spec.port === undefined) return true;
  if (typeof spec.port === 'string' && !/^\d+$/.test(spec.port)) {
    return (destination.ports ?? []).some((p) => p.name === spec.port && p.containerPort === port && (p.protocol ?? 'TCP') === 'TCP');
  }
  const first = Number(spec.port);
  return spec.endPort !== undefined ? port >= first && port <= spec.endPort : port === first;
}

function evaluate(
  cluster: ClusterIndex,
  direction: 'Ingress' | 'Egress',
  subject: Workload,
  other: Workload,
  port: number,
  destination: Workload,
  hop: string,
): LayerResult {
  const layer = direction === 'Ingress' ? 'networkpolicy-ingress' : 'networkpolicy-egress';
  const steps: TraceStep[] = [];
  const assumptions: string[] = [];
  const selecting: ClusterObject[] = [];
  for (const o of cluster.objects('networking.k8s.io', 'NetworkPolicy', subject.namespace)) {
    const selects = selectorMatches((field(o.object, 'spec', 'podSelector') as LabelSelector | undefined) ?? {}, subject.labels);
    if (!selects) {
      steps.push({ layer, hop, object: refOf(o), verdict: 'skip', reason: `its podSelector does not select ${subject.name}` });
      continue;
    }
    if (!policyTypes(o).includes(direction)) {
      steps.push({ layer, hop, object: refOf(o), verdict: 'skip', reason: `selects ${subject.name} but its policyTypes leave out ${direction}` });
      continue;
    }
    selecting.push(o);
  }
  if (selecting.length === 0) {
    const reason = `no NetworkPolicy isolates ${subject.name} for ${direction.toLowerCase()}`;
    steps.push({ layer, hop, verdict: 'allow', reason });
    return { allowed: true, steps, reason, assumptions };
  }
  const rulesKey = direction === 'Ingress' ? 'ingress' : 'egress';
  const peersKey = direction === 'Ingress' ? 'from' : 'to';
  for (const o of selecting) {
    const rules = list<Record<string, unknown>>(field(o.object, 'spec', rulesKey));
    const ns = o.object.metadata.namespace ?? subject.namespace;
    const matched = rules.findIndex((r) => {
      const peers = r[peersKey];
      const peerOk = peers === undefined || (Array.isArray(peers) && peers.length === 0) || list<Peer>(peers).some((p) => peerMatches(cluster, ns, p, other, assumptions));
      const ports = r['ports'];
      const portOk = ports === undefined || (Array.isArray(ports) && ports.length === 0) || list<PortSpec>(ports).some((p) => portMatches(p, port, destination));
      return peerOk && portOk;
    });
    if (matched >= 0) {
      const reason = `${direction.toLowerCase()} rule ${matched + 1} of ${describeRef(refOf(o))} admits ${other.name} on port ${port}`;
      steps.push({ layer, hop, object: refOf(o), verdict: 'allow', reason });
      return { allowed: true, steps, decidedBy: o, reason, assumptions };
    }
    steps.push({
      layer,
      hop,
      object: refOf(o),
      verdict: 'no-match',
      reason: rules.length === 0 ? `isolates ${subject.name} for ${direction.toLowerCase()} and allows nothing` : `none of its ${rules.length} ${rulesKey} rule(s) admits ${other.name} on port ${port}`,
    });
  }
  const reason = `${subject.name} is isolated for ${direction.toLowerCase()} and no NetworkPolicy admits ${other.name} on port ${port}`;
  steps.push({ layer, hop, verdict: 'deny', reason });
  return { allowed: false, steps, decidedBy: selecting[0], reason, assumptions };
}

/** The caller's egress policies: may `from` open a connection to `to` on `port`? */
export function evaluateEgress(cluster: ClusterIndex, from: Workload, to: Workload, port: number, hop: string): LayerResult {
  return evaluate(cluster, 'Egress', from, to, port, to, hop);
}

/** The callee's ingress policies: may `to` accept a connection from `from` on `port`? */
export function evaluateIngress(cluster: ClusterIndex, from: Workload, to: Workload, port: number, hop: string): LayerResult {
  return evaluate(cluster, 'Ingress', to, from, port, to, hop);
}
