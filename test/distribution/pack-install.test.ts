// The package as users get it: `npm pack`, install the tarball into a fresh project, and run the
// installed `meshgate` bin. Offline: the project's lock pins meshgate's dependencies at the
// versions of our own lock, which `npm ci` has already put in the npm cache.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  version: string; license: string; dependencies: Record<string, string>; bin: Record<string, string>; engines: Record<string, string>;
};
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean; devOptional?: boolean }> };

/**
 * The environment for child npm runs: `npm test` exports its own config as npm_config_* (prefix,
 * local prefix, ...), which would point the inner npm back at this checkout. The cache and user
 * config stay, so the inner npm finds what `npm ci` cached.
 */
function npmEnv(): NodeJS.ProcessEnv {
  const keep = new Set(['npm_config_cache', 'npm_config_userconfig', 'npm_config_registry']);
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k) || keep.has(k.toLowerCase())));
}

function npm(args: string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync('npm', args, { cwd, env: npmEnv(), encoding: 'utf8', timeout: 90_000 });
}

let work: string;
let project: string;
let tarballFiles: string[];
let bin: string;

beforeAll(() => {
  if (!existsSync(join(root, 'dist/main.js'))) throw new Error('dist/main.js is missing: run `npm run build` first (npm test does)');
  work = mkdtempSync(join(tmpdir(), 'meshgate-pack-'));
  // --ignore-scripts: prepack would delete and rebuild dist/ under the other tests running now;
  // `npm test` has just built it.
  const packed = npm(['pack', '--ignore-scripts', '--json', '--pack-destination', work], root);
  expect(packed.status, packed.stderr).toBe(0);
  const [info] = JSON.parse(packed.stdout) as [{ filename: string; integrity: string; files: { path: string; mode: number }[] }];
  tarballFiles = info.files.map((f) => f.path);

  project = join(work, 'project');
  mkdirSync(project);
  const spec = `file:../${info.filename}`;
  const packages: Record<string, unknown> = {
    '': { name: 'meshgate-install-check', dependencies: { meshgate: spec } },
    'node_modules/meshgate': {
      version: pkg.version, resolved: spec, integrity: info.integrity, license: pkg.license,
      dependencies: pkg.dependencies, bin: pkg.bin, engines: pkg.engines,
    },
  };
  for (const [path, entry] of Object.entries(lock.packages)) if (path && !entry.dev && !entry.devOptional) packages[path] = entry;
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'meshgate-install-check', private: true, dependencies: { meshgate: spec } }));
  writeFileSync(join(project, 'package-lock.json'), JSON.stringify({ name: 'meshgate-install-check', lockfileVersion: 3, requires: true, packages }));
  const installed = npm(['ci', '--offline', '--no-audit', '--no-fund'], project);
  expect(installed.status, `${installed.stderr}\n(the npm cache lacks a dependency: run \`npm ci\` in the checkout first)`).toBe(0);
  bin = join(project, 'node_modules/.bin/meshgate');
}, 120_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs the installed bin itself (its shebang and executable bit included), in the project. */
function installed(...args: string[]): SpawnSyncReturns<string> {
  return spawnSync(bin, args, { cwd: project, env: { ...npmEnv(), NO_COLOR: '1', FORCE_COLOR: '0' }, encoding: 'utf8', input: '', timeout: 30_000 });
}
/** The same command run by this checkout's build, for comparison. */
function built(...args: string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [join(root, 'dist/main.js'), ...args], { cwd: project, env: { ...npmEnv(), NO_COLOR: '1', FORCE_COLOR: '0' }, encoding: 'utf8', input: '' });
}

describe('the packed tarball', () => {
  it('holds what the CLI runs and the license, and no sources, tests or source maps', () => {
    for (const f of ['package.json', 'README.md', 'LICENSE', 'dist/main.js', 'dist/cli.js', 'dist/generated/lint-rules.json', 'rules/questions.yaml', 'templates/examples/answers.yaml']) {
      expect(tarballFiles, f).toContain(f);
    }
    // The pages messages and lint output name (docs/formats/..., docs/rules/<id>.md) ship with the CLI.
    for (const f of ['docs/README.md', 'docs/formats/answers.md', 'docs/design/yaml-reader.md', 'docs/rules/README.md', 'docs/rules/self-call.md']) expect(tarballFiles, f).toContain(f);
    expect(tarballFiles.filter((f) => f.startsWith('schemas/')).sort()).toEqual(readdirSync(join(root, 'schemas')).map((f) => `schemas/${f}`).sort());
    expect(tarballFiles.filter((f) => f.startsWith('rules/lint/'))).toHaveLength(readdirSync(join(root, 'rules/lint')).length);
    expect(tarballFiles.filter((f) => /\.map$|^src\/|^test\/|^dist\/build\/|^\.ci\/|\.test\./.test(f))).toEqual([]);
  });

  it('installs only the runtime dependencies', () => {
    const modules = readdirSync(join(project, 'node_modules'));
    for (const dep of Object.keys(pkg.dependencies)) expect(modules, dep).toContain(dep.split('/')[0]);
    for (const dev of ['kubernetes-models', '@kubernetes-models', 'vitest', 'typescript', 'yaml-language-server']) expect(modules, dev).not.toContain(dev);
    expect(statSync(join(project, 'node_modules/meshgate/dist/main.js')).mode & 0o111, 'the bin is executable').not.toBe(0);
  });
});

describe('the installed meshgate', () => {
  it('--version prints the package version', () => {
    const r = installed('--version');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  it('lint on a fixture exits 1 with the fixture\'s findings, the same as this checkout\'s build', () => {
    const fixture = join(root, 'test/fixtures/lint/duplicate-service-name');
    copyFileSync(join(fixture, 'invalid.yaml'), join(project, 'shop.yaml'));
    const expected = JSON.parse(readFileSync(join(fixture, 'invalid.expected.json'), 'utf8')) as { ruleId: string; line: number; column: number }[];
    const r = installed('lint', 'shop.yaml', '-f', 'json');
    expect(r.status, r.stderr).toBe(1);
    const findings = JSON.parse(r.stdout) as { ruleId: string; line: number; column: number }[];
    expect(findings.map(({ ruleId, line, column }) => ({ ruleId, line, column }))).toEqual(expected);
    expect(r.stdout).toBe(built('lint', 'shop.yaml', '-f', 'json').stdout);
    const text = installed('lint', 'shop.yaml');
    expect(text.status).toBe(1);
    expect(text.stdout).toContain(`${expected[0]!.line}:${expected[0]!.column}`);
  });

  it('recommend on the bundled example gives this checkout\'s verdict', () => {
    const example = 'node_modules/meshgate/templates/examples/answers.yaml';
    const r = installed('recommend', example, '-f', 'json');
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(built('recommend', example, '-f', 'json').stdout));
    const text = installed('recommend', example);
    expect(text.status).toBe(0);
    expect(text.stdout).toBe(built('recommend', example).stdout);
  });

  it('completion prints a script the shell accepts', () => {
    const r = installed('completion', 'bash');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('complete -F _meshgate meshgate');
    expect(spawnSync('bash', ['-n'], { input: r.stdout }).status).toBe(0);
  });

  it('import writes a schema line into its own node_modules, and reads the file back', () => {
    const r = installed('import', join(root, 'test/fixtures/compose/shop/compose.yaml'), '-o', 'architecture.yaml');
    expect(r.status, r.stderr).toBe(0);
    const text = readFileSync(join(project, 'architecture.yaml'), 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=node_modules/meshgate/schemas/architecture.schema.json');
    expect(existsSync(join(project, 'node_modules/meshgate/schemas/architecture.schema.json'))).toBe(true);
    expect(installed('recommend', 'architecture.yaml', '-f', 'json').status).toBe(0);
  });
});
