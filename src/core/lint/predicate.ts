/**
 * The small field-test language of the `service-predicate` and `call-predicate` check kinds:
 * `where` maps a fact name to a matcher, and every matcher must hold for a hit. Facts are
 * computed per service (or per call) from the indexes in the lint context.
 */
import type { Call, Service } from '../types.js';
import type { LintContext } from './context.js';
import { callerCount, isGatewayService, isMeshMember, isRouted, serviceNamed } from './context.js';

export type Scalar = string | number | boolean | null;

/** Operators a matcher may use; a bare scalar means "equals". */
export interface MatcherOps {
  /** Value is one of these; `null` in the list also matches an unset value. */
  in?: Scalar[];
  notIn?: Scalar[];
  /** true: the value is unset; false: it is set. */
  absent?: boolean;
  lt?: number;
  lte?: number;
  gt?: number;
  gte?: number;
  /** A list value contains this element. */
  includes?: string;
  /** A list value does not contain this element (true for an unset list). */
  excludes?: string;
  /** A string value matches this regular expression (unset never matches). */
  matches?: string;
  notMatches?: string;
}
export type Matcher = Scalar | MatcherOps;
export type Where = Record<string, Matcher>;

export type FactValue = string | number | boolean | string[] | undefined;

/** Facts about one service, with a short description of each (shown in load errors). */
export const SERVICE_FACTS: Record<string, string> = {
  name: 'service name',
  kind: 'service | datastore | queue | external',
  exposure: 'public | partner | internal',
  port: 'port number',
  protocols: 'list of protocols',
  replicas: 'replica count (unset when unknown)',
  auth: 'how outside callers authenticate (unset when unknown)',
  rateLimit: 'true when rate limiting is declared',
  image: 'container image',
  calls: 'number of outgoing calls',
  callers: 'number of calls naming this service',
  routed: 'true when the gateway routes to it (a declared route, or the gateway service calls it)',
  meshMember: 'true when it is in the mesh',
  isGateway: 'true when it runs the edge gateway',
  hasGateway: 'true when the architecture declares a gateway',
  hasMesh: 'true when the architecture declares a mesh',
  meshMtls: 'strict | permissive | off (unset without a mesh)',
  tracing: 'true when a tracing backend is declared',
  platform: 'kubernetes | vms | containers | serverless | mixed',
};

/** Facts about one call; `from.<fact>` and `to.<fact>` give the services' facts too. */
export const CALL_FACTS: Record<string, string> = {
  protocols: 'the call protocol, or the target service protocols when the call names none',
  via: 'the hop the call is routed through (unset when direct)',
  viaGateway: 'true when the call goes through the edge gateway',
  self: 'true when a service calls itself',
  targetDeclared: 'true when the target is a declared service',
  hasMesh: 'true when the architecture declares a mesh',
  hasGateway: 'true when the architecture declares a gateway',
  platform: 'kubernetes | vms | containers | serverless | mixed',
};

/** Whether a fact name is known for the given subject. */
export function isKnownFact(subject: 'service' | 'call', name: string): boolean {
  if (subject === 'service') return name in SERVICE_FACTS;
  if (name in CALL_FACTS) return true;
  const m = /^(from|to)\.(.+)$/.exec(name);
  return m !== null && m[2]! in SERVICE_FACTS;
}

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

const regexCache = new Map<string, RegExp>();
function regex(source: string): RegExp {
  let re = regexCache.get(source);
  if (!re) {
    re = new RegExp(source);
    regexCache.set(source, re);
  }
  return re;
}

function isUnset(v: FactValue): boolean {
  return v === undefined || v === null;
}

function equalsScalar(v: FactValue, s: Scalar): boolean {
  if (s === null) return isUnset(v);
  return v === s;
}

/** Evaluates one matcher against a fact value. */
export function matches(value: FactValue, m: Matcher): boolean {
  if (m === null || typeof m !== 'object') return equalsScalar(value, m);
  if (m.in !== undefined && !m.in.some((s) => equalsScalar(value, s))) return false;
  if (m.notIn !== undefined && m.notIn.some((s) => equalsScalar(value, s))) return false;
  if (m.absent !== undefined && isUnset(value) !== m.absent) return false;
  const n = typeof value === 'number' ? value : undefined;
  if (m.lt !== undefined && !(n !== undefined && n < m.lt)) return false;
  if (m.lte !== undefined && !(n !== undefined && n <= m.lte)) return false;
  if (m.gt !== undefined && !(n !== undefined && n > m.gt)) return false;
  if (m.gte !== undefined && !(n !== undefined && n >= m.gte)) return false;
  const list = Array.isArray(value) ? value : undefined;
  if (m.includes !== undefined && !(list?.includes(m.includes) ?? false)) return false;
  if (m.excludes !== undefined && (list?.includes(m.excludes) ?? false)) return false;
  if (m.matches !== undefined && !(typeof value === 'string' && regex(m.matches).test(value))) return false;
  if (m.notMatches !== undefined && typeof value === 'string' && regex(m.notMatches).test(value)) return false;
  return true;
}

/** A `where` turned into a list once per run, instead of once per service. */
export type CompiledWhere = readonly (readonly [string, Matcher])[];

export function compileWhere(where: Where): CompiledWhere {
  return Object.entries(where);
}

/** True when every matcher holds; stops at the first that does not. */
export function matchesAll(facts: FactGetter, where: CompiledWhere): boolean {
  for (const [field, m] of where) if (!matches(facts(field), m)) return false;
  return true;
}

/** Renders a fact for a message: lists joined, unset as "unset". */
export function showFact(v: FactValue): string | number {
  if (v === undefined) return 'unset';
  if (Array.isArray(v)) return v.length ? v.join(', ') : 'none';
  if (typeof v === 'boolean') return String(v);
  return v;
}
