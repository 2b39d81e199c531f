/**
 * How input files are named in reports: relative to the working directory (as the user would
 * type them), and, when several share a directory, that directory said once and each file named
 * below it, so evidence like "frontend (frontend.yaml:130:9)" does not repeat a long prefix in
 * every cell. Pure.
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';

/** `path` relative to `cwd` when that is shorter than the absolute path (`../x`), else absolute. */
export function pathFromCwd(path: string, cwd: string): string {
  if (path === '-' || path.startsWith('<')) return path;
  const absolute = isAbsolute(path) ? path : resolve(cwd, path);
  const rel = relative(cwd, absolute) || '.';
  return rel.length < absolute.length ? rel : absolute;
}

/** `text` with every one of `files` (longest first, so none is taken for part of another) named by pathFromCwd. */
export function relativeEvidence(text: string, files: readonly string[], cwd: string): string {
  let out = text;
  for (const f of [...files].sort((a, b) => b.length - a.length)) {
    const shown = pathFromCwd(f, cwd);
    if (shown !== f) out = out.split(f).join(shown);
  }
  return out;
}

export interface SourceNames {
  /** The directory every file is in, with a trailing separator; '' when they share none worth naming. */
  dir: string;
  /** Each file below `dir`. */
  names: string[];
  /** `text` with `dir` taken off every path in it. */
  shorten(text: string): string;
}

/** The directory `files` share and their names below it. */
export function sourceNames(files: readonly string[]): SourceNames {
  const paths = files.filter((f) => !f.startsWith('<'));
  const dirs = paths.map((f) => f.split(sep).slice(0, -1));
  let common = paths.length === files.length && dirs.length > 0 ? dirs[0]! : [];
  for (const d of dirs.slice(1)) {
    let i = 0;
    while (i < common.length && i < d.length && common[i] === d[i]) i++;
    common = common.slice(0, i);
  }
  const dir = common.length === 0 || (common.length === 1 && common[0] === '') ? '' : common.join(sep) + sep;
  return {
    dir,
    names: files.map((f) => (dir && f.startsWith(dir) ? f.slice(dir.length) : f)),
    shorten: (text) => (dir ? text.split(dir).join('') : text),
  };
}
