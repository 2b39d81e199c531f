/**
 * Indexes built once per lint run so that every check is linear in the size of the
 * architecture: services by name, who calls whom, gateway routes and mesh members as sets.
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
  /** Mesh members; empty when there is no mesh. */
  members: Set<string>;
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
    members: new Set(arch.mesh?.members ?? []),
    gatewayService,
    tracing: Boolean(arch.observability?.tracing),
  };
}

/** The first service with this name, if any. */
export function serviceNamed(ctx: LintContext, name: string): Service | undefined {
  const i = ctx.firstIndexByName.get(name);
  return i === undefined ? undefined : ctx.arch.services[i];
}

/** Why the answers require mTLS between services (serviceSecurity: mtls or compliance), or undefined when they do not. */
export function mtlsMandate(answers: Partial<Answers> | undefined): string | undefined {
  if (!answers) return undefined;
  if (answers.serviceSecurity === 'mtls') return 'the answers require mTLS between services (serviceSecurity: mtls)';
  if (answers.compliance) return 'the answers declare a compliance regime (compliance: true)';
  return undefined;
}
