// `meshgate lint` end to end: the built CLI in a scratch directory.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repoRoot = resolve(import.meta.dirname, '../..');
const cli = resolve(repoRoot, 'dist/main.js');
const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };
let dir: string;

function lint(args: string[], opts: { cwd?: string; input?: string } = {}) {
  const r = spawnSync(process.execPath, [cli, 'lint', ...args], { cwd: opts.cwd ?? dir, env, encoding: 'utf8', input: opts.input ?? '', timeout: 30_000 });
  if (r.stderr.includes("internal error") || r.stderr.includes("ERR_")) console.warn(`meshgate lint ${args.join(" ")}: ${r.stderr}`);
  return { code: r.status, out: r.stdout, err: r.stderr };
}
function write(name: string, text: string): string {
  const p = join(dir, name);
  mkdirSync(resolve(p, '..'), { recursive: true });
  writeFileSync(p, text);
  return p;
}

const HEAD = 'apiVersion: meshgate/v1\nkind: Architecture\nmetadata: { name: t }\nplatform: kubernetes\n';
const CLEAN = HEAD + 'services:\n  - name: api\n    calls: [db]\n  - name: db\n    kind: datastore\n';
// line 8: `    exposure: public` of the datastore (error); line 9: self call (warning)
const WITH_ERROR = HEAD + 'services:\n  - name: db\n    kind: datastore\n    exposure: public\n  - name: api\n    calls: [api]\n';
const ONLY_WARNING = HEAD + 'services:\n  - name: api\n    calls: [api]\n';

beforeAll(() => {
  if (!existsSync(cli)) throw new Error('dist/main.js is missing: run `npx tsc -p .` first');
  dir = mkdtempSync(join(tmpdir(), 'meshgate-lint-'));
  write('clean.yaml', CLEAN);
  write('error.yaml', WITH_ERROR);
  write('warning.yaml', ONLY_WARNING);
  write('bad.yaml', HEAD + 'services:\n  - name: [oops\n');
  write('empty.yaml', '');
  write('scalar.yaml', 'just a string\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('exit codes are the same for every format', () => {
  for (const format of ['stylish', 'json', 'sarif', 'junit', 'github']) {
    it(format, () => {
      expect(lint(['clean.yaml', '-f', format]).code).toBe(0);
      expect(lint(['error.yaml', '-f', format]).code).toBe(1);
      expect(lint(['warning.yaml', '-f', format]).code).toBe(0);
      expect(lint(['warning.yaml', '-f', format, '--fail-on', 'warning']).code).toBe(1);
      expect(lint(['warning.yaml', '-f', format, '--max-warnings', '0']).code).toBe(1);
      expect(lint(['warning.yaml', '-f', format, '--max-warnings', '1']).code).toBe(0);
      // A file that cannot be parsed is a fatal entry in the report itself (issue 16), and exit 2;
      // a report meant for machines also says it on stderr, as any input error.
      const bad = lint(['bad.yaml', '-f', format]);
      expect(bad.code).toBe(2);
      expect(bad.out).toContain('bad.yaml');
      expect(bad.out).toContain('invalid YAML');
      if (format !== 'stylish') expect(bad.err).toMatch(/^bad\.yaml:\d+:\d+: invalid YAML: .*\nfix: /);
      expect(bad.err).not.toMatch(/\n\s+at /);
    });
  }
});

describe('output', () => {
  it('stylish: file, line:col, severity, message, rule id and summary on stdout', () => {
    const r = lint(['error.yaml']);
    expect(r.out).toBe(
      'error.yaml\n' +
        '  8:15   error    datastore "db" is exposed (public); only application services should be reachable from outside  datastore-published\n' +
        '  10:13  warning  service "api" lists a call to itself                                                            self-call\n' +
        '\n' +
        '✖ 2 problems (1 error, 1 warning, 0 info) in 1 file\n' +
        '\n' +
        'How to fix\n' +
        '  datastore-published (1 error)\n' +
        "    fix: Stop publishing the datastore's port (remove `ports:` or make the Service ClusterIP) and reach it only from the services that use it.\n" +
        '    why: meshgate rules show datastore-published (docs/rules/datastore-published.md)\n' +
        '  self-call (1 warning)\n' +
        '    fix: Remove the call, or name the service it was meant for.\n' +
        '    why: meshgate rules show self-call (docs/rules/self-call.md)\n',
    );
    expect(r.err).toBe('');
  });

  it('json: only the report on stdout, the summary on stderr', () => {
    const r = lint(['error.yaml', '-f', 'json']);
    expect(JSON.parse(r.out)).toEqual([
      { ruleId: 'datastore-published', severity: 'error', message: expect.stringContaining('"db"'), file: 'error.yaml', line: 8, column: 15 },
      { ruleId: 'self-call', severity: 'warning', message: 'service "api" lists a call to itself', file: 'error.yaml', line: 10, column: 13 },
    ]);
    expect(r.err).toBe('meshgate lint: 2 problems (1 error, 1 warning, 0 info) in 1 file\n');
  });

  it('sarif: every rule listed, results present when clean, exit code recorded', () => {
    const r = lint(['clean.yaml', '-f', 'sarif']);
    const log = JSON.parse(r.out);
    expect(log.runs[0].results).toEqual([]);
    expect(log.runs[0].invocations[0].exitCode).toBe(0);
    const ids = log.runs[0].tool.driver.rules.map((x: { id: string }) => x.id);
    expect(ids.length).toBe(readdirSync(resolve(repoRoot, 'rules/lint')).length + 3);
    expect(ids).toContain('meshgate/unused-suppression');
  });

  it('github: workflow commands', () => {
    expect(lint(['error.yaml', '-f', 'github']).out.split('\n')[0]).toBe(
      '::error file=error.yaml,line=8,col=15,title=datastore-published::datastore "db" is exposed (public); only application services should be reachable from outside (datastore-published)',
    );
  });

  it('-o writes the report atomically and nothing to stdout', () => {
    const r = lint(['error.yaml', '-f', 'junit', '-o', 'out/report.xml'.replace('out/', '')]);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/report written to report\.xml/);
    expect(readFileSync(join(dir, 'report.xml'), 'utf8')).toMatch(/^<\?xml[\s\S]*<failure /);
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    const missingDir = lint(['error.yaml', '-o', 'no/such/dir/r.txt']);
    expect(missingDir.code).toBe(2);
    expect(missingDir.out).toBe('');
  });

  it('colours stylish only when allowed, and never the other formats or -o files', () => {
    const coloured = spawnSync(process.execPath, [cli, 'lint', 'error.yaml'], { cwd: dir, env: { ...process.env, FORCE_COLOR: '1', NO_COLOR: '' }, encoding: 'utf8' });
    expect(coloured.stdout).toMatch(/\x1b\[31merror/);
    const json = spawnSync(process.execPath, [cli, 'lint', 'error.yaml', '-f', 'json'], { cwd: dir, env: { ...process.env, FORCE_COLOR: '1', NO_COLOR: '' }, encoding: 'utf8' });
    expect(json.stdout).not.toMatch(/\x1b\[/);
    spawnSync(process.execPath, [cli, 'lint', 'error.yaml', '-o', 'stylish.txt'], { cwd: dir, env: { ...process.env, FORCE_COLOR: '1', NO_COLOR: '' }, encoding: 'utf8' });
    expect(readFileSync(join(dir, 'stylish.txt'), 'utf8')).not.toMatch(/\x1b\[/);
    expect(lint(['error.yaml']).out).not.toMatch(/\x1b\[/);
  });

  it('honours suppressions in stdin', () => {
    const r = lint(['-', '-f', 'json'], { input: ONLY_WARNING.replace('    calls: [api]', '    # meshgate-disable-next-line self-call -- recursion is the point here\n    calls: [api]') });
    expect(JSON.parse(r.out)).toEqual([]);
    expect(r.code).toBe(0);
  });

  it('reads stdin with -', () => {
    const r = lint(['-', '-f', 'json'], { input: WITH_ERROR });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)[0]).toMatchObject({ ruleId: 'datastore-published', file: '<stdin>', line: 8 });
  });
});

describe('bad input exits 2 with file:line:col and no stack', () => {
  it.each([
    ['empty.yaml', /^empty\.yaml:1:1: .*empty/],
    ['scalar.yaml', /^scalar\.yaml:1:1/],
    ['bad.yaml', /^bad\.yaml:7:1: invalid YAML/],
    ['missing.yaml', /^missing\.yaml:1:1: no such file\nfix: /],
  ])('%s', (file, expected) => {
    const r = lint([file, '-f', 'json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.out)).toMatchObject([{ ruleId: null, severity: 'error', file, fatal: true }]);
    expect(r.err).toMatch(expected);
    expect(r.err).not.toMatch(/internal error|\n\s+at /);
  });
  it('an unknown kind', () => {
    write('odd.yaml', 'apiVersion: meshgate/v1\nkind: Gadget\n');
    const r = lint(['odd.yaml']);
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/^odd\.yaml\n  2:7  fatal    no services found to lint: 1 Gadget ignored/);
  });
  it('a bad flag value', () => {
    expect(lint(['clean.yaml', '--fail-on', 'fatal']).code).toBe(2);
    expect(lint(['clean.yaml', '--max-warnings', '-1']).code).toBe(2);
    expect(lint(['clean.yaml', '-f', 'xml']).code).toBe(2);
  });
});

describe('suppressions', () => {
  it('with a reason: the finding is gone', () => {
    write('sup-ok.yaml', WITH_ERROR.replace('    exposure: public\n', '    # meshgate-disable-next-line datastore-published -- local dev only, never deployed\n    exposure: public\n'));
    const r = lint(['sup-ok.yaml', '-f', 'json']);
    expect(JSON.parse(r.out).map((f: { ruleId: string }) => f.ruleId)).toEqual(['self-call']);
    expect(r.code).toBe(0);
  });
  it('without a reason: not suppressed, and reported as an error', () => {
    write('sup-noreason.yaml', WITH_ERROR.replace('    exposure: public\n', '    # meshgate-disable-next-line datastore-published\n    exposure: public\n'));
    const r = lint(['sup-noreason.yaml', '-f', 'json']);
    expect(JSON.parse(r.out).map((f: { ruleId: string; line: number }) => `${f.ruleId}@${f.line}`)).toEqual([
      'meshgate/suppression-missing-reason@8',
      'datastore-published@9',
      'self-call@11',
    ]);
    expect(r.code).toBe(1);
  });
  it('unused and unknown suppressions are reported', () => {
    write('sup-unused.yaml', CLEAN.replace('  - name: db\n', '  # meshgate-disable-next-line self-call, slef-call -- stale\n  - name: db\n'));
    const r = lint(['sup-unused.yaml', '-f', 'json']);
    const rows = JSON.parse(r.out) as { ruleId: string; severity: string; message: string; line: number; column: number }[];
    expect(rows.map((f) => [f.ruleId, f.severity, f.line, f.column])).toEqual([
      ['meshgate/unknown-suppression-rule', 'error', 8, 3],
      ['meshgate/unused-suppression', 'warning', 8, 3],
    ]);
    expect(rows[0]!.message).toMatch(/did you mean "self-call"/);
  });
  it('work in Kubernetes manifests too', () => {
    const manifest = readFileSync(resolve(repoRoot, 'test/fixtures/lint/datastore-published/invalid-k8s.yaml'), 'utf8');
    write('k8s/db.yaml', manifest);
    expect(JSON.parse(lint(['k8s/db.yaml', '-f', 'json']).out)).toEqual([expect.objectContaining({ ruleId: 'datastore-published', line: 24, column: 9 })]);
    write('k8s/db.yaml', manifest.replace('  type: LoadBalancer\n', '  # meshgate-disable-next-line datastore-published -- internal load balancer, VPC only\n  type: LoadBalancer\n'));
    const r = lint(['k8s/db.yaml', '-f', 'json']);
    expect(JSON.parse(r.out)).toEqual([]);
    expect(r.code).toBe(0);
  });
  it('work in compose files too', () => {
    write('compose/compose.yaml', 'services:\n  web:\n    image: example/web:1\n    ports: ["8080:8080"]\n  cache:\n    image: redis:7\n    ports:\n      # meshgate-disable-next-line datastore-published -- bound to localhost by the dev override\n      - "6379:6379"\n');
    const r = lint(['compose/compose.yaml', '-f', 'json']);
    expect(JSON.parse(r.out).filter((f: { ruleId: string }) => f.ruleId === 'datastore-published')).toEqual([]);
    expect(r.code).toBe(0);
  });
});

describe('.meshgate.yaml', () => {
  it('is found from the working directory upward and applies severities and ignores', () => {
    const proj = join(dir, 'proj');
    mkdirSync(join(proj, 'sub/legacy'), { recursive: true });
    writeFileSync(join(proj, 'sub/error.yaml'), WITH_ERROR);
    writeFileSync(join(proj, 'sub/legacy/old.yaml'), WITH_ERROR);
    writeFileSync(join(proj, '.meshgate.yaml'), 'rules:\n  datastore-published: warning\n  self-call: off\nignore:\n  - sub/legacy/**\n');
    const r = lint(['error.yaml', 'legacy/old.yaml', '-f', 'json'], { cwd: join(proj, 'sub') });
    expect(JSON.parse(r.out).map((f: { ruleId: string; severity: string; file: string }) => `${f.file} ${f.ruleId} ${f.severity}`)).toEqual(['error.yaml datastore-published warning']);
    expect(r.code).toBe(0);
  });
  it('--config overrides the search', () => {
    write('strict.yaml', 'rules:\n  self-call: error\n');
    const r = lint(['warning.yaml', '--config', 'strict.yaml', '-f', 'json']);
    expect(JSON.parse(r.out)[0].severity).toBe('error');
    expect(r.code).toBe(1);
  });
  it('unknown rule ids and bad values exit 2 with positions and suggestions', () => {
    write('typo.yaml', 'rules:\n  self-cal: off\n  datastore-published: loud\n');
    const r = lint(['clean.yaml', '--config', 'typo.yaml']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/typo\.yaml:3:24: rules\.datastore-published: "loud" is not allowed; allowed values: error, warning, info, off/);
    write('typo2.yaml', 'rules:\n  self-cal: off\n');
    const r2 = lint(['clean.yaml', '--config', 'typo2.yaml']);
    expect(r2.code).toBe(2);
    expect(r2.err).toMatch(/typo2\.yaml:2:3: unknown rule "self-cal"; did you mean "self-call"\?/);
    write('extra.yaml', 'rule:\n  self-call: off\n');
    expect(lint(['clean.yaml', '--config', 'extra.yaml']).err).toMatch(/extra\.yaml:1:1: unknown field "rule"/);
    expect(lint(['clean.yaml', '--config', 'nope.yaml']).code).toBe(2);
  });
});

describe('--rules and --answers', () => {
  const custom = (id: string, kind = 'service-predicate', params = '    where: { name: { matches: "^tmp-" } }\n') =>
    `id: ${id}\nseverity: error\ntitle: No temporary services\nmessage: 'service "{{service}}" looks temporary'\nrationale: Temporary services tend to stay forever and nobody owns them.\nremediation: Rename or remove the service.\nsources: [https://example.org/naming]\ncheck:\n  kind: ${kind}\n  params:\n${params}`;

  it('loads custom rules over the existing check kinds', () => {
    write('custom/no-tmp.yaml', custom('no-tmp'));
    write('tmp.yaml', HEAD + 'services:\n  - name: tmp-worker\n');
    const r = lint(['tmp.yaml', '--rules', 'custom', '-f', 'json']);
    expect(JSON.parse(r.out)).toEqual([{ ruleId: 'no-tmp', severity: 'error', message: 'service "tmp-worker" looks temporary', file: 'tmp.yaml', line: 6, column: 5 }]);
    expect(r.code).toBe(1);
  });
  it('reports every problem in custom rules at once: id clash, unknown kind, bad params', () => {
    write('custom-bad/self-call.yaml', custom('self-call'));
    write('custom-bad/weird.yaml', custom('weird', 'magic'));
    write('custom-bad/params.yaml', custom('params', 'service-predicate', '    whre: {}\n'));
    const r = lint(['clean.yaml', '--rules', 'custom-bad']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/4 problems in lint rules/);
    expect(r.err).toMatch(/custom-bad\/self-call\.yaml:1:5: rule id "self-call" is already defined by/);
    expect(r.err).toMatch(/custom-bad\/weird\.yaml:9:9: unknown check kind "magic"; valid kinds: service-predicate, call-predicate/);
    expect(r.err).toMatch(/custom-bad\/params\.yaml:11:5: check\.params of kind service-predicate: unknown field "whre"; allowed fields: where, report/);
  });
  it('--answers with mTLS mandated turns on the mandate rules', () => {
    write('meshed.yaml', HEAD + 'services:\n  - name: a\nmesh:\n  product: istio\n  mtls: permissive\n');
    write('answers.yaml', 'apiVersion: meshgate/v1\nkind: Answers\nserviceSecurity: mtls\n');
    expect(lint(['meshed.yaml']).code).toBe(0);
    const r = lint(['meshed.yaml', '--answers', 'answers.yaml', '-f', 'json']);
    expect(JSON.parse(r.out).map((f: { ruleId: string }) => f.ruleId)).toContain('mtls-not-strict-when-mandated');
    expect(r.code).toBe(1);
    write('answers-bad.yaml', 'apiVersion: meshgate/v1\nkind: Answers\nserviceSecurity: maybe\n');
    const bad = lint(['meshed.yaml', '--answers', 'answers-bad.yaml']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/answers-bad\.yaml:3:18: serviceSecurity: "maybe" is not allowed/);
  });
});
