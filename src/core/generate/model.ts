/**
 * The one view of the input every generator works from: which services exist, how they are
 * reached, who calls whom, and which identities the edge gateway runs under. Built from an
 * architecture (real names, ports, protocols and calls) or, without one, from answers alone
 * (clearly marked placeholder services). Pure: plain values in, plain values out.
 */
import type { Answers, Architecture, AuthKind, Decision, Exposure, Protocol, Service } from '../types.js';
import { indexServices, resolveServiceRef } from '../service-ref.js';

/** What one generated service looks like to every target. */
export interface GenService {
  name: string;
  /** JSON pointer of the service's name in the architecture (for error positions). */
  pointer?: string;
  exposure: Exposure;
  port: number;
  /** True when the port was not declared and 8080 was assumed. */
  portAssumed: boolean;
  /** The protocol routes and mesh servers are set up for. */
  protocol: 'http' | 'grpc' | 'tcp';
  auth: AuthKind;
  rateLimit: boolean;
  /** Names of the services that call this one, through the mesh (sorted, unique). */
  callers: string[];
  /** True when the caller set includes the edge gateway. */
  calledByGateway: boolean;
  /** True for services invented from answers alone. */
  placeholder: boolean;
  /** Whether this service is a mesh member (gets sidecar/ambient, policy, DestinationRule). */
  meshed: boolean;
}

/** Who the edge gateway is, as a mesh identity. */
export interface GatewayIdentity {
  namespace: string;
  serviceAccount: string;
}

/** The services and facts every target is generated from. */
export interface GenModel {
  /** File name(s) the input came from, for headers. */
  source: string;
  fromArchitecture: boolean;
  platform: Answers['platform'];
  /** Namespace the workloads run in. */
  namespace: string;
  services: GenService[];
  /** Services the edge gateway routes to: public and partner services only. */
  routed: GenService[];
  answers: Answers;
  decision: Decision;
  /** Name of the architecture's existing gateway service, which is replaced rather than routed to. */
  existingGateway?: string;
  /** Where each service name is written in the architecture (JSON pointer), for error positions. */
  namePointers: Map<string, string>;
}

/** Port assumed for a service that does not declare one. */
export const DEFAULT_PORT = 8080;
/** Namespace the generated objects go into; the headers tell the user to change it. */
export const DEFAULT_NAMESPACE = 'default';
/** Name of the Gateway API Gateway every gateway-side target creates. */
export const EDGE_GATEWAY_NAME = 'edge-gateway';

function mainProtocol(protocols: Protocol[]): GenService['protocol'] {
  if (protocols.includes('http') || protocols.includes('websocket')) return 'http';
  if (protocols.includes('grpc')) return 'grpc';
  if (protocols.includes('tcp')) return 'tcp';
  return 'http';
}

function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

/** Builds the model from an architecture: the real services, their ports, protocols and calls. */
export function modelFromArchitecture(architecture: Architecture, answers: Answers, decision: Decision, source: string): GenModel {
  const byName = new Map(architecture.services.map((s, i) => [s.name, { s, i }]));
  const gatewayService = architecture.gateway?.service;
  const memberNames = new Set(
    architecture.mesh?.members && architecture.mesh.members.length > 0
      ? architecture.mesh.members
      : architecture.services.filter((s) => s.kind === 'service').map((s) => s.name),
  );
  if (gatewayService) memberNames.delete(gatewayService);

  // Call targets resolve through the model's one resolver (src/core/service-ref.ts), from the
  // caller's namespace; callers are keyed by the target's name as the rest of this model is.
  const refIndex = indexServices(architecture.services);
  const callers = new Map<string, Set<string>>();
  for (const s of architecture.services) {
    for (const call of s.calls) {
      const target = resolveServiceRef(refIndex, call.to, s.namespace);
      const to = target === undefined ? call.to : architecture.services[target]!.name;
      // A call routed through the edge gateway reaches its target from the gateway, not from the caller.
      const from = call.via && call.via === gatewayService ? gatewayService : call.via ?? s.name;
      if (!callers.has(to)) callers.set(to, new Set());
      callers.get(to)!.add(from);
    }
  }

  const kept: Array<{ s: Service; i: number }> = [];
  for (const [, entry] of byName) {
    if (entry.s.name === gatewayService) continue;
    if (entry.s.kind === 'external') continue;
    if (entry.s.kind === 'service' || memberNames.has(entry.s.name)) kept.push(entry);
  }

  // Rate limiting asked for in the answers applies to every exposed service, unless the
  // architecture already says which services are limited.
  const limitAll =
    (answers.edgeNeeds.includes('rate-limiting') || answers.edgeNeeds.includes('quotas')) && !architecture.services.some((s) => s.rateLimit === true);
  const services: GenService[] = kept.map(({ s, i }) => {
    const from = callers.get(s.name) ?? new Set<string>();
    const exposure = s.exposure;
    return {
      name: s.name,
      pointer: `/services/${i}/name`,
      exposure,
      port: s.port ?? DEFAULT_PORT,
      portAssumed: s.port === undefined,
      protocol: mainProtocol(s.protocols),
      auth: s.auth ?? 'none',
      rateLimit: s.rateLimit === true || (limitAll && exposure !== 'internal'),
      callers: sortedUnique([...from].filter((c) => c !== gatewayService && byName.has(c) && byName.get(c)!.s.kind !== 'external')),
      calledByGateway: exposure !== 'internal',
      placeholder: false,
      meshed: memberNames.has(s.name),
    };
  });

  return {
    source,
    fromArchitecture: true,
    platform: architecture.platform,
    namespace: DEFAULT_NAMESPACE,
    services,
    routed: services.filter((s) => s.exposure !== 'internal' && s.protocol !== 'tcp'),
    answers,
    decision,
    existingGateway: gatewayService,
    namePointers: new Map(architecture.services.map((s, i) => [s.name, `/services/${i}/name`])),
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
  const services: GenService[] = [];
  for (let n = 1; n <= count; n++) {
    const exposure: Exposure = n === 1 ? (hasEdge ? 'public' : 'internal') : n === 2 && partner && hasEdge ? 'partner' : 'internal';
    const grpc = n === count && n > 1 && answers.protocols.includes('grpc');
    services.push({
      name: `service-${n}`,
      exposure,
      port: DEFAULT_PORT,
      portAssumed: true,
      protocol: grpc ? 'grpc' : 'http',
      auth: exposure === 'internal' ? 'none' : edgeAuth,
      rateLimit: exposure !== 'internal' && rateLimit,
      callers: n === 1 ? [] : [`service-${n - 1}`],
      calledByGateway: exposure !== 'internal',
      placeholder: true,
      meshed: true,
    });
  }
  return {
    source,
    fromArchitecture: false,
    platform: answers.platform,
    namespace: DEFAULT_NAMESPACE,
    services,
    routed: services.filter((s) => s.exposure !== 'internal'),
    answers,
    decision,
    namePointers: new Map(),
  };
}

/** True when the answers or the architecture ask for a given traffic-control feature. */
export function wants(model: GenModel, feature: Answers['trafficControl'][number]): boolean {
  return model.answers.trafficControl.includes(feature);
}
