/**
 * The secondary readers get the same treatment as the main input: `.meshgate.yaml` (--config),
 * custom lint rules (--rules), --answers files, suppression comments, --set overrides and
 * several inputs at once. Mutated real files in, a clean outcome out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import {
  SEED, TRICKY_SCALARS, expectCleanOutcome, fixturesRoot, meshgate, meshgateInProcess, mutatedYaml, repoRoot, seedTexts, tempDir,
} from './helpers.js';

const shop = join(fixturesRoot, 'architecture/shop.yaml');
const shopText = readFileSync(shop, 'utf8');
const CONFIG = [
  'rules:',
  '  mesh-over-few-services: off',
  '  service-outside-mesh: error',
  '  meshgate/unused-suppression: error',
  'ignore:',
  '  - vendor/**',
  '  - "*.generated.yaml"',
].join('\n') + '\n';
const ruleFiles = readdirSync(join(repoRoot, 'rules/lint')).filter((f) => f.endsWith('.yaml'));
const ruleSeeds = ruleFiles.map((f) => ({ file: f, text: readFileSync(join(repoRoot, 'rules/lint', f), 'utf8') }));
const answerSeeds = seedTexts().filter((s) => s.file.includes('/scenarios/'));

let work: { dir: string; cleanup: () => void };
beforeAll(() => {
  work = tempDir('readers');
});
afterAll(() => work.cleanup());

describe('secondary readers on mutated input (in-process)', () => {
  it('--config: a mutated .meshgate.yaml is applied or refused with a message', async () => {
    const cfg = join(work.dir, 'config.yaml');
    await fc.assert(
      fc.asyncProperty(mutatedYaml([{ file: 'config', text: CONFIG }]), async ({ text }) => {
        writeFileSync(cfg, text);
        const r = await meshgateInProcess(['lint', shop, '--config', cfg], { cwd: work.dir });
        expectCleanOutcome(r, `lint --config on:\n${text}`);
      }),
      { seed: SEED, numRuns: 60 },
    );
  });

  it('a .meshgate.yaml found in the working directory gets the same checks', async () => {
    const dir = join(work.dir, 'discovered');
    mkdirSync(dir);
    await fc.assert(
      fc.asyncProperty(mutatedYaml([{ file: 'config', text: CONFIG }]), async ({ text }) => {
        writeFileSync(join(dir, '.meshgate.yaml'), text);
        const r = await meshgateInProcess(['lint', shop], { cwd: dir });
        expectCleanOutcome(r, `lint with .meshgate.yaml:\n${text}`);
      }),
      { seed: SEED, numRuns: 30 },
    );
  });

  it('--rules: a directory holding one mutated rule file loads it or lists every problem', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedYaml(ruleSeeds), fc.integer({ min: 0, max: 4 }).map((n) => n === 0), async ({ from, text }, keepName) => {
        const dir = join(work.dir, 'rules');
        rmSync(dir, { recursive: true, force: true });
        mkdirSync(dir);
        // Custom rules must not reuse a built-in id: rename the file (and the id in it) unless testing the clash.
        const id = basename(from, '.yaml');
        const custom = keepName ? id : `custom-${id}`;
        writeFileSync(join(dir, `${custom}.yaml`), keepName ? text : text.replace(new RegExp(`\\b${id}\\b`, 'g'), custom));
        for (const args of [['lint', shop, '--rules', dir], ['rules', '--rules', dir], ['rules', 'show', custom, '--rules', dir]]) {
          const r = await meshgateInProcess(args, { cwd: work.dir });
          expectCleanOutcome(r, `${args.join(' ')} with ${custom}.yaml:\n${text}`);
        }
      }),
      { seed: SEED, numRuns: 40 },
    );
  });

  it('--answers: a mutated answers file next to an architecture is used or refused with a message', async () => {
    const answers = join(work.dir, 'answers.yaml');
    await fc.assert(
      fc.asyncProperty(mutatedYaml(answerSeeds), async ({ text }) => {
        writeFileSync(answers, text);
        for (const args of [['recommend', shop, '--answers', answers], ['lint', shop, '--answers', answers], ['generate', shop, '--answers', answers, '--out', '-']]) {
          const r = await meshgateInProcess(args, { cwd: work.dir });
          expectCleanOutcome(r, `${args[0]} --answers on:\n${text}`);
        }
      }),
      { seed: SEED, numRuns: 40 },
    );
  });

  it('suppression comments with garbage ids, reasons and placement never break lint', async () => {
    const file = join(work.dir, 'suppressed.yaml');
    const lines = shopText.split('\n');
    const comment = fc.tuple(
      fc.constantFrom('# meshgate-disable-next-line', '# meshgate-disable-line', '#meshgate-disable-next-line', '# meshgate-disable', '# meshgate-enable'),
      fc.array(fc.oneof(fc.constantFrom('self-call', 'service-outside-mesh', 'nope', '*', '__proto__', ''), fc.string({ maxLength: 6 })), { maxLength: 3 }),
      fc.oneof(fc.constant(''), fc.constant(' -- reason'), fc.constant(' --'), fc.string({ maxLength: 10 })),
    ).map(([head, ids, reason]) => `${head} ${ids.join(', ')}${reason}`);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(lines.length), comment), { minLength: 1, maxLength: 4 }), async (inserts) => {
        const out = [...lines];
        for (const [at, c] of inserts) {
          const indent = /^\s*/.exec(out[Math.min(at, out.length - 1)] ?? '')![0];
          out.splice(at, 0, indent + c);
        }
        const text = out.join('\n');
        writeFileSync(file, text);
        const r = await meshgateInProcess(['lint', file, '--format', 'json'], { cwd: work.dir });
        expectCleanOutcome(r, `lint on:\n${text}`);
      }),
      { seed: SEED, numRuns: 60 },
    );
  });

  it('--set: random field=value overrides are applied or refused with a message', async () => {
    const answers = join(fixturesRoot, 'scenarios/05-public-api-product.yaml');
    const field = fc.oneof(fc.constantFrom('traffic', 'services', 'consumers', 'edgeNeeds', 'compliance', 'team', 'clusters', '__proto__', 'constructor', 'apiVersion', ''), fc.string({ maxLength: 6 }));
    const value = fc.oneof(fc.constantFrom(...TRICKY_SCALARS, 'both', '3', 'true', 'tls,auth', '[tls]', ''), fc.string({ maxLength: 8 }));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(field, fc.constantFrom('=', ':', ''), value), { minLength: 1, maxLength: 3 }), async (sets) => {
        const args = ['recommend', answers, '--format', 'json', ...sets.flatMap(([f, eq, v]) => ['--set', `${f}${eq}${v}`])];
        const r = await meshgateInProcess(args, { cwd: work.dir });
        expectCleanOutcome(r, args.join(' '));
        if (r.status === 0) expect(() => JSON.parse(r.stdout)).not.toThrow();
      }),
      { seed: SEED, numRuns: 80 },
    );
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('several inputs at once (lint per file, import and recommend merging compose files) on mutated files', async () => {
    const seeds = seedTexts().filter((s) => /compose|docker/.test(basename(s.file)));
    expect(seeds.length).toBeGreaterThan(3);
    const a = join(work.dir, 'a.yaml');
    const b = join(work.dir, 'b.yaml');
    await fc.assert(
      fc.asyncProperty(mutatedYaml(seeds), fc.constantFrom(...seeds), async (m, other) => {
        writeFileSync(a, other.text);
        writeFileSync(b, m.text);
        for (const args of [['lint', a, b], ['import', a, b], ['recommend', a, b]]) {
          const r = await meshgateInProcess(args, { cwd: work.dir });
          expectCleanOutcome(r, `${args[0]} ${basename(other.file)} + mutated ${basename(m.from)}:\n${m.text}`);
        }
      }),
      { seed: SEED, numRuns: 30 },
    );
  });
});

describe('secondary readers on hostile files', () => {
  it('a --rules directory with a dangling symlink, a symlink to /dev/zero or an alias bomb: exit 2 naming each file', async () => {
    const dir = join(work.dir, 'hostile-rules');
    mkdirSync(dir);
    symlinkSync(join(work.dir, 'nowhere.yaml'), join(dir, 'dangling.yaml'));
    symlinkSync('/dev/zero', join(dir, 'endless.yaml'));
    writeFileSync(join(dir, 'bomb.yaml'), ['a0: &a0 [x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 9 }, (_, i) => `a${i + 1}: &a${i + 1} [${Array(9).fill(`*a${i}`).join(', ')}]`)].join('\n') + '\n');
    const r = await meshgateInProcess(['lint', shop, '--rules', dir], { cwd: work.dir });
    expectCleanOutcome(r, 'lint --rules hostile-rules');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${join(dir, 'dangling.yaml')}: no such file`);
    expect(r.stderr).toContain(`${join(dir, 'endless.yaml')} is over the 20971520-byte limit`);
    expect(r.stderr).toContain(`${join(dir, 'bomb.yaml')}:1:1: document 1 expands to more than`);
  });

  it('--config naming an endless device: exit 2 at the limit, not an out-of-memory abort', () => {
    const r = meshgate(['lint', shop, '--config', '/dev/zero'], { timeout: 30_000 });
    expectCleanOutcome(r, 'lint --config /dev/zero');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('/dev/zero is over the 20971520-byte limit');
  });
});

describe('secondary readers through the built binary', () => {
  it('a broken --config, a broken custom rule and a broken --answers each exit 2 with file:line:col', () => {
    const cfg = join(work.dir, 'bad-config.yaml');
    writeFileSync(cfg, 'rules:\n  self-call: loud\nextra: 1\n');
    const rulesDir = join(work.dir, 'bad-rules');
    mkdirSync(rulesDir, { recursive: true });
    writeFileSync(join(rulesDir, 'my-rule.yaml'), 'id: my-rule\nseverity: sometimes\n');
    const answers = join(work.dir, 'bad-answers.yaml');
    writeFileSync(answers, 'apiVersion: meshgate/v1\nkind: Answers\nteam: huge\n');
    for (const [args, file] of [
      [['lint', shop, '--config', cfg], cfg],
      [['lint', shop, '--rules', rulesDir], join(rulesDir, 'my-rule.yaml')],
      [['recommend', shop, '--answers', answers], answers],
    ] as const) {
      const r = meshgate([...args]);
      expectCleanOutcome(r, args.join(' '));
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+`));
    }
  });
});
