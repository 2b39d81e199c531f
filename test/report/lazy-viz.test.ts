/**
 * @viz-js/viz (a WebAssembly Graphviz) is loaded only for SVG output: `diagram -f svg` and
 * `report -f html`. Checked on the built CLI with a module-resolution hook that logs every
 * import of it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../diagram/helpers.js';

const cli = join(repoRoot, 'dist/main.js');
const shop = join(repoRoot, 'test/fixtures/report/topology/shop-both.yaml');
let dir: string;
let register: string;
let log: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'meshgate-lazy-viz-'));
  const hooks = join(dir, 'hooks.mjs');
  log = join(dir, 'loaded.log');
  // Hooks run on Node's loader thread: its stderr writes can be lost when the main thread exits
  // first, so the hook appends to a file synchronously instead.
  writeFileSync(
    hooks,
    `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  if (specifier.startsWith('@viz-js/viz')) appendFileSync(${JSON.stringify(log)}, 'LOADED @viz-js/viz\\n');
  return next(specifier, context);
}
`,
  );
  register = join(dir, 'register.mjs');
  writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[]) {
  rmSync(log, { force: true });
  const r = spawnSync(process.execPath, ['--import', pathToFileURL(register).href, cli, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  expect(r.status, r.stderr).toBe(0);
  return existsSync(log) && readFileSync(log, 'utf8').includes('LOADED @viz-js/viz');
}

describe('lazy loading of the WebAssembly Graphviz', () => {
  it.each([
    [['diagram', shop], false],
    [['diagram', shop, '-f', 'dot'], false],
    [['report', shop], false],
    [['diagram', shop, '-f', 'svg'], true],
    [['report', shop, '-f', 'html'], true],
  ])('%j loads it: %s', (args, loaded) => {
    expect(run(args)).toBe(loaded);
  });
});
