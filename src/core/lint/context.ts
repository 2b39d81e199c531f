/**
 * Indexes built once per lint run so that every check is linear in the size of the
 * architecture: services by name, who calls whom, gateway routes, and which services the mesh covers.
 */
import type { Answers, Architecture, Service } from '../types.js';

export interface LintContext {
  arch: Architecture;
  answers: Partial<Answers> | undefined;
  /** Index (into arch.services) of the first service with a given name. */
  firstIndexByName: Map<string, number>;
  /**
   * For names used by more than one service: all their indexes, in file order. Kept apart from
   * the first-index map so that the usual case costs a number per name, not an array.
   */
  repeatedNames: Map<string, number[]>;
  /** Number of calls that name each service as their target (built on first use). */
  readonly callers: Map<string, number>;
  /** Services behind the gateway: its routes plus whatever the gateway service calls. */
  routed: Set<string>;
  /** Per service (by index into arch.services): 1 when a mesh lists its name as a member. */
  meshMember: Uint8Array;
  /** How many distinct names the mesh lists as members (0 without a mesh). */
  memberCount: number;
  /** Name of the service that runs the edge gateway, when known. */
  gatewayService: string | undefined;
  tracing: boolean;
}

/** Builds the indexes for one architecture in O(services + calls). */
export function buildContext(arch: Architecture, answers?: Partial<Answers>): LintContext {
  const firstIndexByName = new Map<string, number>();
  const repeatedNames = new Map<string, number[]>();
  arch.services.forEach((s, i) => {
    const first = firstIndexByName.get(s.name);
    if (first === undefined) firstIndexByName.set(s.name, i);
    else {
      const list = repeatedNames.get(s.name);
      if (list) list.push(i);
      else repeatedNames.set(s.name, [first, i]);
    }
  });
  let callers: Map<string, number> | undefined;
  // What the gateway service itself calls is what it proxies to, even where routes are not declared.
  const routed = new Set(arch.gateway?.routes ?? []);
  const gatewayService = arch.gateway?.service;
  if (gatewayService !== undefined) {
    const first = firstIndexByName.get(gatewayService);
    for (const i of repeatedNames.get(gatewayService) ?? (first === undefined ? [] : [first])) for (const c of arch.services[i]!.calls) routed.add(c.to);
  }
  // A flag per service rather than a set of names: the same answer for a fraction of the memory.
  const meshMember = new Uint8Array(arch.services.length);
  let memberCount = 0;
  const undeclaredMembers = new Set<string>();
  for (const m of arch.mesh?.members ?? []) {
    const first = firstIndexByName.get(m);
    if (first === undefined) {
      if (!undeclaredMembers.has(m)) memberCount++;
      undeclaredMembers.add(m);
    } else if (meshMember[first] === 0) {
      memberCount++;
      for (const i of repeatedNames.get(m) ?? [first]) meshMember[i] = 1;
    }
  }
  return {
    arch,
    answers,
    firstIndexByName,
    repeatedNames,
    get callers() {
      if (!callers) {
        callers = new Map<string, number>();
        for (const s of arch.services) for (const c of s.calls) callers.set(c.to, (callers.get(c.to) ?? 0) + 1);
      }
      return callers;
    },
    routed,
    meshMember,
    memberCount,
    gatewayService,
    tracing: Boolean(arch.observability?.tracing),
  };
}

/** The first service with this name, if any. */
export function serviceNamed(ctx: LintContext, name: string): Service | undefined {
  const i = ctx.firstIndexByName.get(name);
  return i === undefined ? undefined : ctx.arch.services[i];
}

/** Whether the mesh lists `name` as a member (services sharing a name share the answer). */
export function isMeshMember(ctx: LintContext, name: string): boolean {
  const i = ctx.firstIndexByName.get(name);
  return i !== undefined && ctx.meshMember[i] === 1;
}

/** Why the answers require mTLS between services (serviceSecurity: mtls or compliance), or undefined when they do not. */
export function mtlsMandate(answers: Partial<Answers> | undefined): string | undefined {
  if (!answers) return undefined;
  if (answers.serviceSecurity === 'mtls') return 'the answers require mTLS between services (serviceSecurity: mtls)';
  if (answers.compliance) return 'the answers declare a compliance regime (compliance: true)';
  return undefined;
}
