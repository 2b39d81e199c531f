/**
 * The `kong` target: a decK declarative file (`_format_version: "3.0"`) with a Gateway Service
 * and Route per public and partner service, the auth plugin matching each service's auth,
 * rate limiting where it is asked for, and prometheus and opentelemetry as global plugins.
 * Format: https://developer.konghq.com/deck/ and the entity references under
 * https://developer.konghq.com/gateway/entities/ .
 */
import { dump } from 'js-yaml';
import { assertDnsLabel } from './names.js';
import { wants, type GenService } from './model.js';
import { fileHeader, type GeneratedFile } from './render.js';
import { hostFor, pathFor, type GenContext } from './gateway-api.js';

function upstreamHost(ctx: GenContext, s: GenService): string {
  const name = assertDnsLabel(s.name);
  const k8s = ctx.model.platform === 'kubernetes' || ctx.model.platform === 'mixed';
  return k8s ? `${name}.${ctx.model.namespace}.svc` : name;
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

/** Builds the decK document as data. */
export function kongDocument(ctx: GenContext): Record<string, unknown> {
  const { model } = ctx;
  const d = ctx.defaults.kong;
  const services = model.routed.map((s) => {
    const name = assertDnsLabel(s.name);
    const grpc = s.protocol === 'grpc';
    const route: Record<string, unknown> = {
      name,
      protocols: grpc ? ['grpc', 'grpcs'] : ['http', 'https'],
      hosts: [hostFor(ctx, s)],
    };
    if (!grpc) {
      const path = pathFor(ctx, s);
      route['paths'] = [path];
      route['strip_path'] = path !== '/';
      route['https_redirect_status_code'] = 301;
      route['protocols'] = ['https'];
    }
    const plugins: object[] = [...authPlugins(ctx, s)];
    if (s.rateLimit) plugins.push({ name: 'rate-limiting', config: { minute: d.rateLimitPerMinute, policy: 'local', limit_by: s.auth === 'none' ? 'ip' : 'consumer' } });
    const service: Record<string, unknown> = {
      name,
      protocol: grpc ? 'grpc' : 'http',
      host: upstreamHost(ctx, s),
      port: s.port,
      routes: [route],
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
  const g = ctx.defaults['gateway-api'];
  const auths = new Set(model.routed.map((s) => s.auth));
  const fillIn = [
    `hosts: ${g.publicHost} / ${g.partnerHost} -> your real hostnames; TLS certificates go into Kong (certificates/snis entities or the Kong Ingress Controller)`,
    `opentelemetry traces_endpoint: ${d.otelEndpoint} -> your collector's OTLP/HTTP endpoint`,
  ];
  if (auths.has('api-key')) fillIn.push('key-auth: create a consumer and key per API client (deck gateway apply or the Admin API); keys are never generated here');
  if (auths.has('jwt')) fillIn.push("jwt: create a consumer with a jwt_secrets entry holding your issuer's key (the 'key' must match the token's iss claim)");
  if (auths.has('oauth2')) fillIn.push(`openid-connect issuer: ${d.oidcIssuer} -> your identity provider's discovery URL`);
  const notes: string[] = [...ctx.picks.notes];
  if (auths.has('oauth2')) notes.push('openid-connect is a Kong Enterprise / Konnect plugin; on Kong OSS use the jwt plugin with your IdP\'s signing key instead.');
  if (auths.has('mtls')) notes.push('services declaring mtls auth need client certificates at the edge: the mtls-auth plugin (Kong Enterprise) is not generated; configure it with your CA.');
  if (model.routed.length === 0) notes.push('no public or partner service: the file has only global plugins.');
  notes.push('Only public and partner services get a Kong service and route; internal services stay unreachable from the edge.');
  const content =
    fileHeader({
      title: 'Kong Gateway declarative configuration (decK, _format_version 3.0): services, routes and plugins for the edge.',
      model,
      fillIn,
      apply: ['deck file validate kong/kong.yaml', 'deck gateway diff kong/kong.yaml', `deck gateway sync kong/kong.yaml   (only touches entities tagged "${d.selectTag}")`],
      notes,
    }) + dump(kongDocument(ctx), { noRefs: true, lineWidth: -1 });
  return [{ path: 'kong/kong.yaml', target: 'kong', description: `decK file: ${model.routed.length} service(s) with routes and plugins`, content }];
}
