/**
 * `--set field=value` overrides for a what-if run, checked against the Answers schema the same
 * way a file is: unknown fields and values outside the allowed sets are user errors (exit 2).
 */
import answersSchema from '../schema/answers.schema.json' with { type: 'json' };
import { UserError, type UserErrorDetail } from '../errors.js';
import type { AnswerField, Answers } from '../core/types.js';

interface PropertySchema {
  enum?: unknown[];
  type?: string;
  minimum?: number;
  items?: { enum?: string[] };
}

const PROPERTIES = answersSchema.properties as Record<string, PropertySchema>;
const SETTABLE = Object.keys(PROPERTIES).filter((k) => k !== 'apiVersion' && k !== 'kind') as AnswerField[];

export interface AnswerOverride {
  field: AnswerField;
  value: unknown;
}

function parseOne(raw: string): { override?: AnswerOverride; problem?: string } {
  const eq = raw.indexOf('=');
  if (eq <= 0) return { problem: `--set ${raw}: expected field=value, e.g. --set serviceSecurity=mtls` };
  const field = raw.slice(0, eq).trim();
  const text = raw.slice(eq + 1).trim();
  const schema = PROPERTIES[field];
  if (!schema || !(SETTABLE as string[]).includes(field)) {
    return { problem: `--set ${raw}: unknown field "${field}"; fields: ${SETTABLE.join(', ')}` };
  }
  const f = field as AnswerField;
  if (schema.enum) {
    if (!schema.enum.includes(text)) return { problem: `--set ${raw}: ${field} must be one of ${schema.enum.join(', ')}` };
    return { override: { field: f, value: text } };
  }
  if (schema.type === 'integer') {
    const n = Number(text);
    const min = schema.minimum ?? 0;
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < min) return { problem: `--set ${raw}: ${field} must be a whole number >= ${min}` };
    return { override: { field: f, value: n } };
  }
  if (schema.type === 'boolean') {
    if (text !== 'true' && text !== 'false') return { problem: `--set ${raw}: ${field} must be true or false` };
    return { override: { field: f, value: text === 'true' } };
  }
  if (schema.type === 'array') {
    const allowed = schema.items?.enum ?? [];
    const values = text === '' ? [] : text.split(',').map((v) => v.trim());
    const bad = values.filter((v) => !allowed.includes(v));
    if (bad.length > 0) {
      return { problem: `--set ${raw}: ${bad.map((b) => JSON.stringify(b)).join(', ')} not allowed in ${field}; allowed values: ${allowed.join(', ')} (comma-separated; empty for [])` };
    }
    if (new Set(values).size !== values.length) return { problem: `--set ${raw}: ${field} lists the same value twice` };
    return { override: { field: f, value: values } };
  }
  return { problem: `--set ${raw}: ${field} cannot be set from the command line` };
}

/** Parses every --set; all problems are reported together. Later --set of a field wins. */
export function parseAnswerOverrides(raws: readonly string[]): AnswerOverride[] {
  const overrides: AnswerOverride[] = [];
  const problems: UserErrorDetail[] = [];
  for (const raw of raws) {
    const { override, problem } = parseOne(raw);
    if (problem) problems.push({ message: problem });
    if (override) overrides.push(override);
  }
  if (problems.length > 0) {
    throw new UserError(problems.length === 1 ? problems[0]!.message : `${problems.length} problems in --set`, {
      details: problems.length === 1 ? [] : problems,
      hint: 'docs/formats/answers.md lists every field and its allowed values',
    });
  }
  return overrides;
}

/** The answers with the overrides applied. */
export function applyAnswerOverrides(answers: Answers, overrides: readonly AnswerOverride[]): Answers {
  const next = { ...answers } as Record<string, unknown>;
  for (const o of overrides) next[o.field] = o.value;
  return next as unknown as Answers;
}
