// Every package the built code loads is a runtime dependency, and every runtime dependency is
// loaded: a devDependency imported from src/ works in this checkout and fails only for users
// (the pack-and-install test catches that only on the paths it runs).
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };

/** The package a bare specifier names: `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** Bare specifiers loaded by a compiled module: static and dynamic imports, and require(). */
function loadedPackages(code: string): string[] {
  const specs = [
    ...code.matchAll(/^\s*(?:import|export)\s+(?:[^'"]*?\s+from\s+)?['"]([^'"]+)['"]/gm),
    ...code.matchAll(/\b(?:import|require)\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((m) => m[1]!);
  return specs.filter((s) => !s.startsWith('.') && !s.startsWith('node:') && !builtinModules.includes(s)).map(packageOf);
}

describe('runtime dependencies', () => {
  const files = readdirSync(join(root, 'dist'), { recursive: true, encoding: 'utf8' }).filter((f) => /\.(c|m)?js$/.test(f));
  const used = new Map<string, string>();
  for (const f of files) for (const p of loadedPackages(readFileSync(join(root, 'dist', f), 'utf8'))) used.set(p, f);

  it('every package dist/ loads is in dependencies', () => {
    expect(files.length).toBeGreaterThan(50);
    const undeclared = [...used].filter(([p]) => !(p in pkg.dependencies)).map(([p, f]) => `${p} (dist/${f})`);
    expect(undeclared).toEqual([]);
  });

  it('every dependency is loaded by dist/ (the rest belong in devDependencies)', () => {
    expect(Object.keys(pkg.dependencies).filter((d) => !used.has(d))).toEqual([]);
  });
});
