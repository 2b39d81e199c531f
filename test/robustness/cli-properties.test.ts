/**
 * Property tests against the BUILT binary: a bounded number of spawned runs per command (fixed
 * seeds), so a crash that only shows up in a real process (an unhandled rejection, a stack
 * printed by node itself, a signal) cannot hide behind the in-process runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  SEED, assertBuilt, expectCleanOutcome, listFiles, meshgate, seedTexts, tempDir, anyInputText,
} from './helpers.js';

/** Spawned runs per command: enough to cover every input family, few enough to stay quick. */
const RUNS = 8;

const seeds = seedTexts();
const inputs = anyInputText(seeds);

let work: { dir: string; cleanup: () => void };
beforeAll(() => {
  assertBuilt();
  work = tempDir('cli');
});
afterAll(() => work.cleanup());

let counter = 0;
function inputFile(text: string): string {
  const file = join(work.dir, `in-${++counter}.yaml`);
  writeFileSync(file, text);
  return file;
}

type Case = { name: string; args: (file: string, pick: number) => string[] };
const FORMATS = {
  recommend: ['text', 'json', 'markdown'],
  lint: ['stylish', 'json', 'sarif', 'junit', 'github'],
  report: ['markdown', 'html'],
  diagram: ['mermaid', 'dot'],
} as const;
const at = <T>(list: readonly T[], i: number): T => list[i % list.length]!;

const CASES: Case[] = [
  { name: 'recommend', args: (f, i) => ['recommend', f, '--format', at(FORMATS.recommend, i)] },
  { name: 'lint', args: (f, i) => ['lint', f, '--format', at(FORMATS.lint, i)] },
  { name: 'import', args: (f) => ['import', f] },
  { name: 'report', args: (f, i) => ['report', f, '--format', at(FORMATS.report, i)] },
  { name: 'diagram', args: (f, i) => ['diagram', f, '--format', at(FORMATS.diagram, i)] },
];

describe.each(CASES)('built CLI: meshgate $name on mutated and random input', ({ args }) => {
  it(`${RUNS} spawned runs: exit 0, 1 or 2, a message on 2, no stack trace`, () => {
    fc.assert(
      fc.property(inputs, fc.nat(), (text, pick) => {
        const file = inputFile(text);
        const r = meshgate(args(file, pick), { cwd: work.dir });
        expectCleanOutcome(r, `meshgate ${args('INPUT', pick).join(' ')} on:\n${text}`);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});

describe('built CLI: meshgate generate on mutated and random input', () => {
  it(`${RUNS} spawned runs into a fresh --out: clean exit, and nothing at all written when it fails`, () => {
    fc.assert(
      fc.property(inputs, (text) => {
        const file = inputFile(text);
        const out = join(work.dir, `out-${counter}`);
        const r = meshgate(['generate', file, '--out', out], { cwd: work.dir });
        const what = `meshgate generate INPUT --out DIR on:\n${text}`;
        expectCleanOutcome(r, what);
        const written = listFiles(out);
        if (r.status === 0) expect(written.length, what).toBeGreaterThan(0);
        else expect(written, what).toEqual([]);
        expect(written.filter((f) => f.endsWith('.tmp')), what).toEqual([]);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});

describe('built CLI: commands without an input file', () => {
  it('rules show with random ids exits 0 or 2 cleanly', () => {
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom('', '../x', '__proto__', 'constructor', '%s', '\u0000', '-x'), fc.string({ maxLength: 12 })), (id) => {
        // An argument that starts with "-" is an option to commander; "--" keeps it an id.
        const r = meshgate(['rules', 'show', '--', id.replace(/\u0000/g, '')], { cwd: work.dir });
        expectCleanOutcome(r, `meshgate rules show ${JSON.stringify(id)}`);
      }),
      { seed: SEED, numRuns: 4 },
    );
  });

  it('ask without a terminal exits 2 with a message, whatever the options', () => {
    const dir = join(work.dir, 'ask');
    mkdirSync(dir, { recursive: true });
    for (const extra of [[], ['--save', join(dir, 'a.yaml')], ['--answers', inputFile('kind: Answers\n')]]) {
      const r = meshgate(['ask', ...extra], { cwd: dir });
      expectCleanOutcome(r, `meshgate ask ${extra.join(' ')}`);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/terminal/);
    }
  });
});
