/**
 * Text from the input (service names, file names, YAML values) must not drive the terminal: a
 * newline would forge a line, an escape sequence would move the cursor or retitle the window, and
 * invisible or bidirectional characters would disguise what is shown. Pure.
 */

import { wrapWords } from './text-width.js';

const SHORT_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** C0 and C1 control characters, DEL, zero-width and bidirectional marks, and the BOM. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g;

/** Every unsafe character shown as an escape (`\n`, `\t`, `\u001b`, ...); other text unchanged. */
export function visible(text: string): string {
  return text.replace(UNSAFE, (ch) => SHORT_ESCAPES[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Like `visible`, but keeps line breaks and tabs: for whole messages of several lines (commander's
 * usage errors) whose own line breaks are meant, while user text inside them is one line.
 */
export function visibleKeepingLines(text: string): string {
  return text.replace(UNSAFE, (ch) => (ch === '\n' || ch === '\t' ? ch : visible(ch)));
}

/**
 * A file name for a message, the way git shows paths (core.quotePath): as it is when it holds
 * only ordinary characters, otherwise in double quotes with C-style escapes, so that
 * `a"b\nc.yaml` can neither break the line nor be mistaken for another name.
 */
export function showPath(path: string): string {
  UNSAFE.lastIndex = 0;
  if (!UNSAFE.test(path) && !/["\\]/.test(path)) return path;
  return `"${visible(path.replace(/[\\"]/g, (ch) => `\\${ch}`))}"`;
}

/**
 * Two columns, `  term  description`, the terms aligned: whole lines without a width; at a width
 * the descriptions wrap at words under their column, or, when the terms leave too little room,
 * go on the next line, indented.
 */
export function termList(rows: readonly (readonly [string, string])[], columns: number | undefined, indent = '  '): string[] {
  const termWidth = Math.max(0, ...rows.map(([term]) => term.length));
  const lead = indent.length + termWidth + 2;
  const out: string[] = [];
  for (const [term, description] of rows) {
    const line = `${indent}${term.padEnd(termWidth)}  ${description}`.trimEnd();
    if (columns === undefined || line.length <= columns) out.push(line);
    else if (columns - lead >= 30) out.push(`${indent}${term.padEnd(termWidth)}  ${hang(description, columns - lead, ' '.repeat(lead))}`);
    else out.push(`${indent}${term}`, `${indent}    ${hang(description, columns - indent.length - 4, `${indent}    `)}`);
  }
  return out;
}

/** Wraps `text` to `width` and puts `margin` before every line but the first (which the caller prefixes). */
export function hang(text: string, width: number, margin: string): string {
  return wrapWords(text, Math.max(20, width), '').replace(/\n/g, `\n${margin}`);
}

/** One message of several sentences for the terminal: wrapped at words, continuation lines indented. */
export function wrapMessage(text: string, columns: number | undefined, indent = '  '): string {
  return columns === undefined ? text : wrapWords(text, columns, indent);
}
