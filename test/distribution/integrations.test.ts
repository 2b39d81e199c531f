// Where linters live: the GitHub Action (action.yml), the pre-commit hook (.pre-commit-hooks.yaml)
// and the GitLab CI job in the README. Each file is read with js-yaml and the commands it
// declares are run as the CI system would run them, with `meshgate` resolved to this checkout's
// build; their results are compared with `meshgate lint -f json` on the same files.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { load } from 'js-yaml';
import { parseXml, allElements } from '../diagram/xml-check.js';

const root = resolve(import.meta.dirname, '../..');
const cli = join(root, 'dist/main.js');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string; engines: { node: string } };
const fixtures = join(root, 'test/fixtures/lint');
const ERRORS = join(fixtures, 'duplicate-service-name/invalid.yaml');
const WARNINGS = join(fixtures, 'grpc-without-l7-balancing/invalid.yaml');
const CLEAN = join(fixtures, 'duplicate-service-name/valid.yaml');

let work: string;
/** A folder on PATH with `npx` standing in for the registry: it logs its arguments and runs this build. */
let stubs: string;
beforeAll(() => {
  if (!existsSync(cli)) throw new Error('dist/main.js is missing: run `npm run build` first (npm test does)');
  work = mkdtempSync(join(tmpdir(), 'meshgate-integrations-'));
  stubs = join(work, 'stubs');
  mkdirSync(stubs);
  // meshgate@0.0.0-missing stands for a version npm does not have (npx exits 1 after a 404).
  writeFileSync(join(stubs, 'npx'), [
    '#!/bin/sh',
    `printf '%s\\n' "$*" >> "${join(work, 'npx.log')}"`,
    '[ "$1" = --yes ] && shift',
    'case "$1" in *@0.0.0-missing) echo "npm error 404 Not Found - $1" >&2; exit 1 ;; esac',
    'shift',
    `exec "${process.execPath}" "${cli}" "$@"`,
  ].join('\n') + '\n');
  chmodSync(join(stubs, 'npx'), 0o755);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

let count = 0;
/** A fresh folder holding the given files (name → source path or text). */
function workspace(files: Record<string, string>, opts: { installMeshgate?: boolean } = {}): string {
  const dir = join(work, `ws-${++count}`);
  mkdirSync(dir);
  for (const [name, from] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    if (existsSync(from)) copyFileSync(from, join(dir, name));
    else writeFileSync(join(dir, name), from);
  }
  if (opts.installMeshgate) {
    mkdirSync(join(dir, 'node_modules/.bin'), { recursive: true });
    writeFileSync(join(dir, 'node_modules/.bin/meshgate'), `#!/bin/sh\nexec "${process.execPath}" "${cli}" "$@"\n`);
    chmodSync(join(dir, 'node_modules/.bin/meshgate'), 0o755);
  }
  return dir;
}

/** The worst severity `meshgate lint -f json` reports for a file: the oracle for exit codes. */
function worstSeverity(file: string): 'error' | 'warning' | 'info' | undefined {
  const r = spawnSync(process.execPath, [cli, 'lint', file, '-f', 'json'], { encoding: 'utf8' });
  const found = new Set((JSON.parse(r.stdout) as { severity: string }[]).map((f) => f.severity));
  return (['error', 'warning', 'info'] as const).find((s) => found.has(s));
}

// ---------------------------------------------------------------------------------------------
// GitHub Action: a small runner for composite actions, enough for this action and strict about
// the rest (an expression it cannot read fails the test, so the action stays within what is tested).

interface Step { id?: string; if?: string; uses?: string; run?: string; shell?: string; with?: Record<string, string>; env?: Record<string, string> }
interface ActionFile {
  inputs: Record<string, { default?: string; description: string }>;
  outputs: Record<string, { value: string; description: string }>;
  runs: { using: string; steps: Step[] };
}
const action = load(readFileSync(join(root, 'action.yml'), 'utf8')) as ActionFile;

interface Context { inputs: Record<string, string>; steps: Record<string, { outputs: Record<string, string> }> }

function evaluateOperand(expr: string, ctx: Context): string {
  const e = expr.trim();
  let m: RegExpExecArray | null;
  if ((m = /^'((?:[^']|'')*)'$/.exec(e))) return m[1]!.replace(/''/g, "'");
  if ((m = /^inputs\.([\w-]+)$/.exec(e))) {
    if (!(m[1]! in action.inputs)) throw new Error(`action.yml uses undeclared input ${m[1]}`);
    return ctx.inputs[m[1]!] ?? '';
  }
  if ((m = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(e))) return ctx.steps[m[1]!]?.outputs[m[2]!] ?? '';
  if (e === 'github.action_path') return root;
  throw new Error(`expression the test runner does not model: ${e}`);
}

/** `a == 'b' && c != 'd'`: comparisons joined by && (all this action needs). */
function evaluateCondition(expr: string, ctx: Context): boolean {
  return expr.split('&&').every((part) => {
    const m = /^(.*?)(==|!=)(.*)$/.exec(part);
    if (!m) return evaluateOperand(part, ctx) !== '';
    const same = evaluateOperand(m[1]!, ctx) === evaluateOperand(m[3]!, ctx);
    return m[2] === '==' ? same : !same;
  });
}

const interpolate = (text: string, ctx: Context) => text.replace(/\$\{\{(.*?)\}\}/g, (_, e: string) => evaluateOperand(e, ctx));

interface ActionRun { exitCode: number; outputs: Record<string, string>; uploaded?: Record<string, string>; log: string }

/** Runs action.yml's steps in `cwd` with the given inputs, as GitHub runs a composite action. */
function runAction(cwd: string, given: Record<string, string>): ActionRun {
  const ctx: Context = { inputs: {}, steps: {} };
  for (const [name, spec] of Object.entries(action.inputs)) ctx.inputs[name] = given[name] ?? spec.default ?? '';
  let log = '';
  let uploaded: Record<string, string> | undefined;
  for (const step of action.runs.steps) {
    if (step.if && !evaluateCondition(step.if, ctx)) continue;
    if (step.uses?.startsWith('actions/setup-node@')) {
      expect(Number(step.with?.['node-version']), 'setup-node installs a Node that meshgate supports').toBeGreaterThanOrEqual(Number(/\d+/.exec(pkg.engines.node)![0]));
      continue; // this machine has Node already
    }
    if (step.uses?.startsWith('github/codeql-action/upload-sarif@')) {
      uploaded = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, interpolate(String(v), ctx)]));
      continue;
    }
    expect(step.shell, 'a composite run step names its shell').toBe('bash');
    const outputFile = join(cwd, `.github-output-${step.id ?? 'step'}`);
    writeFileSync(outputFile, '');
    const env = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, interpolate(String(v), ctx)]));
    expect(step.run, 'inputs reach scripts through env, never pasted into them').not.toMatch(/\$\{\{/);
    // GitHub runs `shell: bash` as `bash --noprofile --norc -eo pipefail {0}`.
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run!], {
      cwd, encoding: 'utf8', env: { ...process.env, ...env, PATH: `${stubs}:${process.env['PATH']}`, GITHUB_OUTPUT: outputFile },
    });
    log += r.stdout + r.stderr;
    const outputs = Object.fromEntries(readFileSync(outputFile, 'utf8').split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    if (step.id) ctx.steps[step.id] = { outputs };
    if (r.status !== 0) return { exitCode: r.status ?? -1, outputs: actionOutputs(ctx), uploaded, log };
  }
  return { exitCode: 0, outputs: actionOutputs(ctx), uploaded, log };
}

function actionOutputs(ctx: Context): Record<string, string> {
  return Object.fromEntries(Object.entries(action.outputs).map(([k, o]) => [k, interpolate(o.value, ctx)]));
}

describe('GitHub Action (action.yml)', () => {
  it('is a composite action whose inputs include paths, format and fail-on, each described', () => {
    expect(action.runs.using).toBe('composite');
    for (const name of ['paths', 'format', 'fail-on']) expect(action.inputs[name]?.description, name).toBeTruthy();
    expect(action.outputs['exit-code']!.description).toMatch(/0.*1.*2/s);
  });

  it('the README lists exactly its inputs', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### GitHub Actions'), readme.indexOf('### pre-commit'));
    const documented = [...section.matchAll(/^\| `([\w-]+)` \|/gm)].map((m) => m[1]);
    expect(documented).toEqual(Object.keys(action.inputs));
  });

  it('with defaults: SARIF of the findings, uploaded to code scanning, and the step fails with exit 1', () => {
    const cwd = workspace({ 'deploy/shop.yaml': ERRORS, '.github/workflows/ci.yml': 'on: push\njobs: {}\n' }, { installMeshgate: true });
    const r = runAction(cwd, { paths: 'deploy' });
    expect(r.outputs['exit-code'], r.log).toBe('1');
    expect(r.exitCode).toBe(1);
    expect(r.uploaded).toMatchObject({ sarif_file: 'meshgate.sarif', category: 'meshgate' });
    const sarif = JSON.parse(readFileSync(join(cwd, r.uploaded!['sarif_file']!), 'utf8')) as { version: string; runs: { results: { ruleId: string }[] }[] };
    expect(sarif.version).toBe('2.1.0');
    const expected = JSON.parse(spawnSync(process.execPath, [cli, 'lint', 'deploy', '-f', 'json'], { cwd, encoding: 'utf8' }).stdout) as { ruleId: string }[];
    expect(sarif.runs[0]!.results.map((x) => x.ruleId)).toEqual(expected.map((f) => f.ruleId));
  });

  it('fail-on decides the exit code the same way meshgate does', () => {
    expect(worstSeverity(WARNINGS)).toBe('warning');
    const cwd = workspace({ 'arch.yaml': WARNINGS }, { installMeshgate: true });
    expect(runAction(cwd, { paths: 'arch.yaml', 'fail-on': 'error' })).toMatchObject({ exitCode: 0, outputs: { 'exit-code': '0' } });
    expect(runAction(cwd, { paths: 'arch.yaml', 'fail-on': 'warning' })).toMatchObject({ exitCode: 1, outputs: { 'exit-code': '1' } });
  });

  it('format github prints annotations to the log and uploads nothing', () => {
    const cwd = workspace({ 'a.yaml': ERRORS, 'b.yaml': CLEAN }, { installMeshgate: true });
    const r = runAction(cwd, { paths: 'a.yaml\nb.yaml', format: 'github' });
    expect(r.outputs).toEqual({ 'exit-code': '1', report: '' });
    expect(r.uploaded).toBeUndefined();
    expect(r.log).toMatch(/^::error file=a\.yaml,line=\d+/m);
  });

  it('a path that does not exist: exit 2, no upload, and the step fails', () => {
    const cwd = workspace({}, { installMeshgate: true });
    const r = runAction(cwd, { paths: 'missing.yaml' });
    expect(r).toMatchObject({ exitCode: 2, outputs: { 'exit-code': '2', report: '' } });
    expect(r.uploaded).toBeUndefined();
    expect(r.log).toContain('missing.yaml');
  });

  it('without meshgate in the project, runs `npx --yes meshgate@<this version>`', () => {
    const cwd = workspace({ 'shop.yaml': CLEAN });
    rmSync(join(work, 'npx.log'), { force: true });
    const r = runAction(cwd, { paths: 'shop.yaml' });
    expect(r.outputs['exit-code'], r.log).toBe('0');
    expect(readFileSync(join(work, 'npx.log'), 'utf8').trim().split('\n').at(-1)).toBe(`--yes meshgate@${pkg.version} lint --format sarif --fail-on error --output meshgate.sarif shop.yaml`);
  });

  it('a meshgate npx cannot fetch is exit 2 (not 1, "findings"), with no upload', () => {
    const cwd = workspace({ 'shop.yaml': ERRORS });
    const r = runAction(cwd, { paths: 'shop.yaml', version: '0.0.0-missing' });
    expect(r).toMatchObject({ exitCode: 2, outputs: { 'exit-code': '2', report: '' } });
    expect(r.uploaded).toBeUndefined();
    expect(r.log).toMatch(/^::error::cannot run npx --yes meshgate@0\.0\.0-missing/m);
  });
});

// ---------------------------------------------------------------------------------------------
// pre-commit

/** The keys pre-commit's manifest schema accepts for a hook (pre-commit/clientlib.py MANIFEST_HOOK_DICT). */
const PRE_COMMIT_KEYS = new Set([
  'id', 'name', 'entry', 'language', 'alias', 'files', 'exclude', 'types', 'types_or', 'exclude_types', 'additional_dependencies',
  'args', 'always_run', 'fail_fast', 'pass_filenames', 'description', 'language_version', 'log_file', 'minimum_pre_commit_version',
  'require_serial', 'stages', 'verbose',
]);
interface Hook { id: string; name: string; entry: string; language: string; files?: string; args?: string[]; pass_filenames?: boolean }

describe('pre-commit hook (.pre-commit-hooks.yaml)', () => {
  const hooks = load(readFileSync(join(root, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];

  it('declares a node hook on YAML files, with only keys pre-commit knows', () => {
    expect(hooks.map((h) => h.id)).toEqual(['meshgate-lint']);
    const hook = hooks[0]!;
    expect(Object.keys(hook).filter((k) => !PRE_COMMIT_KEYS.has(k))).toEqual([]);
    expect(hook.language).toBe('node');
    const files = new RegExp(hook.files!); // pre-commit uses Python's re.search; this pattern reads the same in both
    expect(['a.yaml', 'deploy/b.yml', 'c.json', 'd.yaml.bak'].filter((f) => files.test(f))).toEqual(['a.yaml', 'deploy/b.yml']);
  });

  it('runs its entry and args as pre-commit does: findings fail the commit, other YAML in the repo does not', () => {
    const hook = hooks[0]!;
    const [command, ...entryArgs] = hook.entry.split(' ');
    expect(command).toBe('meshgate');
    const run = (cwd: string, staged: string[]) =>
      spawnSync(process.execPath, [cli, ...entryArgs, ...(hook.args ?? []), ...(hook.pass_filenames === false ? [] : staged)], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    const others = { '.pre-commit-config.yaml': 'repos: []\n', '.github/workflows/ci.yml': 'on: push\njobs: {}\n', 'docs/mkdocs.yml': 'site_name: x\n' };
    const bad = run(workspace({ 'deploy/shop.yaml': ERRORS, ...others }), ['deploy/shop.yaml', '.pre-commit-config.yaml', 'docs/mkdocs.yml']);
    expect(bad.status, bad.stderr).toBe(1);
    expect(bad.stdout).toContain('deploy/shop.yaml');
    const good = run(workspace({ 'deploy/shop.yaml': CLEAN, ...others }), ['deploy/shop.yaml', 'docs/mkdocs.yml']);
    expect(good.status, good.stdout + good.stderr).toBe(0);
  });

  it('npm pack prints only the tarball name, which pre-commit reads to install the hook', () => {
    // Scripts in the foreground (npm's default for pack) print a banner on stdout.
    const r = spawnSync('npm', ['config', 'get', 'foreground-scripts'], { cwd: root, encoding: 'utf8', env: Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_config_foreground/i.test(k))) });
    expect(r.stdout.trim()).toBe('false');
  });
});

// ---------------------------------------------------------------------------------------------
// GitLab CI: the job in the README

describe('GitLab CI job (README)', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### GitLab CI'));
  const block = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];

  it('is in the README and reads as a GitLab job with a JUnit report kept on failure', () => {
    expect(block, 'README has a "### GitLab CI" section with a yaml block').toBeDefined();
    const jobs = load(block!) as Record<string, { image: string; script: string[]; artifacts: { when: string; reports: { junit: string } } }>;
    const [job] = Object.values(jobs);
    expect(Object.keys(jobs)).toHaveLength(1);
    expect(Number(/^node:(\d+)/.exec(job!.image)?.[1])).toBeGreaterThanOrEqual(Number(/\d+/.exec(pkg.engines.node)![0]));
    expect(job!.artifacts.when).toBe('always');
    expect(job!.artifacts.reports.junit).toMatch(/\.xml$/);
  });

  it('its script writes the JUnit report GitLab collects, with the findings, and fails the job', () => {
    const jobs = load(block!) as Record<string, { script: string[]; artifacts: { reports: { junit: string } } }>;
    const [job] = Object.values(jobs);
    const cwd = workspace({ 'deploy/shop.yaml': ERRORS, '.gitlab-ci.yml': block! });
    rmSync(join(work, 'npx.log'), { force: true });
    // GitLab runs the script lines in one shell and stops at the first that fails.
    const r = spawnSync('bash', ['-e', '-c', job!.script.join('\n')], { cwd, encoding: 'utf8', env: { ...process.env, PATH: `${stubs}:${process.env['PATH']}` } });
    expect(r.status, r.stderr).toBe(1);
    expect(readFileSync(join(work, 'npx.log'), 'utf8')).toContain(`meshgate@${pkg.version} lint`);
    const xml = parseXml(readFileSync(join(cwd, job!.artifacts.reports.junit), 'utf8'));
    const failures = allElements(xml).filter((e) => e.name === 'failure');
    const expected = JSON.parse(spawnSync(process.execPath, [cli, 'lint', '.', '-f', 'json'], { cwd, encoding: 'utf8' }).stdout) as unknown[];
    expect(failures).toHaveLength(expected.length);
    expect(failures.length).toBeGreaterThan(0);
  });
});
