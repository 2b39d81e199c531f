// Per-rule fixtures, found by naming convention: test/fixtures/rules/<id>.yaml is an Answers file
// in which scoring rule (or constraint) <id> applies and shows its effect; <id>.expected.json says
// the verdict with it and without it. Every scoring rule and every constraint must have one.
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAnswers } from '../../src/shell/load-answers.js';
import { loadScoringRules } from '../../src/shell/load-scoring-rules.js';
import { assess, decide } from '../../src/core/engine.js';

const dir = join(import.meta.dirname, '../fixtures/rules');
const rules = loadScoringRules();

interface RuleExpected { rule: string; layer: 'edge' | 'mesh'; points: number; recommendation: string; withoutIt: string }
interface ConstraintExpected { constraint: string; recommendation: string; withoutIt: string; feasibleKinds: string[]; vetoed: string[] }

function fixture<T>(id: string): { answers: ReturnType<typeof parseAnswers>['answers']; expected: T; text: string } {
  const text = readFileSync(join(dir, `${id}.yaml`), 'utf8');
  return { answers: parseAnswers(text, `${id}.yaml`).answers, expected: JSON.parse(readFileSync(join(dir, `${id}.expected.json`), 'utf8')) as T, text };
}

describe('per-rule fixtures', () => {
  it('exist for every scoring rule and constraint, and for nothing else', () => {
    const ids = [...rules.rules.map((r) => r.id), ...rules.constraints.map((c) => c.id)];
    for (const id of ids) {
      expect(existsSync(join(dir, `${id}.yaml`)), `test/fixtures/rules/${id}.yaml`).toBe(true);
      expect(existsSync(join(dir, `${id}.expected.json`)), `test/fixtures/rules/${id}.expected.json`).toBe(true);
    }
    const stems = readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => f.replace(/\.yaml$/, ''));
    expect(stems.filter((s) => !ids.includes(s))).toEqual([]);
  });

  describe.each(rules.rules.map((r) => r.id))('scoring rule %s', (id) => {
    const rule = rules.rules.find((r) => r.id === id)!;
    it('counts with its points and decides the verdict in its fixture', () => {
      const { answers, expected, text } = fixture<RuleExpected>(id);
      expect(text.startsWith(`# ${id}: `)).toBe(true);
      expect(expected.rule).toBe(id);
      expect(expected.points).toBe(rule.points);
      const d = decide(answers, rules, { whatIfs: false });
      const reason = d.reasons.find((r) => r.rule === id);
      expect(reason, `${id} fires and counts`).toBeDefined();
      expect(reason!.effect).toEqual(rule.layer === 'edge' ? { gateway: rule.points, both: rule.points } : { mesh: rule.points, both: rule.points });
      expect(d.recommendation).toBe(expected.recommendation);
      // Without the rule the layer loses exactly its points and the verdict changes: the effect is real.
      const without = { ...rules, rules: rules.rules.filter((r) => r.id !== id) };
      const a = assess(answers, without);
      expect(a.ranked[0]).toBe(expected.withoutIt);
      expect(expected.withoutIt).not.toBe(expected.recommendation);
    });
  });

  describe.each(rules.constraints.map((c) => c.id))('constraint %s', (id) => {
    it('applies in its fixture and removes what it says', () => {
      const { answers, expected, text } = fixture<ConstraintExpected>(id);
      expect(text.startsWith(`# Constraint ${id}: `)).toBe(true);
      const d = decide(answers, rules, { whatIfs: false });
      expect(d.recommendation).toBe(expected.recommendation);
      expect(d.layers.mesh.feasibleKinds).toEqual(expected.feasibleKinds);
      expect(d.vetoed.filter((v) => v.constraint === id).map((v) => v.outcome)).toEqual(expected.vetoed);
      const c = rules.constraints.find((x) => x.id === id)!;
      for (const k of c.removes?.meshKinds ?? []) expect(d.layers.mesh.feasibleKinds).not.toContain(k);
      const without = { ...rules, constraints: rules.constraints.filter((x) => x.id !== id) };
      expect(assess(answers, without).ranked[0]).toBe(expected.withoutIt);
      if (c.cost) expect(d.reasons.find((r) => r.rule === id)?.source).toBe('constraint');
      if (c.instead && d.layers.mesh.hardNeeds.length + d.layers.mesh.softNeeds.length > 0) {
        expect(d.products.some((p) => p.role === 'built-in'), 'the built-ins are named').toBe(true);
      }
    });
  });
});
