/**
 * Shared pieces of the robustness suite: running meshgate (spawned and in-process), the one
 * definition of a "clean" outcome, fixture texts to mutate, and fast-check arbitraries for
 * mutated YAML, answers and architectures.
 */
import { expect } from 'vitest';
import fc from 'fast-check';
import { dump } from 'js-yaml';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from '../../src/cli.js';
import { memoryIo } from '../../src/io.js';
import {
  AUTH_KINDS, CLOUDS, CONSUMERS, EDGE_NEEDS, EXPOSURES, LATENCY, MTLS_MODES, OBSERVABILITY, PLATFORMS, PROTOCOLS,
  SERVICE_KINDS, SERVICE_SECURITY, TEAMS, TRAFFIC, TRAFFIC_CONTROL,
} from '../../src/core/types.js';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const cliPath = join(repoRoot, 'dist/main.js');
export const corpusRoot = resolve(repoRoot, '../shared/corpus');
export const fixturesRoot = join(repoRoot, 'test/fixtures');
export const spawnEnv = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };

/** Fixed seeds keep every property run (and its failures) reproducible. */
export const SEED = 0x6d657368;

export interface RunResult {
  status: number | null;
  signal?: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the BUILT cli in a fresh node process. */
export function meshgate(args: string[], opts: { input?: string | Uint8Array; cwd?: string; timeout?: number } = {}): RunResult {
  const r = spawnSync(process.execPath, [cliPath, ...args], {
    encoding: 'utf8',
    env: spawnEnv,
    input: opts.input ?? '',
    cwd: opts.cwd ?? repoRoot,
    timeout: opts.timeout ?? 60_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** Runs meshgate in this process through the same `run` the binary uses (fast: no node start-up). */
export async function meshgateInProcess(args: string[], opts: { stdin?: string; cwd?: string } = {}): Promise<RunResult> {
  const io = memoryIo({ stdin: opts.stdin ?? '', cwd: opts.cwd ?? repoRoot });
  const status = await run(args, io);
  return { status, stdout: io.out, stderr: io.err };
}

export function assertBuilt(): void {
  if (!existsSync(cliPath)) throw new Error('dist/main.js is missing: run `npx tsc -p .` first (npm test does)');
}

/** A stack-trace line as node prints it. */
const STACK_LINE = /^\s+at\s.+[:(]/m;

/**
 * The contract every command keeps on every input: exit 0, 1 or 2; a message on stderr for 2;
 * never the internal-error path and never a stack trace.
 */
export function expectCleanOutcome(r: RunResult, what: string): void {
  const context = `${what}\nexit=${r.status} signal=${r.signal ?? ''}\nstderr:\n${r.stderr.slice(0, 2000)}`;
  expect([0, 1, 2], context).toContain(r.status);
  expect(r.stderr, context).not.toMatch(/internal error/i);
  expect(r.stderr, context).not.toMatch(STACK_LINE);
  if (r.status === 2) expect(r.stderr.trim().length, context).toBeGreaterThan(0);
}

/** Exit 2 with a message that names `file` with a line and column. */
export function expectPositionedError(r: RunResult, file: string, what: string): void {
  expectCleanOutcome(r, what);
  const context = `${what}\nexit=${r.status}\nstderr:\n${r.stderr.slice(0, 2000)}`;
  expect(r.status, context).toBe(2);
  expect(r.stderr, context).toMatch(new RegExp(`${escapeRegExp(file)}:\\d+:\\d+`));
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A fresh temporary directory; removed by the returned cleanup. */
export function tempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `meshgate-robust-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Every file below `dir`, relative, '/'-separated (empty when `dir` does not exist). */
export function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string, prefix: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name), `${prefix}${e.name}/`);
      else out.push(`${prefix}${e.name}`);
    }
  };
  walk(dir, '');
  return out.sort();
}

function yamlFilesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(e.name) && statSync(p).size < 256 * 1024) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

/** Real YAML to mutate: the project's fixtures and the shared corpus (when present). */
export function seedTexts(): { file: string; text: string }[] {
  if (!existsSync(corpusRoot)) console.warn(`SKIPPED corpus: ${corpusRoot} is absent; mutating the test fixtures only`);
  const files = [...yamlFilesUnder(fixturesRoot).filter((f) => !f.includes('/robustness/')), ...yamlFilesUnder(corpusRoot)];
  return files.map((file) => ({ file, text: readFileSync(file, 'utf8') }));
}

// ---------------------------------------------------------------- mutation

/** Scalars that trip parsers, schemas and generators. */
export const TRICKY_SCALARS = [
  "''", '~', 'null', '-1', '0', '1e999', '0x1F', '.inf', '.nan', '[]', '{}', '*missing', '&a x', '!!binary aGVsbG8=',
  "!!js/function 'f'", '!custom x', '"\\u0000"', '"a\\nb"', '2001-12-14', '99999999999999999999999', '? k', '|', '>-',
  '__proto__', '"../../etc/passwd"', 'yes', 'on', 'true', "'{x}'", '[a, [b, [c]]]', '"$(rm -rf /)"', '"a;b}"',
  '"\\t"', '!!str 12', '!!int x', '!!map []', '!!seq {}', '{a: 1, a: 2}', '"\\ud800"', '@x', '`x`', '%x', '"😀"',
];

/** Keys that probe prototype handling and the schemas. */
export const TRICKY_KEYS = [
  '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '<<', '""', 'services', 'calls', 'name',
  'kind', 'apiVersion', '"a/b~c"', 'x', '? [a]', '"key with spaces"', 'valueOf',
];

/** Whole lines to insert. */
export const TRICKY_LINES = [
  '---', '...', '%YAML 1.2', '%TAG ! tag:x,2000:', '\t- tab', '- ', ': ', '? ', '#', '&anchor', '*alias', '<<: *a',
  'a: &a [*a]', '"unterminated', "'unterminated", '{', '[', ']', '}', 'key: value: other', '  - - - x', '!!binary',
  '\u00a0nbsp: x', '\ufeffbom: x', 'k: |\n  block\n x', 'services: *nope', '- &s {name: a, calls: [*s]}',
];

type Mutation =
  | { op: 'char'; at: number; ch: string }
  | { op: 'delete-char'; at: number }
  | { op: 'delete-line'; at: number }
  | { op: 'duplicate-line'; at: number }
  | { op: 'swap-lines'; at: number; with: number }
  | { op: 'indent'; at: number; by: number }
  | { op: 'key'; at: number; key: string }
  | { op: 'value'; at: number; value: string }
  | { op: 'insert-line'; at: number; line: string }
  | { op: 'truncate'; at: number };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('char' as const), at: fc.nat(), ch: fc.oneof(fc.constantFrom(...':-[]{}&*!|>\'"%@`#,?\t\n \\\u00e9\u0000\ufffe'), fc.string({ minLength: 1, maxLength: 1, unit: 'binary' })) }),
  fc.record({ op: fc.constant('delete-char' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('delete-line' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('duplicate-line' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('swap-lines' as const), at: fc.nat(), with: fc.nat() }),
  fc.record({ op: fc.constant('indent' as const), at: fc.nat(), by: fc.integer({ min: -4, max: 4 }) }),
  fc.record({ op: fc.constant('key' as const), at: fc.nat(), key: fc.constantFrom(...TRICKY_KEYS) }),
  fc.record({ op: fc.constant('value' as const), at: fc.nat(), value: fc.constantFrom(...TRICKY_SCALARS) }),
  fc.record({ op: fc.constant('insert-line' as const), at: fc.nat(), line: fc.constantFrom(...TRICKY_LINES) }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
);

/** Applies one mutation; positions wrap around so every generated index is meaningful. */
export function applyMutation(text: string, m: Mutation): string {
  const lines = text.split('\n');
  const li = lines.length > 0 ? m.at % lines.length : 0;
  switch (m.op) {
    case 'char': {
      const at = text.length === 0 ? 0 : m.at % text.length;
      return text.slice(0, at) + m.ch + text.slice(at + 1);
    }
    case 'delete-char': {
      const at = text.length === 0 ? 0 : m.at % text.length;
      return text.slice(0, at) + text.slice(at + 1);
    }
    case 'delete-line':
      lines.splice(li, 1);
      return lines.join('\n');
    case 'duplicate-line':
      lines.splice(li, 0, lines[li] ?? '');
      return lines.join('\n');
    case 'swap-lines': {
      const wj = lines.length > 0 ? m.with % lines.length : 0;
      const a = lines[li] ?? '';
      lines[li] = lines[wj] ?? '';
      lines[wj] = a;
      return lines.join('\n');
    }
    case 'indent': {
      const line = lines[li] ?? '';
      lines[li] = m.by >= 0 ? ' '.repeat(m.by) + line : line.replace(new RegExp(`^ {0,${-m.by}}`), '');
      return lines.join('\n');
    }
    case 'key': {
      const line = lines[li] ?? '';
      const match = /^(\s*(?:-\s+)?)([^:#\s][^:#]*?)(\s*:(?:\s|$).*)$/.exec(line);
      lines[li] = match ? `${match[1]}${m.key}${match[3]}` : `${m.key}: x`;
      return lines.join('\n');
    }
    case 'value': {
      const line = lines[li] ?? '';
      const match = /^(\s*(?:-\s+)?[^:#]*:\s+)(.*)$/.exec(line) ?? /^(\s*-\s+)(.*)$/.exec(line);
      lines[li] = match ? `${match[1]}${m.value}` : `${line} ${m.value}`;
      return lines.join('\n');
    }
    case 'insert-line':
      lines.splice(li, 0, m.line);
      return lines.join('\n');
    case 'truncate':
      return text.slice(0, text.length === 0 ? 0 : m.at % text.length);
  }
}

/** A real file's text with 1-4 mutations applied. */
export function mutatedYaml(seeds: readonly { file: string; text: string }[]): fc.Arbitrary<{ from: string; text: string }> {
  return fc
    .tuple(fc.constantFrom(...seeds), fc.array(mutationArb, { minLength: 1, maxLength: 4 }))
    .map(([seed, ms]) => ({ from: seed.file, text: ms.reduce(applyMutation, seed.text) }));
}

/** Short texts made of YAML's structural characters: mostly invalid, sometimes odd but valid. */
export const yamlishText: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      fc.constantFrom('a', 'b', ':', ': ', '- ', '-', '\n', '  ', '\t', '[', ']', '{', '}', ',', '&x ', '*x', '!!str ', '? ', '|', '>', '"', "'", '#', '---\n', '...\n', '%YAML 1.2\n', '<<: ', '__proto__', '1', '~', '\\'),
      fc.string({ maxLength: 3 }),
    ),
    { maxLength: 40 },
  )
  .map((parts) => parts.join(''));

// ---------------------------------------------------------------- answers

const sub = <T>(values: readonly T[]) => fc.uniqueArray(fc.constantFrom(...values), { maxLength: values.length });

/** A valid Answers document (only the required fields are always present). */
export const validAnswers: fc.Arbitrary<Record<string, unknown>> = fc.record(
  {
    apiVersion: fc.constant('meshgate/v1'),
    kind: fc.constant('Answers'),
    traffic: fc.constantFrom(...TRAFFIC),
    services: fc.integer({ min: 1, max: 5000 }),
    consumers: sub(CONSUMERS),
    edgeNeeds: sub(EDGE_NEEDS),
    serviceSecurity: fc.constantFrom(...SERVICE_SECURITY),
    compliance: fc.boolean(),
    observability: fc.constantFrom(...OBSERVABILITY),
    trafficControl: sub(TRAFFIC_CONTROL),
    platform: fc.constantFrom(...PLATFORMS),
    clusters: fc.integer({ min: 1, max: 50 }),
    languages: fc.integer({ min: 1, max: 20 }),
    protocols: sub(PROTOCOLS),
    team: fc.constantFrom(...TEAMS),
    latency: fc.constantFrom(...LATENCY),
    cloud: fc.constantFrom(...CLOUDS),
  },
  { requiredKeys: ['apiVersion', 'kind', 'traffic', 'services'] },
);

const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, -1, 0, 1.5, 'nope', '', true, [], {}, ['not-a-choice'], [1, 1], { a: 1 }, 'north-south ', 1e300),
  fc.string({ maxLength: 8 }),
  fc.integer(),
);

/** An Answers document with exactly one thing wrong; `field` names what (for the message check). */
export const invalidAnswers: fc.Arbitrary<{ doc: Record<string, unknown>; field: string }> = fc.oneof(
  // A known field with a wrong value (re-drawn when it happens to be valid is not needed: the caller checks).
  fc.tuple(validAnswers, fc.constantFrom('traffic', 'services', 'consumers', 'edgeNeeds', 'serviceSecurity', 'compliance', 'observability', 'trafficControl', 'platform', 'clusters', 'languages', 'protocols', 'team', 'latency', 'cloud', 'apiVersion', 'kind'), wrongValue)
    .map(([doc, field, value]) => ({ doc: { ...doc, [field]: value }, field })),
  // An unknown field.
  fc.tuple(validAnswers, fc.constantFrom('trafic', 'service', 'Platform', 'extra', 'constructor', 'toString')).map(([doc, field]) => ({ doc: { ...doc, [field]: 'x' }, field })),
  // A missing required field.
  fc.tuple(validAnswers, fc.constantFrom('traffic', 'services')).map(([doc, field]) => {
    const { [field]: _gone, ...rest } = doc;
    return { doc: rest, field };
  }),
);

// ---------------------------------------------------------------- architectures

export const SAFE_NAMES = ['web', 'api', 'cart', 'catalog', 'orders', 'db', 'cache', 'queue', 'auth', 'search'];
/** Names no generated config may carry verbatim. */
export const HOSTILE_NAMES = [
  '../etc', '../../tmp/pwned', 'a\nb', 'x}; server { listen 80', 'a;b', '$(touch /tmp/pwned)', 'a b', '*', '#x',
  "it's", 'quote"d', 'UPPER', 'under_score', '-lead', 'trail-', 'x'.repeat(64), '__proto__', 'constructor', '{{x}}',
  'a: b', '- x', '&a', 'ünïcode', '',
];

const serviceArb = (names: fc.Arbitrary<string>) =>
  fc.record(
    {
      name: names,
      kind: fc.constantFrom(...SERVICE_KINDS),
      exposure: fc.constantFrom(...EXPOSURES),
      port: fc.integer({ min: 1, max: 65535 }),
      protocols: fc.uniqueArray(fc.constantFrom(...PROTOCOLS), { minLength: 1, maxLength: 4 }),
      replicas: fc.integer({ min: 1, max: 20 }),
      auth: fc.constantFrom(...AUTH_KINDS),
      rateLimit: fc.boolean(),
      calls: fc.array(fc.oneof(names, fc.record({ to: names, protocol: fc.constantFrom(...PROTOCOLS) }, { requiredKeys: ['to'] })), { maxLength: 4 }),
    },
    { requiredKeys: ['name'] },
  );

function architectureArb(names: fc.Arbitrary<string>): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .record(
      {
        apiVersion: fc.constant('meshgate/v1'),
        kind: fc.constant('Architecture'),
        metadata: fc.record({ name: fc.constantFrom('shop', 'bank', 'x') }),
        platform: fc.constantFrom(...PLATFORMS),
        services: fc.uniqueArray(serviceArb(names), { minLength: 1, maxLength: 8, selector: (s) => s.name }),
        gateway: fc.record({ product: fc.constantFrom('kong', 'envoy-gateway', 'nginx', 'traefik'), routes: fc.uniqueArray(names, { maxLength: 3 }) }),
        mesh: fc.record({ product: fc.constantFrom('istio', 'linkerd', 'istio-ambient'), mtls: fc.constantFrom(...MTLS_MODES) }),
      },
      { requiredKeys: ['apiVersion', 'kind', 'metadata', 'services'] },
    );
}

/** A schema-valid architecture with DNS-safe names (calls and routes may still name unknown services). */
export const validArchitecture = architectureArb(fc.constantFrom(...SAFE_NAMES));

/** An architecture that may carry hostile names, wrong types or unknown fields. */
export const invalidArchitecture: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  { weight: 2, arbitrary: architectureArb(fc.oneof(fc.constantFrom(...SAFE_NAMES), fc.constantFrom(...HOSTILE_NAMES))) },
  fc.tuple(validArchitecture, fc.constantFrom('platform', 'services', 'metadata', 'gateway', 'mesh', 'kind', 'apiVersion', 'extra', '__proto__'), wrongValue)
    .map(([doc, field, value]) => ({ ...doc, [field]: value })),
  fc.tuple(validArchitecture, fc.nat(), fc.constantFrom('name', 'kind', 'exposure', 'port', 'protocols', 'calls', 'replicas', 'auth', 'unknownField'), wrongValue)
    .map(([doc, i, field, value]) => {
      const services = [...(doc['services'] as Record<string, unknown>[])];
      const at = i % services.length;
      services[at] = { ...services[at], [field]: value };
      return { ...doc, services };
    }),
);

/** Commands that read one input file, and the arguments that keep them off the disk. */
export const READER_COMMANDS: [string, (f: string) => string[]][] = [
  ['lint', (f) => ['lint', f]],
  ['recommend', (f) => ['recommend', f]],
  ['import', (f) => ['import', f]],
  ['generate', (f) => ['generate', f, '--out', '-']],
  ['report', (f) => ['report', f]],
  ['diagram', (f) => ['diagram', f]],
];

/** Any text a reader may meet: mutated real files, YAML-ish noise, and (in)valid answers and architectures. */
export function anyInputText(seeds: readonly { file: string; text: string }[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 3, arbitrary: mutatedYaml(seeds).map((m) => m.text) },
    { weight: 1, arbitrary: yamlishText },
    { weight: 1, arbitrary: validAnswers.map((d) => dump(d)) },
    { weight: 1, arbitrary: invalidAnswers.map((d) => dump(d.doc)) },
    { weight: 1, arbitrary: validArchitecture.map((d) => dump(d)) },
    { weight: 2, arbitrary: invalidArchitecture.map((d) => dump(d)) },
  );
}
