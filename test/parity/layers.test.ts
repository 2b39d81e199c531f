// The layer rules in .dependency-cruiser.cjs (run on src/ by `npm test`, see test/run-tests.mjs)
// catch what they are for: here they run on a small tree that breaks each of them once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
let dir: string;

/** Files of the tree, each importing the others named. */
const TREE: Record<string, string[]> = {
  'src/main.ts': ['./cli.js'],
  'src/cli.ts': ['./commands/lint.js'],
  'src/commands/lint.ts': ['../app/lint.js', '../shell/read.js'],
  'src/app/lint.ts': ['../core/lint.js', '../shell/read.js'],
  'src/shell/read.ts': ['../yaml/parse.js'],
  'src/core/lint.ts': ['../shell/read.js', '../importers/compose.js', './what-if.js'],
  'src/core/what-if.ts': ['./lint.js'],
  'src/importers/compose.ts': ['../core/types.js', '../commands/lint.js'],
  'src/core/types.ts': [],
  'src/format/stylish.ts': ['../app/lint.js'],
  'src/yaml/parse.ts': ['../core/types.js', 'node:fs'],
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'meshgate-layers-'));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true }, include: ['src'] }));
  for (const [file, imports] of Object.entries(TREE)) {
    mkdirSync(join(dir, dirname(file)), { recursive: true });
    writeFileSync(join(dir, file), `${imports.map((i, n) => `import * as m${n} from '${i}';`).join('\n')}\nexport const uses = [${imports.map((_, n) => `m${n}`).join(', ')}];\n`);
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('layer rules', () => {
  it('report every kind of violation in a tree that has them, and nothing that is allowed', () => {
    const cruise = (outputType: string) =>
      spawnSync(process.execPath, [join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs'), 'src', '--config', join(root, '.dependency-cruiser.cjs'), '--output-type', outputType], { cwd: dir, encoding: 'utf8' });
    const r = cruise('json');
    const out = JSON.parse(r.stdout) as { summary: { violations: { rule: { name: string }; from: string; to: string }[] } };
    const found = out.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`);
    // dependency-cruiser names one edge of each module in a cycle; which one is its choice.
    expect(found.filter((f) => !f.startsWith('no-circular')).sort()).toEqual([
      'app-only-from-commands: src/format/stylish.ts -> src/app/lint.ts',
      'commands-only-from-cli: src/importers/compose.ts -> src/commands/lint.ts',
      'core-below-importers-and-format: src/core/lint.ts -> src/importers/compose.ts',
      'format-below-app: src/format/stylish.ts -> src/app/lint.ts',
      'importers-below-app: src/importers/compose.ts -> src/commands/lint.ts',
      'pure-layers-do-no-io: src/yaml/parse.ts -> fs',
      'shell-only-from-commands-and-app: src/core/lint.ts -> src/shell/read.ts',
      'yaml-is-the-bottom: src/yaml/parse.ts -> src/core/types.ts',
    ]);
    expect(found.some((f) => f.startsWith('no-circular: ') && f.includes('src/core/what-if.ts')), 'the core/lint <-> core/what-if cycle').toBe(true);
    // main -> cli -> commands -> app -> core and shell -> yaml are the allowed direction: never flagged.
    for (const allowed of ['src/main.ts', 'src/cli.ts', 'src/shell/read.ts']) expect(found.join('\n')).not.toContain(`: ${allowed} ->`);
    // The way npm test runs it (test/run-tests.mjs): violations make the exit code non-zero.
    expect(cruise('err').status).not.toBe(0);
  });
});
