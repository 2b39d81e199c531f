// js-yaml decides what is YAML: on every input meshgate's reader gives js-yaml's values, or its
// error at its line and column. The inputs are the ones that once got a different answer (a size-
// dependent chunked parse, a fast path of our own), fixtures, rules, templates, the corpus, and
// random and mutated documents. The yaml-test-suite's documents are in test/robustness.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { dump } from 'js-yaml';
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseYamlDocuments } from '../../src/yaml/parse.js';
import { parseYamlLikeCompose } from '../../src/yaml/compose.js';
import { expectJsYamlVerdict, expectReferencePositions, jsYamlVerdict } from './oracle.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

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

const compose = [
  'services:',
  '  web:',
  '    image: nginx',
  '    ports: ["8080:80"]',
  '  api:',
  '    image: example/api',
  '    environment:',
  '      LOG_LEVEL: info # a comment',
  '',
].join('\n');

describe('the inputs that once got another answer than js-yaml', () => {
  it('a mis-indented trailing block is an error at any size (the chunked parse merged it in)', () => {
    const services = Array.from({ length: 2500 }, (_, i) => `  - name: s${i}\n    port: ${8000 + (i % 1000)}`).join('\n');
    const text = `apiVersion: meshgate/v1\nkind: Architecture\nservices:\n${services}\n mesh:\n  product: linkerd\n`;
    const { error } = expectJsYamlVerdict(text);
    expect(error?.message).toMatch(/invalid YAML/);
  });

  it('control characters js-yaml refuses are refused at their position, in plain and quoted scalars and comments', () => {
    for (const ch of ['\x01', '\x1b', '\x7f', '\x80', '\x84', '\x86', '\x9f', '\ufffe', '\uffff', '\ud800']) {
      for (const at of ['image: ngi@nx\n', 'image: "ngi@nx"\n', 'image: nginx # a@b\n', 'x:\n  - a@\n']) {
        const text = compose + at.replace('@', ch);
        expectJsYamlVerdict(text);
      }
    }
    // What js-yaml allows stays allowed: NEL (U+0085), a tab in a comment or a quoted scalar.
    for (const ok of ['x: "a\x85b"\n', 'x: 1 #\ttab\n', 'x: "a\tb"\n']) expect(jsYamlVerdict(compose + ok).ok).toBe(true);
    for (const ok of ['x: "a\x85b"\n', 'x: 1 #\ttab\n', 'x: "a\tb"\n']) expectJsYamlVerdict(compose + ok);
  });

  it('nesting past 200 levels is refused in block and flow style, compose fix-up included', () => {
    const block = (n: number) => 'services:\n' + Array.from({ length: n }, (_, i) => `${' '.repeat(2 * i + 2)}k${i}:`).join('\n') + ' x\n';
    const flow = (n: number) => 'services: ' + '['.repeat(n) + ']'.repeat(n) + '\n';
    for (const text of [block(198), block(199), block(396), flow(198), flow(199), flow(396)]) {
      expectJsYamlVerdict(text);
      expectJsYamlVerdict(text, (t) => parseYamlLikeCompose(t, 'x.yaml'));
    }
    const { error } = expectJsYamlVerdict(block(396));
    expect(error?.message).toBe('YAML nested more than 200 levels deep');
  });

  it('integers past 2^53, as keys and values, come out as js-yaml builds them, and keys are found by that name', () => {
    const text = 'a:\n  9007199254740993: x\n  n: 9007199254740993\n  0x1F: hex\n  1e3: float\n';
    const { docs } = expectJsYamlVerdict(text);
    const value = docs![0]!.value as { a: Record<string, unknown> };
    expect(Object.keys(value.a)).toContain('9007199254740992');
    expect(docs![0]!.locate('/a/9007199254740992')).toEqual({ file: 'x.yaml', line: 2, column: 21 });
    expect(docs![0]!.locate('/a/31')).toEqual({ file: 'x.yaml', line: 4, column: 9 });
    expect(docs![0]!.locate('/a/1000')).toEqual({ file: 'x.yaml', line: 5, column: 8 });
  });

  it('a byte-order mark changes neither values nor columns', () => {
    const { docs } = expectJsYamlVerdict('\ufeff' + compose);
    expect(docs![0]!.locate('/services')).toEqual(parseYamlDocuments(compose, 'x.yaml')[0]!.locate('/services'));
    expect(docs![0]!.locateKey('/services')).toEqual({ file: 'x.yaml', line: 1, column: 1 });
    expectJsYamlVerdict('\ufeff' + compose + 'bad: [\n');
  });

  it('a tab in a comment changes nothing (it once switched parsers and the verdict)', () => {
    const withTab = compose.replace('# a comment', '#\ta comment');
    expect(parseYamlDocuments(withTab, 'x.yaml')[0]!.value).toEqual(parseYamlDocuments(compose, 'x.yaml')[0]!.value);
    expectJsYamlVerdict(withTab);
  });
});

describe('every file meshgate ships or tests with', () => {
  it('reads fixtures, rules, templates and the corpus as js-yaml does, positions as the events say', () => {
    const corpus = resolve(root, '../shared/corpus');
    if (!existsSync(corpus)) console.warn(`SKIPPED corpus: ${corpus} is absent; comparing on fixtures, rules and templates only`);
    const files = [join(root, 'test/fixtures'), join(root, 'rules'), join(root, 'templates'), corpus].flatMap(yamlFilesUnder);
    expect(files.length).toBeGreaterThan(200);
    let positions = 0;
    for (const f of files) {
      const { docs } = expectJsYamlVerdict(readFileSync(f, 'utf8'));
      if (docs) positions += expectReferencePositions(readFileSync(f, 'utf8'), docs);
    }
    expect(positions).toBeGreaterThan(10_000);
  });
});

describe('random and mutated documents', () => {
  const key = fc.oneof(fc.stringMatching(/^[a-z][a-z0-9_.\/-]{0,10}$/), fc.string({ maxLength: 8 }), fc.constantFrom('true', '1', '0x10', '9007199254740993', 'null', '~', 'a b', 'x: y', '#h', "it's", '<<'));
  const scalar = fc.oneof(
    fc.integer({ min: -99999, max: 99999 }),
    fc.string({ maxLength: 12 }),
    fc.stringMatching(/^[a-z][a-z0-9 :#,.-]{0,12}$/),
    fc.boolean(),
    fc.constant(null),
    fc.double(),
    fc.constantFrom('yes', 'no', '0x1F', '1e3', '.5', '~', '- x', 'a: b', "'q'", '"dq"', '[x]', '{y}', 'http://h:80/p', '@x', '`x', '9007199254740993', '\x1b[0m', '\u0085', '\ufeff'),
  );
  const tree = fc.letrec((tie) => ({
    node: fc.oneof({ depthSize: 'small' }, scalar, fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(key, tie('node'), { maxKeys: 4 })),
  })).node;

  it('dumped in block and flow styles: js-yaml values, and every node where the events put it', () => {
    fc.assert(
      fc.property(fc.dictionary(key, tree, { minKeys: 1, maxKeys: 5 }), fc.constantFrom(-1, 1, 2), fc.boolean(), (value, flowLevel, quote) => {
        const text = dump(value, { flowLevel, forceQuotes: quote, lineWidth: -1 });
        const { docs } = expectJsYamlVerdict(text);
        if (docs) expectReferencePositions(text, docs);
      }),
      { numRuns: 300, seed: 42 },
    );
  });

  it('mutated real files: the same verdict and error position as js-yaml, directly and through the compose fix-up', () => {
    const bases = ['test/fixtures/architecture/shop.yaml', 'rules/lint/self-call.yaml', 'templates/examples/answers.yaml', ...yamlFilesUnder(join(root, 'test/fixtures/compose')).slice(0, 2).map((f) => f.slice(root.length + 1))]
      .map((f) => readFileSync(join(root, f), 'utf8'));
    const maxLen = Math.max(...bases.map((b) => b.length));
    const edits = fc.tuple(
      fc.nat({ max: maxLen }),
      fc.nat({ max: 4 }),
      fc.constantFrom('', ' ', '  ', '\t', '\n', '\r\n', '\r', ':', '- ', '#', '"', "'", '[', ']', '{', '}', ',', 'x', '  - y\n', 'k: v\n', '0', '&a ', '*a', '!t ', '|', '? ', '\x01', '\x7f', '\u0085', '\ufeff', '<<: *a\n', '9007199254740993'),
    );
    fc.assert(
      fc.property(fc.constantFrom(...bases), fc.array(edits, { minLength: 1, maxLength: 3 }), (base, ops) => {
        let text = base;
        for (const [at, del, ins] of ops) text = text.slice(0, at) + ins + text.slice(at + del);
        const { docs } = expectJsYamlVerdict(text);
        if (docs) expectReferencePositions(text, docs);
        // The compose fix-up only ever turns js-yaml's "deficient indentation" into a value.
        const theirs = jsYamlVerdict(text);
        if (theirs.ok || !/deficient indentation/.test(theirs.reason)) expectJsYamlVerdict(text, (t) => parseYamlLikeCompose(t, 'x.yaml'));
      }),
      { numRuns: 800, seed: 7 },
    );
  });
});
