/**
 * The lint output formats by name.
 */
import type { LintFormatter } from './types.js';
import { formatStylish } from './stylish.js';
import { formatJson } from './json.js';
import { formatSarif } from './sarif.js';
import { formatJunit } from './junit.js';
import { formatGithub } from './github.js';

export const LINT_FORMATS = ['stylish', 'json', 'sarif', 'junit', 'github'] as const;
export type LintFormat = (typeof LINT_FORMATS)[number];

export const LINT_FORMATTERS: Record<LintFormat, LintFormatter> = {
  stylish: formatStylish,
  json: formatJson,
  sarif: formatSarif,
  junit: formatJunit,
  github: formatGithub,
};

export type { LintFormatContext, LintFormatter } from './types.js';
