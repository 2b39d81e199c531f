/**
 * Writes a command's output file atomically: the content goes to a temporary file beside the
 * target and is then moved into place, so a failed or interrupted run never leaves half a
 * report. Without --force an existing file is never replaced, checked atomically by hard-linking
 * the temporary file to the target (which fails if the target appeared meanwhile).
 */
import { linkSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { UserError } from '../errors.js';

/** Resolves the target and refuses early (before any work) when it cannot or must not be written. */
export function checkOutputTarget(path: string, opts: { force: boolean; cwd: string }): string {
  const target = resolve(opts.cwd, path);
  let st;
  try {
    st = statSync(target);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw writeError(path, err);
  }
  if (st?.isDirectory()) throw new UserError(`${path} is a directory`, { hint: 'name a file to write, e.g. -o decision.md' });
  // A device or pipe (-o /dev/stdout) is written straight through, so it is never "an existing file".
  if (st && !st.isFile()) return target;
  if (st && !opts.force) throw exists(path);
  try {
    if (!statSync(dirname(target)).isDirectory()) throw new UserError(`${dirname(path)} is not a directory`);
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError(`cannot write ${path}: directory ${dirname(path)} does not exist`, { hint: 'create the directory first or pick another path' });
  }
  return target;
}

/** Writes `text` to `path` atomically; refuses to replace an existing file unless `force`. */
export function writeOutputFile(path: string, text: string, opts: { force: boolean; cwd: string }): void {
  const target = checkOutputTarget(path, opts);
  if (isSpecialFile(target)) {
    // Renaming a temporary file over a device or pipe would replace the node itself (e.g. /dev/null, as root).
    try {
      writeFileSync(target, text);
    } catch (err) {
      throw writeError(path, err);
    }
    return;
  }
  const tmp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(tmp, text, { flag: 'wx', mode: 0o644 });
    if (opts.force) {
      renameSync(tmp, target);
    } else {
      linkSync(tmp, target);
      unlinkSync(tmp);
    }
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      /* never created, or already moved into place */
    }
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw exists(path);
    throw writeError(path, err);
  }
}

/** True when `target` exists and is a device, pipe or socket: such targets are written in place, never replaced by a rename. */
export function isSpecialFile(target: string): boolean {
  try {
    const st = statSync(target);
    return !st.isFile() && !st.isDirectory();
  } catch {
    return false;
  }
}

function exists(path: string): UserError {
  return new UserError(`${path} already exists`, { hint: 'pass --force to overwrite it, or choose another file with -o' });
}

function writeError(path: string, err: unknown): UserError {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return new UserError(`cannot write ${path}: permission denied`, { hint: 'choose a writable location with -o' });
  if (code === 'ENOENT' || code === 'ENOTDIR') return new UserError(`cannot write ${path}: its directory does not exist`, { hint: 'create the directory first or pick another path' });
  if (code === 'ENOSPC') return new UserError(`cannot write ${path}: no space left on the device`, { hint: 'free some space or choose another location with -o' });
  return new UserError(`cannot write ${path} (${code ?? (err as Error)?.message ?? String(err)})`);
}
