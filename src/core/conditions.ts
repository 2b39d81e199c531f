/**
 * The condition language scoring rules, product picks and notes are written in: plain data
 * (all / any / not over field tests) plus a few named functions for what data cannot say.
 * Pure: evaluation only reads the answers it is given.
 */
import type { Answers, AnswerField } from './types.js';

/** A test on one answer. Exactly one operator is set (the schema enforces it). */
export interface FieldCondition {
  field: AnswerField;
  /** Scalar equals the value. */
  equals?: string | number | boolean;
  /** Scalar is one of the values. */
  in?: Array<string | number>;
  /** List contains the value. */
  includes?: string;
  /** List contains at least one of the values. */
  includesAny?: string[];
  /** List contains every one of the values. */
  includesAll?: string[];
  /** Every element of the list is one of the values (true for an empty list). */
  only?: string[];
  /** List is empty (true) or not (false). */
  isEmpty?: boolean;
  /** Number is >= the value. */
  atLeast?: number;
  /** Number is <= the value. */
  atMost?: number;
}

/** A call to one of the named functions in {@link CONDITION_FUNCTIONS}. */
export interface FunctionCondition {
  fn: ConditionFunctionName;
  min?: number;
  max?: number;
}

export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { always: true }
  | FieldCondition
  | FunctionCondition;

export const FIELD_OPERATORS = ['equals', 'in', 'includes', 'includesAny', 'includesAll', 'only', 'isEmpty', 'atLeast', 'atMost'] as const;
export type FieldOperator = (typeof FIELD_OPERATORS)[number];

/** Which operators make sense for which kind of answer. */
export const OPERATORS_BY_KIND: Record<'enum' | 'list' | 'number' | 'boolean', FieldOperator[]> = {
  enum: ['equals', 'in'],
  list: ['includes', 'includesAny', 'includesAll', 'only', 'isEmpty'],
  number: ['equals', 'in', 'atLeast', 'atMost'],
  boolean: ['equals'],
};

/** The edge needs that only API management provides: keys, quotas, a developer portal. */
const API_PRODUCT_NEEDS = ['api-keys', 'quotas', 'developer-portal'] as const;

/**
 * Counts the independent east-west needs a mesh would serve. Each is a separate reason to put
 * a proxy beside every service; one alone is often better met by a library or the CNI.
 */
export function countEastWestNeeds(a: Answers): number {
  let n = 0;
  if (a.serviceSecurity === 'mtls') n++;
  if (a.observability === 'golden-metrics' || a.observability === 'tracing') n++;
  if (a.trafficControl.some((t) => t === 'canary-internal' || t === 'fault-injection')) n++;
  if (a.trafficControl.includes('grpc-load-balancing')) n++;
  if (a.clusters >= 2 && a.traffic !== 'north-south') n++;
  if (a.languages >= 3 && a.trafficControl.some((t) => t === 'retries' || t === 'timeouts' || t === 'circuit-breaking')) n++;
  return n;
}

/** Counts the API-product needs (keys, quotas, portal) among the edge needs. */
export function countApiProductNeeds(a: Answers): number {
  return a.edgeNeeds.filter((e) => (API_PRODUCT_NEEDS as readonly string[]).includes(e)).length;
}

/**
 * Named functions a condition may call with `fn:` when plain field tests cannot express the
 * logic. Each returns a count; the condition holds when the count is within [min, max].
 */
export const CONDITION_FUNCTIONS = {
  apiProductNeeds: countApiProductNeeds,
  eastWestNeeds: countEastWestNeeds,
} as const;
export type ConditionFunctionName = keyof typeof CONDITION_FUNCTIONS;

function isFunctionCondition(c: Condition): c is FunctionCondition {
  return 'fn' in c;
}

/** Evaluates a condition against complete answers. */
export function evaluateCondition(cond: Condition, answers: Answers): boolean {
  if ('all' in cond) return cond.all.every((c) => evaluateCondition(c, answers));
  if ('any' in cond) return cond.any.some((c) => evaluateCondition(c, answers));
  if ('not' in cond) return !evaluateCondition(cond.not, answers);
  if ('always' in cond) return true;
  if (isFunctionCondition(cond)) {
    const count = CONDITION_FUNCTIONS[cond.fn](answers);
    return (cond.min === undefined || count >= cond.min) && (cond.max === undefined || count <= cond.max);
  }
  return evaluateFieldCondition(cond, answers);
}

function evaluateFieldCondition(cond: FieldCondition, answers: Answers): boolean {
  const value: unknown = answers[cond.field];
  if (cond.equals !== undefined) return value === cond.equals;
  if (cond.in !== undefined) return (cond.in as unknown[]).includes(value);
  if (cond.atLeast !== undefined) return typeof value === 'number' && value >= cond.atLeast;
  if (cond.atMost !== undefined) return typeof value === 'number' && value <= cond.atMost;
  const list = Array.isArray(value) ? (value as unknown[]) : [];
  if (cond.includes !== undefined) return list.includes(cond.includes);
  if (cond.includesAny !== undefined) return cond.includesAny.some((v) => list.includes(v));
  if (cond.includesAll !== undefined) return cond.includesAll.every((v) => list.includes(v));
  if (cond.only !== undefined) return list.every((v) => (cond.only as unknown[]).includes(v));
  if (cond.isEmpty !== undefined) return (list.length === 0) === cond.isEmpty;
  return false;
}

/** One field test the condition makes, with the JSON pointer of the test inside the condition. */
export interface FieldTestRef {
  cond: FieldCondition;
  pointer: string;
}

/** Walks a condition and yields every field test with its pointer (for load-time checks). */
export function collectFieldTests(cond: Condition, pointer: string): FieldTestRef[] {
  if ('all' in cond) return cond.all.flatMap((c, i) => collectFieldTests(c, `${pointer}/all/${i}`));
  if ('any' in cond) return cond.any.flatMap((c, i) => collectFieldTests(c, `${pointer}/any/${i}`));
  if ('not' in cond) return collectFieldTests(cond.not, `${pointer}/not`);
  if ('always' in cond || isFunctionCondition(cond)) return [];
  return [{ cond, pointer }];
}

/** The operator a field test uses. */
export function operatorOf(cond: FieldCondition): FieldOperator | undefined {
  return FIELD_OPERATORS.find((op) => cond[op] !== undefined);
}
