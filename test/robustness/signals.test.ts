/**
 * Real processes, real signals: SIGINT, SIGTERM and SIGHUP while `meshgate generate` stages its
 * files and while `lint -o` writes its report, and two `generate` runs on one --out at once.
 * After every run: no temporary file, staging directory or lock is left, the exit code is
 * 128 + the signal (130, 143, 129), and the output is all of one run or nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, watch, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { dump } from 'js-yaml';
import { assertBuilt, cliPath, listFiles, spawnEnv, tempDir } from './helpers.js';

const TARGETS = ['gateway-api', 'kong', 'nginx', 'istio', 'linkerd'].flatMap((t) => ['--target', t]);
const SIGNALS = [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const;

/** n services, a tenth of them public behind a gateway, in a mesh: 3,000 give about 6 MB in 11 files. */
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

/** n services each calling three undeclared ones: 3n error findings, about 17 MB of SARIF for 8,000. */
function manyFindings(n: number): string {
  const lines = ['apiVersion: meshgate/v1', 'kind: Architecture', 'metadata: {name: findings}', 'platform: kubernetes', 'services:'];
  for (let i = 0; i < n; i++) lines.push(`  - name: svc-${i}`, `    calls: [gone-${i}a, gone-${i}b, gone-${i}c]`);
  return lines.join('\n') + '\n';
}

interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

function start(args: string[], cwd: string): { child: ChildProcess; done: Promise<Outcome> } {
  const child = spawn(process.execPath, [cliPath, ...args], { cwd, env: spawnEnv, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<Outcome>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stderr })));
  return { child, done };
}

/** Resolves when an entry whose name passes `match` appears in `dir` (inotify), with its name. */
function appearsIn(dir: string, match: (name: string) => boolean): { seen: Promise<string>; stop: () => void } {
  let stop = (): void => undefined;
  const seen = new Promise<string>((resolve) => {
    const watcher = watch(dir, (_event, name) => {
      if (name && match(name)) {
        watcher.close();
        resolve(name);
      }
    });
    stop = () => watcher.close();
  });
  return { seen, stop };
}

/** Anything a writer leaves only while it works: temporary files, staging directories, locks. */
function leftovers(dir: string): string[] {
  return listFiles(dir).filter((f) => f.split('/').some((part) => part.startsWith('.')));
}

let work: { dir: string; cleanup: () => void };
let reference: Map<string, string>;

beforeAll(async () => {
  assertBuilt();
  work = tempDir('signals');
  writeFileSync(join(work.dir, 'a.yaml'), largeArchitecture(3_000));
  writeFileSync(join(work.dir, 'b.yaml'), largeArchitecture(3_000));
  writeFileSync(join(work.dir, 'findings.yaml'), manyFindings(8_000));
  const ref = join(work.dir, 'reference');
  const r = await start(['generate', 'a.yaml', '--out', ref, ...TARGETS], work.dir).done;
  expect(r.code, r.stderr).toBe(0);
  reference = new Map(listFiles(ref).map((f) => [f, readFileSync(join(ref, f), 'utf8')]));
  expect(reference.size).toBeGreaterThan(5);
}, 120_000);
afterAll(() => work.cleanup());

/**
 * Freezes `child` with SIGSTOP, queues `signal` and lets it go on: the signal is then delivered
 * at the point where the child was frozen, however busy this test process was when it noticed.
 */
function interruptNow(child: ChildProcess, signal: NodeJS.Signals): void {
  child.kill('SIGSTOP');
  child.kill(signal);
  child.kill('SIGCONT');
}

/**
 * Runs generate into `out` and interrupts it the moment its staging directory appears (it then
 * holds the lock and is writing). Staging takes tens of milliseconds, so a busy machine may
 * notice too late: the run has then finished with every file, which is also a correct outcome;
 * up to three attempts are made to catch it mid-write.
 */
async function interruptedGenerate(out: string, signal: NodeJS.Signals, opts: { outExists: boolean }): Promise<{ outcome: Outcome; caught: boolean; attempts: string[] }> {
  const attempts: string[] = [];
  for (let attempt = 0; ; attempt++) {
    rmSync(out, { recursive: true, force: true });
    mkdirSync(opts.outExists ? out : dirname(out), { recursive: true });
    let stop = (): void => undefined;
    const run = start(['generate', 'a.yaml', '--out', out, ...TARGETS], work.dir);
    const watchStaging = (): void => {
      const staging = appearsIn(out, (name) => name.startsWith('.meshgate-staging-'));
      stop = staging.stop;
      void staging.seen.then(() => interruptNow(run.child, signal));
    };
    if (opts.outExists) watchStaging();
    else {
      // The run creates --out, then takes the lock and stages inside it.
      const created = appearsIn(dirname(out), (name) => name === basename(out));
      stop = created.stop;
      void created.seen.then(watchStaging);
    }
    const outcome = await run.done;
    stop();
    attempts.push(`exit ${outcome.code} signal ${outcome.signal}: ${outcome.stderr.trim()}`);
    // Noticed too late, the signal finds the run finished (exit 0) or just done writing (exit 128+N,
    // "what was written is complete"): either way every file must be there. Then try again.
    const complete = listFiles(out).length === reference.size;
    if (complete) expect(listFiles(out), attempts.join('\n')).toEqual([...reference.keys()]);
    const caught = !complete;
    if (caught || attempt === 2) return { outcome, caught, attempts };
  }
}

describe('a signal while generate writes', () => {
  it.each(SIGNALS)('%s: exit %i, the directory exactly as it was (empty), no staging directory or lock left', async (signal, expected) => {
    const out = join(work.dir, `out-${signal}`);
    const { outcome, caught, attempts } = await interruptedGenerate(out, signal, { outExists: true });
    expect(caught, attempts.join('\n')).toBe(true);
    expect(outcome.code, attempts.join('\n')).toBe(expected);
    // Notes generate prints before it writes may come first; the last line says what the signal did.
    expect(outcome.stderr.endsWith(`\nmeshgate: cancelled (${signal}); nothing was changed in ${out}\n`), outcome.stderr).toBe(true);
    expect(listFiles(out), attempts.join('\n')).toEqual([]);
  }, 60_000);

  it('an --out the run created is removed again', async () => {
    const out = join(work.dir, 'fresh', 'configs');
    const { outcome, caught, attempts } = await interruptedGenerate(out, 'SIGTERM', { outExists: false });
    expect(caught, attempts.join('\n')).toBe(true);
    expect(outcome.code, attempts.join('\n')).toBe(143);
    expect(existsSync(out), 'the run created --out and must remove it').toBe(false);
  }, 60_000);
});

describe('a signal while lint -o writes its report', () => {
  it.each(SIGNALS)('%s: exit %i, no temporary file, and the report is either absent or complete', async (signal, expected) => {
    const dir = join(work.dir, `lint-${signal}`);
    const report = join(dir, 'report.sarif');
    const attempts: string[] = [];
    let outcome: Outcome;
    for (let attempt = 0; ; attempt++) {
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir);
      // A signal that lands before the writer starts ends node at once (nothing is on disk then);
      // the temporary file appearing means the writer has its handlers, so the signal must be caught.
      const temp = appearsIn(dir, (name) => name.startsWith('.report.sarif.') && name.endsWith('.tmp'));
      const run = start(['lint', 'findings.yaml', '-f', 'sarif', '-o', report], work.dir);
      void temp.seen.then(() => interruptNow(run.child, signal));
      outcome = await run.done;
      temp.stop();
      attempts.push(`exit ${outcome.code} signal ${outcome.signal}: ${outcome.stderr.trim()}`);
      expect(leftovers(dir), attempts.join('\n')).toEqual([]);
      // The report is written in one synchronous step: a signal during it is handled right after,
      // so the report is complete. One noticed too late finds lint done (its own exit code 1) or
      // gone (killed by the default action once the writer's handlers are removed); then try again.
      expect(listFiles(dir), attempts.join('\n')).toEqual(['report.sarif']);
      const sarif = JSON.parse(readFileSync(report, 'utf8')) as { runs: { results: unknown[] }[] };
      expect(sarif.runs[0]!.results).toHaveLength(24_001);
      if (outcome.code === expected || attempt === 2) break;
    }
    expect(outcome.code, attempts.join('\n')).toBe(expected);
    expect(outcome.stderr, attempts.join('\n')).toContain(`meshgate: cancelled (${signal})`);
  }, 60_000);
});

describe('two generate runs on one --out', () => {
  /** Which input each written file says it came from (every generated file names it in its header). */
  function origins(out: string): Set<string> {
    const configs = listFiles(out).filter((f) => !f.startsWith('.meshgate-generated'));
    return new Set(configs.map((f) => /from ([ab])\.yaml/.exec(readFileSync(join(out, f), 'utf8'))?.[1] ?? '?'));
  }

  it('the second, started while the first holds the lock, exits 2 naming the first; the first writes everything', async () => {
    const out = join(work.dir, 'shared-1');
    mkdirSync(out);
    const lock = appearsIn(out, (name) => name === '.meshgate.lock');
    const first = start(['generate', 'a.yaml', '--out', out, ...TARGETS], work.dir);
    // Frozen while it holds the lock, the first run stays in the way for as long as the second needs.
    void lock.seen.then(() => first.child.kill('SIGSTOP'));
    await lock.seen;
    const second = await start(['generate', 'b.yaml', '--out', out, ...TARGETS], work.dir).done;
    first.child.kill('SIGCONT');
    const a = await first.done;
    expect(a.code, a.stderr).toBe(0);
    expect(second.code, second.stderr).toBe(2);
    expect(second.stderr).toMatch(new RegExp(`is being written by another meshgate run \\(pid ${first.child.pid}, started \\d{4}-\\d\\d-\\d\\dT`));
    expect(second.stderr).toMatch(/^fix: wait for that run to finish/m);
    expect(listFiles(out)).toEqual([...reference.keys()]);
    for (const [f, text] of reference) expect(readFileSync(join(out, f), 'utf8') === text, f).toBe(true);
  }, 60_000);

  it('started together: exactly one wins, the other exits 2, and the directory holds exactly the winner\'s files', async () => {
    const out = join(work.dir, 'shared-2');
    const runs = [start(['generate', 'a.yaml', '--out', out, ...TARGETS], work.dir), start(['generate', 'b.yaml', '--out', out, ...TARGETS], work.dir)];
    const outcomes = await Promise.all(runs.map((r) => r.done));
    const context = outcomes.map((o) => `exit ${o.code}: ${o.stderr}`).join('\n');
    expect(outcomes.map((o) => o.code).sort(), context).toEqual([0, 2]);
    const loser = outcomes.find((o) => o.code === 2)!;
    // Whichever got the lock first: the other met the lock, or (if the first had finished) the first's files.
    expect(loser.stderr, context).toMatch(/is being written by another meshgate run \(pid \d+|files already exist; nothing was written/);
    expect(listFiles(out)).toEqual([...reference.keys()]);
    expect([...origins(out)]).toEqual([outcomes[0]!.code === 0 ? 'a' : 'b']);
  }, 60_000);

  it('a lock left by a killed run is reported as such, with how to remove it (as git does for index.lock)', async () => {
    const out = join(work.dir, 'stale');
    mkdirSync(out);
    // A pid that is certainly not running: a child that has already exited.
    const gone = start(['--version'], work.dir);
    await gone.done;
    writeFileSync(join(out, '.meshgate.lock'), JSON.stringify({ pid: gone.child.pid, host: (await import('node:os')).hostname(), started: '2026-01-01T00:00:00.000Z' }) + '\n');
    const r = await start(['generate', 'a.yaml', '--out', out, '-t', 'kong'], work.dir).done;
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(`meshgate: ${out} is locked by a meshgate run that is no longer running (pid ${gone.child.pid}, started 2026-01-01T00:00:00.000Z)`);
    expect(r.stderr).toContain(`remove ${join(out, '.meshgate.lock')} and run again`);
    expect(listFiles(out)).toEqual(['.meshgate.lock']);
  }, 60_000);
});
