/**
 * Istio security policy (security.istio.io/v1), from istio.io:
 * - PeerAuthentication (reference/config/security/peer_authentication): a workload-selector
 *   policy beats a namespace-wide one, which beats one in the root namespace; `portLevelMtls`
 *   only counts on a selector policy; UNSET inherits; nothing at all means PERMISSIVE. In ambient
 *   mode DISABLE cannot be honoured and such a policy is ignored (ambient/usage/l4-policy, "Peer
 *   authentication").
 * - AuthorizationPolicy (reference/config/security/authorization-policy): CUSTOM first, then
 *   DENY, then ALLOW: a matching CUSTOM policy asks its provider; a matching DENY denies; no ALLOW
 *   policy allows; a matching ALLOW allows; otherwise deny. A policy applies to the workloads its
 *   selector picks in its namespace (all of them without a selector); in the root namespace to
 *   every namespace. Rules match when one `from` source, one `to` operation and every `when`
 *   condition match; a policy without rules matches nothing. Strings match exactly, by prefix
 *   (`abc*`), by suffix (`*abc`) or by presence (`*`).
 * - Where it is enforced (ambient/usage/l4-policy, "Authorization policy attachment"): a sidecar
 *   or the destination's ztunnel enforce selector and namespace policies and see the caller, or the
 *   waypoint's identity when traffic came through one; a waypoint enforces only the policies
 *   attached to it with `targetRefs` (kind Gateway, the Service the traffic is for, or the
 *   GatewayClass from the root namespace) and sees the caller. ztunnel cannot see HTTP: an ALLOW
 *   rule that needs it never matches there, and a DENY rule that needs it matches (fail closed).
 *   Over plain TCP the same holds at a sidecar: "for a DENY rule, missing attributes are treated
 *   as matches".
 */
import type { ClusterIndex } from './cluster.js';
import { describeRef, field, groupOf, ipInCidr, list, refOf, selectorMatches, stringMap, type LabelSelector } from './match.js';
import type { LayerResult } from './networkpolicy.js';
import type { ClusterObject, TraceStep, Workload } from './types.js';

/** Who is calling, as Istio sees it at the enforcement point. */
export interface IstioPeer {
  /** `<trust domain>/ns/<namespace>/sa/<service account>` when the connection is Istio mTLS; absent for plain text. */
  principal?: string;
  /** The caller's namespace, known only from its certificate. */
  namespace?: string;
  ip?: string;
}

/** What is being requested, as Istio sees it at the enforcement point. */
export interface IstioOperation {
  port: number;
  /** True when HTTP attributes are visible (HTTP or gRPC at a sidecar or a waypoint). */
  http: boolean;
  grpc: boolean;
  method?: string;
  path?: string;
  host?: string;
  /**
   * True when no particular request is asked about (a declared call, whose methods, paths, host
   * and token are not known): a rule that depends on them then matches some of the call's
   * requests, so an ALLOW rule is taken to match and a DENY rule not to (the call is refused
   * only when every request would be).
   */
  anyRequest?: boolean;
}

/** Where policy is enforced: a pod's sidecar or its node's ztunnel, or a waypoint for one Service. */
export type EnforcementPoint =
  | { kind: 'sidecar' | 'ztunnel'; workload: Workload }
  | { kind: 'waypoint'; waypoint: ClusterObject; service?: { name: string; namespace: string } };

/** The principal Istio gives a workload. */
export function istioPrincipal(trustDomain: string, namespace: string, serviceAccount: string): string {
  return `${trustDomain}/ns/${namespace}/sa/${serviceAccount}`;
}

// ---------------------------------------------------------------- PeerAuthentication

/** The mTLS mode in force for a workload's port, and which policy set it. */
export interface PeerAuthResult {
  mode: 'STRICT' | 'PERMISSIVE' | 'DISABLE';
  decidedBy?: ClusterObject;
  steps: TraceStep[];
}

function modeOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Resolves the PeerAuthentication mode for one workload port. */
export function peerAuthentication(cluster: ClusterIndex, w: Workload, port: number, ambient: boolean, hop: string): PeerAuthResult {
  const layer = 'istio-peer-authentication' as const;
  const steps: TraceStep[] = [];
  const root = cluster.options.istioRootNamespace;
  const candidates: Array<{ o: ClusterObject; scope: string }> = [];
  const local = cluster.objects('security.istio.io', 'PeerAuthentication', w.namespace);
  for (const o of local) {
    const sel = field(o.object, 'spec', 'selector') as LabelSelector | undefined;
    if (sel && !selectorMatches(sel, w.labels)) {
      steps.push({ layer, hop, object: refOf(o), verdict: 'skip', reason: `its selector does not pick ${w.name}` });
      continue;
    }
  }
  const selected = local.filter((o) => {
    const sel = field(o.object, 'spec', 'selector') as LabelSelector | undefined;
    return sel !== undefined && selectorMatches(sel, w.labels);
  });
  candidates.push(...selected.map((o) => ({ o, scope: 'workload' })));
  candidates.push(...local.filter((o) => field(o.object, 'spec', 'selector') === undefined).map((o) => ({ o, scope: 'namespace' })));
  if (root !== w.namespace) {
    candidates.push(...cluster.objects('security.istio.io', 'PeerAuthentication', root).filter((o) => field(o.object, 'spec', 'selector') === undefined).map((o) => ({ o, scope: 'mesh' })));
  }
  for (const { o, scope } of candidates) {
    let mode = scope === 'workload' ? modeOf(field(o.object, 'spec', 'portLevelMtls', String(port), 'mode')) : undefined;
    const portLevel = mode !== undefined && mode !== 'UNSET';
    if (!portLevel) mode = modeOf(field(o.object, 'spec', 'mtls', 'mode'));
    if (mode === undefined || mode === 'UNSET') {
      steps.push({ layer, hop, object: refOf(o), verdict: 'skip', reason: `${scope}-level policy leaves the mode unset: inherited` });
      continue;
    }
    if (mode === 'DISABLE' && ambient) {
      steps.push({ layer, hop, object: refOf(o), verdict: 'skip', reason: 'DISABLE cannot apply in ambient mode (traffic always travels over mTLS): ignored' });
      continue;
    }
    if (mode !== 'STRICT' && mode !== 'PERMISSIVE' && mode !== 'DISABLE') {
      steps.push({ layer, hop, object: refOf(o), verdict: 'skip', reason: `unknown mode ${JSON.stringify(mode)}` });
      continue;
    }
    steps.push({ layer, hop, object: refOf(o), verdict: 'info', reason: `${scope}-level policy sets mTLS ${mode}${portLevel ? ` for port ${port}` : ''}` });
    return { mode, decidedBy: o, steps };
  }
  steps.push({ layer, hop, verdict: 'info', reason: 'no PeerAuthentication applies: PERMISSIVE' });
  return { mode: 'PERMISSIVE', steps };
}

// ---------------------------------------------------------------- string and rule matching

/** Istio's string match: exact, `prefix*`, `*suffix`, or `*` for any non-empty value. */
export function istioStringMatch(pattern: string, value: string | undefined, caseInsensitive = false): boolean {
  if (value === undefined || value === '') return false;
  const p = caseInsensitive ? pattern.toLowerCase() : pattern;
  const v = caseInsensitive ? value.toLowerCase() : value;
  if (p === '*') return true;
  if (p.startsWith('*')) return v.endsWith(p.slice(1));
  if (p.endsWith('*')) return v.startsWith(p.slice(0, -1));
  return p === v;
}

/** Paths also accept Istio's templates: `{*}` is one segment, `{**}` any number of segments. */
function pathMatch(pattern: string, path: string | undefined): boolean {
  if (!pattern.includes('{*')) return istioStringMatch(pattern, path);
  if (path === undefined) return false;
  const re = pattern
    .split(/(\{\*\*\}|\{\*\})/)
    .map((part) => (part === '{**}' ? '.*' : part === '{*}' ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${re}$`).test(path);
}

const HTTP_FIELDS = ['hosts', 'notHosts', 'methods', 'notMethods', 'paths', 'notPaths'];
const JWT_FIELDS = ['requestPrincipals', 'notRequestPrincipals'];

/** Keys of `when` conditions that need HTTP (or a JWT); everything under request.* does. */
function whenNeedsHttp(key: string): boolean {
  return key.startsWith('request.') || key.startsWith('experimental.');
}

/**
 * `unknown`: the attribute cannot be seen at this enforcement point (fail closed: an ALLOW rule
 * does not match, a DENY rule does); `any`: it can be seen but depends on the request, which is
 * not given (an ALLOW rule matches some requests, a DENY rule does not refuse all of them).
 */
type Tri = 'match' | 'no-match' | 'unknown' | 'any';

function anyOf(values: unknown, test: (v: string) => boolean): boolean {
  return list<string>(values).some((v) => typeof v === 'string' && test(v));
}

/** Evaluates one list field and its not-field: both must hold (absent fields hold). */
function fieldPair(obj: Record<string, unknown>, name: string, notName: string, test: (v: string) => boolean): boolean {
  if (obj[name] !== undefined && !anyOf(obj[name], test)) return false;
  if (obj[notName] !== undefined && anyOf(obj[notName], test)) return false;
  return true;
}

function sourceMatches(source: Record<string, unknown>, peer: IstioPeer, op: IstioOperation): Tri {
  const ok =
    fieldPair(source, 'principals', 'notPrincipals', (p) => istioStringMatch(p, peer.principal)) &&
    fieldPair(source, 'namespaces', 'notNamespaces', (n) => istioStringMatch(n, peer.namespace)) &&
    fieldPair(source, 'ipBlocks', 'notIpBlocks', (c) => peer.ip !== undefined && ipInCidr(peer.ip, c));
  if (!ok) return 'no-match';
  // A request's JWT and its X-Forwarded-For address: per request, and only visible with HTTP.
  const perRequest = JWT_FIELDS.some((f) => source[f] !== undefined) || source['remoteIpBlocks'] !== undefined || source['notRemoteIpBlocks'] !== undefined;
  if (!perRequest) return 'match';
  return op.http && op.anyRequest ? 'any' : 'unknown';
}

function operationMatches(operation: Record<string, unknown>, op: IstioOperation): Tri {
  if (!fieldPair(operation, 'ports', 'notPorts', (p) => p === String(op.port))) return 'no-match';
  const needsHttp = HTTP_FIELDS.some((f) => operation[f] !== undefined);
  if (!needsHttp) return 'match';
  if (!op.http) return 'unknown';
  const method = op.grpc ? 'POST' : op.method;
  if (op.anyRequest) {
    // The request is not known, but a gRPC call's method is: always POST.
    if (op.grpc && !fieldPair(operation, 'methods', 'notMethods', (m) => istioStringMatch(m, method))) return 'no-match';
    return 'any';
  }
  const ok =
    fieldPair(operation, 'hosts', 'notHosts', (h) => istioStringMatch(h, op.host, true)) &&
    fieldPair(operation, 'methods', 'notMethods', (m) => istioStringMatch(m, method)) &&
    fieldPair(operation, 'paths', 'notPaths', (p) => pathMatch(p, op.path));
  return ok ? 'match' : 'no-match';
}

function conditionMatches(cond: Record<string, unknown>, peer: IstioPeer, op: IstioOperation): Tri {
  const k = String(cond['key'] ?? '');
  let value: string | undefined;
  let test = (pattern: string, v: string | undefined): boolean => istioStringMatch(pattern, v);
  switch (k) {
    case 'source.principal':
      value = peer.principal;
      break;
    case 'source.namespace':
      value = peer.namespace;
      break;
    case 'source.ip':
      value = peer.ip;
      test = (c, v) => v !== undefined && ipInCidr(v, c);
      break;
    case 'destination.port':
      value = String(op.port);
      break;
    default:
      return whenNeedsHttp(k) && op.http && op.anyRequest ? 'any' : 'unknown';
  }
  const t = (p: string): boolean => test(p, value);
  return fieldPair(cond, 'values', 'notValues', t) ? 'match' : 'no-match';
}

/**
 * Matches one rule. `unknown` parts (attributes this enforcement point cannot see) make an
 * ALLOW rule fail and a DENY rule match, as Istio does.
 */
function ruleMatches(rule: Record<string, unknown>, peer: IstioPeer, op: IstioOperation, action: string): { match: boolean; needsHttp: boolean; perRequest: boolean } {
  const deny = action === 'DENY';
  let perRequest = false;
  const resolve = (t: Tri): boolean => {
    if (t === 'any') perRequest = true;
    return t === 'unknown' ? deny : t === 'any' ? !deny : t === 'match';
  };
  let needsHttp = false;
  const from = rule['from'];
  if (from !== undefined) {
    const sources = list<Record<string, unknown>>(from).map((f) => (f && typeof f === 'object' ? ((f as Record<string, unknown>)['source'] as Record<string, unknown> | undefined) ?? {} : {}));
    const results = sources.map((s) => sourceMatches(s, peer, op));
    if (results.includes('unknown')) needsHttp = true;
    if (!results.some(resolve)) return { match: false, needsHttp, perRequest };
  }
  const to = rule['to'];
  if (to !== undefined) {
    const ops = list<Record<string, unknown>>(to).map((t) => (t && typeof t === 'object' ? ((t as Record<string, unknown>)['operation'] as Record<string, unknown> | undefined) ?? {} : {}));
    const results = ops.map((o) => operationMatches(o, op));
    if (results.includes('unknown')) needsHttp = true;
    if (!results.some(resolve)) return { match: false, needsHttp, perRequest };
  }
  for (const cond of list<Record<string, unknown>>(rule['when'])) {
    const t = conditionMatches(cond ?? {}, peer, op);
    if (t === 'unknown') needsHttp = needsHttp || whenNeedsHttp(String(cond?.['key'] ?? ''));
    if (!resolve(t)) return { match: false, needsHttp, perRequest };
  }
  return { match: true, needsHttp, perRequest };
}

// ---------------------------------------------------------------- which policies apply

function targetRefsOf(o: ClusterObject): Array<{ group: string; kind: string; name: string }> {
  const refs = [...list<Record<string, unknown>>(field(o.object, 'spec', 'targetRefs'))];
  const single = field(o.object, 'spec', 'targetRef');
  if (single && typeof single === 'object') refs.push(single as Record<string, unknown>);
  return refs.map((r) => ({ group: typeof r['group'] === 'string' ? r['group'] : '', kind: String(r['kind'] ?? ''), name: String(r['name'] ?? '') }));
}

/** The AuthorizationPolicies that apply at an enforcement point, in evaluation order, with skip notes for the rest. */
function applicablePolicies(cluster: ClusterIndex, point: EnforcementPoint, hop: string): { policies: Array<{ o: ClusterObject; scope: string }>; steps: TraceStep[] } {
  const layer = 'istio-authorization' as const;
  const root = cluster.options.istioRootNamespace;
  const steps: TraceStep[] = [];
  const out: Array<{ o: ClusterObject; scope: string }> = [];
  if (point.kind === 'waypoint') {
    const wp = point.waypoint.object;
    const wpNs = wp.metadata.namespace ?? '';
    const consider = (o: ClusterObject, scope: string): void => {
      const refs = targetRefsOf(o);
      const ns = o.object.metadata.namespace ?? '';
      const hit = refs.find(
        (r) =>
          (r.kind === 'Gateway' && r.group === 'gateway.networking.k8s.io' && r.name === wp.metadata.name && ns === wpNs) ||
          (r.kind === 'Service' && r.group === '' && point.service !== undefined && r.name === point.service.name && ns === point.service.namespace) ||
          (r.kind === 'GatewayClass' && r.group === 'gateway.networking.k8s.io' && ns === root && r.name === String(field(wp, 'spec', 'gatewayClassName'))),
      );
      if (hit) out.push({ o, scope: `${scope} (targetRefs ${hit.kind} ${hit.name})` });
      else if (refs.length === 0) steps.push({ layer, hop, object: refOf(o), verdict: 'skip', reason: 'has no targetRefs: a waypoint only enforces policies attached to it, its Service or its GatewayClass' });
      else steps.push({ layer, hop, object: refOf(o), verdict: 'skip', reason: `attached elsewhere (${refs.map((r) => `${r.kind} ${r.name}`).join(', ')})` });
    };
    const namespaces = new Set([wpNs, point.service?.namespace ?? wpNs, root]);
    for (const ns of namespaces) for (const o of cluster.objects('security.istio.io', 'AuthorizationPolicy', ns)) consider(o, ns === root ? 'mesh' : 'namespace');
    return { policies: out, steps };
  }
  const w = point.workload;
  const consider = (o: ClusterObject, scope: string): void => {
    if (targetRefsOf(o).length > 0) {
      steps.push({ layer, hop, object: refOf(o), verdict: 'skip', reason: `attached with targetRefs (to a gateway, a waypoint or a Service's waypoint), so the ${point.kind} of ${w.name} does not enforce it` });
      return;
    }
    const sel = field(o.object, 'spec', 'selector') as LabelSelector | undefined;
    if (sel !== undefined && !selectorMatches(sel, w.labels)) {
      steps.push({ layer, hop, object: refOf(o), verdict: 'skip', reason: `its selector does not pick ${w.name}` });
      return;
    }
    out.push({ o, scope: sel !== undefined ? `workload (selector)` : scope });
  };
  for (const o of cluster.objects('security.istio.io', 'AuthorizationPolicy', w.namespace)) consider(o, 'namespace-wide');
  if (root !== w.namespace) for (const o of cluster.objects('security.istio.io', 'AuthorizationPolicy', root)) consider(o, 'mesh-wide (root namespace)');
  return { policies: out, steps };
}

// ---------------------------------------------------------------- authorization

/**
 * Evaluates the AuthorizationPolicies at one enforcement point for one request, in Istio's
 * order, recording every policy looked at.
 */
export function authorize(cluster: ClusterIndex, point: EnforcementPoint, peer: IstioPeer, op: IstioOperation, hop: string): LayerResult {
  const layer = 'istio-authorization' as const;
  const { policies, steps } = applicablePolicies(cluster, point, hop);
  const assumptions: string[] = [];
  const where = point.kind === 'waypoint' ? `waypoint ${point.waypoint.object.metadata.name}` : `the ${point.kind} of ${point.workload.name}`;
  const visible: IstioOperation = point.kind === 'ztunnel' ? { ...op, http: false } : op;
  const byAction = (action: string) => policies.filter(({ o }) => (modeOf(field(o.object, 'spec', 'action')) ?? 'ALLOW') === action);
  const matchPolicy = (o: ClusterObject, action: string): { match: boolean; rule?: number; l7Dropped: boolean } => {
    const rules = list<Record<string, unknown>>(field(o.object, 'spec', 'rules'));
    let l7Dropped = false;
    for (let i = 0; i < rules.length; i++) {
      const r = ruleMatches(rules[i] ?? {}, peer, visible, action);
      if (r.perRequest && r.match !== (action === 'DENY')) {
        const note = `rule ${i + 1} of ${describeRef(refOf(o))} depends on the request (method, path, host or token), which is not known: taken as ${action === 'DENY' ? 'not refusing every request (DENY)' : 'admitting some requests (ALLOW)'}`;
        if (!assumptions.includes(note)) assumptions.push(note);
      }
      if (r.needsHttp && !visible.http) l7Dropped = true;
      else if (r.needsHttp) {
        // Visible HTTP, but the rule also reads the request's token or attributes the question does not give.
        const note = `rule ${i + 1} of ${describeRef(refOf(o))} reads the request's JWT or attributes, which are not known here: taken as ${action === 'DENY' ? 'matching (DENY)' : 'not matching (ALLOW)'}`;
        if (!assumptions.includes(note)) assumptions.push(note);
      }
      if (r.match) return { match: true, rule: i, l7Dropped };
    }
    return { match: false, l7Dropped };
  };
  for (const action of ['CUSTOM', 'DENY']) {
    for (const { o, scope } of byAction(action)) {
      const m = matchPolicy(o, action);
      if (!m.match) {
        steps.push({ layer, hop, object: refOf(o), verdict: 'no-match', reason: `${scope} ${action} policy: no rule matches` });
        continue;
      }
      if (action === 'CUSTOM') {
        const provider = String(field(o.object, 'spec', 'provider', 'name') ?? '?');
        const verdict = cluster.options.istioCustomVerdict;
        assumptions.push(`the external authorizer "${provider}" of ${describeRef(refOf(o))} answers ${verdict}`);
        steps.push({ layer, hop, object: refOf(o), verdict: verdict === 'deny' ? 'deny' : 'match', reason: `${scope} CUSTOM policy matches (rule ${m.rule! + 1}): delegated to "${provider}", assumed to ${verdict}` });
        if (verdict === 'deny') return { allowed: false, steps, decidedBy: o, reason: `${describeRef(refOf(o))} delegates to "${provider}", which is assumed to deny`, assumptions };
        continue;
      }
      const reason = `${scope} DENY policy matches (rule ${m.rule! + 1})${m.l7Dropped ? ': it needs HTTP attributes that are not visible here, so it denies (fail closed)' : ''}`;
      steps.push({ layer, hop, object: refOf(o), verdict: 'deny', reason });
      return { allowed: false, steps, decidedBy: o, reason: `${describeRef(refOf(o))} denies it at ${where}`, assumptions };
    }
  }
  const allows = byAction('ALLOW');
  for (const { o } of byAction('AUDIT')) steps.push({ layer, hop, object: refOf(o), verdict: 'skip', reason: 'AUDIT policies never allow or deny' });
  if (allows.length === 0) {
    const reason = `no ALLOW policy applies at ${where}: allowed`;
    steps.push({ layer, hop, verdict: 'allow', reason });
    return { allowed: true, steps, reason, assumptions };
  }
  for (const { o, scope } of allows) {
    const m = matchPolicy(o, 'ALLOW');
    if (m.match) {
      const reason = `${scope} ALLOW policy matches (rule ${m.rule! + 1})`;
      steps.push({ layer, hop, object: refOf(o), verdict: 'allow', reason });
      return { allowed: true, steps, decidedBy: o, reason: `${describeRef(refOf(o))} allows it at ${where}`, assumptions };
    }
    const rules = list(field(o.object, 'spec', 'rules'));
    steps.push({
      layer,
      hop,
      object: refOf(o),
      verdict: 'no-match',
      reason:
        rules.length === 0
          ? `${scope} ALLOW policy without rules: matches nothing`
          : m.l7Dropped
            ? `${scope} ALLOW policy: its rules need HTTP attributes, which ${where} cannot see, so they never match`
            : `${scope} ALLOW policy: no rule matches ${peer.principal ? `principal ${peer.principal}` : 'a plain-text caller (no principal)'} on port ${op.port}`,
    });
  }
  // The policy that leaves the call out: a rule-less allow-nothing if there is one, else the first ALLOW.
  const decider = allows.find(({ o }) => list(field(o.object, 'spec', 'rules')).length === 0) ?? allows[0]!;
  const reason = `ALLOW policies apply at ${where} and none matches`;
  steps.push({ layer, hop, verdict: 'deny', reason });
  return { allowed: false, steps, decidedBy: decider.o, reason: `${reason} (${allows.map(({ o }) => describeRef(refOf(o))).join(', ')})`, assumptions };
}

// ---------------------------------------------------------------- waypoints

/** What the waypoint lookup found for a call. */
export interface WaypointLookup {
  waypoint?: ClusterObject;
  /** Why the call does or does not go through a waypoint. */
  because: string;
  /** Set when a waypoint is named but cannot carry the traffic (missing, or not for this traffic type). */
  broken?: string;
  /** The object whose label chose the waypoint. */
  chosenBy?: ClusterObject;
}

/**
 * Finds the waypoint a call goes through, per ambient/usage/waypoint ("Use a waypoint proxy"):
 * the `istio.io/use-waypoint` label of the Service (for service-addressed traffic) or of the pod
 * (for traffic to the pod's address), falling back to the namespace's; `none` opts out;
 * `istio.io/use-waypoint-namespace` names another namespace. The Gateway's
 * `istio.io/waypoint-for` label (default `service`) says which traffic it takes.
 */
export function findWaypoint(
  cluster: ClusterIndex,
  target: { kind: 'service'; object?: ClusterObject; namespace: string } | { kind: 'workload'; workload: Workload },
): WaypointLookup {
  const ns = target.kind === 'service' ? target.namespace : target.workload.namespace;
  const ownLabels = target.kind === 'service' ? stringMap(target.object?.object.metadata.labels) : target.workload.labels;
  const nsLabels = cluster.namespaceLabels(ns);
  let name = ownLabels['istio.io/use-waypoint'];
  let wpNs = ownLabels['istio.io/use-waypoint-namespace'];
  let chosenBy: ClusterObject | undefined = target.kind === 'service' ? target.object : undefined;
  let where = target.kind === 'service' ? `Service ${ns}/${target.object?.object.metadata.name ?? '?'}` : `pod ${target.workload.name}`;
  if (name === undefined) {
    name = nsLabels['istio.io/use-waypoint'];
    wpNs = nsLabels['istio.io/use-waypoint-namespace'];
    chosenBy = cluster.namespaceObject(ns);
    where = `namespace ${ns}`;
  }
  if (name === undefined || name === 'none') return { because: name === 'none' ? `${where} opts out of waypoints (istio.io/use-waypoint=none)` : 'no istio.io/use-waypoint label on the Service, pod or namespace' };
  const gwNs = wpNs ?? ns;
  const gw = cluster.objects('gateway.networking.k8s.io', 'Gateway', gwNs).find((g) => g.object.metadata.name === name);
  const lookup: WaypointLookup = { because: `${where} is labelled istio.io/use-waypoint=${name}`, chosenBy };
  if (!gw) return { ...lookup, broken: `waypoint ${gwNs}/${name} does not exist, so ztunnel cannot deliver the traffic` };
  const forLabel = stringMap(gw.object.metadata.labels)['istio.io/waypoint-for'] ?? 'service';
  const wanted = target.kind === 'service' ? 'service' : 'workload';
  if (forLabel !== wanted && forLabel !== 'all') {
    return { because: `${lookup.because}, but waypoint ${gwNs}/${name} takes ${forLabel} traffic (istio.io/waypoint-for), not ${wanted} traffic` };
  }
  return { ...lookup, waypoint: gw };
}

/** The workload a waypoint Gateway runs as: Istio deploys it under a ServiceAccount named like the Gateway. */
export function waypointWorkload(gw: ClusterObject): Workload {
  const name = gw.object.metadata.name;
  return {
    name: `${name} (waypoint)`,
    namespace: gw.object.metadata.namespace ?? '',
    serviceAccount: name,
    labels: { 'gateway.networking.k8s.io/gateway-name': name, 'istio.io/dataplane-mode': 'none' },
    dataplane: 'none',
  };
}

/** True for a Gateway API Gateway object. */
export function isGatewayObject(o: ClusterObject): boolean {
  return groupOf(o.object.apiVersion) === 'gateway.networking.k8s.io' && o.object.kind === 'Gateway';
}
