// Questions and the Answers schema must never drift apart: every field asked exactly once,
// every choice an allowed value and every allowed value offered, defaults and assumed values valid.
import { describe, it, expect } from 'vitest';
import { Ajv } from 'ajv';
import answersSchema from '../../src/schema/answers.schema.json' with { type: 'json' };
import { loadQuestions } from '../../src/shell/load-questions.js';
import { FIELD_SPECS, conditionFields, type Condition } from '../../src/core/questionnaire.js';
import { ANSWER_FIELDS } from '../../src/core/answers.js';

type PropSchema = { enum?: string[]; type?: string; items?: { enum?: string[] }; minimum?: number; default?: unknown };
const props = answersSchema.properties as Record<string, PropSchema>;
const schemaFields = Object.keys(props).filter((f) => f !== 'apiVersion' && f !== 'kind');
const { questions } = loadQuestions();
const validate = new Ajv({ allErrors: true, strict: false }).compile(answersSchema);

/** A minimal valid Answers object with one field replaced. */
function withField(field: string, value: unknown): Record<string, unknown> {
  return { apiVersion: 'meshgate/v1', kind: 'Answers', traffic: 'both', services: 2, [field]: value };
}
function allowedValues(field: string): string[] | undefined {
  return props[field]!.enum ?? props[field]!.items?.enum;
}

describe('questions ↔ answers schema', () => {
  it('asks every Answers field exactly once, and nothing else', () => {
    const asked = questions.map((q) => q.field);
    expect([...asked].sort()).toEqual([...schemaFields].sort());
    expect(new Set(asked).size).toBe(asked.length);
    expect([...ANSWER_FIELDS].sort()).toEqual([...schemaFields].sort());
  });

  for (const q of questions) {
    describe(q.field, () => {
      const prop = props[q.field]!;
      it('uses the prompt kind that fits the field type', () => {
        const expected = prop.type === 'array' ? 'checkbox' : prop.type === 'integer' ? 'number' : prop.type === 'boolean' ? 'confirm' : 'select';
        expect(q.kind).toBe(expected);
        if (q.kind === 'number') expect(q.min).toBe(prop.minimum);
      });
      it('offers exactly the allowed values', () => {
        const allowed = allowedValues(q.field);
        if (!allowed) return expect(q.choices).toBeUndefined();
        const offered = q.choices!.map((c) => c.value);
        expect([...offered].sort()).toEqual([...allowed].sort());
        for (const c of q.choices!) expect(validate(withField(q.field, q.kind === 'checkbox' ? [c.value] : c.value)), c.value).toBe(true);
      });
      it('has a default that validates (and equals the schema default where there is one)', () => {
        expect(validate(withField(q.field, q.default)), JSON.stringify(validate.errors)).toBe(true);
        if ('default' in prop) expect(q.default).toEqual(prop.default);
      });
      it('assumes only valid values when skipped, and skips only on earlier answers', () => {
        const earlier = new Set(questions.slice(0, questions.indexOf(q)).map((x) => x.field));
        for (const s of q.skip ?? []) {
          expect(validate(withField(q.field, s.assume)), JSON.stringify(validate.errors)).toBe(true);
          for (const f of conditionFields(s.when as Condition)) expect(earlier.has(f), `${q.field} skip reads ${f}`).toBe(true);
          expect(s.because.length).toBeGreaterThan(10);
        }
      });
      it('explains why it matters in words (the rubric factors it informs are data for the docs)', () => {
        expect(q.why.length).toBeGreaterThan(30);
        expect(q.why).not.toMatch(/\bF\d{1,2}\b/);
        expect(q.factors.length).toBeGreaterThan(0);
        for (const f of q.factors) expect(f).toMatch(/^F([1-9]|1\d|2[0-4])$/);
        for (const c of q.choices ?? []) expect(c.description.length).toBeGreaterThan(5);
      });
    });
  }

  it('every question words its what-ifs in plain language and says how big a change to it is', () => {
    for (const q of questions) {
      const w = (q as unknown as { whatIf: Record<string, string>; effort: number });
      expect(w.effort, q.field).toBeGreaterThanOrEqual(1);
      const keys = q.kind === 'checkbox' ? ['add', 'remove'] : q.kind === 'confirm' ? ['yes', 'no'] : ['set'];
      for (const k of keys) expect(w.whatIf[k], `${q.field} whatIf.${k}`).toMatch(/\w/);
      // Plain words: no field names (camelCase identifiers) in what a reader sees.
      for (const t of Object.values(w.whatIf)) expect(t, q.field).not.toMatch(/\b[a-z]+[A-Z]\w*\b/);
    }
    // A platform or cloud switch is the biggest change there is.
    const effort = (f: string) => (questions.find((q) => q.field === f) as unknown as { effort: number }).effort;
    for (const q of questions) if (q.field !== 'platform') expect(effort(q.field)).toBeLessThanOrEqual(effort('platform'));
  });

  it('FIELD_SPECS (used by the core to check answers) matches the schema', () => {
    for (const f of schemaFields) {
      const spec = FIELD_SPECS[f as keyof typeof FIELD_SPECS];
      const prop = props[f]!;
      const { description: _d, ...shape } = spec;
      if (prop.type === 'array') expect(shape).toEqual({ type: 'list', values: prop.items!.enum });
      else if (prop.type === 'integer') expect(shape).toEqual({ type: 'integer', min: prop.minimum });
      else if (prop.type === 'boolean') expect(shape).toEqual({ type: 'boolean' });
      else expect(shape).toEqual({ type: 'enum', values: prop.enum });
    }
  });
});
