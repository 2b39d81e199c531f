/**
 * What every lint output format receives besides the findings.
 */
import type { Finding, Severity } from '../../core/types.js';
import type { LintRule, SeverityOverride } from '../../core/lint/types.js';

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
  /** The exit code the run ends with (0 or 1). */
  exitCode: number;
  toolVersion: string;
}

/** A pure function from findings to the report text. */
export type LintFormatter = (findings: readonly Finding[], ctx: LintFormatContext) => string;

/** Whether a finding fails the run: at/over --fail-on, or a warning when --max-warnings is exceeded. */
export function failsRun(f: Finding, ctx: LintFormatContext, warningCount: number): boolean {
  const rank = { info: 1, warning: 2, error: 3 } as const;
  if (rank[f.severity] >= rank[ctx.failOn]) return true;
  return f.severity === 'warning' && ctx.maxWarnings !== undefined && warningCount > ctx.maxWarnings;
}
