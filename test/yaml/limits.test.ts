// The limits every YAML text is held to, the same through every reader, each named in its
// message with the docs page that explains it.
import { describe, it, expect } from 'vitest';
import { parseYamlDocuments, parseYamlDocument, YAML_LIMITS } from '../../src/yaml/parse.js';
import { parseYamlLikeCompose } from '../../src/yaml/compose.js';
import { UserError } from '../../src/errors.js';
import { expectJsYamlVerdict } from './oracle.js';

const readers: [string, (text: string) => unknown][] = [
  ['parseYamlDocuments', (t) => parseYamlDocuments(t, 'l.yaml')],
  ['parseYamlDocument', (t) => parseYamlDocument(t, 'l.yaml')],
  ['parseYamlLikeCompose', (t) => parseYamlLikeCompose(t, 'l.yaml')],
  ['parseYamlLikeCompose with compose tags', (t) => parseYamlLikeCompose(t, 'l.yaml', { composeTags: true })],
];

function errorOf(read: (text: string) => unknown, text: string): UserError {
  try {
    read(text);
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return e as UserError;
  }
  throw new Error('expected a UserError');
}

/** `count` services each merging one anchor of `vars` environment variables. */
function mergingCompose(count: number, vars: number): string {
  const anchor = 'x-env: &env\n' + Array.from({ length: vars }, (_, i) => `  VAR_${i}: value-${i}`).join('\n') + '\n';
  return anchor + 'services:\n' + Array.from({ length: count }, (_, i) => `  s${i}:\n    image: app\n    environment:\n      <<: *env\n      OWN: "${i}"`).join('\n') + '\n';
}

describe('merge keys', () => {
  it('reads 90 services each merging a 120-variable anchor, past js-yaml\'s default of 10,000 merged keys', () => {
    const text = mergingCompose(90, 120);
    const [doc] = parseYamlDocuments(text, 'c.yaml');
    const services = (doc!.value as { services: Record<string, { environment: Record<string, string> }> }).services;
    expect(Object.keys(services)).toHaveLength(90);
    expect(Object.keys(services['s89']!.environment)).toHaveLength(121);
    expect(services['s89']!.environment['VAR_119']).toBe('value-119');
    expectJsYamlVerdict(text);
  });

  it.each([readers[0]!, readers[3]!])('%s: past the limit, one message at the merge that passes it, naming the limit and the docs page', (_, read) => {
    // 1,000 services each merging a 1,000-key anchor: 1,001,000 merged keys.
    const anchor = 'x-env: &env\n' + Array.from({ length: 1000 }, (_, i) => `  K${i}: v`).join('\n') + '\n';
    const text = anchor + 'services:\n' + Array.from({ length: 1000 }, (_, i) => `  s${i}: {<<: *env}`).join('\n') + '\n';
    const e = errorOf(read, text);
    expect(e.message).toBe(`YAML merges more than ${YAML_LIMITS.mergedKeys} keys through \`<<\` merge keys`);
    expect(e.hint).toMatch(/docs\/design\/yaml-reader\.md/);
    expect(e.details[0]!.loc!.line).toBe(1002 + 1000);
  });
});

describe('nesting depth', () => {
  const deep = (n: number) => 'a:\n' + Array.from({ length: n }, (_, i) => ' '.repeat(i + 1) + '- ').join('\n') + 'x\n';

  // `a:` and n sequences: n + 1 levels of collections.
  it.each(readers)('%s: 200 levels read, 201 refused where the 201st starts, naming the limit and the docs page', (_, read) => {
    expect(() => read(deep(199))).not.toThrow();
    const e = errorOf(read, deep(200));
    expect(e.message).toBe(`YAML nested more than ${YAML_LIMITS.depth} levels deep`);
    expect(e.hint).toMatch(/at most 200 levels .*docs\/design\/yaml-reader\.md/);
    expect(e.details[0]!.loc).toEqual({ file: 'l.yaml', line: 201, column: 201 });
  });

  it('counts levels of collections the same in every style (flow, block mappings, block sequences)', () => {
    const shapes = {
      flow: (n: number) => '['.repeat(n) + 'x' + ']'.repeat(n) + '\n',
      maps: (n: number) => Array.from({ length: n }, (_, i) => `${' '.repeat(i)}k:`).join('\n') + ' x\n',
      seqs: (n: number) => Array.from({ length: n }, (_, i) => `${' '.repeat(i)}- `).join('\n') + 'x\n',
    };
    for (const make of Object.values(shapes)) {
      expect(() => parseYamlDocuments(make(200), 'l.yaml')).not.toThrow();
      expect(errorOf((t) => parseYamlDocuments(t, 'l.yaml'), make(201)).message).toBe('YAML nested more than 200 levels deep');
      // Far past the limit (where js-yaml's own recursion bound stops first) the message is the same.
      expect(errorOf((t) => parseYamlDocuments(t, 'l.yaml'), make(5000)).message).toBe('YAML nested more than 200 levels deep');
    }
  });
});

describe('alias expansion', () => {
  it.each(readers)('%s: a billion-laughs document is refused before it is expanded', (_, read) => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    const names = 'abcdefghij';
    for (let i = 1; i < names.length; i++) lines.push(`${names[i]}: &${names[i]} [${Array(10).fill(`*${names[i - 1]}`).join(',')}]`);
    const e = errorOf(read, lines.join('\n') + '\n');
    expect(e.message).toBe(`document 1 expands to more than ${YAML_LIMITS.expandedNodes} nodes through aliases`);
    expect(e.hint).toMatch(/billion laughs.*docs\/design\/yaml-reader\.md/);
  });
});
