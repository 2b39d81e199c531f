/**
 * The `gateway-api` target: one Gateway API Gateway in the edge namespace (HTTP listener that
 * only redirects, HTTPS listener, and an HTTPS listener that requires client certificates when a
 * service asks for `auth: mtls`), routes in the services' own namespaces built from what the
 * existing gateway serves (hosts and paths kept, no rewriting of clients' URLs), and the picked
 * implementation's own objects for auth and rate limits (edge-policy.ts), or a loud warning
 * where the implementation has none. The `ingress` target reuses it for the "neither" setup.
 */
import { assertDnsLabel } from './names.js';
import { EDGE_GATEWAY_NAME, servicesByKey, wants, type GenModel, type GenService } from './model.js';
import { fileHeader, markPlaceholder, nameList, servicePlaceholders, yamlDocuments, MANAGED_LABELS, type GeneratedFile } from './render.js';
import type { EdgeRoute } from './edge.js';
import { edgePolicy, istioSidecars } from './edge-policy.js';
import type { GenContext, ResolvedRoute, RouteObject } from './context.js';

export type { GenContext, ResolvedRoute, RouteObject } from './context.js';

/** Placeholder hostname for a service: the public or partner host, prefixed by the name for gRPC. */
function placeholderHost(ctx: GenContext, s: GenService): string {
  const d = ctx.defaults['gateway-api'];
  const base = s.exposure === 'partner' ? d.partnerHost : d.publicHost;
  return s.protocol === 'grpc' ? `${assertDnsLabel(s.name)}.${base}` : base;
}

/**
 * The edge's routes with hosts and paths: the input's where it gives them; otherwise a
 * placeholder host, and `/` for a service alone on its host or `/<service>` (stripped) when
 * several share one.
 */
export function resolveRoutes(ctx: GenContext): ResolvedRoute[] {
  const byKey = servicesByKey(ctx.model);
  const first = ctx.model.edge.routes
    .map((route) => ({ route, service: byKey.get(route.serviceKey) }))
    .filter((r): r is { route: EdgeRoute; service: GenService } => r.service !== undefined)
    .map(({ route, service }) => ({ route, service, host: route.host ?? placeholderHost(ctx, service), hostAssumed: route.host === undefined }));
  const inventedOnHost = new Map<string, number>();
  for (const r of first) if (r.route.invented && r.service.protocol === 'http') inventedOnHost.set(r.host, (inventedOnHost.get(r.host) ?? 0) + 1);
  const rootTaken = new Set(first.filter((r) => !r.route.invented && r.route.path === '/').map((r) => r.host));
  return first.map((r) => {
    const shared = r.service.protocol === 'http' && r.route.invented && ((inventedOnHost.get(r.host) ?? 0) > 1 || rootTaken.has(r.host));
    const path = shared ? `/${assertDnsLabel(r.service.name)}` : r.route.path;
    return { ...r, path, pathType: r.route.pathType, stripPrefix: shared, port: r.route.port ?? r.service.port };
  });
}

/** Sections of the Gateway a route attaches to. */
export const LISTENER = { http: 'http', https: 'https', mtls: 'https-mtls' } as const;
/** Port of the listener that requires client certificates. */
export const MTLS_PORT = 8443;

/** The namespaces routes are allowed from: the workload namespaces. */
function routeNamespaces(ctx: GenContext): object {
  return { namespaces: { from: 'Selector', selector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: [...ctx.model.namespaces] }] } } };
}

/** The edge Gateway: HTTP (redirect only), HTTPS, and HTTPS with client certificates when needed. */
export function gatewayObject(ctx: GenContext): object {
  const d = ctx.defaults['gateway-api'];
  const tls = { mode: 'Terminate', certificateRefs: [{ group: '', kind: 'Secret', name: d.tlsSecret }] };
  const listeners: object[] = [
    { name: LISTENER.http, protocol: 'HTTP', port: 80, allowedRoutes: { namespaces: { from: 'Same' } } },
    { name: LISTENER.https, protocol: 'HTTPS', port: 443, tls, allowedRoutes: routeNamespaces(ctx) },
  ];
  const spec: Record<string, unknown> = { gatewayClassName: ctx.picks.gatewayClassName, listeners };
  if (ctx.model.routed.some((s) => s.auth === 'mtls')) {
    listeners.push({ name: LISTENER.mtls, protocol: 'HTTPS', port: MTLS_PORT, tls, allowedRoutes: routeNamespaces(ctx) });
    const ca = [{ group: '', kind: 'ConfigMap', name: d.clientCaConfigMap }];
    // Gateway API puts client-certificate validation per port; `default` is required and covers
    // port 443, where certificates are asked for but not required.
    spec['tls'] = { frontend: { default: { validation: { caCertificateRefs: ca, mode: 'AllowInsecureFallback' } }, perPort: [{ port: MTLS_PORT, tls: { validation: { caCertificateRefs: ca, mode: 'AllowValidOnly' } } }] } };
  }
  return { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: EDGE_GATEWAY_NAME, namespace: ctx.model.edge.namespace, labels: { ...MANAGED_LABELS } }, spec };
}

/** Name of the route that sends plain HTTP to HTTPS (reserved: no service may take it). */
export const REDIRECT_ROUTE = 'https-redirect';

/** Sends plain HTTP to HTTPS so no route is reachable unencrypted. */
function redirectRoute(ctx: GenContext): object {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: REDIRECT_ROUTE, namespace: ctx.model.edge.namespace, labels: { ...MANAGED_LABELS } },
    spec: {
      parentRefs: [{ name: EDGE_GATEWAY_NAME, sectionName: LISTENER.http }],
      rules: [{ filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }] }],
    },
  };
}

/** The namespace object for an edge namespace meshgate invented (never for one the input names). */
function edgeNamespaceObject(ctx: GenContext): object[] {
  const e = ctx.model.edge;
  if (!e.namespaceAssumed || ctx.model.namespaces.includes(e.namespace)) return [];
  return [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: e.namespace, labels: { ...MANAGED_LABELS } } }];
}

/** Builds the HTTPRoutes and GRPCRoutes. Edge-policy objects are attached to these by name. */
export function routeObjects(ctx: GenContext): RouteObject[] {
  const groups = new Map<string, ResolvedRoute[]>();
  for (const r of resolveRoutes(ctx)) {
    const key = `${r.service.key}\u0000${r.host}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const perService = new Map<string, number>();
  for (const rs of groups.values()) perService.set(rs[0]!.service.key, (perService.get(rs[0]!.service.key) ?? 0) + 1);
  const seen = new Map<string, number>();
  const out: RouteObject[] = [];
  for (const rs of groups.values()) {
    const s = rs[0]!.service;
    const name = assertDnsLabel(s.name);
    // Routes live in their service's namespace: names are numbered per service (namespace and name).
    const n = (seen.get(s.key) ?? 0) + 1;
    seen.set(s.key, n);
    const routeName = (perService.get(s.key) ?? 1) > 1 ? `${name}-${n}` : name;
    const labels = { ...MANAGED_LABELS, 'meshgate.dev/exposure': s.exposure };
    const parentRefs = [{ name: EDGE_GATEWAY_NAME, namespace: ctx.model.edge.namespace, sectionName: s.auth === 'mtls' ? LISTENER.mtls : LISTENER.https }];
    const hostnames = [rs[0]!.host];
    const backendRefs = [{ name, port: rs[0]!.port }];
    let object: RouteObject['object'];
    if (s.protocol === 'grpc') {
      object = { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'GRPCRoute', metadata: { name: routeName, namespace: s.namespace, labels }, spec: { parentRefs, hostnames, rules: [{ backendRefs }] } };
    } else {
      const rules = rs.map((r) => {
        const rule: Record<string, unknown> = { matches: [{ path: { type: r.pathType === 'Exact' ? 'Exact' : 'PathPrefix', value: r.path } }] };
        // Only a prefix meshgate invented is stripped: paths from the input reach the service as clients send them.
        if (r.stripPrefix) rule['filters'] = [{ type: 'URLRewrite', urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/' } } }];
        rule['backendRefs'] = [{ name, port: r.port }];
        if (wants(ctx.model, 'timeouts')) rule['timeouts'] = { request: ctx.defaults['gateway-api'].requestTimeout };
        return rule;
      });
      object = { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: routeName, namespace: s.namespace, labels }, spec: { parentRefs, hostnames, rules } };
    }
    out.push({ object, service: s, routes: rs });
  }
  return out;
}

function gatewayFillIn(ctx: GenContext): string[] {
  const d = ctx.defaults['gateway-api'];
  const routes = resolveRoutes(ctx);
  const assumedHosts = [...new Set(routes.filter((r) => r.hostAssumed).map((r) => r.host))];
  const fill: string[] = [];
  if (assumedHosts.length > 0) fill.push(`hostnames ${nameList(assumedHosts)} -> your real hostnames`);
  fill.push(`TLS: create Secret "${d.tlsSecret}" in namespace "${ctx.model.edge.namespace}" (kubectl create secret tls ${d.tlsSecret} --cert=... --key=...) or let cert-manager issue it`);
  fill.push(
    ctx.picks.gatewayClassFromInput
      ? `gatewayClassName: "${ctx.picks.gatewayClassName}" is the class your existing gateway uses (kept)`
      : ctx.picks.gatewayClassNote
        ? ctx.picks.gatewayClassNote
        : ctx.picks.gatewayClassGuessed
        ? 'gatewayClassName: "example-gateway-class" -> the GatewayClass your controller installs (kubectl get gatewayclass)'
        : `gatewayClassName: "${ctx.picks.gatewayClassName}" is the default of the picked implementation; check it with kubectl get gatewayclass`,
  );
  if (istioSidecars(ctx) && ctx.picks.implementation !== 'envoy-gateway' && ctx.picks.implementation !== 'istio') {
    fill.push(
      ctx.picks.implementation === 'kong'
        ? 'Istio sidecars apply mTLS only to traffic addressed to a Service: annotate each routed Service konghq.com/service-upstream: "true" so Kong sends to the Service address, not to the pods'
        : 'Istio sidecars apply mTLS only to traffic addressed to a Service: make your gateway send to the Service address (its "service upstream" setting), not to the pods',
    );
  }
  if (ctx.model.routed.some((s) => s.auth === 'mtls')) fill.push(`client certificates: ConfigMap "${d.clientCaConfigMap}" (key ca.crt) in namespace "${ctx.model.edge.namespace}" with the CA that signs your clients' certificates`);
  return fill;
}

/** What the edge does and does not route, one line each, for the headers. */
export function edgeNotes(ctx: GenContext): string[] {
  const e = ctx.model.edge;
  const notes: string[] = [];
  if (e.existing) {
    const what = `${e.existing.product}${e.existing.service ? ` (service ${e.existing.service})` : ''}`;
    if (e.mode === 'front') notes.push(`KEEP YOUR PROXY: you already run ${what} and the routes it serves are not in the input, so this edge sends everything to it (TLS and limits at the edge, your routing behind); replace it only once its routes are written here.`);
    else notes.push(`KEEP YOUR PROXY unless you are replacing it: you already run ${what}; this edge serves the same routes (${e.routes.some((r) => !r.invented) ? 'hosts and paths from the input' : 'the services it routes to; paths are placeholders'}).`);
  }
  for (const s of e.skipped) notes.push(`not routed: ${s.service}: ${s.why}`);
  if (e.callersOfGateway) notes.push(`${nameList(e.callersOfGateway)} call ${e.existing?.service} today: once this edge replaces it, point them at the edge's address (they are outside the mesh policies' edge rules)`);
  if (e.unrouted && e.unrouted.length > 0) notes.push(`published today but not behind your gateway, so not routed: ${nameList(e.unrouted)} (route them here if they must stay reachable from outside)`);
  return notes;
}

/** Describes routing in one line per route, for the header. */
function routeSummary(ctx: GenContext): string[] {
  const routes = resolveRoutes(ctx);
  if (routes.length === 0) return ['no route: the Gateway routes nothing yet (add HTTPRoutes for what you expose)'];
  return routes.map((r) =>
    r.service.protocol === 'grpc'
      ? `${r.service.label} (${r.service.exposure}, gRPC) <- ${r.host}`
      : `${r.service.label} (${r.service.exposure}) <- https://${r.host}${r.path}${r.pathType === 'Exact' ? ' (exact)' : ''}${r.stripPrefix ? ' (prefix stripped)' : ''}${r.service.auth === 'mtls' ? ` on port ${MTLS_PORT} (client certificate required)` : ''}`,
  );
}

/** Files of the gateway-api target (also the ingress target, under another directory). */
export function gatewayApiFiles(ctx: GenContext, opts: { dir: string; target: string; purpose: string } = { dir: 'gateway-api', target: 'gateway-api', purpose: 'edge gateway' }): GeneratedFile[] {
  const routes = routeObjects(ctx);
  const policy = edgePolicy(ctx, routes);
  const notes = [...ctx.picks.notes, ...edgeNotes(ctx)];
  const withPolicy = routes.map((r) => policy.annotate(r));
  const grpc = routes.some((r) => r.service.protocol === 'grpc');
  const edgeNsPlaceholder = ctx.model.edge.namespaceAssumed ? [`namespace "${ctx.model.edge.namespace}" for the Gateway: where your edge runs is not in the input`] : [];
  const placeholders = [...servicePlaceholders(ctx.model.routed, { port: true, namespace: true }), ...edgeNsPlaceholder];
  const apply = [`kubectl apply -f ${opts.dir}/01-gateway.yaml`];
  // Auth and limits go in before the routes: a route that needs them is never reachable without them.
  if (policy.objects.length > 0) apply.push(`kubectl apply -f ${opts.dir}/02-edge-policy.yaml`);
  if (routes.length > 0) apply.push(`kubectl apply -f ${opts.dir}/03-routes.yaml`);
  const gateway: GeneratedFile = {
    path: `${opts.dir}/01-gateway.yaml`,
    target: opts.target,
    description: `Gateway API Gateway for the ${opts.purpose} (class ${ctx.picks.gatewayClassName}; HTTP->HTTPS redirect, TLS listener)`,
    content:
      fileHeader({
        title: `Gateway API Gateway: the ${opts.purpose}, with an HTTPS listener and an HTTP listener that redirects to HTTPS.`,
        model: ctx.model,
        fillIn: gatewayFillIn(ctx),
        apply: ['Requires the Gateway API CRDs and a controller (kubectl get gatewayclass).', `${apply.join(', then ')}   (in this order)`],
        notes: [...routeSummary(ctx), ...notes],
        warnings: policy.warnings,
        placeholders: edgeNsPlaceholder,
      }) + yamlDocuments([...edgeNamespaceObject(ctx), gatewayObject(ctx), redirectRoute(ctx)]),
  };
  const files = [gateway];
  if (policy.objects.length > 0) {
    files.push({
      path: `${opts.dir}/02-edge-policy.yaml`,
      target: opts.target,
      description: policy.description,
      content:
        fileHeader({
          title: policy.title,
          model: ctx.model,
          fillIn: policy.fillIn,
          apply: [`kubectl apply -f ${opts.dir}/02-edge-policy.yaml (before the routes: a route that needs auth must never be reachable without it)`],
          notes: [...policy.notes, ...ctx.picks.notes],
          warnings: policy.warnings,
        }) + yamlDocuments(policy.objects),
    });
  }
  if (routes.length > 0) {
    files.push({
      path: `${opts.dir}/03-routes.yaml`,
      target: opts.target,
      description: `${routes.length} route(s) for ${nameList(ctx.model.routed.map((s) => s.label))}`,
      content:
        fileHeader({
          title: 'Gateway API routes: one per routed service and host, in the service\'s namespace (datastores, admin consoles and internal services are not routed).',
          model: ctx.model,
          fillIn: gatewayFillIn(ctx).slice(0, 1),
          apply: [`kubectl apply -f ${opts.dir}/03-routes.yaml (after the Gateway${policy.objects.length > 0 ? ' and the edge policy' : ''})`],
          notes: [...routeSummary(ctx), ...(grpc ? ['GRPCRoute is emitted as gateway.networking.k8s.io/v1 (GA since Gateway API v1.1).'] : []), ...notes],
          warnings: policy.warnings,
          placeholders,
        }) + yamlDocuments(withPolicy.map((r) => markPlaceholder(r.service, r.object))),
    });
  }
  return files;
}
