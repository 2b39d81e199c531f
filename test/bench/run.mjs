// `npm run bench`: whole-process benchmarks of meshgate. Every figure is the median of several
// runs after a warm-up, and every ratio compares against a baseline measured in the same run on
// the same machine, with the runs of meshgate and of its baseline interleaved so that a busy
// machine slows both alike. Writes the tables into docs/design/performance.md (between the
// bench markers) unless --no-docs (or its old name --no-readme) is given.
//
//   npm run bench                      # everything below
//   npm run bench -- --quick           # small sizes, 3 runs, no Spectral (a smoke check; writes no docs)
//   npm run bench -- --no-spectral     # skip installing Spectral
//
// Two parts:
// - Input shapes users have (test/bench/shapes.mjs): directories of Kubernetes manifest files, a
//   compose file in block style, in flow style, and with all services as one flow mapping on one
//   line; each at 1x and 10x. The floor for each is test/bench/floor.mjs: read every file and
//   load all its documents with js-yaml in a fresh Node process, keeping the values.
// - The synthetic meshgate-format architectures of earlier rounds (1k, 10k, 100k services),
//   `meshgate --help` against `node -e 0`, and Stoplight Spectral on the 10k file.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync, readFileSync, existsSync, rmSync, statSync, readdirSync } from 'node:fs';
import { tmpdir, cpus, totalmem, loadavg } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { syntheticArchitecture } from './synthetic.mjs';
import { composeFile, writeKubernetesDir } from './shapes.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const cli = join(root, 'dist/main.js');
const probe = join(root, 'test/bench/rss-probe.mjs');
const floorScript = join(root, 'test/bench/floor.mjs');
const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
const withSpectral = !quick && !args.has('--no-spectral');
const writeReadme = !args.has('--no-readme') && !args.has('--no-docs') && !quick;
const SPECTRAL_VERSION = '6.16.3';

const work = join(tmpdir(), 'meshgate-bench');
mkdirSync(work, { recursive: true });

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** One run of a command: wall ms and peak RSS (bytes, from the probe preloaded into Node). */
function runOnce(label, cmd, cmdArgs, { expectStatus = [0], memory = true, cwd = root } = {}) {
  const rssFile = join(work, `rss-${process.pid}.txt`);
  rmSync(rssFile, { force: true });
  const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };
  if (memory) {
    env.NODE_OPTIONS = `--import=${probe}`;
    env.MESHGATE_BENCH_RSS_FILE = rssFile;
  }
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, cmdArgs, { cwd, env, encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (!expectStatus.includes(r.status)) {
    throw new Error(`${label}: exit ${r.status} (expected ${expectStatus.join('/')})\n${(r.stderr || '').slice(0, 2000)}`);
  }
  let rss;
  if (memory && existsSync(rssFile)) rss = Math.max(...readFileSync(rssFile, 'utf8').trim().split('\n').map(Number));
  return { ms, rss };
}

/**
 * Runs several commands `runs` times each, interleaved (a, b, c, a, b, c, ...) after one warm-up
 * round, and returns per command the median wall time and median peak RSS.
 */
function measureTogether(commands, runs) {
  const samples = commands.map(() => ({ ms: [], rss: [] }));
  for (let i = 0; i <= runs; i++) {
    commands.forEach((c, k) => {
      const { ms, rss } = runOnce(c.label, c.cmd, c.args, c.opts);
      if (i === 0) return; // warm-up: file cache, JIT of node itself
      samples[k].ms.push(ms);
      if (rss !== undefined) samples[k].rss.push(rss);
    });
  }
  return commands.map((c, k) => {
    const result = { label: c.label, ms: median(samples[k].ms), rss: samples[k].rss.length ? median(samples[k].rss) : undefined };
    process.stderr.write(`  ${c.label}: ${result.ms.toFixed(0)} ms${result.rss ? `, ${(result.rss / 1048576).toFixed(0)} MiB peak` : ''}\n`);
    return result;
  });
}

function ensureSpectral() {
  const dir = join(tmpdir(), `meshgate-bench-spectral-${SPECTRAL_VERSION}`);
  const bin = join(dir, 'node_modules/@stoplight/spectral-cli/dist/index.js');
  if (!existsSync(bin)) {
    process.stderr.write(`installing @stoplight/spectral-cli@${SPECTRAL_VERSION} into ${dir} (not a meshgate dependency)\n`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), '{"name":"meshgate-bench-spectral","private":true}\n');
    const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', `@stoplight/spectral-cli@${SPECTRAL_VERSION}`], { cwd: dir, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('could not install Spectral (run with --no-spectral to skip it)');
  }
  // The one rule equivalent to meshgate's public-service-without-auth check: a public service
  // must name a real authentication scheme (the synthetic files write `auth: none` where it lacks one).
  const ruleset = join(dir, 'public-auth.spectral.yaml');
  writeFileSync(ruleset, [
    'rules:',
    '  public-service-declares-auth:',
    '    description: A public service must declare how callers authenticate.',
    '    severity: error',
    '    given: "$.services[?(@.exposure == \'public\')]"',
    '    then:',
    '      field: auth',
    '      function: enumeration',
    '      functionOptions:',
    '        values: [jwt, oauth2, api-key, mtls]',
    '',
  ].join('\n'));
  return { bin, ruleset };
}

const fmtMs = (ms) => (ms >= 10000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(0)} ms`);
const fmtMiB = (b) => (b === undefined ? 'n/a' : `${(b / 1048576).toFixed(0)} MiB`);
const fmtBytes = (b) => (b >= 1048576 ? `${(b / 1048576).toFixed(1)} MiB` : `${(b / 1024).toFixed(0)} KiB`);
const ratio = (a, b) => `${(a / b).toFixed(2)}x`;
const count = (n) => n.toLocaleString('en-US');

if (!existsSync(cli)) {
  console.error('dist/main.js is missing: run `npm run build` first');
  process.exit(2);
}

/** Bytes of a file, or of every file in a directory. */
const sizeOf = (p) => (statSync(p).isDirectory() ? readdirSync(p).reduce((s, n) => s + statSync(join(p, n)).size, 0) : statSync(p).size);

// ---------------------------------------------------------------- shapes users have

const TIME_TARGET = 1.5;
const MEMORY_TARGET = 2;

const SHAPES = [
  {
    name: 'Kubernetes manifests, one Deployment + Service per file',
    unit: 'files',
    sizes: quick ? [100, 1000] : [500, 1000, 5000],
    make: (n) => {
      const dir = join(work, `k8s-${n}`);
      if (!existsSync(join(dir, `svc-${String(n - 1).padStart(String(n).length, '0')}.yaml`))) writeKubernetesDir(dir, n);
      return dir;
    },
    commands: ['lint', 'recommend'],
  },
  ...[
    ['compose file, block style', 'block', quick ? [50, 500] : [500, 5000]],
    ['compose file, one flow mapping per service', 'flow', quick ? [50, 500] : [500, 5000]],
    ['compose file, all services as one flow mapping on one line', 'one-line', quick ? [600, 6000] : [6000, 60000]],
  ].map(([name, style, sizes]) => ({
    name,
    unit: 'services',
    sizes,
    make: (n) => {
      const f = join(work, `compose-${style}-${n}.yaml`);
      if (!existsSync(f)) writeFileSync(f, composeFile(n, style));
      return f;
    },
    commands: ['lint'],
  })),
];

process.stderr.write(`meshgate bench on ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}\n`);
// Other work on the machine slows everything; the interleaving keeps ratios fair, and the load
// average goes into the table so that absolute figures can be read for what they are.
const loadAtStart = loadavg()[0];

const shapeRows = [];
for (const shape of SHAPES) {
  for (const n of shape.sizes) {
    const path = shape.make(n);
    const runs = quick ? 3 : 5;
    const commands = [{ label: `js-yaml floor: ${shape.name}, ${n}`, cmd: process.execPath, args: [floorScript, path] }];
    for (const c of shape.commands) {
      commands.push({ label: `meshgate ${c}: ${shape.name}, ${n}`, cmd: process.execPath, args: [cli, c, '--format', 'json', '--max-bytes', '200m', path], opts: { expectStatus: c === 'lint' ? [0, 1] : [0] } });
    }
    const [floor, ...ours] = measureTogether(commands, runs);
    shapeRows.push({ shape, n, bytes: sizeOf(path), floor, ours: ours.map((r, i) => ({ command: shape.commands[i], ...r })) });
  }
}

// ---------------------------------------------------------------- the synthetic meshgate format

const sizes = quick ? [1000, 10000] : [1000, 10000, 100000];
const files = {};
for (const n of [10, ...sizes]) {
  const f = join(work, `synthetic-${n}.yaml`);
  if (!existsSync(f)) writeFileSync(f, syntheticArchitecture(n));
  files[n] = { path: f, bytes: statSync(f).size };
}
const startupRuns = quick ? 5 : 21;
const [nodeBare, help] = measureTogether([
  { label: 'node -e 0', cmd: process.execPath, args: ['-e', '0'], opts: { memory: false } },
  { label: 'meshgate --help', cmd: process.execPath, args: [cli, '--help'], opts: { memory: false } },
], startupRuns);
const [nodeMemory, tinyLint] = measureTogether([
  { label: 'node -e 0 (memory)', cmd: process.execPath, args: ['-e', '0'] },
  { label: 'meshgate lint 10 (fixed cost)', cmd: process.execPath, args: [cli, 'lint', '--format', 'json', files[10].path], opts: { expectStatus: [0, 1] } },
], 5);

const rows = [];
for (const n of sizes) {
  const runs = n >= 100000 ? 3 : quick ? 3 : 5;
  const { path, bytes } = files[n];
  const [parse, lint] = measureTogether([
    { label: `js-yaml load ${n}`, cmd: process.execPath, args: [floorScript, path] },
    { label: `meshgate lint ${n}`, cmd: process.execPath, args: [cli, 'lint', '--format', 'json', '--max-bytes', '200m', path], opts: { expectStatus: [0, 1] } },
  ], runs);
  rows.push({ n, bytes, parse, lint });
}

let spectral;
if (withSpectral) {
  const { bin, ruleset } = ensureSpectral();
  [spectral] = measureTogether([{ label: 'spectral lint 10000 (1 rule)', cmd: process.execPath, args: [bin, 'lint', '--ruleset', ruleset, '--format', 'json', '--quiet', files[10000].path], opts: { expectStatus: [0, 1] } }], 3);
}

// ---------------------------------------------------------------- tables

const lines = [];
lines.push(`Measured by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${cpus().length} cores (load average ${loadAtStart.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end), Node ${process.version}; whole processes, median of ${quick ? 3 : 5} runs (3 at 100k services) after a warm-up, each meshgate run interleaved with its floor's. Peak memory is the process's max RSS (an empty \`node -e 0\` takes ${fmtMiB(nodeMemory.rss)}).`);
lines.push('');
lines.push('**Input shapes users have**, against the js-yaml floor (`test/bench/floor.mjs`: read every file, `loadAll` it, keep the values):');
lines.push('');
lines.push('| input | size | floor time | meshgate | time | vs floor | floor peak | meshgate peak | vs floor |');
lines.push('|---|---|---|---|---|---|---|---|---|');
for (const r of shapeRows) {
  r.ours.forEach((o, i) => {
    const first = i === 0;
    lines.push(`| ${first ? r.shape.name : ''} | ${first ? `${count(r.n)} ${r.shape.unit} (${fmtBytes(r.bytes)})` : ''} | ${first ? fmtMs(r.floor.ms) : ''} | \`${o.command}\` | ${fmtMs(o.ms)} | ${ratio(o.ms, r.floor.ms)} | ${first ? fmtMiB(r.floor.rss) : ''} | ${fmtMiB(o.rss)} | ${ratio(o.rss, r.floor.rss)} |`);
  });
}
lines.push('');
lines.push('**The synthetic meshgate-format architectures** of earlier rounds (each service calls about 4 others):');
lines.push('');
lines.push('| what | input | median time | vs baseline | peak memory |');
lines.push('|---|---|---|---|---|');
lines.push(`| \`node -e 0\` (baseline) | | ${fmtMs(nodeBare.ms)} | 1.00x | ${fmtMiB(nodeMemory.rss)} |`);
lines.push(`| \`meshgate --help\` | | ${fmtMs(help.ms)} | ${ratio(help.ms, nodeBare.ms)} of \`node -e 0\` | |`);
lines.push(`| \`meshgate lint\`, 10 services (fixed cost) | | ${fmtMs(tinyLint.ms)} | | ${fmtMiB(tinyLint.rss)} |`);
for (const r of rows) {
  const size = `${count(r.n)} services (${fmtBytes(r.bytes)})`;
  lines.push(`| js-yaml floor | ${size} | ${fmtMs(r.parse.ms)} | 1.00x | ${fmtMiB(r.parse.rss)} |`);
  lines.push(`| \`meshgate lint --format json\` | ${size} | ${fmtMs(r.lint.ms)} | ${ratio(r.lint.ms, r.parse.ms)} of the floor | ${fmtMiB(r.lint.rss)} = ${ratio(r.lint.rss, r.parse.rss)} of the floor's |`);
}
if (spectral) {
  const ten = rows.find((r) => r.n === 10000);
  lines.push(`| Spectral ${SPECTRAL_VERSION}, 1 equivalent rule | 10,000 services | ${fmtMs(spectral.ms)} | meshgate is ${(spectral.ms / ten.lint.ms).toFixed(1)}x faster | ${fmtMiB(spectral.rss)} |`);
}
lines.push('');

const targets = [];
for (const r of shapeRows) {
  for (const o of r.ours) {
    const what = `${o.command}, ${r.shape.name}, ${count(r.n)} ${r.shape.unit}`;
    targets.push([`${what}: time within ${TIME_TARGET}x the floor`, o.ms / r.floor.ms <= TIME_TARGET, ratio(o.ms, r.floor.ms)]);
    targets.push([`${what}: peak memory within ${MEMORY_TARGET}x the floor's`, o.rss / r.floor.rss <= MEMORY_TARGET, ratio(o.rss, r.floor.rss)]);
  }
}
for (const shape of SHAPES) {
  const mine = shapeRows.filter((r) => r.shape === shape);
  const a = mine[0];
  const b = mine[mine.length - 1];
  for (const [i, command] of shape.commands.entries()) {
    const t = b.ours[i].ms / a.ours[i].ms;
    const m = b.ours[i].rss / a.ours[i].rss;
    const grew = b.bytes / a.bytes;
    targets.push([`${command}, ${shape.name}: ${count(a.n)} → ${count(b.n)} ${shape.unit} (${grew.toFixed(1)}x the bytes) costs at most as much more time and memory`, t <= grew * 1.1 && m <= grew * 1.1, `time ${t.toFixed(1)}x, memory ${m.toFixed(1)}x (the floor: ${(b.floor.ms / a.floor.ms).toFixed(1)}x, ${(b.floor.rss / a.floor.rss).toFixed(1)}x)`]);
  }
}
targets.push(['`--help` within 1.5x of `node -e 0`', help.ms / nodeBare.ms <= 1.5, ratio(help.ms, nodeBare.ms)]);
for (const r of rows) {
  targets.push([`synthetic ${count(r.n)} services: lint within ${TIME_TARGET}x the floor`, r.lint.ms / r.parse.ms <= TIME_TARGET, ratio(r.lint.ms, r.parse.ms)]);
  targets.push([`synthetic ${count(r.n)} services: peak memory within ${MEMORY_TARGET}x the floor's`, r.lint.rss / r.parse.rss <= MEMORY_TARGET, ratio(r.lint.rss, r.parse.rss)]);
}
if (spectral) {
  const ten = rows.find((r) => r.n === 10000);
  targets.push(['synthetic 10k: lint at least 3x faster than Spectral\'s one-rule run', spectral.ms / ten.lint.ms >= 3, `${(spectral.ms / ten.lint.ms).toFixed(1)}x`]);
}
lines.push('| target | met | measured |');
lines.push('|---|---|---|');
for (const [what, ok, got] of targets) lines.push(`| ${what} | ${ok ? 'yes' : '**no**'} | ${got} |`);
const table = lines.join('\n');
console.log(table);

if (writeReadme) {
  const readmePath = join(root, 'docs/design/performance.md');
  const readme = readFileSync(readmePath, 'utf8');
  const start = '<!-- bench:start -->';
  const end = '<!-- bench:end -->';
  const i = readme.indexOf(start);
  const j = readme.indexOf(end);
  if (i < 0 || j < i) {
    console.error('docs/design/performance.md has no bench markers; table not written');
    process.exit(2);
  }
  writeFileSync(readmePath, `${readme.slice(0, i + start.length)}\n${table}\n${readme.slice(j)}`);
  process.stderr.write('docs/design/performance.md updated\n');
}
