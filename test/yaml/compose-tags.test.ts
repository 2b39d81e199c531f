// docker compose's `!reset` and `!override` tags (parse option `composeTags`): a tagged node is
// built and located exactly as the same node without its tag, and `tags` names every tagged node
// by its JSON pointer. The oracle for "as if the tag were absent" is the same text with each tag
// replaced by as many spaces, which leaves every other offset where it was.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { parseYamlDocuments, childPointer, type YamlDocument } from '../../src/yaml/parse.js';
import { UserError } from '../../src/errors.js';

type Tree = null | boolean | number | string | Tree[] | { [k: string]: Tree };
type Tag = '!reset' | '!override' | undefined;

/** Writes `value` as YAML with `tagOf(pointer)` in front of nodes; `blank` writes spaces instead. */
function emit(value: Tree, tagOf: (pointer: string) => Tag, flow: boolean, blank: boolean): string {
  const tagText = (p: string): string => {
    const t = tagOf(p);
    if (!t) return '';
    return blank ? ' '.repeat(t.length + 1) : `${t} `;
  };
  // null is written as nothing in block style (an empty node, tagged or not) and as `null` in flow.
  const scalar = (v: Tree): string => (typeof v === 'string' ? JSON.stringify(v) : v === null && !flow ? '' : String(v));
  const inline = (v: Tree, p: string): string => {
    if (Array.isArray(v)) return `${tagText(p)}[${v.map((x, i) => inline(x, childPointer(p, i))).join(', ')}]`;
    if (v !== null && typeof v === 'object') return `${tagText(p)}{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${inline(x, childPointer(p, k))}`).join(', ')}}`;
    return `${tagText(p)}${scalar(v)}`;
  };
  if (flow) return `${inline(value, '')}\n`;
  const isBlock = (v: Tree): boolean => v !== null && typeof v === 'object' && Object.keys(v).length > 0;
  const lines: string[] = [];
  const block = (v: Tree, indent: number, p: string): void => {
    const sp = ' '.repeat(indent);
    const entries: [string | number, Tree][] = Array.isArray(v) ? v.map((x, i) => [i, x]) : Object.entries(v as object);
    for (const [k, x] of entries) {
      const cp = childPointer(p, k);
      const lead = typeof k === 'number' ? `${sp}-` : `${sp}${JSON.stringify(k)}:`;
      if (isBlock(x)) {
        lines.push(`${lead} ${tagText(cp)}`);
        block(x, indent + 2, cp);
      } else {
        lines.push(`${lead} ${inline(x, cp)}`);
      }
    }
  };
  const rootTag = tagText('');
  lines.push(`---${rootTag ? ` ${rootTag}` : ''}`);
  if (isBlock(value)) block(value, 0, '');
  else lines.push(inline(value, ''));
  return lines.join('\n') + '\n';
}

/** Every pointer in a value, plus a few that name nothing (they fall back to an ancestor). */
function pointersOf(v: Tree, p = ''): string[] {
  const out = [p, `${p}/ABSENT`, `${p}/99`];
  if (v !== null && typeof v === 'object') {
    const entries: [string | number, Tree][] = Array.isArray(v) ? v.map((x, i) => [i, x]) : Object.entries(v);
    for (const [k, x] of entries) out.push(...pointersOf(x, childPointer(p, k)));
  }
  return out;
}

function expectSameAsUntagged(tagged: YamlDocument, untagged: YamlDocument, value: Tree): void {
  expect(tagged.value).toEqual(untagged.value);
  for (const p of pointersOf(value)) {
    expect(tagged.locate(p), p).toEqual(untagged.locate(p));
    expect(tagged.locateKey(p), p).toEqual(untagged.locateKey(p));
  }
}

describe('compose tags: !reset and !override', () => {
  const compose = [
    'services:',
    '  web:',
    '    image: nginx',
    '    ports: !reset []',
    '    environment: !override',
    '      LOG: debug',
    '    command: !reset',
    '    volumes:',
    '      - !override ./a:/a',
    '      - {source: x, target: !reset /y}',
    '',
  ].join('\n');

  it('builds the values as if the tags were absent and names each tagged node by its pointer', () => {
    const [doc] = parseYamlDocuments(compose, 'compose.yaml', { composeTags: true });
    expect(doc!.value).toEqual({
      services: { web: { image: 'nginx', ports: [], environment: { LOG: 'debug' }, command: null, volumes: ['./a:/a', { source: 'x', target: '/y' }] } },
    });
    expect([...doc!.tags]).toEqual([
      ['/services/web/ports', '!reset'],
      ['/services/web/environment', '!override'],
      ['/services/web/command', '!reset'],
      ['/services/web/volumes/0', '!override'],
      ['/services/web/volumes/1/target', '!reset'],
    ]);
  });

  it('locates a tagged node where its value starts, like the same node without the tag', () => {
    const [doc] = parseYamlDocuments(compose, 'compose.yaml', { composeTags: true });
    expect(doc!.locate('/services/web/ports')).toEqual({ file: 'compose.yaml', line: 4, column: 19 });
    expect(doc!.locate('/services/web/volumes/0')).toEqual({ file: 'compose.yaml', line: 9, column: 19 });
    // `!reset` with nothing after it is an empty node: it has no text, so its key stands for it.
    expect(doc!.locate('/services/web/command')).toEqual({ file: 'compose.yaml', line: 7, column: 5 });
  });

  it('without the option the tags stay unknown tags: exit-2 errors with file:line:col', () => {
    try {
      parseYamlDocuments(compose, 'compose.yaml');
      throw new Error('expected an error');
    } catch (e) {
      expect(e).toBeInstanceOf(UserError);
      expect((e as UserError).message).toMatch(/unknown sequence tag !<!reset>/);
      expect((e as UserError).details[0]!.loc).toEqual({ file: 'compose.yaml', line: 4, column: 12 });
    }
  });

  it('leaves every other tag as it was: standard tags apply, unknown ones are errors', () => {
    const [doc] = parseYamlDocuments('a: !!str 5\nb: !reset 5\n', 'x.yaml', { composeTags: true });
    expect(doc!.value).toEqual({ a: '5', b: 5 });
    expect(() => parseYamlDocuments('a: !custom 5\n', 'x.yaml', { composeTags: true })).toThrow(/unknown scalar tag/);
    expect(parseYamlDocuments('a: 1\n', 'x.yaml', { composeTags: true })[0]!.tags.size).toBe(0);
  });

  it('names keys as the built object does (0x10 is 16), per document, with pointer escaping', () => {
    const docs = parseYamlDocuments('0x10: !reset [1]\n---\n"a/b~c": {d: !override 2}\n', 'x.yaml', { composeTags: true });
    expect(docs[0]!.value).toEqual({ 16: [1] });
    expect([...docs[0]!.tags]).toEqual([['/16', '!reset']]);
    expect([...docs[1]!.tags]).toEqual([['/a~1b~0c/d', '!override']]);
    expect(docs[0]!.locate('/16')).toEqual({ file: 'x.yaml', line: 1, column: 14 });
  });

  it('takes a tag off a mapping key without reporting it, and keeps anchors working', () => {
    const [doc] = parseYamlDocuments('!reset a: 1\nb: &x !override {c: 1}\nd: *x\n', 'x.yaml', { composeTags: true });
    expect(doc!.value).toEqual({ a: 1, b: { c: 1 }, d: { c: 1 } });
    expect([...doc!.tags]).toEqual([['/b', '!override']]);
  });

  it('on random documents in block and flow style: same values and positions as the untagged text', () => {
    const key = fc.oneof(fc.stringMatching(/^[a-z][a-z0-9_.-]{0,6}$/), fc.constantFrom('a/b', '~x', '12', 'true'));
    const scalar = fc.oneof(fc.integer({ min: -999, max: 999 }), fc.stringMatching(/^[a-z0-9 :#-]{0,8}$/), fc.boolean(), fc.constant(null));
    const tree = fc.letrec<{ node: Tree }>((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, scalar, fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(key, tie('node'), { maxKeys: 3 })),
    })).node;
    fc.assert(
      fc.property(fc.dictionary(key, tree, { minKeys: 1, maxKeys: 4 }), fc.boolean(), fc.nat(), (value, flow, seed) => {
        // Tag about a third of the nodes, chosen by a hash of the pointer and the seed.
        const tagOf = (p: string): Tag => {
          let h = seed;
          for (const ch of p) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
          return h % 3 === 0 ? '!reset' : h % 3 === 1 ? '!override' : undefined;
        };
        const tagged = emit(value, tagOf, flow, false);
        const blank = emit(value, tagOf, flow, true);
        const [withTags] = parseYamlDocuments(tagged, 'c.yaml', { composeTags: true });
        const [without] = parseYamlDocuments(blank, 'c.yaml');
        expectSameAsUntagged(withTags!, without!, value);
        const expected = pointersOf(value).filter((p, i, all) => all.indexOf(p) === i && tagOf(p) !== undefined && !/\/(ABSENT|99)$/.test(p));
        expect([...withTags!.tags.keys()].sort(), tagged).toEqual(expected.sort());
        for (const p of expected) expect(withTags!.tags.get(p)).toBe(tagOf(p));
      }),
      { numRuns: 300, seed: 15 },
    );
  });
});
