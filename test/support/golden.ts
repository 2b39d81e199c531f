/**
 * Golden (expected-output) files that are reviewed by hand. A missing one fails the test with the
 * command that writes it: a golden file written by the run that checks it would pass whatever
 * the output is. `UPDATE=1` rewrites them after a deliberate change.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;

/** The expected text of a golden file, after writing `actual` to it when UPDATE=1. */
export function readGolden(file: string, actual: string, testFile: string): string {
  if (process.env['UPDATE'] === '1') writeFileSync(file, actual);
  if (!existsSync(file)) {
    throw new Error(
      `golden file ${relative(root, file)} is missing: write it with \`UPDATE=1 npx vitest run ${relative(root, testFile)}\`, review it, and commit it`,
    );
  }
  return readFileSync(file, 'utf8');
}
