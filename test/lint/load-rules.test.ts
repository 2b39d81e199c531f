// Loading rule directories: every problem in every file at once, each with file:line:col.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadLintRules } from '../../src/shell/load-lint-rules.js';
import { UserError } from '../../src/errors.js';

let dir: string;
const good = (id: string) =>
  `id: ${id}\nseverity: info\ntitle: A custom rule\nmessage: 'service {{service}}'\nrationale: Custom rules follow the same format as built-in ones.\nremediation: Do the thing.\nsources: [https://example.org/x]\ncheck:\n  kind: service-predicate\n  params:\n    where: { kind: queue }\n`;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'meshgate-rules-'));
  mkdirSync(join(dir, 'ok'));
  writeFileSync(join(dir, 'ok', 'queue-seen.yaml'), good('queue-seen'));
  mkdirSync(join(dir, 'bad'));
  writeFileSync(join(dir, 'bad', 'broken.yaml'), 'id: broken\nseverity: [error\n');
  writeFileSync(join(dir, 'bad', 'list.yaml'), '- just\n- a list\n');
  writeFileSync(join(dir, 'bad', 'empty.yaml'), '');
  writeFileSync(join(dir, 'bad', 'fields.yaml'), good('fields').replace('remediation: Do the thing.', 'remediation: Do the thing').replace('https://example.org/x', 'example.org').replace('severity: info', 'severity: fatal'));
  writeFileSync(join(dir, 'bad', 'renamed.yaml'), good('other-name'));
  writeFileSync(join(dir, 'bad', 'notes.txt'), 'not a rule');
  mkdirSync(join(dir, 'none'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function problems(dirs: string[]): Promise<string[]> {
  try {
    await loadLintRules(dirs);
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    return (err as UserError).details.map((d) => (d.loc ? `${d.loc.file.slice(dir.length + 1)}:${d.loc.line}:${d.loc.column}: ${d.message}` : d.message));
  }
  return [];
}

describe('loadLintRules', () => {
  it('adds valid custom rules after the built-in ones, marked as not built in', async () => {
    const rules = await loadLintRules([join(dir, 'ok')]);
    const custom = rules.filter((r) => !r.builtin);
    expect(custom.map((r) => r.id)).toEqual(['queue-seen']);
    expect(rules.filter((r) => r.builtin).length).toBeGreaterThanOrEqual(15);
    expect(rules.at(-1)!.id).toBe('queue-seen');
  });

  it('reports every problem in every file in one error', async () => {
    const p = await problems([join(dir, 'bad')]);
    expect(p).toEqual([
      expect.stringMatching(/^bad\/broken\.yaml:\d+:\d+: invalid YAML/),
      'bad/empty.yaml:1:1: ' + join(dir, 'bad', 'empty.yaml') + ' is empty',
      expect.stringMatching(/^bad\/fields\.yaml:2:11: severity: "fatal" is not allowed; allowed values: error, warning, info$/),
      expect.stringMatching(/^bad\/fields\.yaml:6:14: remediation: must match pattern/),
      expect.stringMatching(/^bad\/fields\.yaml:7:\d+: sources\.0: must match pattern/),
      'bad/list.yaml:1:1: a lint rule must be a mapping with id, severity, title, message, rationale, remediation, sources and check',
      'bad/renamed.yaml:1:5: rule id "other-name" does not match the file name "renamed"; name the file other-name.yaml or change the id',
    ]);
  });

  it('reports the rule\'s own problems and its params\' problems of one file together', async () => {
    const all = join(dir, 'all-at-once');
    mkdirSync(all, { recursive: true });
    const text = good('everything')
      .replace('severity: info', 'severity: loud')
      .replace("message: 'service {{service}}'", "message: 'service {{service}} on {{planet}}'")
      .replace('    where: { kind: queue }\n', '    where: { kind: queue }\n    report: colour\n');
    writeFileSync(join(all, 'everything.yaml'), text);
    writeFileSync(join(all, 'regex.yaml'), good('regex').replace("where: { kind: queue }", "where: { image: { matches: '(' } }").replace('severity: info', 'severity: loud'));
    const p = await problems([all]);
    expect(p).toEqual([
      'all-at-once/everything.yaml:2:11: severity: "loud" is not allowed; allowed values: error, warning, info',
      expect.stringMatching(/^all-at-once\/everything\.yaml:12:13: check\.params of kind service-predicate: report: "colour" is not allowed; allowed values: name, kind/),
      expect.stringMatching(/^all-at-once\/everything\.yaml:4:10: message uses \{\{planet\}\}, which check kind service-predicate does not provide/),
      'all-at-once/regex.yaml:2:11: severity: "loud" is not allowed; allowed values: error, warning, info',
      expect.stringMatching(/^all-at-once\/regex\.yaml:11:\d+: check\.params of kind service-predicate: .*invalid regular expression/),
    ]);
  });

  it('rejects missing and empty rule directories', async () => {
    expect(await problems([join(dir, 'missing')])).toEqual([expect.stringMatching(/missing: no such file/)]);
    expect(await problems([join(dir, 'none')])).toEqual([`${join(dir, 'none')} holds no .yaml rule files`]);
  });

  it('rejects a custom rule whose id clashes with a built-in one, and duplicates across directories', async () => {
    mkdirSync(join(dir, 'clash'), { recursive: true });
    writeFileSync(join(dir, 'clash', 'self-call.yaml'), good('self-call'));
    expect(await problems([join(dir, 'clash')])).toEqual([
      'clash/self-call.yaml:1:5: rule id "self-call" is already defined by the built-in rule (rules/lint/self-call.yaml); custom rules need their own ids',
    ]);
    expect(await problems([join(dir, 'ok'), join(dir, 'ok')])).toEqual([
      expect.stringMatching(/^ok\/queue-seen\.yaml:1:5: rule id "queue-seen" is already defined by .*ok\/queue-seen\.yaml/),
    ]);
  });
});
