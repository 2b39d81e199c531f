// The policy-drift rules on the input shapes users lint: a directory of manifests (the drift in
// one file, the call in another), rendered Helm output (no namespace on any object), with SARIF
// pointing at both ends. Each test/fixtures/drift/NAME (file or folder) has NAME.expected.json
// beside it: the drift findings (rule, file, line, column) and the related location of each.
import { describe, it, expect } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Log } from 'sarif';
import { runLint } from '../../../src/commands/lint.js';
import { memoryIo } from '../../../src/io.js';

const dir = resolve(import.meta.dirname, '../../fixtures/drift');
const DRIFT_RULES = ['call-denied-by-policy', 'unused-policy-allowance', 'policy-selects-nothing', 'mtls-gap-in-policy'];
const cases = readdirSync(dir).filter((n) => n.endsWith('.expected.json')).map((n) => n.slice(0, -'.expected.json'.length)).sort();

interface Expected {
  ruleId: string;
  file: string;
  line: number;
  column: number;
  related: { file: string; line: number; column: number };
}

describe('policy drift on directories and rendered charts', () => {
  it('has a directory case (shop/) and a rendered-Helm case, clean and with drift', () => {
    expect(cases).toEqual(expect.arrayContaining(['shop', 'helm-rendered', 'helm-rendered-drift']));
  });

  it.each(cases)('%s: exactly the expected drift, with the call as a SARIF related location', async (name) => {
    const expected = JSON.parse(readFileSync(join(dir, `${name}.expected.json`), 'utf8')) as Expected[];
    const io = memoryIo({ cwd: dir });
    const code = await runLint([existsSync(join(dir, name)) ? name : `${name}.yaml`], { format: 'sarif' }, io);
    expect(code, io.err).toBe(expected.some((e) => e.ruleId === 'call-denied-by-policy') ? 1 : 0);
    const run = (JSON.parse(io.out) as Log).runs[0]!;
    // The rule that is off by default says so to code scanning.
    expect(run.tool.driver.rules!.find((r) => r.id === 'unused-policy-allowance')!.defaultConfiguration).toEqual({ level: 'note', enabled: false });
    const results = run.results!.filter((r) => DRIFT_RULES.includes(r.ruleId!));
    const shown = results.map((r) => {
      const at = r.locations![0]!.physicalLocation!;
      const rel = r.relatedLocations?.[0]?.physicalLocation;
      return {
        ruleId: r.ruleId,
        file: decodeURIComponent(at.artifactLocation!.uri!),
        line: at.region!.startLine,
        column: at.region!.startColumn,
        related: rel ? { file: decodeURIComponent(rel.artifactLocation!.uri!), line: rel.region!.startLine, column: rel.region!.startColumn } : undefined,
      };
    });
    expect(shown).toEqual(expected);
    // The related location is the line that makes the call: the variable holding the address.
    for (const e of expected) {
      const line = readFileSync(join(dir, e.related.file), 'utf8').split('\n')[e.related.line - 1]!;
      expect(line.slice(e.related.column - 1)).toMatch(/^"[a-z]+:\d+"$/);
    }
  });
});
