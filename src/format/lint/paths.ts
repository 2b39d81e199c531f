/**
 * Paths as CI tools want them: relative to the working directory, with forward slashes.
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';

/** `file` relative to `cwd` with forward slashes; names that are not paths (e.g. "<stdin>") pass through. */
export function relativePosix(file: string, cwd: string): string {
  if (file.startsWith('<')) return file;
  const abs = isAbsolute(file) ? file : resolve(cwd, file);
  const rel = relative(cwd, abs) || '.';
  return sep === '/' ? rel : rel.split(sep).join('/');
}
