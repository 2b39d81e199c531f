/**
 * Pass 7: the edge. Ingress, OpenShift Route, Gateway API (Gateway + HTTPRoute/GRPCRoute/...),
 * Istio Gateway + the VirtualServices bound to it, and Traefik IngressRoute give the gateway
 * with its class, hosts and paths; the controller's own workload, when in the manifests, gives
 * the gateway's service, namespace, identity and replicas. Authentication and rate limits are
 * read where the manifests put them: ingress-nginx annotations, Kong plugins (`konghq.com/plugins`
 * on Ingress, route or Service; global KongClusterPlugins), Traefik middlewares, Istio
 * RequestAuthentication, Envoy Gateway SecurityPolicy / BackendTrafficPolicy. An istio-waypoint
 * Gateway is part of an ambient mesh, not an edge.
 */
import type { AuthKind, Loc } from '../../core/types.js';
import { asList, asMap, at } from '../common.js';
import {
  annotationLoc, annotationsOf, labelsOf, locOf, nameLocOf, nsKey, objectsOf, selectorMatches, specOf, str, validPort,
  type EdgeFact, type EdgePolicy, type K8sContext, type K8sObject, type RouteFact, type Unit,
} from './context.js';
import { callProtocol, dnsBook } from './calls.js';
import { KONG_AUTH, KONG_RATE_LIMIT, readGatewayConfig } from '../gateway-configs.js';

const INGRESS_CLASS_PRODUCTS: [RegExp, string][] = [
  [/^(nginx|ingress-nginx|nginx-.*|.*-nginx)$/, 'ingress-nginx'],
  [/traefik/, 'traefik'], [/kong/, 'kong'], [/haproxy/, 'haproxy'], [/contour/, 'contour'], [/istio/, 'istio-gateway'],
  [/apisix/, 'apisix'], [/emissary|ambassador/, 'emissary'], [/^alb$|aws/, 'aws-alb'], [/^gce|gke/, 'gke-ingress'],
  [/azure|agic|application-gateway/, 'azure-application-gateway'], [/^eg$|envoy/, 'envoy-gateway'], [/cilium/, 'cilium'],
  [/skipper/, 'skipper'], [/gloo/, 'gloo'], [/ngrok/, 'ngrok'], [/nginx-gateway|^nginx$/, 'nginx-gateway-fabric'],
];

export function classProduct(cls: string | undefined, fallback: string): string {
  if (!cls) return fallback;
  const c = cls.toLowerCase();
  if (/istio/.test(c)) return 'istio-gateway';
  if (/^eg$|envoy-gateway/.test(c)) return 'envoy-gateway';
  if (/gke|gce/.test(c)) return 'gke-gateway';
  for (const [re, p] of INGRESS_CLASS_PRODUCTS) if (re.test(c)) return p;
  return c;
}

/** Applies one plugin to a policy (the first of each kind wins). */
export function addKongPlugin(out: EdgePolicy, plugin: string, loc: Loc, why: string): void {
  if (KONG_RATE_LIMIT.test(plugin) && !out.rateLimit) out.rateLimit = { loc, why };
  const auth = Object.hasOwn(KONG_AUTH, plugin) ? KONG_AUTH[plugin] : undefined;
  if (auth && !out.auth) out.auth = { kind: auth, loc, why };
}

/** Auth and rate limits an Ingress, route or Service declares through annotations. */
function annotationPolicy(ctx: K8sContext, o: K8sObject): EdgePolicy {
  const ann = annotationsOf(o);
  const out: EdgePolicy = {};
  for (const key of ['limit-rps', 'limit-rpm', 'limit-connections', 'global-rate-limit', 'limit-rate']) {
    const k = `nginx.ingress.kubernetes.io/${key}`;
    if (ann[k] !== undefined) {
      out.rateLimit = { loc: annotationLoc(o, k), why: `annotation ${k}` };
      break;
    }
  }
  if (ann['nginx.ingress.kubernetes.io/auth-tls-verify-client'] === 'on') {
    out.auth = { kind: 'mtls', loc: annotationLoc(o, 'nginx.ingress.kubernetes.io/auth-tls-verify-client'), why: 'annotation auth-tls-verify-client' };
  } else if (ann['nginx.ingress.kubernetes.io/auth-url'] !== undefined) {
    out.auth = { kind: 'oauth2', loc: annotationLoc(o, 'nginx.ingress.kubernetes.io/auth-url'), why: 'external auth (auth-url), usually an OAuth2/OIDC proxy' };
  } else if (ann['nginx.ingress.kubernetes.io/auth-type'] === 'basic') {
    out.auth = { kind: 'basic', loc: annotationLoc(o, 'nginx.ingress.kubernetes.io/auth-type'), why: 'annotation auth-type: basic' };
  }
  const plugins = ann['konghq.com/plugins'];
  if (plugins !== undefined) {
    const l = annotationLoc(o, 'konghq.com/plugins');
    for (const name of plugins.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
      const def = (ctx.byKind.get('KongPlugin') ?? []).find((x) => x.namespace === o.namespace && x.name === name) ??
        (ctx.byKind.get('KongClusterPlugin') ?? []).find((x) => x.name === name);
      const plugin = def ? str(def.obj['plugin']) ?? name : name;
      if (!def) ctx.notes.push({ message: `${o.kind} ${o.name}: Kong plugin ${name} is not defined in these manifests (no KongPlugin or KongClusterPlugin); add it to read what it does`, loc: l });
      addKongPlugin(out, plugin, l, `Kong plugin ${plugin}${def ? ` (${def.kind} ${def.name}, ${at(nameLocOf(def))})` : ''}`);
    }
  }
  const middlewares = ann['traefik.ingress.kubernetes.io/router.middlewares'];
  if (middlewares !== undefined) {
    const l = annotationLoc(o, 'traefik.ingress.kubernetes.io/router.middlewares');
    for (const ref of middlewares.split(',').map((x) => x.trim().split('@')[0]!)) {
      // `<namespace>-<name>` in the annotation.
      const mw = (ctx.byKind.get('Middleware') ?? []).find((m) => `${m.namespace ?? ''}-${m.name}` === ref || m.name === ref);
      if (mw) applyTraefikMiddleware(out, mw, l);
    }
  }
  return out;
}

function applyTraefikMiddleware(out: EdgePolicy, mw: K8sObject, loc: Loc): void {
  const spec = specOf(mw);
  const why = `Traefik middleware ${mw.name}`;
  if ((spec['rateLimit'] !== undefined || spec['inFlightReq'] !== undefined) && !out.rateLimit) out.rateLimit = { loc, why };
  if (!out.auth) {
    if (spec['forwardAuth'] !== undefined) out.auth = { kind: 'oauth2', loc, why: `${why} (forwardAuth)` };
    else if (spec['basicAuth'] !== undefined || spec['digestAuth'] !== undefined) out.auth = { kind: 'basic', loc, why: `${why} (basicAuth)` };
  }
}

function mergePolicy(a: EdgePolicy | undefined, b: EdgePolicy | undefined): EdgePolicy | undefined {
  if (!a) return b;
  if (!b) return a;
  return { ...(a.auth ?? b.auth ? { auth: a.auth ?? b.auth } : {}), ...(a.rateLimit ?? b.rateLimit ? { rateLimit: a.rateLimit ?? b.rateLimit } : {}) };
}

/** Envoy Gateway SecurityPolicy / BackendTrafficPolicy attached to an object by targetRef(s). */
function envoyGatewayPolicy(ctx: K8sContext, kind: string, name: string, namespace: string | undefined): EdgePolicy | undefined {
  let out: EdgePolicy | undefined;
  for (const p of objectsOf(ctx, 'SecurityPolicy', 'BackendTrafficPolicy')) {
    if (!p.apiVersion.startsWith('gateway.envoyproxy.io') || p.namespace !== namespace) continue;
    const spec = specOf(p);
    const refs = [...asList(spec['targetRefs']), ...(spec['targetRef'] !== undefined ? [spec['targetRef']] : [])].map((r) => asMap(r) ?? {});
    if (!refs.some((r) => str(r['kind']) === kind && str(r['name']) === name)) continue;
    const pol: EdgePolicy = {};
    const l = (field: string) => locOf(p, `/spec/${field}`);
    if (p.kind === 'SecurityPolicy') {
      const kinds: [string, AuthKind][] = [['apiKeyAuth', 'api-key'], ['jwt', 'jwt'], ['oidc', 'oauth2'], ['extAuth', 'oauth2'], ['basicAuth', 'basic']];
      const hit = kinds.find(([f]) => spec[f] !== undefined);
      if (hit) pol.auth = { kind: hit[1], loc: l(hit[0]), why: `SecurityPolicy ${p.name} (${hit[0]})` };
    } else if (spec['rateLimit'] !== undefined) {
      pol.rateLimit = { loc: l('rateLimit'), why: `BackendTrafficPolicy ${p.name} (rateLimit)` };
    }
    out = mergePolicy(out, pol);
  }
  return out;
}

/** Pass 7: the edge gateway, its routes and their policies. */
export function deriveGateway(ctx: K8sContext): void {
  const book = dnsBook(ctx);
  const backend = (name: string | undefined, namespace: string | undefined): Unit | undefined => {
    if (!name) return undefined;
    const u = book.resolve(name.toLowerCase(), namespace);
    return u && !u.leftOut ? u : undefined;
  };
  // Global Kong plugins apply to every route Kong serves.
  const kongGlobal: EdgePolicy = {};
  for (const p of ctx.byKind.get('KongClusterPlugin') ?? []) {
    const labels = labelsOf(asMap(p.obj['metadata'])?.['labels']);
    if (labels['global'] === 'true') addKongPlugin(kongGlobal, str(p.obj['plugin']) ?? p.name, nameLocOf(p), `global KongClusterPlugin ${p.name}`);
  }
  // KongConsumers: a rate limit on a consumer limits its calls on every route; credentials say
  // which auth plugins the routes are expected to carry.
  for (const c of ctx.byKind.get('KongConsumer') ?? []) {
    const pol = annotationPolicy(ctx, c);
    if (pol.rateLimit && !kongGlobal.rateLimit) kongGlobal.rateLimit = { loc: pol.rateLimit.loc, why: `${pol.rateLimit.why} on KongConsumer ${c.name} (per consumer)` };
    const creds = asList(c.obj['credentials']).map((x) => str(x)).filter((x): x is string => x !== undefined);
    const types = creds.map((name) => {
      const secret = ctx.secrets.get(nsKey(c.namespace, name));
      const labels = labelsOf(asMap(secret?.object.obj['metadata'])?.['labels']);
      return labels['konghq.com/credential'] ?? secret?.entries.get('kongCredType')?.value;
    }).filter((t): t is string => t !== undefined);
    if (creds.length > 0) {
      ctx.notes.push({ message: `KongConsumer ${c.name}: ${creds.length} credential${creds.length === 1 ? '' : 's'}${types.length > 0 ? ` (${[...new Set(types)].join(', ')})` : ''}; routes need the matching auth plugin to ask for ${creds.length === 1 ? 'it' : 'them'}`, loc: locOf(c, '/credentials') });
    }
  }

  // Ingress
  for (const ing of ctx.byKind.get('Ingress') ?? []) {
    const spec = specOf(ing);
    const ann = annotationsOf(ing);
    const cls = str(spec['ingressClassName']) ?? ann['kubernetes.io/ingress.class'];
    const productLoc = spec['ingressClassName'] !== undefined ? locOf(ing, '/spec/ingressClassName')
      : ann['kubernetes.io/ingress.class'] !== undefined ? annotationLoc(ing, 'kubernetes.io/ingress.class') : nameLocOf(ing);
    const product = classProduct(cls, 'ingress');
    let policy = annotationPolicy(ctx, ing);
    if (product === 'kong') policy = mergePolicy(policy, kongGlobal)!;
    const routes: RouteFact[] = [];
    const add = (b: unknown, p: string, host?: string, path?: string, pathType?: string) => {
      const bm = asMap(b);
      if (!bm) return;
      const svcName = str(asMap(bm['service'])?.['name']) ?? str(bm['serviceName']);
      const to = backend(svcName, ing.namespace);
      if (!to) return;
      const r: RouteFact = { to, loc: locOf(ing, bm['service'] !== undefined ? `${p}/service/name` : `${p}/serviceName`), policy };
      if (host) r.host = host;
      if (path) r.path = path;
      if (pathType === 'Exact') r.pathType = 'Exact';
      const port = validPort(asMap(asMap(bm['service'])?.['port'])?.['number'] ?? bm['servicePort']);
      if (port !== undefined) r.port = port;
      routes.push(r);
    };
    add(spec['defaultBackend'], '/spec/defaultBackend');
    add(spec['backend'], '/spec/backend');
    asList(spec['rules']).forEach((r, ri) => {
      const rm = asMap(r) ?? {};
      asList(asMap(rm['http'])?.['paths']).forEach((pp, pi) => {
        const pm = asMap(pp) ?? {};
        add(pm['backend'], `/spec/rules/${ri}/http/paths/${pi}/backend`, str(rm['host']), str(pm['path']), str(pm['pathType']));
      });
    });
    ctx.edges.push({ product, ...(cls ? { className: cls } : {}), productLoc, nameLoc: nameLocOf(ing), what: `Ingress ${ing.name}${cls ? ` (class ${cls})` : ''}`, ...(ing.namespace ? { namespace: ing.namespace } : {}), routes });
  }

  // OpenShift Routes
  const osRoutes = (ctx.byKind.get('Route') ?? []).filter((o) => o.apiVersion.startsWith('route.openshift.io'));
  if (osRoutes.length > 0) {
    const routes: RouteFact[] = [];
    for (const r of osRoutes) {
      const spec = specOf(r);
      const policy = annotationPolicy(ctx, r);
      const add = (ref: unknown, p: string) => {
        const to = backend(str(asMap(ref)?.['name']), r.namespace);
        if (!to) return;
        const rf: RouteFact = { to, loc: locOf(r, `${p}/name`), policy };
        const host = str(spec['host']);
        if (host) rf.host = host;
        const path = str(spec['path']);
        if (path) rf.path = path;
        routes.push(rf);
      };
      add(spec['to'], '/spec/to');
      asList(spec['alternateBackends']).forEach((b, i) => add(b, `/spec/alternateBackends/${i}`));
    }
    ctx.edges.push({ product: 'openshift-router', productLoc: locOf(osRoutes[0]!, '/kind'), nameLoc: nameLocOf(osRoutes[0]!), what: `OpenShift Route${osRoutes.length > 1 ? 's' : ''} ${osRoutes.map((r) => r.name).join(', ')}`, routes });
  }

  // Gateway API
  const isWaypoint = (g: K8sObject) => /waypoint/.test(str(specOf(g)['gatewayClassName']) ?? '') || labelsOf(asMap(g.obj['metadata'])?.['labels'])['istio.io/waypoint-for'] !== undefined;
  const allGw = (ctx.byKind.get('Gateway') ?? []).filter((o) => o.apiVersion.startsWith('gateway.networking.k8s.io'));
  const gateways = allGw.filter((g) => !isWaypoint(g));
  const waypointNames = new Set(allGw.filter(isWaypoint).map((g) => nsKey(g.namespace, g.name)));
  const gwRoutes = objectsOf(ctx, 'HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute').filter((o) => o.apiVersion.startsWith('gateway.networking.k8s.io'));
  const edgeOfGateway = new Map<string, EdgeFact>();
  for (const g of gateways) {
    const cls = str(specOf(g)['gatewayClassName']);
    const e: EdgeFact = {
      product: classProduct(cls, 'gateway-api'),
      ...(cls ? { className: cls } : {}),
      productLoc: locOf(g, cls ? '/spec/gatewayClassName' : '/metadata/name'),
      nameLoc: nameLocOf(g),
      what: `Gateway API Gateway ${g.name}${cls ? ` (class ${cls})` : ''}`,
      ...(g.namespace ? { namespace: g.namespace } : {}),
      routes: [],
    };
    edgeOfGateway.set(nsKey(g.namespace, g.name), e);
    ctx.edges.push(e);
  }
  let orphanRoutes: EdgeFact | undefined;
  for (const r of gwRoutes) {
    const spec = specOf(r);
    const parents = asList(spec['parentRefs']).map((p) => asMap(p) ?? {});
    // Routes attached to a waypoint are mesh routing, not the edge.
    if (parents.length > 0 && parents.every((p) => waypointNames.has(nsKey(str(p['namespace']) ?? r.namespace, str(p['name']) ?? '')) || str(p['kind']) === 'Service')) continue;
    const parentEdges = parents.map((p) => edgeOfGateway.get(nsKey(str(p['namespace']) ?? r.namespace, str(p['name']) ?? ''))).filter((e): e is EdgeFact => e !== undefined);
    let targets = parentEdges;
    if (targets.length === 0) {
      if (gateways.length === 1) targets = [edgeOfGateway.values().next().value!];
      else {
        orphanRoutes ??= { product: 'gateway-api', productLoc: nameLocOf(r), nameLoc: nameLocOf(r), what: 'Gateway API routes (their Gateway is not in these manifests)', routes: [] };
        targets = [orphanRoutes];
      }
    }
    let routePolicy = mergePolicy(annotationPolicy(ctx, r), envoyGatewayPolicy(ctx, r.kind, r.name, r.namespace));
    const hostnames = asList(spec['hostnames']).map((h) => str(h)).filter((h): h is string => h !== undefined);
    asList(spec['rules']).forEach((rule, ri) => {
      const rm = asMap(rule) ?? {};
      const matches = asList(rm['matches']).map((m) => asMap(asMap(m)?.['path']) ?? {});
      asList(rm['backendRefs']).forEach((br, bi) => {
        const bm = asMap(br) ?? {};
        if ((str(bm['kind']) ?? 'Service') !== 'Service') return;
        const to = backend(str(bm['name']), str(bm['namespace']) ?? r.namespace);
        if (!to) return;
        for (const e of targets) {
          const gwPolicy = envoyGatewayPolicy(ctx, 'Gateway', (ctx.byKind.get('Gateway') ?? []).find((g) => edgeOfGateway.get(nsKey(g.namespace, g.name)) === e)?.name ?? '', e.namespace);
          const pol = e.product === 'kong' ? mergePolicy(mergePolicy(routePolicy, gwPolicy), kongGlobal) : mergePolicy(routePolicy, gwPolicy);
          const base: RouteFact = { to, loc: locOf(r, `/spec/rules/${ri}/backendRefs/${bi}/name`), grpc: r.kind === 'GRPCRoute', ...(pol ? { policy: pol } : {}) };
          const port = validPort(bm['port']);
          if (port !== undefined) base.port = port;
          const paths = matches.length > 0 ? matches : [{}];
          for (const host of hostnames.length > 0 ? hostnames : [undefined]) {
            for (const m of paths) {
              const rf: RouteFact = { ...base };
              if (host) rf.host = host;
              const v = str(m['value']);
              if (v) rf.path = v;
              if (str(m['type']) === 'Exact') rf.pathType = 'Exact';
              e.routes.push(rf);
            }
          }
        }
      });
    });
    routePolicy = undefined;
  }
  if (orphanRoutes) ctx.edges.push(orphanRoutes);

  // Istio Gateway + the VirtualServices bound to it
  const istioGateways = (ctx.byKind.get('Gateway') ?? []).filter((o) => o.apiVersion.startsWith('networking.istio.io'));
  if (istioGateways.length > 0) {
    const gwNames = new Set(istioGateways.flatMap((g) => [g.name, `${g.namespace ?? ''}/${g.name}`]));
    const routes: RouteFact[] = [];
    for (const vs of ctx.byKind.get('VirtualService') ?? []) {
      const spec = specOf(vs);
      const bound = asList(spec['gateways']).map((x) => str(x) ?? '').some((n) => gwNames.has(n) || gwNames.has(n.split('/').pop()!));
      if (!bound) continue;
      const hosts = asList(spec['hosts']).map((h) => str(h)).filter((h): h is string => h !== undefined && h !== '*');
      for (const proto of ['http', 'tls', 'tcp', 'grpc']) {
        asList(spec[proto]).forEach((h, hi) => {
          const hm = asMap(h) ?? {};
          const uris = asList(hm['match']).map((m) => asMap(asMap(m)?.['uri']) ?? {}).filter((u) => Object.keys(u).length > 0);
          asList(hm['route']).forEach((rt, ri) => {
            const dest = asMap(asMap(rt)?.['destination']) ?? {};
            const to = backend(str(dest['host']), vs.namespace);
            if (!to) return;
            const base: RouteFact = { to, loc: locOf(vs, `/spec/${proto}/${hi}/route/${ri}/destination/host`) };
            const port = validPort(asMap(dest['port'])?.['number']);
            if (port !== undefined) base.port = port;
            for (const host of hosts.length > 0 ? hosts : [undefined]) {
              for (const u of uris.length > 0 ? uris : [{}]) {
                const rf: RouteFact = { ...base };
                if (host) rf.host = host;
                const exact = str(u['exact']);
                const prefix = str(u['prefix']);
                if (exact) {
                  rf.path = exact;
                  rf.pathType = 'Exact';
                } else if (prefix) rf.path = prefix;
                routes.push(rf);
              }
            }
          });
        });
      }
    }
    const g = istioGateways[0]!;
    ctx.edges.push({ product: 'istio-gateway', productLoc: locOf(g, '/kind'), nameLoc: nameLocOf(g), what: `Istio Gateway ${istioGateways.map((x) => x.name).join(', ')}`, routes });
  }

  // Traefik IngressRoute
  const ingressRoutes = (ctx.byKind.get('IngressRoute') ?? []).filter((o) => /traefik/.test(o.apiVersion));
  if (ingressRoutes.length > 0) {
    const routes: RouteFact[] = [];
    for (const ir of ingressRoutes) {
      asList(specOf(ir)['routes']).forEach((r, ri) => {
        const rm = asMap(r) ?? {};
        const match = str(rm['match']) ?? '';
        const policy: EdgePolicy = {};
        asList(rm['middlewares']).forEach((m, mi) => {
          const name = str(asMap(m)?.['name']);
          const mw = (ctx.byKind.get('Middleware') ?? []).find((x) => x.name === name);
          if (mw) applyTraefikMiddleware(policy, mw, locOf(ir, `/spec/routes/${ri}/middlewares/${mi}`));
        });
        asList(rm['services']).forEach((s, si) => {
          const to = backend(str(asMap(s)?.['name']), ir.namespace);
          if (!to) return;
          const rf: RouteFact = { to, loc: locOf(ir, `/spec/routes/${ri}/services/${si}/name`), policy };
          const host = /Host\(`([^`]+)`\)/.exec(match)?.[1];
          if (host) rf.host = host;
          const path = /Path(Prefix)?\(`([^`]+)`\)/.exec(match);
          if (path) {
            rf.path = path[2]!;
            if (!path[1]) rf.pathType = 'Exact';
          }
          routes.push(rf);
        });
      });
    }
    ctx.edges.push({ product: 'traefik', productLoc: locOf(ingressRoutes[0]!, '/kind'), nameLoc: nameLocOf(ingressRoutes[0]!), what: `Traefik IngressRoute ${ingressRoutes.map((r) => r.name).join(', ')}`, routes });
  }

  // The controller workloads (ingress-nginx, Kong, Traefik, the Istio ingress gateway, an Envoy or nginx Deployment).
  const controllers = ctx.kept.filter((u) => u.role.role.role === 'gateway');
  const family = (p: string) => p.replace(/^ingress-/, '').replace(/-gateway$/, '').replace(/^openresty$/, 'nginx');
  for (const e of ctx.edges) {
    e.controller = controllers.find((u) => family((u.role.role as { product: string }).product) === family(e.product));
  }
  // A GRPCRoute's backend serves gRPC on that port: known before calls are read, so a call to it is gRPC.
  for (const e of ctx.edges) {
    for (const r of e.routes) {
      if (!r.grpc) continue;
      // gRPC is more precise than the HTTP/2 an h2c appProtocol says.
      if (r.port !== undefined) r.to.portProtocols.set(r.port, 'grpc');
      r.to.protocols = r.to.protocols.filter((p) => !/h2c/.test(p.why));
      if (!r.to.protocols.some((p) => p.protocol === 'grpc')) r.to.protocols.push({ protocol: 'grpc', loc: r.loc, why: 'backend of a GRPCRoute' });
    }
  }
  // Auth declared on the workloads themselves: Kong plugins on Services, Istio RequestAuthentication.
  for (const u of ctx.kept) {
    for (const s of u.services) {
      const pol = mergePolicy(annotationPolicy(ctx, s.object), envoyGatewayPolicy(ctx, 'Service', s.object.name, s.namespace));
      if (pol?.auth && !u.auth) u.auth = pol.auth;
      if (pol?.rateLimit && !u.rateLimit) u.rateLimit = pol.rateLimit;
    }
  }
  for (const ra of ctx.byKind.get('RequestAuthentication') ?? []) {
    const spec = specOf(ra);
    if (asList(spec['jwtRules']).length === 0) continue;
    const selector = labelsOf(asMap(spec['selector'])?.['matchLabels']);
    const l = locOf(ra, '/spec/jwtRules');
    const rootNs = ra.namespace === 'istio-system';
    const why = `RequestAuthentication ${ra.name}`;
    // On the ingress gateway's pods it guards every route of the Istio edge.
    if (selector['istio'] === 'ingressgateway' || selector['app'] === 'istio-ingressgateway') {
      for (const e of ctx.edges) if (e.product === 'istio-gateway' && !e.policy?.auth) e.policy = { ...e.policy, auth: { kind: 'jwt', loc: l, why } };
      continue;
    }
    for (const u of ctx.kept) {
      if (u.role.role.role !== 'service') continue;
      const hit = u.workloads.some((w) => (rootNs || w.namespace === ra.namespace) && (Object.keys(selector).length === 0 || selectorMatches(selector, w.labels)));
      if (hit && !u.auth) u.auth = { kind: 'jwt', loc: l, why };
    }
  }
}

/**
 * Pass 7b (after the calls): with no edge resource in the manifests, a gateway-like workload
 * (nginx, Envoy, Kong... Deployment) is the edge, and what it calls is what it routes to.
 */
export function deriveWorkloadGateway(ctx: K8sContext): void {
  const controllers = ctx.kept.filter((u) => u.role.role.role === 'gateway');
  if (ctx.edges.length === 0 && controllers.length > 0) {
    // No edge resources: a gateway-like workload is the edge; what it calls is what it routes to.
    const u = [...controllers].sort((a, b) => Number(b.exposure === 'public') - Number(a.exposure === 'public'))[0]!;
    const product = (u.role.role as { product: string }).product;
    const routes = u.configRoutes.length > 0 ? u.configRoutes : ctx.calls.filter((c) => c.from === u && c.to.role.role.role === 'service').map((c) => ({ to: c.to, loc: c.evidence.loc }));
    ctx.edges.push({ product, productLoc: u.role.by === 'image' ? (u.workloads[0]?.containers[0]?.imageLoc ?? u.nameLoc) : u.nameLoc, nameLoc: u.nameLoc, what: `workload ${u.name}`, routes, controller: u, ...(u.namespace ? { namespace: u.namespace } : {}) });
  }

}

/**
 * Pass 6b: gateway configs mounted from ConfigMaps (an nginx.conf, envoy.yaml, kong.yml or
 * Traefik file in a ConfigMap volume): the workload is a gateway of that product, routes to what
 * the config names (those are its calls too), and the config's auth and limits apply there.
 * Positions point at the ConfigMap key that holds the config.
 */
export function deriveMountedConfigs(ctx: K8sContext): void {
  const book = dnsBook(ctx);
  for (const u of ctx.kept) {
    for (const w of u.workloads) {
      for (const name of w.configMapVolumes) {
        const data = ctx.configMaps.get(nsKey(w.namespace, name));
        for (const [key, entry] of data?.entries ?? []) {
          const cfg = readGatewayConfig(key, entry.value);
          if (!cfg || cfg.routes.length === 0 || cfg.product === 'unknown') continue;
          if (u.role.role.role !== 'gateway') u.role = { role: { role: 'gateway', product: cfg.product }, by: 'none', token: `${name}/${key}` };
          for (const cr of cfg.routes) {
            if (cr.blocked) continue;
            const to = book.resolve(cr.host, u.namespace);
            if (!to || to === u || to.leftOut) continue;
            const policy: EdgePolicy = {};
            const at_ = (l: Loc) => `ConfigMap ${name} key ${key}, line ${l.line} of it`;
            if (cr.auth) policy.auth = { kind: cr.auth.kind, loc: entry.keyLoc, why: `${cr.auth.why} in ${at_(cr.auth.loc)}` };
            if (cr.rateLimit) policy.rateLimit = { loc: entry.keyLoc, why: `${cr.rateLimit.why} in ${at_(cr.rateLimit.loc)}` };
            const r: RouteFact = { to, loc: entry.keyLoc, policy };
            if (cr.hosts?.[0]) r.host = cr.hosts[0];
            if (cr.path !== undefined) r.path = cr.path;
            if (cr.pathType === 'Exact') r.pathType = 'Exact';
            if (cr.port !== undefined) r.port = cr.port;
            u.configRoutes.push(r);
            const protocol = cr.protocol ?? callProtocol({ ...(cr.port !== undefined ? { port: cr.port } : {}), ...(cr.scheme ? { scheme: cr.scheme } : {}) }, to);
            ctx.calls.push({ from: u, to, ...(protocol ? { protocol } : {}), ...(cr.port !== undefined ? { port: cr.port } : {}), evidence: { kind: 'configmap', name: key, value: cr.host, loc: entry.keyLoc }, how: `route to ${cr.host}${cr.path ? ` (${cr.path})` : ''} in the ${cfg.product} config in ConfigMap ${name} key ${key}, line ${cr.loc.line} of it` });
          }
        }
      }
    }
  }
}
