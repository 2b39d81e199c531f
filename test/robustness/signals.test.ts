/**
 * Ctrl-C while `meshgate generate` writes: exit 130, no temporary file left behind, and every
 * file that is there is complete (byte for byte what an uninterrupted run writes).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, watch, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dump } from 'js-yaml';
import { assertBuilt, cliPath, listFiles, meshgateInProcess, spawnEnv, tempDir } from './helpers.js';

const TARGETS = ['gateway-api', 'kong', 'nginx', 'istio', 'linkerd'].flatMap((t) => ['--target', t]);

/** n services, a tenth of them public behind a gateway, in a mesh: 10,000 give about 18 MB of output in 11 files. */
function largeArchitecture(n: number): string {
  const services = Array.from({ length: n }, (_, i) => ({
    name: `svc-${i}`,
    exposure: i % 10 === 0 ? 'public' : 'internal',
    port: 8080,
    calls: [`svc-${(i + 1) % n}`, `svc-${(i + 7) % n}`],
  }));
  return dump({
    apiVersion: 'meshgate/v1',
    kind: 'Architecture',
    metadata: { name: 'big' },
    platform: 'kubernetes',
    services,
    gateway: { product: 'kong', routes: services.filter((s) => s.exposure === 'public').map((s) => s.name) },
    mesh: { product: 'istio', mtls: 'strict' },
  });
}

/** Starts generate, sends SIGINT `delayMs` after --out appears (i.e. once writing has begun), and waits for the exit. */
function interruptedGenerate(input: string, out: string, cwd: string, delayMs: number): Promise<{ code: number | null; signal: string | null; stderr: string; sent: boolean }> {
  return new Promise((resolveRun) => {
    const child = spawn(process.execPath, [cliPath, 'generate', input, '--out', out, ...TARGETS], { cwd, env: spawnEnv, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    let sent = false;
    const fire = (): void => {
      if (sent) return;
      sent = true;
      watcher.close();
      setTimeout(() => child.kill('SIGINT'), delayMs);
    };
    // inotify on the parent: the moment generate creates --out, it is about to write the first file.
    const watcher = watch(cwd, (_event, name) => {
      if (name === out.slice(cwd.length + 1) && existsSync(out)) fire();
    });
    child.on('exit', (code, signal) => {
      watcher.close();
      resolveRun({ code, signal, stderr, sent });
    });
  });
}

let work: { dir: string; cleanup: () => void };
let input: string;
let reference: Map<string, string>;

beforeAll(async () => {
  assertBuilt();
  work = tempDir('sigint');
  input = join(work.dir, 'big.yaml');
  writeFileSync(input, largeArchitecture(8_000));
  const ref = join(work.dir, 'reference');
  const r = await meshgateInProcess(['generate', input, '--out', ref, ...TARGETS], { cwd: work.dir });
  expect(r.status, r.stderr).toBe(0);
  reference = new Map(listFiles(ref).map((f) => [f, readFileSync(join(ref, f), 'utf8')]));
  expect(reference.size).toBeGreaterThan(5);
}, 120_000);
afterAll(() => work.cleanup());

describe('SIGINT during generate', () => {
  it('exits 130 and leaves only complete files, never a temporary or partial one', async () => {
    const outcomes: string[] = [];
    // Delays after --out appears; whichever lands mid-write must behave. An attempt that finishes
    // before the signal arrives is allowed, but at least one must really be interrupted.
    for (const [i, delay] of [0, 40].entries()) {
      const out = join(work.dir, `out-${i}`);
      const run = await interruptedGenerate(input, out, work.dir, delay);
      outcomes.push(`delay ${delay}ms: exit ${run.code} signal ${run.signal}`);
      expect(run.sent, 'generate never created --out').toBe(true);
      // Besides 130 (caught mid-write) and 0 (finished first), node's default kill is fine when the
      // signal lands after the handler is gone, that is after the last file is in place.
      const killed = run.code === null && run.signal === 'SIGINT';
      expect(run.code === 0 || run.code === 130 || killed, `${outcomes.join('; ')}\n${run.stderr}`).toBe(true);
      const files = listFiles(out);
      expect(files.filter((f) => /\.tmp$/.test(f) || f.split('/').pop()!.startsWith('.')), `temporary files after ${outcomes.at(-1)}`).toEqual([]);
      for (const f of files) {
        expect(reference.has(f), `${f} is not a file generate writes`).toBe(true);
        expect(readFileSync(join(out, f), 'utf8') === reference.get(f), `${f} is incomplete after ${outcomes.at(-1)}`).toBe(true);
      }
      if (killed) {
        expect(files.length, `killed by SIGINT mid-write: ${outcomes.at(-1)}`).toBe(reference.size);
      } else if (run.code === 130) {
        expect(run.stderr).toMatch(/cancelled/);
        expect(run.stderr).not.toMatch(/^\s+at /m);
        expect(files.length).toBeLessThan(reference.size);
      } else {
        expect(files.length).toBe(reference.size);
      }
    }
    expect(outcomes.some((o) => o.includes('exit 130')), outcomes.join('; ')).toBe(true);
  }, 120_000);
});
