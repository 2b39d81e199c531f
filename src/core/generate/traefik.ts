/**
 * The `traefik` target: Traefik v3 dynamic configuration for its file provider, for Traefik run
 * off Kubernetes (compose, containers, VMs, Nomad, ECS; on Kubernetes Traefik reads the
 * gateway-api target's objects instead). One router per route on the HTTPS entry point, rules
 * built from the hosts and paths the edge serves, one loadBalancer service per backend at the
 * address the platform resolves (the compose service name, or a DNS name elsewhere) and the
 * port from the model, and middlewares for what the model declares: rateLimit, basicAuth, a
 * forwardAuth placeholder for API keys and tokens (open-source Traefik checks neither), client
 * certificates through a TLS option, stripPrefix for prefixes meshgate invented, retry when asked.
 *
 * Semantics followed (https://doc.traefik.io/traefik/routing/routers/ , "Rules & Priority"):
 * rule values are Go string literals (backticks, or double quotes with Go escapes); Host matches
 * the request host exactly (lower-cased); PathPrefix is a plain string prefix (`/a` matches
 * `/ab`), so a Gateway API-style prefix `/a` is written `Path(`/a`) || PathPrefix(`/a/`)`;
 * the router with the highest priority among those that match wins, so every router carries an
 * explicit priority that ranks an exact host over a wildcard, then an exact path over any
 * prefix, then longer prefixes first (the Gateway API's precedence).
 * The file is built as data and serialised with js-yaml; the only text assembled by hand is the
 * rule, whose values go through `ruleValue`.
 */
import { dump } from 'js-yaml';
import { assertDnsLabel } from './names.js';
import { wants, type GenService } from './model.js';
import { commentText, fileHeader, nameList, type GeneratedFile } from './render.js';
import { edgeNotes, resolveRoutes, type GenContext, type ResolvedRoute } from './gateway-api.js';

/** Path of the file the target writes (inside --out). */
export const TRAEFIK_FILE = 'traefik/dynamic.yaml';
/** Names meshgate gives its own objects: they hold '_', which no service name (a DNS label) can. */
export const REDIRECT_ROUTER = 'https_redirect';
export const MTLS_OPTION = 'client_certificates';

/**
 * A value as a Go string literal inside a rule: a raw string in backticks, or, when the value
 * holds a backtick (a raw string cannot), an interpreted string in double quotes. JSON's string
 * escapes (\" \\ \n \uXXXX ...) are all valid Go escapes, so JSON.stringify gives one.
 */
export function ruleValue(value: string): string {
  return value.includes('`') ? JSON.stringify(value) : `\`${value}\``;
}

/** Escapes a literal for a Go regular expression (RE2): every ASCII punctuation mark that has a meaning. */
function regexpLiteral(text: string): string {
  return text.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

/**
 * The host part of a rule: Host for a name, HostRegexp for a `*.` wildcard (one or more labels,
 * as the Gateway API and nginx read it). Host(`*.example.com`) exists only since Traefik v3.7 and
 * matches a single label, so it would serve fewer hosts than the other targets do.
 */
function hostMatcher(host: string): string {
  if (host.startsWith('*.')) return `HostRegexp(${ruleValue(`^.+\\.${regexpLiteral(host.slice(2))}$`)})`;
  return `Host(${ruleValue(host)})`;
}

/** The path part of a rule, or undefined when the route takes every path on its host. */
function pathMatcher(r: ResolvedRoute): string | undefined {
  // gRPC routes match on the host alone, as the GRPCRoute and the nginx location / do.
  if (r.service.protocol === 'grpc') return undefined;
  if (r.pathType === 'Exact') return `Path(${ruleValue(r.path)})`;
  const trimmed = r.path.replace(/\/+$/, '');
  if (trimmed === '') return undefined;
  // A prefix is matched by path segment: /a and /a/..., never /ab.
  return `(Path(${ruleValue(trimmed)}) || PathPrefix(${ruleValue(`${trimmed}/`)}))`;
}

/** The whole rule of a route. */
export function routeRule(r: ResolvedRoute): string {
  const path = pathMatcher(r);
  return path ? `${hostMatcher(r.host)} && ${path}` : hostMatcher(r.host);
}

/**
 * Explicit priority, so the most specific route wins the way the Gateway API ranks them: an exact
 * host over any wildcard (a longer wildcard suffix first), then an exact path over any prefix,
 * then the longer prefix. Traefik's default (the rule's length) would not guarantee this.
 */
export function routePriority(r: ResolvedRoute): number {
  const hostRank = r.host.startsWith('*.') ? Math.min(r.host.length, 253) : 300;
  const path = r.service.protocol === 'grpc' ? '' : r.pathType === 'Exact' ? r.path : r.path.replace(/\/+$/, '');
  const pathRank = r.service.protocol !== 'grpc' && r.pathType === 'Exact' ? 5000 + Math.min(path.length, 4999) : 1 + Math.min(path.length, 4998);
  return hostRank * 10_000 + pathRank;
}

/** Base of the names written for a service: its label, with '.' (name.namespace) as '_' so names stay unique. */
function baseName(s: GenService): string {
  assertDnsLabel(s.name);
  return s.label.replace(/\./g, '_');
}

/** The address Traefik sends to: the service name, which the compose network (or your DNS) resolves. */
function serverUrl(s: GenService, port: number): string {
  const scheme = s.protocol === 'grpc' ? 'h2c' : 'http';
  return `${scheme}://${assertDnsLabel(s.name)}:${port}`;
}

/** What the routers of the file are built from: each route with its router, service and middlewares. */
export interface TraefikRoute {
  route: ResolvedRoute;
  router: string;
  service: string;
  middlewares: string[];
}

/** Routers, services and middlewares as data, plus what the header must say about them. */
export function traefikPlan(ctx: GenContext): { document: Record<string, unknown>; routes: TraefikRoute[]; placeholders: Map<string, string> } {
  const d = ctx.defaults.traefik;
  const routes = resolveRoutes(ctx);
  const routers: Record<string, unknown> = {};
  const services: Record<string, unknown> = {};
  const middlewares: Record<string, unknown> = {};
  /** Middleware name -> the comment written above it (placeholders to replace). */
  const placeholders = new Map<string, string>();
  const out: TraefikRoute[] = [];
  const perService = new Map<string, ResolvedRoute[]>();
  for (const r of routes) perService.set(r.service.key, [...(perService.get(r.service.key) ?? []), r]);
  for (const rs of perService.values()) {
    const s = rs[0]!.service;
    const base = baseName(s);
    const ports = [...new Set(rs.map((r) => r.port))];
    const own: string[] = [];
    if (s.rateLimit) {
      middlewares[`${base}-ratelimit`] = { rateLimit: { average: d.rateLimit.average, period: d.rateLimit.period, burst: d.rateLimit.burst } };
      own.push(`${base}-ratelimit`);
    }
    if (s.auth === 'basic') {
      middlewares[`${base}-auth`] = { basicAuth: { usersFile: d.basicAuthUsersFile, removeHeader: true } };
      placeholders.set(`${base}-auth`, `PLACEHOLDER: usersFile ${d.basicAuthUsersFile}: create it with htpasswd (bcrypt); no user or password is written here`);
      own.push(`${base}-auth`);
    } else if (s.auth === 'api-key' || s.auth === 'jwt' || s.auth === 'oauth2') {
      middlewares[`${base}-auth`] = { forwardAuth: { address: d.forwardAuthAddress, trustForwardHeader: false } };
      placeholders.set(`${base}-auth`, `PLACEHOLDER: address ${d.forwardAuthAddress} -> your verifier of ${s.auth === 'api-key' ? 'API keys' : s.auth === 'jwt' ? 'JWTs' : 'OAuth2 tokens'} (open-source Traefik checks none itself); until then every request is refused`);
      own.push(`${base}-auth`);
    }
    if (wants(ctx.model, 'retries')) {
      middlewares[`${base}-retry`] = { retry: { attempts: d.retryAttempts } };
      own.push(`${base}-retry`);
    }
    for (const port of ports) services[ports.length > 1 ? `${base}_${port}` : base] = { loadBalancer: { servers: [{ url: serverUrl(s, port) }] } };
    rs.forEach((r, i) => {
      const router = rs.length > 1 ? `${base}_${i + 1}` : base;
      const mw = [...own];
      if (r.stripPrefix) {
        middlewares[`${base}-strip`] = { stripPrefix: { prefixes: [r.path] } };
        mw.push(`${base}-strip`);
      }
      const service = ports.length > 1 ? `${base}_${r.port}` : base;
      const entry: Record<string, unknown> = { entryPoints: [d.entryPoints.websecure], rule: routeRule(r), priority: routePriority(r), service };
      if (mw.length > 0) entry['middlewares'] = mw;
      entry['tls'] = s.auth === 'mtls' ? { options: MTLS_OPTION } : {};
      routers[router] = entry;
      out.push({ route: r, router, service, middlewares: mw });
    });
  }
  const hosts = [...new Set(routes.map((r) => r.host))];
  if (hosts.length > 0) {
    // noop@internal is the service Traefik's own entry-point redirection routers use (its internal provider always defines it).
    routers[REDIRECT_ROUTER] = { entryPoints: [d.entryPoints.web], rule: hosts.map(hostMatcher).join(' || '), priority: 1, middlewares: [REDIRECT_ROUTER], service: 'noop@internal' };
    middlewares[REDIRECT_ROUTER] = { redirectScheme: { scheme: 'https', permanent: true } };
  }
  const http: Record<string, unknown> = { routers, services };
  if (Object.keys(middlewares).length > 0) http['middlewares'] = middlewares;
  const tls: Record<string, unknown> = { certificates: [{ certFile: d.certFile, keyFile: d.keyFile }] };
  if (routes.some((r) => r.service.auth === 'mtls')) {
    tls['options'] = { [MTLS_OPTION]: { minVersion: 'VersionTLS12', clientAuth: { caFiles: [d.clientCaFile], clientAuthType: 'RequireAndVerifyClientCert' } } };
  }
  return { document: { http, tls }, routes: out, placeholders };
}

/** Serialises the plan, with a comment line above each middleware that holds a placeholder. */
function renderDocument(document: Record<string, unknown>, placeholders: ReadonlyMap<string, string>): string {
  const text = dump(document, { noRefs: true, lineWidth: -1 });
  // Middleware names are DNS labels plus a fixed suffix, so they are dumped as plain keys at
  // four spaces under http.middlewares: the comment goes right above that line.
  const lines = text.split('\n');
  const at = lines.indexOf('  middlewares:');
  if (at < 0) return text;
  return lines
    .flatMap((line, i) => {
      const m = i > at ? /^ {4}([A-Za-z0-9_.-]+):$/.exec(line) : null;
      const note = m ? placeholders.get(m[1]!) : undefined;
      return note ? [`    # ${commentText(note)}`, line] : [line];
    })
    .join('\n');
}

/** Files of the traefik target: one dynamic configuration file. */
export function traefikFiles(ctx: GenContext): GeneratedFile[] {
  const { model } = ctx;
  const d = ctx.defaults.traefik;
  const { document, routes, placeholders } = traefikPlan(ctx);
  const resolved = routes.map((r) => r.route);
  const routed = [...new Set(resolved.map((r) => r.service))];
  const assumedHosts = [...new Set(resolved.filter((r) => r.hostAssumed).map((r) => r.host))];
  const fillIn = [
    ...(assumedHosts.length > 0 ? [`hosts ${nameList(assumedHosts)} -> your real hostnames (in the rules and the redirect router)`] : []),
    `certificate: ${d.certFile} and ${d.keyFile} -> your certificate and key (or a certResolver on the routers, set up in the static configuration)`,
  ];
  if (routed.some((s) => s.auth === 'api-key' || s.auth === 'jwt' || s.auth === 'oauth2')) fillIn.push(`forwardAuth address ${d.forwardAuthAddress} -> the service that verifies API keys or tokens (it answers 2xx to let a request through)`);
  if (routed.some((s) => s.auth === 'basic')) fillIn.push(`basicAuth usersFile ${d.basicAuthUsersFile}: create it with \`htpasswd -B\`; meshgate writes no user or password`);
  if (routed.some((s) => s.auth === 'mtls')) fillIn.push(`client CA: ${d.clientCaFile} -> the CA that signs your clients' certificates`);
  const placeholderPorts = routed.filter((s) => s.assumed.port && !s.placeholder).map((s) => s.label);
  const placeholdersSaid = placeholderPorts.length > 0 ? [`port 8080 for ${nameList(placeholderPorts)} (no port declared): set the real port in each server url`] : [];
  const addresses =
    model.platform === 'containers'
      ? 'server urls use the compose service names: run Traefik on the same compose network'
      : `server urls use the service names: on platform "${model.platform}" make them resolve from Traefik (DNS, /etc/hosts or your service discovery) or write the addresses`;
  const notes = [...ctx.picks.notes, ...edgeNotes(ctx), addresses];
  if (model.edge.existing && /traefik/i.test(model.edge.existing.product)) notes.push('you already route with Traefik (container labels): routers from labels (@docker) and from this file (@file) would both be active; keep one source per route.');
  if (routed.some((s) => s.rateLimit)) notes.push(`rateLimit: ${d.rateLimit.average} requests per ${d.rateLimit.period} per client address, bursts of ${d.rateLimit.burst}, counted by each Traefik instance on its own; behind another proxy set sourceCriterion.ipStrategy.depth or every client shares the proxy's address.`);
  if (wants(model, 'timeouts')) notes.push('timeouts are not written: Traefik sets them on the entry point (static configuration, transport.respondingTimeouts) or a serversTransport (forwardingTimeouts), outside the routers and middlewares this file holds.');
  if (wants(model, 'retries')) notes.push('retry reissues a request only when the backend does not answer (network errors), never on a 5xx answer.');
  notes.push('requests for any other host match no router and get 404 from Traefik.');
  const warnings: string[] = [];
  const mtlsHosts = new Set(resolved.filter((r) => r.service.auth === 'mtls').map((r) => r.host));
  const shared = [...new Set(resolved.filter((r) => r.service.auth !== 'mtls' && mtlsHosts.has(r.host)).map((r) => r.host))];
  const wildcardMtls = [...mtlsHosts].filter((h) => h.startsWith('*.'));
  if (wildcardMtls.length > 0) warnings.push(`client certificates are NOT required on ${nameList(wildcardMtls)}: Traefik picks TLS options from the Host matchers of a rule, and a wildcard host is written as HostRegexp, which it does not use for that; give the mTLS services an exact host.`);
  if (shared.length > 0) warnings.push(`client certificates are NOT required on ${nameList(shared)}: Traefik picks TLS options per host name (SNI), and these hosts serve routes with and without auth: mtls, so it falls back to the default options; give the mTLS services a host of their own.`);
  if (routes.length === 0) notes.push('no routed service: the file has no router; add routers for what you expose.');
  const content =
    fileHeader({
      title: 'Traefik v3 dynamic configuration (file provider): routers, services and middlewares for the edge (HTTPS only; HTTP redirects).',
      model,
      fillIn,
      apply: [
        `static configuration: entryPoints ${d.entryPoints.web} (:80) and ${d.entryPoints.websecure} (:443), providers.file.filename pointing at this file (watch: true)`,
        'traefik --configFile=/etc/traefik/traefik.yml   (the file provider reloads this file on change)',
      ],
      notes,
      warnings,
      placeholders: placeholdersSaid,
    }) + renderDocument(document, placeholders);
  const hosts = new Set(resolved.map((r) => r.host)).size;
  return [{ path: TRAEFIK_FILE, target: 'traefik', description: `Traefik dynamic configuration: ${routes.length} router(s) on ${hosts} host(s), TLS, HTTP->HTTPS redirect`, content }];
}
