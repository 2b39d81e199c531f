// The compose fix-up: flow collections whose lines sit left of where YAML 1.2 allows, which
// docker compose and kubectl (libyaml) read. Oracles: libyaml's own values for real-shaped files
// (fixtures/compose-leniency, expected JSON written by PyYAML's libyaml loader), and js-yaml's
// values for the same documents written with the indentation YAML 1.2 wants.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { readFileSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseYamlDocuments, childPointer } from '../../src/yaml/parse.js';
import { parseYamlLikeCompose, reindentFlowLines } from '../../src/yaml/compose.js';
import { yamlWork } from '../../src/yaml/positions.js';
import { UserError } from '../../src/errors.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures/compose-leniency');

describe('compose fix-up against libyaml', () => {
  const names = readdirSync(fixtures).filter((n) => n.endsWith('.yaml'));

  it('has its fixtures', () => expect(names.length).toBeGreaterThanOrEqual(4));

  it.each(names)('%s: js-yaml refuses it, the fix-up reads what libyaml reads', (name) => {
    const text = readFileSync(join(fixtures, name), 'utf8');
    const expected = JSON.parse(readFileSync(join(fixtures, name.replace(/\.yaml$/, '.expected.json')), 'utf8'));
    expect(() => parseYamlDocuments(text, name)).toThrow(/deficient indentation/);
    expect(parseYamlLikeCompose(text, name).map((d) => d.value)).toEqual(expected);
  });

  it('gives positions as they are in the file, on moved lines too', () => {
    const text = readFileSync(join(fixtures, 'left-of-key.yaml'), 'utf8');
    const [doc] = parseYamlLikeCompose(text, 'f.yaml');
    expect(doc!.locate('/services/api/command/0')).toEqual({ file: 'f.yaml', line: 5, column: 1 });
    expect(doc!.locate('/services/api/command/1')).toEqual({ file: 'f.yaml', line: 6, column: 2 });
    expect(doc!.locate('/services/api/deploy/resources/limits/memory')).toEqual({ file: 'f.yaml', line: 9, column: 9 });
    expect(doc!.locateKey('/services/api/deploy/resources/limits/memory')).toEqual({ file: 'f.yaml', line: 9, column: 1 });
    expect(doc!.locate('/services/worker/0/b')).toEqual({ file: 'f.yaml', line: 16, column: 4 });
    expect(doc!.locate('/services/api/healthcheck/test/3')).toEqual({ file: 'f.yaml', line: 13, column: 3 });
  });

  it('reports a real error after the moved lines at its place in the file', () => {
    const text = 'services:\n  a:\n    command: [\n"x",\n]\n    image: [unclosed\n  b: 1\n';
    try {
      parseYamlLikeCompose(text, 'f.yaml');
      throw new Error('expected an error');
    } catch (e) {
      expect(e).toBeInstanceOf(UserError);
      expect((e as UserError).message).not.toMatch(/deficient indentation/);
      expect((e as UserError).details[0]!.loc!.line).toBeGreaterThanOrEqual(6);
    }
  });

  it('never moves a line of a block scalar', () => {
    // The lexer skips the block scalar's `[x,` and moves only the flow list's line.
    expect(reindentFlowLines('a: |\n  [x,\n  y\nb: [\n1]\n')!.shifts).toEqual(new Map([[4, 3]]));
  });

  it('keeps js-yaml\'s error when its parse of the moved text disagrees with the lexer', () => {
    // `[more` continues a plain scalar, but the lexer takes it for a flow list and moves the
    // lines after it; js-yaml then reads them as more of that scalar. The moved text parses, yet
    // no moved line is in a flow collection, so the fix-up is refused and js-yaml's error stands.
    const text = 'a:\n- text\n  [more\n- y\n- [\n1]\n';
    expect(reindentFlowLines(text)!.shifts.size).toBe(3);
    expect(parseYamlDocuments(reindentFlowLines(text)!.text, 'f.yaml')[0]!.value).toEqual({ a: ['text [more - y - [ 1]'] });
    expect(() => parseYamlLikeCompose(text, 'f.yaml')).toThrow(/deficient indentation/);
    // And when the moved text fails earlier than the first error, the first error stands too.
    const worse = 'a:\n- text\n  [more\n- y\nc: [\n1]\n';
    expect(() => parseYamlLikeCompose(worse, 'f.yaml')).toThrow(/deficient indentation/);
  });
});

describe('compose fix-up: one pass, any number of lines', () => {
  it('reads 2,000 flow lists closed at their key with exactly one more parse', () => {
    const services = Array.from({ length: 2000 }, (_, i) => `  s${i}:\n    command: [\n      "run", "${i}"\n    ]`).join('\n');
    const text = `services:\n${services}\n`;
    const before = yamlWork.parses;
    const [doc] = parseYamlLikeCompose(text, 'c.yaml');
    expect(yamlWork.parses - before).toBe(2);
    const value = doc!.value as { services: Record<string, { command: string[] }> };
    expect(Object.keys(value.services)).toHaveLength(2000);
    expect(value.services['s1999']!.command).toEqual(['run', '1999']);
    expect(doc!.locate('/services/s1999/command/1')).toEqual({ file: 'c.yaml', line: 2 + 4 * 1999 + 2, column: 14 });
  });

  it('random flow documents written left of their keys read as the same documents indented as YAML 1.2 wants', () => {
    type Tree = string | number | Tree[] | { [k: string]: Tree };
    const scalar = fc.oneof(fc.integer({ min: 0, max: 999 }), fc.stringMatching(/^[a-z][a-z0-9-]{0,6}$/), fc.stringMatching(/^[a-z ,:#\[\]{}]{0,8}$/).map((s) => `"${s}"`));
    const tree = fc.letrec<{ node: Tree }>((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, scalar, fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(fc.stringMatching(/^[a-z]{1,5}$/), tie('node'), { maxKeys: 3 })),
    })).node;
    /** Flow text of a value, one entry per line, every line starting at `indent`. */
    const flow = (v: Tree, indent: string): string => {
      if (Array.isArray(v)) return `[\n${v.map((x) => `${indent}${flow(x, indent)}`).join(',\n')}\n${indent}]`;
      if (typeof v === 'object') return `{\n${Object.entries(v).map(([k, x]) => `${indent}${k}: ${flow(x, indent)}`).join(',\n')}\n${indent}}`;
      return String(v);
    };
    fc.assert(
      fc.property(fc.dictionary(fc.stringMatching(/^[a-z]{1,5}$/), fc.oneof(fc.array(tree, { maxLength: 3 }), fc.dictionary(fc.stringMatching(/^[a-z]{1,5}$/), tree, { maxKeys: 3 })), { minKeys: 1, maxKeys: 4 }), fc.constantFrom('', ' ', '  '), (services, lenient) => {
        const write = (indent: string) => `services:\n  web:\n${Object.entries(services).map(([k, v]) => `    ${k}: ${flow(v, indent)}`).join('\n')}\n  other: 1\n`;
        const strict = parseYamlDocuments(write('      '), 's.yaml');
        const [doc] = parseYamlLikeCompose(write(lenient), 'l.yaml');
        expect(doc!.value).toEqual(strict[0]!.value);
        // Every entry written on a line of its own is found on that line, at its own column.
        const lines = write(lenient).split('\n');
        const walk = (v: Tree, p: string): void => {
          if (typeof v !== 'object') return;
          for (const [k, x] of Array.isArray(v) ? v.map((x, i) => [i, x] as const) : Object.entries(v)) {
            const cp = childPointer(p, k);
            const loc = doc!.locate(cp);
            const at = lines[loc.line - 1]!.slice(loc.column - 1);
            if (typeof x !== 'object') expect(at.startsWith(String(x)), `${cp}: ${at}`).toBe(true);
            walk(x, cp);
          }
        };
        walk(services as Tree, '/services/web');
      }),
      { numRuns: 200, seed: 3 },
    );
  });
});
