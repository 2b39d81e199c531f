/**
 * The `nginx` target: nginx.conf for a reverse proxy at the edge. One server per hostname
 * over TLS (placeholder certificate paths), one location per public or partner service,
 * limit_req where rate limiting is asked for, and an HTTP server that redirects to HTTPS.
 *
 * Upstream names are resolved at request time (`resolver` + a `$backend` variable) rather
 * than in `upstream` blocks: nginx resolves `upstream` servers once, at start-up, and refuses
 * to start when a name does not resolve yet (a container that is still starting, a Service
 * created later). Request-time resolution also follows IP changes, and it lets `nginx -t`
 * check the file on a machine that cannot resolve the service names.
 */
import { assertDnsLabel } from './names.js';
import { wants, type GenService } from './model.js';
import { fileHeader, type GeneratedFile } from './render.js';
import { hostFor, type GenContext } from './gateway-api.js';
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

function backendAddress(ctx: GenContext, s: GenService): string {
  const name = assertDnsLabel(s.name);
  const k8s = ctx.model.platform === 'kubernetes' || ctx.model.platform === 'mixed';
  return `${k8s ? `${name}.${ctx.model.namespace}.svc.cluster.local` : name}:${s.port}`;
}

const zoneName = (s: GenService): string => `rl_${assertDnsLabel(s.name)}`;

function locationFor(ctx: GenContext, s: GenService, alone: boolean): NginxDirective {
  const body: NginxNode[] = [{ comment: `${s.name} (${s.exposure}${s.placeholder ? ', placeholder: replace with your service' : ''})` }];
  const d = ctx.defaults.nginx;
  if (s.rateLimit) body.push(directive('limit_req', user(`zone=${zoneName(s)}`), user(`burst=${d.burst}`), raw('nodelay')));
  body.push(directive('set', raw('$backend'), user(backendAddress(ctx, s))));
  if (s.protocol === 'grpc') {
    body.push(directive('grpc_pass', raw('grpc://$backend')));
    if (wants(ctx.model, 'timeouts')) body.push(directive('grpc_read_timeout', user(d.readTimeout)));
    return block('location', [raw('/')], body);
  }
  // Strip the service's prefix before passing on, like the Gateway API routes do.
  if (!alone) body.push(directive('rewrite', raw('^/[^/]+/(.*)$'), raw('/$1'), raw('break')));
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
  return block('location', [user(alone ? '/' : `/${assertDnsLabel(s.name)}/`)], body);
}

function tlsServer(ctx: GenContext, host: string, services: GenService[]): NginxDirective {
  const grpc = services.some((s) => s.protocol === 'grpc');
  const httpServices = services.filter((s) => s.protocol === 'http');
  const alone = httpServices.length === 1;
  const body: NginxNode[] = [
    directive('listen', raw('443'), raw('ssl'), ...(grpc ? [raw('http2')] : [])),
    directive('server_name', user(host)),
    directive('ssl_certificate', user(ctx.defaults.nginx.certificate)),
    directive('ssl_certificate_key', user(ctx.defaults.nginx.certificateKey)),
    directive('ssl_protocols', raw('TLSv1.2'), raw('TLSv1.3')),
  ];
  for (const s of services) body.push(locationFor(ctx, s, s.protocol === 'grpc' || alone));
  if (!alone && !grpc) body.push(block('location', [raw('/')], [directive('return', raw('404'))]));
  return block('server', [], body);
}

/** Builds the whole nginx.conf as a directive tree. */
export function nginxConfig(ctx: GenContext): NginxNode[] {
  const { model } = ctx;
  const d = ctx.defaults.nginx;
  const resolver = resolverFor(ctx);
  const byHost = new Map<string, GenService[]>();
  for (const s of model.routed) {
    const h = hostFor(ctx, s);
    byHost.set(h, [...(byHost.get(h) ?? []), s]);
  }
  const http: NginxNode[] = [
    directive('server_tokens', raw('off')),
    { comment: 'Service names are resolved at request time through this DNS server (see the header).' },
    directive('resolver', user(resolver.address), raw('valid=10s'), raw('ipv6=off')),
    directive('resolver_timeout', raw('5s')),
    block('map', [raw('$http_upgrade'), raw('$connection_upgrade')], [directive('default', raw('upgrade')), directive("''", raw('close'))]),
  ];
  const limited = model.routed.filter((s) => s.rateLimit);
  if (limited.length > 0) {
    http.push({ comment: `Rate limits: ${d.rate} per client address, bursts of ${d.burst}.` });
    for (const s of limited) http.push(directive('limit_req_zone', raw('$binary_remote_addr'), user(`zone=${zoneName(s)}:${d.zoneSize}`), user(`rate=${d.rate}`)));
    http.push(directive('limit_req_status', raw('429')));
  }
  const hosts = [...byHost.keys()];
  http.push(
    block('server', [], [
      directive('listen', raw('80'), raw('default_server')),
      directive('server_name', ...(hosts.length > 0 ? hosts.map(user) : [raw('_')])),
      directive('return', raw('301'), raw('https://$host$request_uri')),
    ]),
  );
  for (const [host, services] of byHost) http.push(tlsServer(ctx, host, services));
  if (byHost.size === 0) {
    http.push(
      block('server', [], [
        directive('listen', raw('443'), raw('ssl'), raw('default_server')),
        directive('ssl_certificate', user(d.certificate)),
        directive('ssl_certificate_key', user(d.certificateKey)),
        block('location', [raw('/')], [directive('return', raw('404'))]),
      ]),
    );
  }
  return [
    directive('worker_processes', raw('auto')),
    block('events', [], [directive('worker_connections', raw('1024'))]),
    block('http', [], http),
  ];
}

/** Files of the nginx target: one nginx.conf. */
export function nginxFiles(ctx: GenContext): GeneratedFile[] {
  const { model } = ctx;
  const d = ctx.defaults.nginx;
  const g = ctx.defaults['gateway-api'];
  const resolver = resolverFor(ctx);
  const fillIn = [
    `server_name: ${g.publicHost}${model.routed.some((s) => s.exposure === 'partner') ? ` / ${g.partnerHost}` : ''} -> your real hostnames`,
    `certificates: ${d.certificate} and ${d.certificateKey} (relative to the nginx prefix, /etc/nginx/) -> your certificate and key`,
    `resolver ${resolver.address}: ${resolver.what}`,
  ];
  if (model.routed.some((s) => s.portAssumed)) fillIn.push('ports: services without a declared port use 8080; set the real port in each `set $backend` line');
  const notes = [...ctx.picks.notes];
  if (model.routed.some((s) => s.auth !== 'none')) {
    notes.push('Open-source nginx does not check API keys, JWTs or OAuth2 tokens: put an auth_request to your auth service in each location, or choose a gateway target (kong) for that.');
  }
  notes.push('Only public and partner services get a location; internal services stay unreachable from the edge.');
  const content =
    fileHeader({
      title: 'nginx.conf: reverse proxy at the edge (TLS, one location per public and partner service).',
      model,
      fillIn,
      apply: ['nginx -t -c /etc/nginx/nginx.conf   (check)', 'nginx -s reload                     (apply)'],
      notes,
    }) +
    '\n' +
    renderNginx(nginxConfig(ctx));
  return [{ path: 'nginx/nginx.conf', target: 'nginx', description: `nginx.conf: ${model.routed.length} location(s), TLS, HTTP->HTTPS redirect`, content }];
}
