/**
 * Last pass: the model. Services in file order (left-out tooling and folded copies not among
 * them), calls (one per caller, target and protocol), start-up ordering, the gateway with its
 * routes and rules, observability already present; every field located in the files, notes
 * that explain each inference, and the inventory of calls and edges.
 */
import type { Architecture, Call, Loc, Protocol, Service } from '../../core/types.js';
import { gatewayRules, groupCalls, writeEdgePolicy, writeObservability } from '../model-parts.js';
import { SourceMap, at, type ImportResult } from '../common.js';
import type { ImportInventory } from '../../core/import-inventory.js';
import { isPlatformService } from '../../core/classify.js';
import type { ComposeContext, CService } from './context.js';
import { describeRole, roleLoc } from './roles.js';

export function buildModel(ctx: ComposeContext): ImportResult {
  const notes = ctx.notes;
  const firstDoc = ctx.files[0]!.docs.find((d) => d.value !== null)!;
  const map = new SourceMap(firstDoc.locate(''));
  map.set('/services', firstDoc.locateKey('/services'));
  const indexOf = new Map<CService, number>(ctx.kept.map((s, i) => [s, i]));
  const services: Service[] = ctx.kept.map((s, i) => {
    const ptr = `/services/${i}`;
    const r = s.role.role;
    const kind = r.role === 'datastore' || r.role === 'queue' ? r.role : 'service';
    const svc: Service = { name: s.name, kind, exposure: s.exposure, protocols: [], calls: [] };
    map.set(ptr, s.nameLoc);
    map.set(`${ptr}/name`, s.nameLoc);
    map.set(`${ptr}/kind`, roleLoc(s));
    if (r.role !== 'service') notes.push({ message: `${s.name}: ${describeRole(s.role, s)}`, loc: roleLoc(s), pointer: ptr });
    else if (isPlatformService({ name: s.name, ...(s.image ? { image: s.image.value } : {}) })) notes.push({ message: `${s.name}: platform plumbing (from its name), not counted as an application service`, loc: s.nameLoc, pointer: ptr });
    if (s.image) {
      svc.image = s.image.value;
      map.set(`${ptr}/image`, s.image.loc);
    }
    map.set(`${ptr}/exposure`, s.exposureLoc ?? s.ports[0]?.loc ?? s.expose[0]?.loc ?? s.nameLoc);
    if (s.exposure === 'public' && s.exposureWhy) notes.push({ message: `${s.name}: public: ${s.exposureWhy}`, loc: s.exposureLoc, pointer: ptr });
    const published = s.ports.filter((p) => p.published);
    const portSource = published.find((p) => p.target !== undefined) ?? s.ports.find((p) => p.target !== undefined);
    const exposeSource = s.expose.find((e) => e.port !== undefined);
    if (portSource) {
      svc.port = portSource.target!;
      map.set(`${ptr}/port`, portSource.loc);
    } else if (exposeSource) {
      svc.port = exposeSource.port!;
      map.set(`${ptr}/port`, exposeSource.loc);
    }
    if (s.replicas) {
      svc.replicas = s.replicas.value;
      map.set(`${ptr}/replicas`, s.replicas.loc);
    }
    // No evidence of any protocol: HTTP, the format's default, located at the port or name.
    const order: Protocol[] = ['http', 'grpc', 'websocket', 'tcp'];
    const protocols = s.protocols.length > 0 ? [...s.protocols].sort((a, b) => order.indexOf(a.protocol) - order.indexOf(b.protocol)) : [{ protocol: 'http' as Protocol, loc: s.ports[0]?.loc ?? s.expose[0]?.loc ?? s.nameLoc, why: '' }];
    svc.protocols = protocols.map((p) => p.protocol);
    protocols.forEach((p, j) => map.set(`${ptr}/protocols/${j}`, p.loc));
    const grpc = s.protocols.find((p) => p.protocol === 'grpc');
    if (grpc && kind === 'service') notes.push({ message: `${s.name}: serves gRPC (${grpc.why}, ${at(grpc.loc)})`, loc: grpc.loc, pointer: ptr });
    writeEdgePolicy(svc, ptr, map, notes, s.auth, s.rateLimit);
    return svc;
  });

  // Calls: one per caller, target and protocol; a call without a protocol joins one with.
  const inventoryCalls: ImportInventory['calls'] = [];
  const grouped = groupCalls(ctx.calls.filter((c) => indexOf.has(c.from) && indexOf.has(c.to)), (c) => `${c.from.name}\u0000${c.to.name}`);
  for (const { call: c, evidence } of grouped) {
    const i = indexOf.get(c.from)!;
    const svc = services[i]!;
    const call: Call = { to: c.to.name };
    if (c.protocol) call.protocol = c.protocol;
    const j = svc.calls.push(call) - 1;
    const p = `/services/${i}/calls/${j}`;
    map.set(p, c.evidence.loc);
    map.set(`${p}/to`, c.evidence.loc);
    if (c.protocol) map.set(`${p}/protocol`, c.evidence.loc);
    notes.push({ message: `${svc.name} → ${c.to.name}: ${c.how} (${at(c.evidence.loc)})`, loc: c.evidence.loc, pointer: p });
    inventoryCalls.push({
      from: i, to: indexOf.get(c.to)!, pointer: p, ...(c.port !== undefined ? { port: c.port } : {}), ...(c.protocol ? { protocol: c.protocol } : {}),
      evidence: evidence.map((e) => e.evidence),
    });
  }
  // Start-up ordering, kept apart from calls.
  ctx.kept.forEach((s, i) => {
    if (s.ordering.length === 0) return;
    services[i]!.dependsOn = s.ordering.map((o) => o.to.name);
    s.ordering.forEach((o, k) => map.set(`/services/${i}/dependsOn/${k}`, o.loc));
    notes.push({ message: `${s.name} starts after ${s.ordering.map((o) => o.to.name).join(', ')} (${s.ordering[0]!.how}, ${at(s.ordering[0]!.loc)}): start-up ordering, not calls`, loc: s.ordering[0]!.loc, pointer: `/services/${i}` });
  });

  const architecture: Architecture = { apiVersion: 'meshgate/v1', kind: 'Architecture', metadata: { name: ctx.name }, platform: 'containers', services };
  map.set('/platform', firstDoc.locateKey('/services'));

  const inventoryGateways: ImportInventory['gateways'] = [];
  const primary = ctx.edges[0];
  if (primary) {
    const g = primary;
    const gi = indexOf.get(g.service)!;
    const routes: string[] = [];
    const routeLocs: Loc[] = [];
    for (const r of g.routes) {
      if (r.to.role.role.role !== 'service' || isPlatformService({ name: r.to.name, ...(r.to.image ? { image: r.to.image.value } : {}) })) continue;
      if (routes.includes(r.to.name)) continue;
      routes.push(r.to.name);
      routeLocs.push(r.loc);
    }
    architecture.gateway = { product: g.product, service: g.service.name, routes };
    if (services[gi]!.replicas !== undefined) {
      architecture.gateway.replicas = services[gi]!.replicas!;
      map.set('/gateway/replicas', g.service.replicas!.loc);
    }
    map.set('/gateway', g.service.nameLoc);
    map.set('/gateway/product', g.productLoc);
    map.set('/gateway/service', g.service.nameLoc);
    routeLocs.forEach((l, k) => map.set(`/gateway/routes/${k}`, l));
    const { rules, locs: ruleLocs } = gatewayRules(g.routes.map((r) => ({ ...r, service: r.to.name })));
    if (rules.length > 0) {
      architecture.gateway.rules = rules;
      ruleLocs.forEach((l, k) => map.set(`/gateway/rules/${k}`, l));
    }
    notes.push({
      message: `gateway: ${g.service.name} runs ${g.product === 'unknown' ? 'an edge proxy of unknown product' : g.product} at the edge (${describeRole(g.service.role, g.service)}); routes: ${routes.join(', ') || 'none in these files (mount or name its config, e.g. nginx.conf, envoy.yaml or kong.yml, to read them)'}`,
      loc: g.productLoc,
      pointer: '/gateway',
    });
    for (const other of ctx.edges.slice(1)) {
      notes.push({ message: `${other.service.name}: also an edge (${other.what}); only one gateway is modelled, it stays a service`, loc: other.service.nameLoc, pointer: `/services/${indexOf.get(other.service)!}` });
    }
  }
  for (const e of ctx.edges) inventoryGateways.push({ product: e.product, service: indexOf.get(e.service)!, what: e.what, loc: e.service.nameLoc, routes: [...new Set(e.routes.map((r) => indexOf.get(r.to)!))] });

  writeObservability(architecture, map, notes, ctx.tracing, ctx.metrics);
  const inventory: ImportInventory = {
    format: 'compose',
    namespaces: [],
    policies: [],
    routing: [],
    workloads: ctx.services.map((s) => ({
      kind: 'compose service', name: s.name,
      ...(indexOf.has(s.foldedInto ?? s) ? { service: indexOf.get(s.foldedInto ?? s)! } : {}),
      ...(s.leftOut ? { leftOut: s.leftOut } : {}),
      labels: Object.fromEntries([...s.labels].map(([k, v]) => [k, v.value])), annotations: {},
      containerPorts: [...s.ports, ...s.expose.map((e) => ({ target: e.port, loc: e.loc }))].filter((p) => p.target !== undefined).map((p) => ({ container: s.name, port: p.target!, loc: p.loc })),
      loc: s.nameLoc,
    })),
    calls: inventoryCalls,
    gateways: inventoryGateways,
  };
  return { architecture, locate: map.locator(), notes, inventory };
}
