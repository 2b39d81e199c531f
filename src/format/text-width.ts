/**
 * Text that fits the reader's terminal. Every text output wraps to one width, decided once in
 * the shell (`Io.columns`): the terminal's width, or COLUMNS when set; unlimited when piped, so
 * scripts and files get whole lines. Pure.
 */

/** Widths below this are treated as this: narrower output is unreadable anyway. */
export const MIN_WIDTH = 40;

/**
 * Wraps text at spaces to `width` columns; continuation lines get `indent`. A word longer than
 * the line stays whole (a path or URL broken in the middle could not be copied).
 */
export function wrapWords(text: string, width: number, indent: string): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = indent + word;
    } else line = line ? `${line} ${word}` : word;
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
