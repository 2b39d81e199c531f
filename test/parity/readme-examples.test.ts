// README shows real output: re-run the documented commands and compare with what the README says.
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const cwd = mkdtempSync(join(tmpdir(), 'meshgate-readme-'));
copyFileSync(join(root, 'test/fixtures/scenarios/14-startup-go-services.yaml'), join(cwd, 'answers.yaml'));

function run(args: string[]) {
  // The README shows a 100-column terminal: text output wraps to COLUMNS.
  const r = spawnSync(process.execPath, [join(root, 'dist/main.js'), ...args], { cwd, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', COLUMNS: '100' }, encoding: 'utf8' });
  return r.stdout + r.stderr;
}

/** The body of the fenced block that follows `$ <command>` in the README. */
function documented(command: string): string {
  const start = readme.indexOf(`$ ${command}\n`);
  expect(start, `README shows "$ ${command}"`).toBeGreaterThanOrEqual(0);
  const body = readme.slice(start + command.length + 3);
  return body.slice(0, body.indexOf('\n```'));
}

beforeAll(() => {
  if (!existsSync(join(root, 'dist/main.js'))) throw new Error('dist/main.js is missing: run `npm run build` first (npm test does)');
});

describe('README examples are real output', () => {
  it.each(['meshgate recommend answers.yaml', 'meshgate rules show small-team', 'meshgate rules show mtls'])('%s', (command) => {
    expect(run(command.split(' ').slice(1)).trimEnd()).toBe(documented(command));
  });
});
