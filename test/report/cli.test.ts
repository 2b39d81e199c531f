/** `meshgate report` and `meshgate diagram` end to end: the built CLI, real files, exit codes. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../diagram/helpers.js';
import { parseMermaid, nodeName } from '../diagram/mermaid-structure.js';
import { parseXml, allElements } from '../diagram/xml-check.js';

const cli = join(repoRoot, 'dist/main.js');
const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', SOURCE_DATE_EPOCH: '1798329600' };
const meshgate = (args: string[], opts: { cwd?: string; input?: string } = {}) =>
  spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env, input: opts.input ?? '', cwd: opts.cwd ?? repoRoot });
const shop = join(repoRoot, 'test/fixtures/report/topology/shop-both.yaml');
const answers = join(repoRoot, 'templates/examples/answers.yaml');
let dir: string;

beforeAll(() => {
  if (!existsSync(cli)) throw new Error('dist/main.js is missing: run `npx tsc -p .` first (npm test does)');
  dir = mkdtempSync(join(tmpdir(), 'meshgate-report-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('meshgate report', () => {
  it('writes a MADR record to stdout with the date from SOURCE_DATE_EPOCH', () => {
    const r = meshgate(['report', shop]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.startsWith('---\nstatus: proposed\ndate: 2026-12-27\n---\n\n# ')).toBe(true);
    const mermaid = /```mermaid\n([\s\S]*?)```/.exec(r.stdout)![1]!;
    const names = [...parseMermaid(mermaid).nodes.values()].map(nodeName);
    for (const s of ['storefront', 'partner-api', 'catalog', 'checkout', 'catalog-db', 'orders-queue', 'payments-provider']) {
      expect(names.filter((n) => n === s), s).toHaveLength(1);
    }
  });

  it('works from answers alone, with placeholders for the services', () => {
    const r = meshgate(['report', answers]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('# ');
    expect(r.stdout).toContain('the system described in');
    expect(r.stdout).toMatch(/services 4–14/);
  });

  it('-o writes the file atomically and refuses to overwrite it without --force', () => {
    const out = join(dir, 'decision.md');
    const first = meshgate(['report', shop, '-o', out]);
    expect(first.status).toBe(0);
    expect(first.stdout).toBe('');
    const written = readFileSync(out, 'utf8');
    expect(written).toMatch(/^## Decision Outcome$/m);

    writeFileSync(out, 'keep me\n');
    const again = meshgate(['report', shop, '-o', out]);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain(`${out} already exists`);
    expect(again.stderr).toContain('--force');
    expect(again.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(out, 'utf8')).toBe('keep me\n');

    const forced = meshgate(['report', shop, '-o', out, '--force']);
    expect(forced.status).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(written);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('resolves -o against the working directory', () => {
    const r = meshgate(['report', shop, '-f', 'html', '-o', 'rel.html'], { cwd: dir });
    expect(r.status).toBe(0);
    const html = readFileSync(join(dir, 'rel.html'), 'utf8');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toMatch(/<figure class="diagram"[^>]*>\n<svg /);
  });

  it.each([
    [['report', 'no-such-file.yaml'], /no-such-file\.yaml: no such file/],
    [['report', shop, '-o', '/nonexistent-dir/x.md'], /does not exist/],
    [['report', shop, '-f', 'pdf'], /invalid|allowed choices/i],
    [['report', shop, '-o', '.'], /is a directory/],
  ])('%j exits 2 with one clear message', (args, message) => {
    const r = meshgate(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  });

  it('rejects a malformed SOURCE_DATE_EPOCH', () => {
    const r = spawnSync(process.execPath, [cli, 'report', shop], { encoding: 'utf8', env: { ...env, SOURCE_DATE_EPOCH: 'yesterday' } });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('SOURCE_DATE_EPOCH');
  });

  it('-o - writes to stdout', () => {
    const r = meshgate(['report', shop, '-o', '-'], { cwd: dir });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('## Decision Outcome');
    expect(existsSync(join(dir, '-'))).toBe(false);
  });

  it('reads the input from stdin with -', () => {
    const r = meshgate(['report', '-'], { input: readFileSync(answers, 'utf8') });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('## Decision Outcome');
  });
});

describe('meshgate diagram', () => {
  it('prints Mermaid by default', () => {
    const r = meshgate(['diagram', shop]);
    expect(r.status).toBe(0);
    const parsed = parseMermaid(r.stdout);
    expect(parsed.groups.size).toBeGreaterThan(0);
  });

  it('prints DOT', () => {
    const r = meshgate(['diagram', shop, '-f', 'dot']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^digraph topology \{\n/);
    expect(r.stdout).toContain('label="payments-provider"');
  });

  it('writes a well-formed SVG naming every service', () => {
    const out = join(dir, 'shop.svg');
    const r = meshgate(['diagram', shop, '-f', 'svg', '-o', out]);
    expect(r.status).toBe(0);
    const root = parseXml(readFileSync(out, 'utf8'));
    const texts = allElements(root).filter((e) => e.name === 'text').map((e) => e.text);
    for (const s of ['storefront', 'partner-api', 'catalog', 'checkout', 'catalog-db', 'orders-queue', 'payments-provider']) expect(texts).toContain(s);
    const again = meshgate(['diagram', shop, '-f', 'svg', '-o', out]);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('already exists');
  });

  it('exits 2 on an input that is not YAML it understands', () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'services: [unclosed\n');
    const r = meshgate(['diagram', bad]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/bad\.yaml:\d+:\d+/);
  });
});

describe('paths in the record (issue 16)', () => {
  const system = join(repoRoot, 'test/fixtures/kubernetes/shop');

  it('names input files relative to the working directory, their directory once, evidence without it', () => {
    // The directory given as an absolute path, run from the repository root.
    const r = meshgate(['report', system]);
    expect(r.status, r.stderr).toBe(0);
    const files = readdirSync(system).filter((f) => f.endsWith('.yaml')).sort();
    expect(r.stdout).toContain(`read from ${files.length} files in \`test/fixtures/kubernetes/shop/\`: ${files.map((f) => `\`${f}\``).join(', ')})`);
    expect(r.stdout).not.toContain(repoRoot);
    const table = r.stdout.slice(r.stdout.indexOf('| Question |'));
    expect(table).toMatch(/inferred: [^|]*\(\w[\w-]*\.yaml:\d+:\d+\)/);
    expect(table).not.toContain('test/fixtures/kubernetes/shop/');
  });

  it('the same from another directory: relative with ../ where that is shorter, absolute where not', () => {
    const sub = join(repoRoot, 'test/fixtures/report');
    const r = meshgate(['report', system], { cwd: sub });
    expect(r.stdout).toContain('read from 3 files in `../kubernetes/shop/`');
    // From a temporary directory the way back up is longer than the absolute path.
    const fromElsewhere = meshgate(['report', system], { cwd: dir });
    expect(fromElsewhere.stdout).toContain(`read from 3 files in \`${system}/\``);
  });
});
