/**
 * Pass 5: the edge. Every gateway-like service (nginx, Envoy, Kong, Traefik, HAProxy, Spring
 * Cloud Gateway, ...; or any service with a gateway config mounted into it) routes to what its
 * mounted configs name (Kong declarative, Envoy static, nginx, Traefik file provider) and, for
 * Traefik, to the containers carrying its router labels; what it calls otherwise (addresses in
 * its environment) it routes to as well. Routes are calls of the gateway, hosts and paths
 * become gateway rules, and the plugins, filters and middlewares on them (key-auth, jwt,
 * basic-auth, rate limits, forward auth...) become the auth and rate limits of the services
 * behind them. The modelled gateway is a published one first, then the one with most routes.
 */
import type { AuthKind, Loc } from '../../core/types.js';
import { at } from '../common.js';
import { addressBook, callProtocol } from './calls.js';
import type { CRoute, ComposeContext, CService } from './context.js';
import { roleLoc } from './roles.js';

interface TraefikMiddleware {
  rateLimit?: Loc;
  auth?: { kind: AuthKind; loc: Loc; how: string };
}

function traefikMiddlewares(ctx: ComposeContext): Map<string, TraefikMiddleware> {
  const out = new Map<string, TraefikMiddleware>();
  for (const s of ctx.services) {
    for (const [key, l] of s.labels) {
      const m = /^traefik\.http\.middlewares\.([^.]+)\.([a-z]+)\./i.exec(key);
      if (!m) continue;
      const mw = out.get(m[1]!) ?? out.set(m[1]!, {}).get(m[1]!)!;
      const kind = m[2]!.toLowerCase();
      if ((kind === 'ratelimit' || kind === 'inflightreq') && !mw.rateLimit) mw.rateLimit = l.loc;
      if (kind === 'forwardauth' && !mw.auth) mw.auth = { kind: 'oauth2', loc: l.loc, how: 'forward-auth' };
      if ((kind === 'basicauth' || kind === 'digestauth') && !mw.auth) mw.auth = { kind: 'basic', loc: l.loc, how: 'basic-auth' };
    }
  }
  return out;
}

/** Containers a Traefik instance routes to, from their labels. */
function traefikRoutes(ctx: ComposeContext, gateway: CService): CRoute[] {
  const mws = traefikMiddlewares(ctx);
  const routes: CRoute[] = [];
  for (const s of ctx.kept) {
    if (s === gateway || s.labels.get('traefik.enable')?.value === 'false') continue;
    const rules = [...s.labels].filter(([k]) => /^traefik\.(http|tcp)\.routers\.[^.]+\.rule$/i.test(k));
    const enable = s.labels.get('traefik.enable');
    if (rules.length === 0 && enable?.value !== 'true') continue;
    const port = Number([...s.labels].find(([k]) => /^traefik\.http\.services\.[^.]+\.loadbalancer\.server\.port$/i.test(k))?.[1].value);
    for (const [key, l] of rules.length > 0 ? rules : [['', enable!] as const]) {
      const router = /^traefik\.(?:http|tcp)\.routers\.([^.]+)\.rule$/i.exec(key)?.[1];
      const r: CRoute = { to: s, loc: l.loc };
      const host = /Host\(`([^`]+)`\)/.exec(l.value)?.[1];
      if (host) r.host = host;
      const path = /Path(Prefix)?\(`([^`]+)`\)/.exec(l.value);
      if (path) {
        r.path = path[2]!;
        if (!path[1]) r.pathType = 'Exact';
      }
      if (Number.isInteger(port) && port > 0) r.port = port;
      const mwLabel = router ? s.labels.get(`traefik.http.routers.${router}.middlewares`) : undefined;
      for (const ref of (mwLabel?.value ?? '').split(',').map((x) => x.trim().split('@')[0]!).filter((x) => x !== '')) {
        const mw = mws.get(ref);
        if (mw?.rateLimit && !r.rateLimit) r.rateLimit = { loc: mwLabel!.loc, why: `Traefik middleware ${ref} (rate limit, ${at(mw.rateLimit)})` };
        if (mw?.auth && !r.auth) r.auth = { kind: mw.auth.kind, loc: mwLabel!.loc, why: `Traefik middleware ${ref} (${mw.auth.how}, ${at(mw.auth.loc)})` };
      }
      routes.push(r);
    }
  }
  return routes;
}

/** Pass 5: every edge, its routes (as calls too) and their policies; the modelled gateway first. */
export function deriveGateway(ctx: ComposeContext): void {
  const book = addressBook(ctx);
  const candidates = ctx.kept.filter((s) => s.role.role.role === 'gateway');
  for (const g of candidates) {
    const product = (g.role.role as { product: string }).product;
    const routes: CRoute[] = [];
    for (const cfg of g.configs) {
      for (const cr of cfg.routes) {
        if (cr.blocked) continue;
        const to = book.resolve(cr.host);
        if (!to || to === g || to.leftOut || !ctx.kept.includes(to)) continue;
        const r: CRoute = { to, loc: cr.loc };
        if (cr.hosts?.[0]) r.host = cr.hosts[0];
        if (cr.path) r.path = cr.path;
        if (cr.pathType === 'Exact') r.pathType = 'Exact';
        if (cr.port !== undefined) r.port = cr.port;
        const p = cr.protocol === 'websocket' ? 'websocket' : callProtocol({ ...(cr.port !== undefined ? { port: cr.port } : {}), ...(cr.scheme ? { scheme: cr.scheme } : {}) }, to);
        if (p) r.protocol = p;
        if (cr.auth) r.auth = cr.auth;
        if (cr.rateLimit) r.rateLimit = cr.rateLimit;
        routes.push(r);
        ctx.calls.push({ from: g, to, ...(r.protocol ? { protocol: r.protocol } : {}), ...(cr.port !== undefined ? { port: cr.port } : {}), evidence: { kind: 'config', name: cfg.file, value: cr.host, loc: cr.loc }, how: `route to ${cr.host}${cr.path ? ` (${cr.path})` : ''} in its mounted config ${cfg.file}` });
      }
      for (const f of cfg.facts) ctx.notes.push({ message: `${g.name}: ${f.message}`, loc: f.loc });
    }
    if (product === 'traefik') {
      for (const r of traefikRoutes(ctx, g)) {
        routes.push(r);
        ctx.calls.push({ from: g, to: r.to, evidence: { kind: 'label', name: 'traefik router', value: r.to.name, loc: r.loc }, how: 'Traefik router label on it' });
      }
    }
    // What it calls otherwise (Spring Cloud Gateway routes in variables, an upstream URL) it routes to.
    for (const c of ctx.calls) {
      if (c.from !== g || routes.some((r) => r.to === c.to)) continue;
      if (c.to.role.role.role !== 'service') continue;
      routes.push({ to: c.to, loc: c.evidence.loc, ...(c.protocol ? { protocol: c.protocol } : {}) });
    }
    if (product === 'kong' && g.configs.length === 0) {
      const db = g.env.get('KONG_DATABASE');
      ctx.notes.push({ message: `${g.name}: Kong's routes and plugins are ${db && db.value !== 'off' ? `in its database (KONG_DATABASE=${db.value})` : 'in a declarative config not mounted from these files'}; mount or name the kong.yml to read them`, loc: db?.loc ?? g.nameLoc });
    }
    ctx.edges.push({ service: g, product, productLoc: roleLoc(g), what: `${g.name} (${product === 'unknown' ? 'an edge proxy of unknown product' : product})`, routes });
  }
  // Published first, then most routes, then most callers, then file order.
  const callers = new Map<CService, number>();
  for (const c of ctx.calls) callers.set(c.to, (callers.get(c.to) ?? 0) + 1);
  ctx.edges.sort((a, b) =>
    Number(b.service.exposure === 'public' || b.service.ports.some((p) => p.published)) - Number(a.service.exposure === 'public' || a.service.ports.some((p) => p.published)) ||
    b.routes.length - a.routes.length || (callers.get(b.service) ?? 0) - (callers.get(a.service) ?? 0) || ctx.kept.indexOf(a.service) - ctx.kept.indexOf(b.service));
  // Every published edge makes its backends reachable from outside and applies its policies.
  for (const e of ctx.edges) {
    const published = e.service.ports.some((p) => p.published);
    for (const r of e.routes) {
      const t = r.to;
      if (published && t.exposure === 'internal') {
        t.exposure = 'public';
        t.exposureLoc = r.loc;
        t.exposureWhy = `routed from outside by ${e.service.name} (${at(r.loc)})`;
      }
      if (r.auth && !t.auth) t.auth = r.auth;
      if (r.rateLimit && !t.rateLimit) t.rateLimit = r.rateLimit;
      if (r.protocol === 'websocket' && !t.protocols.some((p) => p.protocol === 'websocket')) t.protocols.push({ protocol: 'websocket', loc: r.loc, why: `${e.service.name} routes WebSocket traffic to it` });
    }
  }
}
