// `meshgate lint` over every real system in ../shared/corpus: no crash, exit 0 or 1, and the
// specific findings a platform engineer expects (test/fixtures/corpus-lint/<name>.expected.json),
// without the ones that would be false positives.
import { describe, it, expect } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { runLint } from '../../src/commands/lint.js';
import { memoryIo } from '../../src/io.js';

const repoRoot = resolve(import.meta.dirname, '../..');
const corpus = resolve(repoRoot, '../shared/corpus');
const expectedDir = resolve(repoRoot, 'test/fixtures/corpus-lint');
const present = existsSync(corpus);
if (!present) console.warn(`SKIPPED corpus: ${corpus} is absent, the corpus lint tests did not run`);

interface Expected {
  runs: {
    inputs: string[];
    exitCode: 0 | 1;
    includes: { ruleId: string; file: string; line: number; column: number }[];
    excludes: string[];
    /** Specific findings that would be false positives. */
    absent?: { ruleId: string; file: string; line: number; column: number }[];
  }[];
}

describe.skipIf(!present)('lint over the corpus', () => {
  const systems = present ? readdirSync(corpus).filter((n) => statSync(resolve(corpus, n)).isDirectory()).sort() : [];

  it('every corpus system has an expectations file and every expectations file a system', () => {
    const files = readdirSync(expectedDir).map((n) => n.replace(/\.expected\.json$/, '')).sort();
    expect(files).toEqual(systems);
  });

  for (const name of systems) {
    it(name, async () => {
      const expected = JSON.parse(readFileSync(resolve(expectedDir, `${name}.expected.json`), 'utf8')) as Expected;
      for (const run of expected.runs) {
        const io = memoryIo({ cwd: corpus });
        const code = await runLint(run.inputs, { format: 'json' }, io);
        expect(code, `${run.inputs.join(' ')}: ${io.err}`).toBe(run.exitCode);
        const findings = (JSON.parse(io.out) as { ruleId: string; file: string; line: number; column: number; message: string }[]).map((f) => ({
          ...f,
          file: relative(corpus, f.file),
        }));
        for (const f of findings) {
          expect(f.line).toBeGreaterThanOrEqual(1);
          expect(f.column).toBeGreaterThanOrEqual(1);
          expect(existsSync(resolve(corpus, f.file)), f.file).toBe(true);
        }
        const shown = findings.map((f) => ({ ruleId: f.ruleId, file: f.file, line: f.line, column: f.column }));
        for (const inc of run.includes) expect(shown, `${run.inputs.join(' ')}`).toContainEqual(inc);
        for (const abs of run.absent ?? []) expect(shown, `${run.inputs.join(' ')}`).not.toContainEqual(abs);
        for (const ruleId of run.excludes) expect(findings.filter((f) => f.ruleId === ruleId), `${run.inputs.join(' ')}: ${ruleId}`).toEqual([]);
      }
    });
  }
});
