/**
 * Writes generated files into one output directory, safely:
 * - every path is resolved inside the directory; a path that is absolute, climbs out with
 *   `..`, or passes through a symlink that leads outside is refused;
 * - `--out` itself may be a symlink: it is resolved once (like `cd` would) and everything
 *   is then checked against the resolved directory;
 * - existing files are never overwritten without `force`; all files are checked before any
 *   is written, so a refusal changes nothing;
 * - each file is written to a temporary file in its own directory and renamed into place,
 *   so a reader never sees half a file; on Ctrl-C the temporary file is removed and the
 *   write stops with CancelledError (exit 130).
 */
import { randomBytes } from 'node:crypto';
import { lstatSync, mkdirSync, realpathSync, statSync } from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { CancelledError, UserError } from '../errors.js';

/** One file to write: where (relative to --out) and what. */
export interface FileToWrite {
  /** Relative, '/'-separated path inside the output directory. */
  path: string;
  content: string;
}

/** How to write. */
export interface WriteOptions {
  force: boolean;
  /** Aborting stops the write between steps; the temporary file in flight is removed. */
  signal?: AbortSignal;
  /** Called after a temporary file is written and before it is renamed (tests use it to interrupt). */
  afterTempWrite?: (tempPath: string) => void;
}

/** A checked file: its relative and absolute path, and whether it exists already. */
export interface WritePlanEntry {
  path: string;
  absolute: string;
  exists: boolean;
}

function inside(root: string, candidate: string): boolean {
  const rel = relative(root, candidate);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

function errnoCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException)?.code;
}

function writeError(path: string, err: unknown): UserError {
  const code = errnoCode(err);
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new UserError(`cannot write to ${path}: ${code === 'EROFS' ? 'read-only file system' : 'permission denied'}`, {
      hint: 'choose a writable directory with --out, or fix its permissions',
    });
  }
  if (code === 'ENOTDIR') return new UserError(`cannot write to ${path}: a parent of it is a file, not a directory`, { hint: 'choose another --out' });
  if (code === 'ENOENT') return new UserError(`cannot create ${path}: the system does not allow it there (or it is a dangling symlink)`, { hint: 'choose another --out' });
  if (code === 'ENOSPC') return new UserError(`cannot write to ${path}: no space left on the device`);
  return new UserError(`cannot write to ${path}: ${code ?? (err as Error)?.message ?? String(err)}`);
}

/**
 * `mkdir -p` one level at a time. Node 20's `mkdirSync(..., { recursive: true })` spins forever
 * when mkdir(2) answers ENOENT for a parent that exists (any path under /proc), so it is not used here.
 */
function makeDirs(dir: string): void {
  const missing: string[] = [];
  for (let d = dir; ; d = dirname(d)) {
    try {
      lstatSync(d);
      break;
    } catch (err) {
      if (errnoCode(err) !== 'ENOENT') throw err;
    }
    missing.unshift(d);
    if (dirname(d) === d) break;
  }
  for (const d of missing) mkdirSync(d);
}

/**
 * Resolves the output directory: relative to `cwd`, symlinks resolved. Creates it when missing.
 * Returns the real path.
 */
export function prepareOutDir(out: string, cwd: string, create: boolean): string {
  const wanted = resolve(cwd, out);
  let st;
  try {
    st = statSync(wanted);
  } catch (err) {
    if (errnoCode(err) !== 'ENOENT') throw writeError(out, err);
    if (!create) return wanted;
    try {
      makeDirs(wanted);
      st = statSync(wanted);
    } catch (mkErr) {
      throw writeError(out, mkErr);
    }
  }
  if (!st.isDirectory()) throw new UserError(`--out ${out} is not a directory`, { hint: 'name a directory (it is created when missing)' });
  return realpathSync(wanted);
}

/**
 * Checks every path and returns where each file goes, or throws one UserError listing every
 * problem (escaping paths, symlinks that leave the directory, existing files without force).
 */
export function planWrites(root: string, files: readonly FileToWrite[], force: boolean, outLabel: string): WritePlanEntry[] {
  const problems: string[] = [];
  const existing: string[] = [];
  const entries: WritePlanEntry[] = [];
  const seen = new Set<string>();
  for (const f of files) {
    if (f.path === '' || isAbsolute(f.path) || f.path.includes('\\') || f.path.split('/').some((p) => p === '..' || p === '.' || p === '')) {
      problems.push(`${JSON.stringify(f.path)} is not a plain relative path`);
      continue;
    }
    const absolute = resolve(root, ...f.path.split('/'));
    if (!inside(root, absolute) || absolute === root) {
      problems.push(`${f.path} would be written outside ${outLabel}`);
      continue;
    }
    if (seen.has(absolute)) {
      problems.push(`${f.path} is planned twice`);
      continue;
    }
    seen.add(absolute);
    // Walk every existing component below root: a symlink must resolve inside root.
    const parts = relative(root, absolute).split(sep);
    let current = root;
    let exists = false;
    let bad = false;
    for (let i = 0; i < parts.length; i++) {
      current = join(current, parts[i]!);
      let st;
      try {
        st = lstatSync(current);
      } catch (err) {
        if (errnoCode(err) === 'ENOENT') break;
        throw writeError(join(outLabel, ...parts.slice(0, i + 1)), err);
      }
      const last = i === parts.length - 1;
      if (st.isSymbolicLink()) {
        let target: string;
        try {
          target = realpathSync(current);
        } catch {
          problems.push(`${join(outLabel, ...parts.slice(0, i + 1))} is a dangling symlink`);
          bad = true;
          break;
        }
        if (!inside(root, target)) {
          problems.push(`${join(outLabel, ...parts.slice(0, i + 1))} is a symlink that leads outside ${outLabel} (to ${target})`);
          bad = true;
          break;
        }
        st = statSync(current);
      }
      if (!last && !st.isDirectory()) {
        problems.push(`${join(outLabel, ...parts.slice(0, i + 1))} is a file, but ${f.path} needs it to be a directory`);
        bad = true;
        break;
      }
      if (last) {
        if (st.isDirectory()) {
          problems.push(`${join(outLabel, f.path)} is a directory`);
          bad = true;
        } else {
          exists = true;
          if (!force) existing.push(join(outLabel, f.path));
        }
      }
    }
    if (!bad) entries.push({ path: f.path, absolute, exists });
  }
  if (problems.length > 0) {
    throw new UserError(`refusing to write: ${problems.length} unsafe path${problems.length === 1 ? '' : 's'}`, {
      details: problems.map((message) => ({ message })),
      hint: 'nothing was written; choose another --out',
    });
  }
  if (existing.length > 0) {
    throw new UserError(`${existing.length} file${existing.length === 1 ? '' : 's'} already exist${existing.length === 1 ? 's' : ''}; nothing was written`, {
      details: existing.map((p) => ({ message: `exists: ${p}` })),
      hint: 'pass --force to overwrite them, or choose another --out',
    });
  }
  return entries;
}

async function writeOneAtomically(entry: WritePlanEntry, content: string, opts: WriteOptions, outLabel: string): Promise<void> {
  const dir = dirname(entry.absolute);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw writeError(join(outLabel, dirname(entry.path)), err);
  }
  const temp = join(dir, `.${entry.absolute.slice(dir.length + 1)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let created = false;
  try {
    // 'wx': fail rather than follow anything that appeared at the temporary name.
    const handle = await open(temp, 'wx', 0o644);
    created = true;
    try {
      await handle.writeFile(content, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    opts.afterTempWrite?.(temp);
    if (opts.signal?.aborted) throw new CancelledError('cancelled while writing');
    await rename(temp, entry.absolute);
    created = false;
  } catch (err) {
    if (created) await unlink(temp).catch(() => undefined);
    if (err instanceof CancelledError || err instanceof UserError) throw err;
    throw writeError(join(outLabel, entry.path), err);
  }
}

/**
 * Writes every file (after planWrites has accepted them all). Stops at the first failure or
 * on abort; files already renamed into place are complete, and no temporary file is left.
 */
export async function writePlanned(entries: readonly WritePlanEntry[], contents: ReadonlyMap<string, string>, opts: WriteOptions, outLabel: string): Promise<void> {
  for (const entry of entries) {
    if (opts.signal?.aborted) throw new CancelledError('cancelled while writing');
    await writeOneAtomically(entry, contents.get(entry.path) ?? '', opts, outLabel);
  }
}

/** Runs `fn` with an AbortSignal that fires on SIGINT, restoring the default handling afterwards. */
export async function withInterruptSignal<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSigint = (): void => controller.abort();
  process.on('SIGINT', onSigint);
  try {
    return await fn(controller.signal);
  } finally {
    process.off('SIGINT', onSigint);
  }
}

/** Plans and writes in one go: the whole safe-writing sequence for a command. */
export async function writeFilesSafely(out: string, cwd: string, files: readonly FileToWrite[], opts: WriteOptions): Promise<WritePlanEntry[]> {
  const root = prepareOutDir(out, cwd, false);
  const entries = planWrites(root, files, opts.force, out);
  prepareOutDir(out, cwd, true);
  await writePlanned(entries, new Map(files.map((f) => [f.path, f.content])), opts, out);
  return entries;
}
