/**
 * Gateway configuration files (bind-mounted into a compose service, or held in a ConfigMap):
 * what they route where, and the authentication and rate limits they apply, with positions.
 *
 * - Kong declarative config (`_format_version`): services (`url` or host/port/protocol), their
 *   routes (`paths`, `hosts`), plugins on services, routes and globally (`key-auth`, `jwt`,
 *   `basic-auth`, `oauth2`, `openid-connect`, `acl`, `rate-limiting`, `request-termination`...).
 * - Envoy static config (v2 `config` or v3 `typed_config`): routes (prefix/path → cluster),
 *   clusters' addresses, HTTP filters (`jwt_authn`, `ext_authz`, `basic_auth`, `oauth2`,
 *   `local_ratelimit`, `ratelimit`), websocket upgrades.
 * - nginx / OpenResty: `location` blocks with `proxy_pass` / `grpc_pass` (through `upstream`
 *   blocks), `limit_req`, `limit_conn`, `auth_request`, `auth_basic`, `auth_jwt`.
 * - Traefik dynamic (file provider) YAML: routers' rules, services' server URLs, middlewares
 *   (`rateLimit`, `forwardAuth`, `basicAuth`).
 * - Anything else: addresses on upstream-looking lines (`server`, `reverse_proxy`, `url:`).
 *
 * Pure: takes the text; YAML is parsed with the project's parser for positions.
 */
import type { AuthKind, Loc, Protocol } from '../core/types.js';
import { parseYamlDocuments, type YamlDocument } from '../yaml/parse.js';
import { findAddresses, protocolOfScheme } from './addresses.js';
import { asList, asMap, asString } from './common.js';

/** Kong plugin names → the auth they enforce. */
export const KONG_AUTH: Record<string, AuthKind> = {
  jwt: 'jwt', 'key-auth': 'api-key', 'key-auth-enc': 'api-key', 'hmac-auth': 'api-key', oauth2: 'oauth2', 'openid-connect': 'oauth2',
  'oauth2-introspection': 'oauth2', 'mtls-auth': 'mtls', 'basic-auth': 'basic', 'ldap-auth': 'basic', 'ldap-auth-advanced': 'basic',
};
export const KONG_RATE_LIMIT = /^(rate-limiting(-advanced)?|response-ratelimiting|graphql-rate-limiting-advanced)$/;

export interface ConfigRoute {
  /** The upstream host as written. */
  host: string;
  port?: number;
  scheme?: string;
  protocol?: Protocol;
  path?: string;
  pathType?: 'Prefix' | 'Exact';
  /** Host names the route matches (server_name, hosts, Host(`...`)). */
  hosts?: string[];
  loc: Loc;
  auth?: { kind: AuthKind; why: string; loc: Loc };
  rateLimit?: { why: string; loc: Loc };
  /** The route answers without forwarding (request-termination, `return 403`). */
  blocked?: boolean;
}

export interface GatewayConfig {
  product: 'kong' | 'envoy' | 'nginx' | 'traefik' | 'unknown';
  file: string;
  routes: ConfigRoute[];
  /** Facts worth a note that are not routes (consumers, ACLs, unread plugins). */
  facts: { message: string; loc: Loc }[];
}

function yamlDoc(text: string, file: string): YamlDocument | undefined {
  try {
    return parseYamlDocuments(text, file).find((d) => d.value !== null && d.value !== undefined);
  } catch {
    return undefined;
  }
}

const str = asString;

// ---------------------------------------------------------------- Kong

function readKong(doc: YamlDocument, file: string): GatewayConfig {
  const root = asMap(doc.value) ?? {};
  const out: GatewayConfig = { product: 'kong', file, routes: [], facts: [] };
  type Pol = Pick<ConfigRoute, 'auth' | 'rateLimit' | 'blocked'>;
  const apply = (pol: Pol, plugins: unknown, ptr: string) => {
    asList(plugins).forEach((p, i) => {
      const pm = asMap(p) ?? {};
      const name = str(pm['name']) ?? '';
      if (pm['enabled'] === false) return;
      const loc = doc.locate(`${ptr}/${i}/name`);
      const auth = Object.hasOwn(KONG_AUTH, name) ? KONG_AUTH[name] : undefined;
      if (auth && !pol.auth) pol.auth = { kind: auth, why: `Kong plugin ${name}`, loc };
      if (KONG_RATE_LIMIT.test(name) && !pol.rateLimit) pol.rateLimit = { why: `Kong plugin ${name}`, loc };
      if (name === 'request-termination') pol.blocked = true;
    });
  };
  // Top-level plugins: global, or attached to a service or route by name.
  const global: Pol = {};
  const byService = new Map<string, Pol>();
  const byRoute = new Map<string, Pol>();
  asList(root['plugins']).forEach((p, i) => {
    const pm = asMap(p) ?? {};
    const ref = (v: unknown) => str(v) ?? str(asMap(v)?.['name']) ?? str(asMap(v)?.['id']);
    const svc = ref(pm['service']);
    const route = ref(pm['route']);
    // A plugin scoped to a consumer only limits that consumer: not a property of the routes.
    if (pm['consumer'] !== undefined && svc === undefined && route === undefined) return;
    const target = svc !== undefined ? (byService.get(svc) ?? byService.set(svc, {}).get(svc)!) : route !== undefined ? (byRoute.get(route) ?? byRoute.set(route, {}).get(route)!) : global;
    if (pm['enabled'] === false) return;
    const name = str(pm['name']) ?? '';
    const loc = doc.locate(`/plugins/${i}/name`);
    const scope = target === global ? ' (global)' : '';
    const auth = Object.hasOwn(KONG_AUTH, name) ? KONG_AUTH[name] : undefined;
    if (auth && !target.auth) target.auth = { kind: auth, why: `Kong plugin ${name}${scope}`, loc };
    if (KONG_RATE_LIMIT.test(name) && !target.rateLimit) target.rateLimit = { why: `Kong plugin ${name}${scope}`, loc };
  });
  const routeFromService = (sm: Record<string, unknown>, sptr: string, routes: { rm: Record<string, unknown>; rptr: string }[]) => {
    const url = str(sm['url']);
    let host = str(sm['host']);
    let port = typeof sm['port'] === 'number' ? sm['port'] : undefined;
    let scheme = str(sm['protocol']);
    let hostLoc = doc.locate(`${sptr}/${sm['url'] !== undefined ? 'url' : 'host'}`);
    if (url !== undefined) {
      const a = findAddresses(url)[0];
      if (a) {
        host = a.host;
        port = a.port;
        scheme = str(sm['protocol']) ?? a.scheme;
        hostLoc = doc.locate(`${sptr}/url`);
      }
    }
    if (!host) return;
    const svcName = str(sm['name']) ?? '';
    const svcPol: Pol = { ...global, ...(byService.get(svcName) ?? {}) };
    apply(svcPol, sm['plugins'], `${sptr}/plugins`);
    const list = routes.length > 0 ? routes : [{ rm: {}, rptr: sptr }];
    for (const { rm, rptr } of list) {
      const pol: Pol = { ...svcPol, ...(byRoute.get(str(rm['name']) ?? '') ?? {}) };
      apply(pol, rm['plugins'], `${rptr}/plugins`);
      const paths = asList(rm['paths']).map((p) => str(p)).filter((p): p is string => p !== undefined);
      const hosts = asList(rm['hosts']).map((p) => str(p)).filter((p): p is string => p !== undefined);
      for (const path of paths.length > 0 ? paths : [undefined]) {
        const r: ConfigRoute = { host, loc: hostLoc };
        if (port !== undefined) r.port = port;
        if (scheme) {
          r.scheme = scheme;
          const p = protocolOfScheme(scheme);
          if (p) r.protocol = p;
        }
        if (path !== undefined) r.path = path.startsWith('~') ? path.slice(1) : path;
        if (hosts.length > 0) r.hosts = hosts;
        if (pol.auth) r.auth = pol.auth;
        if (pol.rateLimit) r.rateLimit = pol.rateLimit;
        if (pol.blocked) r.blocked = true;
        out.routes.push(r);
      }
    }
  };
  const topRoutes = asList(root['routes']).map((r, i) => ({ rm: asMap(r) ?? {}, rptr: `/routes/${i}` }));
  asList(root['services']).forEach((s, si) => {
    const sm = asMap(s) ?? {};
    const name = str(sm['name']);
    const own = asList(sm['routes']).map((r, i) => ({ rm: asMap(r) ?? {}, rptr: `/services/${si}/routes/${i}` }));
    const attached = topRoutes.filter(({ rm }) => name !== undefined && (str(rm['service']) === name || str(asMap(rm['service'])?.['name']) === name));
    routeFromService(sm, `/services/${si}`, [...own, ...attached]);
  });
  asList(root['consumers']).forEach((c, i) => {
    const cm = asMap(c) ?? {};
    const creds = ['keyauth_credentials', 'basicauth_credentials', 'jwt_secrets', 'oauth2_credentials', 'hmacauth_credentials'].filter((k) => asList(cm[k]).length > 0);
    if (creds.length > 0) out.facts.push({ message: `Kong consumer ${str(cm['username']) ?? str(cm['custom_id']) ?? i} holds ${creds.join(', ')}`, loc: doc.locate(`/consumers/${i}`) });
  });
  if (asList(root['acls']).length > 0) out.facts.push({ message: `Kong ACL groups restrict which consumers reach which routes (${asList(root['acls']).length} entries)`, loc: doc.locate('/acls') });
  return out;
}

// ---------------------------------------------------------------- Envoy

const ENVOY_AUTH: [RegExp, AuthKind][] = [[/jwt_authn/, 'jwt'], [/ext_authz/, 'oauth2'], [/oauth2/, 'oauth2'], [/basic_auth/, 'basic']];

function readEnvoy(doc: YamlDocument, file: string): GatewayConfig {
  const root = asMap(doc.value) ?? {};
  const out: GatewayConfig = { product: 'envoy', file, routes: [], facts: [] };
  const sr = asMap(root['static_resources']) ?? {};
  // Clusters: name → addresses.
  const clusters = new Map<string, { host: string; port?: number; loc: Loc }[]>();
  asList(sr['clusters']).forEach((c, ci) => {
    const cm = asMap(c) ?? {};
    const name = str(cm['name']);
    if (name === undefined) return;
    const addrs: { host: string; port?: number; loc: Loc }[] = [];
    const push = (sa: unknown, ptr: string) => {
      const s = asMap(sa) ?? {};
      const host = str(s['address']);
      if (!host) return;
      const port = typeof s['port_value'] === 'number' ? s['port_value'] : undefined;
      addrs.push({ host: host.toLowerCase(), ...(port !== undefined ? { port } : {}), loc: doc.locate(`${ptr}/address`) });
    };
    asList(cm['hosts']).forEach((h, hi) => push(asMap(h)?.['socket_address'], `/static_resources/clusters/${ci}/hosts/${hi}/socket_address`));
    asList(asMap(cm['load_assignment'])?.['endpoints']).forEach((e, ei) => {
      asList(asMap(e)?.['lb_endpoints']).forEach((l, li) => {
        push(asMap(asMap(asMap(l)?.['endpoint'])?.['address'])?.['socket_address'], `/static_resources/clusters/${ci}/load_assignment/endpoints/${ei}/lb_endpoints/${li}/endpoint/address/socket_address`);
      });
    });
    clusters.set(name, addrs);
  });
  asList(sr['listeners']).forEach((l, li) => {
    asList(asMap(l)?.['filter_chains']).forEach((fc, fi) => {
      asList(asMap(fc)?.['filters']).forEach((f, ffi) => {
        const fm = asMap(f) ?? {};
        const cfgKey = fm['typed_config'] !== undefined ? 'typed_config' : 'config';
        const cfg = asMap(fm[cfgKey]) ?? {};
        const base = `/static_resources/listeners/${li}/filter_chains/${fi}/filters/${ffi}/${cfgKey}`;
        let auth: ConfigRoute['auth'];
        let rateLimit: ConfigRoute['rateLimit'];
        asList(cfg['http_filters']).forEach((h, hi) => {
          const name = str(asMap(h)?.['name']) ?? '';
          const loc = doc.locate(`${base}/http_filters/${hi}/name`);
          const a = ENVOY_AUTH.find(([re]) => re.test(name));
          if (a && !auth) auth = { kind: a[1], why: `Envoy filter ${name}`, loc };
          if (/ratelimit/.test(name) && !rateLimit) rateLimit = { why: `Envoy filter ${name}`, loc };
        });
        asList(asMap(cfg['route_config'])?.['virtual_hosts']).forEach((vh, vi) => {
          const vhm = asMap(vh) ?? {};
          const domains = asList(vhm['domains']).map((d) => str(d)).filter((d): d is string => d !== undefined && d !== '*');
          asList(vhm['routes']).forEach((r, ri) => {
            const rm = asMap(r) ?? {};
            const match = asMap(rm['match']) ?? {};
            const route = asMap(rm['route']) ?? {};
            const cluster = str(route['cluster']);
            const targets = cluster !== undefined ? clusters.get(cluster) ?? [] : [];
            // A list per Envoy's API; eShop's config writes one mapping, which Envoy v1.11 accepted.
            const upgrades = asMap(route['upgrade_configs']) ? [route['upgrade_configs']] : asList(route['upgrade_configs']);
            const ws = upgrades.some((u) => /websocket/i.test(str(asMap(u)?.['upgrade_type']) ?? ''));
            for (const t of targets) {
              const cr: ConfigRoute = { host: t.host, loc: t.loc };
              if (t.port !== undefined) cr.port = t.port;
              const prefix = str(match['prefix']);
              const path = str(match['path']);
              if (path !== undefined) {
                cr.path = path;
                cr.pathType = 'Exact';
              } else if (prefix !== undefined) cr.path = prefix;
              if (domains.length > 0) cr.hosts = domains;
              if (ws) cr.protocol = 'websocket';
              if (auth) cr.auth = auth;
              if (rateLimit) cr.rateLimit = rateLimit;
              out.routes.push(cr);
            }
          });
        });
      });
    });
  });
  return out;
}

// ---------------------------------------------------------------- nginx

interface NginxDirective {
  name: string;
  args: string[];
  line: number;
  column: number;
  children?: NginxDirective[];
}

/** A small nginx config tokenizer: directives, arguments and blocks with positions. */
function parseNginx(text: string): NginxDirective[] {
  const root: NginxDirective[] = [];
  const stack: NginxDirective[][] = [root];
  let cur: NginxDirective | undefined;
  let line = 1;
  let col = 1;
  let i = 0;
  const advance = (ch: string) => {
    if (ch === '\n') {
      line++;
      col = 1;
    } else col++;
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '#') {
      while (i < text.length && text[i] !== '\n') advance(text[i++]!);
      continue;
    }
    if (/\s/.test(ch)) {
      advance(ch);
      i++;
      continue;
    }
    if (ch === ';') {
      cur = undefined;
      advance(ch);
      i++;
      continue;
    }
    if (ch === '{') {
      const block = cur ?? { name: '', args: [], line, column: col };
      block.children = [];
      if (!cur) stack[stack.length - 1]!.push(block);
      stack.push(block.children);
      cur = undefined;
      advance(ch);
      i++;
      continue;
    }
    if (ch === '}') {
      if (stack.length > 1) stack.pop();
      cur = undefined;
      advance(ch);
      i++;
      continue;
    }
    // A word (quoted or bare).
    const startLine = line;
    const startCol = col;
    let word = '';
    if (ch === '"' || ch === "'") {
      const q = ch;
      advance(ch);
      i++;
      while (i < text.length && text[i] !== q) {
        if (text[i] === '\\' && i + 1 < text.length) {
          advance(text[i]!);
          i++;
        }
        word += text[i];
        advance(text[i]!);
        i++;
      }
      advance(q);
      i++;
    } else {
      while (i < text.length && !/[\s;{}]/.test(text[i]!)) {
        word += text[i];
        advance(text[i]!);
        i++;
      }
    }
    if (!cur) {
      cur = { name: word, args: [], line: startLine, column: startCol };
      stack[stack.length - 1]!.push(cur);
    } else cur.args.push(word);
  }
  return root;
}

function readNginx(text: string, file: string): GatewayConfig | undefined {
  if (!/\b(proxy_pass|grpc_pass|fastcgi_pass|uwsgi_pass)\b/.test(text)) return undefined;
  const tree = parseNginx(text);
  const out: GatewayConfig = { product: 'nginx', file, routes: [], facts: [] };
  const upstreams = new Map<string, { host: string; port?: number; loc: Loc }[]>();
  const walkUpstreams = (ds: NginxDirective[]) => {
    for (const d of ds) {
      if (d.name === 'upstream' && d.children) {
        const servers = d.children.filter((c) => c.name === 'server' && c.args[0]).map((c) => {
          const a = findAddresses(c.args[0]!, 'server')[0];
          const [h, p] = c.args[0]!.split(':');
          return { host: (a?.host ?? h!).toLowerCase(), ...(a?.port ?? (p && /^\d+$/.test(p) ? Number(p) : undefined)) !== undefined ? { port: a?.port ?? Number(p) } : {}, loc: { file, line: c.line, column: c.column + c.name.length + 1 } };
        });
        upstreams.set(d.args[0] ?? '', servers);
      } else if (d.children) walkUpstreams(d.children);
    }
  };
  walkUpstreams(tree);
  type Pol = Pick<ConfigRoute, 'auth' | 'rateLimit'>;
  const policyOf = (ds: NginxDirective[], inherited: Pol): Pol => {
    const pol: Pol = { ...inherited };
    for (const d of ds) {
      const loc = { file, line: d.line, column: d.column };
      if ((d.name === 'limit_req' || d.name === 'limit_conn') && !pol.rateLimit) pol.rateLimit = { why: `nginx ${d.name}`, loc };
      if (d.name === 'auth_request' && d.args[0] !== 'off') pol.auth = { kind: 'oauth2', why: 'nginx auth_request (external auth, usually an OAuth2/OIDC proxy)', loc };
      if (d.name === 'auth_basic' && d.args[0] !== 'off') pol.auth = { kind: 'basic', why: 'nginx auth_basic', loc };
      if (d.name === 'auth_jwt' && d.args[0] !== 'off') pol.auth = { kind: 'jwt', why: 'nginx auth_jwt', loc };
    }
    return pol;
  };
  const walk = (ds: NginxDirective[], inherited: Pol, serverNames: string[], location?: NginxDirective) => {
    const pol = policyOf(ds, inherited);
    for (const d of ds) {
      if (d.name === 'server' && d.children) {
        const names = d.children.filter((c) => c.name === 'server_name').flatMap((c) => c.args).filter((n) => n !== '_' && n !== 'localhost' && n !== '');
        walk(d.children, pol, names);
      } else if ((d.name === 'http' || d.name === 'stream') && d.children) walk(d.children, pol, serverNames);
      else if (d.name === 'location' && d.children) walk(d.children, pol, serverNames, d);
      else if (/^(proxy_pass|grpc_pass)$/.test(d.name) && d.args[0]) {
        const target = d.args[0].replace(/\$[a-z_]+/gi, '');
        const a = findAddresses(target, 'upstream')[0];
        const hostWord = /^[a-z]+:\/\/([^/:]+)/i.exec(target)?.[1]?.toLowerCase();
        const viaUpstream = hostWord !== undefined ? upstreams.get(hostWord) : undefined;
        const targets = viaUpstream ?? (a ? [{ host: a.host, ...(a.port !== undefined ? { port: a.port } : {}), loc: { file, line: d.line, column: d.column + d.name.length + 1 + a.offset } }] : []);
        const scheme = /^([a-z]+):\/\//i.exec(target)?.[1];
        for (const t of targets) {
          const r: ConfigRoute = { host: t.host, loc: t.loc };
          if (t.port !== undefined) r.port = t.port;
          if (scheme) r.scheme = scheme;
          if (d.name === 'grpc_pass') r.protocol = 'grpc';
          else if (scheme) r.protocol = protocolOfScheme(scheme) ?? 'http';
          if (location) {
            const [mod, path] = location.args.length > 1 ? [location.args[0], location.args[1]] : [undefined, location.args[0]];
            if (path !== undefined && (mod === undefined || mod === '=' || mod === '^~')) {
              r.path = path;
              if (mod === '=') r.pathType = 'Exact';
            }
          }
          if (serverNames.length > 0) r.hosts = serverNames;
          if (pol.auth) r.auth = pol.auth;
          if (pol.rateLimit) r.rateLimit = pol.rateLimit;
          if (location?.children?.some((c) => c.name === 'proxy_set_header' && /upgrade/i.test(c.args.join(' ')))) r.protocol = 'websocket';
          out.routes.push(r);
        }
      }
    }
  };
  walk(tree, {}, []);
  return out;
}

// ---------------------------------------------------------------- Traefik file provider

function readTraefik(doc: YamlDocument, file: string): GatewayConfig {
  const http = asMap(asMap(doc.value)?.['http']) ?? {};
  const out: GatewayConfig = { product: 'traefik', file, routes: [], facts: [] };
  const services = asMap(http['services']) ?? {};
  const middlewares = asMap(http['middlewares']) ?? {};
  for (const [rname, r] of Object.entries(asMap(http['routers']) ?? {})) {
    const rm = asMap(r) ?? {};
    const svc = str(rm['service']);
    const rule = str(rm['rule']) ?? '';
    let auth: ConfigRoute['auth'];
    let rateLimit: ConfigRoute['rateLimit'];
    asList(rm['middlewares']).forEach((m, mi) => {
      const mw = asMap(middlewares[str(m) ?? '']) ?? {};
      const loc = doc.locate(`/http/routers/${rname}/middlewares/${mi}`);
      if (mw['rateLimit'] !== undefined && !rateLimit) rateLimit = { why: `Traefik middleware ${str(m)} (rateLimit)`, loc };
      if (mw['forwardAuth'] !== undefined && !auth) auth = { kind: 'oauth2', why: `Traefik middleware ${str(m)} (forwardAuth)`, loc };
      if (mw['basicAuth'] !== undefined && !auth) auth = { kind: 'basic', why: `Traefik middleware ${str(m)} (basicAuth)`, loc };
    });
    const servers = asList(asMap(asMap(services[svc ?? ''])?.['loadBalancer'])?.['servers']);
    servers.forEach((s, si) => {
      const url = str(asMap(s)?.['url']);
      const a = url ? findAddresses(url)[0] : undefined;
      if (!a) return;
      const cr: ConfigRoute = { host: a.host, loc: doc.locate(`/http/services/${svc}/loadBalancer/servers/${si}/url`) };
      if (a.port !== undefined) cr.port = a.port;
      if (a.scheme) {
        cr.scheme = a.scheme;
        const p = protocolOfScheme(a.scheme);
        if (p) cr.protocol = p;
      }
      const host = /Host\(`([^`]+)`\)/.exec(rule)?.[1];
      if (host) cr.hosts = [host];
      const path = /Path(Prefix)?\(`([^`]+)`\)/.exec(rule);
      if (path) {
        cr.path = path[2]!;
        if (!path[1]) cr.pathType = 'Exact';
      }
      if (auth) cr.auth = auth;
      if (rateLimit) cr.rateLimit = rateLimit;
      out.routes.push(cr);
    });
  }
  return out;
}

// ---------------------------------------------------------------- anything else

const UPSTREAM_LINE = /^\s*(server|backend|reverse_proxy|upstream|proxy|url|uri|address|host|to)\b|\b(url|address|upstream|backend)\s*[:=]/i;

function readLines(text: string, file: string): GatewayConfig {
  const out: GatewayConfig = { product: 'unknown', file, routes: [], facts: [] };
  text.split('\n').forEach((line, i) => {
    if (/^\s*[#;]/.test(line) || !UPSTREAM_LINE.test(line)) return;
    for (const a of findAddresses(line)) {
      out.routes.push({ host: a.host, ...(a.port !== undefined ? { port: a.port } : {}), ...(a.scheme ? { scheme: a.scheme } : {}), loc: { file, line: i + 1, column: a.offset + 1 } });
    }
  });
  return out;
}

/** Reads one config file; undefined when it holds no routing. */
export function readGatewayConfig(file: string, text: string): GatewayConfig | undefined {
  const looksYaml = /\.(ya?ml|json)$/i.test(file);
  if (looksYaml) {
    const doc = yamlDoc(text, file);
    const root = asMap(doc?.value);
    if (doc && root) {
      if (root['_format_version'] !== undefined || (Array.isArray(root['services']) && asList(root['services']).some((s) => asMap(s)?.['url'] !== undefined || asMap(s)?.['routes'] !== undefined))) return readKong(doc, file);
      if (root['static_resources'] !== undefined) return readEnvoy(doc, file);
      if (asMap(root['http'])?.['routers'] !== undefined) return readTraefik(doc, file);
    }
  }
  const nginx = readNginx(text, file);
  if (nginx) return nginx;
  const lines = readLines(text, file);
  return lines.routes.length > 0 ? lines : undefined;
}
