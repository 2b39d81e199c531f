/**
 * @viz-js/viz (a WebAssembly Graphviz) is loaded only for SVG output: `diagram -f svg` and
 * `report -f html`. Checked on the built CLI with a module-resolution hook that logs every
 * import of it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../diagram/helpers.js';

const cli = join(repoRoot, 'dist/main.js');
const shop = join(repoRoot, 'test/fixtures/report/topology/shop-both.yaml');
let dir: string;
let register: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'meshgate-lazy-viz-'));
  const hooks = join(dir, 'hooks.mjs');
  writeFileSync(
    hooks,
    `export async function resolve(specifier, context, next) {
  if (specifier.startsWith('@viz-js/viz')) process.stderr.write('LOADED @viz-js/viz\\n');
  return next(specifier, context);
}
`,
  );
  register = join(dir, 'register.mjs');
  writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', pathToFileURL(register).href, cli, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  expect(r.status, r.stderr).toBe(0);
  return r.stderr.includes('LOADED @viz-js/viz');
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
