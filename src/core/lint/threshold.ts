/**
 * When a lint run fails: the same rule for every output format.
 */
import type { Finding, Severity } from '../types.js';

const RANK: Record<Severity, number> = { info: 1, warning: 2, error: 3 };

export interface ThresholdOptions {
  /** Lowest severity that fails the run (default error). */
  failOn?: Severity;
  /** More warnings than this fails the run. */
  maxWarnings?: number;
}

/** True when a finding of this severity is at or over the failure threshold. */
export function reachesThreshold(severity: Severity, failOn: Severity = 'error'): boolean {
  return RANK[severity] >= RANK[failOn];
}

/** 1 when any finding reaches --fail-on or warnings exceed --max-warnings, else 0. */
export function exitCodeFor(findings: readonly Finding[], opts: ThresholdOptions = {}): 0 | 1 {
  let warnings = 0;
  for (const f of findings) {
    if (reachesThreshold(f.severity, opts.failOn)) return 1;
    if (f.severity === 'warning') warnings++;
  }
  return opts.maxWarnings !== undefined && warnings > opts.maxWarnings ? 1 : 0;
}

/** Counts by severity, for summaries. */
export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}
