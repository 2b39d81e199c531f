/**
 * The one way meshgate writes an output file (`lint -o`, `import -o`, `report -o`, `diagram -o`,
 * `ask --save`; `generate` builds its file sets on the same steps in write-files.ts):
 * - the content goes to a temporary file beside the target, created exclusively (`wx`: it never
 *   follows or reuses anything already at that name), synced, and then moved into place, so a
 *   reader sees the old file or the new one, never a part;
 * - without --force an existing file is never replaced, checked atomically by hard-linking the
 *   temporary file to the target (which fails if the target appeared meanwhile);
 * - SIGINT, SIGTERM and SIGHUP cannot leave the temporary file behind (see write-signals.ts);
 * - every failure is one UserError that names the file and the reason precisely (a read-only
 *   file system is not "permission denied").
 */
import { closeSync, fsyncSync, linkSync, openSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { UserError, describeSystemError } from '../errors.js';
import { showPath } from '../format/terminal-text.js';
import { guardAgainstSignals } from './write-signals.js';

/** The option that names the output, for hints ("choose another location with -o"). */
export type OutputOption = '-o' | '--out' | '--save';

/** Thrown when the target exists and replacing it was not allowed. */
export class OutputExistsError extends UserError {
  constructor(readonly path: string, option: OutputOption = '-o') {
    super(`${showPath(path)} already exists`, { hint: `pass --force to overwrite it, or choose another file with ${option}` });
  }
}

/** Resolves the target and refuses early (before any work) when it cannot or must not be written. */
export function checkOutputTarget(path: string, opts: { force: boolean; cwd: string }): string {
  const target = resolve(opts.cwd, path);
  let st;
  try {
    st = statSync(target);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw writeFailure(path, err);
  }
  if (st?.isDirectory()) throw new UserError(`${showPath(path)} is a directory`, { hint: 'name a file to write, e.g. -o decision.md' });
  // A device or pipe (-o /dev/stdout) is written straight through, so it is never "an existing file".
  if (st && !st.isFile()) return target;
  if (st && !opts.force) throw new OutputExistsError(path);
  let dir;
  try {
    dir = statSync(dirname(target));
  } catch {
    throw new UserError(`cannot write ${showPath(path)}: directory ${showPath(dirname(path))} does not exist`, { hint: 'create the directory first or pick another path' });
  }
  if (!dir.isDirectory()) throw new UserError(`cannot write ${showPath(path)}: ${showPath(dirname(path))} is not a directory`, { hint: 'pick another path' });
  return target;
}

/** Writes `text` to `path` (relative to cwd) atomically; refuses to replace an existing file unless `force`. */
export function writeOutputFile(path: string, text: string, opts: { force: boolean; cwd: string }): void {
  const target = checkOutputTarget(path, opts);
  writeFileAtomically(target, text, { overwrite: opts.force, label: path });
}

/** The name of a temporary file beside `target`: hidden, unique to this process and call. */
export function temporaryNameFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}

/** Writes all of `text` to a new file, created exclusively, and syncs it to the device. */
export function writeNewFileSync(path: string, text: string | Uint8Array): void {
  const fd = openSync(path, 'wx', 0o644);
  try {
    const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
    for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EXDEV', 'ENOSYS', 'EMLINK']);

/**
 * Writes `text` to the absolute path `target` through a temporary file. Without `overwrite` an
 * existing target is never replaced (OutputExistsError). A device or pipe is written in place.
 * `label` is how the target is named in messages (the path as the user wrote it).
 */
export function writeFileAtomically(target: string, text: string, opts: { overwrite: boolean; label?: string; option?: OutputOption }): void {
  const label = opts.label ?? target;
  const option = opts.option ?? '-o';
  if (isSpecialFile(target)) {
    // Renaming a temporary file over a device or pipe would replace the node itself (e.g. /dev/null, as root).
    try {
      const fd = openSync(target, 'w');
      try {
        const bytes = Buffer.from(text, 'utf8');
        for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done);
      } finally {
        closeSync(fd);
      }
    } catch (err) {
      throw writeFailure(label, err, option);
    }
    return;
  }
  const tmp = temporaryNameFor(target);
  let created = false;
  const removeTemporary = (): string | undefined => {
    if (!created) return undefined;
    created = false;
    try {
      unlinkSync(tmp);
      return `removed the unfinished ${basename(tmp)}`;
    } catch {
      return undefined;
    }
  };
  const guard = guardAgainstSignals(removeTemporary);
  try {
    try {
      created = true;
      writeNewFileSync(tmp, text);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') created = false;
      throw err;
    }
    if (opts.overwrite) {
      renameSync(tmp, target);
      created = false;
      return;
    }
    try {
      linkSync(tmp, target);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') throw new OutputExistsError(label, option);
      if (!code || !NO_HARD_LINKS.has(code)) throw err;
      // No hard links here (some network and FUSE file systems): check, then rename.
      if (isPresent(target)) throw new OutputExistsError(label, option);
      renameSync(tmp, target);
      created = false;
      return;
    }
    removeTemporary();
  } catch (err) {
    removeTemporary();
    if (err instanceof UserError) throw err;
    throw writeFailure(label, err, option);
  } finally {
    guard.release();
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function isPresent(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
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

/**
 * Why `path` could not be written, precisely: a read-only file system, missing permission, a
 * full disk and a missing directory each get their own message and fix.
 */
export function writeFailure(path: string, err: unknown, option: OutputOption = '-o'): UserError {
  const code = (err as NodeJS.ErrnoException)?.code;
  // A directory is written to, a file is written.
  const shown = option === '--out' ? `to ${showPath(path)}` : showPath(path);
  const elsewhere = option === '--out' ? 'choose another directory with --out' : `choose another location with ${option}`;
  switch (code) {
    case 'EROFS':
      return new UserError(`cannot write ${shown}: read-only file system (EROFS)`, { hint: `that file system is mounted read-only; ${elsewhere}` });
    case 'EACCES': {
      // The directory whose permissions decide: --out itself when it exists, else the one the file goes into.
      const decides = option === '--out' && isDirectory(path) ? path : dirname(path);
      return new UserError(`cannot write ${shown}: permission denied (EACCES)`, {
        hint: `you may not write there: ${elsewhere}, or change the permissions of the directory (ls -ld ${showPath(decides)})`,
      });
    }
    case 'EPERM':
      return new UserError(`cannot write ${shown}: operation not permitted (EPERM)`, { hint: `the file or its directory refuses changes (an immutable or append-only attribute, or a sandbox); ${elsewhere}` });
    case 'ENOSPC':
    case 'EDQUOT':
      return new UserError(`cannot write ${shown}: ${describeSystemError(err)}`, { hint: `free some space, or ${elsewhere}` });
    case 'EIO':
      return new UserError(`cannot write ${shown}: input/output error (EIO)`, { hint: `the device reported an error (a failing disk or a lost network share); ${elsewhere}` });
    case 'ENOTDIR':
      return new UserError(`cannot write ${shown}: a parent of it is a file, not a directory (ENOTDIR)`, { hint: elsewhere });
    case 'ENOENT':
      return option === '--out'
        ? new UserError(`cannot create ${showPath(path)}: the system does not allow it there (or it is a dangling symlink)`, { hint: elsewhere })
        : new UserError(`cannot write ${shown}: its directory does not exist`, { hint: 'create the directory first or pick another path' });
    default:
      return new UserError(`cannot write ${shown}: ${describeSystemError(err)}`, { hint: elsewhere });
  }
}
