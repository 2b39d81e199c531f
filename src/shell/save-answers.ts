/**
 * Writes an Answers file: YAML with a header comment saying what it is and how to use it,
 * written to a temporary file beside the target and moved into place, so an interrupted run
 * never leaves half a file, and an existing file is never replaced unless asked to.
 */
import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import { dump } from 'js-yaml';
import { ANSWER_FIELDS } from '../core/answers.js';
import type { Answers, AnswerField } from '../core/types.js';
import { OutputExistsError, writeFileAtomically } from './write-output-file.js';

export interface SerializeOptions {
  /** When the file is written (goes into the header). */
  now: Date;
  /** The path as the user named it, for the "re-run with" lines. */
  displayPath: string;
  version: string;
  /** Fields the questionnaire skipped, with why the value was assumed: written as comments. */
  assumed?: Partial<Record<AnswerField, string>>;
  /** An editor's schema line to put first (src/shell/schema-modeline.ts), with its newline. */
  schemaModeline?: string;
}

/** Quotes a path for a shell command line in a comment; paths with control characters are left out. */
function shellWord(path: string): string {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\u2028\u2029]/.test(path)) return 'FILE';
  if (/^[\w./@%+=:,-]+$/.test(path)) return path;
  return `'${path.replace(/'/g, `'\\''`)}'`;
}

/** Keeps a comment on one line whatever the text holds. */
function commentText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ');
}

/** The YAML text of an Answers file, fields in schema order, each skipped field explained. */
export function serializeAnswers(answers: Answers, opts: SerializeOptions): string {
  const file = shellWord(opts.displayPath);
  const lines = [
    '# meshgate answers: what you told `meshgate ask` about your system (format: docs/formats/answers.md in meshgate).',
    `# Written ${opts.now.toISOString()} by meshgate ${commentText(opts.version)}.`,
    `# See the recommendation again:  meshgate recommend ${file}`,
    `# Revisit the questions:         meshgate ask --answers ${file}`,
    dump({ apiVersion: answers.apiVersion, kind: answers.kind }).trimEnd(),
  ];
  for (const field of ANSWER_FIELDS) {
    const why = opts.assumed?.[field];
    if (why) lines.push(`# not asked: ${commentText(why)}`);
    lines.push(dump({ [field]: answers[field] }, { flowLevel: 1 }).trimEnd());
  }
  return (opts.schemaModeline ?? '') + lines.join('\n') + '\n';
}

/** Why a path cannot be written to, before anything is written (undefined when it can). */
export function checkTarget(path: string): { exists: boolean; problem?: string } {
  try {
    const st = statSync(path);
    if (st.isDirectory()) return { exists: true, problem: `${path} is a directory` };
    return { exists: true };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') return { exists: false, problem: `${path}: cannot use (${code ?? String(err)})` };
  }
  try {
    if (!statSync(dirname(path)).isDirectory()) return { exists: false, problem: `${dirname(path)} is not a directory` };
  } catch {
    return { exists: false, problem: `folder ${dirname(path)} does not exist` };
  }
  return { exists: false };
}

/** Thrown when the target appeared after it was checked and overwriting was not allowed. */
export class TargetExistsError extends Error {
  constructor(readonly path: string) {
    super(`${path} already exists`);
    this.name = 'TargetExistsError';
  }
}

/**
 * Writes `text` to `path` atomically through meshgate's one output writer (exclusive temporary
 * file, sync, rename; no temporary file survives a signal). Without `overwrite` the final step is
 * a hard link, which fails if the target exists, so a file created meanwhile is never clobbered.
 */
export function writeFileAtomic(path: string, text: string, opts: { overwrite: boolean }): void {
  try {
    writeFileAtomically(path, text, { overwrite: opts.overwrite, option: '--save' });
  } catch (err) {
    if (err instanceof OutputExistsError) throw new TargetExistsError(path);
    throw err;
  }
}
