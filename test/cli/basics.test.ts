import { describe, it, expect, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const cli = join(root, 'dist/main.js');
const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };
const meshgate = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env, input: '' });

beforeAll(() => {
  if (!existsSync(cli)) throw new Error('dist/main.js is missing: run `npm run build` first (npm test does)');
});

describe('meshgate CLI basics', () => {
  it('--help lists every command and exits 0', () => {
    const r = meshgate('--help');
    expect(r.status).toBe(0);
    for (const c of ['ask', 'recommend', 'rules', 'compare', 'import', 'lint', 'generate', 'report', 'diagram']) {
      expect(r.stdout).toMatch(new RegExp(`^  ${c}\\b`, 'm'));
    }
  });

  it('--version prints the package version', () => {
    const r = meshgate('--version');
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version);
  });

  it.each([
    [['no-such-command']],
    [['recommend']],
    [['lint', 'x.yaml', '--format', 'nope']],
    [['lint', 'x.yaml', '--max-warnings', '-3']],
    [['recommend', 'x.yaml', '--bogus-flag']],
  ])('usage error %j exits 2 with a message and no stack trace', (args) => {
    const r = meshgate(...args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/error|meshgate:/i);
    expect(r.stderr).not.toMatch(/\n\s+at .*\.js:\d+/);
  });

  it('a missing input file is an input error (exit 2) naming the file', () => {
    const r = meshgate('recommend', 'does-not-exist.yaml');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('does-not-exist.yaml: no such file');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

/** Follows static `import ... from './x.js'` edges in the compiled output. */
function staticImportGraph(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const src = readFileSync(file, 'utf8');
    // Only top-level static imports; `await import()` inside functions is the lazy path we want.
    for (const m of src.matchAll(/^\s*import\s+(?:[^'"]*?\s+from\s+)?['"]([^'"]+)['"]/gm)) {
      const spec = m[1]!;
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec));
      else if (!spec.startsWith('node:')) packages.add(spec);
    }
  };
  visit(entry);
  return { files, packages };
}

describe('startup stays light', () => {
  it('the entry module statically loads commander and nothing else from node_modules', () => {
    const { packages } = staticImportGraph(cli);
    expect([...packages]).toEqual(['commander']);
  });
});
