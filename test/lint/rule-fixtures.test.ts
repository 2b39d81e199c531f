// Every lint rule against its fixtures, found by naming convention:
// test/fixtures/lint/<rule-id>/valid*.yaml must not trigger the rule; invalid*.yaml must trigger
// exactly the findings (ruleId, line, column) in invalid*.expected.json beside it. An optional
// answers.yaml in the folder supplies the answers some rules read.
import { describe, it, expect } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readSystems } from '../../src/shell/load-architecture.js';
import { lintArchitecture } from '../../src/core/lint/runner.js';
import { loadLintRules } from '../../src/shell/load-lint-rules.js';
import { memoryIo } from '../../src/io.js';
import { parseYamlDocument } from '../../src/yaml/parse.js';
import type { Answers } from '../../src/core/types.js';

const repoRoot = resolve(import.meta.dirname, '../..');
const fixturesRoot = resolve(repoRoot, 'test/fixtures/lint');
const rulesRoot = resolve(repoRoot, 'rules/lint');

const folders = readdirSync(fixturesRoot).sort();
const ruleIds = readdirSync(rulesRoot).filter((n) => n.endsWith('.yaml')).map((n) => n.replace(/\.yaml$/, '')).sort();
const rules = await loadLintRules();

async function lintFixture(rule: string, file: string) {
  const answersFile = join(fixturesRoot, rule, 'answers.yaml');
  const answers = existsSync(answersFile)
    ? (parseYamlDocument(readFileSync(answersFile, 'utf8'), answersFile).value as Partial<Answers>)
    : undefined;
  const systems = await readSystems([join(fixturesRoot, rule, file)], {}, memoryIo());
  // A rule that is off by default is tested as a config that turns it on runs it.
  const own = rules.find((r) => r.id === rule);
  const severities = own?.disabledByDefault !== undefined ? { [rule]: own.severity } : undefined;
  return systems.flatMap((sys) => lintArchitecture(sys, rules, { answers, ...(severities ? { severities } : {}) }));
}

describe('rule fixtures', () => {
  for (const rule of folders) {
    const files = readdirSync(join(fixturesRoot, rule));
    describe(rule, () => {
      for (const file of files.filter((n) => /^valid.*\.ya?ml$/.test(n))) {
        it(`${file} does not trigger ${rule}`, async () => {
          const findings = await lintFixture(rule, file);
          expect(findings.filter((f) => f.ruleId === rule)).toEqual([]);
        });
      }
      for (const file of files.filter((n) => /^invalid.*\.ya?ml$/.test(n))) {
        it(`${file} triggers exactly the findings in its .expected.json`, async () => {
          const expectedFile = join(fixturesRoot, rule, file.replace(/\.ya?ml$/, '.expected.json'));
          expect(existsSync(expectedFile), `${expectedFile} is missing`).toBe(true);
          const expected = JSON.parse(readFileSync(expectedFile, 'utf8')) as { ruleId: string; line: number; column: number }[];
          expect(expected.length).toBeGreaterThan(0);
          const findings = await lintFixture(rule, file);
          const actual = findings.filter((f) => f.ruleId === rule).map((f) => ({ ruleId: f.ruleId, line: f.line, column: f.column }));
          expect(actual).toEqual(expected);
          for (const f of findings.filter((x) => x.ruleId === rule)) {
            expect(f.file).toBe(join(fixturesRoot, rule, file));
            expect(f.message).not.toMatch(/\{\{|\?$/);
          }
        });
      }
    });
  }
});

describe('rules off by default', () => {
  it('stay off unless the config names them, and say why', async () => {
    const off = rules.filter((r) => r.disabledByDefault !== undefined);
    expect(off.map((r) => r.id)).toContain('unused-policy-allowance');
    for (const r of off) {
      expect(r.disabledByDefault!.length, r.id).toBeGreaterThan(40);
      const file = readdirSync(join(fixturesRoot, r.id)).find((n) => /^invalid.*\.ya?ml$/.test(n))!;
      const systems = await readSystems([join(fixturesRoot, r.id, file)], {}, memoryIo());
      expect(systems.flatMap((sys) => lintArchitecture(sys, rules)).filter((f) => f.ruleId === r.id), r.id).toEqual([]);
      expect(systems.flatMap((sys) => lintArchitecture(sys, rules, { severities: { [r.id]: 'warning' } })).filter((f) => f.ruleId === r.id).length, r.id).toBeGreaterThan(0);
    }
  });
});

describe('rules and fixtures are in step', () => {
  it('every rule has a fixture folder with at least one valid and one invalid file', () => {
    for (const id of ruleIds) {
      expect(folders, `no fixture folder for rule ${id}`).toContain(id);
      const files = readdirSync(join(fixturesRoot, id));
      expect(files.some((n) => /^valid.*\.ya?ml$/.test(n)), `${id}: no valid*.yaml`).toBe(true);
      expect(files.some((n) => /^invalid.*\.ya?ml$/.test(n)), `${id}: no invalid*.yaml`).toBe(true);
    }
  });

  it('every fixture folder belongs to a rule', () => {
    for (const folder of folders) expect(ruleIds, `fixture folder ${folder} has no rule`).toContain(folder);
  });

  it('there are at least 15 rules, each with rationale, a remediation sentence and a public source', () => {
    expect(rules.length).toBeGreaterThanOrEqual(15);
    expect(rules.map((r) => r.id).sort()).toEqual(ruleIds);
    for (const r of rules) {
      expect(r.rationale.length, r.id).toBeGreaterThan(60);
      expect(r.remediation.trim(), r.id).toMatch(/\.$/);
      expect(r.sources.length, r.id).toBeGreaterThanOrEqual(1);
      for (const s of r.sources) expect(s, r.id).toMatch(/^https:\/\/[^\s]+$/);
      expect(r.file?.endsWith(`${r.id}.yaml`), r.id).toBe(true);
    }
  });

  it('the rules use several check kinds, none of them unused by the built-in rules', async () => {
    const { CHECK_KINDS } = await import('../../src/core/lint/checks.js');
    const used = new Set(rules.map((r) => r.check.kind));
    expect(used.size).toBeGreaterThanOrEqual(8);
    for (const kind of Object.keys(CHECK_KINDS)) expect(used, `check kind ${kind} is not used by any rule`).toContain(kind);
  });
});
