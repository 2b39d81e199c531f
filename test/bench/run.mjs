// `npm run bench`: whole-process benchmarks of meshgate on synthetic architectures.
// Every figure is the median of several runs, and every ratio compares against a baseline
// measured in the same run on the same machine. Writes the table into README's Performance
// section (between the bench markers) unless --no-readme is given.
//
//   npm run bench                      # 1k, 10k, 100k services + Spectral on 10k
//   npm run bench -- --quick           # fewer runs, no 100k, no Spectral (for a smoke check)
//   npm run bench -- --no-spectral     # skip installing Spectral
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync, readFileSync, existsSync, rmSync, statSync } from 'node:fs';
import { tmpdir, cpus, totalmem } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { syntheticArchitecture } from './synthetic.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const cli = join(root, 'dist/main.js');
const probe = join(root, 'test/bench/rss-probe.mjs');
const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
const withSpectral = !quick && !args.has('--no-spectral');
const writeReadme = !args.has('--no-readme') && !quick;
const SPECTRAL_VERSION = '6.16.3';

const work = join(tmpdir(), 'meshgate-bench');
mkdirSync(work, { recursive: true });

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Runs a command `runs` times (after one warm-up) and returns median wall ms and median peak RSS. */
function measure(label, cmd, cmdArgs, { runs, expectStatus = [0], memory = true, cwd = root } = {}) {
  const times = [];
  const rss = [];
  for (let i = 0; i <= runs; i++) {
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
    if (i === 0) continue; // warm-up: file cache, JIT of node itself
    times.push(ms);
    if (memory && existsSync(rssFile)) {
      const values = readFileSync(rssFile, 'utf8').trim().split('\n').map(Number);
      rss.push(Math.max(...values));
    }
  }
  const result = { label, ms: median(times), runs, rss: rss.length ? median(rss) : undefined };
  process.stderr.write(`  ${label}: ${result.ms.toFixed(0)} ms${result.rss ? `, ${(result.rss / 1048576).toFixed(0)} MiB peak` : ''}\n`);
  return result;
}

function ensureSpectral() {
  const dir = join(tmpdir(), `meshgate-bench-spectral-${SPECTRAL_VERSION}`);
  const bin = join(dir, 'node_modules/@stoplight/spectral-cli/dist/index.js');
  if (!existsSync(bin)) {
    process.stderr.write(`installing @stoplight/spectral-cli@${SPECTRAL_VERSION} into ${dir} (not a meshgate dependency)\n`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), '{"name":"meshgate-bench-spectral","private":true}\n');
    const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', `@stoplight/spectral-cli@${SPECTRAL_VERSION}`], { cwd: dir, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('could not install Spectral');
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
const ratio = (a, b) => `${(a / b).toFixed(2)}x`;

if (!existsSync(cli)) {
  console.error('dist/main.js is missing: run `npm run build` first');
  process.exit(2);
}

const sizes = quick ? [1000, 10000] : [1000, 10000, 100000];
const files = {};
for (const n of [10, ...sizes]) {
  const f = join(work, `synthetic-${n}.yaml`);
  if (!existsSync(f)) writeFileSync(f, syntheticArchitecture(n));
  files[n] = { path: f, bytes: statSync(f).size };
}

process.stderr.write(`meshgate bench on ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}\n`);
const startupRuns = quick ? 5 : 21;
const nodeBare = measure('node -e 0', process.execPath, ['-e', '0'], { runs: startupRuns, memory: false });
// Peak RSS of an empty Node process: memory figures are also given net of it, since no Node
// program can use less, however small its input.
const nodeRss = measure('node -e 0 (memory)', process.execPath, ['-e', '0'], { runs: 5 }).rss;
const help = measure('meshgate --help', process.execPath, [cli, '--help'], { runs: startupRuns, memory: false });
// meshgate's own fixed cost (Node, its modules, compiled code): a lint of a 10-service file.
const tinyLint = measure('meshgate lint 10 (fixed cost)', process.execPath, [cli, 'lint', '--format', 'json', files[10].path], { runs: 5, expectStatus: [0, 1] });
const fixedRss = tinyLint.rss;

const rows = [];
for (const n of sizes) {
  const runs = n >= 100000 ? 3 : quick ? 3 : 5;
  const { path, bytes } = files[n];
  const parse = measure(`js-yaml load ${n}`, process.execPath, ['-e', `require('js-yaml').load(require('fs').readFileSync(${JSON.stringify(path)}, 'utf8'))`], { runs });
  const lint = measure(`meshgate lint ${n}`, process.execPath, [cli, 'lint', '--format', 'json', '--max-bytes', '200m', path], { runs, expectStatus: [0, 1] });
  rows.push({ n, bytes, parse, lint });
}

let spectral;
if (withSpectral) {
  const { bin, ruleset } = ensureSpectral();
  spectral = measure('spectral lint 10000 (1 rule)', process.execPath, [bin, 'lint', '--ruleset', ruleset, '--format', 'json', '--quiet', files[10000].path], { runs: 3, expectStatus: [0, 1] });
}

const lines = [];
lines.push(`Measured by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${cpus().length} cores, Node ${process.version}; whole processes, median of several runs after a warm-up. Peak memory is the process's max RSS; "net" subtracts meshgate's fixed cost, the ${fmtMiB(fixedRss)} a lint of a 10-service file peaks at (an empty \`node -e 0\` alone takes ${fmtMiB(nodeRss)}).`);
lines.push('');
lines.push('| what | input | median time | vs baseline | peak memory |');
lines.push('|---|---|---|---|---|');
lines.push(`| \`node -e 0\` (baseline) | | ${fmtMs(nodeBare.ms)} | 1.00x | |`);
lines.push(`| \`meshgate --help\` | | ${fmtMs(help.ms)} | ${ratio(help.ms, nodeBare.ms)} of \`node -e 0\` | |`);
for (const r of rows) {
  const size = `${r.n.toLocaleString('en-US')} services (${(r.bytes / 1048576).toFixed(1)} MiB)`;
  lines.push(`| bare \`js-yaml load\` (floor) | ${size} | ${fmtMs(r.parse.ms)} | 1.00x | ${fmtMiB(r.parse.rss)} |`);
  lines.push(`| \`meshgate lint --format json\` | ${size} | ${fmtMs(r.lint.ms)} | ${ratio(r.lint.ms, r.parse.ms)} of the parse | ${fmtMiB(r.lint.rss)} = ${(r.lint.rss / r.bytes).toFixed(1)}x the file; net ${fmtMiB(r.lint.rss - fixedRss)} = ${((r.lint.rss - fixedRss) / r.bytes).toFixed(1)}x |`);
}
if (spectral) {
  const ten = rows.find((r) => r.n === 10000);
  lines.push(`| Spectral ${SPECTRAL_VERSION}, 1 equivalent rule | 10,000 services | ${fmtMs(spectral.ms)} | meshgate is ${(spectral.ms / ten.lint.ms).toFixed(1)}x faster | ${fmtMiB(spectral.rss)} |`);
}
lines.push('');
const targets = [];
targets.push(['`--help` within 1.5x of `node -e 0`', help.ms / nodeBare.ms <= 1.5, ratio(help.ms, nodeBare.ms)]);
const ten = rows.find((r) => r.n === 10000);
targets.push(['lint of 10k within 1.5x of the bare parse', ten.lint.ms / ten.parse.ms <= 1.5, ratio(ten.lint.ms, ten.parse.ms)]);
if (spectral) targets.push(['lint of 10k at least 3x faster than Spectral\'s one-rule run', spectral.ms / ten.lint.ms >= 3, `${(spectral.ms / ten.lint.ms).toFixed(1)}x`]);
for (let i = 1; i < rows.length; i++) {
  const a = rows[i - 1], b = rows[i];
  targets.push([`10x input (${a.n.toLocaleString('en-US')} → ${b.n.toLocaleString('en-US')}) costs at most 11x the time`, b.lint.ms / a.lint.ms <= 11, `${(b.lint.ms / a.lint.ms).toFixed(1)}x`]);
}
// Below a few MB no Node program can stay under 10x its input (an empty one takes ~40 MiB), so
// the absolute target is judged at the largest size, where the input dominates; how memory
// grows with the input is judged between the two largest sizes.
const largest = rows[rows.length - 1];
targets.push([`peak memory under 10x the file size at ${largest.n.toLocaleString('en-US')} services, Node included`, largest.lint.rss < 10 * largest.bytes, `${(largest.lint.rss / largest.bytes).toFixed(1)}x (${fmtMiB(largest.lint.rss)} for ${(largest.bytes / 1048576).toFixed(1)} MiB)`]);
if (rows.length > 1) {
  const a = rows[rows.length - 2], b = largest;
  const marginal = (b.lint.rss - a.lint.rss) / (b.bytes - a.bytes);
  targets.push([`each further byte of input costs under 10 bytes of peak memory (${a.n.toLocaleString('en-US')} → ${b.n.toLocaleString('en-US')})`, marginal < 10, `${marginal.toFixed(1)} bytes`]);
}
lines.push('| target | met | measured |');
lines.push('|---|---|---|');
for (const [what, ok, got] of targets) lines.push(`| ${what} | ${ok ? 'yes' : '**no**'} | ${got} |`);
const table = lines.join('\n');
console.log(table);

if (writeReadme) {
  const readmePath = join(root, 'README.md');
  const readme = readFileSync(readmePath, 'utf8');
  const start = '<!-- bench:start -->';
  const end = '<!-- bench:end -->';
  const i = readme.indexOf(start);
  const j = readme.indexOf(end);
  if (i < 0 || j < i) {
    console.error('README.md has no bench markers; table not written');
    process.exit(2);
  }
  writeFileSync(readmePath, `${readme.slice(0, i + start.length)}\n${table}\n${readme.slice(j)}`);
  process.stderr.write('README.md Performance section updated\n');
}
