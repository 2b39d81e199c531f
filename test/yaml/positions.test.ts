// Positions: where nodes are, in bounded work per lookup whatever the length of the line or the
// collection (counted in key reads, child steps and binary-search steps, not timed), and the
// same line:column as counting from the start of the text.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { parseYamlDocuments } from '../../src/yaml/parse.js';
import { LineIndex, LINEAR_MAX, yamlWork } from '../../src/yaml/positions.js';
import { composeFile } from '../bench/shapes.mjs';
import { expectReferencePositions, lineColumn } from './oracle.js';

/** Work done by `f`, by counter. */
function workOf(f: () => void): typeof yamlWork {
  const before = { ...yamlWork };
  f();
  return Object.fromEntries(Object.entries(yamlWork).map(([k, v]) => [k, v - before[k as keyof typeof yamlWork]])) as typeof yamlWork;
}

describe('line index', () => {
  it('gives the line:column of counting from the start, with \\n, \\r\\n and lone \\r line ends', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'bc', '\n', '\r\n', '\r', 'x: y\n', ' '), { maxLength: 300 }), fc.nat(), (parts, pick) => {
        const text = parts.join('');
        const offset = text.length === 0 ? 0 : pick % (text.length + 1);
        expect(new LineIndex(text, 'f').loc(offset)).toEqual({ file: 'f', ...lineColumn(text, offset) });
      }),
      { numRuns: 500, seed: 7 },
    );
  });

  it('costs a binary search, not a scan of the line, on a 200,000-character line', () => {
    const text = 'x'.repeat(200_000) + '\n' + 'y\n'.repeat(1000);
    const index = new LineIndex(text, 'f');
    index.loc(0);
    const work = workOf(() => {
      for (let i = 0; i < 1000; i++) expect(index.loc(199_000 + i).column).toBe(199_001 + i);
    });
    expect(work.lineSteps).toBeLessThanOrEqual(1000 * Math.ceil(Math.log2(1002)));
  });
});

describe('lookups in long collections', () => {
  const n = 3000;
  const shapes = { 'one-line flow mapping': composeFile(n, 'one-line'), 'flow entries': composeFile(n, 'flow'), block: composeFile(n, 'block') } as const;

  it.each(Object.keys(shapes))('%s: every service found with a bounded number of key reads per lookup', (shape) => {
    const text = shapes[shape as keyof typeof shapes];
    const [doc] = parseYamlDocuments(text, 'c.yaml');
    const names = Object.keys((doc!.value as { services: object }).services);
    expect(names).toHaveLength(n);
    const lines = text.split('\n');
    const work = workOf(() => {
      for (const name of names) {
        const loc = doc!.locateKey(`/services/${name}/image`);
        expect(lines[loc.line - 1]!.slice(loc.column - 1).startsWith('image:')).toBe(true);
        doc!.locate(`/services/${name}/environment/LOG_LEVEL`);
      }
    });
    // Indexing `services` reads each key once; every other step reads at most LINEAR_MAX keys.
    const lookups = 2 * n;
    expect(work.keyReads).toBeLessThanOrEqual(n + LINEAR_MAX + lookups * 2 * LINEAR_MAX);
    expect(work.childSteps).toBeLessThanOrEqual(n + lookups * 3 * LINEAR_MAX);
    expect(work.lineSteps).toBeLessThanOrEqual(lookups * (Math.ceil(Math.log2(lines.length)) + 1));
  });

  it('a sequence of 3,000 items: item i in one step once the sequence is indexed', () => {
    const text = 'items:\n' + Array.from({ length: n }, (_, i) => `  - {id: ${i}}`).join('\n') + '\n';
    const [doc] = parseYamlDocuments(text, 's.yaml');
    const work = workOf(() => {
      for (let i = 0; i < n; i++) expect(doc!.locate(`/items/${i}/id`).line).toBe(i + 2);
    });
    expect(work.childSteps).toBeLessThanOrEqual(LINEAR_MAX * LINEAR_MAX + n * 3);
  });
});

describe('lookups in any order', () => {
  it('give what a lookup on a fresh document gives (each lookup resumes below the previous one)', async () => {
    const { kubernetesManifest } = await import('../bench/shapes.mjs');
    const text = composeFile(30, 'block') + '---\n' + kubernetesManifest(7, 30) + '---\nx-base: &b {a/b: {c~d: 1}}\ny: {<<: *b, e: [1, [2, 3]]}\n';
    const fresh = parseYamlDocuments(text, 'o.yaml');
    // Families of pointers that share a prefix, so that consecutive lookups often share one.
    const families = [
      ['', '/services', '/services/svc-07', '/services/svc-07x', '/services/svc-0', '/services/svc-07/environment', '/services/svc-07/environment/LOG_LEVEL', '/services/svc-07/environment/ORDERS_URL', '/services/svc-07/depends_on/1', '/services/svc-07/depends_on/9', '/services/svc-08/image'],
      ['/spec/template/spec/containers/0/env/1/value', '/spec/template/spec/containers/0/env/1', '/spec/template/spec/containers/0/env/10', '/spec/template/spec/containers/0/env', '/spec/template', '/spec/ports/0/port', '/spec/ports/0/portx', '/name', '/nothing/at/all'],
      ['/x-base/a~1b/c~0d', '/x-base/a~1b', '/x-base/a~1bc', '/y/a~1b/c~0d', '/y/e/1/0', '/y/e/1', '/y/e/10', '/y/e/1/1'],
    ];
    const lookup = fc.nat().chain((f) => {
      const family = families[f % families.length]!;
      return fc.tuple(fc.constantFrom(0, 1, 2, 3), fc.array(fc.tuple(fc.constantFrom(...family), fc.boolean()), { minLength: 1, maxLength: 6 }));
    });
    fc.assert(
      fc.property(fc.array(lookup, { minLength: 1, maxLength: 12 }), (runs) => {
        const docs = parseYamlDocuments(text, 'o.yaml');
        for (const [d, run] of runs) {
          for (const [pointer, key] of run) {
            const ours = key ? docs[d]!.locateKey(pointer) : docs[d]!.locate(pointer);
            // A lookup in another document first leaves nothing to resume from.
            fresh[(d + 1) % fresh.length]!.locate('');
            const cold = fresh[d]!;
            expect(ours, `${d} ${pointer} ${key}`).toEqual(key ? cold.locateKey(pointer) : cold.locate(pointer));
          }
        }
      }),
      { numRuns: 200, seed: 11 },
    );
    expect(fresh).toHaveLength(4);
  });
});

describe('what a position is', () => {
  it('every node of the benchmark shapes is where js-yaml\'s events put it', async () => {
    const { kubernetesManifest } = await import('../bench/shapes.mjs');
    for (const text of [composeFile(40, 'block'), composeFile(40, 'flow'), composeFile(40, 'one-line'), kubernetesManifest(7, 40)]) {
      expect(expectReferencePositions(text, parseYamlDocuments(text, "x.yaml"))).toBeGreaterThan(50);
    }
  });

  it('follows aliases and merge keys to the text the value came from', () => {
    const text = [
      'x-base: &base', // 1
      '  image: redis', // 2
      '  restart: always', // 3
      'services:', // 4
      '  cache:', // 5
      '    <<: *base', // 6
      '    restart: "no"', // 7
      '  copy: *base', // 8
      '  both:', // 9
      '    <<: [{ports: [1]}, *base]', // 10
      '',
    ].join('\n');
    const [doc] = parseYamlDocuments(text, 'c.yaml');
    expect(doc!.value).toMatchObject({ services: { cache: { image: 'redis', restart: 'no' }, both: { ports: [1], image: 'redis' } } });
    // A key written in the mapping wins over the merged one; a merged one is found in its anchor.
    expect(doc!.locate('/services/cache/restart')).toEqual({ file: 'c.yaml', line: 7, column: 14 });
    expect(doc!.locate('/services/cache/image')).toEqual({ file: 'c.yaml', line: 2, column: 10 });
    expect(doc!.locateKey('/services/cache/image')).toEqual({ file: 'c.yaml', line: 2, column: 3 });
    // An alias is where it is written; what is under it, where its anchor's text is.
    expect(doc!.locate('/services/copy')).toEqual({ file: 'c.yaml', line: 8, column: 9 });
    expect(doc!.locate('/services/copy/restart')).toEqual({ file: 'c.yaml', line: 3, column: 12 });
    expect(doc!.locate('/services/both/ports/0')).toEqual({ file: 'c.yaml', line: 10, column: 19 });
    expect(doc!.locate('/services/both/image')).toEqual({ file: 'c.yaml', line: 2, column: 10 });
    // A pointer that names nothing falls back to the nearest node that exists.
    expect(doc!.locate('/services/cache/nothing')).toEqual({ file: 'c.yaml', line: 6, column: 5 });
  });

  it('an anchor or tag in front of a node is part of it', () => {
    const [doc] = parseYamlDocuments('a: &x !!str 5\nb: !!str &y 6\nc: *x\n', 'p.yaml');
    expect(doc!.locate('/a')).toEqual({ file: 'p.yaml', line: 1, column: 4 });
    expect(doc!.locate('/b')).toEqual({ file: 'p.yaml', line: 2, column: 4 });
    expect(doc!.locate('/c')).toEqual({ file: 'p.yaml', line: 3, column: 4 });
  });
});
