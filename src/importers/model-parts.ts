/**
 * Model-building steps the compose and Kubernetes importers share: grouping call evidence into
 * calls, gateway rules from routes, and observability already in place. Pure.
 */
import type { Architecture, AuthKind, GatewayRule, Loc, Protocol, Service } from '../core/types.js';
import { at } from './common.js';
import type { ImportNote, SourceMap } from './common.js';

/**
 * One call per caller, target and protocol: evidence for the same pair joins; a call without a
 * protocol joins one with a protocol (the typed one leads), and is replaced by one that arrives typed.
 */
export function groupCalls<C extends { protocol?: Protocol }>(calls: readonly C[], pair: (c: C) => string): { call: C; evidence: C[] }[] {
  const grouped: { call: C; evidence: C[]; pair: string }[] = [];
  for (const c of calls) {
    const p = pair(c);
    const same = grouped.filter((g) => g.pair === p);
    const exact = same.find((g) => g.call.protocol === c.protocol);
    if (exact) exact.evidence.push(c);
    else if (c.protocol === undefined && same.length > 0) same[0]!.evidence.push(c);
    else {
      const untyped = same.find((g) => g.call.protocol === undefined);
      if (untyped) {
        untyped.evidence.unshift(c);
        untyped.call = c;
      } else grouped.push({ call: c, evidence: [c], pair: p });
    }
  }
  return grouped.map(({ call, evidence }) => ({ call, evidence }));
}

/** Gateway rules from routes that name a host or a path, without repeats, with their positions. */
export function gatewayRules(routes: readonly { service: string; host?: string; path?: string; pathType?: 'Prefix' | 'Exact'; port?: number; loc: Loc }[]): { rules: GatewayRule[]; locs: Loc[] } {
  const rules: GatewayRule[] = [];
  const locs: Loc[] = [];
  const seen = new Set<string>();
  for (const r of routes) {
    if (r.host === undefined && r.path === undefined) continue;
    const rule: GatewayRule = { service: r.service };
    if (r.host !== undefined) rule.host = r.host;
    if (r.path !== undefined) rule.path = r.path;
    if (r.pathType === 'Exact') rule.pathType = 'Exact';
    if (r.port !== undefined) rule.port = r.port;
    const key = JSON.stringify(rule);
    if (seen.has(key)) continue;
    seen.add(key);
    rules.push(rule);
    locs.push(r.loc);
  }
  return { rules, locs };
}

export interface PresentTelemetry {
  product: string;
  loc: Loc;
  why: string;
}

/** `observability` from the tracing and metrics found, located and explained. */
export function writeObservability(architecture: Architecture, map: SourceMap, notes: ImportNote[], tracing: PresentTelemetry | undefined, metrics: PresentTelemetry | undefined): void {
  if (!tracing && !metrics) return;
  architecture.observability = {};
  for (const [k, o] of [['tracing', tracing], ['metrics', metrics]] as const) {
    if (!o) continue;
    architecture.observability[k] = o.product;
    map.set(`/observability/${k}`, o.loc);
    map.setDefault('/observability', o.loc);
    notes.push({ message: `observability: ${k} with ${o.product} already in place: ${o.why}`, loc: o.loc, pointer: '/observability' });
  }
}

/** A service's edge auth and rate limit, located and explained. */
export function writeEdgePolicy(
  svc: Service, ptr: string, map: SourceMap, notes: ImportNote[],
  auth: { kind: AuthKind; loc: Loc; why: string } | undefined, rateLimit: { loc: Loc; why: string } | undefined,
): void {
  if (auth) {
    svc.auth = auth.kind;
    map.set(`${ptr}/auth`, auth.loc);
    notes.push({ message: `${svc.name}: auth ${auth.kind} (${auth.why}, ${at(auth.loc)})`, loc: auth.loc, pointer: ptr });
  }
  if (rateLimit) {
    svc.rateLimit = true;
    map.set(`${ptr}/rateLimit`, rateLimit.loc);
    notes.push({ message: `${svc.name}: rate limited (${rateLimit.why}, ${at(rateLimit.loc)})`, loc: rateLimit.loc, pointer: ptr });
  }
}
