/**
 * The `kong` target: a decK declarative file (`_format_version: "3.0"`) for Kong Gateway run
 * outside Kubernetes (on Kubernetes the Kong Ingress Controller reads the gateway-api target's
 * routes and KongPlugins instead: one edge configuration per pick). A Gateway Service and Route
 * per routed service, hosts and paths as the existing gateway serves them, HTTPS only (gRPC over
 * `grpcs` only), the auth plugin matching each service's auth, rate limiting where asked for, and
 * prometheus and opentelemetry as global plugins.
 * Format: https://developer.konghq.com/deck/ and the entity references under
 * https://developer.konghq.com/gateway/entities/ .
 */
import { dump } from 'js-yaml';
import { assertDnsLabel } from './names.js';
import { wants, type GenService } from './model.js';
import { fileHeader, nameList, type GeneratedFile } from './render.js';
import { edgeNotes, resolveRoutes, type GenContext, type ResolvedRoute } from './gateway-api.js';

function upstreamHost(ctx: GenContext, s: GenService): string {
  const name = assertDnsLabel(s.name);
  const k8s = ctx.model.platform === 'kubernetes' || ctx.model.platform === 'mixed';
  return k8s ? `${name}.${s.namespace}.svc` : name;
}

function authPlugins(ctx: GenContext, s: GenService): object[] {
  const d = ctx.defaults.kong;
  switch (s.auth) {
    case 'api-key':
      return [{ name: 'key-auth', config: { key_names: [...d.keyNames], hide_credentials: true } }];
    case 'jwt':
      return [{ name: 'jwt', config: { claims_to_verify: ['exp'] } }];
    case 'oauth2':
      return [{ name: 'openid-connect', config: { issuer: d.oidcIssuer, auth_methods: ['bearer'] } }];
    default:
      return [];
  }
}

/** A Kong route for one resolved route: paths as given (exact ones as an anchored regex). */
function kongRoute(r: ResolvedRoute, name: string): Record<string, unknown> {
  const grpc = r.service.protocol === 'grpc';
  // gRPC only over TLS at the edge: a plaintext `grpc` route would accept unencrypted calls.
  const route: Record<string, unknown> = { name, protocols: grpc ? ['grpcs'] : ['https'], hosts: [r.host] };
  if (!grpc) {
    // Kong matches paths by prefix; `~` makes a regex, anchored for an Exact match.
    route['paths'] = [r.pathType === 'Exact' ? `~${r.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$` : r.path];
    route['strip_path'] = r.stripPrefix;
    route['https_redirect_status_code'] = 301;
  }
  return route;
}

/** Builds the decK document as data. */
export function kongDocument(ctx: GenContext): Record<string, unknown> {
  const { model } = ctx;
  const d = ctx.defaults.kong;
  const routes = resolveRoutes(ctx);
  const services = model.routed.map((s) => {
    // decK names are global: a name two namespaces carry is written name.namespace.
    assertDnsLabel(s.name);
    const name = s.label;
    const mine = routes.filter((r) => r.service === s);
    const plugins: object[] = [...authPlugins(ctx, s)];
    if (s.rateLimit) plugins.push({ name: 'rate-limiting', config: { minute: d.rateLimitPerMinute, policy: 'local', limit_by: s.auth === 'none' ? 'ip' : 'consumer' } });
    const service: Record<string, unknown> = {
      name,
      protocol: s.protocol === 'grpc' ? 'grpc' : 'http',
      host: upstreamHost(ctx, s),
      port: mine[0]?.port ?? s.port,
      routes: mine.map((r, i) => kongRoute(r, mine.length > 1 ? `${name}-${i + 1}` : name)),
    };
    if (wants(model, 'retries')) service['retries'] = d.retries;
    if (wants(model, 'timeouts')) {
      service['connect_timeout'] = d.connectTimeoutMs;
      service['read_timeout'] = d.readTimeoutMs;
      service['write_timeout'] = d.writeTimeoutMs;
    }
    if (plugins.length > 0) service['plugins'] = plugins;
    return service;
  });
  return {
    _format_version: '3.0',
    _info: { select_tags: [d.selectTag] },
    services,
    plugins: [
      { name: 'prometheus', config: { status_code_metrics: true, latency_metrics: true, bandwidth_metrics: true, upstream_health_metrics: true } },
      { name: 'opentelemetry', config: { traces_endpoint: d.otelEndpoint, resource_attributes: { 'service.name': 'kong-edge' } } },
    ],
  };
}

/** Files of the kong target: one decK file. */
export function kongFiles(ctx: GenContext): GeneratedFile[] {
  const { model } = ctx;
  const d = ctx.defaults.kong;
  const routes = resolveRoutes(ctx);
  const auths = new Set(model.routed.map((s) => s.auth));
  const assumedHosts = [...new Set(routes.filter((r) => r.hostAssumed).map((r) => r.host))];
  const fillIn = [
    ...(assumedHosts.length > 0 ? [`hosts ${nameList(assumedHosts)} -> your real hostnames`] : []),
    'TLS certificates go into Kong (certificates/snis entities)',
    `opentelemetry traces_endpoint: ${d.otelEndpoint} -> your collector's OTLP/HTTP endpoint`,
  ];
  if (auths.has('api-key')) fillIn.push('key-auth: create a consumer and key per API client (deck gateway apply or the Admin API); keys are never generated here');
  if (auths.has('jwt')) fillIn.push("jwt: create a consumer with a jwt_secrets entry holding your issuer's key (the 'key' must match the token's iss claim)");
  if (auths.has('oauth2')) fillIn.push(`openid-connect issuer: ${d.oidcIssuer} -> your identity provider's discovery URL`);
  const notes: string[] = [...ctx.picks.notes, ...edgeNotes(ctx)];
  const warnings: string[] = [];
  if (auths.has('oauth2')) notes.push('openid-connect is a Kong Enterprise / Konnect plugin; on Kong OSS use the jwt plugin with your IdP\'s signing key instead.');
  const mtls = model.routed.filter((s) => s.auth === 'mtls').map((s) => s.label);
  if (mtls.length > 0) warnings.push(`client certificates are NOT required for ${mtls.join(', ')}: Kong's mtls-auth plugin is Enterprise-only and is not generated; until you add it, these routes accept any client.`);
  if (model.routed.length === 0) notes.push('no routed service: the file has only global plugins.');
  const content =
    fileHeader({
      title: 'Kong Gateway declarative configuration (decK, _format_version 3.0): services, routes and plugins for the edge (HTTPS and gRPC over TLS only).',
      model,
      fillIn,
      apply: ['deck file validate kong/kong.yaml', 'deck gateway diff kong/kong.yaml', `deck gateway sync kong/kong.yaml   (only touches entities tagged "${d.selectTag}")`],
      notes,
      warnings,
    }) + dump(kongDocument(ctx), { noRefs: true, lineWidth: -1 });
  return [{ path: 'kong/kong.yaml', target: 'kong', description: `decK file: ${model.routed.length} service(s) with routes and plugins`, content }];
}
