/**
 * A disk that fills up, or a device that fails, while `meshgate generate` writes. The file-system
 * calls of the write modules are wrapped: a staged file's write stores half its bytes and then
 * fails with ENOSPC, exactly as a full file system does, or a rename into place fails with EIO.
 * The real code path (staging, rollback, error mapping) runs; the run must leave --out exactly as
 * it found it (all or nothing, issue 16), where the first version left the files written so far.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixturesRoot, listFiles, meshgateInProcess, tempDir } from './helpers.js';

/** How the wrapped file system misbehaves; Infinity / -1 = it does not. */
const disk = { stagedWritesLeft: Infinity, failures: 0, failRenameAt: -1, renamesIntoPlace: 0 };
const STAGING = '/.meshgate-staging-';

vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs')>();
  const pathOf = new Map<number, string>();
  const started = new Set<number>();
  const openSync = ((path: string, ...rest: unknown[]) => {
    const fd = (actual.openSync as (...a: unknown[]) => number)(path, ...rest);
    pathOf.set(fd, String(path));
    return fd;
  }) as typeof actual.openSync;
  const closeSync = ((fd: number) => {
    pathOf.delete(fd);
    started.delete(fd);
    return actual.closeSync(fd);
  }) as typeof actual.closeSync;
  const writeSync = ((fd: number, buffer: Uint8Array, offset?: number, length?: number, position?: number | null) => {
    const staged = (pathOf.get(fd) ?? '').includes(STAGING);
    if (staged && !started.has(fd)) {
      started.add(fd);
      if (disk.stagedWritesLeft-- <= 0) {
        disk.failures++;
        actual.writeSync(fd, buffer, offset ?? 0, Math.floor((length ?? buffer.length) / 2), position);
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
      }
    }
    return actual.writeSync(fd, buffer, offset, length, position);
  }) as typeof actual.writeSync;
  const renameSync = ((from: string, to: string) => {
    if (String(from).includes(STAGING) && !String(to).includes(STAGING) && disk.renamesIntoPlace++ === disk.failRenameAt) {
      disk.failures++;
      throw Object.assign(new Error('EIO: i/o error, rename'), { code: 'EIO', errno: -5, syscall: 'rename' });
    }
    return actual.renameSync(from, to);
  }) as typeof actual.renameSync;
  const wrapped = { ...actual, openSync, closeSync, writeSync, renameSync };
  return { ...wrapped, default: wrapped };
});

const shop = join(fixturesRoot, 'architecture/shop.yaml');
const TARGETS = ['--target', 'gateway-api', '--target', 'kong', '--target', 'istio'];

let work: { dir: string; cleanup: () => void };
let reference: Map<string, string>;
let configs: string[];

function healthyDisk(): void {
  disk.stagedWritesLeft = Infinity;
  disk.failRenameAt = -1;
  disk.failures = 0;
  disk.renamesIntoPlace = 0;
}

beforeAll(async () => {
  work = tempDir('full-disk');
  healthyDisk();
  const r = await meshgateInProcess(['generate', shop, '--out', join(work.dir, 'reference'), ...TARGETS]);
  expect(r.status, r.stderr).toBe(0);
  reference = new Map(listFiles(join(work.dir, 'reference')).map((f) => [f, readFileSync(join(work.dir, 'reference', f), 'utf8')]));
  // The generated configs, without generate's record of them (.meshgate-generated.json).
  configs = [...reference.keys()].filter((f) => !f.startsWith('.'));
  expect(reference.size).toBeGreaterThan(3);
});
afterAll(() => work.cleanup());

describe('generate on a disk that fills up', () => {
  it.each([0, 1, 3])('after %i staged files: exit 2, "no space left", and --out is not even created', async (good) => {
    const out = join(work.dir, `out-${good}`);
    healthyDisk();
    disk.stagedWritesLeft = good;
    const r = await meshgateInProcess(['generate', shop, '--out', out, ...TARGETS]);
    const failures = disk.failures;
    healthyDisk();
    expect(failures, 'the injected failure was not reached').toBe(1);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/cannot write to .+: no space left on the device \(ENOSPC\)/);
    expect(r.stderr).not.toMatch(/internal error|^\s+at /m);
    expect(existsSync(out), 'the run created --out, so it must remove it').toBe(false);
  });

  it('into an existing directory with --force: the files that were there are untouched, nothing is added', async () => {
    const out = join(work.dir, 'existing');
    const first = configs[0];
    mkdirSync(join(out, first!.split('/')[0]!), { recursive: true });
    writeFileSync(join(out, first!), 'mine\n');
    writeFileSync(join(out, 'notes.txt'), 'not meshgate\'s\n');
    healthyDisk();
    disk.stagedWritesLeft = 2;
    const r = await meshgateInProcess(['generate', shop, '--out', out, '--force', ...TARGETS]);
    healthyDisk();
    expect(r.status, r.stderr).toBe(2);
    expect(listFiles(out)).toEqual([first!, 'notes.txt'].sort());
    expect(readFileSync(join(out, first!), 'utf8')).toBe('mine\n');
  });

  it('a rename into place that fails (EIO) half-way: the files already moved are taken back, the replaced one restored', async () => {
    const out = join(work.dir, 'half-moved');
    const files = configs;
    mkdirSync(join(out, files[0]!.split('/')[0]!), { recursive: true });
    writeFileSync(join(out, files[0]!), 'mine\n');
    healthyDisk();
    disk.failRenameAt = 2;
    const r = await meshgateInProcess(['generate', shop, '--out', out, '--force', ...TARGETS]);
    const failures = disk.failures;
    healthyDisk();
    expect(failures, 'the injected failure was not reached').toBe(1);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/cannot write to .+: input\/output error \(EIO\)/);
    expect(listFiles(out)).toEqual([files[0]!]);
    expect(readFileSync(join(out, files[0]!), 'utf8')).toBe('mine\n');
  });

  it('the same run on a healthy disk writes every file (the injection is the only difference)', async () => {
    healthyDisk();
    const out = join(work.dir, 'out-ok');
    const r = await meshgateInProcess(['generate', shop, '--out', out, ...TARGETS]);
    expect(r.status, r.stderr).toBe(0);
    expect(listFiles(out)).toEqual([...reference.keys()]);
    for (const [f, text] of reference) expect(readFileSync(join(out, f), 'utf8') === text, f).toBe(true);
  });
});
