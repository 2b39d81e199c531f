/**
 * What `generate` wrote into an --out directory, so a later run can tell its own files from the
 * user's: `.meshgate-generated.json` lists every file meshgate wrote there, with the sha256 of
 * what it wrote. With --force, a file an earlier run wrote that this run no longer writes is
 * removed (`kubectl apply -f DIR` would otherwise still apply it), but only when it is still
 * exactly what meshgate wrote; a file the user changed, or any file meshgate did not write, is
 * never touched.
 */
import { createHash } from 'node:crypto';
import { lstatSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';

/** The manifest's file name inside --out. */
export const MANIFEST_NAME = '.meshgate-generated.json';

/** The manifest: relative path -> sha256 of the content meshgate wrote. */
export interface GeneratedManifest {
  generatedBy: 'meshgate';
  files: Record<string, string>;
}

/** A picked product as the record states it: the files written for it, or why none is. */
export interface ManifestProduct {
  id: string;
  role: string;
  name: string;
  outcome: 'written' | 'declined';
  files: string[];
  detail: string;
}

/** sha256 of a text, hex. */
export function contentHash(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Reads the manifest of an --out directory; absent or unreadable means "nothing known". */
export function readManifest(root: string): { manifest?: GeneratedManifest; problem?: string } {
  let text: string;
  try {
    if (!lstatSync(join(root, MANIFEST_NAME)).isFile()) return { problem: `${MANIFEST_NAME} is not a regular file: ignored` };
    text = readFileSync(join(root, MANIFEST_NAME), 'utf8');
  } catch {
    return {};
  }
  try {
    const v = JSON.parse(text) as GeneratedManifest;
    if (v?.generatedBy !== 'meshgate' || typeof v.files !== 'object' || v.files === null) return { problem: `${MANIFEST_NAME} is not meshgate's: ignored` };
    const files: Record<string, string> = {};
    for (const [p, h] of Object.entries(v.files)) if (typeof h === 'string' && /^[0-9a-f]{64}$/.test(h)) files[p] = h;
    return { manifest: { generatedBy: 'meshgate', files } };
  } catch {
    return { problem: `${MANIFEST_NAME} is not valid JSON: ignored` };
  }
}

/**
 * The manifest text for a set of written files and, when given, the picked products with what
 * was written for each (a product meshgate writes no starter config for is recorded as
 * `declined`, with why). Readers use `files` only; `products` is for people and tools.
 */
export function manifestText(files: Record<string, string>, products?: readonly ManifestProduct[]): string {
  const sorted = Object.fromEntries(Object.entries(files).sort(([a], [b]) => a.localeCompare(b)));
  return `${JSON.stringify({ generatedBy: 'meshgate', files: sorted, ...(products ? { products } : {}) }, null, 2)}\n`;
}

/** A file an earlier run wrote that this run does not, and what may be done with it. */
export interface StaleFile {
  path: string;
  /** remove: still exactly what meshgate wrote; changed: edited since, kept; gone: no longer there; unsafe: not a plain file inside --out. */
  state: 'remove' | 'changed' | 'gone' | 'unsafe';
}

/**
 * Checks a relative path: every component under root must be a real directory (no symlink that
 * could lead elsewhere) and the last a regular file. Returns its absolute path, or why not.
 */
function plainFileInside(root: string, rel: string): { absolute?: string; missing?: boolean } {
  if (rel === '' || isAbsolute(rel) || rel.includes('\\') || rel.split('/').some((p) => p === '' || p === '.' || p === '..')) return {};
  const absolute = join(root, ...rel.split('/'));
  const r = relative(root, absolute);
  if (r.startsWith('..') || isAbsolute(r)) return {};
  let current = root;
  const parts = r.split(sep);
  for (let i = 0; i < parts.length; i++) {
    current = join(current, parts[i]!);
    let st;
    try {
      st = lstatSync(current);
    } catch {
      return { missing: true };
    }
    if (st.isSymbolicLink()) return {};
    if (i < parts.length - 1 ? !st.isDirectory() : !st.isFile()) return {};
  }
  return { absolute };
}

/** Sorts the files of an earlier run that this run does not write. */
export function staleFiles(root: string, previous: GeneratedManifest | undefined, planned: ReadonlySet<string>): StaleFile[] {
  if (!previous) return [];
  const out: StaleFile[] = [];
  for (const [path, hash] of Object.entries(previous.files).sort(([a], [b]) => a.localeCompare(b))) {
    if (planned.has(path) || path === MANIFEST_NAME) continue;
    const where = plainFileInside(root, path);
    if (where.missing) out.push({ path, state: 'gone' });
    else if (!where.absolute) out.push({ path, state: 'unsafe' });
    else out.push({ path, state: contentHash(readFileSync(where.absolute)) === hash ? 'remove' : 'changed' });
  }
  return out;
}

