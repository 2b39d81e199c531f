/**
 * The `istio` target, in sidecar or ambient mode (the pick, or the mode of the Istio
 * installation the input already runs), per namespace the workloads live in:
 * - 00: the namespace enrolled (injection or ambient), and in ambient mode a waypoint when L7
 *   features are wanted;
 * - 10: PeerAuthentication STRICT;
 * - 20: default deny (an ALLOW policy without rules for the namespace, and for its waypoint),
 *   then per service an ALLOW policy admitting exactly its callers and, when routed, the edge.
 *   Where callers are checked follows Istio's documented semantics (ambient/usage/l4-policy):
 *   with a sidecar or ztunnel alone, a selector policy sees the callers; behind a waypoint the
 *   pod's ztunnel sees the waypoint, so callers are checked by a policy attached to the Service
 *   with targetRefs (enforced by the waypoint) and the pod admits only its waypoint (and the
 *   edge, whose proxies send to pod addresses and bypass service waypoints);
 * - 30: DestinationRules and VirtualServices, only where a proxy applies them (sidecars, or a
 *   waypoint): in ambient mode without a waypoint they would do nothing, so they are left out
 *   and the header says what a waypoint would add;
 * - 40: Telemetry.
 * API versions: networking.istio.io/v1 and security.istio.io/v1 (Istio 1.22+).
 */
import { assertDnsLabel, assertSubdomain } from './names.js';
import { servicesByKey, wants, wantsL7, type GenService } from './model.js';
import { fileHeader, markPlaceholder, nameList, servicePlaceholders, yamlDocuments, MANAGED_LABELS, type GeneratedFile } from './render.js';
import type { GenContext } from './gateway-api.js';

/** The trust domain of the principals (Istio's default). */
export const TRUST_DOMAIN = 'cluster.local';
/** Name of the waypoint Gateway meshgate deploys per namespace in ambient mode. */
export const WAYPOINT_NAME = 'waypoint';
/** Name of the namespace-wide ALLOW policy without rules (default deny). */
export const ALLOW_NOTHING = 'allow-nothing';

/** SPIFFE-style principal Istio gives a workload: cluster.local/ns/<ns>/sa/<sa>. */
export function principal(namespace: string, serviceAccount: string): string {
  return `${TRUST_DOMAIN}/ns/${assertDnsLabel(namespace)}/sa/${assertSubdomain(serviceAccount)}`;
}

/** True when the generated setup deploys waypoints (ambient mode with L7 features asked for). */
export function usesWaypoint(ctx: GenContext): boolean {
  return ctx.picks.istioMode === 'ambient' && wantsL7(ctx.model);
}

function meta(name: string, namespace: string, extra: Record<string, string> = {}): { name: string; namespace: string; labels: Record<string, string> } {
  return { name, namespace, labels: { ...MANAGED_LABELS, ...extra } };
}

/** Labels that enrol a namespace (or, for `default`, the pods) in the mesh. */
function enrolmentLabels(ctx: GenContext): Record<string, string> {
  return ctx.picks.istioMode === 'ambient' ? { 'istio.io/dataplane-mode': 'ambient' } : { 'istio-injection': 'enabled' };
}

/** Namespace objects for the workload namespaces, except `default`, which is never enrolled as a whole. */
export function istioNamespaces(ctx: GenContext): object[] {
  const labels = { ...MANAGED_LABELS, ...enrolmentLabels(ctx), ...(usesWaypoint(ctx) ? { 'istio.io/use-waypoint': WAYPOINT_NAME } : {}) };
  return ctx.model.namespaces.filter((ns) => ns !== 'default').map((ns) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels } }));
}

function waypoint(namespace: string): object {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: meta(WAYPOINT_NAME, namespace, { 'istio.io/waypoint-for': 'service' }),
    spec: { gatewayClassName: 'istio-waypoint', listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }] },
  };
}

/**
 * PeerAuthentication requiring mutual TLS for the namespace; in `default`, which is not meshgate's
 * to lock down as a whole, for the services' own pods only.
 */
export function peerAuthentications(ctx: GenContext, namespace: string): object[] {
  const strict = { mtls: { mode: 'STRICT' } };
  if (namespace !== 'default') return [{ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: meta('default', namespace), spec: strict }];
  return ctx.model.services
    .filter((s) => s.namespace === namespace)
    .map((s) => ({ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: meta(`${assertDnsLabel(s.name)}-mtls`, namespace), spec: { selector: { matchLabels: { ...s.selector } }, ...strict } }));
}

/** The principals of a service's callers (declared or, without visible calls, assumed). */
export function callerPrincipals(ctx: GenContext, s: GenService): string[] {
  const byKey = servicesByKey(ctx.model);
  return s.callerKeys.map((c) => byKey.get(c)!).map((c) => principal(c.namespace, c.serviceAccount));
}

/** The edge gateway's principals: the new edge's, and the existing gateway's while it still serves. */
export function edgePrincipals(ctx: GenContext): string[] {
  const e = ctx.edgeId;
  return [principal(e.namespace, e.serviceAccount), ...(e.existing ? [principal(e.existing.namespace, e.existing.serviceAccount)] : [])];
}

function allowPolicy(name: string, namespace: string, attach: Record<string, unknown>, principals: string[]): object {
  const spec: Record<string, unknown> = { ...attach, action: 'ALLOW' };
  // An ALLOW policy without rules matches nothing: the service then admits nobody.
  if (principals.length > 0) spec['rules'] = [{ from: [{ source: { principals } }] }];
  return { apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: meta(name, namespace), spec };
}

/** The authorization policies for one service. */
export function servicePolicies(ctx: GenContext, s: GenService): object[] {
  const name = assertDnsLabel(s.name);
  const callers = callerPrincipals(ctx, s);
  const edge = s.calledByGateway ? edgePrincipals(ctx) : [];
  const selector = { selector: { matchLabels: { ...s.selector } } };
  if (!usesWaypoint(ctx)) return callers.length + edge.length > 0 ? [allowPolicy(`${name}-allow-callers`, s.namespace, selector, [...callers, ...edge])] : [];
  const out: object[] = [];
  if (callers.length > 0) out.push(allowPolicy(`${name}-allow-callers`, s.namespace, { targetRefs: [{ group: '', kind: 'Service', name }] }, callers));
  const direct = [...(callers.length > 0 ? [principal(s.namespace, WAYPOINT_NAME)] : []), ...edge];
  if (direct.length > 0) out.push(allowPolicy(`${name}-allow-waypoint`, s.namespace, selector, direct));
  return out;
}

/**
 * Default deny for a namespace (and its waypoint). In `default` only the services' own pods are
 * locked down: a service without any ALLOW policy of its own gets an allow-nothing policy.
 */
function defaultDeny(ctx: GenContext, namespace: string): object[] {
  const out: object[] =
    namespace !== 'default'
      ? [{ apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: meta(ALLOW_NOTHING, namespace), spec: {} }]
      : ctx.model.services
          .filter((s) => s.namespace === namespace && servicePolicies(ctx, s).every((p) => (p as { spec: Record<string, unknown> }).spec['selector'] === undefined))
          .map((s) => ({ apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: meta(`${assertDnsLabel(s.name)}-${ALLOW_NOTHING}`, namespace), spec: { selector: { matchLabels: { ...s.selector } } } }));
  if (usesWaypoint(ctx)) {
    out.push({
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: meta(`${WAYPOINT_NAME}-${ALLOW_NOTHING}`, namespace),
      spec: { targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: WAYPOINT_NAME }], action: 'ALLOW' },
    });
  }
  return out;
}

/** DestinationRule with outlier detection (and connection limits when circuit breaking is asked for). */
export function destinationRule(ctx: GenContext, s: GenService): object {
  const name = assertDnsLabel(s.name);
  const d = ctx.defaults.istio;
  const trafficPolicy: Record<string, unknown> = { outlierDetection: { ...d.outlierDetection } };
  if (wants(ctx.model, 'circuit-breaking')) {
    trafficPolicy['connectionPool'] = { tcp: { maxConnections: d.connectionPool.maxConnections }, http: { http1MaxPendingRequests: d.connectionPool.http1MaxPendingRequests } };
  }
  if (s.protocol === 'grpc' || wants(ctx.model, 'grpc-load-balancing')) {
    // gRPC multiplexes requests on one connection; balance per request, not per connection.
    trafficPolicy['loadBalancer'] = { simple: 'LEAST_REQUEST' };
  }
  return { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: meta(name, s.namespace), spec: { host: `${name}.${s.namespace}.svc.cluster.local`, trafficPolicy } };
}

/** VirtualService carrying the timeouts and retries asked for. */
export function virtualService(ctx: GenContext, s: GenService): object {
  const name = assertDnsLabel(s.name);
  const host = `${name}.${s.namespace}.svc.cluster.local`;
  const route: Record<string, unknown> = { route: [{ destination: { host, port: { number: s.port } } }] };
  const d = ctx.defaults.istio;
  if (wants(ctx.model, 'timeouts')) route['timeout'] = d.timeout;
  if (wants(ctx.model, 'retries')) route['retries'] = { ...d.retries };
  return { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: meta(name, s.namespace), spec: { hosts: [host], http: [route] } };
}

/** Telemetry sending traces to the configured OpenTelemetry provider. */
export function telemetry(ctx: GenContext, namespace: string): object {
  const d = ctx.defaults.istio;
  const sampling = ctx.model.answers.observability === 'tracing' ? d.samplingPercent.tracing : d.samplingPercent.other;
  return { apiVersion: 'telemetry.istio.io/v1', kind: 'Telemetry', metadata: meta('tracing', namespace), spec: { tracing: [{ providers: [{ name: d.tracingProvider }], randomSamplingPercentage: sampling }] } };
}

/** What to do by hand: enrol `default`'s pods, and the edge proxies where they run. */
function enrolmentSteps(ctx: GenContext): string[] {
  const steps: string[] = [];
  const label = Object.entries(enrolmentLabels(ctx)).map(([k, v]) => `${k}=${v}`)[0]!;
  const podLabel = ctx.picks.istioMode === 'ambient' ? 'istio.io/dataplane-mode=ambient' : 'sidecar.istio.io/inject=true';
  const inDefault = ctx.model.services.filter((s) => s.namespace === 'default').map((s) => s.label);
  if (inDefault.length > 0) {
    steps.push(`namespace default is not enrolled as a whole (that would mesh every stray pod in it): add the pod label ${podLabel} to the pod templates of ${nameList(inDefault)}${usesWaypoint(ctx) ? `, and label their Services istio.io/use-waypoint=${WAYPOINT_NAME}` : ''}`);
  }
  if (ctx.edgeId.enrolNamespace) steps.push(`the edge proxies run in namespace ${ctx.edgeId.namespace}: kubectl label namespace ${ctx.edgeId.namespace} ${label}${ctx.picks.istioMode === 'sidecar' ? ' && kubectl rollout restart deployment -n ' + ctx.edgeId.namespace : ''}   (they must be in the mesh to be admitted under their identity)`);
  return steps;
}

/** Files of the istio target, numbered in the order to apply them. */
export function istioFiles(ctx: GenContext): GeneratedFile[] {
  const { model, picks } = ctx;
  const mode = picks.istioMode;
  const waypoints = usesWaypoint(ctx);
  const services = model.services;
  const nsList = nameList(model.namespaces);
  const placeholders = servicePlaceholders(services, { identity: true, selector: true, namespace: true });
  const edgeLine = `edge gateway identity: ${ctx.edgeId.namespace}/${ctx.edgeId.serviceAccount} (${ctx.edgeId.how})${ctx.edgeId.existing ? `; also admitted while it still serves: your current gateway ${ctx.edgeId.existing.namespace}/${ctx.edgeId.existing.serviceAccount} (remove it once the new edge has taken over)` : ''}`;
  const header = (title: string, fillIn: string[], apply: string[], notes: string[] = [], extraPlaceholders: string[] = []) =>
    fileHeader({ title, model, fillIn, apply, notes: [...(picks.istioModeNote ? [picks.istioModeNote] : []), ...picks.notes, ...notes], placeholders: [...placeholders, ...extraPlaceholders] });
  const files: GeneratedFile[] = [];
  const enrol = enrolmentSteps(ctx);
  const nsObjects: object[] = [...istioNamespaces(ctx), ...(waypoints ? model.namespaces.map(waypoint) : [])];
  const modeNotes = mode === 'ambient' && !waypoints ? ['No waypoint: ztunnel enforces L4 policy only, and DestinationRules and VirtualServices would have no effect between services, so none is generated; ask for retries or timeouts (or deploy a waypoint) to get L7 traffic policy.'] : [];
  if (nsObjects.length > 0) {
    files.push({
      path: 'istio/00-namespace.yaml',
      target: 'istio',
      description: `namespace(s) ${nsList} enrolled in Istio ${mode} mode${waypoints ? ' with a waypoint proxy each' : ''}`,
      content:
        header(
          `${picks.istioFlavour === 'cloud-service-mesh' ? 'Cloud Service Mesh (managed Istio)' : 'Istio'} ${mode} mode: enrols namespace(s) ${nsList}${waypoints ? ' and deploys a waypoint proxy in each (L7 policy, retries and timeouts run there)' : ''}.`,
          enrol,
          [
            picks.istioFlavour === 'cloud-service-mesh'
              ? 'gcloud container fleet mesh update --management automatic --memberships <membership> --project <project>   (once per cluster: Google runs the control plane, so there is no control plane to install with istioctl; the istio-injection=enabled label then selects the managed revision)'
              : mode === 'ambient' ? 'istioctl install --set profile=ambient   (once per cluster)' : 'istioctl install   (once per cluster)',
            'kubectl apply -f istio/   (files apply in name order: 00 namespaces, 10 mTLS, 20 authorization, 30 traffic, 40 telemetry)',
            mode === 'sidecar' ? `kubectl rollout restart deployment -n <namespace>   (for each of ${nsList}: injects the sidecars)` : 'no restart needed: ambient mode captures traffic without sidecars',
          ],
          modeNotes,
        ) + yamlDocuments(nsObjects),
    });
  }
  files.push({
    path: 'istio/10-peer-authentication.yaml',
    target: 'istio',
    description: `PeerAuthentication: mTLS STRICT in ${nsList}`,
    content:
      header(`Istio PeerAuthentication: mutual TLS is required (STRICT) for every workload in ${nsList}${model.namespaces.includes('default') ? ' (in default, for these services\' pods only)' : ''}.`, nsObjects.length === 0 ? enrol : [], [
        'kubectl apply -f istio/10-peer-authentication.yaml   (after every workload, and the edge proxies, are in the mesh: plain-text clients are refused from then on)',
      ]) + yamlDocuments(model.namespaces.flatMap((ns) => peerAuthentications(ctx, ns))),
  });
  const denied = services.filter((s) => s.callerKeys.length === 0 && !s.calledByGateway).map((s) => s.label);
  const assumed = services.filter((s) => s.callersAssumed).map((s) => s.label);
  const policyNotes: string[] = [];
  if (assumed.length > 0) policyNotes.push(`NO CALLS ARE VISIBLE in the input (addresses live in code or configuration), and recommend assumes the services call each other: so ${nameList(assumed)} admit every application service of their namespace, by name. Narrow each list to the real callers.`);
  if (denied.length > 0) policyNotes.push(`nobody is known to call ${nameList(denied)}: they admit no caller (the namespace default deny holds)`);
  if (waypoints) policyNotes.push('Behind a waypoint the pod sees the waypoint\'s identity, so callers are checked by the <service>-allow-callers policies attached to each Service (the waypoint enforces them) and the pods admit only their waypoint and the edge (<service>-allow-waypoint).');
  const policies: object[] = model.namespaces.flatMap((ns) => defaultDeny(ctx, ns));
  for (const s of services) for (const p of servicePolicies(ctx, s)) policies.push(markPlaceholder(s, p));
  files.push({
    path: 'istio/20-authorization-policies.yaml',
    target: 'istio',
    description: `AuthorizationPolicies: default deny in ${nsList}, and each service admits exactly its callers`,
    content:
      header(
        'Istio AuthorizationPolicy: default deny per namespace, then per service exactly its callers (routed services also admit the edge gateway); datastores and queues admit only the services that use them.',
        [edgeLine],
        ['kubectl apply -f istio/20-authorization-policies.yaml'],
        policyNotes,
        ctx.edgeId.assumed ? [edgeLine] : [],
      ) + yamlDocuments(policies),
  });
  const applied = mode === 'sidecar' || waypoints;
  if (applied) {
    const app = services.filter((s) => s.kind === 'service');
    const traffic: object[] = app.map((s) => markPlaceholder(s, destinationRule(ctx, s)));
    const vs = wants(model, 'retries') || wants(model, 'timeouts');
    if (vs) traffic.push(...app.filter((s) => s.protocol !== 'tcp').map((s) => markPlaceholder(s, virtualService(ctx, s))));
    if (traffic.length > 0) {
      files.push({
        path: 'istio/30-traffic.yaml',
        target: 'istio',
        description: `DestinationRule with outlier detection per service${vs ? '; VirtualService retries/timeouts' : ''}`,
        content:
          header(
            `Istio traffic policy: a DestinationRule per service (outlier detection ejects failing endpoints)${vs ? ', and a VirtualService per service with the retries and timeouts you asked for' : ''}.`,
            vs ? [`timeouts (${ctx.defaults.istio.timeout}) and retry attempts (${ctx.defaults.istio.retries.attempts}): tune per service`] : [],
            ['kubectl apply -f istio/30-traffic.yaml'],
            waypoints ? ['In ambient mode these rules are applied by the waypoint proxies from 00-namespace.yaml (VirtualService on waypoints is an alpha feature of Istio).'] : [],
          ) + yamlDocuments(traffic),
      });
    }
  }
  const telemetryNs = model.namespaces.filter((ns) => ns !== 'default');
  if (telemetryNs.length > 0) files.push({
    path: 'istio/40-telemetry.yaml',
    target: 'istio',
    description: 'Telemetry: tracing through an OpenTelemetry provider',
    content:
      header(
        'Istio Telemetry: sends traces to an OpenTelemetry collector.',
        [`meshConfig.extensionProviders: define "${ctx.defaults.istio.tracingProvider}" (opentelemetry: service, port) in your Istio install, pointing at your collector`],
        ['kubectl apply -f istio/40-telemetry.yaml'],
        [
          ...(mode === 'ambient' && !waypoints ? ['In ambient mode without a waypoint only L4 telemetry exists: traces need a waypoint.'] : []),
          ...(telemetryNs.length < model.namespaces.length ? ['namespace default gets no Telemetry (it would trace every pod in it): add one per workload if you want it there.'] : []),
        ],
      ) + yamlDocuments(telemetryNs.map((ns) => telemetry(ctx, ns))),
  });
  return files;
}
