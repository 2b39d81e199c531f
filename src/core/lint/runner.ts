/**
 * The lint runner: runs each enabled rule's check kind over one architecture, fills the
 * message templates and resolves positions only for the hits (a clean run locates nothing).
 */
import type { Finding, Severity } from '../types.js';
import type { Hit, LintInput, LintOptions, LintRule, SeverityOverride } from './types.js';
import { buildContext } from './context.js';
import { CHECK_KINDS } from './checks.js';
import { formatLocShort, renderTemplate } from './template.js';

/** The severity a rule runs at after config overrides, or `off` (a rule off by default runs only when the config names it). */
export function effectiveSeverity(rule: Pick<LintRule, 'id' | 'severity' | 'disabledByDefault'>, severities?: Record<string, SeverityOverride>): SeverityOverride {
  return severities?.[rule.id] ?? (rule.disabledByDefault !== undefined ? 'off' : rule.severity);
}

/** Orders findings by file, position, then rule id, so output is stable. */
export function compareFindings(a: Finding, b: Finding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.column - b.column || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);
}

/**
 * Lints one architecture with the given rules. Rules must have been validated at load (known
 * check kind, params matching its schema); an unknown kind here is a programming error.
 */
export function lintArchitecture(input: LintInput, rules: readonly LintRule[], options: LintOptions = {}): Finding[] {
  const ctx = buildContext(input.architecture, options.answers, input.inventory);
  const findings: Finding[] = [];
  for (const rule of rules) {
    const severity = effectiveSeverity(rule, options.severities);
    if (severity === 'off') continue;
    const kind = CHECK_KINDS[rule.check.kind];
    if (!kind) throw new Error(`rule ${rule.id}: unknown check kind ${rule.check.kind}`);
    for (const hit of kind.run(ctx, rule.check.params ?? {})) findings.push(toFinding(rule, severity, hit, input));
  }
  return findings.sort(compareFindings);
}

function toFinding(rule: LintRule, severity: Severity, hit: Hit, input: LintInput): Finding {
  const loc = hit.at ?? input.locate(hit.pointer);
  const data: Record<string, string | number> = { ...hit.data };
  for (const [name, pointer] of Object.entries(hit.related ?? {})) {
    const at = input.locate(pointer);
    data[`${name}Loc`] = at.file === loc.file ? `line ${at.line}` : formatLocShort(at);
  }
  const finding: Finding = {
    ruleId: rule.id,
    severity,
    message: renderTemplate(rule.message, data),
    file: loc.file,
    line: loc.line,
    column: loc.column,
    remediation: rule.remediation,
    helpUri: rule.sources[0],
  };
  if (hit.pointer !== '' || hit.at === undefined) finding.pointer = hit.pointer;
  if (hit.relatedAt?.length) finding.related = hit.relatedAt.map((r) => ({ file: r.loc.file, line: r.loc.line, column: r.loc.column, message: r.message }));
  return finding;
}
