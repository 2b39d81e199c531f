/**
 * The one write path, beyond signals (signals.test.ts) and full disks (full-disk.test.ts):
 * precise messages on a read-only file system and without permission, files a run removes as
 * well as writes (all or nothing too), the lock seen from inside the process, leftovers of a
 * killed run, and the single-file writer's refusal to replace a file that appeared meanwhile.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { writeFileSet, LOCK_NAME } from '../../src/shell/write-files.js';
import { OutputExistsError, writeFileAtomically, writeOutputFile } from '../../src/shell/write-output-file.js';
import { CancelledError, UserError } from '../../src/errors.js';
import { assertBuilt, cliPath, expectCleanOutcome, fixturesRoot, listFiles, repoRoot, spawnEnv, tempDir } from './helpers.js';

const shop = join(fixturesRoot, 'architecture/shop.yaml');

let work: { dir: string; cleanup: () => void };
beforeAll(() => {
  assertBuilt();
  work = tempDir('write-path');
});
afterAll(() => {
  chmodSync(work.dir, 0o755);
  work.cleanup();
});

function run(command: string, args: string[]) {
  const r = spawnSync(command, args, { encoding: 'utf8', env: spawnEnv, input: '', cwd: repoRoot });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Every command that writes files, with where it writes under `dir`. */
const WRITERS: [string, (dir: string) => string[]][] = [
  ['lint -o', (dir) => ['lint', shop, '-f', 'json', '-o', join(dir, 'lint.json')]],
  ['import -o', (dir) => ['import', shop, '-o', join(dir, 'arch.yaml')]],
  ['report -o', (dir) => ['report', shop, '-o', join(dir, 'adr.md')]],
  ['diagram -o', (dir) => ['diagram', shop, '-o', join(dir, 'topology.mmd')]],
  ['generate --out', (dir) => ['generate', shop, '--out', join(dir, 'configs'), '-t', 'kong']],
];

// A read-only mount needs a mount namespace: unprivileged user namespaces give one without root.
const canMountReadOnly = run('unshare', ['--user', '--map-root-user', '--mount', 'sh', '-c', 'mount -t tmpfs -o ro none /mnt']).status === 0;
if (!canMountReadOnly) console.warn('SKIPPED read-only file system cases: `unshare --user --mount` is not allowed on this machine');

describe('a read-only file system is named as such, not as "permission denied"', () => {
  it.skipIf(!canMountReadOnly).each(WRITERS)('%s: exit 2, "read-only file system (EROFS)", nothing written', (_name, args) => {
    const ro = join(work.dir, 'ro');
    mkdirSync(ro, { recursive: true });
    const script = `mount -t tmpfs -o ro none "$1" && shift && exec "$@"`;
    const r = run('unshare', ['--user', '--map-root-user', '--mount', 'sh', '-c', script, 'sh', ro, process.execPath, cliPath, ...args(ro)]);
    expectCleanOutcome(r, args(ro).join(' '));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^meshgate: cannot (write|write to) .+: read-only file system \(EROFS\)$/m);
    expect(r.stderr).toMatch(/^fix: that file system is mounted read-only; choose another (location with -o|directory with --out)$/m);
    expect(r.stderr).not.toMatch(/permission denied/);
    expect(listFiles(ro)).toEqual([]);
  });
});

// Root ignores permission bits; the command then runs as nobody (65534) where that is possible.
const asNobody = process.getuid?.() === 0 ? spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'test', '-r', cliPath]).status === 0 : true;
if (!asNobody) console.warn('SKIPPED permission cases: cannot run as another user here');

describe('a directory without write permission is "permission denied (EACCES)"', () => {
  it.skipIf(!asNobody).each(WRITERS)('%s: exit 2 naming EACCES and how to check the directory, nothing written', (_name, args) => {
    const locked = join(work.dir, 'locked');
    mkdirSync(locked, { recursive: true });
    chmodSync(locked, 0o555);
    chmodSync(work.dir, 0o755);
    const root = process.getuid?.() === 0;
    const r = root
      ? run('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, cliPath, ...args(locked)])
      : run(process.execPath, [cliPath, ...args(locked)]);
    expectCleanOutcome(r, args(locked).join(' '));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^meshgate: cannot (write|write to|create) .+: permission denied \(EACCES\)$/m);
    expect(r.stderr).toMatch(/ls -ld /);
    expect(listFiles(locked)).toEqual([]);
  });
});

describe('a file set that writes some files and removes others', () => {
  const files = [
    { path: 'kong/kong.yaml', content: 'new kong\n' },
    { path: 'istio/policy.yaml', content: 'new policy\n' },
  ];

  function setUp(name: string): string {
    const out = join(work.dir, name);
    mkdirSync(join(out, 'nginx'), { recursive: true });
    mkdirSync(join(out, 'kong'), { recursive: true });
    writeFileSync(join(out, 'nginx/nginx.conf'), 'old nginx\n');
    writeFileSync(join(out, 'kong/kong.yaml'), 'old kong\n');
    writeFileSync(join(out, 'README.md'), 'not meshgate\'s\n');
    return out;
  }

  it('applies both: new files in place, removed ones gone, the rest untouched, nothing of meshgate\'s own left', async () => {
    const out = setUp('set-ok');
    const result = await writeFileSet(out, '/', { write: files, remove: ['nginx/nginx.conf', 'linkerd/gone.yaml'] }, { force: true });
    expect(result.removed).toEqual(['nginx/nginx.conf']);
    expect(listFiles(out)).toEqual(['README.md', 'istio/policy.yaml', 'kong/kong.yaml']);
    expect(readFileSync(join(out, 'kong/kong.yaml'), 'utf8')).toBe('new kong\n');
  });

  it('interrupted half-way: the files to remove are still there, the replaced one unchanged, no new one', async () => {
    const out = setUp('set-cancelled');
    const controller = new AbortController();
    const err = await writeFileSet(out, '/', { write: files, remove: ['nginx/nginx.conf'] }, { force: true, signal: controller.signal, afterTempWrite: () => controller.abort() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CancelledError);
    expect(listFiles(out)).toEqual(['README.md', 'kong/kong.yaml', 'nginx/nginx.conf']);
    expect(readFileSync(join(out, 'kong/kong.yaml'), 'utf8')).toBe('old kong\n');
    expect(readFileSync(join(out, 'nginx/nginx.conf'), 'utf8')).toBe('old nginx\n');
  });

  it('a removal that would leave --out is refused before anything changes', async () => {
    const out = setUp('set-escape');
    writeFileSync(join(work.dir, 'outside.txt'), 'keep\n');
    const err = await writeFileSet(out, '/', { write: files, remove: ['../outside.txt'] }, { force: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).details.map((d) => d.message)).toEqual(['"../outside.txt" is not a plain relative path']);
    expect(readFileSync(join(work.dir, 'outside.txt'), 'utf8')).toBe('keep\n');
    expect(listFiles(out)).toEqual(['README.md', 'kong/kong.yaml', 'nginx/nginx.conf']);
  });
});

describe('the lock and what killed runs leave', () => {
  it('a live holder (this very process) is named with its pid, and the directory is not touched', async () => {
    const out = join(work.dir, 'held');
    mkdirSync(out);
    const lock = JSON.stringify({ pid: process.pid, host: hostname(), started: '2026-12-01T10:00:00.000Z' });
    writeFileSync(join(out, LOCK_NAME), lock);
    const err = await writeFileSet(out, '/', { write: [{ path: 'a.yaml', content: 'a\n' }] }, { force: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toBe(`${out} is being written by another meshgate run (pid ${process.pid}, started 2026-12-01T10:00:00.000Z)`);
    expect(listFiles(out)).toEqual([LOCK_NAME]);
    expect(readFileSync(join(out, LOCK_NAME), 'utf8')).toBe(lock);
  });

  it('a lock it cannot read still stops the run, and says which file to remove', async () => {
    const out = join(work.dir, 'garbled');
    mkdirSync(out);
    writeFileSync(join(out, LOCK_NAME), '');
    const err = await writeFileSet(out, '/', { write: [{ path: 'a.yaml', content: 'a\n' }] }, { force: false }).catch((e: unknown) => e);
    expect((err as UserError).message).toBe(`${out} is locked: ${join(out, LOCK_NAME)} exists`);
    expect((err as UserError).hint).toContain(`remove ${join(out, LOCK_NAME)}`);
  });

  it('a staging directory left by a killed run is cleared under the lock, with a note', async () => {
    const out = join(work.dir, 'abandoned');
    mkdirSync(join(out, '.meshgate-staging-99999-deadbeef'), { recursive: true });
    writeFileSync(join(out, '.meshgate-staging-99999-deadbeef', '0'), 'half a file');
    const result = await writeFileSet(out, '/', { write: [{ path: 'a.yaml', content: 'a\n' }] }, { force: false });
    expect(result.notes).toEqual([`removed ${join(out, '.meshgate-staging-99999-deadbeef')}, left by a meshgate run that was killed while writing`]);
    expect(listFiles(out)).toEqual(['a.yaml']);
  });
});

describe('the single-file writer', () => {
  it('never replaces a file that appeared after the check, and leaves no temporary file', () => {
    const dir = join(work.dir, 'single');
    mkdirSync(dir);
    const target = join(dir, 'report.md');
    writeFileSync(target, 'someone else\'s\n');
    expect(() => writeFileAtomically(target, 'mine\n', { overwrite: false })).toThrow(OutputExistsError);
    expect(readFileSync(target, 'utf8')).toBe('someone else\'s\n');
    writeOutputFile('report.md', 'mine\n', { force: true, cwd: dir });
    expect(readFileSync(target, 'utf8')).toBe('mine\n');
    expect(listFiles(dir)).toEqual(['report.md']);
  });

  it('names a missing directory and a directory given as the file', () => {
    expect(() => writeOutputFile('nope/x.md', 'x', { force: false, cwd: work.dir })).toThrow(/cannot write nope\/x\.md: directory nope does not exist/);
    expect(() => writeOutputFile('.', 'x', { force: true, cwd: work.dir })).toThrow(/is a directory/);
    expect(existsSync(join(work.dir, 'nope'))).toBe(false);
  });
});
