/** Shared by the importer tests: run the real reader over a fixture and describe positions compactly. */
import { readdirSync, readFileSync, existsSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { readOneSystem } from '../../src/shell/load-architecture.js';
import { memoryIo } from '../../src/io.js';
import type { Loc } from '../../src/core/types.js';

export const repoRoot = resolve(import.meta.dirname, '../..');

export interface ImporterExpectation {
  /** Inputs relative to the fixture folder, in order; default: the folder itself. */
  inputs?: string[];
  architecture: unknown;
  /** JSON pointer into the model → "file:line:col", file relative to the fixture folder. */
  locations: Record<string, string>;
  /** Each must occur in some import note. */
  notes?: string[];
}

export interface FixtureCase {
  name: string;
  dir: string;
  expected: ImporterExpectation;
}

/** Every `<name>.expected.json` beside a folder `<name>/` under `root`. */
export function fixtureCases(root: string): FixtureCase[] {
  return readdirSync(root)
    .filter((f) => f.endsWith('.expected.json'))
    .map((f) => {
      const name = f.slice(0, -'.expected.json'.length);
      const dir = join(root, name);
      if (!existsSync(dir)) throw new Error(`${f} has no folder ${name}/ beside it`);
      return { name, dir, expected: JSON.parse(readFileSync(join(root, f), 'utf8')) as ImporterExpectation };
    });
}

export async function importFixture(c: FixtureCase) {
  const inputs = (c.expected.inputs ?? ['.']).map((i) => relative(process.cwd(), join(c.dir, i)) || '.');
  return readOneSystem(inputs, {}, memoryIo());
}

/** "file:line:col" with the file relative to `dir`. */
export function showLoc(loc: Loc, dir: string): string {
  return `${relative(dir, resolve(loc.file))}:${loc.line}:${loc.column}`;
}

/** A temporary folder holding `files` (relative path → text); returns its path. */
export function tempTree(files: Record<string, string>, prefix = 'meshgate-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}
