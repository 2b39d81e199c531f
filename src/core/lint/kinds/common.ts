/**
 * Parts several check kinds share: params schema fragments, the placeholders a service fills,
 * and the validation of `where` conditions and regexes.
 */
import type { Service } from '../../types.js';
import type { LintContext } from '../context.js';
import type { Where } from '../predicate.js';
import { showFact, SERVICE_TABLE, CALL_TABLE } from '../predicate.js';
import { checkWhere } from '../../conditions.js';
import type { ParamProblem } from './check-kind.js';

// The `where` is checked by the one condition validator (src/core/conditions.ts), which knows
// each fact's type and values; the schema only asks for a non-empty mapping.
export const WHERE_SCHEMA = { type: 'object', minProperties: 1 };
export const SERVICE_KIND_LIST = { type: 'array', minItems: 1, uniqueItems: true, items: { enum: ['service', 'datastore', 'queue', 'external'] } };
export const EXPOSURE_LIST = { type: 'array', minItems: 1, uniqueItems: true, items: { enum: ['public', 'partner', 'internal'] } };

export function regexProblem(source: string, pointer: string): ParamProblem | undefined {
  try {
    new RegExp(source);
    return undefined;
  } catch (err) {
    return { pointer, message: `invalid regular expression ${JSON.stringify(source)}: ${(err as Error).message}` };
  }
}

export function validateWhere(where: Where, subject: 'service' | 'call'): ParamProblem[] {
  return checkWhere(where, '/where', subject === 'service' ? SERVICE_TABLE : CALL_TABLE).map((p) => ({ pointer: p.pointer, message: p.message }));
}

export function servicePointer(i: number, field?: string): string {
  return field ? `/services/${i}/${field}` : `/services/${i}`;
}

export function serviceData(ctx: LintContext, s: Service): Record<string, string | number> {
  return {
    service: s.name,
    kind: s.kind,
    exposure: s.exposure,
    port: showFact(s.port),
    replicas: showFact(s.replicas),
    auth: showFact(s.auth),
    image: showFact(s.image),
    protocols: showFact(s.protocols),
    gateway: ctx.arch.gateway?.product ?? 'none',
    mesh: ctx.arch.mesh?.product ?? 'none',
  };
}
export const SERVICE_PLACEHOLDERS = ['service', 'kind', 'exposure', 'port', 'replicas', 'auth', 'image', 'protocols', 'gateway', 'mesh'] as const;
