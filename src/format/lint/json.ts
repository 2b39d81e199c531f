/**
 * JSON: an array of findings with exactly ruleId, severity, message, file, line, column. A file
 * that could not be linted is an entry of its own, as ESLint reports a fatal parsing error:
 * `ruleId: null`, `severity: "error"` and `fatal: true`, in file and position order with the rest.
 */
import type { Finding } from '../../core/types.js';
import type { LintFormatContext } from './types.js';

interface JsonEntry {
  ruleId: string | null;
  severity: string;
  message: string;
  file: string;
  line: number;
  column: number;
  fatal?: true;
}

export function formatJson(findings: readonly Finding[], ctx: LintFormatContext): string {
  const rows: JsonEntry[] = findings.map((f) => ({ ruleId: f.ruleId, severity: f.severity, message: f.message, file: f.file, line: f.line, column: f.column }));
  const fatal: JsonEntry[] = (ctx.fatal ?? []).map((f) => ({ ruleId: null, severity: 'error', message: f.message, file: f.file, line: f.line, column: f.column, fatal: true }));
  const all = fatal.length === 0 ? rows : [...fatal, ...rows].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
  return JSON.stringify(all, null, 2) + '\n';
}
