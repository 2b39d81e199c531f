/**
 * The `linkerd` target, per namespace the workloads live in: proxy injection and the `deny`
 * default inbound policy (default deny), and per service a Server on its POD port (Linkerd only
 * considers ports in the pod spec, so a Service port that differs from the container port would
 * select nothing), a MeshTLSAuthentication with exactly its callers' identities (plus the edge
 * for routed services) and an AuthorizationPolicy tying them together. Datastores and queues get
 * the same, with opaque transport. Retries and timeouts, where asked for, are Gateway API
 * HTTPRoutes attached to the Service with Linkerd's retry/timeout annotations (Linkerd 2.16+).
 */
import { assertDnsLabel, assertSubdomain } from './names.js';
import { servicesByKey, wants, type GenService } from './model.js';
import { fileHeader, markPlaceholder, nameList, servicePlaceholders, yamlDocuments, MANAGED_LABELS, type GeneratedFile } from './render.js';
import type { GenContext } from './gateway-api.js';

function meta(name: string, namespace: string): { name: string; namespace: string; labels: Record<string, string> } {
  return { name, namespace, labels: { ...MANAGED_LABELS } };
}

/** Namespace objects with proxy injection and the default inbound policy; `default` is never annotated as a whole. */
export function linkerdNamespaces(ctx: GenContext): object[] {
  return ctx.model.namespaces
    .filter((ns) => ns !== 'default')
    .map((ns) => ({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns, labels: { ...MANAGED_LABELS }, annotations: { 'linkerd.io/inject': 'enabled', 'config.linkerd.io/default-inbound-policy': ctx.defaults.linkerd.defaultInboundPolicy } },
    }));
}

function proxyProtocol(s: GenService): string {
  if (s.protocol === 'grpc') return 'gRPC';
  if (s.protocol === 'tcp') return 'opaque';
  return 'HTTP/1';
}

/** Server for the service's pod port, denying whatever no AuthorizationPolicy allows. */
export function server(s: GenService): object {
  const name = assertDnsLabel(s.name);
  return {
    apiVersion: 'policy.linkerd.io/v1beta3',
    kind: 'Server',
    metadata: meta(name, s.namespace),
    spec: { podSelector: { matchLabels: { ...s.selector } }, port: s.targetPort, proxyProtocol: proxyProtocol(s), accessPolicy: 'deny' },
  };
}

/** ServiceAccount references for everyone allowed to call the service. */
export function identityRefs(ctx: GenContext, s: GenService): Array<Record<string, string>> {
  const byKey = servicesByKey(ctx.model);
  const ref = (namespace: string, serviceAccount: string): Record<string, string> =>
    namespace === s.namespace ? { kind: 'ServiceAccount', name: assertSubdomain(serviceAccount) } : { kind: 'ServiceAccount', name: assertSubdomain(serviceAccount), namespace: assertDnsLabel(namespace) };
  const refs = s.callerKeys.map((c) => byKey.get(c)!).map((c) => ref(c.namespace, c.serviceAccount));
  if (s.calledByGateway) {
    refs.push(ref(ctx.edgeId.namespace, ctx.edgeId.serviceAccount));
    if (ctx.edgeId.existing) refs.push(ref(ctx.edgeId.existing.namespace, ctx.edgeId.existing.serviceAccount));
  }
  const seen = new Set<string>();
  return refs.filter((r) => !seen.has(JSON.stringify(r)) && seen.add(JSON.stringify(r)));
}

/** The mesh identities allowed to call the service. */
export function meshTlsAuthentication(ctx: GenContext, s: GenService): object {
  const name = assertDnsLabel(s.name);
  return { apiVersion: 'policy.linkerd.io/v1alpha1', kind: 'MeshTLSAuthentication', metadata: meta(`${name}-callers`, s.namespace), spec: { identityRefs: identityRefs(ctx, s) } };
}

/** Binds the service's Server to its MeshTLSAuthentication. */
export function authorizationPolicy(s: GenService): object {
  const name = assertDnsLabel(s.name);
  return {
    apiVersion: 'policy.linkerd.io/v1alpha1',
    kind: 'AuthorizationPolicy',
    metadata: meta(`${name}-allow-callers`, s.namespace),
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
    metadata: { ...meta(`${name}-resilience`, s.namespace), annotations },
    spec: {
      parentRefs: [{ group: '', kind: 'Service', name, port: s.port }],
      rules: [{ backendRefs: [{ name, port: s.port }] }],
    },
  };
}

/** Files of the linkerd target, numbered in the order to apply them. */
export function linkerdFiles(ctx: GenContext): GeneratedFile[] {
  const { model, picks } = ctx;
  const services = model.services;
  const nsList = nameList(model.namespaces);
  const edgeLine = `edge gateway identity: ServiceAccount ${ctx.edgeId.serviceAccount} in namespace ${ctx.edgeId.namespace} (${ctx.edgeId.how})${ctx.edgeId.existing ? `; also admitted while it still serves: your current gateway ${ctx.edgeId.existing.namespace}/${ctx.edgeId.existing.serviceAccount} (remove it once the new edge has taken over)` : ''}`;
  const placeholders = servicePlaceholders(services, { identity: true, selector: true, targetPort: true, port: true, namespace: true });
  const header = (title: string, fillIn: string[], apply: string[], notes: string[] = [], extra: string[] = []) =>
    fileHeader({ title, model, fillIn, apply, notes: [...picks.notes, ...notes], placeholders: [...placeholders, ...extra] });
  const enrol: string[] = [];
  const inDefault = services.filter((s) => s.namespace === 'default').map((s) => s.label);
  if (inDefault.length > 0) enrol.push(`namespace default is not annotated as a whole: add the pod annotations linkerd.io/inject: enabled and config.linkerd.io/default-inbound-policy: ${ctx.defaults.linkerd.defaultInboundPolicy} to the pod templates of ${nameList(inDefault)}`);
  if (!model.namespaces.includes(ctx.edgeId.namespace)) enrol.push(`the edge proxies run in namespace ${ctx.edgeId.namespace}: kubectl annotate namespace ${ctx.edgeId.namespace} linkerd.io/inject=enabled && kubectl rollout restart deployment -n ${ctx.edgeId.namespace}   (they must be meshed to be admitted under their identity)`);
  // Members are written as references (name, or name.namespace when the name is not unique).
  const member = (s: GenService): boolean => model.existingMesh!.members.some((m) => m === s.name || m === s.label || m.startsWith(`${s.name}.${s.namespace}.`));
  const notMembers = model.existingMesh?.explicitMembers ? services.filter((s) => !member(s)).map((s) => s.label) : [];
  const files: GeneratedFile[] = [];
  const namespaces = linkerdNamespaces(ctx);
  const ns00Notes = notMembers.length > 0 ? [`${nameList(notMembers)} are not mesh members in your architecture, but namespace injection meshes every pod of the namespace: opt them out with the pod annotation linkerd.io/inject: disabled (their Servers then do nothing)`] : [];
  if (namespaces.length > 0) {
    files.push({
      path: 'linkerd/00-namespace.yaml',
      target: 'linkerd',
      description: `namespace(s) ${nsList} with Linkerd proxy injection and default inbound policy ${ctx.defaults.linkerd.defaultInboundPolicy}`,
      content:
        header(
          `Linkerd: namespace(s) ${nsList} with proxy injection and the ${ctx.defaults.linkerd.defaultInboundPolicy} default inbound policy (ports without a Server refuse every client).`,
          enrol,
          [
            'linkerd install --crds | kubectl apply -f - && linkerd install | kubectl apply -f -   (once per cluster)',
            'kubectl apply -f linkerd/   (files apply in name order: 00 namespaces, 10 policy, 20 routes)',
            `kubectl rollout restart deployment -n <namespace>   (for each of ${nsList}: injects the proxies; the default inbound policy is read when a pod starts)`,
          ],
          ns00Notes,
        ) + yamlDocuments(namespaces),
    });
  }
  const deniedKeys = new Set(services.filter((s) => identityRefs(ctx, s).length === 0).map((s) => s.key));
  const denied = services.filter((s) => deniedKeys.has(s.key)).map((s) => s.label);
  const assumed = services.filter((s) => s.callersAssumed).map((s) => s.label);
  const notes: string[] = [];
  if (assumed.length > 0) notes.push(`NO CALLS ARE VISIBLE in the input (addresses live in code or configuration), and recommend assumes the services call each other: so ${nameList(assumed)} admit every application service of their namespace, by name. Narrow each list to the real callers.`);
  if (denied.length > 0) notes.push(`nobody is known to call ${nameList(denied)}: their Servers admit no client`);
  const policy: object[] = [];
  for (const s of services) {
    policy.push(markPlaceholder(s, server(s)));
    if (!deniedKeys.has(s.key)) policy.push(meshTlsAuthentication(ctx, s), authorizationPolicy(s));
  }
  files.push({
    path: 'linkerd/10-policy.yaml',
    target: 'linkerd',
    description: `${services.length} Server(s) on the pod ports, with MeshTLSAuthentication + AuthorizationPolicy for their callers`,
    content:
      header(
        'Linkerd authorization policy: a Server per service on its pod port (deny by default), admitting exactly the ServiceAccounts of its callers (routed services also admit the edge gateway; datastores and queues only the services that use them).',
        [...(namespaces.length === 0 ? enrol : []), edgeLine, 'Server port: the container port the pods declare in their spec (Linkerd only considers those)'],
        ['kubectl apply -f linkerd/10-policy.yaml   (check first: linkerd viz authz -n <namespace> deploy)'],
        notes,
        ctx.edgeId.assumed ? [edgeLine] : [],
      ) + yamlDocuments(policy),
  });
  const l7 = wants(model, 'retries') || wants(model, 'timeouts');
  const routed = services.filter((s) => s.kind === 'service' && s.protocol !== 'tcp');
  if (l7 && routed.length > 0) {
    files.push({
      path: 'linkerd/20-routes.yaml',
      target: 'linkerd',
      description: 'HTTPRoute/GRPCRoute per service with Linkerd retry and timeout annotations',
      content:
        header(
          "Linkerd retries and timeouts: a Gateway API HTTPRoute (GRPCRoute for gRPC) attached to each Service, configured through Linkerd's retry.linkerd.io / timeout.linkerd.io annotations (Linkerd 2.16+).",
          [`timeouts (${ctx.defaults.linkerd.requestTimeout}) and retry limits (${ctx.defaults.linkerd.retryLimit}): tune per service`],
          ['kubectl apply -f linkerd/20-routes.yaml'],
        ) + yamlDocuments(routed.map((s) => markPlaceholder(s, serviceRoute(ctx, s)))),
    });
  }
  return files;
}
