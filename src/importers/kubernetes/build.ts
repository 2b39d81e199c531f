/**
 * Last passes: observability already present, the edge applied to the services it routes, and
 * the model itself: services (keyed by namespace and name; references written the way cluster
 * DNS resolves them), calls, start-up ordering, gateway, mesh and observability, every field
 * with its source position, plus the inventory of objects later checks need.
 */
import type { Architecture, Call, Loc, Protocol, Service } from '../../core/types.js';
import { gatewayRules, groupCalls, writeEdgePolicy, writeObservability } from '../model-parts.js';
import { indexServices, serviceRef } from '../../core/service-ref.js';
import { SourceMap, asMap, at, type ImportResult } from '../common.js';
import type { ImportInventory, InventoryObject } from '../../core/import-inventory.js';
import { isPlatformService } from '../../core/classify.js';
import { roleEvidence, roleLoc } from './roles.js';
import { mainContainer } from './services.js';
import {
  keySegment, locOf, plural, str,
  type EdgeFact, type K8sContext, type K8sObject, type Unit,
} from './context.js';

/** What Kubernetes accepts as a namespace name (and the Architecture format as `namespace`). */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** Pass 9: metrics the system already exposes (Prometheus scrape annotations on pods or Services). */
export function deriveObservability(ctx: K8sContext): void {
  if (ctx.metrics) return;
  for (const u of ctx.kept) {
    for (const w of u.workloads) {
      if (w.annotations['prometheus.io/scrape'] === 'true') {
        const loc = w.object.doc.locate(`${w.templatePointer}/metadata/annotations/${keySegment('prometheus.io/scrape')}`);
        ctx.metrics = { product: 'prometheus', loc, why: `scrape annotation on ${w.object.name}'s pods (${at(loc)}): the application exposes metrics`, by: 'application' };
        return;
      }
    }
    for (const s of u.services) {
      const ann = asMap(asMap(s.object.obj['metadata'])?.['annotations']) ?? {};
      if (str(ann['prometheus.io/scrape']) === 'true') {
        const loc = locOf(s.object, `/metadata/annotations/${keySegment('prometheus.io/scrape')}`);
        ctx.metrics = { product: 'prometheus', loc, why: `scrape annotation on Service ${s.object.name} (${at(loc)}): the application exposes metrics`, by: 'application' };
        return;
      }
    }
  }
}

/** Edges of one product (several Ingresses of one class) are one gateway. */
function mergeEdges(edges: EdgeFact[]): EdgeFact[] {
  const merged: EdgeFact[] = [];
  for (const e of edges) {
    const same = merged.find((m) => m.product === e.product);
    if (same) {
      same.routes.push(...e.routes);
      same.what += `, ${e.what}`;
      same.controller ??= e.controller;
      same.className ??= e.className;
      same.policy ??= e.policy;
    } else merged.push({ ...e, routes: [...e.routes] });
  }
  return merged;
}

const POLICY_KINDS = new Set([
  'AuthorizationPolicy', 'PeerAuthentication', 'RequestAuthentication', 'Sidecar', 'NetworkPolicy', 'Server', 'ServerAuthorization',
  'MeshTLSAuthentication', 'NetworkAuthentication', 'CiliumNetworkPolicy', 'CiliumClusterwideNetworkPolicy',
]);

function isPolicy(o: K8sObject): boolean {
  if (!POLICY_KINDS.has(o.kind)) return o.kind === 'HTTPRoute' && /policy\.linkerd\.io/.test(o.apiVersion);
  return true;
}

/** Whether an object shapes how calls are addressed (see `ImportInventory.routing`). */
function isRouting(o: K8sObject): boolean {
  if (o.apiVersion === 'v1') return o.kind === 'Namespace' || o.kind === 'Service';
  return o.apiVersion.startsWith('gateway.networking.k8s.io/') && /^(Gateway|HTTPRoute|GRPCRoute|TCPRoute|TLSRoute|UDPRoute)$/.test(o.kind);
}

/**
 * `positions` is found the first time somebody reads it: a position for every node of every
 * Service and policy is a Loc per node (most of the import's garbage on a large manifest
 * directory), and most runs read none of them. Same object, same keys, same order when read.
 */
function inventoryObject(o: K8sObject): InventoryObject {
  const out = {
    kind: o.kind, apiVersion: o.apiVersion, name: o.name, ...(o.explicitNamespace !== undefined ? { namespace: o.explicitNamespace } : o.namespace !== undefined ? { namespace: o.namespace } : {}),
    loc: locOf(o), value: structuredClone(o.obj),
  } as InventoryObject;
  let positions: Record<string, Loc> | undefined;
  Object.defineProperty(out, 'positions', {
    enumerable: true,
    configurable: true,
    get: () => (positions ??= positionsOf(o)),
    set: (v: Record<string, Loc>) => {
      positions = v;
    },
  });
  return out;
}

function positionsOf(o: K8sObject): Record<string, Loc> {
  const out: Record<string, Loc> = {};
  const walk = (v: unknown, p: string) => {
    out[p] = o.doc.locate(o.base + p);
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${p}/${i}`));
    else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, `${p}/${keySegment(k)}`);
  };
  walk(o.obj, '');
  return out;
}

/** Builds the model, its source map, the notes that explain it and the inventory. */
export function buildModel(ctx: K8sContext): ImportResult {
  const firstDoc = ctx.files[0]!.docs.find((d) => d.value !== null) ?? ctx.files[0]!.docs[0]!;
  const map = new SourceMap(firstDoc.locate(''));
  const notes = ctx.notes;
  const edges = mergeEdges(ctx.edges);
  const primary = [...edges].sort((a, b) => b.routes.length - a.routes.length)[0];

  // Every edge makes its backends reachable from outside and applies its policies, modelled or not.
  for (const e of edges) {
    for (const r of e.routes) {
      const u = r.to;
      if (u.exposure === 'internal') {
        u.exposure = 'public';
        u.exposureLoc = r.loc;
        u.exposureWhy = `routed from outside by ${e.what} (${at(r.loc)})`;
      }
      for (const pol of [r.policy, e.policy]) {
        if (pol?.auth && !u.auth) u.auth = pol.auth;
        if (pol?.rateLimit && !u.rateLimit) u.rateLimit = pol.rateLimit;
      }
    }
  }

  const services: Service[] = [];
  const indexOf = new Map<Unit, number>();
  ctx.kept.forEach((u, i) => indexOf.set(u, i));
  // The namespace as the model holds it (a name Kubernetes would refuse is left out).
  const nsOf = (ns: string | undefined) => (ns !== undefined && DNS_LABEL.test(ns) ? ns : undefined);
  const refIndex = indexServices(ctx.kept.map((u) => ({ name: u.name, ...(nsOf(u.namespace) !== undefined ? { namespace: nsOf(u.namespace)! } : {}) })));
  const refTo = (u: Unit, from: string | undefined) => serviceRef(refIndex, { name: u.name, ...(nsOf(u.namespace) !== undefined ? { namespace: nsOf(u.namespace)! } : {}) }, nsOf(from));
  let defaultAccounts = 0;

  ctx.kept.forEach((u, i) => {
    const ptr = `/services/${i}`;
    const r = u.role.role;
    const kind = u.external ? 'external' : r.role === 'datastore' || r.role === 'queue' ? r.role : 'service';
    const svc: Service = { name: u.name, kind, exposure: u.exposure, protocols: [], calls: [] };
    map.set(ptr, u.nameLoc);
    map.set(`${ptr}/name`, u.nameLoc);
    if (u.namespace !== undefined && !DNS_LABEL.test(u.namespace)) {
      notes.push({ message: `${u.name}: namespace ${JSON.stringify(u.namespace)} is not a valid namespace name (a DNS label); left out of the model`, loc: u.nameLoc, pointer: ptr });
    } else if (u.namespace !== undefined) {
      svc.namespace = u.namespace;
      const o = u.workloads[0]?.object ?? u.services[0]!.object;
      map.set(`${ptr}/namespace`, o.explicitNamespace !== undefined ? locOf(o, '/metadata/namespace') : u.nameLoc);
    }
    map.set(`${ptr}/kind`, roleLoc(u, u.role));
    if (u.external) {
      notes.push({ message: `${u.name}: external (Service without selector${u.external.type === 'ExternalName' ? `, ExternalName ${u.external.externalName ?? ''}` : ''})`, loc: u.nameLoc, pointer: ptr });
    } else if (kind !== 'service' || r.role === 'gateway' || r.role === 'platform') {
      const what = r.role === 'platform' ? 'platform service' : r.role === 'gateway' ? 'edge proxy' : kind;
      notes.push({ message: `${u.name}: ${what} (${(r as { product: string }).product}), from its ${roleEvidence(u, u.role)}`, loc: roleLoc(u, u.role), pointer: ptr });
    }
    const main = u.workloads[0] ? mainContainer(u.workloads[0]) : undefined;
    if (main?.image) {
      svc.image = main.image;
      map.set(`${ptr}/image`, main.imageLoc);
    }
    if (u.workloads.length > 1) notes.push({ message: `${u.name}: ${u.workloads.length} workloads behind one Service (${u.workloads.map((w) => w.object.name).join(', ')})`, loc: u.nameLoc, pointer: ptr });
    const replicaWorkloads = u.workloads.filter((w) => w.object.kind !== 'DaemonSet' && w.object.kind !== 'Pod');
    if (replicaWorkloads.length > 0) {
      svc.replicas = replicaWorkloads.reduce((n, w) => n + (w.replicas?.value ?? 1), 0);
      map.set(`${ptr}/replicas`, replicaWorkloads.find((w) => w.replicas)?.replicas?.loc ?? u.nameLoc);
    }
    map.set(`${ptr}/exposure`, u.exposureLoc ?? (u.services[0] ? locOf(u.services[0].object, '/spec') : u.nameLoc));
    if (u.exposure === 'public' && u.exposureWhy) notes.push({ message: `${u.name}: public: ${u.exposureWhy}`, loc: u.exposureLoc, pointer: ptr });
    if (u.port) {
      svc.port = u.port.value;
      map.set(`${ptr}/port`, u.port.loc);
    }
    if (u.targetPort) {
      svc.targetPort = u.targetPort.value;
      map.set(`${ptr}/targetPort`, u.targetPort.loc);
    }
    // Identity: the ServiceAccount the pods run as.
    if (u.workloads.length > 0) {
      const accounts = [...new Set(u.workloads.map((w) => w.serviceAccount.name))];
      const named = u.workloads.find((w) => w.serviceAccount.loc);
      // Only a ServiceAccount the files name is modelled: the implicit `default` is shared by every
      // pod that names none, so it is no identity of this service (the inventory keeps it).
      if (named) {
        svc.serviceAccount = named.serviceAccount.name;
        map.set(`${ptr}/serviceAccount`, named.serviceAccount.loc!);
      } else defaultAccounts++;
      if (accounts.length > 1) notes.push({ message: `${u.name}: its workloads run as ${accounts.length} ServiceAccounts (${accounts.join(', ')}); modelled ${named?.serviceAccount.name ?? accounts[0]}`, loc: named?.serviceAccount.loc ?? u.nameLoc, pointer: ptr });
    }
    const sel = u.services.find((s) => Object.keys(s.selector).length > 0);
    if (sel && !u.external) {
      svc.selector = { ...sel.selector };
      map.set(`${ptr}/selector`, locOf(sel.object, '/spec/selector'));
    }
    // Protocols.
    const protocols: { p: Protocol; loc: Loc }[] = [];
    if (kind === 'datastore' || kind === 'queue') protocols.push({ p: 'tcp', loc: roleLoc(u, u.role) });
    else {
      for (const x of u.protocols) if (!(x.protocol === 'tcp' && u.protocols.length > 1)) protocols.push({ p: x.protocol, loc: x.loc });
      const grpc = u.protocols.find((x) => x.protocol === 'grpc');
      if (grpc) notes.push({ message: `${u.name}: serves gRPC (${grpc.why}, ${at(grpc.loc)})`, loc: grpc.loc, pointer: ptr });
      if (protocols.length === 0) protocols.push({ p: 'http', loc: u.port?.loc ?? u.nameLoc });
    }
    svc.protocols = protocols.map((x) => x.p);
    protocols.forEach((x, j) => map.set(`${ptr}/protocols/${j}`, x.loc));
    writeEdgePolicy(svc, ptr, map, notes, u.auth, u.rateLimit);
    if (isPlatformService(svc) && kind === 'service' && r.role !== 'platform') notes.push({ message: `${u.name}: platform plumbing (from its name), not counted as an application service`, loc: u.nameLoc, pointer: ptr });
    services.push(svc);
  });
  if (defaultAccounts > 0) {
    notes.push({ message: `${plural(defaultAccounts, 'service')} name no serviceAccountName: their pods run as their namespace's \`default\` ServiceAccount, shared by every such pod, so it is left out of the model (generate marks the ServiceAccount it writes as a placeholder); give each its own serviceAccountName to tell them apart in policies`, pointer: '/services' });
  }

  // Calls: one per caller, target and protocol; a call without a protocol joins one with.
  const inventoryCalls: ImportInventory['calls'] = [];
  const grouped = groupCalls(ctx.calls, (c) => `${c.from.id}\u0000${c.to.id}`);
  for (const { call: fact, evidence } of grouped) {
    const i = indexOf.get(fact.from)!;
    const svc = services[i]!;
    const call: Call = { to: refTo(fact.to, fact.from.namespace) };
    if (fact.protocol) call.protocol = fact.protocol;
    const j = svc.calls.push(call) - 1;
    const p = `/services/${i}/calls/${j}`;
    map.set(p, fact.evidence.loc);
    map.set(`${p}/to`, fact.evidence.loc);
    if (fact.protocol) map.set(`${p}/protocol`, fact.evidence.loc);
    notes.push({ message: `${svc.name} → ${call.to}: ${fact.how} (${at(fact.evidence.loc)})`, loc: fact.evidence.loc, pointer: p });
    inventoryCalls.push({
      from: i, to: indexOf.get(fact.to)!, pointer: p,
      ...(fact.port !== undefined ? { port: fact.port } : {}), ...(fact.protocol ? { protocol: fact.protocol } : {}),
      evidence: evidence.map((e) => e.evidence),
    });
  }
  // Start-up ordering, kept apart from calls.
  ctx.kept.forEach((u, i) => {
    if (u.dependsOn.length === 0) return;
    const svc = services[i]!;
    svc.dependsOn = u.dependsOn.map((d) => refTo(d.to, u.namespace));
    u.dependsOn.forEach((d, k) => {
      map.set(`/services/${i}/dependsOn/${k}`, d.loc);
      notes.push({ message: `${u.name} starts after ${d.to.name}: ${d.why}; ordering, not a call`, loc: d.loc, pointer: `/services/${i}` });
    });
  });

  const architecture: Architecture = { apiVersion: 'meshgate/v1', kind: 'Architecture', metadata: { name: ctx.name }, platform: 'kubernetes', services };

  // Gateway.
  const inventoryGateways: ImportInventory['gateways'] = [];
  if (primary) {
    const g = primary;
    const routeNames: string[] = [];
    const routeLocs: Loc[] = [];
    const fromNs = g.controller?.namespace ?? g.namespace;
    for (const r of g.routes) {
      const name = refTo(r.to, fromNs);
      if (routeNames.includes(name)) continue;
      routeNames.push(name);
      routeLocs.push(r.loc);
    }
    architecture.gateway = { product: g.product, routes: routeNames };
    map.set('/gateway', g.nameLoc);
    map.set('/gateway/product', g.productLoc);
    routeLocs.forEach((l, k) => map.set(`/gateway/routes/${k}`, l));
    if (g.className) {
      architecture.gateway.className = g.className;
      map.set('/gateway/className', g.productLoc);
    }
    if (g.controller) {
      const ci = indexOf.get(g.controller)!;
      architecture.gateway.service = refTo(g.controller, undefined);
      map.set('/gateway/service', g.controller.nameLoc);
      if (services[ci]!.replicas !== undefined) {
        architecture.gateway.replicas = services[ci]!.replicas!;
        map.set('/gateway/replicas', map.locator()(`/services/${ci}/replicas`));
      }
      if (services[ci]!.serviceAccount !== undefined) {
        architecture.gateway.serviceAccount = services[ci]!.serviceAccount!;
        map.set('/gateway/serviceAccount', map.locator()(`/services/${ci}/serviceAccount`));
      }
      notes.push({ message: `gateway: its controller runs as ${g.controller.name} (${at(g.controller.nameLoc)})`, loc: g.controller.nameLoc, pointer: '/gateway' });
    }
    const ns = g.controller?.namespace ?? g.namespace;
    if (ns !== undefined && DNS_LABEL.test(ns)) {
      architecture.gateway.namespace = ns;
      map.set('/gateway/namespace', g.controller?.nameLoc ?? g.nameLoc);
    }
    const { rules, locs: ruleLocs } = gatewayRules(g.routes.map((r) => ({ ...r, service: refTo(r.to, fromNs) })));
    if (rules.length > 0) {
      architecture.gateway.rules = rules;
      ruleLocs.forEach((l, k) => map.set(`/gateway/rules/${k}`, l));
    }
    notes.push({ message: `gateway: ${g.what} → product ${g.product}; routes: ${routeNames.join(', ') || 'none that resolve to these manifests'}`, loc: g.productLoc, pointer: '/gateway' });
    for (const other of edges.filter((e) => e !== g)) notes.push({ message: `also an edge: ${other.what} (product ${other.product}); only one gateway is modelled, its backends are public too`, loc: other.nameLoc, pointer: '/gateway' });
  }
  for (const e of [...(primary ? [primary] : []), ...edges.filter((x) => x !== primary)]) {
    inventoryGateways.push({ product: e.product, ...(e.controller ? { service: indexOf.get(e.controller)! } : {}), what: e.what, loc: e.nameLoc, routes: [...new Set(e.routes.map((r) => indexOf.get(r.to)!))] });
  }

  // Mesh.
  const mesh = ctx.mesh;
  if (mesh) {
    const mtls = mesh.mtls?.mode ?? (mesh.product === 'linkerd' ? 'strict' : 'permissive');
    const memberNames: string[] = [];
    const memberLocs: Loc[] = [];
    for (const u of mesh.members) {
      const name = refTo(u, undefined);
      if (memberNames.includes(name)) continue;
      memberNames.push(name);
      const w = u.workloads.find((x) => mesh.membership.has(x));
      memberLocs.push((w ? mesh.membership.get(w)!.loc : undefined) ?? u.nameLoc);
    }
    architecture.mesh = { product: mesh.product, mode: mesh.mode, mtls, members: memberNames };
    map.set('/mesh', mesh.loc);
    map.set('/mesh/product', mesh.loc);
    map.set('/mesh/mode', mesh.loc);
    if (mesh.mtls) map.set('/mesh/mtls', mesh.mtls.loc);
    memberLocs.forEach((l, k) => map.set(`/mesh/members/${k}`, l));
    notes.push({
      message: `mesh: ${mesh.product} (${mesh.mode}) from ${mesh.what} (${at(mesh.loc)}); mTLS ${mtls}${mesh.mtls ? ` (PeerAuthentication, ${at(mesh.mtls.loc)})` : ` (no mode set: ${mesh.product}'s default)`}; ${plural(memberNames.length, 'member')}`,
      loc: mesh.loc,
      pointer: '/mesh',
    });
  }

  // Observability already present.
  writeObservability(architecture, map, notes, ctx.tracing, ctx.metrics);

  const inventory: ImportInventory = {
    format: 'kubernetes',
    namespaces: [...ctx.namespaces.values()].map((n) => ({ name: n.name, labels: { ...n.labels }, annotations: { ...n.annotations }, ...(n.object ? { loc: locOf(n.object) } : {}) })),
    policies: ctx.objects.filter(isPolicy).map(inventoryObject),
    routing: ctx.objects.filter(isRouting).map(inventoryObject),
    workloads: ctx.units.flatMap((u) => u.workloads.map((w) => {
      const m = mesh?.membership.get(w);
      return {
        kind: w.object.kind, name: w.object.name, ...(w.namespace !== undefined ? { namespace: w.namespace } : {}),
        ...(indexOf.has(u) ? { service: indexOf.get(u)! } : {}), ...(u.leftOut ? { leftOut: u.leftOut } : {}),
        serviceAccount: w.serviceAccount.name, ...(w.serviceAccount.loc ? { serviceAccountLoc: w.serviceAccount.loc } : {}),
        labels: { ...w.labels }, annotations: { ...w.annotations },
        containerPorts: w.containers.flatMap((c) => c.ports.map((p) => ({ container: c.name, port: p.port, ...(p.name ? { name: p.name } : {}), ...(p.protocol ? { protocol: p.protocol } : {}), loc: p.loc }))),
        ...(m ? { mesh: { product: m.product, mode: m.mode, because: m.because, loc: m.loc } } : {}),
        loc: locOf(w.object, '/metadata/name'),
      };
    })),
    calls: inventoryCalls,
    gateways: inventoryGateways,
  };
  return { architecture, locate: map.locator(), notes, inventory };
}
