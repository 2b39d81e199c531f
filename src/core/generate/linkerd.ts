/**
 * The `linkerd` target: namespace injection, and per service a Server (its port), a
 * MeshTLSAuthentication (the identities of exactly its declared callers, plus the edge
 * gateway for public and partner services) and an AuthorizationPolicy tying the two together.
 * Retries and timeouts, where asked for, are Gateway API HTTPRoutes attached to the Service
 * with Linkerd's retry/timeout annotations (Linkerd 2.16+).
 */
import { assertDnsLabel } from './names.js';
import { wants, type GenService } from './model.js';
import { fileHeader, markPlaceholder, yamlDocuments, MANAGED_LABELS, type GeneratedFile } from './render.js';
import { gatewayIdentity, type GenContext } from './gateway-api.js';

/** The namespace with proxy injection and the default inbound policy. */
export function linkerdNamespace(ctx: GenContext): object {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: ctx.model.namespace,
      labels: { ...MANAGED_LABELS },
      // Traffic to a port without a Server still needs a meshed, authenticated client.
      annotations: { 'linkerd.io/inject': 'enabled', 'config.linkerd.io/default-inbound-policy': ctx.defaults.linkerd.defaultInboundPolicy },
    },
  };
}

function proxyProtocol(s: GenService): string {
  if (s.protocol === 'grpc') return 'gRPC';
  if (s.protocol === 'tcp') return 'opaque';
  return 'HTTP/1';
}

/** Server for the service's port, denying whatever no AuthorizationPolicy allows. */
export function server(ctx: GenContext, s: GenService): object {
  const name = assertDnsLabel(s.name);
  return {
    apiVersion: 'policy.linkerd.io/v1beta3',
    kind: 'Server',
    metadata: { name, namespace: ctx.model.namespace, labels: { ...MANAGED_LABELS } },
    spec: { podSelector: { matchLabels: { app: name } }, port: s.port, proxyProtocol: proxyProtocol(s), accessPolicy: 'deny' },
  };
}

/** ServiceAccount references for everyone allowed to call the service. */
export function identityRefs(ctx: GenContext, s: GenService): Array<Record<string, string>> {
  const refs: Array<Record<string, string>> = s.callers.map((c) => ({ kind: 'ServiceAccount', name: assertDnsLabel(c) }));
  if (s.calledByGateway) {
    const gw = gatewayIdentity(ctx);
    refs.push({ kind: 'ServiceAccount', name: gw.serviceAccount, namespace: gw.namespace });
  }
  return refs;
}

/** The mesh identities allowed to call the service. */
export function meshTlsAuthentication(ctx: GenContext, s: GenService): object {
  const name = assertDnsLabel(s.name);
  return {
    apiVersion: 'policy.linkerd.io/v1alpha1',
    kind: 'MeshTLSAuthentication',
    metadata: { name: `${name}-callers`, namespace: ctx.model.namespace, labels: { ...MANAGED_LABELS } },
    spec: { identityRefs: identityRefs(ctx, s) },
  };
}

/** Binds the service's Server to its MeshTLSAuthentication. */
export function authorizationPolicy(ctx: GenContext, s: GenService): object {
  const name = assertDnsLabel(s.name);
  return {
    apiVersion: 'policy.linkerd.io/v1alpha1',
    kind: 'AuthorizationPolicy',
    metadata: { name: `${name}-allow-callers`, namespace: ctx.model.namespace, labels: { ...MANAGED_LABELS } },
    spec: {
      targetRef: { group: 'policy.linkerd.io', kind: 'Server', name },
      requiredAuthenticationRefs: [{ group: 'policy.linkerd.io', kind: 'MeshTLSAuthentication', name: `${name}-callers` }],
    },
  };
}

/** A route attached to the Service that carries Linkerd's retry and timeout annotations. */
export function serviceRoute(ctx: GenContext, s: GenService): object {
  const name = assertDnsLabel(s.name);
  const grpc = s.protocol === 'grpc';
  const d = ctx.defaults.linkerd;
  const annotations: Record<string, string> = {};
  if (wants(ctx.model, 'retries')) {
    if (grpc) annotations['retry.linkerd.io/grpc'] = d.retryGrpc;
    else annotations['retry.linkerd.io/http'] = d.retryHttp;
    annotations['retry.linkerd.io/limit'] = String(d.retryLimit);
    annotations['retry.linkerd.io/timeout'] = d.retryTimeout;
  }
  if (wants(ctx.model, 'timeouts')) annotations['timeout.linkerd.io/request'] = d.requestTimeout;
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: grpc ? 'GRPCRoute' : 'HTTPRoute',
    metadata: { name: `${name}-resilience`, namespace: ctx.model.namespace, labels: { ...MANAGED_LABELS }, annotations },
    spec: {
      parentRefs: [{ group: '', kind: 'Service', name, port: s.port }],
      rules: [{ backendRefs: [{ name, port: s.port }] }],
    },
  };
}

/** Files of the linkerd target, numbered in the order to apply them. */
export function linkerdFiles(ctx: GenContext): GeneratedFile[] {
  const { model, picks } = ctx;
  const meshed = model.services.filter((s) => s.meshed);
  const gw = gatewayIdentity(ctx);
  const header = (title: string, fillIn: string[], apply: string[], notes: string[] = []) =>
    fileHeader({ title, model, fillIn, apply, notes: [...picks.notes, ...notes] });
  const withCallers = meshed.filter((s) => identityRefs(ctx, s).length > 0);
  const denied = meshed.filter((s) => identityRefs(ctx, s).length === 0).map((s) => s.name);
  const policy: object[] = [];
  for (const s of meshed) {
    policy.push(markPlaceholder(s, server(ctx, s)));
    if (withCallers.includes(s)) policy.push(meshTlsAuthentication(ctx, s), authorizationPolicy(ctx, s));
  }
  const files: GeneratedFile[] = [
    {
      path: 'linkerd/00-namespace.yaml',
      target: 'linkerd',
      description: 'namespace with Linkerd proxy injection',
      content:
        header(
          `Linkerd: namespace "${model.namespace}" with proxy injection and the ${ctx.defaults.linkerd.defaultInboundPolicy} default inbound policy.`,
          [`namespace "${model.namespace}" -> the namespace your services run in (change it in every linkerd/ file)`],
          [
            'linkerd install --crds | kubectl apply -f - && linkerd install | kubectl apply -f -   (once per cluster)',
            'kubectl apply -f linkerd/   (files apply in name order: 00 namespace, 10 policy, 20 routes)',
            'kubectl rollout restart deployment -n <namespace>   (injects the proxies)',
          ],
        ) + yamlDocuments([linkerdNamespace(ctx)]),
    },
  ];
  if (meshed.length > 0) {
    files.push({
      path: 'linkerd/10-policy.yaml',
      target: 'linkerd',
      description: `${meshed.length} Server(s) with MeshTLSAuthentication + AuthorizationPolicy for their declared callers`,
      content:
        header(
          'Linkerd authorization policy: a Server per service (deny by default), admitting exactly the ServiceAccounts of its declared callers (public and partner services also admit the edge gateway).',
          [
            'workloads must carry the label app=<service name> and run under a ServiceAccount named like the service',
            `edge gateway identity: ServiceAccount ${gw.serviceAccount} in namespace ${gw.namespace}: run your gateway (meshed) under it or change the reference`,
            'Server port: the container port the service listens on (a number, or the port name from the pod spec)',
          ],
          ['kubectl apply -f linkerd/10-policy.yaml   (check first: linkerd viz authz -n <namespace> deploy)'],
          denied.length > 0 ? [`no declared callers, so no caller is allowed: ${denied.join(', ')}`] : [],
        ) + yamlDocuments(policy),
    });
  }
  const l7 = wants(model, 'retries') || wants(model, 'timeouts');
  const routed = meshed.filter((s) => s.protocol !== 'tcp');
  if (l7 && routed.length > 0) {
    files.push({
      path: 'linkerd/20-routes.yaml',
      target: 'linkerd',
      description: 'HTTPRoute/GRPCRoute per service with Linkerd retry and timeout annotations',
      content:
        header(
          'Linkerd retries and timeouts: a Gateway API HTTPRoute (GRPCRoute for gRPC) attached to each Service, configured through Linkerd\'s retry.linkerd.io / timeout.linkerd.io annotations (Linkerd 2.16+).',
          [`timeouts (${ctx.defaults.linkerd.requestTimeout}) and retry limits (${ctx.defaults.linkerd.retryLimit}): tune per service`],
          ['kubectl apply -f linkerd/20-routes.yaml'],
        ) + yamlDocuments(routed.map((s) => markPlaceholder(s, serviceRoute(ctx, s)))),
    });
  }
  return files;
}
