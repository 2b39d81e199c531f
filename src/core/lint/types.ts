/**
 * Data types of the linter: rules as loaded from YAML, what a check kind returns, and the
 * options a run takes. Pure data; nothing here does I/O.
 */
import type { Answers, Architecture, Locator, Severity } from '../types.js';

/** A severity as a config file may set it: `off` disables the rule. */
export type SeverityOverride = Severity | 'off';

/** The check a rule runs: one of the named kinds with its parameters. */
export interface RuleCheck {
  kind: string;
  params?: Record<string, unknown>;
}

/** A lint rule as written in rules/lint/<id>.yaml (or a --rules directory). */
export interface LintRule {
  id: string;
  severity: Severity;
  title: string;
  /** Message template; `{{name}}` placeholders are filled from the check's output. */
  message: string;
  rationale: string;
  remediation: string;
  sources: string[];
  check: RuleCheck;
  /** Where the rule was read from (absent for built-in pseudo-rules). */
  file?: string;
  /** False for rules from a --rules directory. */
  builtin?: boolean;
}

/**
 * One place a check found a problem: the JSON pointer of the offending node, values for the
 * message placeholders, and pointers to related nodes (their positions fill `{{<name>Loc}}`:
 * "line N" in the same file, else file:line:col).
 */
export interface Hit {
  pointer: string;
  data: Record<string, string | number>;
  related?: Record<string, string>;
}

/** The architecture being linted and where its nodes came from. */
export interface LintInput {
  architecture: Architecture;
  locate: Locator;
}

export interface LintOptions {
  /** Answers some rules read (e.g. mandated mTLS); a partial set is enough. */
  answers?: Partial<Answers>;
  /** Severity overrides by rule id (from .meshgate.yaml). */
  severities?: Record<string, SeverityOverride>;
}
