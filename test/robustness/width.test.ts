/**
 * Text output at 80 and 120 columns (COLUMNS, NO_COLOR, through the built binary): every line of
 * lint's stylish report and stderr, generate's file lists, import's summary, error messages and
 * every command's help fits; piped without COLUMNS, lines stay whole for scripts and files.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertBuilt, cliPath, fixturesRoot, tempDir } from './helpers.js';

let work: { dir: string; cleanup: () => void };

function run(args: string[], columns?: number) {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', COLUMNS: columns === undefined ? undefined : String(columns) };
  if (columns === undefined) delete env['COLUMNS'];
  const r = spawnSync(process.execPath, [cliPath, ...args], { cwd: work.dir, env, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function longest(text: string): number {
  return Math.max(0, ...text.split('\n').map((l) => [...l].length));
}

const COMMANDS = ['', 'ask', 'recommend', 'rules', 'rules show', 'compare', 'import', 'lint', 'explain-call', 'generate', 'report', 'diagram', 'completion'];

/** Runs whose text meshgate wraps (stdout unless it is JSON), with what they must print. */
const CASES: [string, string[], RegExp][] = [
  ['lint, stylish, findings and a broken file', ['lint', 'shop.yaml', 'broken.yaml'], /How to fix/],
  ['lint -f json, stderr', ['lint', 'shop.yaml', 'broken.yaml', '-f', 'json'], /could\s+not\s+be\s+linted/],
  ['generate', ['generate', 'shop.yaml', '--out', 'out', '--force', '-t', 'gateway-api', '-t', 'linkerd', '-t', 'istio'], /wrote \d+ files/],
  ['generate --dry-run', ['generate', 'shop.yaml', '--out', 'dry', '--dry-run', '-t', 'kong', '-t', 'istio'], /would write/],
  ['import -o', ['import', 'shop.yaml', '-o', 'imported.yaml', '--force'], /review the comments/],
  ['an input error', ['recommend', 'broken.yaml'], /fix: /],
  ['a usage error', ['generate', 'shop.yaml'], /required option/],
];

beforeAll(() => {
  assertBuilt();
  work = tempDir('width');
  copyFileSync(join(fixturesRoot, 'architecture/shop.yaml'), join(work.dir, 'shop.yaml'));
  writeFileSync(join(work.dir, 'broken.yaml'), 'apiVersion: meshgate/v1\nkind: Architecture\nservices:\n  - name: [oops\n');
});
afterAll(() => work.cleanup());

describe.each([80, 120])('COLUMNS=%i', (columns) => {
  it.each(CASES)('%s: every line fits', (_name, args, expected) => {
    const r = run(args, columns);
    expect(r.stdout + r.stderr).toMatch(expected);
    if (!args.includes('json')) expect(longest(r.stdout), r.stdout).toBeLessThanOrEqual(columns);
    expect(longest(r.stderr), r.stderr).toBeLessThanOrEqual(columns);
  });

  it('every command\'s help fits, with its examples', () => {
    for (const command of COMMANDS) {
      const r = run([...command.split(' ').filter(Boolean), '--help'], columns);
      expect(r.status, command).toBe(0);
      expect(r.stdout, command).toMatch(/\nExamples:\n {2}\$ meshgate .+\n {2}\$ meshgate .+\n/);
      expect(longest(r.stdout), `${command} --help\n${r.stdout}`).toBeLessThanOrEqual(columns);
    }
  });
});

describe('piped, without COLUMNS', () => {
  it('keeps whole lines: a finding is one line however long', () => {
    const r = run(['lint', 'shop.yaml']);
    const finding = r.stdout.split('\n').find((l) => l.includes('grpc-without-l7-balancing') && l.includes('gRPC service'));
    expect(finding).toBeDefined();
    expect(finding!.length).toBeGreaterThan(120);
  });

  it('help marks --out of generate required and shows --no-color for ask', () => {
    expect(run(['generate', '--help']).stdout).toMatch(/Usage: meshgate generate --out <dir> \[options\] <input\.\.\.>[\s\S]*--out <dir> +\(required\)/);
    expect(run(['ask', '--help']).stdout).toMatch(/Global Options:[\s\S]*--no-color/);
  });
});
