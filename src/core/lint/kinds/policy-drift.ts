/**
 * The policy-drift check kind: the mesh and network policy in the files against the calls the
 * model declares, through the policy evaluator (src/core/policy). It reads the import inventory
 * (objects with positions, workloads, call evidence), so it finds nothing in a compose file or a
 * hand-written model. One analysis per lint run, shared by every rule of this kind:
 *
 * - `denied-call`: a declared call (or a gateway route whose proxy runs among the manifests) that
 *   the policies refuse, reported at the object that refuses it (or at the callee when a default
 *   with no object refuses it), with the call's evidence as a related location;
 * - `unused-allowance`: a peer an allowance admits (an Istio principal or namespace, a Linkerd
 *   identity or ServiceAccount, a NetworkPolicy pod selector) that has no declared call to what
 *   the allowance protects, or that no workload in the files runs as;
 * - `selects-nothing`: a selector that matches no workload, a Linkerd Server port no selected pod
 *   declares, a targetRef or authentication reference to an object that does not exist;
 * - `mtls-gap`: a PeerAuthentication that weakens mTLS (PERMISSIVE, DISABLE) on a port a declared
 *   call uses while mTLS is mandated (a STRICT policy at a wider scope, or the answers), and a
 *   meshed caller to an unmeshed callee under such a mandate.
 *
 * Only certain problems are reported: where a rule depends on the request (method, path, token)
 * the call is taken to make some request it admits, and peers in namespaces the files hold no
 * workload of are not judged.
 */
import type { Loc } from '../../types.js';
import type { Hit } from '../types.js';
import type { LintContext } from '../context.js';
import { mtlsMandate } from '../context.js';
import type { CheckKind } from './check-kind.js';
import { formatLocShort } from '../template.js';
import type { ImportInventory, InventoryCall, InventoryObject, InventoryWorkload } from '../../import-inventory.js';
import { appliedNamespace, callQuestions, inventoryObjects, inventoryWorkload } from '../../policy/inventory.js';
import { HBONE_PORT, dataplaneOf, evaluateCall, indexCluster, selectorMatches, type CallRequest, type CallVerdict, type ClusterIndex, type LabelSelector, type ObjectRef, type Workload } from '../../policy/index.js';
import { peerAuthentication } from '../../policy/istio.js';
import { describeRef, field, groupOf, list, stringMap } from '../../policy/match.js';

type Find = 'denied-call' | 'unused-allowance' | 'selects-nothing' | 'mtls-gap';

interface PolicyDriftParams {
  find: Find;
}

/** One declared call (or gateway route) from one caller workload to one callee workload, evaluated. */
interface Evaluated {
  call: InventoryCall | undefined;
  /** Model pointer of the call (`/services/i/calls/j`), or of the gateway route. */
  pointer: string;
  evidence: { loc: Loc; text: string };
  from: InventoryWorkload;
  to: InventoryWorkload;
  request: CallRequest;
  verdict: CallVerdict;
}

interface Analysis {
  inventory: ImportInventory;
  /** Where objects that name no namespace live (see `appliedNamespace`). */
  applied: string;
  cluster: ClusterIndex;
  /** Inventory objects by the position of their first line. */
  objectAt: Map<string, InventoryObject>;
  workloads: { inv: InventoryWorkload; w: Workload }[];
  /** Namespaces that hold at least one workload of the files. */
  populated: Set<string>;
  evaluated: Evaluated[];
  /** "callerService>calleeService" for every declared call and gateway route. */
  calls: Set<string>;
  /** Service names for messages, by index. */
  serviceName: (i: number | undefined) => string;
}

const analyses = new WeakMap<LintContext, Analysis | null>();

function posKey(l: { file: string; line: number; column: number }): string {
  return `${l.file}\u0000${l.line}\u0000${l.column}`;
}

function nsOf(a: Analysis, w: InventoryWorkload): string {
  return w.namespace ?? a.applied;
}

function objNs(a: Analysis, o: InventoryObject): string {
  return o.namespace ?? a.applied;
}

/** Where a node of an object is, falling back to its nearest ancestor that has a position, then the object. */
function nodeLoc(o: InventoryObject, pointer: string): Loc {
  let p = pointer;
  while (p !== '') {
    const at = o.positions[p];
    if (at) return at;
    p = p.slice(0, p.lastIndexOf('/'));
  }
  return o.loc;
}

function describeObject(a: Analysis, o: InventoryObject): string {
  return `${o.kind} ${objNs(a, o)}/${o.name}`;
}

function evidenceOf(call: InventoryCall): { loc: Loc; text: string } {
  const e = call.evidence[0];
  if (!e) return { loc: { file: '<model>', line: 1, column: 1 }, text: 'the model' };
  return { loc: e.loc, text: `${formatLocShort(e.loc)} (${e.name})` };
}

function analyse(ctx: LintContext): Analysis | null {
  if (analyses.has(ctx)) return analyses.get(ctx)!;
  const inventory = ctx.inventory;
  if (!inventory || inventory.format !== 'kubernetes') {
    analyses.set(ctx, null);
    return null;
  }
  const APPLIED_TO = appliedNamespace(inventory);
  const invObjects = [...inventory.routing, ...inventory.policies];
  // Namespaces the files do not create are labelled elsewhere: a selector on their labels is not judged.
  const cluster = indexCluster(inventoryObjects(inventory, APPLIED_TO), { unlistedNamespaceLabels: 'any' });
  const objectAt = new Map(invObjects.map((o) => [posKey(o.loc), o]));
  const workloads = inventory.workloads.map((inv) => ({ inv, w: inventoryWorkload(inventory, inv, APPLIED_TO) }));
  const byName = new Map(workloads.map(({ inv, w }) => [`${w.namespace}/${w.name}`, inv]));
  const populated = new Set(workloads.map(({ w }) => w.namespace));
  const services = ctx.arch.services;
  const serviceName = (i: number | undefined): string => {
    const s = i === undefined ? undefined : services[i];
    return s ? (s.namespace ? `${s.namespace}/${s.name}` : s.name) : '?';
  };
  const calls = new Set<string>();
  const evaluated: Evaluated[] = [];
  for (const q of callQuestions(inventory, ctx.arch, APPLIED_TO, true)) {
    calls.add(`${q.call.from}>${q.call.to}`);
    const from = byName.get(`${q.request.from.namespace}/${q.request.from.name}`)!;
    const to = byName.get(`${q.request.to.namespace}/${q.request.to.name}`)!;
    evaluated.push({ call: q.call, pointer: q.call.pointer, evidence: evidenceOf(q.call), from, to, request: q.request, verdict: evaluateCall(cluster, q.request) });
  }
  for (const c of inventory.calls) calls.add(`${c.from}>${c.to}`);
  // Gateway routes whose proxy runs among the manifests are calls too: the edge to its backends.
  inventory.gateways.forEach((g) => {
    if (g.service === undefined) return;
    const proxies = workloads.filter(({ inv }) => inv.service === g.service);
    for (const to of new Set(g.routes)) {
      calls.add(`${g.service}>${to}`);
      const target = services[to];
      const port = target?.targetPort ?? target?.port;
      if (!target || port === undefined) continue;
      const k = ctx.arch.gateway?.routes.findIndex((r) => r === target.name || r === `${target.name}.${target.namespace}`) ?? -1;
      for (const callee of workloads.filter(({ inv }) => inv.service === to)) {
        for (const proxy of proxies) {
          const request: CallRequest = { from: proxy.w, to: callee.w, port, service: { name: target.name, namespace: target.namespace ?? callee.w.namespace }, protocol: 'http' };
          evaluated.push({
            call: undefined,
            pointer: k >= 0 ? `/gateway/routes/${k}` : '/gateway',
            evidence: { loc: g.loc, text: `${formatLocShort(g.loc)} (${g.what})` },
            from: proxy.inv,
            to: callee.inv,
            request,
            verdict: evaluateCall(cluster, request),
          });
        }
      }
    }
  });
  const analysis: Analysis = { inventory, applied: APPLIED_TO, cluster, objectAt, workloads, populated, evaluated, calls, serviceName };
  analyses.set(ctx, analysis);
  return analysis;
}

function callerName(a: Analysis, e: Evaluated): string {
  return a.serviceName(e.from.service);
}

function calleeName(a: Analysis, e: Evaluated): string {
  return a.serviceName(e.to.service);
}

const EMPTY = { from: '', to: '', port: '', object: '', reason: '', evidence: '', peer: '', target: '' };

// ---------------------------------------------------------------- denied-call

/** Says why a NetworkPolicy verdict names port 15008 when the call dials another. */
function hbone(reason: string, port: number): string {
  return port !== HBONE_PORT && reason.includes(`port ${HBONE_PORT}`) ? `${reason} (Istio ambient carries the call in its HBONE tunnel, on port ${HBONE_PORT})` : reason;
}

/**
 * The node of a deciding object that says what decided, where one does: a PeerAuthentication's
 * mode (port-level first), the Linkerd default-policy annotation or the waypoint label of a
 * Namespace or Service. Otherwise the object itself.
 */
function decisiveLoc(o: InventoryObject, port: number): Loc {
  const has = (pointer: string): boolean => o.positions[pointer] !== undefined;
  const candidates: string[] = [];
  if (o.kind === 'PeerAuthentication') candidates.push(`/spec/portLevelMtls/${port}/mode`, '/spec/mtls/mode');
  if (o.kind === 'Namespace') candidates.push('/metadata/annotations/config.linkerd.io~1default-inbound-policy');
  if (o.kind === 'Namespace' || o.kind === 'Service') candidates.push('/metadata/labels/istio.io~1use-waypoint');
  const hit = candidates.find(has);
  return hit ? o.positions[hit]! : o.loc;
}

function deniedCalls(a: Analysis): Hit[] {
  const hits: Hit[] = [];
  const seen = new Set<string>();
  for (const e of a.evaluated) {
    const v = e.verdict;
    if (v.allowed) continue;
    const by: ObjectRef | undefined = v.decidedBy;
    const obj = by?.source ? a.objectAt.get(posKey(by.source)) : undefined;
    const at = obj ? decisiveLoc(obj, e.request.port) : (by?.source ?? e.to.loc);
    const key = `${e.pointer}\u0000${posKey(at)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const object = by ? describeRef(by) : `the default policy of ${e.to.name}`;
    // The step where the deciding object spoke says why in its own terms (the principal, the
    // port); NetworkPolicies add up, so for them the summary of the direction says it better.
    const step = by && by.kind !== 'NetworkPolicy' ? [...v.trace].reverse().find((t) => t.object && t.object.source && by.source && posKey(t.object.source) === posKey(by.source) && t.verdict !== 'skip' && t.verdict !== 'info') : undefined;
    hits.push({
      pointer: e.pointer,
      at,
      relatedAt: [{ loc: e.evidence.loc, message: `the call ${callerName(a, e)} → ${calleeName(a, e)} is made here` }],
      data: { ...EMPTY, from: callerName(a, e), to: calleeName(a, e), port: e.request.port, object, reason: hbone(step?.reason ?? v.reason, e.request.port), evidence: e.evidence.text },
    });
  }
  return hits;
}

// ---------------------------------------------------------------- helpers over workloads

function workloadsIn(a: Analysis, ns: string | undefined, selector: LabelSelector | undefined): { inv: InventoryWorkload; w: Workload }[] {
  return a.workloads.filter(({ w }) => (ns === undefined || w.namespace === ns) && selectorMatches(selector ?? {}, w.labels));
}

/** True when some workload of `peers` has a declared call (or route) to some workload of `targets`. */
function anyCall(a: Analysis, peers: InventoryWorkload[], targets: InventoryWorkload[]): boolean {
  for (const p of peers) for (const t of targets) if (p.service !== undefined && t.service !== undefined && a.calls.has(`${p.service}>${t.service}`)) return true;
  return false;
}

function names(ws: { inv: InventoryWorkload }[]): string {
  const all = [...new Set(ws.map(({ inv }) => inv.name))];
  return all.length > 3 ? `${all.slice(0, 3).join(', ')} and ${all.length - 3} more` : all.join(', ');
}

function isRoot(a: Analysis, ns: string): boolean {
  return ns === a.cluster.options.istioRootNamespace;
}

/** The workloads an Istio policy applies to (selector, namespace-wide, or the root namespace's mesh-wide), or undefined for targetRefs it does not resolve. */
function istioTargets(a: Analysis, o: InventoryObject): { inv: InventoryWorkload; w: Workload }[] | undefined {
  const spec = field(o.value, 'spec');
  const refs = [...list<Record<string, unknown>>(field(spec, 'targetRefs')), ...(field(spec, 'targetRef') ? [field(spec, 'targetRef') as Record<string, unknown>] : [])];
  const ns = objNs(a, o);
  if (refs.length > 0) {
    const out: { inv: InventoryWorkload; w: Workload }[] = [];
    for (const r of refs) {
      if (r['kind'] !== 'Service') return undefined;
      const svc = a.cluster.objects('', 'Service', ns).find((s) => s.object.metadata.name === r['name']);
      const sel = stringMap(field(svc?.object, 'spec', 'selector'));
      if (!svc || Object.keys(sel).length === 0) return undefined;
      out.push(...workloadsIn(a, ns, { matchLabels: sel }));
    }
    return out;
  }
  const selector = field(spec, 'selector') as LabelSelector | undefined;
  return workloadsIn(a, isRoot(a, ns) ? undefined : ns, selector);
}

// ---------------------------------------------------------------- unused-allowance

function unusedAllowances(a: Analysis): Hit[] {
  const hits: Hit[] = [];
  const hit = (o: InventoryObject, pointer: string, peer: string, targets: { inv: InventoryWorkload }[], reason: string): void => {
    hits.push({ pointer: '', at: nodeLoc(o, pointer), data: { ...EMPTY, object: describeObject(a, o), peer, target: names(targets), reason } });
  };
  // Judges one admitted peer: nobody runs as it, or none of its workloads calls the targets.
  const judge = (o: InventoryObject, pointer: string, peer: string, peers: InventoryWorkload[], targets: { inv: InventoryWorkload }[]): void => {
    if (targets.length === 0) return;
    const what = `${peer} to ${names(targets)}`;
    if (peers.length === 0) hit(o, pointer, what, targets, 'no workload in these files runs as it');
    else if (!anyCall(a, peers, targets.map((t) => t.inv))) hit(o, pointer, what, targets, `none of its workloads (${names(peers.map((inv) => ({ inv })))}) has a declared call to ${names(targets)}`);
  };
  const bySa = (ns: string, sa: string): InventoryWorkload[] => a.workloads.filter(({ w }) => w.namespace === ns && w.serviceAccount === sa).map(({ inv }) => inv);

  for (const o of a.inventory.policies) {
    const group = groupOf(o.apiVersion);
    if (group === 'security.istio.io' && o.kind === 'AuthorizationPolicy') {
      const action = String(field(o.value, 'spec', 'action') ?? 'ALLOW');
      if (action !== 'ALLOW') continue;
      const targets = istioTargets(a, o);
      if (!targets) continue;
      list<Record<string, unknown>>(field(o.value, 'spec', 'rules')).forEach((rule, i) => {
        list<Record<string, unknown>>(rule?.['from']).forEach((f, j) => {
          const source = (f?.['source'] ?? {}) as Record<string, unknown>;
          list<unknown>(source['principals']).forEach((p, k) => {
            const m = typeof p === 'string' ? /^[^/*]+\/ns\/([^/*]+)\/sa\/([^/*]+)$/.exec(p) : null;
            if (!m || !a.populated.has(m[1]!)) return;
            judge(o, `/spec/rules/${i}/from/${j}/source/principals/${k}`, `principal ${p as string}`, bySa(m[1]!, m[2]!), targets);
          });
          list<unknown>(source['namespaces']).forEach((n, k) => {
            if (typeof n !== 'string' || n.includes('*') || !a.populated.has(n)) return;
            judge(o, `/spec/rules/${i}/from/${j}/source/namespaces/${k}`, `namespace ${n}`, a.workloads.filter(({ w }) => w.namespace === n).map(({ inv }) => inv), targets);
          });
        });
      });
    } else if (group === 'networking.k8s.io' && o.kind === 'NetworkPolicy') {
      const ns = objNs(a, o);
      const subjects = workloadsIn(a, ns, (field(o.value, 'spec', 'podSelector') as LabelSelector | undefined) ?? {});
      for (const [dir, peersKey] of [['ingress', 'from'], ['egress', 'to']] as const) {
        list<Record<string, unknown>>(field(o.value, 'spec', dir)).forEach((rule, i) => {
          list<Record<string, unknown>>(rule?.[peersKey]).forEach((peer, j) => {
            const podSel = peer?.['podSelector'] as LabelSelector | undefined;
            const nsSel = peer?.['namespaceSelector'] as LabelSelector | undefined;
            // Only a peer named by its pods' labels is a specific caller; whole namespaces and address blocks are not judged.
            if (!podSel || (Object.keys(podSel.matchLabels ?? {}).length === 0 && (podSel.matchExpressions ?? []).length === 0)) return;
            let peerNs: string[] = [ns];
            if (nsSel !== undefined) {
              peerNs = [...a.populated].filter((n) => selectorMatches(nsSel, a.cluster.namespaceLabels(n)));
              if (peerNs.length === 0) return;
            }
            const peers = a.workloads.filter(({ w }) => peerNs.includes(w.namespace) && selectorMatches(podSel, w.labels)).map(({ inv }) => inv);
            const label = `pods ${Object.entries(podSel.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`).join(',') || 'selected by matchExpressions'}${nsSel !== undefined ? ' (in the selected namespaces)' : ''}`;
            const pointer = `/spec/${dir}/${i}/${peersKey}/${j}/podSelector`;
            if (dir === 'ingress') judge(o, pointer, label, peers, subjects);
            else if (subjects.length > 0 && peers.length > 0 && !anyCall(a, subjects.map((s) => s.inv), peers)) {
              hit(o, pointer, `${names(subjects)} to reach ${label}`, peers.map((inv) => ({ inv })), `${names(subjects)} has no declared call to ${names(peers.map((inv) => ({ inv })))}`);
            } else if (subjects.length > 0 && peers.length === 0) hit(o, pointer, `${names(subjects)} to reach ${label}`, subjects, 'no workload in these files matches them');
          });
        });
      }
    } else if (group === 'policy.linkerd.io' && o.kind === 'AuthorizationPolicy') {
      const targets = linkerdTargets(a, o);
      if (!targets) continue;
      const ns = objNs(a, o);
      list<Record<string, unknown>>(field(o.value, 'spec', 'requiredAuthenticationRefs')).forEach((ref, i) => {
        const kind = String(ref?.['kind'] ?? '');
        const refNs = typeof ref?.['namespace'] === 'string' ? (ref['namespace'] as string) : ns;
        if (kind === 'ServiceAccount') {
          if (!a.populated.has(refNs)) return;
          judge(o, `/spec/requiredAuthenticationRefs/${i}`, `ServiceAccount ${refNs}/${String(ref['name'])}`, bySa(refNs, String(ref['name'])), targets);
          return;
        }
        if (kind !== 'MeshTLSAuthentication') return;
        const mta = a.inventory.policies.find((p) => p.kind === 'MeshTLSAuthentication' && p.name === ref['name'] && objNs(a, p) === refNs);
        if (!mta) return;
        list<unknown>(field(mta.value, 'spec', 'identities')).forEach((id, k) => {
          const m = typeof id === 'string' ? /^([^.*]+)\.([^.*]+)\.serviceaccount\.identity\.linkerd\./.exec(id) : null;
          if (!m || !a.populated.has(m[2]!)) return;
          judge(mta, `/spec/identities/${k}`, `identity ${id as string}`, bySa(m[2]!, m[1]!), targets);
        });
        list<Record<string, unknown>>(field(mta.value, 'spec', 'identityRefs')).forEach((r, k) => {
          if (r?.['kind'] !== 'ServiceAccount' || typeof r['name'] !== 'string') return;
          const saNs = typeof r['namespace'] === 'string' ? (r['namespace'] as string) : refNs;
          if (!a.populated.has(saNs)) return;
          judge(mta, `/spec/identityRefs/${k}`, `ServiceAccount ${saNs}/${r['name']}`, bySa(saNs, r['name']), targets);
        });
      });
    }
  }
  return hits;
}

/** The workloads a Linkerd AuthorizationPolicy protects (its Server's pods, or its namespace's). */
function linkerdTargets(a: Analysis, o: InventoryObject): { inv: InventoryWorkload; w: Workload }[] | undefined {
  const ns = objNs(a, o);
  const t = (field(o.value, 'spec', 'targetRef') ?? {}) as Record<string, unknown>;
  if (t['kind'] === 'Namespace') return workloadsIn(a, String(t['name'] ?? ns), {});
  let server: string | undefined;
  if (t['kind'] === 'Server') server = String(t['name']);
  else if (t['kind'] === 'HTTPRoute' || t['kind'] === 'GRPCRoute') {
    const route = [...a.inventory.policies, ...a.inventory.routing].find((r) => r.kind === t['kind'] && r.name === t['name'] && objNs(a, r) === ns);
    const parent = list<Record<string, unknown>>(field(route?.value, 'spec', 'parentRefs')).find((p) => p?.['kind'] === 'Server');
    server = parent ? String(parent['name']) : undefined;
  }
  const s = server === undefined ? undefined : a.inventory.policies.find((p) => p.kind === 'Server' && p.name === server && objNs(a, p) === ns);
  if (!s) return undefined;
  return workloadsIn(a, ns, field(s.value, 'spec', 'podSelector') as LabelSelector | undefined);
}

// ---------------------------------------------------------------- selects-nothing

function selectsNothing(a: Analysis): Hit[] {
  const hits: Hit[] = [];
  const hit = (o: InventoryObject, pointer: string, reason: string): void => {
    hits.push({ pointer: '', at: nodeLoc(o, pointer), data: { ...EMPTY, object: describeObject(a, o), reason } });
  };
  const exists = (group: string, kind: string, ns: string, name: unknown): boolean => a.cluster.objects(group, kind, ns).some((x) => x.object.metadata.name === name);
  const showSel = (sel: LabelSelector): string => {
    const parts = [...Object.entries(sel.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`), ...(sel.matchExpressions ?? []).map((e) => `${e.key} ${e.operator}${e.values ? ` (${e.values.join(', ')})` : ''}`)];
    return parts.join(', ');
  };
  for (const o of a.inventory.policies) {
    const group = groupOf(o.apiVersion);
    const ns = objNs(a, o);
    if (group === 'security.istio.io' && ['AuthorizationPolicy', 'PeerAuthentication', 'RequestAuthentication'].includes(o.kind)) {
      const sel = field(o.value, 'spec', 'selector') as LabelSelector | undefined;
      // A selector in the root namespace picks workloads of every namespace for authorization,
      // but only the root namespace's own for PeerAuthentication (as the evaluator reads them).
      const root = isRoot(a, ns) && o.kind !== 'PeerAuthentication';
      if (sel && (root ? a.populated.size > 0 : a.populated.has(ns)) && workloadsIn(a, root ? undefined : ns, sel).length === 0) {
        hit(o, '/spec/selector', `its selector ${showSel(sel)} matches no workload ${root ? 'in any namespace' : `in namespace ${ns}`}, so it applies to nothing`);
      }
      const refs = list<Record<string, unknown>>(field(o.value, 'spec', 'targetRefs'));
      const single = field(o.value, 'spec', 'targetRef');
      const all = single && typeof single === 'object' ? [{ r: single as Record<string, unknown>, p: '/spec/targetRef' }] : refs.map((r, k) => ({ r, p: `/spec/targetRefs/${k}` }));
      for (const { r, p } of all) {
        const kind = r?.['kind'];
        const g = typeof r?.['group'] === 'string' ? r['group'] : '';
        if (kind === 'Service' && g === '' && !exists('', 'Service', ns, r['name'])) hit(o, p, `its targetRef names Service ${ns}/${String(r['name'])}, which is not among these files, so no waypoint enforces it`);
        if (kind === 'Gateway' && g === 'gateway.networking.k8s.io' && !exists('gateway.networking.k8s.io', 'Gateway', ns, r['name'])) hit(o, p, `its targetRef names Gateway ${ns}/${String(r['name'])} (a waypoint or gateway), which is not among these files, so nothing enforces it`);
      }
    } else if (group === 'networking.k8s.io' && o.kind === 'NetworkPolicy') {
      const sel = (field(o.value, 'spec', 'podSelector') ?? {}) as LabelSelector;
      const empty = Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0;
      if (!empty && a.populated.has(ns) && workloadsIn(a, ns, sel).length === 0) hit(o, '/spec/podSelector', `its podSelector ${showSel(sel)} matches no pod in namespace ${ns}, so it isolates nothing`);
    } else if (group === 'policy.linkerd.io' && o.kind === 'Server') {
      if (!a.populated.has(ns)) continue;
      const sel = field(o.value, 'spec', 'podSelector') as LabelSelector | undefined;
      const pods = workloadsIn(a, ns, sel);
      if (pods.length === 0) {
        hit(o, '/spec/podSelector', `its podSelector ${sel ? showSel(sel) : '(none)'} matches no pod in namespace ${ns}, so it covers nothing`);
        continue;
      }
      const port = field(o.value, 'spec', 'port');
      const declares = (inv: InventoryWorkload): boolean =>
        inv.containerPorts.some((p) => (typeof port === 'number' || (typeof port === 'string' && /^\d+$/.test(port)) ? p.port === Number(port) : p.name === port));
      if (!pods.some(({ inv }) => declares(inv))) {
        hit(o, '/spec/port', `port ${JSON.stringify(port)} is declared by none of the pods it selects (${names(pods)}); Linkerd only considers ports in the pod spec, so the Server covers nothing and the default policy applies`);
      }
    } else if (group === 'policy.linkerd.io' && o.kind === 'AuthorizationPolicy') {
      const t = (field(o.value, 'spec', 'targetRef') ?? {}) as Record<string, unknown>;
      const kind = String(t['kind'] ?? '');
      const tg = typeof t['group'] === 'string' ? t['group'] : '';
      const missing =
        (kind === 'Server' && !exists('policy.linkerd.io', 'Server', ns, t['name'])) ||
        (kind === 'HTTPRoute' && !exists(tg === 'gateway.networking.k8s.io' ? 'gateway.networking.k8s.io' : 'policy.linkerd.io', 'HTTPRoute', ns, t['name']) && !exists('gateway.networking.k8s.io', 'HTTPRoute', ns, t['name'])) ||
        (kind === 'GRPCRoute' && !exists('gateway.networking.k8s.io', 'GRPCRoute', ns, t['name']));
      if (missing) hit(o, '/spec/targetRef', `its targetRef names ${kind} ${ns}/${String(t['name'])}, which is not among these files, so it authorizes nothing`);
      list<Record<string, unknown>>(field(o.value, 'spec', 'requiredAuthenticationRefs')).forEach((r, k) => {
        const rk = String(r?.['kind'] ?? '');
        if (rk !== 'MeshTLSAuthentication' && rk !== 'NetworkAuthentication') return;
        const rns = typeof r['namespace'] === 'string' ? (r['namespace'] as string) : ns;
        if (!exists('policy.linkerd.io', rk, rns, r['name'])) hit(o, `/spec/requiredAuthenticationRefs/${k}`, `it requires ${rk} ${rns}/${String(r['name'])}, which is not among these files; Linkerd ignores a policy whose authentication does not exist`);
      });
    } else if (group === 'policy.linkerd.io' && o.kind === 'ServerAuthorization') {
      const name = field(o.value, 'spec', 'server', 'name');
      if (typeof name === 'string' && !exists('policy.linkerd.io', 'Server', ns, name)) hit(o, '/spec/server/name', `it names Server ${ns}/${name}, which is not among these files, so it authorizes nothing`);
    }
  }
  return hits;
}

// ---------------------------------------------------------------- mtls-gap

/** A STRICT PeerAuthentication that covers a namespace as a whole (its own, or the mesh-wide one). */
function strictScope(a: Analysis, ns: string): InventoryObject | undefined {
  const root = a.cluster.options.istioRootNamespace;
  return a.inventory.policies.find(
    (p) =>
      p.kind === 'PeerAuthentication' &&
      groupOf(p.apiVersion) === 'security.istio.io' &&
      field(p.value, 'spec', 'selector') === undefined &&
      field(p.value, 'spec', 'mtls', 'mode') === 'STRICT' &&
      (objNs(a, p) === ns || objNs(a, p) === root),
  );
}

function mtlsGaps(a: Analysis, ctx: LintContext): Hit[] {
  const hits: Hit[] = [];
  const seen = new Set<string>();
  const answers = mtlsMandate(ctx.answers);
  for (const e of a.evaluated) {
    const fromDp = dataplaneOf(a.cluster, e.request.from).dataplane;
    const toDp = dataplaneOf(a.cluster, e.request.to).dataplane;
    const strict = strictScope(a, e.request.to.namespace) ?? strictScope(a, e.request.from.namespace);
    const mandate = answers ?? (strict ? `${describeObject(a, strict)} mandates STRICT mTLS` : undefined);
    if (!mandate) continue;
    const base = { ...EMPTY, from: callerName(a, e), to: calleeName(a, e), port: e.request.port, evidence: e.evidence.text };
    const related = [{ loc: e.evidence.loc, message: `the call ${callerName(a, e)} → ${calleeName(a, e)} is made here` }];
    if (toDp === 'istio-sidecar' || toDp === 'istio-ambient') {
      const pa = peerAuthentication(a.cluster, e.request.to, e.request.port, toDp === 'istio-ambient', '');
      const by = pa.decidedBy?.source ? a.objectAt.get(posKey(pa.decidedBy.source)) : undefined;
      if (pa.mode !== 'STRICT' && by) {
        const key = `${e.pointer}\u0000${posKey(by.loc)}`;
        if (seen.has(key)) continue;
        seen.add(key);
        hits.push({ pointer: e.pointer, at: decisiveLoc(by, e.request.port), relatedAt: related, data: { ...base, object: describeObject(a, by), reason: `it sets mTLS ${pa.mode} for ${e.to.name} port ${e.request.port}, although ${mandate}` } });
      }
    } else if (toDp === 'none' && fromDp !== 'none') {
      const key = `${e.pointer}\u0000${e.to.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      hits.push({
        pointer: e.pointer,
        at: e.to.loc,
        relatedAt: related,
        data: { ...base, object: `${e.to.kind} ${nsOf(a, e.to)}/${e.to.name}`, reason: `its pods run no mesh proxy, so the call from the meshed ${callerName(a, e)} travels in plain text, although ${mandate}` },
      });
    }
  }
  return hits;
}

// ---------------------------------------------------------------- the kind

export const policyDrift: CheckKind<PolicyDriftParams> = {
  name: 'policy-drift',
  description:
    'Kubernetes inputs: the Istio, Linkerd and NetworkPolicy objects in the files against the declared calls, through the policy evaluator (`find`: denied-call, unused-allowance, selects-nothing, mtls-gap)',
  paramsSchema: {
    type: 'object',
    required: ['find'],
    additionalProperties: false,
    properties: { find: { enum: ['denied-call', 'unused-allowance', 'selects-nothing', 'mtls-gap'] } },
  },
  placeholders: Object.keys(EMPTY),
  run(ctx, p) {
    const a = analyse(ctx);
    if (!a) return [];
    switch (p.find) {
      case 'denied-call':
        return deniedCalls(a);
      case 'unused-allowance':
        return unusedAllowances(a);
      case 'selects-nothing':
        return selectsNothing(a);
      case 'mtls-gap':
        return mtlsGaps(a, ctx);
    }
  },
};
