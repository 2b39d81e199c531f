// README.md and docs/ show real output: re-run documented commands and compare with what the page says.
// (`npm run docs` regenerates these blocks; this test checks a few of them through a second path.)
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
function markdown(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? markdown(join(dir, n)) : n.endsWith('.md') ? [join(dir, n)] : []));
}
/** README.md and every page of docs/, one text. */
const readme = [join(root, 'README.md'), ...markdown(join(root, 'docs'))].map((f) => readFileSync(f, 'utf8')).join('\n');
const cwd = mkdtempSync(join(tmpdir(), 'meshgate-readme-'));
copyFileSync(join(root, 'test/fixtures/scenarios/14-startup-go-services.yaml'), join(cwd, 'answers.yaml'));

function run(args: string[]) {
  // The README shows a 100-column terminal: text output wraps to COLUMNS.
  const r = spawnSync(process.execPath, [join(root, 'dist/main.js'), ...args], { cwd, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', COLUMNS: '100' }, encoding: 'utf8' });
  return r.stdout + r.stderr;
}

/** The body of the fenced block whose first line is `$ <command>`, in README.md or a docs page (not the `<!-- docs:run` marker above it). */
function documented(command: string): string {
  const start = readme.indexOf(`\`\`\`console\n$ ${command}\n`);
  expect(start, `README.md or docs/ shows "$ ${command}" in a fenced block`).toBeGreaterThanOrEqual(0);
  const body = readme.slice(start + command.length + 14);
  return body.slice(0, body.indexOf('\n```'));
}

beforeAll(() => {
  if (!existsSync(join(root, 'dist/main.js'))) throw new Error('dist/main.js is missing: run `npm run build` first (npm test does)');
});

describe('documented examples are real output', () => {
  it.each(['meshgate recommend answers.yaml', 'meshgate rules show small-team', 'meshgate rules show mtls'])('%s', (command) => {
    expect(run(command.split(' ').slice(1)).trimEnd()).toBe(documented(command));
  });
});
