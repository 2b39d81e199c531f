/**
 * Writes a set of generated files into one output directory, safely and all or nothing:
 * - every path is resolved inside the directory; a path that is absolute, climbs out with
 *   `..`, or passes through a symlink that leads outside is refused;
 * - `--out` itself may be a symlink: it is resolved once (like `cd` would) and everything
 *   is then checked against the resolved directory;
 * - the directory is claimed with an exclusive lock file inside it (`.meshgate.lock`, holding
 *   the pid, host and start time), so a second run on the same directory stops with exit 2
 *   naming the first instead of mixing its files in; a lock left by a killed process is
 *   reported with how to remove it, as git does for index.lock;
 * - under the lock, existing files are never overwritten without `force`; all paths are checked
 *   before anything is written, so a refusal changes nothing;
 * - every file is first written to a staging directory inside --out (so on the same file
 *   system), synced, and only when all of them are there are they renamed into place, replaced
 *   files kept as hard links until the end; any failure, or SIGINT, SIGTERM or SIGHUP, puts back
 *   what was there and removes everything this run created (files, directories, the lock);
 * - besides files to write, a change may name files to remove (files an earlier run wrote that
 *   this one no longer does); they are removed in the same all-or-nothing step.
 */
import { randomBytes } from 'node:crypto';
import { copyFileSync, linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmdirSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { CancelledError, UserError } from '../errors.js';
import { showPath } from '../format/terminal-text.js';
import { temporaryNameFor, writeFailure, writeNewFileSync } from './write-output-file.js';
import { guardAgainstSignals, yieldToSignals } from './write-signals.js';

/** One file to write: where (relative to --out) and what. */
export interface FileToWrite {
  /** Relative, '/'-separated path inside the output directory. */
  path: string;
  content: string;
  /** Replaced even without force: meshgate's own bookkeeping (the record of what it wrote), never the user's file. */
  replace?: boolean;
}

/** What one run changes in the output directory: files to write and files to remove. */
export interface FileSetChange {
  write: readonly FileToWrite[];
  /** Relative, '/'-separated paths to remove (ones that do not exist are skipped). */
  remove?: readonly string[];
}

/** How to write. */
export interface WriteOptions {
  force: boolean;
  /** Aborting stops the write between files; nothing is left changed (CancelledError). */
  signal?: AbortSignal;
  /** Called after each staged file is written, before anything is moved into place (tests use it to interrupt). */
  afterTempWrite?: (tempPath: string) => void;
}

/** A checked file: its relative and absolute path, and whether it exists already. */
export interface WritePlanEntry {
  path: string;
  absolute: string;
  exists: boolean;
}

/** What a completed write did. */
export interface WriteResult {
  written: WritePlanEntry[];
  /** Relative paths removed. */
  removed: string[];
  /** Things worth telling the user (e.g. leftovers of a killed run that were cleared). */
  notes: string[];
}

/** The lock file that claims an output directory; inside it, so nothing lands outside --out. */
export const LOCK_NAME = '.meshgate.lock';
const STAGING_PREFIX = '.meshgate-staging-';

function inside(root: string, candidate: string): boolean {
  const rel = relative(root, candidate);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

function errnoCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException)?.code;
}

function writeError(path: string, err: unknown): UserError {
  return writeFailure(path, err, '--out');
}

/**
 * `mkdir -p` one level at a time, returning the directories it created (outermost first).
 * Node 20's `mkdirSync(..., { recursive: true })` spins forever when mkdir(2) answers ENOENT for
 * a parent that exists (any path under /proc), so it is not used here. A directory that another
 * process creates at the same moment counts as existing.
 */
function makeDirs(dir: string): string[] {
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
  const created: string[] = [];
  for (const d of missing) {
    try {
      mkdirSync(d);
      created.push(d);
    } catch (err) {
      if (errnoCode(err) !== 'EEXIST' || !statSync(d).isDirectory()) throw err;
    }
  }
  return created;
}

/**
 * Resolves the output directory: relative to `cwd`, symlinks resolved. Creates it when missing
 * (and `create`). Returns the real path.
 */
export function prepareOutDir(out: string, cwd: string, create: boolean): string {
  return claimOutDir(out, cwd, create).root;
}

function claimOutDir(out: string, cwd: string, create: boolean): { root: string; created: string[] } {
  const wanted = resolve(cwd, out);
  let st;
  let created: string[] = [];
  try {
    st = statSync(wanted);
  } catch (err) {
    if (errnoCode(err) !== 'ENOENT') throw writeError(out, err);
    if (!create) return { root: wanted, created };
    try {
      created = makeDirs(wanted);
      st = statSync(wanted);
    } catch (mkErr) {
      removeEmptyDirs(created);
      throw writeError(out, mkErr);
    }
  }
  if (!st.isDirectory()) throw new UserError(`--out ${showPath(out)} is not a directory`, { hint: 'name a directory (it is created when missing)' });
  return { root: realpathSync(wanted), created };
}

/** Removes directories (innermost last in the list) that are empty; others stay. */
function removeEmptyDirs(dirs: readonly string[]): void {
  for (const d of [...dirs].reverse()) {
    try {
      rmdirSync(d);
    } catch {
      /* not empty (another run's files, or a lock) or already gone */
    }
  }
}

/** A path inside `root` as the user would name it: under --out as written. */
function shown(outLabel: string, ...parts: string[]): string {
  return showPath(join(outLabel, ...parts));
}

/**
 * Checks one relative path against `root`: plain, inside, and not passing through a symlink
 * that leads outside. Returns the absolute path and whether a file is there, or a problem.
 */
function checkPath(root: string, path: string, outLabel: string): { absolute: string; exists: boolean; isDirectory: boolean } | { problem: string } {
  if (path === '' || isAbsolute(path) || path.includes('\\') || path.split('/').some((p) => p === '..' || p === '.' || p === '')) {
    return { problem: `${JSON.stringify(path)} is not a plain relative path` };
  }
  const absolute = resolve(root, ...path.split('/'));
  if (!inside(root, absolute) || absolute === root) return { problem: `${showPath(path)} would be written outside ${showPath(outLabel)}` };
  // Walk every existing component below root: a symlink must resolve inside root.
  const parts = relative(root, absolute).split(sep);
  let current = root;
  for (let i = 0; i < parts.length; i++) {
    current = join(current, parts[i]!);
    let st;
    try {
      st = lstatSync(current);
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') return { absolute, exists: false, isDirectory: false };
      throw writeError(join(outLabel, ...parts.slice(0, i + 1)), err);
    }
    const last = i === parts.length - 1;
    if (st.isSymbolicLink()) {
      let target: string;
      try {
        target = realpathSync(current);
      } catch {
        return { problem: `${shown(outLabel, ...parts.slice(0, i + 1))} is a dangling symlink` };
      }
      if (!inside(root, target)) return { problem: `${shown(outLabel, ...parts.slice(0, i + 1))} is a symlink that leads outside ${showPath(outLabel)} (to ${showPath(target)})` };
      st = statSync(current);
    }
    if (!last && !st.isDirectory()) return { problem: `${shown(outLabel, ...parts.slice(0, i + 1))} is a file, but ${showPath(path)} needs it to be a directory` };
    if (last) return { absolute, exists: true, isDirectory: st.isDirectory() };
  }
  return { absolute, exists: false, isDirectory: false };
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
    const checked = checkPath(root, f.path, outLabel);
    if ('problem' in checked) {
      problems.push(checked.problem);
      continue;
    }
    if (seen.has(checked.absolute)) {
      problems.push(`${showPath(f.path)} is planned twice`);
      continue;
    }
    seen.add(checked.absolute);
    if (checked.isDirectory) {
      problems.push(`${shown(outLabel, f.path)} is a directory`);
      continue;
    }
    if (checked.exists && !force && !f.replace) existing.push(shown(outLabel, f.path));
    entries.push({ path: f.path, absolute: checked.absolute, exists: checked.exists });
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

/** Checks the paths to remove like those to write; returns the ones that exist as files. */
function planRemovals(root: string, paths: readonly string[], outLabel: string, writes: readonly WritePlanEntry[]): WritePlanEntry[] {
  const problems: string[] = [];
  const entries: WritePlanEntry[] = [];
  const written = new Set(writes.map((w) => w.absolute));
  for (const path of paths) {
    const checked = checkPath(root, path, outLabel);
    if ('problem' in checked) problems.push(checked.problem);
    else if (checked.isDirectory) problems.push(`${shown(outLabel, path)} is a directory; only files are removed`);
    else if (checked.exists && !written.has(checked.absolute)) entries.push({ path, absolute: checked.absolute, exists: true });
  }
  if (problems.length > 0) {
    throw new UserError(`refusing to remove: ${problems.length} unsafe path${problems.length === 1 ? '' : 's'}`, {
      details: problems.map((message) => ({ message })),
      hint: 'nothing was written or removed',
    });
  }
  return entries;
}

// ---------------------------------------------------------------- the lock

interface LockHolder {
  pid?: number;
  host?: string;
  started?: string;
  command?: string;
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, under another user.
    return errnoCode(err) === 'EPERM';
  }
}

function lockHeldError(lockPath: string, outLabel: string): UserError {
  let holder: LockHolder | undefined;
  try {
    const parsed: unknown = JSON.parse(readFileSync(lockPath, 'utf8'));
    if (parsed && typeof parsed === 'object') holder = parsed as LockHolder;
  } catch {
    /* being written this very moment, or not ours: described as "locked" below */
  }
  const lockShown = showPath(join(outLabel, LOCK_NAME));
  const pid = typeof holder?.pid === 'number' ? holder.pid : undefined;
  const sameHost = holder?.host === hostname();
  const who = pid === undefined
    ? ''
    : ` (pid ${pid}${holder?.host && !sameHost ? ` on ${showPath(holder.host)}` : ''}${holder?.started ? `, started ${showPath(String(holder.started))}` : ''})`;
  if (pid !== undefined && sameHost && !processIsAlive(pid)) {
    return new UserError(`${showPath(outLabel)} is locked by a meshgate run that is no longer running${who}`, {
      hint: `that run was killed before it could clean up; no meshgate is writing there now, so remove ${lockShown} and run again`,
    });
  }
  if (pid === undefined) {
    return new UserError(`${showPath(outLabel)} is locked: ${lockShown} exists`, {
      hint: `another meshgate run is writing there; if none is, remove ${lockShown} and run again`,
    });
  }
  return new UserError(`${showPath(outLabel)} is being written by another meshgate run${who}`, {
    hint: `wait for that run to finish, or write somewhere else; if no meshgate is running, remove ${lockShown}`,
  });
}

/**
 * Takes the lock of `root`: the lock file is written in full under a temporary name and then
 * hard-linked to its real name, which fails if it exists, so the lock appears atomically and is
 * never seen half-written. Returns how to release it.
 */
function acquireLock(root: string, outLabel: string): () => void {
  const lockPath = join(root, LOCK_NAME);
  const holder: LockHolder = { pid: process.pid, host: hostname(), started: new Date().toISOString(), command: 'meshgate generate' };
  const tmp = temporaryNameFor(lockPath);
  writeNewFileSync(tmp, JSON.stringify(holder) + '\n');
  try {
    try {
      linkSync(tmp, lockPath);
    } catch (err) {
      const code = errnoCode(err);
      if (code === 'EEXIST') throw lockHeldError(lockPath, outLabel);
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw err;
      // No hard links on this file system: exclusive creation is atomic too, if not all at once.
      try {
        writeNewFileSync(lockPath, JSON.stringify(holder) + '\n');
      } catch (createErr) {
        if (errnoCode(createErr) === 'EEXIST') throw lockHeldError(lockPath, outLabel);
        throw createErr;
      }
    }
  } finally {
    try {
      unlinkSync(tmp);
    } catch {
      /* already gone */
    }
  }
  return () => {
    try {
      unlinkSync(lockPath);
    } catch {
      /* removed by hand meanwhile */
    }
  };
}

/** Staging directories of runs that were killed (SIGKILL, power loss): safe to clear under the lock. */
function clearAbandonedStaging(root: string, outLabel: string): string[] {
  const notes: string[] = [];
  for (const name of readdirSync(root)) {
    if (!name.startsWith(STAGING_PREFIX)) continue;
    rmSync(join(root, name), { recursive: true, force: true });
    notes.push(`removed ${shown(outLabel, name)}, left by a meshgate run that was killed while writing`);
  }
  return notes;
}

// ---------------------------------------------------------------- the write

/** Replaced files are kept as a second name (a hard link) until the end; a copy where links are impossible. */
function keepCopy(from: string, to: string): void {
  try {
    linkSync(from, to);
  } catch {
    copyFileSync(from, to);
  }
}

/** Directories the removed files leave empty go too, up to (never including) root. */
function removeEmptiedDirs(root: string, removed: readonly WritePlanEntry[]): void {
  for (const r of removed) {
    for (let dir = dirname(r.absolute); inside(root, dir) && dir !== root; dir = dirname(dir)) {
      try {
        if (lstatSync(dir).isSymbolicLink() || readdirSync(dir).length > 0) break;
        rmdirSync(dir);
      } catch {
        break;
      }
    }
  }
}

/**
 * Applies `change` to the directory `out` (relative to `cwd`) all or nothing, under its lock.
 * `change` may be a function of the directory's real path, called once the lock is held, for a
 * change that depends on what is there (files an earlier run wrote). Throws a UserError (or
 * CancelledError when `opts.signal` aborts) with the directory as it was.
 */
export async function writeFileSet(out: string, cwd: string, change: FileSetChange | ((root: string) => FileSetChange), opts: WriteOptions): Promise<WriteResult> {
  const outLabel = out;
  let outDirsCreated: string[] = [];
  const innerDirsCreated: string[] = [];
  let releaseLock: (() => void) | undefined;
  let staging: string | undefined;
  const placed: { target: string; backup?: string }[] = [];
  const moved: { target: string; keptAt: string }[] = [];

  /** Puts the directory back as it was; synchronous, so that a signal handler can run it. */
  const rollback = (): string | undefined => {
    for (const p of placed.splice(0).reverse()) {
      try {
        if (p.backup) renameSync(p.backup, p.target);
        else unlinkSync(p.target);
      } catch {
        /* keep undoing the rest */
      }
    }
    for (const m of moved.splice(0).reverse()) {
      try {
        renameSync(m.keptAt, m.target);
      } catch {
        /* keep undoing the rest */
      }
    }
    if (staging) rmSync(staging, { recursive: true, force: true });
    staging = undefined;
    removeEmptyDirs(innerDirsCreated.splice(0));
    const hadLock = releaseLock !== undefined;
    releaseLock?.();
    releaseLock = undefined;
    removeEmptyDirs(outDirsCreated.splice(0));
    return hadLock ? `nothing was changed in ${showPath(outLabel)}` : undefined;
  };

  const guard = guardAgainstSignals(rollback);
  try {
    let root = '';
    // Another run may remove a directory it created just as this one claims it: claim again.
    for (let attempt = 0; releaseLock === undefined; attempt++) {
      const claimed = claimOutDir(out, cwd, true);
      root = claimed.root;
      outDirsCreated = claimed.created;
      try {
        releaseLock = acquireLock(root, outLabel);
      } catch (err) {
        if (errnoCode(err) !== 'ENOENT' || attempt >= 2) throw err;
      }
    }
    const notes = clearAbandonedStaging(root, outLabel);
    const wanted = typeof change === 'function' ? change(root) : change;
    const entries = planWrites(root, wanted.write, opts.force, outLabel);
    const removals = planRemovals(root, wanted.remove ?? [], outLabel, entries);

    // Stage every file. Between files a signal may land; the rollback then only has staging to remove.
    const stagingDir = join(root, `${STAGING_PREFIX}${process.pid}-${randomBytes(4).toString('hex')}`);
    mkdirSync(stagingDir);
    staging = stagingDir;
    const contents = new Map(wanted.write.map((f) => [f.path, f.content]));
    const staged: string[] = [];
    for (const [i, entry] of entries.entries()) {
      if (opts.signal?.aborted) throw new CancelledError('cancelled while writing');
      const file = join(stagingDir, String(i));
      try {
        writeNewFileSync(file, contents.get(entry.path) ?? '');
      } catch (err) {
        throw writeError(join(outLabel, entry.path), err);
      }
      staged.push(file);
      opts.afterTempWrite?.(file);
      await yieldToSignals();
    }
    if (opts.signal?.aborted) throw new CancelledError('cancelled while writing');

    // Move everything into place: renames only, synchronously, so no signal lands in between.
    for (const [i, entry] of entries.entries()) {
      try {
        innerDirsCreated.push(...makeDirs(dirname(entry.absolute)));
        let backup: string | undefined;
        if (entry.exists) {
          backup = join(stagingDir, `${i}.previous`);
          keepCopy(entry.absolute, backup);
        }
        renameSync(staged[i]!, entry.absolute);
        placed.push({ target: entry.absolute, backup });
      } catch (err) {
        throw writeError(join(outLabel, entry.path), err);
      }
    }
    for (const [i, entry] of removals.entries()) {
      const keptAt = join(stagingDir, `${i}.removed`);
      try {
        renameSync(entry.absolute, keptAt);
      } catch (err) {
        throw writeError(join(outLabel, entry.path), err);
      }
      moved.push({ target: entry.absolute, keptAt });
    }

    // Done: nothing is undone from here on.
    placed.length = 0;
    moved.length = 0;
    staging = undefined;
    rmSync(stagingDir, { recursive: true, force: true });
    removeEmptiedDirs(root, removals);
    releaseLock();
    releaseLock = undefined;
    return { written: entries, removed: removals.map((r) => r.path), notes };
  } catch (err) {
    rollback();
    if (err instanceof UserError || err instanceof CancelledError) throw err;
    throw writeError(outLabel, err);
  } finally {
    guard.release();
  }
}

/** Writes `files` into `out` all or nothing (writeFileSet without removals); returns where each went. */
export async function writeFilesSafely(out: string, cwd: string, files: readonly FileToWrite[], opts: WriteOptions): Promise<WritePlanEntry[]> {
  return (await writeFileSet(out, cwd, { write: files }, opts)).written;
}
