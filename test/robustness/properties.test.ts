/**
 * Property tests, in-process: random and mutated YAML, random answers and random architectures
 * through every reader and (via the same `run` the binary uses) every command. The only
 * acceptable failure is a UserError: a message, a position when there is one, exit 2.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dump } from 'js-yaml';
import { mkdirSync, readdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseYamlDocuments } from '../../src/yaml/parse.js';
import { UserError } from '../../src/errors.js';
import { parseAnswers } from '../../src/shell/load-answers.js';
import { loadInput } from '../../src/app/input.js';
import { loadScoringRules } from '../../src/shell/load-scoring-rules.js';
import { decide } from '../../src/core/engine.js';
import { memoryIo } from '../../src/io.js';
import { OUTCOMES, type Locator } from '../../src/core/types.js';
import { normaliseArchitecture, type RawArchitecture } from '../../src/core/architecture.js';
import { deriveAnswers } from '../../src/core/derive-answers.js';
import { lintArchitecture } from '../../src/core/lint/runner.js';
import { loadLintRules } from '../../src/shell/load-lint-rules.js';
import { validateArchitectureSchema } from '../../src/shell/architecture-document.js';
import { topologyFromArchitecture } from '../../src/core/diagram/topology.js';
import { toMermaid } from '../../src/core/diagram/mermaid.js';
import { toDot } from '../../src/core/diagram/dot.js';
import {
  SEED, expectCleanOutcome, invalidAnswers, invalidArchitecture, meshgateInProcess, mutatedYaml, seedTexts, tempDir,
  validAnswers, validArchitecture, yamlishText,
  anyInputText,
} from './helpers.js';

const seeds = seedTexts();
const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort();

/** Runs `fn` and returns the UserError it throws, undefined when it succeeds; anything else fails the test. */
function onlyUserError(fn: () => unknown, what: string): UserError | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    if (err instanceof UserError) return err;
    throw new Error(`${what}: threw ${(err as Error)?.name}: ${(err as Error)?.message}\n${(err as Error)?.stack}`);
  }
}

async function onlyUserErrorAsync(fn: () => Promise<unknown>, what: string): Promise<UserError | undefined> {
  try {
    await fn();
    return undefined;
  } catch (err) {
    if (err instanceof UserError) return err;
    throw new Error(`${what}: threw ${(err as Error)?.name}: ${(err as Error)?.message}\n${(err as Error)?.stack}`);
  }
}

/** Every position a UserError gives lies inside the text it is about. */
function expectPositionsInside(err: UserError, text: string, file: string): void {
  const lineCount = text.split('\n').length;
  for (const d of err.details) {
    if (!d.loc || d.loc.file !== file) continue;
    expect(d.loc.line, d.message).toBeGreaterThanOrEqual(1);
    expect(d.loc.line, d.message).toBeLessThanOrEqual(lineCount + 1);
    expect(d.loc.column, d.message).toBeGreaterThanOrEqual(1);
  }
  expect(err.message.length).toBeGreaterThan(0);
}

describe('YAML reader on random and mutated text', () => {
  beforeAll(() => expect(seeds.length, 'fixture YAML to mutate').toBeGreaterThan(10));

  it('random YAML-ish text: values or a positioned UserError, never anything else', () => {
    fc.assert(
      fc.property(yamlishText, (text) => {
        const err = onlyUserError(() => {
          for (const doc of parseYamlDocuments(text, 'r.yaml')) {
            // Looking positions up must never throw either, whatever the pointer.
            for (const p of ['', '/0', '/a', '/services/0/name', '/__proto__', '/x~1y/~0']) {
              expect(doc.locate(p).line).toBeGreaterThanOrEqual(1);
              expect(doc.locateKey(p).column).toBeGreaterThanOrEqual(1);
            }
          }
        }, JSON.stringify(text));
        if (err) {
          expectPositionsInside(err, text, 'r.yaml');
          expect(err.details.length + (err.hint ? 1 : 0), JSON.stringify(text)).toBeGreaterThan(0);
        }
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  it('mutated fixture and corpus files: values or a positioned UserError', () => {
    fc.assert(
      fc.property(mutatedYaml(seeds), ({ text, from }) => {
        const err = onlyUserError(() => parseYamlDocuments(text, 'm.yaml'), `mutation of ${from}:\n${text}`);
        if (err) expectPositionsInside(err, text, 'm.yaml');
      }),
      { seed: SEED, numRuns: 300 },
    );
  });
});

describe('answers reader and engine on random answers', () => {
  const rules = loadScoringRules();

  it('every valid Answers document loads and yields a decision with a known outcome and finite scores', () => {
    fc.assert(
      fc.property(validAnswers, (doc) => {
        const text = dump(doc);
        const loaded = parseAnswers(text, 'a.yaml');
        const d = decide(loaded.answers, rules);
        expect(OUTCOMES).toContain(d.recommendation);
        expect(OUTCOMES).toContain(d.runnerUp);
        for (const o of OUTCOMES) expect(Number.isFinite(d.scores[o])).toBe(true);
        expect(d.margin).toBeGreaterThanOrEqual(0);
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it('an Answers document with one wrong, unknown or missing field fails with a UserError naming that field, with its position', () => {
    fc.assert(
      fc.property(invalidAnswers, ({ doc, field }) => {
        const text = dump(doc);
        const err = onlyUserError(() => parseAnswers(text, 'a.yaml'), text);
        // A "wrong value" can by chance be a valid one (e.g. an integer for services); then loading must succeed.
        if (!err) return;
        expectPositionsInside(err, text, 'a.yaml');
        const all = err.details.map((d) => d.message).join('\n');
        expect(all, text).toContain(field);
        expect(err.details.every((d) => d.loc !== undefined), all).toBe(true);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  it('unknown and missing fields are always rejected (the property above cannot pass by accepting everything)', () => {
    const base = 'apiVersion: meshgate/v1\nkind: Answers\ntraffic: both\nservices: 3\n';
    expect(onlyUserError(() => parseAnswers(base + 'trafic: both\n', 'a.yaml'), 'unknown')?.details[0]?.loc).toEqual({ file: 'a.yaml', line: 5, column: 1 });
    expect(onlyUserError(() => parseAnswers(base.replace('services: 3\n', ''), 'a.yaml'), 'missing')?.message).toMatch(/problem/);
  });
});

describe('input loader on random architectures', () => {
  it('valid architectures load as architectures with every service', async () => {
    await fc.assert(
      fc.asyncProperty(validArchitecture, async (doc) => {
        const { dir, cleanup } = tempDir('arch');
        try {
          const file = join(dir, 'arch.yaml');
          writeFileSync(file, dump(doc));
          const loaded = await loadInput([file], {}, memoryIo());
          expect(loaded.kind).toBe('architecture');
          expect(loaded.architecture?.architecture.services.length).toBe((doc['services'] as unknown[]).length);
        } finally {
          cleanup();
        }
      }),
      { seed: SEED, numRuns: 60 },
    );
  });

  it('invalid architectures (hostile names, wrong types, unknown fields): loaded or a positioned UserError', async () => {
    await fc.assert(
      fc.asyncProperty(invalidArchitecture, async (doc) => {
        const { dir, cleanup } = tempDir('arch');
        try {
          const file = join(dir, 'arch.yaml');
          const text = dump(doc);
          writeFileSync(file, text);
          const err = await onlyUserErrorAsync(() => loadInput([file], {}, memoryIo()), text);
          if (err) expectPositionsInside(err, text, file);
        } finally {
          cleanup();
        }
      }),
      { seed: SEED, numRuns: 80 },
    );
  });
});

describe('pure cores on random architecture objects (no YAML in between)', () => {
  const rules = loadScoringRules();
  const locate: Locator = () => ({ file: 'model', line: 1, column: 1 });
  // Hostile names included: the cores must treat them as data; only the shell decides to refuse them.
  const schemaValid = invalidArchitecture.filter((d) => validateArchitectureSchema(d).ok);

  it('normalise, derive answers, decide, lint and draw never throw, and findings point into the model', async () => {
    const lintRules = await loadLintRules();
    fc.assert(
      // Only what the schema accepts reaches the cores in meshgate, hostile names included.
      fc.property(fc.oneof(validArchitecture, schemaValid), (raw) => {
        const arch = normaliseArchitecture(raw as unknown as RawArchitecture, 'random');
        const derived = deriveAnswers(arch, { locate, format: 'meshgate' });
        const decision = decide(derived.answers, rules);
        expect(OUTCOMES).toContain(decision.recommendation);
        const findings = lintArchitecture({ architecture: arch, locate }, lintRules, { answers: derived.answers });
        for (const f of findings) {
          expect(f.message.length).toBeGreaterThan(0);
          expect(lintRules.some((r) => r.id === f.ruleId), f.ruleId).toBe(true);
        }
        const graph = topologyFromArchitecture(arch, decision);
        expect(typeof toMermaid(graph)).toBe('string');
        expect(typeof toDot(graph)).toBe('string');
      }),
      { seed: SEED, numRuns: 120 },
    );
  });
});

/** Commands that read one INPUT file, with the arguments that keep them off the disk. */
const COMMANDS: { name: string; args: (file: string) => string[] }[] = [
  ...['text', 'json', 'markdown'].map((format) => ({ name: `recommend --format ${format}`, args: (f: string) => ['recommend', f, '--format', format] })),
  ...['stylish', 'json', 'sarif', 'junit', 'github'].map((format) => ({ name: `lint --format ${format}`, args: (f: string) => ['lint', f, '--format', format] })),
  { name: 'import', args: (f) => ['import', f] },
  { name: 'generate', args: (f) => ['generate', f, '--out', '-'] },
  ...['markdown', 'html'].map((format) => ({ name: `report --format ${format}`, args: (f: string) => ['report', f, '--format', format] })),
  ...['mermaid', 'dot', 'svg'].map((format) => ({ name: `diagram --format ${format}`, args: (f: string) => ['diagram', f, '--format', format] })),
];

describe.each(COMMANDS)('meshgate $name in-process on mutated, random and hostile input', ({ name, args }) => {
  const inputs = anyInputText(seeds);

  it('exits 0, 1 or 2, with a message on 2 and never an internal error', async () => {
    const { dir, cleanup } = tempDir(name);
    try {
      const file = join(dir, 'input.yaml');
      await fc.assert(
        fc.asyncProperty(inputs, async (text) => {
          writeFileSync(file, text);
          const r = await meshgateInProcess(args(file), { cwd: dir });
          expectCleanOutcome(r, `meshgate ${args('input.yaml').join(' ')} on:\n${text}`);
        }),
        { seed: SEED, numRuns: 40 },
      );
    } finally {
      cleanup();
    }
  });
});

describe('-o output files on random input (in-process)', () => {
  const inputs = fc.oneof(mutatedYaml(seeds).map((m) => m.text), validArchitecture.map((d) => dump(d)), invalidArchitecture.map((d) => dump(d)));
  const WRITERS: [string, string[]][] = [
    ['lint', ['--format', 'sarif']],
    ['import', []],
    ['report', ['--format', 'html']],
    ['diagram', ['--format', 'dot']],
  ];

  it.each(WRITERS)('meshgate %s -o: on exit 2 the output directory holds nothing new (lint: its report of the fatal entries); otherwise exactly the one file', async (name, extra) => {
    const { dir, cleanup } = tempDir(`o-${name}`);
    try {
      const file = join(dir, 'input.yaml');
      const outDir = join(dir, 'out');
      mkdirSync(outDir);
      await fc.assert(
        fc.asyncProperty(inputs, async (text) => {
          writeFileSync(file, text);
          rmSync(outDir, { recursive: true, force: true });
          mkdirSync(outDir);
          const r = await meshgateInProcess([name, file, ...extra, '-o', join(outDir, 'result')], { cwd: dir });
          expectCleanOutcome(r, `${name} -o on:\n${text}`);
          // lint reports a file it cannot read as a fatal entry in its report (issue 16), so the report
          // is written on that exit 2 too; the other writers have nothing to write then.
          const reported = name === 'lint' && /could not be linted \(exit 2\)/.test(r.stderr);
          expect(readdirSync(outDir), `${name} exit ${r.status}: ${r.stderr}`).toEqual(r.status === 2 && !reported ? [] : ['result']);
          if (reported) expect(JSON.parse(readFileSync(join(outDir, 'result'), 'utf8')).runs[0].invocations[0]).toMatchObject({ executionSuccessful: false, exitCode: 2 });
        }),
        { seed: SEED, numRuns: 25 },
      );
    } finally {
      cleanup();
    }
  });
});

afterAll(() => {
  // Nothing above may have planted a property on every object.
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeBefore);
  expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
});
