/**
 * The two kinds of failure meshgate knows. A UserError is the user's to fix: one clear
 * message, exit 2, never a stack. Anything else that escapes is a bug in meshgate.
 */
import type { Loc } from './yaml/loc.js';
import { showPath, visible } from './format/terminal-text.js';
import { wrapWords } from './format/text-width.js';

export interface UserErrorDetail {
  loc?: Loc;
  /** What is wrong, in one line. */
  message: string;
}

export class UserError extends Error {
  readonly exitCode: number;
  readonly details: UserErrorDetail[];
  readonly hint: string | undefined;

  /**
   * @param message one line saying what is wrong
   * @param opts.loc where (file:line:col) the problem is, when known
   * @param opts.hint how to fix it
   * @param opts.details further problems found in the same pass, so the user sees all at once
   */
  constructor(message: string, opts: { loc?: Loc; hint?: string; details?: UserErrorDetail[]; exitCode?: number } = {}) {
    super(message);
    this.name = 'UserError';
    this.exitCode = opts.exitCode ?? 2;
    this.hint = opts.hint;
    this.details = opts.details ?? (opts.loc ? [{ loc: opts.loc, message }] : []);
  }
}

/** Ctrl-C at a prompt or during a write: exit 130 like a shell does for SIGINT. */
export class CancelledError extends Error {
  readonly exitCode = 130;
  constructor(message = 'cancelled') {
    super(message);
    this.name = 'CancelledError';
  }
}

/** `file:line:col`, the file name escaped as git shows unusual paths. */
export function formatLoc(loc: Loc): string {
  return `${showPath(loc.file)}:${loc.line}:${loc.column}`;
}

/**
 * What an errno code means, in the words of strerror(3), for messages that name the code too
 * ("read-only file system (EROFS)"), so that the user can search for either.
 */
const ERRNO_TEXT: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EIO: 'input/output error',
  EFBIG: 'file too large',
  ENOENT: 'no such file or directory',
  ENOTDIR: 'not a directory',
  EISDIR: 'is a directory',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'file name too long',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in the system',
  EXDEV: 'cross-device link',
  EBUSY: 'device or resource busy',
  ETXTBSY: 'text file busy',
  EPIPE: 'broken pipe',
  EAGAIN: 'resource temporarily unavailable',
};

/** "read-only file system (EROFS)" for an errno error, else its message. */
export function describeSystemError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code && ERRNO_TEXT[code]) return `${ERRNO_TEXT[code]} (${code})`;
  if (code) return code;
  return (err as Error)?.message ?? String(err);
}

/**
 * Renders a UserError as the text the user sees on stderr. Everything in it may hold input
 * (file names, service names, YAML values), so control characters are shown as escapes. With a
 * width (a terminal) each line wraps at words, continuation lines indented; without one (piped,
 * read by an editor or CI) every problem stays on one `file:line:col: message` line.
 */
export function renderUserError(err: UserError, columns?: number): string {
  const lines: string[] = [];
  if (err.details.length > 0) {
    if (err.details.length > 1 || err.details[0]!.message !== err.message) lines.push(`meshgate: ${visible(err.message)}`);
    for (const d of err.details) lines.push(d.loc ? `${formatLoc(d.loc)}: ${visible(d.message)}` : visible(d.message));
  } else {
    lines.push(`meshgate: ${visible(err.message)}`);
  }
  if (err.hint) lines.push(`fix: ${visible(err.hint)}`);
  return lines.map((l) => (columns === undefined ? l : wrapWords(l, columns, '  '))).join('\n') + '\n';
}
