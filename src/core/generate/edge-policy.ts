/**
 * Auth and rate limits at the edge, in the picked implementation's own objects, because the
 * Gateway API has none for them and a route without them is open:
 * - Envoy Gateway: SecurityPolicy (jwt, apiKeyAuth) and BackendTrafficPolicy (local rateLimit)
 *   per route; ClientTrafficPolicy for client certificates on the mTLS listener
 *   (gateway.envoyproxy.io/v1alpha1);
 * - Kong (Kong Ingress Controller): KongPlugin objects (key-auth, jwt, openid-connect,
 *   rate-limiting) named in the route's `konghq.com/plugins` annotation;
 * - Istio: RequestAuthentication plus a DENY AuthorizationPolicy attached to the Gateway
 *   (requests to JWT-protected hosts and paths without a valid token are refused).
 * Where the implementation has no such object (or meshgate does not know it), every file of
 * the target says so first, and `generate` repeats it on stderr: the routes are open until the
 * user adds it.
 */
import { assertDnsLabel } from './names.js';
import { EDGE_GATEWAY_NAME, type GenService } from './model.js';
import { MANAGED_LABELS } from './render.js';
import type { GenContext, ResolvedRoute, RouteObject } from './context.js';

/** What the edge-policy file holds, and what the other files must say. */
export interface EdgePolicy {
  objects: object[];
  /** Loud warnings: what the input asks for that this implementation's files do not enforce. */
  warnings: string[];
  notes: string[];
  fillIn: string[];
  title: string;
  description: string;
  /** Adds what a route needs to use the policy objects (Kong's plugin annotation). */
  annotate(route: RouteObject): RouteObject;
}

const IMPLEMENTATION_NAMES: Record<string, string> = {
  'envoy-gateway': 'Envoy Gateway',
  kong: 'Kong',
  istio: 'Istio',
  'nginx-gateway-fabric': 'NGINX Gateway Fabric',
  traefik: 'Traefik',
  cilium: 'Cilium',
  apisix: 'the APISIX Ingress Controller',
  'external-lb': 'the cloud load balancer controller',
  unknown: 'an unknown Gateway API implementation',
};

/** True when the mesh runs Istio sidecars, which apply mTLS only to Service-addressed traffic from the edge. */
export function istioSidecars(ctx: GenContext): boolean {
  return ctx.picks.meshTarget === 'istio' && ctx.picks.istioMode === 'sidecar';
}

function needsAuth(s: GenService): boolean {
  return s.auth === 'jwt' || s.auth === 'oauth2' || s.auth === 'api-key';
}

function targetRefOf(r: RouteObject): { group: string; kind: string; name: string } {
  return { group: 'gateway.networking.k8s.io', kind: String(r.object['kind']), name: r.object.metadata.name };
}

function meta(name: string, namespace: string): object {
  return { name, namespace, labels: { ...MANAGED_LABELS } };
}

/** Warnings for a class whose implementation has no (known) objects for auth and limits. */
function unsupported(ctx: GenContext, routes: RouteObject[]): string[] {
  const picked = ctx.picks.implementation === 'external-lb' ? ctx.picks.products.find((p) => p.id === ctx.picks.gatewayId)?.name : undefined;
  const impl = picked ?? IMPLEMENTATION_NAMES[ctx.picks.implementation] ?? ctx.picks.implementation;
  const out: string[] = [];
  const auth = routes.filter((r) => needsAuth(r.service)).map((r) => `${r.service.label} (${r.service.auth})`);
  const limited = routes.filter((r) => r.service.rateLimit).map((r) => r.service.label);
  if (auth.length > 0) out.push(`authentication is NOT enforced for ${[...new Set(auth)].join(', ')}: ${impl} (class "${ctx.picks.gatewayClassName}") has no Gateway API object meshgate can write for it; until you add it, these routes are open to anyone.`);
  if (limited.length > 0) out.push(`rate limiting is NOT enforced for ${[...new Set(limited)].join(', ')}: ${impl} (class "${ctx.picks.gatewayClassName}") has no Gateway API object meshgate can write for it.`);
  return out;
}

function mtlsNote(ctx: GenContext, routes: RouteObject[]): string[] {
  const m = routes.filter((r) => r.service.auth === 'mtls').map((r) => r.service.label);
  if (m.length === 0) return [];
  return [`client certificates for ${[...new Set(m)].join(', ')}: their routes attach to listener https-mtls (port 8443), whose client-certificate validation is set in the Gateway's spec.tls.frontend (Gateway API standard since v1.5; check your implementation supports it).`];
}

function envoyGateway(ctx: GenContext, routes: RouteObject[]): Omit<EdgePolicy, 'annotate'> {
  const d = ctx.defaults['gateway-api'];
  const objects: object[] = [];
  for (const r of routes) {
    const s = r.service;
    const ns = r.object.metadata.namespace;
    const name = r.object.metadata.name;
    if (needsAuth(s)) {
      const spec: Record<string, unknown> = { targetRefs: [targetRefOf(r)] };
      if (s.auth === 'api-key') {
        spec['apiKeyAuth'] = { credentialRefs: [{ group: '', kind: 'Secret', name: d.apiKeySecret }], extractFrom: [{ headers: [d.apiKeyHeader] }] };
      } else {
        // OAuth2 access tokens presented to an API are JWTs checked against the issuer's keys.
        spec['jwt'] = { providers: [{ name: 'edge-issuer', issuer: d.jwtIssuer, remoteJWKS: { uri: d.jwksUri } }] };
      }
      objects.push({ apiVersion: 'gateway.envoyproxy.io/v1alpha1', kind: 'SecurityPolicy', metadata: meta(`${name}-auth`, ns), spec });
    }
    const traffic: Record<string, unknown> = {};
    if (s.rateLimit) traffic['rateLimit'] = { type: 'Local', local: { rules: [{ limit: { requests: d.rateLimitPerMinute, unit: 'Minute' } }] } };
    // Envoy Gateway sends to pod addresses by default; a sidecar on its pods only applies Istio
    // mTLS to traffic addressed to a Service, so with sidecars the routes go to the Service.
    if (istioSidecars(ctx)) traffic['routingType'] = 'Service';
    if (Object.keys(traffic).length > 0) {
      objects.push({ apiVersion: 'gateway.envoyproxy.io/v1alpha1', kind: 'BackendTrafficPolicy', metadata: meta(`${name}-traffic`, ns), spec: { targetRefs: [targetRefOf(r)], ...traffic } });
    }
  }
  if (routes.some((r) => r.service.auth === 'mtls')) {
    objects.push({
      apiVersion: 'gateway.envoyproxy.io/v1alpha1',
      kind: 'ClientTrafficPolicy',
      metadata: meta(`${EDGE_GATEWAY_NAME}-client-certificates`, ctx.model.edge.namespace),
      spec: {
        targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: EDGE_GATEWAY_NAME, sectionName: 'https-mtls' }],
        tls: { clientValidation: { caCertificateRefs: [{ group: '', kind: 'ConfigMap', name: d.clientCaConfigMap }] } },
      },
    });
  }
  const fillIn: string[] = [];
  if (routes.some((r) => r.service.auth === 'jwt' || r.service.auth === 'oauth2')) fillIn.push(`JWT issuer ${d.jwtIssuer} and key set ${d.jwksUri} -> your identity provider's`);
  if (routes.some((r) => r.service.auth === 'api-key')) fillIn.push(`API keys: Secret "${d.apiKeySecret}" (one entry per client: client-id -> key) in each routed namespace; clients send the key in header ${d.apiKeyHeader}`);
  return {
    objects,
    warnings: [],
    notes: [
      `rate limits: ${d.rateLimitPerMinute} requests per minute per Envoy proxy (Local), where asked for`,
      ...(istioSidecars(ctx) ? ['routingType: Service sends each route to its Service address, so the Istio sidecar of the Envoy pods applies mTLS (to pod addresses it would not).'] : []),
    ],
    fillIn,
    title: 'Envoy Gateway edge policy: SecurityPolicy (JWT or API key) and BackendTrafficPolicy (rate limit, Service routing) per route, ClientTrafficPolicy for client certificates.',
    description: `Envoy Gateway SecurityPolicy/BackendTrafficPolicy: ${objects.length} object(s)`,
  };
}

function kongPluginName(r: RouteObject, what: 'auth' | 'rate-limit'): string {
  return `${assertDnsLabel(r.service.name)}-${what}`;
}

function kong(ctx: GenContext, routes: RouteObject[]): EdgePolicy {
  const kd = ctx.defaults.kong;
  const objects: object[] = [];
  const made = new Set<string>();
  const plugin = (name: string, ns: string, pluginName: string, config: object): void => {
    const key = `${ns}/${name}`;
    if (made.has(key)) return;
    made.add(key);
    objects.push({ apiVersion: 'configuration.konghq.com/v1', kind: 'KongPlugin', metadata: meta(name, ns), plugin: pluginName, config });
  };
  const pluginsOf = (r: RouteObject): string[] => {
    const names: string[] = [];
    const s = r.service;
    const ns = r.object.metadata.namespace;
    if (s.auth === 'api-key') plugin(kongPluginName(r, 'auth'), ns, 'key-auth', { key_names: [...kd.keyNames], hide_credentials: true });
    if (s.auth === 'jwt') plugin(kongPluginName(r, 'auth'), ns, 'jwt', { claims_to_verify: ['exp'] });
    if (s.auth === 'oauth2') plugin(kongPluginName(r, 'auth'), ns, 'openid-connect', { issuer: kd.oidcIssuer, auth_methods: ['bearer'] });
    if (needsAuth(s)) names.push(kongPluginName(r, 'auth'));
    if (s.rateLimit) {
      plugin(kongPluginName(r, 'rate-limit'), ns, 'rate-limiting', { minute: kd.rateLimitPerMinute, policy: 'local', limit_by: s.auth === 'none' ? 'ip' : 'consumer' });
      names.push(kongPluginName(r, 'rate-limit'));
    }
    return names;
  };
  const byRoute = new Map(routes.map((r) => [r, pluginsOf(r)]));
  const notes: string[] = [];
  const warnings: string[] = [];
  if (routes.some((r) => r.service.auth === 'oauth2')) notes.push('openid-connect is a Kong Enterprise / Konnect plugin; on Kong OSS use the jwt plugin with your IdP\'s signing key instead.');
  const mtls = routes.filter((r) => r.service.auth === 'mtls').map((r) => r.service.label);
  if (mtls.length > 0) notes.push(`client certificates for ${mtls.join(', ')}: the Gateway's frontend validation on port 8443, or Kong Enterprise's mtls-auth plugin (not generated).`);
  const fillIn: string[] = [];
  if (routes.some((r) => r.service.auth === 'api-key' || r.service.auth === 'jwt')) fillIn.push('consumers and their credentials: KongConsumer objects with key-auth or jwt credentials (Secrets labelled konghq.com/credential); keys are never generated here');
  if (routes.some((r) => r.service.auth === 'oauth2')) fillIn.push(`openid-connect issuer: ${kd.oidcIssuer} -> your identity provider's discovery URL`);
  return {
    objects,
    warnings,
    notes,
    fillIn,
    title: 'Kong edge policy (Kong Ingress Controller): KongPlugin objects for auth and rate limits, named in each route\'s konghq.com/plugins annotation.',
    description: `Kong KongPlugin objects: ${objects.length}`,
    annotate: (r) => {
      const names = byRoute.get(r) ?? [];
      if (names.length === 0) return r;
      const object = { ...r.object, metadata: { ...r.object.metadata, annotations: { ...(r.object.metadata.annotations ?? {}), 'konghq.com/plugins': names.join(',') } } };
      return { ...r, object };
    },
  };
}

function istio(ctx: GenContext, routes: RouteObject[]): Omit<EdgePolicy, 'annotate'> {
  const d = ctx.defaults['gateway-api'];
  const ns = ctx.model.edge.namespace;
  const objects: object[] = [];
  const jwtRoutes = routes.filter((r) => r.service.auth === 'jwt' || r.service.auth === 'oauth2');
  const targetRefs = [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: EDGE_GATEWAY_NAME }];
  if (jwtRoutes.length > 0) {
    objects.push({ apiVersion: 'security.istio.io/v1', kind: 'RequestAuthentication', metadata: meta('edge-jwt', ns), spec: { targetRefs, jwtRules: [{ issuer: d.jwtIssuer, jwksUri: d.jwksUri }] } });
    const operation = (r: ResolvedRoute): Record<string, unknown> => {
      const op: Record<string, unknown> = { hosts: [r.host, `${r.host}:*`] };
      if (r.service.protocol !== 'grpc' && r.path !== '/') op['paths'] = r.pathType === 'Exact' ? [r.path] : [r.path, `${r.path.replace(/\/$/, '')}/*`];
      return { operation: op };
    };
    objects.push({
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: meta('edge-require-jwt', ns),
      spec: { targetRefs, action: 'DENY', rules: [{ from: [{ source: { notRequestPrincipals: ['*'] } }], to: jwtRoutes.flatMap((r) => r.routes.map(operation)) }] },
    });
  }
  const warnings: string[] = [];
  const apiKey = routes.filter((r) => r.service.auth === 'api-key').map((r) => r.service.label);
  if (apiKey.length > 0) warnings.push(`API keys are NOT checked for ${[...new Set(apiKey)].join(', ')}: Istio has no API-key object; until you add an ext_authz provider (AuthorizationPolicy action CUSTOM), these routes are open to anyone.`);
  const limited = routes.filter((r) => r.service.rateLimit).map((r) => r.service.label);
  if (limited.length > 0) warnings.push(`rate limiting is NOT enforced for ${[...new Set(limited)].join(', ')}: Istio has no rate-limit object (it takes an EnvoyFilter with Envoy's local_ratelimit, or a rate limit service).`);
  return {
    objects,
    warnings,
    notes: [],
    fillIn: jwtRoutes.length > 0 ? [`JWT issuer ${d.jwtIssuer} and key set ${d.jwksUri} -> your identity provider's`] : [],
    title: 'Istio edge policy: RequestAuthentication (JWT) attached to the Gateway, and a DENY AuthorizationPolicy refusing requests without a valid token on the protected hosts and paths.',
    description: `Istio RequestAuthentication/AuthorizationPolicy for the Gateway: ${objects.length} object(s)`,
  };
}

/** The edge policy objects of the picked implementation, with the warnings for what it cannot do. */
export function edgePolicy(ctx: GenContext, routes: RouteObject[]): EdgePolicy {
  const identity = (r: RouteObject): RouteObject => r;
  const mtls = mtlsNote(ctx, routes);
  switch (ctx.picks.implementation) {
    case 'envoy-gateway': {
      const p = envoyGateway(ctx, routes);
      return { ...p, annotate: identity };
    }
    case 'kong': {
      const p = kong(ctx, routes);
      return { ...p, notes: [...p.notes, ...mtls] };
    }
    case 'istio': {
      const p = istio(ctx, routes);
      return { ...p, notes: [...p.notes, ...mtls], annotate: identity };
    }
    default:
      return { objects: [], warnings: unsupported(ctx, routes), notes: mtls, fillIn: [], title: '', description: '', annotate: identity };
  }
}
