/**
 * What every lint output format receives besides the findings.
 */
import type { Finding, Severity } from '../../core/types.js';
import type { LintRule, SeverityOverride } from '../../core/lint/types.js';
import { reachesThreshold } from '../../core/lint/threshold.js';

/**
 * A file that could not be linted: unreadable, not UTF-8, invalid YAML, not an architecture, or
 * holding no services. Reported in every format where the file's findings would be (ESLint's
 * "fatal" messages), while the other files are linted as usual; the run then exits 2.
 */
export interface FatalEntry {
  file: string;
  line: number;
  column: number;
  message: string;
  /** How to fix it, when known. */
  hint?: string;
}

/** The pseudo rule id fatal entries carry where a format needs one (SARIF, JUnit, GitHub). */
export const FATAL_RULE_ID = 'meshgate/fatal';

export interface LintFormatContext {
  /** Whether ANSI colours may be used (only stylish uses them). */
  color: boolean;
  /** Directory file paths are made relative to (SARIF, GitHub). */
  cwd: string;
  /** Every loaded rule, including the suppression pseudo-rules. */
  rules: readonly LintRule[];
  /** Config severity overrides (`off` rules are not run). */
  severities: Record<string, SeverityOverride>;
  /** Every file that was linted, with or without findings. */
  files: readonly string[];
  failOn: Severity;
  maxWarnings?: number;
  /** The exit code the run ends with (0, 1, or 2 when some file could not be linted). */
  exitCode: number;
  toolVersion: string;
  /** Files that could not be linted, one entry per problem found in them. */
  fatal?: readonly FatalEntry[];
  /** Width the text must fit (stylish only); undefined keeps whole lines. See format/text-width.ts. */
  columns?: number;
}

/** A pure function from findings to the report text. */
export type LintFormatter = (findings: readonly Finding[], ctx: LintFormatContext) => string;

/** Whether a finding fails the run: at/over --fail-on, or a warning when --max-warnings is exceeded. */
export function failsRun(f: Finding, ctx: LintFormatContext, warningCount: number): boolean {
  if (reachesThreshold(f.severity, ctx.failOn)) return true;
  return f.severity === 'warning' && ctx.maxWarnings !== undefined && warningCount > ctx.maxWarnings;
}
