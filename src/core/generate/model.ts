/**
 * The one view of the input every generator works from: which services exist, where they run
 * (namespace), as whom (ServiceAccount), which pods they are (selector) and on which port
 * (Service port and pod port), who calls whom, and what the edge serves. Everything comes from
 * the architecture when it says so; what it does not say is filled with a documented
 * placeholder, and the model remembers which values are placeholders so that every file can say
 * so once, in its header. Without an architecture, placeholder services stand in (answers only).
 * Pure: plain values in, plain values out.
 */
import type { Answers, Architecture, AuthKind, Decision, Exposure, Protocol, Service, ServiceKind } from '../types.js';
import { isPlatformInfra } from '../classify.js';
import { planEdge, serviceKeyOf, type GenEdge } from './edge.js';

export { serviceKeyOf } from './edge.js';
import { indexServices, resolveServiceRef } from '../service-ref.js';

/** What one generated service looks like to every target. */
export interface GenService {
  name: string;
  /**
   * The service's identity: `<namespace>/<name>`. Two services of one name in two namespaces
   * (`shop/cart`, `legacy/cart`) are two services; every lookup goes through this key.
   */
  key: string;
  /**
   * How headers and notes name it: the name, or `name.namespace` (as Kubernetes DNS would)
   * when another namespace has a service of the same name. Also the base of names meshgate
   * writes outside Kubernetes namespaces (decK services, nginx zones), which must be unique.
   */
  label: string;
  /** JSON pointer of the service in the architecture (for error positions). */
  pointer?: string;
  kind: Exclude<ServiceKind, 'external'>;
  exposure: Exposure;
  namespace: string;
  /** The workload runs as this ServiceAccount (the service's name when the input does not say). */
  serviceAccount: string;
  /** Pod labels that pick the workload (`app: <name>` when the input does not say). */
  selector: Record<string, string>;
  /** The Service port callers dial. */
  port: number;
  /** The pod port behind it (Linkerd Servers and NetworkPolicies match this one). */
  targetPort: number;
  /** Which of the above are placeholders, not facts from the input. */
  assumed: { namespace: boolean; serviceAccount: boolean; selector: boolean; port: boolean; targetPort: boolean };
  /** The protocol routes and mesh servers are set up for. */
  protocol: 'http' | 'grpc' | 'tcp';
  auth: AuthKind;
  rateLimit: boolean;
  /** Labels of the services that call this one (sorted, unique), the edge excluded: for text. */
  callers: string[];
  /** Keys of the same callers (same order): for lookups. */
  callerKeys: string[];
  /**
   * True when no call between application services is visible in the input (addresses live in
   * code or configuration): `recommend` assumes they call each other, so every application
   * service of the namespace is admitted, explicitly and with a comment, instead of nobody.
   */
  callersAssumed: boolean;
  /** True when the edge gateway routes to this service. */
  calledByGateway: boolean;
  /** True for services invented from answers alone. */
  placeholder: boolean;
}

/** The services and facts every target is generated from. */
export interface GenModel {
  /** File name(s) the input came from, for headers. */
  source: string;
  fromArchitecture: boolean;
  platform: Answers['platform'];
  /** Namespaces the workloads run in, sorted. */
  namespaces: string[];
  services: GenService[];
  /** Services the edge gateway routes to (in route order, each once). */
  routed: GenService[];
  /** What the edge serves, and what it refuses to serve. */
  edge: GenEdge;
  /** True when calls between application services are assumed rather than read (see GenService.callersAssumed). */
  callsAssumed: boolean;
  /** The mesh the architecture already runs, when it says so. */
  existingMesh?: { product: string; mode: 'sidecar' | 'ambient'; members: string[]; explicitMembers: boolean };
  answers: Answers;
  decision: Decision;
  /** Where each service name is written in the architecture (JSON pointer), for error positions. */
  namePointers: Map<string, string>;
  /** The system's name (metadata.name), for placeholder namespaces. */
  systemName: string;
}

/** The services of a model by key. */
export function servicesByKey(model: Pick<GenModel, 'services'>): Map<string, GenService> {
  return new Map(model.services.map((s) => [s.key, s]));
}

/** Port assumed for a service that does not declare one. */
export const DEFAULT_PORT = 8080;
/** Name of the Gateway API Gateway every gateway-side target creates. */
export const EDGE_GATEWAY_NAME = 'edge-gateway';

function mainProtocol(protocols: readonly Protocol[]): GenService['protocol'] {
  if (protocols.includes('http') || protocols.includes('websocket')) return 'http';
  if (protocols.includes('grpc')) return 'grpc';
  if (protocols.includes('tcp')) return 'tcp';
  return 'http';
}

function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

/** Namespaces that belong to Kubernetes or to the mesh and gateway installations, never to workloads. */
const SYSTEM_NAMESPACES = /^(default|kube-.*|istio-system|istio-ingress|linkerd(-.*)?|envoy-gateway-system|kong|traefik|cert-manager|edge)$/;

/**
 * The namespace used when the input does not say where workloads run: the system's name when it
 * already is a usable namespace name (lower-cased), never `default` or a system namespace, and
 * never text rewritten into one (a name that is not a DNS label gives `apps`).
 */
export function placeholderNamespace(systemName: string): string {
  const candidate = systemName.toLowerCase();
  return /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(candidate) && candidate.length <= 63 && !SYSTEM_NAMESPACES.test(candidate) ? candidate : 'apps';
}

/**
 * True when the input shows no call between application services although there are several
 * (the same test `recommend` uses before saying "assumed they call each other"). Calls are
 * resolved like Kubernetes DNS: a bare name means the caller's namespace.
 */
export function callsInvisible(architecture: Architecture): boolean {
  const index = indexServices(architecture.services);
  const gateway = architecture.gateway?.service !== undefined ? resolveServiceRef(index, architecture.gateway.service, architecture.gateway.namespace) : undefined;
  const app = architecture.services.map((s, i) => ({ s, i })).filter(({ s, i }) => s.kind === 'service' && i !== gateway);
  const appIndexes = new Set(app.map(({ i }) => i));
  const visible = app.some(({ s, i }) => s.calls.some((c) => {
    const to = resolveServiceRef(index, c.to, s.namespace);
    return to !== undefined && appIndexes.has(to) && to !== i;
  }));
  return !visible && app.filter(({ s }) => !isPlatformInfra(s.name)).length >= 3;
}

/** Builds the model from an architecture: the real services, identities, ports, protocols and calls. */
export function modelFromArchitecture(architecture: Architecture, answers: Answers, decision: Decision, source: string): GenModel {
  const fallbackNs = placeholderNamespace(architecture.metadata.name);
  const refIndex = indexServices(architecture.services);
  // Names carried by more than one namespace are shown as name.namespace. Keys and labels are
  // worked out once per service: without visible calls every service lists all its peers.
  const namespacesOfName = new Map<string, Set<string>>();
  for (const s of architecture.services) (namespacesOfName.get(s.name) ?? namespacesOfName.set(s.name, new Set()).get(s.name)!).add(s.namespace ?? fallbackNs);
  const keys = architecture.services.map((s) => serviceKeyOf(s.namespace ?? fallbackNs, s.name));
  const labels = architecture.services.map((s) => (namespacesOfName.get(s.name)!.size > 1 ? `${s.name}.${s.namespace ?? fallbackNs}` : s.name));
  const keyAt = (i: number): string => keys[i]!;
  const labelAt = (i: number): string => labels[i]!;
  const edge = planEdge(architecture, fallbackNs);
  const g = architecture.gateway;
  const replacedIndex = edge.mode === 'replace' && g?.service !== undefined ? resolveServiceRef(refIndex, g.service, g.namespace) : undefined;
  const assumedCalls = callsInvisible(architecture);

  const kept = architecture.services
    .map((s, i) => ({ s, i }))
    .filter((x): x is { s: Service & { kind: GenService['kind'] }; i: number } => x.s.kind !== 'external' && x.i !== replacedIndex);
  const keptIndexes = new Set(kept.map(({ i }) => i));
  const callers = new Map<number, Set<number>>();
  for (const [i, s] of architecture.services.entries()) {
    for (const call of s.calls) {
      // A call routed through the replaced gateway reaches its target from the edge, not from the caller.
      const from = call.via !== undefined ? resolveServiceRef(refIndex, call.via, s.namespace) : i;
      const to = resolveServiceRef(refIndex, call.to, s.namespace);
      if (from === undefined || to === undefined || from === replacedIndex || !keptIndexes.has(from) || !keptIndexes.has(to) || from === to) continue;
      (callers.get(to) ?? callers.set(to, new Set()).get(to)!).add(from);
    }
  }

  // Rate limiting asked for in the answers applies to every routed service, unless the
  // architecture already says which services are limited.
  const limitAll = (answers.edgeNeeds.includes('rate-limiting') || answers.edgeNeeds.includes('quotas')) && !architecture.services.some((s) => s.rateLimit === true);
  const routedKeys = new Set(edge.routes.map((r) => r.serviceKey));
  const appServices = kept.filter(({ s }) => s.kind === 'service');
  const services: GenService[] = kept.map(({ s, i }) => {
    const namespace = s.namespace ?? fallbackNs;
    const key = keyAt(i);
    let from = [...(callers.get(i) ?? [])];
    let callersAssumed = false;
    // Without visible calls: application services admit every other application service of their
    // namespace; datastores and queues admit their declared callers, or those when none is declared.
    if (assumedCalls && (s.kind === 'service' || from.length === 0)) {
      const peers = appServices.filter((o) => o.i !== i && (o.s.namespace ?? fallbackNs) === namespace).map((o) => o.i);
      from = [...new Set([...from, ...peers])];
      callersAssumed = peers.length > 0;
    }
    // One caller per key (repeated names without namespaces are duplicates of one service).
    const callerAt = new Map(from.map((x) => [keyAt(x), x] as const));
    const callerKeys = sortedUnique(callerAt.keys());
    const port = s.port ?? DEFAULT_PORT;
    return {
      name: s.name,
      key,
      label: labelAt(i),
      pointer: `/services/${i}`,
      kind: s.kind,
      exposure: s.exposure,
      namespace,
      serviceAccount: s.serviceAccount ?? s.name,
      selector: s.selector && Object.keys(s.selector).length > 0 ? { ...s.selector } : { app: s.name },
      port,
      targetPort: s.targetPort ?? port,
      assumed: {
        namespace: s.namespace === undefined,
        serviceAccount: s.serviceAccount === undefined,
        selector: !s.selector || Object.keys(s.selector).length === 0,
        port: s.port === undefined,
        targetPort: s.targetPort === undefined,
      },
      protocol: mainProtocol(s.protocols),
      auth: s.auth ?? 'none',
      rateLimit: s.rateLimit === true || (limitAll && routedKeys.has(key)),
      callers: callerKeys.map((k) => labelAt(callerAt.get(k)!)),
      callerKeys,
      callersAssumed,
      calledByGateway: routedKeys.has(key),
      placeholder: false,
    };
  });
  const byKey = new Map(services.map((s) => [s.key, s]));
  const routed = [...routedKeys].map((k) => byKey.get(k)).filter((s): s is GenService => s !== undefined);
  const mesh = architecture.mesh;
  return {
    source,
    fromArchitecture: true,
    platform: architecture.platform,
    namespaces: sortedUnique(services.map((s) => s.namespace)),
    services,
    routed,
    edge,
    callsAssumed: assumedCalls,
    existingMesh: mesh ? { product: mesh.product, mode: mesh.mode, members: [...mesh.members], explicitMembers: architecture.services.length > 0 && mesh.members.length > 0 } : undefined,
    answers,
    decision,
    namePointers: new Map(architecture.services.map((s, i) => [s.name, `/services/${i}/name`])),
    systemName: architecture.metadata.name,
  };
}

/**
 * Without an architecture there are no names to use: up to three placeholder services stand in
 * for the real ones (service-1 public, service-2 partner or internal, service-3 internal), with a
 * placeholder call chain, so every generated policy shows its shape and says what to replace.
 */
export function modelFromAnswers(answers: Answers, decision: Decision, source: string): GenModel {
  const count = Math.max(1, Math.min(3, answers.services));
  const edgeAuth: AuthKind = answers.edgeNeeds.includes('api-keys') ? 'api-key' : answers.edgeNeeds.includes('auth') ? 'jwt' : 'none';
  const rateLimit = answers.edgeNeeds.includes('rate-limiting') || answers.edgeNeeds.includes('quotas');
  const hasEdge = answers.traffic !== 'east-west';
  const partner = answers.consumers.includes('partners');
  const namespace = placeholderNamespace('apps');
  const services: GenService[] = [];
  for (let n = 1; n <= count; n++) {
    const exposure: Exposure = n === 1 ? (hasEdge ? 'public' : 'internal') : n === 2 && partner && hasEdge ? 'partner' : 'internal';
    const grpc = n === count && n > 1 && answers.protocols.includes('grpc');
    const name = `service-${n}`;
    services.push({
      name,
      key: serviceKeyOf(namespace, name),
      label: name,
      kind: 'service',
      exposure,
      namespace,
      serviceAccount: name,
      selector: { app: name },
      port: DEFAULT_PORT,
      targetPort: DEFAULT_PORT,
      assumed: { namespace: true, serviceAccount: true, selector: true, port: true, targetPort: true },
      protocol: grpc ? 'grpc' : 'http',
      auth: exposure === 'internal' ? 'none' : edgeAuth,
      rateLimit: exposure !== 'internal' && rateLimit,
      callers: n === 1 ? [] : [`service-${n - 1}`],
      callerKeys: n === 1 ? [] : [serviceKeyOf(namespace, `service-${n - 1}`)],
      callersAssumed: false,
      calledByGateway: exposure !== 'internal',
      placeholder: true,
    });
  }
  const routed = services.filter((s) => s.calledByGateway);
  return {
    source,
    fromArchitecture: false,
    platform: answers.platform,
    namespaces: [namespace],
    services,
    routed,
    edge: {
      mode: 'new',
      routes: routed.map((s) => ({ service: s.name, serviceKey: s.key, path: '/', pathType: 'Prefix', invented: true, hostFromInput: false, port: s.port })),
      skipped: [],
      namespace: 'edge',
      namespaceAssumed: true,
    },
    callsAssumed: false,
    answers,
    decision,
    namePointers: new Map(),
    systemName: 'apps',
  };
}

/** True when the answers ask for a given traffic-control feature. */
export function wants(model: GenModel, feature: Answers['trafficControl'][number]): boolean {
  return model.answers.trafficControl.includes(feature);
}

/** Traffic-control features only an L7 proxy (a sidecar, or a waypoint in ambient mode) can provide. */
export function wantsL7(model: GenModel): boolean {
  return (['retries', 'timeouts', 'circuit-breaking', 'fault-injection', 'canary-internal'] as const).some((f) => wants(model, f));
}
