/**
 * Data types of the linter: rules as loaded from YAML, what a check kind returns, and the
 * options a run takes. Pure data; nothing here does I/O.
 */
import type { Answers, Architecture, Loc, Locator, Severity } from '../types.js';
import type { ImportInventory } from '../import-inventory.js';

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
  /** Present: the rule is off unless the config sets its severity; says why it is off by default. */
  disabledByDefault?: string;
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
  /**
   * Where to report, when the problem sits in a file object rather than at a model node (a
   * policy in a manifest); `pointer` then names the model node it concerns, or is empty.
   */
  at?: Loc;
  /** Other places the finding involves (the call a policy denies), for formats that show them (SARIF relatedLocations). */
  relatedAt?: { loc: Loc; message: string }[];
}

/** The architecture being linted and where its nodes came from. */
export interface LintInput {
  architecture: Architecture;
  locate: Locator;
  /** The objects, workloads and call evidence behind an imported model (the policy-drift rules read them). */
  inventory?: ImportInventory;
}

export interface LintOptions {
  /** Answers some rules read (e.g. mandated mTLS); a partial set is enough. */
  answers?: Partial<Answers>;
  /** Severity overrides by rule id (from .meshgate.yaml). */
  severities?: Record<string, SeverityOverride>;
}
