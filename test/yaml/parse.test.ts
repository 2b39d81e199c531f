import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { dump } from 'js-yaml';
import { parseYamlDocuments, parseYamlDocument, childPointer } from '../../src/yaml/parse.js';
import { UserError } from '../../src/errors.js';

const text = [
  'apiVersion: meshgate/v1', // 1
  'services:', // 2
  '  - name: cart', // 3
  '    port: 8080', // 4
  '    calls:', // 5
  '      - "catalog"', // 6
  '      - to: checkout', // 7
  '        protocol: grpc', // 8
  'empty:', // 9
  '"quoted/key": x', // 10
].join('\n');

describe('parseYamlDocuments positions', () => {
  const doc = parseYamlDocument(text, 'a.yaml');

  it('locates scalars, mappings and sequence items by JSON pointer (1-based)', () => {
    expect(doc.locate('/apiVersion')).toEqual({ file: 'a.yaml', line: 1, column: 13 });
    expect(doc.locate('/services/0/name')).toEqual({ file: 'a.yaml', line: 3, column: 11 });
    expect(doc.locate('/services/0/port')).toEqual({ file: 'a.yaml', line: 4, column: 11 });
    expect(doc.locate('/services/0/calls/1/protocol')).toEqual({ file: 'a.yaml', line: 8, column: 19 });
    expect(doc.locate('/services/0/calls/1')).toEqual({ file: 'a.yaml', line: 7, column: 9 });
  });

  it('points at the opening quote of a quoted scalar', () => {
    expect(doc.locate('/services/0/calls/0')).toEqual({ file: 'a.yaml', line: 6, column: 9 });
  });

  it('locates keys, including keys that need pointer escaping', () => {
    expect(doc.locateKey('/services/0/port')).toEqual({ file: 'a.yaml', line: 4, column: 5 });
    expect(doc.locateKey(childPointer('', 'quoted/key'))).toEqual({ file: 'a.yaml', line: 10, column: 1 });
  });

  it('falls back to the nearest ancestor for pointers that do not exist', () => {
    expect(doc.locate('/services/0/calls/1/missing')).toEqual(doc.locate('/services/0/calls/1'));
    expect(doc.locate('/nothing/here')).toEqual({ file: 'a.yaml', line: 1, column: 1 });
  });

  it('gives a key position for a key with an empty value', () => {
    expect(doc.locate('/empty').line).toBe(9);
  });

  it('keeps documents of a multi-document stream apart', () => {
    const docs = parseYamlDocuments('a: 1\n---\nb:\n  c: 2\n', 'm.yaml');
    expect(docs.map((d) => d.value)).toEqual([{ a: 1 }, { b: { c: 2 } }]);
    expect(docs[1]!.locate('/b/c')).toEqual({ file: 'm.yaml', line: 4, column: 6 });
    expect(docs[0]!.locate('/a')).toEqual({ file: 'm.yaml', line: 1, column: 4 });
  });

  it('every pointer of a dumped random document resolves to its own scalar text', () => {
    const key = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/);
    const scalar = fc.oneof(fc.integer({ min: 0, max: 99999 }), fc.stringMatching(/^[a-z][a-z0-9]{0,8}$/), fc.boolean());
    const tree = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, scalar, fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(key, tie('node'), { maxKeys: 4 })),
    })).node;
    fc.assert(
      fc.property(fc.dictionary(key, tree, { minKeys: 1, maxKeys: 5 }), (value) => {
        const src = dump(value);
        const d = parseYamlDocument(src, 'p.yaml');
        const lines = src.split('\n');
        const walk = (v: unknown, p: string): void => {
          if (v !== null && typeof v === 'object') {
            const entries = Array.isArray(v) ? v.map((x, i) => [i, x] as const) : Object.entries(v);
            for (const [k, x] of entries) walk(x, childPointer(p, k));
            return;
          }
          const loc = d.locate(p);
          const at = lines[loc.line - 1]!.slice(loc.column - 1);
          const plain = at.replace(/^['"]/, '');
          expect(plain.startsWith(String(v))).toBe(true);
        };
        walk(value, '');
      }),
      { numRuns: 150 },
    );
  });
});

describe('parseYamlDocuments errors', () => {
  const fail = (src: string): UserError => {
    try {
      parseYamlDocuments(src, 'bad.yaml');
    } catch (e) {
      expect(e).toBeInstanceOf(UserError);
      return e as UserError;
    }
    throw new Error('expected a UserError');
  };

  it('reports syntax errors with 1-based line and column', () => {
    const e = fail('a: 1\nb: [1, 2\nc: 3\n');
    expect(e.details[0]!.loc).toMatchObject({ file: 'bad.yaml' });
    expect(e.details[0]!.loc!.line).toBeGreaterThanOrEqual(2);
    expect(e.message).toMatch(/invalid YAML/);
  });

  it('reports duplicated keys at the duplicate', () => {
    const e = fail('a: 1\na: 2\n');
    expect(e.details[0]!.loc).toEqual({ file: 'bad.yaml', line: 2, column: 1 });
    expect(e.message).toMatch(/duplicated mapping key/);
  });

  it('rejects empty and comment-only input', () => {
    expect(fail('').message).toMatch(/is empty/);
    expect(fail('# nothing here\n').message).toMatch(/is empty/);
  });

  it('rejects alias bombs without expanding them', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    const names = 'abcdefghij';
    for (let i = 1; i < names.length; i++) {
      const prev = names[i - 1];
      lines.push(`${names[i]}: &${names[i]} [${Array(10).fill(`*${prev}`).join(',')}]`);
    }
    const e = fail(lines.join('\n') + '\n');
    expect(e.message).toMatch(/aliases/);
    expect(e.hint).toMatch(/billion laughs/);
  });

  it('rejects very deep nesting with a clear message instead of overflowing the stack', () => {
    const e = fail('['.repeat(10_000) + ']'.repeat(10_000));
    expect(e.details[0]!.loc!.line).toBe(1);
  });

  it('keeps __proto__ keys as plain data (no prototype pollution)', () => {
    const [d] = parseYamlDocuments('__proto__: {polluted: true}\nconstructor: {prototype: {x: 1}}\n', 'p.yaml');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.keys(d!.value as object)).toContain('__proto__');
  });

  it('requires exactly one document where one is expected', () => {
    expect(() => parseYamlDocument('a: 1\n---\nb: 2\n', 'two.yaml')).toThrow(/2 YAML documents/);
  });
});

describe('unrendered templates', () => {
  it('points at the `{{` of a Helm template and says to render the chart', () => {
    try {
      parseYamlDocuments('apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Values.name }}\n', 'chart.yaml');
      throw new Error('expected failure');
    } catch (e) {
      expect((e as UserError).details[0]!.loc).toEqual({ file: 'chart.yaml', line: 4, column: 9 });
      expect((e as UserError).hint).toMatch(/helm template/);
    }
  });
});

describe('merge keys and limits', () => {
  it('applies YAML merge keys, as docker-compose files expect', () => {
    const [d] = parseYamlDocuments('x-base: &base\n  image: redis\n  restart: always\nservices:\n  cache:\n    <<: *base\n    restart: "no"\n', 'compose.yaml');
    expect((d!.value as { services: { cache: unknown } }).services.cache).toEqual({ image: 'redis', restart: 'no' });
  });

  it('names the nesting limit in the hint when a document nests too deeply', () => {
    try {
      parseYamlDocuments('a:\n' + Array.from({ length: 300 }, (_, i) => ' '.repeat(i + 1) + `- `).join('\n') + 'x\n', 'deep.yaml');
      throw new Error('expected failure');
    } catch (e) {
      expect((e as UserError).hint).toMatch(/at most 200 levels of nested mappings and sequences \(docs\/design\/yaml-reader\.md/);
    }
  });
});
