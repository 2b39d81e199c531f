/**
 * The `gateway-api` target: one Gateway API Gateway with HTTP and HTTPS listeners and an
 * HTTPRoute or GRPCRoute per public and partner service. Portable across Envoy Gateway,
 * Istio, Kong, NGINX Gateway Fabric, Traefik and Cilium: only gatewayClassName differs.
 * The `ingress` target reuses it for the "neither" setup.
 */
import { assertDnsLabel } from './names.js';
import { EDGE_GATEWAY_NAME, wants, type GatewayIdentity, type GenModel, type GenService } from './model.js';
import { fileHeader, markPlaceholder, yamlDocuments, MANAGED_LABELS, type GeneratedFile } from './render.js';
import type { Picks } from './targets.js';
import type { GenerateDefaults } from './defaults.js';

/** What every generator works from: the model, the product picks and the defaults. */
export interface GenContext {
  model: GenModel;
  picks: Picks;
  /** Tunable values from templates/<target>/defaults.yaml. */
  defaults: GenerateDefaults;
}

/** Hostname a service is published on: the public or partner placeholder, prefixed by the name for gRPC. */
export function hostFor(ctx: GenContext, s: GenService): string {
  const d = ctx.defaults['gateway-api'];
  const base = s.exposure === 'partner' ? d.partnerHost : d.publicHost;
  return s.protocol === 'grpc' ? `${assertDnsLabel(s.name)}.${base}` : base;
}

/**
 * The identity the edge gateway's pods run under. Istio's Gateway API deployment names the
 * service account `<gateway>-<class>`; other implementations are told to use `edge-gateway`.
 */
export function gatewayIdentity(ctx: GenContext): GatewayIdentity {
  return {
    namespace: ctx.model.namespace,
    serviceAccount: ctx.picks.gatewayClassName === 'istio' ? `${EDGE_GATEWAY_NAME}-istio` : EDGE_GATEWAY_NAME,
  };
}

/** Path each HTTP service is published under: `/` when it is alone on its hostname. */
export function pathFor(ctx: GenContext, s: GenService): string {
  const sameHost = ctx.model.routed.filter((r) => r.protocol === 'http' && hostFor(ctx, r) === hostFor(ctx, s));
  return sameHost.length === 1 ? '/' : `/${assertDnsLabel(s.name)}`;
}

/** The edge Gateway: an HTTP listener (redirects only) and an HTTPS listener with the TLS placeholder. */
export function gatewayObject(ctx: GenContext): object {
  const ns = ctx.model.namespace;
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name: EDGE_GATEWAY_NAME, namespace: ns, labels: { ...MANAGED_LABELS } },
    spec: {
      gatewayClassName: ctx.picks.gatewayClassName,
      listeners: [
        { name: 'http', protocol: 'HTTP', port: 80, allowedRoutes: { namespaces: { from: 'Same' } } },
        {
          name: 'https',
          protocol: 'HTTPS',
          port: 443,
          tls: { mode: 'Terminate', certificateRefs: [{ group: '', kind: 'Secret', name: ctx.defaults['gateway-api'].tlsSecret }] },
          allowedRoutes: { namespaces: { from: 'Same' } },
        },
      ],
    },
  };
}

/** Sends plain HTTP to HTTPS so no route is reachable unencrypted. */
function redirectRoute(ns: string): object {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: 'https-redirect', namespace: ns, labels: { ...MANAGED_LABELS } },
    spec: {
      parentRefs: [{ name: EDGE_GATEWAY_NAME, sectionName: 'http' }],
      rules: [{ filters: [{ type: 'RequestRedirect', requestRedirect: { scheme: 'https', statusCode: 301 } }] }],
    },
  };
}

/** One HTTPRoute or GRPCRoute per public and partner service. */
export function routeObjects(ctx: GenContext): object[] {
  const { model } = ctx;
  const ns = model.namespace;
  const out: object[] = [];
  for (const s of model.routed) {
    const name = assertDnsLabel(s.name);
    const labels = { ...MANAGED_LABELS, 'meshgate.dev/exposure': s.exposure };
    const backendRefs = [{ name, port: s.port }];
    const parentRefs = [{ name: EDGE_GATEWAY_NAME, sectionName: 'https' }];
    if (s.protocol === 'grpc') {
      out.push(
        markPlaceholder(s, {
          apiVersion: 'gateway.networking.k8s.io/v1',
          kind: 'GRPCRoute',
          metadata: { name, namespace: ns, labels },
          spec: { parentRefs, hostnames: [hostFor(ctx, s)], rules: [{ backendRefs }] },
        }),
      );
      continue;
    }
    const path = pathFor(ctx, s);
    const rule: Record<string, unknown> = { matches: [{ path: { type: 'PathPrefix', value: path } }] };
    if (path !== '/') {
      rule['filters'] = [{ type: 'URLRewrite', urlRewrite: { path: { type: 'ReplacePrefixMatch', replacePrefixMatch: '/' } } }];
    }
    rule['backendRefs'] = backendRefs;
    if (wants(model, 'timeouts')) rule['timeouts'] = { request: ctx.defaults['gateway-api'].requestTimeout };
    out.push(
      markPlaceholder(s, {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'HTTPRoute',
        metadata: { name, namespace: ns, labels },
        spec: { parentRefs, hostnames: [hostFor(ctx, s)], rules: [rule] },
      }),
    );
  }
  return out;
}

function gatewayFillIn(ctx: GenContext): string[] {
  const d = ctx.defaults['gateway-api'];
  const fill = [
    `hostnames: ${d.publicHost}${ctx.model.routed.some((s) => s.exposure === 'partner') ? ` and ${d.partnerHost}` : ''} -> your real hostnames`,
    `TLS: create Secret "${d.tlsSecret}" in namespace "${ctx.model.namespace}" (kubectl create secret tls ${d.tlsSecret} --cert=... --key=...) or let cert-manager issue it`,
    ctx.picks.gatewayClassGuessed
      ? 'gatewayClassName: "example-gateway-class" -> the GatewayClass your controller installs (kubectl get gatewayclass)'
      : `gatewayClassName: "${ctx.picks.gatewayClassName}" is the default of the picked implementation; check it with kubectl get gatewayclass`,
  ];
  if (ctx.model.services.some((s) => s.portAssumed && ctx.model.routed.includes(s))) {
    fill.push('ports: services without a declared port use 8080; set the real Service port');
  }
  return fill;
}

/** Describes routing in one line per route, for the header. */
function routeSummary(ctx: GenContext): string[] {
  if (ctx.model.routed.length === 0) return ['no public or partner service: the Gateway has no routes yet (add HTTPRoutes for what you expose)'];
  return ctx.model.routed.map((s) =>
    s.protocol === 'grpc'
      ? `${s.name} (${s.exposure}, gRPC) <- ${hostFor(ctx, s)}`
      : `${s.name} (${s.exposure}) <- https://${hostFor(ctx, s)}${pathFor(ctx, s)}`,
  );
}

/** Files of the gateway-api target (also the ingress target, under another directory). */
export function gatewayApiFiles(ctx: GenContext, opts: { dir: string; target: string; purpose: string } = { dir: 'gateway-api', target: 'gateway-api', purpose: 'edge gateway' }): GeneratedFile[] {
  const notes = [...ctx.picks.notes, 'GRPCRoute is emitted as gateway.networking.k8s.io/v1 (GA since Gateway API v1.1); older controllers may need v1alpha2.'];
  const grpc = ctx.model.routed.some((s) => s.protocol === 'grpc');
  const gateway: GeneratedFile = {
    path: `${opts.dir}/01-gateway.yaml`,
    target: opts.target,
    description: `Gateway API Gateway for the ${opts.purpose} (HTTP->HTTPS redirect, TLS listener)`,
    content:
      fileHeader({
        title: `Gateway API Gateway: the ${opts.purpose}, with an HTTPS listener and an HTTP listener that redirects to HTTPS.`,
        model: ctx.model,
        fillIn: gatewayFillIn(ctx),
        apply: [
          'Requires the Gateway API CRDs and a controller (kubectl get gatewayclass).',
          ctx.model.routed.length > 0
            ? `kubectl apply -f ${opts.dir}/01-gateway.yaml, then kubectl apply -f ${opts.dir}/02-routes.yaml`
            : `kubectl apply -f ${opts.dir}/01-gateway.yaml`,
        ],
        notes: ctx.model.routed.length === 0 ? [...routeSummary(ctx), ...ctx.picks.notes] : ctx.picks.notes,
      }) + yamlDocuments([gatewayObject(ctx), redirectRoute(ctx.model.namespace)]),
  };
  if (ctx.model.routed.length === 0) {
    // No route to write: an all-comment file would only make `kubectl apply` fail with "no objects passed".
    return [gateway];
  }
  const routes: GeneratedFile = {
    path: `${opts.dir}/02-routes.yaml`,
    target: opts.target,
    description: `${ctx.model.routed.length} route(s) for the public and partner services`,
    content:
      fileHeader({
        title: 'Gateway API routes: one per public or partner service (internal services are not exposed).',
        model: ctx.model,
        fillIn: gatewayFillIn(ctx).slice(0, 1),
        apply: [`kubectl apply -f ${opts.dir}/02-routes.yaml (after the Gateway)`],
        notes: [...routeSummary(ctx), ...(grpc ? notes : ctx.picks.notes)],
      }) + yamlDocuments(routeObjects(ctx)),
  };
  return [gateway, routes];
}
