/**
 * The lint rule schema meshgate validates rule files with and publishes for editors: the
 * hand-written src/schema/lint-rule.schema.json, with `check.kind` limited to the registered
 * kinds and `check.params` validated by the chosen kind's params schema (generated here from the
 * registry), so one validation reports every problem of a rule file at once and an editor
 * completes the params of each kind.
 */
import baseSchema from '../../schema/lint-rule.schema.json' with { type: 'json' };
import { CHECK_KINDS, type RegisteredCheckKind } from './checks.js';

/** The JSON Schema of one kind's `check.params`, titled for editors. */
export function checkKindParamsSchema(kind: RegisteredCheckKind): Record<string, unknown> {
  return { title: `params of check kind ${kind.name}`, description: kind.description, ...kind.paramsSchema };
}

/** Whether a kind's params have required fields (then a rule of that kind must give params). */
function needsParams(kind: RegisteredCheckKind): boolean {
  const required = kind.paramsSchema['required'];
  return Array.isArray(required) && required.length > 0;
}

let cached: Record<string, unknown> | undefined;

/** The lint rule schema with every registered check kind (built once; do not modify it). */
export function lintRuleSchema(): Record<string, unknown> {
  if (cached) return cached;
  const kinds = Object.values(CHECK_KINDS);
  const check = baseSchema.properties.check;
  cached = {
    ...baseSchema,
    properties: {
      ...baseSchema.properties,
      check: {
        ...check,
        properties: {
          ...check.properties,
          kind: { ...check.properties.kind, enum: kinds.map((k) => k.name), description: 'The check kind the rule runs; docs/check-kinds.md describes each.' },
        },
      },
    },
    allOf: kinds.map((k) => ({
      if: { required: ['check'], properties: { check: { required: ['kind'], properties: { kind: { const: k.name } } } } },
      then: { properties: { check: { ...(needsParams(k) ? { required: ['params'] } : {}), properties: { params: { $ref: `#/definitions/${k.name}` } } } } },
    })),
    definitions: Object.fromEntries(kinds.map((k) => [k.name, checkKindParamsSchema(k)])),
  };
  return cached;
}
