/**
 * `meshgate compare`: API gateway and service mesh side by side, with sources.
 */
import type { Io } from '../io.js';
import { COMPARISON_ROWS, COMPARISON_SOURCES } from '../core/comparison.js';

export interface CompareOptions {
  format?: 'text' | 'json' | 'markdown';
}

/** Runs `meshgate compare`. */
export async function runCompare(opts: CompareOptions, io: Io): Promise<number> {
  const format = opts.format ?? 'text';
  const { formatComparisonText, formatComparisonMarkdown, comparisonToJson } = await import('../format/comparison.js');
  if (format === 'json') io.stdout(JSON.stringify(comparisonToJson(COMPARISON_ROWS, COMPARISON_SOURCES), null, 2) + '\n');
  else if (format === 'markdown') io.stdout(formatComparisonMarkdown(COMPARISON_ROWS, COMPARISON_SOURCES));
  else io.stdout(formatComparisonText(COMPARISON_ROWS, COMPARISON_SOURCES, { color: io.color, ...(io.columns !== undefined ? { width: io.columns } : {}) }));
  return 0;
}
