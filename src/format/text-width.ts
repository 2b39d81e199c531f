/**
 * Text that fits the reader's terminal. Every text output wraps to one width, decided once in
 * the shell (`Io.columns`): the terminal's width, or COLUMNS when set; unlimited when piped, so
 * scripts and files get whole lines. Pure.
 */

/** Widths below this are treated as this: narrower output is unreadable anyway. */
export const MIN_WIDTH = 40;

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/** Columns a string takes on screen: colour escapes take none. */
export function visibleLength(text: string): number {
  return text.replace(ANSI, '').length;
}

/**
 * Wraps text at spaces to `width` columns; continuation lines get `indent`. A word longer than
 * the line stays whole (a path or URL broken in the middle could not be copied). Colour escapes
 * do not count toward the width, so coloured and plain output break at the same words.
 */
export function wrapWords(text: string, width: number, indent: string): string {
  const lines: string[] = [];
  let line = '';
  let length = 0;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const w = visibleLength(word);
    if (line && length + 1 + w > width) {
      lines.push(line);
      line = indent + word;
      length = indent.length + w;
    } else {
      line = line ? `${line} ${word}` : word;
      length = line === word ? w : length + 1 + w;
    }
  }
  if (line) lines.push(line);
  return lines.join('\n');
}

/**
 * The width text output should fit: COLUMNS when it is a positive number, else the terminal's
 * columns when stdout is one, else undefined (no limit: piped output keeps whole lines).
 */
export function decideColumns(env: Record<string, string | undefined>, stdoutIsTTY: boolean, terminalColumns: number | undefined): number | undefined {
  const fromEnv = Number(env['COLUMNS']);
  if (Number.isInteger(fromEnv) && fromEnv > 0) return Math.max(MIN_WIDTH, fromEnv);
  if (stdoutIsTTY && terminalColumns && terminalColumns > 0) return Math.max(MIN_WIDTH, terminalColumns);
  return undefined;
}
