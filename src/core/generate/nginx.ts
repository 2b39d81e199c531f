/**
 * The `nginx` target: nginx.conf for a reverse proxy at the edge. One TLS server per hostname,
 * locations for the hosts and paths the existing gateway serves (paths from the input reach the
 * service unchanged; only a prefix meshgate invented is stripped), gRPC without nginx's HTTP
 * limits (1 MiB bodies, 60 s reads) that break streams, client certificates (`ssl_verify_client`)
 * for `auth: mtls` services, limit_req where rate limiting is asked for, an HTTP server that
 * redirects the known hosts to HTTPS, and default servers that refuse every other Host name.
 *
 * Upstream names are resolved at request time (`resolver` + a `$backend` variable) rather
 * than in `upstream` blocks: nginx resolves `upstream` servers once, at start-up, and refuses
 * to start when a name does not resolve yet (a container that is still starting, a Service
 * created later). Request-time resolution also follows IP changes, and it lets `nginx -t`
 * check the file on a machine that cannot resolve the service names.
 */
import { assertDnsLabel } from './names.js';
import { wants, type GenService } from './model.js';
import { fileHeader, nameList, type GeneratedFile } from './render.js';
import { edgeNotes, resolveRoutes, type GenContext, type ResolvedRoute } from './gateway-api.js';
import { block, directive, raw, renderNginx, user, type NginxDirective, type NginxNode } from './nginx-syntax.js';

/** DNS server the resolver uses, by platform, with what it is. */
function resolverFor(ctx: GenContext): { address: string; what: string } {
  const r = ctx.defaults.nginx.resolvers;
  switch (ctx.model.platform) {
    case 'kubernetes':
    case 'mixed':
      return { address: r.kubernetes, what: 'your cluster DNS Service IP (kubectl -n kube-system get svc kube-dns)' };
    case 'vms':
      return { address: r.vms, what: 'a DNS server that resolves your service names' };
    default:
      return { address: r.containers, what: "Docker's embedded DNS when nginx runs in the same compose network; change it otherwise" };
  }
}

function backendAddress(ctx: GenContext, s: GenService, port: number): string {
  const name = assertDnsLabel(s.name);
  const k8s = ctx.model.platform === 'kubernetes' || ctx.model.platform === 'mixed';
  return `${k8s ? `${name}.${s.namespace}.svc.cluster.local` : name}:${port}`;
}

// Zones are global to nginx: a name two namespaces carry is told apart by its namespace (the label).
function zoneName(s: GenService): string {
  assertDnsLabel(s.name);
  return `rl_${s.label.replace(/[-.]/g, '_')}`;
}

/** The body shared by the locations of one route. */
function locationBody(ctx: GenContext, r: ResolvedRoute): NginxNode[] {
  const s = r.service;
  const d = ctx.defaults.nginx;
  const body: NginxNode[] = [{ comment: `${s.label} (${s.exposure}${s.placeholder ? ', placeholder: replace with your service' : ''})` }];
  if (s.auth === 'mtls') body.push(block('if', [raw('($ssl_client_verify'), raw('!='), raw('SUCCESS)')], [directive('return', raw('403'))]));
  if (s.rateLimit) body.push(directive('limit_req', user(`zone=${zoneName(s)}`), user(`burst=${d.burst}`), raw('nodelay')));
  body.push(directive('set', raw('$backend'), user(backendAddress(ctx, s, r.port))));
  if (s.protocol === 'grpc') {
    // gRPC calls are long-lived streams: no request-body cap and reads longer than nginx's 60 s default.
    body.push(
      directive('client_max_body_size', raw('0')),
      directive('grpc_read_timeout', user(d.grpcTimeout)),
      directive('grpc_send_timeout', user(d.grpcTimeout)),
      directive('grpc_pass', raw('grpc://$backend')),
    );
    return body;
  }
  // Only a prefix meshgate invented is stripped; paths from the input reach the service as sent.
  if (r.stripPrefix) body.push(directive('rewrite', raw('^/[^/]+/?(.*)$'), raw('/$1'), raw('break')));
  body.push(
    directive('proxy_pass', raw('http://$backend')),
    directive('proxy_http_version', raw('1.1')),
    directive('proxy_set_header', raw('Host'), raw('$host')),
    directive('proxy_set_header', raw('X-Forwarded-For'), raw('$proxy_add_x_forwarded_for')),
    directive('proxy_set_header', raw('X-Forwarded-Proto'), raw('$scheme')),
    directive('proxy_set_header', raw('Upgrade'), raw('$http_upgrade')),
    directive('proxy_set_header', raw('Connection'), raw('$connection_upgrade')),
  );
  if (wants(ctx.model, 'timeouts')) body.push(directive('proxy_connect_timeout', user(d.connectTimeout)), directive('proxy_read_timeout', user(d.readTimeout)));
  if (wants(ctx.model, 'retries')) {
    body.push(directive('proxy_next_upstream', raw('error'), raw('timeout'), raw('http_502'), raw('http_503')), directive('proxy_next_upstream_tries', user(String(d.retryTries))));
  }
  return body;
}

/**
 * The locations of one route. A prefix `/a` matches `/a` and `/a/...` (not `/ab`, as in the
 * Gateway API), which takes an exact location and a `/a/` prefix location.
 */
function locationsFor(ctx: GenContext, r: ResolvedRoute): NginxDirective[] {
  const body = locationBody(ctx, r);
  if (r.service.protocol === 'grpc' || r.path === '/') return [block('location', [raw('/')], body)];
  if (r.pathType === 'Exact') return [block('location', [raw('='), user(r.path)], body)];
  const trimmed = r.path.replace(/\/+$/, '');
  if (r.stripPrefix) return [block('location', [user(`${trimmed}/`)], body)];
  return [block('location', [raw('='), user(trimmed)], body), block('location', [user(`${trimmed}/`)], body)];
}

function tlsServer(ctx: GenContext, host: string, routes: ResolvedRoute[]): NginxDirective {
  const d = ctx.defaults.nginx;
  const grpc = routes.some((r) => r.service.protocol === 'grpc');
  const body: NginxNode[] = [
    directive('listen', raw('443'), raw('ssl'), ...(grpc ? [raw('http2')] : [])),
    directive('server_name', user(host)),
    directive('ssl_certificate', user(d.certificate)),
    directive('ssl_certificate_key', user(d.certificateKey)),
    directive('ssl_protocols', raw('TLSv1.2'), raw('TLSv1.3')),
  ];
  if (routes.some((r) => r.service.auth === 'mtls')) {
    body.push(
      { comment: 'Client certificates: asked for here, required by the locations of services with auth: mtls.' },
      directive('ssl_client_certificate', user(d.clientCertificate)),
      directive('ssl_verify_client', raw('optional')),
    );
  }
  const seen = new Set<string>();
  for (const r of routes) {
    for (const loc of locationsFor(ctx, r)) {
      const key = loc.args.map((a) => ('raw' in a ? a.raw : a.user)).join(' ');
      if (seen.has(key)) continue;
      seen.add(key);
      body.push(loc);
    }
  }
  if (!seen.has('/')) body.push(block('location', [raw('/')], [directive('return', raw('404'))]));
  return block('server', [], body);
}

/** Builds the whole nginx.conf as a directive tree. */
export function nginxConfig(ctx: GenContext): NginxNode[] {
  const d = ctx.defaults.nginx;
  const resolver = resolverFor(ctx);
  const routes = resolveRoutes(ctx);
  const byHost = new Map<string, ResolvedRoute[]>();
  for (const r of routes) byHost.set(r.host, [...(byHost.get(r.host) ?? []), r]);
  const http: NginxNode[] = [
    directive('server_tokens', raw('off')),
    { comment: 'Service names are resolved at request time through this DNS server (see the header).' },
    directive('resolver', user(resolver.address), raw('valid=10s'), raw('ipv6=off')),
    directive('resolver_timeout', raw('5s')),
    block('map', [raw('$http_upgrade'), raw('$connection_upgrade')], [directive('default', raw('upgrade')), directive("''", raw('close'))]),
  ];
  const limited = [...new Set(routes.filter((r) => r.service.rateLimit).map((r) => r.service))];
  if (limited.length > 0) {
    http.push({ comment: `Rate limits: ${d.rate} per client address, bursts of ${d.burst}.` });
    for (const s of limited) http.push(directive('limit_req_zone', raw('$binary_remote_addr'), user(`zone=${zoneName(s)}:${d.zoneSize}`), user(`rate=${d.rate}`)));
    http.push(directive('limit_req_status', raw('429')));
  }
  http.push(
    { comment: 'Requests for any other Host name are refused, not proxied.' },
    block('server', [], [directive('listen', raw('80'), raw('default_server')), directive('server_name', raw('_')), directive('return', raw('444'))]),
    block('server', [], [
      directive('listen', raw('443'), raw('ssl'), raw('default_server')),
      directive('server_name', raw('_')),
      directive('ssl_reject_handshake', raw('on')),
    ]),
  );
  const hosts = [...byHost.keys()];
  if (hosts.length > 0) {
    http.push(block('server', [], [directive('listen', raw('80')), directive('server_name', ...hosts.map(user)), directive('return', raw('301'), raw('https://$host$request_uri'))]));
  }
  for (const [host, rs] of byHost) http.push(tlsServer(ctx, host, rs));
  return [directive('worker_processes', raw('auto')), block('events', [], [directive('worker_connections', raw('1024'))]), block('http', [], http)];
}

/** Files of the nginx target: one nginx.conf. */
export function nginxFiles(ctx: GenContext): GeneratedFile[] {
  const { model } = ctx;
  const d = ctx.defaults.nginx;
  const resolver = resolverFor(ctx);
  const routes = resolveRoutes(ctx);
  const assumedHosts = [...new Set(routes.filter((r) => r.hostAssumed).map((r) => r.host))];
  const fillIn = [
    ...(assumedHosts.length > 0 ? [`server_name ${nameList(assumedHosts)} -> your real hostnames`] : []),
    `certificates: ${d.certificate} and ${d.certificateKey} (relative to the nginx prefix, /etc/nginx/) -> your certificate and key`,
    `resolver ${resolver.address}: ${resolver.what}`,
  ];
  if (model.routed.some((s) => s.auth === 'mtls')) fillIn.push(`client CA: ${d.clientCertificate} -> the CA that signs your clients' certificates`);
  if (model.routed.some((s) => s.assumed.port)) fillIn.push('ports: services without a declared port use 8080; set the real port in each `set $backend` line');
  const notes = [...ctx.picks.notes, ...edgeNotes(ctx)];
  const warnings: string[] = [];
  const tokens = model.routed.filter((s) => s.auth === 'jwt' || s.auth === 'oauth2' || s.auth === 'api-key').map((s) => `${s.label} (${s.auth})`);
  if (tokens.length > 0) warnings.push(`authentication is NOT enforced for ${tokens.join(', ')}: open-source nginx checks no API keys, JWTs or OAuth2 tokens; add an auth_request to your auth service in those locations (or use a gateway that checks them) before exposing them.`);
  if (routes.length === 0) notes.push('nothing to route: every request is refused until you add a server for what you expose.');
  const content =
    fileHeader({
      title: 'nginx.conf: reverse proxy at the edge (TLS, one server per host, the routes your gateway serves; unknown Host names refused).',
      model,
      fillIn,
      apply: ['nginx -t -c /etc/nginx/nginx.conf   (check; nginx 1.19.4+ for ssl_reject_handshake)', 'nginx -s reload                     (apply)'],
      notes,
      warnings,
    }) +
    '\n' +
    renderNginx(nginxConfig(ctx));
  return [{ path: 'nginx/nginx.conf', target: 'nginx', description: `nginx.conf: ${routes.length} route(s) on ${[...new Set(routes.map((r) => r.host))].length} host(s), TLS, HTTP->HTTPS redirect`, content }];
}
