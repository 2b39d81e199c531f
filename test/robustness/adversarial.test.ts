/**
 * Adversarial inputs, one test each: alias bombs, deep nesting, oversized files, prototype keys,
 * invalid UTF-8, hostile service names, and output directories that are symlinks, unwritable,
 * devices or full. Mostly through the BUILT binary, since that is what users run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, closeSync, existsSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseYamlDocuments } from '../../src/yaml/parse.js';
import { UserError } from '../../src/errors.js';
import { visible } from '../../src/format/terminal-text.js';
import {
  assertBuilt, cliPath, escapeRegExp, expectCleanOutcome, expectPositionedError, fixturesRoot, listFiles, meshgate, meshgateInProcess,
  repoRoot, spawnEnv, tempDir, READER_COMMANDS,
} from './helpers.js';

const shop = join(fixturesRoot, 'architecture/shop.yaml');
const answers = join(fixturesRoot, 'scenarios/03-three-services-north-south.yaml');
const robust = join(fixturesRoot, 'robustness');

let work: { dir: string; cleanup: () => void };
beforeAll(() => {
  assertBuilt();
  work = tempDir('adv');
});
afterAll(() => work.cleanup());

function write(name: string, content: string | Uint8Array): string {
  const file = join(work.dir, name);
  writeFileSync(file, content);
  return file;
}

/**
 * The per-command cases run two commands through the built binary and the rest in-process (the
 * binary's own `run`, same code and error mapping), which keeps the suite quick on two cores.
 */
const SPAWNED = new Set(['lint', 'generate']);
function execute(name: string, args: string[]) {
  return SPAWNED.has(name) ? Promise.resolve(meshgate(args)) : meshgateInProcess(args);
}

const READERS = READER_COMMANDS;

// ---------------------------------------------------------------- alias bombs

/** "Billion laughs": ten levels of nine aliases each, 9^10 (about 3.5 billion) leaves once expanded. */
function billionLaughs(): string {
  const lines = ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i <= 9; i++) lines.push(`a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]`);
  return lines.join('\n') + '\n';
}

describe('alias bombs', () => {
  it('the reader refuses a billion-laughs document with a UserError instead of expanding it', () => {
    expect(() => parseYamlDocuments(billionLaughs(), 'bomb.yaml')).toThrow(/expands to more than \d+ nodes through aliases/);
  });

  it.each(READERS)('meshgate %s: exit 2 naming the alias bomb, for a bare bomb and one inside an architecture', async (name, args) => {
    const bare = write('bomb.yaml', billionLaughs());
    // The architecture variant keeps the anchors inside the document, under an extension key.
    const inArch = write('bomb-arch.yaml', `apiVersion: meshgate/v1\nkind: Architecture\nmetadata: {name: x}\nx-bomb:\n${billionLaughs().replace(/^(?=.)/gm, '  ')}services:\n  - name: web\n    calls: *a9\n`);
    for (const file of [bare, inArch]) {
      const r = await execute(name, args(file));
      expectPositionedError(r, file, `${args(file).join(' ')}`);
      expect(r.stderr).toMatch(/alias bomb/);
    }
  });

  it('a self-referencing alias is refused cleanly, not followed forever', async () => {
    const file = write('cycle.yaml', 'a: &a [x, *a]\n');
    for (const [name, args] of READERS) expectCleanOutcome(await meshgateInProcess(args(file)), `${name} on a cyclic alias`);
    expect(meshgate(['lint', file]).status).toBe(2);
  });

  it('ordinary anchors still work (the limit is on expansion, not on aliases)', () => {
    const file = write(
      'anchors.yaml',
      [
        'apiVersion: meshgate/v1', 'kind: Architecture', 'metadata: {name: anchors}', 'services:',
        '  - {name: web, exposure: public, port: 8080, protocols: &p [http, grpc], calls: &c [api]}',
        '  - {name: api, protocols: *p, calls: *c}',
        'gateway: {product: kong, routes: *c}',
      ].join('\n') + '\n',
    );
    const r = meshgate(['recommend', file, '--format', 'json']);
    expectCleanOutcome(r, 'recommend anchors.yaml');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).answers.services).toBe(2);
  });
});

// ---------------------------------------------------------------- nesting

describe('10,000-deep nesting', () => {
  const shapes: [string, string][] = [
    ['flow sequences', '['.repeat(10_000) + ']'.repeat(10_000) + '\n'],
    ['flow mappings', '{a: '.repeat(10_000) + '1' + '}'.repeat(10_000) + '\n'],
    ['block sequences', '- '.repeat(10_000) + 'x\n'],
    ['JSON', '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000) + '\n'],
  ];

  it.each(shapes)('%s: the reader stops at its depth limit with a position', (_shape, text) => {
    let caught: unknown;
    try {
      parseYamlDocuments(text, 'deep.yaml');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(UserError);
    const err = caught as UserError;
    expect(err.message).toMatch(/nest|depth/i);
    expect(err.details[0]?.loc?.line).toBe(1);
    expect(err.details[0]?.loc?.column).toBeGreaterThan(1);
  });

  it.each(READERS)('meshgate %s: exit 2 with file:line:col for every shape, no stack overflow', async (name, args) => {
    for (const [i, [shape, text]] of shapes.entries()) {
      const file = write(`deep-${i}.yaml`, text);
      const r = await execute(name, args(file));
      expectPositionedError(r, file, `${args(file).join(' ')} (${shape})`);
      expect(r.stderr).toMatch(/nest|depth/i);
    }
  });

  it('deep but allowed nesting in fields meshgate ignores (compose labels, x- extensions) is read fine', () => {
    const d = '['.repeat(150) + ']'.repeat(150);
    const file = write('compose-deep.yaml', `services:\n  web:\n    image: nginx\n    ports: ["80:80"]\n    labels: ${d}\nx-ext: ${d}\n`);
    for (const args of [['lint', file], ['recommend', file], ['import', file]]) {
      const r = meshgate(args);
      expectCleanOutcome(r, args.join(' '));
      expect(r.status, r.stderr).not.toBe(2);
    }
  });
});

// ---------------------------------------------------------------- size limit

describe('a 50 MB file and --max-bytes', () => {
  let big: string;
  beforeAll(() => {
    // A real architecture followed by 50 MB of comment lines, ending in a byte that is not UTF-8:
    // if the size check did not come first, the error would be about encoding instead.
    const head = readFileSync(shop);
    const line = Buffer.from('# ' + 'x'.repeat(97) + '\n');
    const body = Buffer.alloc(line.length * Math.ceil((50 << 20) / line.length));
    for (let i = 0; i < body.length; i += line.length) line.copy(body, i);
    big = write('big.yaml', Buffer.concat([head, body, Buffer.from([0xff, 0x0a])]));
  });

  it.each(READERS)('meshgate %s: the default 20 MiB limit refuses it before reading, naming the limit and the fix', async (name, args) => {
    const r = await execute(name, args(big));
    expectPositionedError(r, big, args('big.yaml').join(' '));
    expect(r.stderr).toContain('over the 20971520-byte limit');
    expect(r.stderr).toMatch(/--max-bytes \d+m/);
    expect(r.stderr).not.toMatch(/UTF-8/);
  });

  it('a raised --max-bytes reads it (and then meets the bad byte at its real position)', () => {
    const r = meshgate(['lint', big, '--max-bytes', '60m']);
    expectPositionedError(r, big, 'lint big.yaml --max-bytes 60m');
    expect(r.stderr).toMatch(/not valid UTF-8/);
    const lines = readFileSync(big).subarray(0, -2).toString('latin1').split('\n').length;
    expect(r.stderr).toContain(`${big}:${lines}:1`);
  });

  it('a raised --max-bytes works end to end on a valid 50 MB file', async () => {
    const valid = write('big-valid.yaml', readFileSync(big).subarray(0, -2));
    const rec = meshgate(['recommend', valid, '--max-bytes', '60m', '--format', 'json']);
    expectCleanOutcome(rec, 'recommend big-valid.yaml --max-bytes 60m');
    expect(rec.status).toBe(0);
    expect(JSON.parse(rec.stdout).recommendation).toBeTypeOf('string');
    const lint = await meshgateInProcess(['lint', valid, '--max-bytes', '60m', '--format', 'json']);
    expect([0, 1]).toContain(lint.status);
  });

  it('stdin has the same limit', () => {
    const r = meshgate(['lint', '-'], { input: readFileSync(big) });
    expectCleanOutcome(r, 'lint - < big.yaml');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('<stdin>');
    expect(r.stderr).toContain('over the 20971520-byte limit');
  });

  it('endless input is cut off at the limit: a device, stdin that never ends, and a pipe', () => {
    // Before the cap these read until memory ran out and node aborted (exit 134/139).
    const dev = meshgate(['lint', '/dev/zero'], { timeout: 30_000 });
    expectPositionedError(dev, '/dev/zero', 'lint /dev/zero');
    expect(dev.stderr).toContain('/dev/zero is over the 20971520-byte limit');
    const zero = openSync('/dev/zero', 'r');
    try {
      const r = spawnSync(process.execPath, [cliPath, 'recommend', '-', '--max-bytes', '1m'], { stdio: [zero, 'pipe', 'pipe'], encoding: 'utf8', env: spawnEnv, timeout: 30_000 });
      expectCleanOutcome({ status: r.status, stdout: r.stdout, stderr: r.stderr }, 'recommend - < /dev/zero');
      expect(r.stderr).toContain('<stdin> is over the 1048576-byte limit');
    } finally {
      closeSync(zero);
    }
    // Process substitution (a pipe with no size) still reads a normal file completely.
    const piped = spawnSync('bash', ['-c', `"${process.execPath}" "${cliPath}" recommend --format json <(cat "${shop}")`], { encoding: 'utf8', env: spawnEnv });
    expect(piped.status, piped.stderr).toBe(0);
    expect(JSON.parse(piped.stdout).answers.services).toBeGreaterThan(0);
  });

  it('a small --max-bytes applies to every file, and a malformed size is a usage error', () => {
    const small = meshgate(['recommend', shop, '--max-bytes', '100']);
    expectPositionedError(small, shop, 'recommend shop.yaml --max-bytes 100');
    expect(small.stderr).toContain('over the 100-byte limit');
    const bad = meshgate(['recommend', shop, '--max-bytes', 'lots']);
    expectCleanOutcome(bad, '--max-bytes lots');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/invalid size "lots"/);
  });
});

// ---------------------------------------------------------------- prototype keys

describe('__proto__ and constructor keys', () => {
  const protoFiles = ['answers', 'architecture', 'compose', 'kubernetes'].map((n) => join(robust, 'prototype', `${n}.yaml`));

  it('no command pollutes Object.prototype, whatever the file (in-process)', async () => {
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    for (const file of protoFiles) {
      for (const [name, args] of READERS) {
        expectCleanOutcome(await meshgateInProcess(args(file)), `${name} ${basename(file)}`);
      }
      expectCleanOutcome(await meshgateInProcess(['recommend', shop, '--answers', file]), `recommend --answers ${basename(file)}`);
    }
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.prototype.constructor).toBe(Object);
  });

  it('prototype keys in an Answers file are unknown fields with their positions, not silently absorbed', () => {
    const file = protoFiles[0]!;
    const r = meshgate(['recommend', file]);
    expectCleanOutcome(r, 'recommend prototype/answers.yaml');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${file}:6:1: unknown field "__proto__"`);
    expect(r.stderr).toContain(`${file}:7:1: unknown field "constructor"`);
  });

  it('services named __proto__, constructor, toString... stay plain data: imported, linted and drawn by name', () => {
    const file = protoFiles[1]!;
    const imported = meshgate(['import', file]);
    expect(imported.status, imported.stderr).toBe(0);
    for (const n of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf']) expect(imported.stdout).toContain(`- name: ${n}`);
    const lint = meshgate(['lint', file, '--format', 'json']);
    expect(lint.status, lint.stderr).toBe(1);
    const bad = (JSON.parse(lint.stdout) as { ruleId: string; message: string }[]).filter((f) => f.ruleId === 'invalid-service-name');
    expect(bad.map((f) => /"([^"]+)"/.exec(f.message)?.[1]).sort()).toEqual(['__proto__', 'hasOwnProperty', 'toString', 'valueOf']);
    const diagram = meshgate(['diagram', file]);
    expect(diagram.status, diagram.stderr).toBe(0);
    for (const n of ['__proto__', 'constructor', 'toString']) expect(diagram.stdout).toContain(`"${n}"`);
  });

  it('compose and Kubernetes objects named constructor or __proto__ are classified by what they are, not by Object.prototype', () => {
    const compose = meshgate(['import', protoFiles[2]!]);
    expectCleanOutcome(compose, 'import prototype/compose.yaml');
    expect(compose.status, compose.stderr).toBe(0);
    expect(compose.stdout).toMatch(/- name: constructor\n\s+exposure: \w+\n\s+image: example\/app:1.0/);
    expect(compose.stdout).not.toMatch(/function|native code/);
    const k8s = meshgate(['import', protoFiles[3]!]);
    expectCleanOutcome(k8s, 'import prototype/kubernetes.yaml');
    expect(k8s.status, k8s.stderr).toBe(0);
    expect(k8s.stdout).toContain('- name: constructor');
    expect(k8s.stdout + k8s.stderr).not.toMatch(/function|native code/);
  });
});

// ---------------------------------------------------------------- invalid UTF-8

describe('invalid UTF-8', () => {
  const cases: [string, Uint8Array, number, number, string][] = [
    ['a stray 0xFF byte', Buffer.concat([Buffer.from('apiVersion: meshgate/v1\nkind: Answers\ntraffic: b'), Buffer.from([0xff]), Buffer.from('oth\nservices: 3\n')]), 3, 11, 'is not valid UTF-8'],
    ['a truncated multi-byte sequence after a valid one', Buffer.concat([Buffer.from('apiVersion: meshgate/v1\nkind: Answers\n# café '), Buffer.from([0xe2, 0x82]), Buffer.from(' x\n')]), 3, 8, 'is not valid UTF-8'],
    ['an encoded surrogate', Buffer.concat([Buffer.from('apiVersion: meshgate/v1\nkind: Answers\ntraffic: both\nservices: 3\n'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('\n')]), 5, 1, 'is not valid UTF-8'],
    ['a Latin-1 file', Buffer.from('services:\n  caf\xe9:\n    image: nginx\n', 'latin1'), 2, 6, 'is not valid UTF-8'],
    // Named for what it is, with the conversion that fits it (issue 16), not as bad UTF-8.
    ['a UTF-16 file with its byte-order mark', Buffer.from('\ufeffservices:\n  web:\n    image: nginx\n', 'utf16le'), 1, 1, 'is UTF-16LE text (by its byte-order mark), not UTF-8'],
  ];

  it.each(cases)('%s: every command exits 2 naming the file at the bad byte', async (label, bytes, line, column, what) => {
    const file = write(`utf8-${label.replace(/\W+/g, '-')}.yaml`, bytes);
    for (const [name, args] of READERS) {
      const r = await execute(name, args(file));
      expectPositionedError(r, file, `${name} (${label})`);
      expect(r.stderr).toContain(`${file}:${line}:${column}: ${file} ${what}`);
    }
  });

  it('the same through stdin, and a UTF-8 byte-order mark is accepted', () => {
    const r = meshgate(['recommend', '-'], { input: cases[0]![1] });
    expectCleanOutcome(r, 'recommend - (bad UTF-8)');
    expect(r.stderr).toContain('<stdin>:3:11: <stdin> is not valid UTF-8');
    const bom = write('bom.yaml', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), readFileSync(answers)]));
    expect(meshgate(['recommend', bom]).status).toBe(0);
  });
});

// ---------------------------------------------------------------- hostile service names

interface NamesExpected {
  invalidNames: { name: string; line: number; column: number }[];
}
const nameFixtures = readdirSync(join(robust, 'names'))
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => join(robust, 'names', f));

/** Raw control characters (other than line ends) that would reach the terminal. */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;
/** Invisible and bidirectional characters that would disguise a name on a terminal. */
const RAW_INVISIBLE = /[\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/;

describe.each(nameFixtures)('hostile service names: %s', (file) => {
  const expected = JSON.parse(readFileSync(file.replace(/\.yaml$/, '.expected.json'), 'utf8')) as NamesExpected;

  it('lint reports every invalid name at its position, in every format, without raw control characters', async () => {
    const r = meshgate(['lint', file, '--format', 'json']);
    expectCleanOutcome(r, `lint ${file}`);
    expect(r.status).toBe(1);
    const found = (JSON.parse(r.stdout) as { ruleId: string; line: number; column: number }[])
      .filter((f) => f.ruleId === 'invalid-service-name')
      .map((f) => `${f.line}:${f.column}`);
    expect(found.sort()).toEqual(expected.invalidNames.map((n) => `${n.line}:${n.column}`).sort());
    for (const format of ['stylish', 'github', 'junit', 'sarif']) {
      const out = await meshgateInProcess(['lint', file, '--format', format]);
      expectCleanOutcome(out, `lint --format ${format}`);
      expect(out.status).toBe(1);
      expect(RAW_CONTROL.test(out.stdout), `raw control character in lint --format ${format}`).toBe(false);
      if (format === 'stylish') expect(RAW_INVISIBLE.test(out.stdout), 'raw bidi or invisible character in stylish output').toBe(false);
    }
  });

  it('generate exits 2 naming every bad name at file:line:col and writes nothing, for every target', async () => {
    const out = join(work.dir, `gen-${basename(file)}`);
    const r = meshgate(['generate', file, '--out', out]);
    expectCleanOutcome(r, `generate ${file}`);
    expect(r.status).toBe(2);
    for (const n of expected.invalidNames) {
      // Shown as JSON shows it, and bidirectional marks (which JSON leaves raw) escaped too.
      expect(r.stderr).toContain(`${file}:${n.line}:${n.column}: service name ${visible(JSON.stringify(n.name))}`);
    }
    expect(RAW_CONTROL.test(r.stderr)).toBe(false);
    expect(existsSync(out)).toBe(false);
    mkdirSync(out);
    for (const target of ['gateway-api', 'kong', 'nginx', 'traefik', 'istio', 'linkerd', 'ingress']) {
      const t = await meshgateInProcess(['generate', file, '--out', out, '--target', target]);
      expectCleanOutcome(t, `generate --target ${target}`);
      expect(t.status, `--target ${target}`).toBe(2);
      expect(t.stderr).toMatch(new RegExp(`${escapeRegExp(file)}:\\d+:\\d+: service name`));
    }
    expect(listFiles(out)).toEqual([]);
    expect(existsSync('/tmp/meshgate-pwned')).toBe(false);
  });

  it('recommend and report keep control characters out of the terminal text', () => {
    for (const args of [['recommend', file], ['report', file]]) {
      const r = meshgate(args);
      expectCleanOutcome(r, args.join(' '));
      expect(RAW_CONTROL.test(r.stdout), `raw control character in ${args[0]}`).toBe(false);
    }
  });
});

describe('markup in names and products', () => {
  const file = join(robust, 'markup/injection.yaml');
  const ACTIVE = /<script>alert|<img src=x|<svg onload|<b>kong/;

  it.each([
    ['report', '--format', 'html'],
    ['report', '--format', 'markdown'],
    ['diagram', '--format', 'svg'],
    ['diagram', '--format', 'mermaid'],
  ])('meshgate %s %s %s renders them as text, never as markup', async (cmd, flag, format) => {
    const r = await meshgateInProcess([cmd, file, flag, format]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(200);
    expect(r.stdout).not.toMatch(ACTIVE);
  });
});

describe('free text that tries to break out of generated configs', () => {
  it('every generated YAML file holds only the objects meshgate meant to write, and nginx.conf no extra server', async () => {
    const { load, loadAll } = await import('js-yaml');
    const file = join(robust, 'markup/config-injection.yaml');
    const out = join(work.dir, 'injection-out');
    const targets = ['gateway-api', 'kong', 'nginx', 'traefik', 'istio', 'linkerd', 'ingress'].flatMap((t) => ['--target', t]);
    const r = await meshgateInProcess(['generate', file, '--out', out, ...targets]);
    expect(r.status, r.stderr).toBe(0);
    const files = listFiles(out);
    expect(files.length).toBeGreaterThan(8);
    for (const f of files) {
      const text = readFileSync(join(out, f), 'utf8');
      expect(text, f).not.toMatch(/pwned|listen 666[67]/);
      if (!f.endsWith('.yaml')) continue;
      const docs = f.startsWith('kong/') || f.startsWith('traefik/') ? [load(text)] : loadAll(text);
      for (const d of docs) expect((d as { kind?: string } | null)?.kind, `${f}: a document of an unexpected kind`).not.toBe('Secret');
    }
    const nginx = readFileSync(join(out, 'nginx/nginx.conf'), 'utf8');
    // Two default servers that refuse unknown Host names, the HTTP redirect and one TLS server.
    expect(nginx.match(/^\s*server\s*\{/gm)?.length).toBe(4);
    // The Traefik file holds the one route's router and the redirect, nothing a free-text field added.
    const traefik = load(readFileSync(join(out, 'traefik/dynamic.yaml'), 'utf8')) as { http: { routers: Record<string, unknown> } };
    expect(Object.keys(traefik.http.routers).sort()).toEqual(['https_redirect', 'web']);
  });
});

// ---------------------------------------------------------------- --out safety

describe('--out that is a symlink, unwritable, a file or a device', () => {
  it('an --out symlink to another directory is followed once, like cd: files land in its target and nowhere else', () => {
    const base = join(work.dir, 'symlinked');
    const real = join(base, 'real');
    mkdirSync(real, { recursive: true });
    symlinkSync(real, join(base, 'link'));
    const r = meshgate(['generate', shop, '--out', join(base, 'link')]);
    expect(r.status, r.stderr).toBe(0);
    const plain = meshgate(['generate', shop, '--out', join(base, 'plain')]);
    expect(plain.status, plain.stderr).toBe(0);
    expect(listFiles(real)).toEqual(listFiles(join(base, 'plain')));
    expect(readdirSync(base).sort()).toEqual(['link', 'plain', 'real']);
  });

  it('a symlink inside --out that leads elsewhere is refused before anything is written', () => {
    const out = join(work.dir, 'escape-out');
    const elsewhere = join(work.dir, 'escape-target');
    mkdirSync(out);
    mkdirSync(elsewhere);
    symlinkSync(elsewhere, join(out, 'linkerd'));
    symlinkSync(elsewhere, join(out, 'gateway-api'));
    const r = meshgate(['generate', shop, '--out', out]);
    expectCleanOutcome(r, 'generate into a directory with escaping symlinks');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/symlink that leads outside/);
    expect(r.stderr).toMatch(/nothing was written/);
    expect(readdirSync(elsewhere)).toEqual([]);
    expect(readdirSync(out).sort()).toEqual(['gateway-api', 'linkerd']);
  });

  it('a dangling --out symlink is an error, not a directory created somewhere else', () => {
    const link = join(work.dir, 'dangling');
    symlinkSync(join(work.dir, 'nowhere', 'deeper'), link);
    const r = meshgate(['generate', shop, '--out', link]);
    expectCleanOutcome(r, 'generate --out dangling');
    expect(r.status).toBe(2);
    expect(existsSync(join(work.dir, 'nowhere'))).toBe(false);
  });

  it('a read-only --out: exit 2 with a clean message and nothing written', () => {
    // Tests run as root in CI, where chmod 555 does not stop writes. There the write is made to
    // fail another way the kernel enforces for root too: a path under /proc, where no directory
    // can be created (this once made Node's recursive mkdir spin forever).
    const cases: string[] = ['/proc/meshgate-out', '/proc/self/meshgate-out'];
    if (process.getuid?.() !== 0) {
      const ro = join(work.dir, 'read-only');
      mkdirSync(ro);
      chmodSync(ro, 0o555);
      cases.push(join(ro, 'out'), ro);
    }
    for (const out of cases) {
      const r = meshgate(['generate', shop, '--out', out], { timeout: 20_000 });
      expectCleanOutcome(r, `generate --out ${out}`);
      expect(r.status, `--out ${out}`).toBe(2);
      expect(r.stderr).toMatch(/cannot (write to|create)/);
      expect(r.stderr).toContain(out);
    }
  });

  it('an --out that is a file, or lies under a file: exit 2 and the file untouched', () => {
    const file = write('not-a-dir', 'keep me\n');
    for (const out of [file, join(file, 'sub')]) {
      const r = meshgate(['generate', shop, '--out', out]);
      expectCleanOutcome(r, `generate --out ${out}`);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/not a directory/);
    }
    expect(readFileSync(file, 'utf8')).toBe('keep me\n');
  });

  it('-o naming a device or a pipe writes through it instead of renaming a file over the node', async () => {
    for (const args of [['report', shop], ['diagram', shop]]) {
      // /dev/stdout as a shell pipe (node's own child stdio is a socket, which /dev/stdout cannot reopen).
      const r = spawnSync('sh', ['-c', `"${process.execPath}" "${cliPath}" ${args.join(' ')} -o /dev/stdout | cat`], { encoding: 'utf8', env: spawnEnv });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout.length, args[0]).toBeGreaterThan(100);
      expect(lstatSync('/dev/stdout').isSymbolicLink()).toBe(true);
    }
    if (process.getuid?.() === 0) {
      // As root a rename over a device would replace it; use a private copy of /dev/null to show it does not.
      const dir = join(work.dir, 'devices');
      mkdirSync(dir);
      const made = spawnSync('mknod', [join(dir, 'null'), 'c', '1', '3']);
      expect(made.status, String(made.stderr)).toBe(0);
      for (const args of [['report', shop, '--force'], ['diagram', shop], ['lint', shop], ['import', shop]]) {
        const r = await meshgateInProcess([...args, '-o', join(dir, 'null')]);
        expect([0, 1], `${args[0]}: ${r.stderr}`).toContain(r.status);
        expect(lstatSync(join(dir, 'null')).isCharacterDevice(), `${args[0]} replaced the device`).toBe(true);
        expect(readdirSync(dir)).toEqual(['null']);
      }
    }
  });
});

// ---------------------------------------------------------------- full disk

describe('a full disk', () => {
  it('report and diagram -o /dev/full (every write fails with ENOSPC): exit 2, "no space left", nothing else written', () => {
    if (!existsSync('/dev/full')) throw new Error('/dev/full is missing: this test needs a Linux /dev');
    const before = readdirSync('/dev').filter((f) => f.endsWith('.tmp'));
    for (const args of [['report', shop], ['diagram', shop], ['report', shop, '--format', 'html'], ['lint', shop, '--format', 'sarif']]) {
      const r = meshgate([...args, '-o', '/dev/full', '--force'].filter((a) => a !== '--force' || args[0] !== 'lint'));
      expectCleanOutcome(r, `${args.join(' ')} -o /dev/full`);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('cannot write /dev/full: no space left on the device');
    }
    const imported = meshgate(['import', shop, '-o', '/dev/full']);
    expectCleanOutcome(imported, 'import -o /dev/full');
    expect(imported.status).toBe(2);
    expect(imported.stderr).toContain('cannot write /dev/full: no space left on the device');
    expect(readdirSync('/dev').filter((f) => f.endsWith('.tmp'))).toEqual(before);
    expect(existsSync('/dev/full')).toBe(true);
  });
});

// Keep the repository clean whatever happened above.
afterAll(() => {
  expect(listFiles(join(repoRoot, 'test/fixtures/robustness')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
});
