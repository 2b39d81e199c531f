/**
 * Linkerd inbound policy, from linkerd.io (2-edge "Authorization Policy" feature page and the
 * "Authorization Policy" reference, "Configuring Per-Route Authorization Policy"):
 * - a `Server` selects pods in its namespace and one port, by number or by the name of a port
 *   the pod spec declares ("only ports in a pod spec's ports are considered");
 * - a port without a Server gets the default inbound policy: the pod's
 *   `config.linkerd.io/default-inbound-policy` annotation, else its namespace's, else the
 *   cluster's (`proxy.defaultInboundPolicy`, `all-unauthenticated` unless installed otherwise);
 * - with a Server, traffic is denied unless an authorization admits it, then the Server's
 *   `accessPolicy` (default `deny`) decides; `audit` lets it through;
 * - an AuthorizationPolicy targets a Server, an HTTPRoute (or GRPCRoute) attached to a Server,
 *   or the Namespace (every Server and route in it); it admits a client when ALL its
 *   requiredAuthenticationRefs are satisfied, and is ignored when one of them does not exist;
 * - once routes are attached to a Server a request must match one of them (otherwise it is
 *   refused) and the route's policies apply together with the Server's;
 * - MeshTLSAuthentication admits meshed clients by identity (`*` any, `*.<domain>` a domain) or
 *   by ServiceAccount/Namespace reference; NetworkAuthentication admits client addresses;
 * - the older ServerAuthorization is honoured too.
 */
import type { ClusterIndex } from './cluster.js';
import { describeRef, field, ipInCidr, list, refOf, selectorMatches, stringMap, type LabelSelector } from './match.js';
import type { LayerResult } from './networkpolicy.js';
import type { ClusterObject, LinkerdDefaultPolicy, TraceStep, Workload } from './types.js';

/** Who is calling, as a Linkerd proxy sees it. */
export interface LinkerdPeer {
  /** The client's Linkerd identity when it is meshed (mutual TLS from a Linkerd proxy). */
  identity?: string;
  serviceAccount: string;
  namespace: string;
  ip?: string;
  /** False for clients outside the cluster. */
  inCluster: boolean;
  name: string;
}

/** The request, for route matching. */
export interface LinkerdRequest {
  port: number;
  protocol: 'http' | 'grpc' | 'tcp';
  method?: string;
  path?: string;
  /** No particular request: the call is admitted when some route it may use admits it. */
  anyRequest?: boolean;
}

const POLICY = 'policy.linkerd.io';
const DEFAULT_POLICIES: readonly string[] = ['all-unauthenticated', 'all-authenticated', 'cluster-authenticated', 'cluster-unauthenticated', 'deny', 'audit'];

/** The identity string Linkerd gives a ServiceAccount. */
export function linkerdIdentity(trustDomain: string, namespace: string, serviceAccount: string): string {
  return `${serviceAccount}.${namespace}.serviceaccount.identity.linkerd.${trustDomain}`;
}

/** The default inbound policy for a pod: its annotation, its namespace's, or the cluster's. */
export function defaultInboundPolicy(cluster: ClusterIndex, w: Workload): { policy: LinkerdDefaultPolicy; because: string; object?: ClusterObject } {
  const ann = 'config.linkerd.io/default-inbound-policy';
  const pod = w.annotations?.[ann];
  if (pod !== undefined && DEFAULT_POLICIES.includes(pod)) return { policy: pod as LinkerdDefaultPolicy, because: `pod annotation ${ann}=${pod}` };
  const ns = cluster.namespaceAnnotations(w.namespace)[ann];
  if (ns !== undefined && DEFAULT_POLICIES.includes(ns)) return { policy: ns as LinkerdDefaultPolicy, because: `namespace ${w.namespace} annotation ${ann}=${ns}`, object: cluster.namespaceObject(w.namespace) };
  const cl = cluster.options.linkerdDefaultInboundPolicy;
  return { policy: cl, because: `cluster default (proxy.defaultInboundPolicy=${cl})` };
}

function inClusterNetworks(cluster: ClusterIndex, peer: LinkerdPeer): boolean {
  if (peer.ip !== undefined) return cluster.options.linkerdClusterNetworks.some((c) => ipInCidr(peer.ip!, c));
  return peer.inCluster;
}

/** True when a default policy (or a Server's accessPolicy) lets the client in. */
function defaultAdmits(cluster: ClusterIndex, policy: string, peer: LinkerdPeer): { ok: boolean; why: string } {
  switch (policy) {
    case 'all-unauthenticated':
      return { ok: true, why: 'all-unauthenticated admits every client' };
    case 'audit':
      return { ok: true, why: 'audit admits every client (and flags it)' };
    case 'all-authenticated':
      return peer.identity ? { ok: true, why: 'all-authenticated admits the meshed client' } : { ok: false, why: 'all-authenticated refuses a client without a Linkerd identity' };
    case 'cluster-authenticated':
      if (!peer.identity) return { ok: false, why: 'cluster-authenticated refuses a client without a Linkerd identity' };
      return inClusterNetworks(cluster, peer) ? { ok: true, why: 'cluster-authenticated admits the meshed in-cluster client' } : { ok: false, why: 'cluster-authenticated refuses a client outside the cluster networks' };
    case 'cluster-unauthenticated':
      return inClusterNetworks(cluster, peer) ? { ok: true, why: 'cluster-unauthenticated admits an in-cluster client' } : { ok: false, why: 'cluster-unauthenticated refuses a client outside the cluster networks' };
    case 'deny':
      return { ok: false, why: 'deny refuses every client' };
    default:
      return { ok: false, why: `unknown policy ${JSON.stringify(policy)} (treated as deny)` };
  }
}

/** True when a Server's port (number or name) is the pod port of the call. */
function serverPortMatches(port: unknown, callPort: number, w: Workload): { ok: boolean; assumed?: string } {
  const declared = w.ports;
  if (typeof port === 'number' || (typeof port === 'string' && /^\d+$/.test(port))) {
    if (Number(port) !== callPort) return { ok: false };
    if (declared === undefined) return { ok: true, assumed: `${w.name} is taken to declare port ${callPort} in its pod spec` };
    return { ok: declared.some((p) => p.containerPort === callPort) };
  }
  if (typeof port !== 'string') return { ok: false };
  if (declared === undefined) return { ok: false, assumed: `${w.name} declares no container ports here, so the named port ${port} cannot be resolved` };
  return { ok: declared.some((p) => p.name === port && p.containerPort === callPort) };
}

function identityMatches(pattern: string, identity: string): boolean {
  if (pattern === '*') return true;
  if (pattern.startsWith('*.')) return identity.endsWith(pattern.slice(1));
  return pattern === identity;
}

/** One authentication reference: does the client satisfy it? `missing` when the object does not exist. */
function authenticationSatisfied(cluster: ClusterIndex, ref: Record<string, unknown>, policyNs: string, peer: LinkerdPeer, assumptions: string[]): 'yes' | 'no' | 'missing' {
  const kind = String(ref['kind'] ?? '');
  const ns = typeof ref['namespace'] === 'string' ? ref['namespace'] : policyNs;
  const name = String(ref['name'] ?? '');
  if (kind === 'ServiceAccount') return peer.identity && peer.serviceAccount === name && peer.namespace === ns ? 'yes' : 'no';
  const obj = cluster.objects(POLICY, kind, ns).find((o) => o.object.metadata.name === name);
  if (!obj) return 'missing';
  if (kind === 'MeshTLSAuthentication') {
    if (!peer.identity) return 'no';
    const identities = list<string>(field(obj.object, 'spec', 'identities'));
    if (identities.some((p) => typeof p === 'string' && identityMatches(p, peer.identity!))) return 'yes';
    for (const r of list<Record<string, unknown>>(field(obj.object, 'spec', 'identityRefs'))) {
      const rk = String(r?.['kind'] ?? '');
      const rns = typeof r?.['namespace'] === 'string' ? (r['namespace'] as string) : ns;
      if (rk === 'ServiceAccount' && peer.namespace === rns && (r['name'] === undefined || r['name'] === peer.serviceAccount)) return 'yes';
      if (rk === 'Namespace' && (r['name'] === undefined ? peer.namespace === rns : peer.namespace === r['name'])) return 'yes';
    }
    return 'no';
  }
  if (kind === 'NetworkAuthentication') {
    const networks = list<{ cidr?: string; except?: string[] }>(field(obj.object, 'spec', 'networks'));
    if (peer.ip === undefined) {
      const anywhere = networks.some((n) => n?.cidr === '0.0.0.0/0' || n?.cidr === '::/0');
      if (!anywhere) assumptions.push(`${peer.name} has no known IP, so ${describeRef(refOf(obj))} is taken not to cover it`);
      return anywhere ? 'yes' : 'no';
    }
    return networks.some((n) => typeof n?.cidr === 'string' && ipInCidr(peer.ip!, n.cidr) && !(n.except ?? []).some((e) => ipInCidr(peer.ip!, e))) ? 'yes' : 'no';
  }
  return 'missing';
}

/** A ServerAuthorization's `client` block: does it admit the client? */
function serverAuthorizationAdmits(cluster: ClusterIndex, o: ClusterObject, peer: LinkerdPeer): boolean {
  const client = (field(o.object, 'spec', 'client') ?? {}) as Record<string, unknown>;
  const networks = list<{ cidr?: string; except?: string[] }>(client['networks']);
  if (networks.length > 0) {
    if (peer.ip === undefined) {
      if (!networks.some((n) => n?.cidr === '0.0.0.0/0' || n?.cidr === '::/0')) return false;
    } else if (!networks.some((n) => typeof n?.cidr === 'string' && ipInCidr(peer.ip!, n.cidr) && !(n.except ?? []).some((e) => ipInCidr(peer.ip!, e)))) return false;
  }
  if (client['unauthenticated'] === true) return true;
  const mesh = (client['meshTLS'] ?? {}) as Record<string, unknown>;
  if (!peer.identity) return false;
  if (mesh['unauthenticatedTLS'] === true) return true;
  if (list<string>(mesh['identities']).some((p) => typeof p === 'string' && identityMatches(p, peer.identity!))) return true;
  const policyNs = o.object.metadata.namespace ?? '';
  return list<{ name?: string; namespace?: string }>(mesh['serviceAccounts']).some((sa) => sa?.name === peer.serviceAccount && (sa.namespace ?? policyNs) === peer.namespace);
}

function isServerRef(ref: Record<string, unknown>, server: string): boolean {
  return ref['kind'] === 'Server' && (ref['group'] === undefined || ref['group'] === POLICY) && ref['name'] === server;
}

/** Gateway API path match: Exact, PathPrefix (whole segments) or RegularExpression. */
function pathMatches(match: Record<string, unknown> | undefined, path: string): boolean {
  if (!match) return true;
  const type = String(match['type'] ?? 'PathPrefix');
  const value = String(match['value'] ?? '/');
  if (type === 'Exact') return path === value;
  if (type === 'RegularExpression') {
    try {
      return new RegExp(`^(?:${value})$`).test(path);
    } catch {
      return false;
    }
  }
  const prefix = value.endsWith('/') && value !== '/' ? value.slice(0, -1) : value;
  return prefix === '/' || path === prefix || path.startsWith(`${prefix}/`);
}

function routeMatches(route: ClusterObject, req: LinkerdRequest): boolean {
  const rules = list<Record<string, unknown>>(field(route.object, 'spec', 'rules'));
  const path = req.path ?? '/';
  const method = req.protocol === 'grpc' ? 'POST' : (req.method ?? 'GET');
  if (rules.length === 0) return true;
  return rules.some((rule) => {
    const matches = list<Record<string, unknown>>(rule?.['matches']);
    if (matches.length === 0) return true;
    return matches.some((m) => {
      if (route.object.kind === 'GRPCRoute') {
        const gm = (m?.['method'] ?? {}) as Record<string, unknown>;
        const [, svc, meth] = /^\/([^/]+)\/([^/]+)$/.exec(path) ?? [];
        return (gm['service'] === undefined || gm['service'] === svc) && (gm['method'] === undefined || gm['method'] === meth);
      }
      if (list(m?.['headers']).length > 0 || list(m?.['queryParams']).length > 0) return false;
      return pathMatches(m?.['path'] as Record<string, unknown> | undefined, path) && (m?.['method'] === undefined || m['method'] === method);
    });
  });
}

/** Evaluates Linkerd's inbound policy on the callee's proxy for one connection or request. */
export function linkerdInbound(cluster: ClusterIndex, callee: Workload, peer: LinkerdPeer, req: LinkerdRequest, hop: string): LayerResult {
  const layer = 'linkerd-inbound' as const;
  const steps: TraceStep[] = [];
  const assumptions: string[] = [];
  const ns = callee.namespace;
  let server: ClusterObject | undefined;
  for (const o of cluster.objects(POLICY, 'Server', ns)) {
    const sel = field(o.object, 'spec', 'podSelector') as LabelSelector | undefined;
    if (!sel || !selectorMatches(sel, callee.labels)) {
      steps.push({ layer, hop, object: refOf(o), verdict: 'skip', reason: `its podSelector does not select ${callee.name}` });
      continue;
    }
    const pm = serverPortMatches(field(o.object, 'spec', 'port'), req.port, callee);
    if (pm.assumed) assumptions.push(pm.assumed);
    if (!pm.ok) {
      steps.push({ layer, hop, object: refOf(o), verdict: 'skip', reason: `selects ${callee.name} but not pod port ${req.port} (Server port ${JSON.stringify(field(o.object, 'spec', 'port'))}; only ports the pod spec declares count)` });
      continue;
    }
    if (server) {
      steps.push({ layer, hop, object: refOf(o), verdict: 'skip', reason: `overlaps ${describeRef(refOf(server))} on the same pod and port (Linkerd refuses overlapping Servers); the first one is used` });
      continue;
    }
    server = o;
  }
  if (!server) {
    const d = defaultInboundPolicy(cluster, callee);
    const r = defaultAdmits(cluster, d.policy, peer);
    const reason = `no Server covers ${callee.name} port ${req.port}: the default inbound policy ${d.policy} (${d.because}) applies: ${r.why}`;
    steps.push({ layer, hop, object: d.object ? refOf(d.object) : undefined, verdict: r.ok ? 'allow' : 'deny', reason });
    return { allowed: r.ok, steps, decidedBy: d.object, reason, assumptions };
  }
  const serverName = server.object.metadata.name;
  steps.push({ layer, hop, object: refOf(server), verdict: 'info', reason: `selects ${callee.name} on port ${req.port}: traffic is refused unless an authorization admits it` });

  // Routes attached to the Server (only for HTTP traffic the Server treats as HTTP).
  const proto = String(field(server.object, 'spec', 'proxyProtocol') ?? 'unknown');
  const httpish = req.protocol !== 'tcp' && proto !== 'opaque' && proto !== 'TLS';
  const routes = httpish
    ? [...cluster.objects(POLICY, 'HTTPRoute', ns), ...cluster.objects('gateway.networking.k8s.io', 'HTTPRoute', ns), ...cluster.objects('gateway.networking.k8s.io', 'GRPCRoute', ns)].filter((r) =>
        list<Record<string, unknown>>(field(r.object, 'spec', 'parentRefs')).some((p) => isServerRef(p ?? {}, serverName)),
      )
    : [];
  const authorizeOn = (route: ClusterObject | undefined): LayerResult => authorizeServer(cluster, server!, ns, route, peer, steps, assumptions, hop);
  if (routes.length > 0 && req.anyRequest) {
    // The call's requests are not known: it is admitted when some route it may use admits it.
    let last: LayerResult | undefined;
    for (const route of routes) {
      steps.push({ layer, hop, object: refOf(route), verdict: 'info', reason: 'the call may send requests this route matches (its requests are not known)' });
      last = authorizeOn(route);
      if (last.allowed) {
        assumptions.push(`some of the call's requests match ${describeRef(refOf(route))}, which admits them`);
        return last;
      }
    }
    return last!;
  }
  let route: ClusterObject | undefined;
  if (routes.length > 0) {
    if (req.path === undefined) assumptions.push(`the request path is unknown: "/" is used to pick ${describeRef(refOf(server))}'s route`);
    route = routes.find((r) => routeMatches(r, req));
    if (!route) {
      const reason = `routes are attached to ${describeRef(refOf(server))} and none matches the request: refused`;
      for (const r of routes) steps.push({ layer, hop, object: refOf(r), verdict: 'no-match', reason: 'does not match the request' });
      steps.push({ layer, hop, verdict: 'deny', reason });
      return { allowed: false, steps, decidedBy: server, reason, assumptions };
    }
    steps.push({ layer, hop, object: refOf(route), verdict: 'info', reason: 'the request matches this route' });
  }
  return authorizeOn(route);
}

/** The authorizations of a Server (and of the route the request uses), then its accessPolicy. */
function authorizeServer(cluster: ClusterIndex, server: ClusterObject, ns: string, route: ClusterObject | undefined, peer: LinkerdPeer, steps: TraceStep[], assumptions: string[], hop: string): LayerResult {
  const layer = 'linkerd-inbound' as const;
  const serverName = server.object.metadata.name;
  const targets = (o: ClusterObject): boolean => {
    const t = (field(o.object, 'spec', 'targetRef') ?? {}) as Record<string, unknown>;
    if (isServerRef(t, serverName)) return true;
    if (t['kind'] === 'Namespace' && t['name'] === ns) return true;
    return route !== undefined && (t['kind'] === 'HTTPRoute' || t['kind'] === 'GRPCRoute') && t['kind'] === route.object.kind && t['name'] === route.object.metadata.name;
  };
  for (const o of cluster.objects(POLICY, 'AuthorizationPolicy', ns)) {
    if (!targets(o)) {
      steps.push({ layer, hop, object: refOf(o), verdict: 'skip', reason: 'targets another Server, route or namespace' });
      continue;
    }
    const refs = list<Record<string, unknown>>(field(o.object, 'spec', 'requiredAuthenticationRefs'));
    const results = refs.map((r) => authenticationSatisfied(cluster, r ?? {}, ns, peer, assumptions));
    if (results.includes('missing')) {
      steps.push({ layer, hop, object: refOf(o), verdict: 'skip', reason: 'refers to an authentication that does not exist, so Linkerd ignores it' });
      continue;
    }
    if (results.every((r) => r === 'yes')) {
      const reason = `admits ${peer.name}${peer.identity ? ` (${peer.identity})` : ''}: every required authentication is satisfied`;
      steps.push({ layer, hop, object: refOf(o), verdict: 'allow', reason });
      return { allowed: true, steps, decidedBy: o, reason: `${describeRef(refOf(o))} ${reason}`, assumptions };
    }
    steps.push({ layer, hop, object: refOf(o), verdict: 'no-match', reason: peer.identity ? `${peer.name} (${peer.identity}) does not satisfy its required authentications` : `${peer.name} is not meshed with Linkerd, so it has no identity to authenticate` });
  }
  for (const o of cluster.objects(POLICY, 'ServerAuthorization', ns)) {
    const s = (field(o.object, 'spec', 'server') ?? {}) as Record<string, unknown>;
    const picks = s['name'] === serverName || (s['selector'] !== undefined && selectorMatches(s['selector'] as LabelSelector, stringMap(server.object.metadata.labels)));
    if (!picks) continue;
    if (serverAuthorizationAdmits(cluster, o, peer)) {
      const reason = `admits ${peer.name}`;
      steps.push({ layer, hop, object: refOf(o), verdict: 'allow', reason });
      return { allowed: true, steps, decidedBy: o, reason: `${describeRef(refOf(o))} ${reason}`, assumptions };
    }
    steps.push({ layer, hop, object: refOf(o), verdict: 'no-match', reason: `does not admit ${peer.name}` });
  }
  const access = String(field(server.object, 'spec', 'accessPolicy') ?? 'deny');
  const r = defaultAdmits(cluster, access, peer);
  const reason = `no authorization admits ${peer.name}; ${describeRef(refOf(server))} accessPolicy ${access}: ${r.why}`;
  steps.push({ layer, hop, object: refOf(server), verdict: r.ok ? 'allow' : 'deny', reason });
  return { allowed: r.ok, steps, decidedBy: server, reason, assumptions };
}
