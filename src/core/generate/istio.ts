/**
 * The `istio` target, ambient or sidecar per the product pick: namespace enrolment,
 * PeerAuthentication STRICT, an AuthorizationPolicy per service allowing exactly its declared
 * callers (and the edge gateway for public and partner services), a DestinationRule with
 * outlier detection per service, retries and timeouts where asked for, and Telemetry for tracing.
 * API versions: networking.istio.io/v1 and security.istio.io/v1 (Istio 1.22+).
 */
import { assertDnsLabel } from './names.js';
import { wants, type GenService } from './model.js';
import { fileHeader, markPlaceholder, yamlDocuments, MANAGED_LABELS, type GeneratedFile } from './render.js';
import { gatewayIdentity, type GenContext } from './gateway-api.js';

/** SPIFFE-style principal Istio gives a workload: cluster.local/ns/<ns>/sa/<sa>. */
export function principal(namespace: string, serviceAccount: string): string {
  return `cluster.local/ns/${assertDnsLabel(namespace)}/sa/${assertDnsLabel(serviceAccount)}`;
}

/** The namespace, enrolled in ambient mode or sidecar injection per the pick. */
export function istioNamespace(ctx: GenContext): object {
  const labels: Record<string, string> = { ...MANAGED_LABELS };
  if (ctx.picks.istioMode === 'ambient') labels['istio.io/dataplane-mode'] = 'ambient';
  else labels['istio-injection'] = 'enabled';
  if (ctx.picks.istioMode === 'ambient' && needsWaypoint(ctx)) labels['istio.io/use-waypoint'] = 'waypoint';
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ctx.model.namespace, labels } };
}

/** Ambient mode needs a waypoint proxy for L7 features: retries and timeouts. */
function needsWaypoint(ctx: GenContext): boolean {
  return wants(ctx.model, 'retries') || wants(ctx.model, 'timeouts');
}

function waypoint(ctx: GenContext): object {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name: 'waypoint', namespace: ctx.model.namespace, labels: { ...MANAGED_LABELS, 'istio.io/waypoint-for': 'service' } },
    spec: { gatewayClassName: 'istio-waypoint', listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }] },
  };
}

/** Namespace-wide PeerAuthentication requiring mutual TLS. */
export function peerAuthentication(ctx: GenContext): object {
  return {
    apiVersion: 'security.istio.io/v1',
    kind: 'PeerAuthentication',
    metadata: { name: 'default', namespace: ctx.model.namespace, labels: { ...MANAGED_LABELS } },
    spec: { mtls: { mode: 'STRICT' } },
  };
}

/** Who may call a service: its declared callers, plus the edge gateway when it is exposed. */
export function allowedPrincipals(ctx: GenContext, s: GenService): string[] {
  const ns = ctx.model.namespace;
  const out = s.callers.map((c) => principal(ns, c));
  if (s.calledByGateway) {
    const gw = gatewayIdentity(ctx);
    out.push(principal(gw.namespace, gw.serviceAccount));
  }
  return out;
}

/** ALLOW policy admitting exactly the service's declared callers (and the gateway when exposed). */
export function authorizationPolicy(ctx: GenContext, s: GenService): object {
  const name = assertDnsLabel(s.name);
  const principals = allowedPrincipals(ctx, s);
  // An ALLOW policy without rules matches nothing: nobody may call a service with no declared callers.
  const spec: Record<string, unknown> = { selector: { matchLabels: { app: name } }, action: 'ALLOW' };
  if (principals.length > 0) spec['rules'] = [{ from: [{ source: { principals } }] }];
  return {
    apiVersion: 'security.istio.io/v1',
    kind: 'AuthorizationPolicy',
    metadata: { name: `${name}-allow-callers`, namespace: ctx.model.namespace, labels: { ...MANAGED_LABELS } },
    spec,
  };
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
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'DestinationRule',
    metadata: { name, namespace: ctx.model.namespace, labels: { ...MANAGED_LABELS } },
    spec: { host: `${name}.${ctx.model.namespace}.svc.cluster.local`, trafficPolicy },
  };
}

/** VirtualService carrying the timeouts and retries asked for. */
export function virtualService(ctx: GenContext, s: GenService): object {
  const name = assertDnsLabel(s.name);
  const host = `${name}.${ctx.model.namespace}.svc.cluster.local`;
  const route: Record<string, unknown> = { route: [{ destination: { host, port: { number: s.port } } }] };
  const d = ctx.defaults.istio;
  if (wants(ctx.model, 'timeouts')) route['timeout'] = d.timeout;
  if (wants(ctx.model, 'retries')) route['retries'] = { ...d.retries };
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name, namespace: ctx.model.namespace, labels: { ...MANAGED_LABELS } },
    spec: { hosts: [host], http: [route] },
  };
}

/** Telemetry sending traces to the configured OpenTelemetry provider. */
export function telemetry(ctx: GenContext): object {
  const d = ctx.defaults.istio;
  const sampling = ctx.model.answers.observability === 'tracing' ? d.samplingPercent.tracing : d.samplingPercent.other;
  return {
    apiVersion: 'telemetry.istio.io/v1',
    kind: 'Telemetry',
    metadata: { name: 'tracing', namespace: ctx.model.namespace, labels: { ...MANAGED_LABELS } },
    spec: { tracing: [{ providers: [{ name: d.tracingProvider }], randomSamplingPercentage: sampling }] },
  };
}

/** Files of the istio target, numbered in the order to apply them. */
export function istioFiles(ctx: GenContext): GeneratedFile[] {
  const { model, picks } = ctx;
  const meshed = model.services.filter((s) => s.meshed);
  const mode = picks.istioMode;
  const header = (title: string, fillIn: string[], apply: string[], notes: string[] = []) =>
    fileHeader({ title, model, fillIn, apply, notes: [...picks.notes, ...notes] });
  const files: GeneratedFile[] = [];
  const nsObjects: object[] = [istioNamespace(ctx)];
  if (mode === 'ambient' && needsWaypoint(ctx)) nsObjects.push(waypoint(ctx));
  files.push({
    path: 'istio/00-namespace.yaml',
    target: 'istio',
    description: `namespace enrolled in Istio ${mode} mode${nsObjects.length > 1 ? ' and its waypoint proxy' : ''}`,
    content:
      header(
        `Istio ${mode} mode: enrols namespace "${model.namespace}"${nsObjects.length > 1 ? ' and deploys a waypoint proxy (needed for retries and timeouts in ambient mode)' : ''}.`,
        [`namespace "${model.namespace}" -> the namespace your services run in (change it in every istio/ file)`],
        [
          mode === 'ambient' ? 'istioctl install --set profile=ambient   (once per cluster)' : 'istioctl install   (once per cluster)',
          'kubectl apply -f istio/   (files apply in name order: 00 namespace, 10 mTLS, 20 authorization, 30 traffic, 40 telemetry)',
          mode === 'sidecar' ? 'kubectl rollout restart deployment -n <namespace>   (injects the sidecars)' : 'no restart needed: ambient mode captures traffic without sidecars',
        ],
      ) + yamlDocuments(nsObjects),
  });
  files.push({
    path: 'istio/10-peer-authentication.yaml',
    target: 'istio',
    description: 'PeerAuthentication: mTLS STRICT for the namespace',
    content:
      header('Istio PeerAuthentication: mutual TLS is required (STRICT) for every workload in the namespace.', [], [
        'kubectl apply -f istio/10-peer-authentication.yaml   (after every workload is in the mesh: plain-text clients are refused from then on)',
      ]) + yamlDocuments([peerAuthentication(ctx)]),
  });
  if (meshed.length > 0) files.push(...perServiceFiles(ctx, meshed));
  files.push({
    path: 'istio/40-telemetry.yaml',
    target: 'istio',
    description: 'Telemetry: tracing through an OpenTelemetry provider',
    content:
      header(
        'Istio Telemetry: sends traces to an OpenTelemetry collector.',
        [`meshConfig.extensionProviders: define "${ctx.defaults.istio.tracingProvider}" (opentelemetry: service, port) in your Istio install, pointing at your collector`],
        ['kubectl apply -f istio/40-telemetry.yaml'],
      ) + yamlDocuments([telemetry(ctx)]),
  });
  return files;
}

/** The per-service files: authorization and traffic policy (only when there are mesh members). */
function perServiceFiles(ctx: GenContext, meshed: GenService[]): GeneratedFile[] {
  const { model, picks } = ctx;
  const mode = picks.istioMode;
  const gw = gatewayIdentity(ctx);
  const header = (title: string, fillIn: string[], apply: string[], notes: string[] = []) =>
    fileHeader({ title, model, fillIn, apply, notes: [...picks.notes, ...notes] });
  const files: GeneratedFile[] = [];
  const denied = meshed.filter((s) => allowedPrincipals(ctx, s).length === 0).map((s) => s.name);
  files.push({
    path: 'istio/20-authorization-policies.yaml',
    target: 'istio',
    description: `${meshed.length} AuthorizationPolicy object(s): each service allows exactly its declared callers`,
    content:
      header(
        'Istio AuthorizationPolicy per service: least privilege from the call graph (each service admits exactly its declared callers; public and partner services also admit the edge gateway).',
        [
          'workloads must carry the label app=<service name> and run under a ServiceAccount named like the service (the principals below assume both)',
          `edge gateway identity: ${gw.namespace}/${gw.serviceAccount}${picks.gatewayClassName === 'istio' ? " (Istio's Gateway API deployment for Gateway edge-gateway)" : ': run your gateway in the mesh (injected or enrolled) under this ServiceAccount, or change the principal'}`,
        ],
        ['kubectl apply -f istio/20-authorization-policies.yaml'],
        denied.length > 0 ? [`no declared callers, so no caller is allowed: ${denied.join(', ')}`] : [],
      ) + yamlDocuments(meshed.map((s) => markPlaceholder(s, authorizationPolicy(ctx, s)))),
  });
  const traffic: object[] = meshed.map((s) => markPlaceholder(s, destinationRule(ctx, s)));
  const l7 = wants(model, 'retries') || wants(model, 'timeouts');
  if (l7) traffic.push(...meshed.filter((s) => s.protocol !== 'tcp').map((s) => markPlaceholder(s, virtualService(ctx, s))));
  files.push({
    path: 'istio/30-traffic.yaml',
    target: 'istio',
    description: `DestinationRule with outlier detection per service${l7 ? '; VirtualService retries/timeouts' : ''}`,
    content:
      header(
        `Istio traffic policy: a DestinationRule per service (outlier detection ejects failing endpoints)${l7 ? ', and a VirtualService per service with the retries and timeouts you asked for' : ''}.`,
        l7 ? [`timeouts (${ctx.defaults.istio.timeout}) and retry attempts (${ctx.defaults.istio.retries.attempts}): tune per service`] : [],
        ['kubectl apply -f istio/30-traffic.yaml'],
        mode === 'ambient' && l7 ? ['In ambient mode VirtualService rules run in the waypoint proxy from 00-namespace.yaml.'] : [],
      ) + yamlDocuments(traffic),
  });
  return files;
}
