/**
 * The two kinds of failure meshgate knows. A UserError is the user's to fix: one clear
 * message, exit 2, never a stack. Anything else that escapes is a bug in meshgate.
 */
import type { Loc } from './core/types.js';

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

export function formatLoc(loc: Loc): string {
  return `${loc.file}:${loc.line}:${loc.column}`;
}

/** Renders a UserError as the text the user sees on stderr. */
export function renderUserError(err: UserError): string {
  const lines: string[] = [];
  if (err.details.length > 0) {
    if (err.details.length > 1 || err.details[0]!.message !== err.message) lines.push(`meshgate: ${err.message}`);
    for (const d of err.details) lines.push(d.loc ? `${formatLoc(d.loc)}: ${d.message}` : d.message);
  } else {
    lines.push(`meshgate: ${err.message}`);
  }
  if (err.hint) lines.push(`fix: ${err.hint}`);
  return lines.join('\n') + '\n';
}
