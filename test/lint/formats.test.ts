// Each lint output format from hand-built findings: structure, escaping, positions.
import { describe, it, expect } from 'vitest';
import type { Log } from 'sarif';
import { LINT_FORMATS, loadLintFormatter, type LintFormatContext, type LintFormatter } from '../../src/format/lint/index.js';

const LINT_FORMATTERS = Object.fromEntries(
  await Promise.all(LINT_FORMATS.map(async (f) => [f, (await loadLintFormatter(f))!] as const)),
) as Record<(typeof LINT_FORMATS)[number], LintFormatter>;
import { escapeData, escapeProperty } from '../../src/format/lint/github.js';
import type { Finding } from '../../src/core/types.js';
import type { LintRule } from '../../src/core/lint/types.js';
import { SUPPRESSION_RULES } from '../../src/core/lint/suppressions.js';

const cwd = '/work/project';
const rule = (id: string, severity: LintRule['severity'] = 'error'): LintRule => ({
  id,
  severity,
  title: `Title of ${id}`,
  message: 'm',
  rationale: `Why ${id} matters & <matters> "a lot".`,
  remediation: 'Fix it.',
  sources: [`https://example.org/${id}`],
  check: { kind: 'service-predicate' },
  builtin: true,
});
const rules = [rule('datastore-published'), rule('self-call', 'warning'), rule('mesh-mtls-permissive', 'info'), ...SUPPRESSION_RULES];
const findings: Finding[] = [
  { ruleId: 'datastore-published', severity: 'error', message: 'datastore "db" <exposed> & published, 100% sure', file: 'deploy/compose.yaml', line: 12, column: 9, pointer: '/services/1/exposure' },
  { ruleId: 'self-call', severity: 'warning', message: 'line one\nline two, with: colon', file: '/work/project/k8s/app.yaml', line: 3, column: 1 },
  { ruleId: 'mesh-mtls-permissive', severity: 'info', message: 'permissive', file: 'deploy/compose.yaml', line: 40, column: 3 },
];
const ctx = (over: Partial<LintFormatContext> = {}): LintFormatContext => ({
  color: false,
  cwd,
  rules,
  severities: {},
  files: ['deploy/compose.yaml', '/work/project/k8s/app.yaml', 'clean.yaml'],
  failOn: 'error',
  exitCode: 1,
  toolVersion: '0.1.0',
  ...over,
});

describe('stylish', () => {
  it('groups by file with aligned positions, severities, messages, rule ids and a summary', () => {
    const out = LINT_FORMATTERS.stylish(findings.filter((f) => f.file === 'deploy/compose.yaml'), ctx());
    expect(out).toBe(
      'deploy/compose.yaml\n' +
        '  12:9  error    datastore "db" <exposed> & published, 100% sure  datastore-published\n' +
        '  40:3  info     permissive                                       mesh-mtls-permissive\n' +
        '\n' +
        '✖ 2 problems (1 error, 0 warnings, 1 info) in 3 files\n' +
        '\n' +
        'How to fix\n' +
        '  datastore-published (1 error)\n' +
        '    fix: Fix it.\n' +
        '    why: meshgate rules show datastore-published (docs/rules/datastore-published.md)\n' +
        '  mesh-mtls-permissive (1 info)\n' +
        '    fix: Fix it.\n' +
        '    why: meshgate rules show mesh-mtls-permissive (docs/rules/mesh-mtls-permissive.md)\n',
    );
  });
  it('has no ANSI codes without colour and some with it', () => {
    expect(LINT_FORMATTERS.stylish(findings, ctx())).not.toMatch(/\x1b\[/);
    expect(LINT_FORMATTERS.stylish(findings, ctx({ color: true }))).toMatch(/\x1b\[31merror/);
  });
  it('says so when clean, and when --max-warnings is exceeded', () => {
    expect(LINT_FORMATTERS.stylish([], ctx())).toBe('✔ no problems (3 files checked)\n');
    expect(LINT_FORMATTERS.stylish([findings[1]!], ctx({ maxWarnings: 0 }))).toMatch(/too many warnings \(maximum: 0\)/);
  });
});

describe('json', () => {
  it('is an array of findings with exactly the six keys', () => {
    const parsed = JSON.parse(LINT_FORMATTERS.json(findings, ctx())) as Record<string, unknown>[];
    expect(parsed).toHaveLength(3);
    for (const row of parsed) expect(Object.keys(row)).toEqual(['ruleId', 'severity', 'message', 'file', 'line', 'column']);
    expect(parsed[1]).toEqual({ ruleId: 'self-call', severity: 'warning', message: 'line one\nline two, with: colon', file: '/work/project/k8s/app.yaml', line: 3, column: 1 });
  });
  it('is [] when clean', () => {
    expect(JSON.parse(LINT_FORMATTERS.json([], ctx()))).toEqual([]);
  });
});

describe('sarif', () => {
  const log = (f: Finding[], c = ctx()) => JSON.parse(LINT_FORMATTERS.sarif(f, c)) as Log;

  it('is SARIF 2.1.0 with every rule in the driver', () => {
    const l = log(findings);
    expect(l.version).toBe('2.1.0');
    expect(l.$schema).toMatch(/sarif-2\.1\.0/);
    expect(l.runs).toHaveLength(1);
    const driver = l.runs[0]!.tool.driver;
    expect(driver.name).toBe('meshgate');
    expect(driver.version).toBe('0.1.0');
    // meshgate has no public home page yet; an invented URL would send users nowhere (the field is optional).
    expect(driver.informationUri).toBeUndefined();
    expect(driver.rules!.map((r) => r.id)).toEqual(rules.map((r) => r.id));
    for (const r of driver.rules!) {
      expect(r.shortDescription?.text).toBeTruthy();
      expect(r.fullDescription?.text).toBeTruthy();
      expect(r.helpUri).toMatch(/^https:\/\//);
      expect(r.help?.text).toBeTruthy();
      expect(['error', 'warning', 'note']).toContain(r.defaultConfiguration?.level);
      // The rule's page, generated by `npm run docs`: named in the help; helpUri while the repository has no address stays the first source.
      const page = r.id.startsWith('meshgate/') ? 'docs/formats/meshgate-yaml.md' : `docs/rules/${r.id}.md`;
      expect(r.help?.text).toContain(`\n\nRule page: ${page}`);
      expect(r.help?.markdown).toContain(`**Rule page:** \`${page}\``);
      expect(r.helpUri).toBe(rules.find((x) => x.id === r.id)!.sources[0]);
    }
    expect(driver.rules!.find((r) => r.id === 'mesh-mtls-permissive')!.defaultConfiguration!.level).toBe('note');
  });

  it('maps levels, uses 1-based regions and cwd-relative URIs with forward slashes, and records the exit code', () => {
    const l = log(findings);
    const results = l.runs[0]!.results!;
    expect(results.map((r) => r.level)).toEqual(['error', 'warning', 'note']);
    expect(results.map((r) => r.locations![0]!.physicalLocation!.artifactLocation!.uri)).toEqual(['deploy/compose.yaml', 'k8s/app.yaml', 'deploy/compose.yaml']);
    expect(results[0]!.locations![0]!.physicalLocation!.region).toEqual({ startLine: 12, startColumn: 9 });
    expect(results[0]!.ruleIndex).toBe(0);
    expect(results[1]!.message.text).toBe('line one\nline two, with: colon');
    expect(l.runs[0]!.invocations![0]!.exitCode).toBe(1);
  });

  it('always has results, even when clean, and marks rules that config turned off', () => {
    const l = log([], ctx({ exitCode: 0, severities: { 'self-call': 'off', 'datastore-published': 'warning' } }));
    expect(l.runs[0]!.results).toEqual([]);
    expect(l.runs[0]!.invocations![0]!.exitCode).toBe(0);
    const byId = Object.fromEntries(l.runs[0]!.tool.driver.rules!.map((r) => [r.id, r.defaultConfiguration]));
    expect(byId['self-call']).toEqual({ level: 'warning', enabled: false });
    expect(byId['datastore-published']).toEqual({ level: 'warning' });
  });
});

/** A small XML well-formedness check: balanced tags, quoted attributes, only known entities. Returns the elements. */
function parseXml(xml: string): { name: string; attrs: Record<string, string>; text: string }[] {
  const decode = (s: string) => {
    expect(s).not.toMatch(/&(?!(amp|lt|gt|quot|apos);)/);
    return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  };
  expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
  const body = xml.slice(xml.indexOf('\n') + 1);
  const elements: { name: string; attrs: Record<string, string>; text: string }[] = [];
  const stack: { name: string; attrs: Record<string, string>; text: string }[] = [];
  const token = /<(\/?)([A-Za-z][\w-]*)((?:\s+[\w-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/gy;
  let m: RegExpExecArray | null;
  let consumed = 0;
  while ((m = token.exec(body)) !== null) {
    consumed = token.lastIndex;
    if (m[5] !== undefined) {
      if (stack.length) stack[stack.length - 1]!.text += decode(m[5]);
      else expect(m[5].trim()).toBe('');
      continue;
    }
    const [, close, name, rawAttrs, selfClose] = m;
    if (close) {
      expect(stack.pop()?.name).toBe(name);
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of rawAttrs!.matchAll(/([\w-]+)="([^"]*)"/g)) attrs[a[1]!] = decode(a[2]!);
    const el = { name: name!, attrs, text: '' };
    elements.push(el);
    if (!selfClose) stack.push(el);
  }
  expect(consumed).toBe(body.length);
  expect(stack).toEqual([]);
  return elements;
}

describe('junit', () => {
  it('is well-formed: a suite per file, a case per rule and file, failures at the threshold', () => {
    const xml = LINT_FORMATTERS.junit(findings, ctx());
    const els = parseXml(xml);
    const suites = els.filter((e) => e.name === 'testsuite');
    expect(suites.map((s) => s.attrs['name'])).toEqual(['deploy/compose.yaml', '/work/project/k8s/app.yaml', 'clean.yaml']);
    expect(els.filter((e) => e.name === 'testcase')).toHaveLength(3 * rules.length);
    const failures = els.filter((e) => e.name === 'failure');
    expect(failures).toHaveLength(1);
    expect(failures[0]!.attrs['message']).toBe('datastore "db" <exposed> & published, 100% sure');
    expect(failures[0]!.text).toBe('deploy/compose.yaml:12:9: error: datastore "db" <exposed> & published, 100% sure');
    const failingCase = els.find((e) => e.name === 'testcase' && e.attrs['name'] === 'datastore-published' && e.attrs['file'] === 'deploy/compose.yaml');
    expect(failingCase!.attrs['line']).toBe('12');
    expect(suites[0]!.attrs['failures']).toBe('1');
    expect(els[0]!.attrs).toMatchObject({ tests: String(3 * rules.length), failures: '1' });
    expect(els.filter((e) => e.name === 'system-out').map((e) => e.text)).toEqual([
      'deploy/compose.yaml:40:3: info: permissive',
      '/work/project/k8s/app.yaml:3:1: warning: line one\nline two, with: colon',
    ]);
  });

  it('counts warnings as failures with --fail-on warning or when --max-warnings is exceeded', () => {
    expect(parseXml(LINT_FORMATTERS.junit(findings, ctx({ failOn: 'warning' }))).filter((e) => e.name === 'failure')).toHaveLength(2);
    expect(parseXml(LINT_FORMATTERS.junit(findings, ctx({ maxWarnings: 0 }))).filter((e) => e.name === 'failure')).toHaveLength(2);
    expect(parseXml(LINT_FORMATTERS.junit(findings, ctx({ maxWarnings: 1 }))).filter((e) => e.name === 'failure')).toHaveLength(1);
  });

  it('drops characters XML cannot hold and leaves off rules turned off', () => {
    const f: Finding = { ...findings[0]!, message: 'bell\u0007 and ]]> end' };
    const els = parseXml(LINT_FORMATTERS.junit([f], ctx({ severities: { 'self-call': 'off' } })));
    expect(els.find((e) => e.name === 'failure')!.attrs['message']).toBe('bell and ]]> end');
    expect(els.filter((e) => e.name === 'testcase' && e.attrs['name'] === 'self-call')).toEqual([]);
  });

  it('is well-formed when clean', () => {
    const els = parseXml(LINT_FORMATTERS.junit([], ctx({ exitCode: 0 })));
    expect(els.filter((e) => e.name === 'failure')).toEqual([]);
  });
});

describe('github', () => {
  it('writes one workflow command per finding with escaped properties and message', () => {
    const out = LINT_FORMATTERS.github(findings, ctx());
    expect(out.split('\n')).toEqual([
      '::error file=deploy/compose.yaml,line=12,col=9,title=datastore-published::datastore "db" <exposed> & published, 100%25 sure (datastore-published)',
      '::warning file=k8s/app.yaml,line=3,col=1,title=self-call::line one%0Aline two, with: colon (self-call)',
      '::notice file=deploy/compose.yaml,line=40,col=3,title=mesh-mtls-permissive::permissive (mesh-mtls-permissive)',
      '',
    ]);
  });
  it('escapes %, CR, LF in data and also : and , in properties', () => {
    expect(escapeData('50% a\r\nb')).toBe('50%25 a%0D%0Ab');
    expect(escapeProperty('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A');
    expect(LINT_FORMATTERS.github([{ ...findings[0]!, file: 'dir,x/a:b.yaml', ruleId: 'meshgate/unused-suppression' }], ctx())).toMatch(
      /^::error file=dir%2Cx\/a%3Ab\.yaml,line=12,col=9,title=meshgate\/unused-suppression::/,
    );
  });
  it('is empty when clean', () => {
    expect(LINT_FORMATTERS.github([], ctx())).toBe('');
  });
});
