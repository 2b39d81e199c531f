/**
 * Indexes built once per lint run so that every check is linear in the size of the
 * architecture: services by reference, who calls whom, gateway routes, and which services the
 * mesh covers. Every name in the model (calls, routes, members, the gateway service) is
 * resolved through `resolveServiceRef` (src/core/service-ref.ts), so two services called `cart`
 * in two namespaces stay two services here too.
 */
import type { Answers, Architecture, Service } from '../types.js';
import type { ImportInventory } from '../import-inventory.js';
import { indexServices, resolveServiceRef, type ServiceIndex } from '../service-ref.js';

export interface LintContext {
  arch: Architecture;
  answers: Partial<Answers> | undefined;
  /** Services by name, and the shared resolver's index. */
  index: ServiceIndex;
  /** Index (into arch.services) of the first service with a given name. */
  firstIndexByName: Map<string, number>;
  /**
   * For names used by more than one service: all their indexes, in file order. Kept apart from
   * the first-index map so that the usual case costs a number per name, not an array.
   */
  repeatedNames: Map<string, number[]>;
  /** Per service: how many calls resolve to it (built on first use). */
  readonly callers: Uint32Array;
  /** Per service: 1 when it is behind the gateway (a route, or called by the gateway service). */
  routed: Uint8Array;
  /** Per service (by index into arch.services): 1 when a mesh member names it. */
  meshMember: Uint8Array;
  /** How many distinct services (or undeclared names) the mesh lists as members (0 without a mesh). */
  memberCount: number;
  /** Name of the service that runs the edge gateway, when known. */
  gatewayService: string | undefined;
  /** Its index, when it resolves. */
  gatewayIndex: number | undefined;
  tracing: boolean;
  /** The files behind an imported model (objects, workloads, call evidence), when there are any. */
  inventory: ImportInventory | undefined;
}

/** Builds the indexes for one architecture in O(services + calls). */
export function buildContext(arch: Architecture, answers?: Partial<Answers>, inventory?: ImportInventory): LintContext {
  const index = indexServices(arch.services);
  const n = arch.services.length;
  let callers: Uint32Array | undefined;
  const gatewayService = arch.gateway?.service;
  const gatewayNamespace = arch.gateway?.namespace;
  const gatewayIndex = gatewayService === undefined ? undefined : resolveServiceRef(index, gatewayService, gatewayNamespace);
  // What the gateway service itself calls is what it proxies to, even where routes are not declared.
  const routed = new Uint8Array(n);
  const fromGateway = gatewayIndex === undefined ? gatewayNamespace : arch.services[gatewayIndex]!.namespace;
  for (const r of arch.gateway?.routes ?? []) {
    const i = resolveServiceRef(index, r, fromGateway);
    if (i !== undefined) routed[i] = 1;
  }
  if (gatewayIndex !== undefined) {
    const g = arch.services[gatewayIndex]!;
    for (const c of g.calls) {
      const i = resolveServiceRef(index, c.to, g.namespace);
      if (i !== undefined) routed[i] = 1;
    }
  }
  // A flag per service rather than a set of names: the same answer for a fraction of the memory.
  const meshMember = new Uint8Array(n);
  let memberCount = 0;
  const undeclaredMembers = new Set<string>();
  for (const m of arch.mesh?.members ?? []) {
    const i = resolveServiceRef(index, m);
    if (i === undefined) {
      if (!undeclaredMembers.has(m)) memberCount++;
      undeclaredMembers.add(m);
    } else if (meshMember[i] === 0) {
      memberCount++;
      meshMember[i] = 1;
      // Without namespaces, a repeated name is one name to the mesh: its duplicates share the answer.
      if (arch.services[i]!.namespace === undefined) for (const j of index.repeatedNames.get(m) ?? []) meshMember[j] = 1;
    }
  }
  return {
    arch,
    answers,
    index,
    firstIndexByName: index.firstIndexByName,
    repeatedNames: index.repeatedNames,
    get callers() {
      if (!callers) {
        callers = new Uint32Array(n);
        for (const s of arch.services) {
          for (const c of s.calls) {
            const i = resolveServiceRef(index, c.to, s.namespace);
            if (i !== undefined) callers[i]!++;
          }
        }
      }
      return callers;
    },
    routed,
    meshMember,
    memberCount,
    gatewayService,
    gatewayIndex,
    tracing: Boolean(arch.observability?.tracing),
    inventory,
  };
}

/** Index of a service object of this architecture (O(1) unless its name is repeated). */
export function indexOfService(ctx: LintContext, s: Service): number {
  const first = ctx.firstIndexByName.get(s.name);
  if (first !== undefined && ctx.arch.services[first] === s) return first;
  for (const i of ctx.repeatedNames.get(s.name) ?? []) if (ctx.arch.services[i] === s) return i;
  return -1;
}

/** The service a reference names, seen from `from` (a caller), if any. */
export function serviceNamed(ctx: LintContext, ref: string, from?: Service): Service | undefined {
  const i = resolveServiceRef(ctx.index, ref, from?.namespace);
  return i === undefined ? undefined : ctx.arch.services[i];
}

/** Whether the mesh lists this service as a member. */
export function isMeshMember(ctx: LintContext, s: Service): boolean {
  const i = indexOfService(ctx, s);
  return i >= 0 && ctx.meshMember[i] === 1;
}

/** Whether the gateway routes to this service (or the gateway service calls it). */
export function isRouted(ctx: LintContext, s: Service): boolean {
  const i = indexOfService(ctx, s);
  return i >= 0 && ctx.routed[i] === 1;
}

/** How many calls name this service. */
export function callerCount(ctx: LintContext, s: Service): number {
  const i = indexOfService(ctx, s);
  return i >= 0 ? ctx.callers[i]! : 0;
}

/** Whether this service runs the edge gateway. */
export function isGatewayService(ctx: LintContext, s: Service): boolean {
  return ctx.gatewayIndex !== undefined && ctx.arch.services[ctx.gatewayIndex] === s;
}

/** Why the answers require mTLS between services (serviceSecurity: mtls or compliance), or undefined when they do not. */
export function mtlsMandate(answers: Partial<Answers> | undefined): string | undefined {
  if (!answers) return undefined;
  if (answers.serviceSecurity === 'mtls') return 'the answers require mTLS between services (serviceSecurity: mtls)';
  if (answers.compliance) return 'the answers declare a compliance regime (compliance: true)';
  return undefined;
}
