// The application layer takes plain values and returns plain values: no terminal. Each function
// here gets only what reading inputs needs (a working directory and stdin), so a write to the
// terminal would fail, and its results are compared with what the commands print.
import { describe, expect, it } from 'vitest';
import { join, resolve } from 'node:path';
import type { InputAccess } from '../../src/io.js';
import { lintInputs } from '../../src/app/lint.js';
import { recommend } from '../../src/app/recommend.js';
import { decideInput } from '../../src/app/decision.js';
import { planGeneration, parseTargets } from '../../src/app/generate.js';
import { UserError } from '../../src/errors.js';

const root = resolve(import.meta.dirname, '../..');
const access: InputAccess = { cwd: root, readStdin: async () => new Uint8Array() };
const lintFixture = (rule: string, file: string) => join(root, 'test/fixtures/lint', rule, file);

describe('app/lint', () => {
  it('returns the findings, the files read and the exit code of a run', async () => {
    const run = await lintInputs([lintFixture('datastore-published', 'invalid.yaml')], {}, access);
    expect(run.findings.map((f) => f.ruleId)).toContain('datastore-published');
    expect(run.files).toEqual([lintFixture('datastore-published', 'invalid.yaml')]);
    expect(run.fatal).toEqual([]);
    expect(run.exitCode).toBe(run.findings.some((f) => f.severity === 'error') ? 1 : 0);
  });

  it('turns an input without services into a fatal entry and exit 2, and still lints the others', async () => {
    const run = await lintInputs([lintFixture('datastore-published', 'invalid.yaml'), join(root, 'templates/examples/answers.yaml')], {}, access);
    expect(run.exitCode).toBe(2);
    expect(run.fatal.length).toBeGreaterThan(0);
    expect(run.findings.map((f) => f.ruleId)).toContain('datastore-published');
  });

  it('with --fail-on info, any finding fails the run', async () => {
    const run = await lintInputs([lintFixture('datastore-published', 'invalid.yaml')], { failOn: 'info' }, access);
    expect(run.findings.length).toBeGreaterThan(0);
    expect(run.exitCode).toBe(1);
  });
});

describe('app/recommend and app/decision', () => {
  it('decides from an Answers file, and the scoring rules are read once per process', async () => {
    const answers = join(root, 'templates/examples/answers.yaml');
    const first = await decideInput([answers], {}, access);
    const second = await decideInput([answers], {}, access);
    expect(second.rules).toBe(first.rules);
    const r = await recommend([answers], {}, access);
    expect(r.decision.recommendation).toBe(first.decision.recommendation);
    expect(r.source).toBe(answers);
    expect(r.files).toEqual([]);
  });

  it('names the files an architecture was read from', async () => {
    const compose = join(root, 'test/fixtures/compose/shop/compose.yaml');
    const r = await recommend([compose], {}, access);
    expect(r.files).toEqual([compose]);
    expect(r.inferred.length).toBeGreaterThan(0);
  });

  it('--set changes the answer it names and drops it from the defaulted list', async () => {
    const answers = join(root, 'templates/examples/answers.yaml');
    const plain = await recommend([answers], {}, access);
    const set = await recommend([answers], { set: ['compliance=true'] }, access);
    expect(set.decision.answers.compliance).toBe(true);
    expect(set.defaulted).not.toContain('compliance');
    expect(plain.decision.answers).not.toBe(set.decision.answers);
  });
});

describe('app/generate', () => {
  it('plans files for the decision without writing any', async () => {
    const plan = await planGeneration([join(root, 'templates/examples/answers.yaml')], { targets: [] }, access);
    expect(plan.files.length).toBeGreaterThan(0);
    expect(plan.targets.length).toBeGreaterThan(0);
  });

  it('reports every unknown target at once', () => {
    expect(() => parseTargets(['kong,nope', 'zap'])).toThrow(UserError);
    expect(() => parseTargets(['kong,nope', 'zap'])).toThrow(/unknown targets: "nope", "zap"/);
    expect(parseTargets(['kong, istio'])).toEqual(['kong', 'istio']);
  });
});
