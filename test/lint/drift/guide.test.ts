// docs/guides/policy-drift.md shows real output: each `$ meshgate ...` block is run again (from
// test/fixtures/drift, where its example lives, at the 100 columns it shows) and must print
// exactly what the guide says.
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../../..');
const guide = readFileSync(join(root, 'docs/guides/policy-drift.md'), 'utf8');
const examples = [...guide.matchAll(/```console\n\$ (meshgate [^\n]+)\n([\s\S]*?)```/g)].map((m) => ({ command: m[1]!, output: m[2]! }));

beforeAll(() => {
  if (!existsSync(join(root, 'dist/main.js'))) throw new Error('dist/main.js is missing: run `npm run build` first (npm test does)');
});

describe('the policy-drift guide shows real output', () => {
  it('has a lint example and an explain-call example', () => {
    expect(examples.map((e) => e.command.split(' ')[1])).toEqual(['lint', 'explain-call']);
  });

  it.each(examples)('$command', ({ command, output }) => {
    const r = spawnSync(process.execPath, [join(root, 'dist/main.js'), ...command.split(' ').slice(1)], {
      cwd: join(root, 'test/fixtures/drift'),
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', COLUMNS: '100' },
      encoding: 'utf8',
    });
    expect(`${r.stdout}${r.stderr}`.trimEnd()).toBe(output.trimEnd());
  });
});
