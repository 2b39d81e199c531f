/**
 * JSON: an array of findings with exactly ruleId, severity, message, file, line, column.
 */
import type { Finding } from '../../core/types.js';
import type { LintFormatContext } from './types.js';

export function formatJson(findings: readonly Finding[], _ctx: LintFormatContext): string {
  const rows = findings.map((f) => ({ ruleId: f.ruleId, severity: f.severity, message: f.message, file: f.file, line: f.line, column: f.column }));
  return JSON.stringify(rows, null, 2) + '\n';
}
