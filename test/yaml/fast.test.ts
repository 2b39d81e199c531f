// The fast path for plain YAML must agree with js-yaml wherever it answers: same values, same
// position for every node and key. Where it is unsure it must give up, never guess.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { dump, load } from 'js-yaml';
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { tryFastParse } from '../../src/yaml/fast.js';
import { parseYamlDocuments, childPointer } from '../../src/yaml/parse.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Compares the fast path with js-yaml on one text; returns whether the fast path answered. */
function agreeWithJsYaml(text: string): boolean {
  const fast = tryFastParse(text);
  if (!fast) return false;
  let slow;
  try {
    slow = parseYamlDocuments(text, 'x.yaml', { fast: false });
  } catch (e) {
    throw new Error(`fast path accepted a text js-yaml rejects (${(e as Error).message}):\n${text}`);
  }
  expect(slow).toHaveLength(1);
  expect(isDeepStrictEqual(fast.value, slow[0]!.value)).toBe(true);
  const viaFast = parseYamlDocuments(text, 'x.yaml')[0]!;
  const walk = (v: unknown, p: string): void => {
    expect(viaFast.locate(p)).toEqual(slow[0]!.locate(p));
    if (p !== '') expect(viaFast.locateKey(p)).toEqual(slow[0]!.locateKey(p));
    // Pointers that name nothing fall back to the nearest node that exists, on both paths alike.
    for (const absent of [`${p}/absent-key`, `${p}/999`, `${p}/0/absent-key`]) {
      expect(viaFast.locate(absent)).toEqual(slow[0]!.locate(absent));
      expect(viaFast.locateKey(absent)).toEqual(slow[0]!.locateKey(absent));
    }
    if (v !== null && typeof v === 'object') {
      for (const [k, x] of Array.isArray(v) ? v.map((x, i) => [i, x] as const) : Object.entries(v)) walk(x, childPointer(p, k));
    }
  };
  walk(fast.value, '');
  return true;
}

const yamlFilesUnder = (dir: string): string[] => {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const n of readdirSync(dir)) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) out.push(...yamlFilesUnder(p));
    else if (/\.ya?ml$/.test(n)) out.push(p);
  }
  return out;
};

describe('fast YAML path', () => {
  it('agrees with js-yaml on every fixture, rule and corpus file it accepts', () => {
    const corpus = resolve(root, '../shared/corpus');
    if (!existsSync(corpus)) console.warn(`SKIPPED corpus: ${corpus} is absent; comparing on fixtures, rules and templates only`);
    const files = [root + '/test/fixtures', root + '/rules', root + '/templates', corpus].flatMap(yamlFilesUnder);
    let accepted = 0;
    for (const f of files) if (agreeWithJsYaml(readFileSync(f, 'utf8'))) accepted++;
    // It must really be used: most of our own fixtures and rules are plain YAML.
    expect(accepted).toBeGreaterThan(100);
  });

  it('agrees with js-yaml on random documents in block and flow styles', () => {
    const key = fc.oneof(fc.stringMatching(/^[a-z][a-z0-9_.\/-]{0,10}$/), fc.string({ maxLength: 8 }), fc.constantFrom('true', '1', 'null', 'a b', 'x: y', '#h', "it's"));
    const scalar = fc.oneof(
      fc.integer({ min: -99999, max: 99999 }),
      fc.string({ maxLength: 12 }),
      fc.stringMatching(/^[a-z][a-z0-9 :#,.-]{0,12}$/),
      fc.boolean(),
      fc.constant(null),
      fc.double({ noNaN: true }),
      fc.constantFrom('yes', 'no', '0x1F', '1e3', '.5', '~', '- x', 'a: b', "'q'", '"dq"', '[x]', '{y}', 'http://h:80/p', '@x', '`x'),
    );
    const tree = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, scalar, fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(key, tie('node'), { maxKeys: 4 })),
    })).node;
    let accepted = 0;
    fc.assert(
      fc.property(fc.dictionary(key, tree, { minKeys: 1, maxKeys: 5 }), fc.constantFrom(-1, 1, 2), fc.boolean(), (value, flowLevel, quote) => {
        const text = dump(value, { flowLevel, forceQuotes: quote, lineWidth: -1 });
        if (agreeWithJsYaml(text)) accepted++;
      }),
      { numRuns: 600, seed: 42 },
    );
    // Random strings often need quoting styles the fast path leaves to js-yaml; many still pass.
    expect(accepted).toBeGreaterThan(100);
  });

  it('never accepts a mutated text that js-yaml rejects, and agrees where both accept', () => {
    const bases = ['test/fixtures/architecture/shop.yaml', 'rules/lint/self-call.yaml', 'templates/examples/answers.yaml', ...yamlFilesUnder(join(root, 'test/fixtures/compose')).slice(0, 2).map((f) => f.slice(root.length + 1))]
      .map((f) => readFileSync(join(root, f), 'utf8'));
    const maxLen = Math.max(...bases.map((b) => b.length));
    const edits = fc.tuple(fc.nat({ max: maxLen }), fc.nat({ max: 4 }), fc.constantFrom('', ' ', '  ', '\n', ':', '- ', '#', '"', "'", '[', ']', '{', '}', ',', 'x', '  - y\n', 'k: v\n', '0', '&a ', '*a', '!t ', '|', '? '));
    fc.assert(
      fc.property(fc.constantFrom(...bases), fc.array(edits, { minLength: 1, maxLength: 3 }), (base, ops) => {
        let text = base;
        for (const [at, del, ins] of ops) text = text.slice(0, at) + ins + text.slice(at + del);
        agreeWithJsYaml(text);
      }),
      { numRuns: 3000, seed: 7 },
    );
  });

  it('gives up on constructs outside the subset', () => {
    for (const text of ['a: &x 1\nb: *x\n', 'a: !!str 1\n', 'a: |\n  x\n', 'a: b\n  c\n', '---\na: 1\n', 'a: 1\n---\nb: 2\n', 'a: 1\na: 2\n', 'a:\tb\n', 'a: 1.5\n', 'a: [1,\n  2]\n', '<<: {a: 1}\n', '? a\n: b\n']) {
      expect(tryFastParse(text), text).toBeUndefined();
    }
  });

  it('parses the synthetic benchmark architecture', async () => {
    const { syntheticArchitecture } = await import('../bench/synthetic.mjs');
    const text = syntheticArchitecture(300) as string;
    expect(agreeWithJsYaml(text)).toBe(true);
    expect(tryFastParse(text)!.value).toEqual(load(text));
  });
});

describe('line index', () => {
  it('gives the same line:column as counting from the start, for any offset', async () => {
    const { LineIndex } = await import('../../src/yaml/parse.js');
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'bc', '\n', '\n\n', 'x: y\n', ' '), { maxLength: 400 }), fc.nat(), (parts, pick) => {
        const text = parts.join('');
        const offset = text.length === 0 ? 0 : pick % (text.length + 1);
        const before = text.slice(0, offset).split('\n');
        expect(new LineIndex(text, 'f').loc(offset)).toEqual({ file: 'f', line: before.length, column: before[before.length - 1]!.length + 1 });
      }),
      { numRuns: 500, seed: 7 },
    );
  });
});
