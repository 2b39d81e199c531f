// The rubric's 30 scenarios (section 4): every fixture must get its expected outcome; contested
// ones must be marked close with the other named outcome as runner-up.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAnswers } from '../../src/shell/load-answers.js';
import { loadScoringRules } from '../../src/shell/load-scoring-rules.js';
import { decide } from '../../src/core/engine.js';
import type { Outcome } from '../../src/core/types.js';

const dir = join(import.meta.dirname, '../fixtures/scenarios');
const rules = loadScoringRules();
const retired = new Set(rules.products.retired.map((r) => r.id));

interface Expected {
  recommendation: Outcome[];
  contested: boolean;
  products?: string[];
}

const cases = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((f) => ({
    name: f.replace(/\.yaml$/, ''),
    text: readFileSync(join(dir, f), 'utf8'),
    expected: JSON.parse(readFileSync(join(dir, f.replace(/\.yaml$/, '.expected.json')), 'utf8')) as Expected,
  }));

describe('rubric scenarios', () => {
  it('has all 30 scenarios, each with a header comment', () => {
    expect(cases).toHaveLength(30);
    for (const c of cases) expect(c.text.startsWith('# Scenario ')).toBe(true);
  });

  it.each(cases)('$name', ({ name, text, expected }) => {
    const decision = decide(parseAnswers(text, name).answers, rules);
    expect(expected.recommendation).toContain(decision.recommendation);
    if (expected.contested) {
      expect(expected.recommendation).toHaveLength(2);
      expect(decision.close).toBe(true);
      expect(decision.runnerUp).toBe(expected.recommendation.find((o) => o !== decision.recommendation));
      expect(decision.notes.some((n) => n.startsWith('Close call'))).toBe(true);
    }
    if (expected.products) expect(decision.products.map((p) => p.id).some((id) => expected.products!.includes(id))).toBe(true);
    for (const p of decision.products) expect(retired.has(p.id)).toBe(false);
  });
});
