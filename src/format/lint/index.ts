/**
 * The lint output formats by name. Each formatter is loaded only when chosen: SARIF, JUnit and
 * the coloured stylish output (with chalk) would otherwise all load on every run.
 */
import type { LintFormatter } from './types.js';

export const LINT_FORMATS = ['stylish', 'json', 'sarif', 'junit', 'github'] as const;
export type LintFormat = (typeof LINT_FORMATS)[number];

const LOADERS: Record<LintFormat, () => Promise<LintFormatter>> = {
  stylish: async () => (await import('./stylish.js')).formatStylish,
  json: async () => (await import('./json.js')).formatJson,
  sarif: async () => (await import('./sarif.js')).formatSarif,
  junit: async () => (await import('./junit.js')).formatJunit,
  github: async () => (await import('./github.js')).formatGithub,
};

/** The formatter for a format name, or undefined for an unknown name. */
export async function loadLintFormatter(format: string): Promise<LintFormatter | undefined> {
  return Object.prototype.hasOwnProperty.call(LOADERS, format) ? LOADERS[format as LintFormat]() : undefined;
}

export type { LintFormatContext, LintFormatter } from './types.js';
