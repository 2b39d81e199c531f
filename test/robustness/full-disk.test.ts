/**
 * A disk that fills up while `meshgate generate` writes. The write module's own file handles are
 * replaced by ones that write half the content and then fail with ENOSPC, exactly as a full
 * file system does, so the real code path (temporary file, cleanup, error mapping) runs.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixturesRoot, listFiles, meshgateInProcess, tempDir } from './helpers.js';

/** How many more file writes succeed before the disk is "full"; Infinity = never full. */
const disk = { writesLeft: Infinity, failures: 0 };

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  const open = async (...args: Parameters<typeof actual.open>) => {
    const handle = await actual.open(...args);
    return new Proxy(handle, {
      get(target, prop, receiver) {
        if (prop !== 'writeFile') {
          const v = Reflect.get(target, prop, receiver);
          return typeof v === 'function' ? v.bind(target) : v;
        }
        return async (data: string, encoding?: BufferEncoding) => {
          if (disk.writesLeft-- > 0) return target.writeFile(data, encoding);
          disk.failures++;
          await target.writeFile(data.slice(0, Math.floor(data.length / 2)), encoding);
          throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
        };
      },
    });
  };
  return { ...actual, open, default: { ...actual, open } };
});

const shop = join(fixturesRoot, 'architecture/shop.yaml');
const TARGETS = ['--target', 'gateway-api', '--target', 'kong', '--target', 'istio'];

let work: { dir: string; cleanup: () => void };
let reference: Map<string, string>;

beforeAll(async () => {
  work = tempDir('full-disk');
  disk.writesLeft = Infinity;
  const r = await meshgateInProcess(['generate', shop, '--out', join(work.dir, 'reference'), ...TARGETS]);
  expect(r.status, r.stderr).toBe(0);
  reference = new Map(listFiles(join(work.dir, 'reference')).map((f) => [f, readFileSync(join(work.dir, 'reference', f), 'utf8')]));
  expect(reference.size).toBeGreaterThan(3);
});
afterAll(() => work.cleanup());

describe('generate on a disk that fills up', () => {
  it.each([0, 1, 3])('after %i good files: exit 2, "no space left", no temporary file, earlier files complete', async (good) => {
    const out = join(work.dir, `out-${good}`);
    disk.writesLeft = good;
    disk.failures = 0;
    const r = await meshgateInProcess(['generate', shop, '--out', out, ...TARGETS]);
    disk.writesLeft = Infinity;
    expect(disk.failures, 'the injected failure was not reached').toBe(1);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/cannot write to .+: no space left on the device/);
    expect(r.stderr).not.toMatch(/internal error|^\s+at /m);
    const files = listFiles(out);
    expect(files.filter((f) => f.endsWith('.tmp') || f.split('/').pop()!.startsWith('.'))).toEqual([]);
    expect(files).toHaveLength(good);
    for (const f of files) expect(readFileSync(join(out, f), 'utf8') === reference.get(f), `${f} is incomplete`).toBe(true);
  });

  it('the same run with space left writes every file (the injection is the only difference)', async () => {
    disk.writesLeft = Infinity;
    const out = join(work.dir, 'out-ok');
    const r = await meshgateInProcess(['generate', shop, '--out', out, ...TARGETS]);
    expect(r.status, r.stderr).toBe(0);
    expect(listFiles(out)).toEqual([...reference.keys()]);
  });
});
