/**
 * The facts `where` reads in the `service-predicate` and `call-predicate` check kinds, as field
 * tables of the one condition language (src/core/conditions.ts): the same operators, validator
 * and evaluator as scoring rules and the questionnaire. Facts are computed per service (or per
 * call) from the indexes in the lint context, one at a time, only when a rule asks for them.
 */
import type { Call, Service } from '../types.js';
import { EXPOSURES, PLATFORMS, PROTOCOLS, SERVICE_KINDS, AUTH_KINDS, MTLS_MODES } from '../types.js';
import type { LintContext } from './context.js';
import { callerCount, isGatewayService, isMeshMember, isRouted, serviceNamed } from './context.js';
import { compileCondition, type Compiled, type FieldTable, type Where } from '../conditions.js';

export { matches, type Matcher, type Where } from '../conditions.js';

export type FactValue = string | number | boolean | string[] | undefined;

/** Facts about one service. */
export const SERVICE_TABLE: FieldTable = {
  subject: 'service',
  term: 'fact',
  fields: {
    name: { type: 'string', description: 'service name' },
    kind: { type: 'enum', values: SERVICE_KINDS, description: 'service | datastore | queue | external' },
    exposure: { type: 'enum', values: EXPOSURES, description: 'public | partner | internal' },
    port: { type: 'integer', optional: true, description: 'port number' },
    protocols: { type: 'list', values: PROTOCOLS, description: 'list of protocols' },
    replicas: { type: 'integer', optional: true, description: 'replica count (unset when unknown)' },
    auth: { type: 'enum', values: AUTH_KINDS, optional: true, description: 'how outside callers authenticate (unset when unknown)' },
    rateLimit: { type: 'boolean', description: 'true when rate limiting is declared' },
    image: { type: 'string', optional: true, description: 'container image' },
    calls: { type: 'integer', description: 'number of outgoing calls' },
    callers: { type: 'integer', description: 'number of calls naming this service' },
    routed: { type: 'boolean', description: 'true when the gateway routes to it (a declared route, or the gateway service calls it)' },
    meshMember: { type: 'boolean', description: 'true when it is in the mesh' },
    isGateway: { type: 'boolean', description: 'true when it runs the edge gateway' },
    hasGateway: { type: 'boolean', description: 'true when the architecture declares a gateway' },
    hasMesh: { type: 'boolean', description: 'true when the architecture declares a mesh' },
    meshMtls: { type: 'enum', values: MTLS_MODES, optional: true, description: 'strict | permissive | off (unset without a mesh)' },
    tracing: { type: 'boolean', description: 'true when a tracing backend is declared' },
    platform: { type: 'enum', values: PLATFORMS, description: 'where the system runs' },
  },
};

/** Facts about one call; `from.<fact>` and `to.<fact>` give the services' facts too. */
export const CALL_TABLE: FieldTable = {
  subject: 'call',
  term: 'fact',
  fields: {
    protocols: { type: 'list', values: PROTOCOLS, description: 'the call protocol, or the target service protocols when the call names none' },
    via: { type: 'string', optional: true, description: 'the hop the call is routed through (unset when direct)' },
    viaGateway: { type: 'boolean', description: 'true when the call goes through the edge gateway' },
    self: { type: 'boolean', description: 'true when a service calls itself' },
    targetDeclared: { type: 'boolean', description: 'true when the target is a declared service' },
    hasMesh: { type: 'boolean', description: 'true when the architecture declares a mesh' },
    hasGateway: { type: 'boolean', description: 'true when the architecture declares a gateway' },
    platform: { type: 'enum', values: PLATFORMS, description: 'where the system runs' },
  },
  prefixes: { 'from.': SERVICE_TABLE, 'to.': SERVICE_TABLE },
};

/** Reads facts one at a time, so a rule pays only for the facts its `where` names. */
export type FactGetter = (name: string) => FactValue;

/** One fact about a service. */
export function serviceFact(ctx: LintContext, s: Service, name: string): FactValue {
  switch (name) {
    case 'name': return s.name;
    case 'kind': return s.kind;
    case 'exposure': return s.exposure;
    case 'port': return s.port;
    case 'protocols': return s.protocols;
    case 'replicas': return s.replicas;
    case 'auth': return s.auth;
    case 'rateLimit': return s.rateLimit === true;
    case 'image': return s.image;
    case 'calls': return s.calls.length;
    case 'callers': return callerCount(ctx, s);
    case 'routed': return isRouted(ctx, s);
    case 'meshMember': return isMeshMember(ctx, s);
    case 'isGateway': return isGatewayService(ctx, s);
    case 'hasGateway': return ctx.arch.gateway !== undefined;
    case 'hasMesh': return ctx.arch.mesh !== undefined;
    case 'meshMtls': return ctx.arch.mesh?.mtls;
    case 'tracing': return ctx.tracing;
    case 'platform': return ctx.arch.platform;
    default: return undefined;
  }
}

export function serviceFacts(ctx: LintContext, s: Service): FactGetter {
  return (name) => serviceFact(ctx, s, name);
}

export function callFacts(ctx: LintContext, from: Service, call: Call): FactGetter {
  let target: Service | undefined | null = null;
  const getTarget = (): Service | undefined => (target === null ? (target = serviceNamed(ctx, call.to, from)) : target);
  return (name) => {
    switch (name) {
      case 'protocols': return call.protocol ? [call.protocol] : getTarget()?.protocols ?? [];
      case 'via': return call.via;
      case 'viaGateway': {
        const gw = ctx.arch.gateway;
        return call.via !== undefined && gw !== undefined && (call.via === gw.service || call.via === gw.product);
      }
      // Without namespaces a repeated name is one name: a call to its own name is a self-call.
      case 'self': return getTarget() === from || (call.to === from.name && from.namespace === undefined);
      case 'targetDeclared': return getTarget() !== undefined;
      case 'hasMesh': return ctx.arch.mesh !== undefined;
      case 'hasGateway': return ctx.arch.gateway !== undefined;
      case 'platform': return ctx.arch.platform;
      default:
        if (name.startsWith('from.')) return serviceFact(ctx, from, name.slice(5));
        if (name.startsWith('to.')) {
          const t = getTarget();
          if (t) return serviceFact(ctx, t, name.slice(3));
          return name === 'to.name' ? call.to : undefined;
        }
        return undefined;
    }
  };
}

/** A `where` compiled once per run, instead of once per service. */
export type CompiledWhere = Compiled;

export function compileWhere(where: Where): CompiledWhere {
  return compileCondition(where);
}

/** True when the condition holds for these facts. */
export function matchesAll(facts: FactGetter, where: CompiledWhere): boolean {
  return where(facts) === true;
}

/** Renders a fact for a message: lists joined, unset as "unset". */
export function showFact(v: FactValue): string | number {
  if (v === undefined) return 'unset';
  if (Array.isArray(v)) return v.length ? v.join(', ') : 'none';
  if (typeof v === 'boolean') return String(v);
  return v;
}
