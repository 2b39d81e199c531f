// A broken questions file is reported in full, each problem with file:line:col.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseQuestions, QUESTIONS_FILE } from '../../src/shell/load-questions.js';
import { UserError, renderUserError } from '../../src/errors.js';

function errorOf(fn: () => unknown): UserError {
  try {
    fn();
  } catch (err) {
    if (err instanceof UserError) return err;
    throw err;
  }
  throw new Error('expected a UserError');
}

describe('parseQuestions', () => {
  const shipped = readFileSync(QUESTIONS_FILE, 'utf8');

  it('loads the shipped questions', () => {
    expect(parseQuestions(shipped, 'questions.yaml').questions).toHaveLength(22);
  });

  it('reports every schema problem at once with positions', () => {
    const text = shipped
      .replace('    kind: select\n    factors: [F1]', '    kind: dropdown\n    factors: [F99]')
      .replace('    title: Services\n', '    title: Services\n    colour: blue\n');
    const err = errorOf(() => parseQuestions(text, 'q.yaml'));
    const out = renderUserError(err);
    expect(out).toMatch(/^q\.yaml:\d+:\d+: .*kind: "dropdown" is not allowed/m);
    expect(out).toMatch(/^q\.yaml:\d+:\d+: .*factors/m);
    expect(out).toMatch(/^q\.yaml:\d+:\d+: unknown field "colour"/m);
    const colourLine = text.split('\n').findIndex((l) => l.includes('colour: blue')) + 1;
    expect(err.details.some((d) => d.loc?.line === colourLine)).toBe(true);
  });

  it('reports drift from the Answers format with positions', () => {
    const text = shipped.replace('      - value: mtls\n', '      - value: spiffe\n');
    const err = errorOf(() => parseQuestions(text, 'q.yaml'));
    const line = text.split('\n').findIndex((l) => l.includes('value: spiffe')) + 1;
    expect(err.details.map((d) => `${d.loc?.line} ${d.message}`)).toEqual([
      `${line} "spiffe" is not an allowed value of serviceSecurity; allowed: none, encryption, mtls`,
      expect.stringMatching(/must offer every allowed value; missing: mtls/),
    ]);
  });
});
