/**
 * Inline suppressions: `# meshgate-disable-next-line RULE-ID[, RULE-ID] -- reason` silences
 * the named rules on the next line of the same file. A reason is required; suppressions
 * without one, naming unknown rules, or silencing nothing are reported as findings of
 * built-in pseudo-rules, so they cannot rot unnoticed.
 */
import type { Finding, Severity } from '../types.js';
import type { LintRule, SeverityOverride } from './types.js';
import { closest } from './closest.js';

export const SUPPRESSION_MISSING_REASON = 'meshgate/suppression-missing-reason';
export const UNUSED_SUPPRESSION = 'meshgate/unused-suppression';
export const UNKNOWN_SUPPRESSION_RULE = 'meshgate/unknown-suppression-rule';

const ESLINT_DIRECTIVES = 'https://eslint.org/docs/latest/use/configure/rules#disabling-rules';
const ESLINT_UNUSED = 'https://eslint.org/docs/latest/use/command-line-interface#--report-unused-disable-directives';

/** The pseudo-rules suppression handling reports under; listed with the loaded rules. */
export const SUPPRESSION_RULES: readonly LintRule[] = [
  {
    id: SUPPRESSION_MISSING_REASON,
    severity: 'error',
    title: 'Suppression comment without a reason',
    message: 'suppression of {{rules}} has no reason; it does not suppress anything',
    rationale:
      'A silenced finding is a decision somebody made about risk. Without the why written next to it, the next reader cannot tell a considered exception from a shortcut, so meshgate refuses to honour it.',
    remediation: 'Add the reason after two dashes, e.g. `# meshgate-disable-next-line RULE-ID -- the partner API is behind a VPN`.',
    sources: [ESLINT_DIRECTIVES],
    check: { kind: 'suppression' },
  },
  {
    id: UNUSED_SUPPRESSION,
    severity: 'warning',
    title: 'Suppression comment that suppresses nothing',
    message: 'unused suppression of {{rule}}: no {{rule}} finding on line {{line}}',
    rationale:
      'A suppression that matches nothing is left over from a fixed problem or was put on the wrong line; either way it would silently hide a future finding there.',
    remediation: 'Delete the suppression, or move it to the line right above the node the finding points at.',
    sources: [ESLINT_UNUSED],
    check: { kind: 'suppression' },
  },
  {
    id: UNKNOWN_SUPPRESSION_RULE,
    severity: 'error',
    title: 'Suppression comment naming an unknown rule',
    message: 'suppression names unknown rule "{{rule}}"{{hint}}',
    rationale: 'A misspelt rule id suppresses nothing while looking as if it did.',
    remediation: 'Use an id listed by `meshgate rules --kind lint`.',
    sources: [ESLINT_DIRECTIVES],
    check: { kind: 'suppression' },
  },
];

/** One `meshgate-disable-next-line` comment. */
export interface Suppression {
  file: string;
  /** 1-based line and column of the comment's `#`. */
  line: number;
  column: number;
  ruleIds: string[];
  reason: string;
}

const DIRECTIVE = /(^|\s)#\s*meshgate-disable-next-line(?=\s|$)(.*)$/;

/** Finds every suppression comment in a source text. */
export function parseSuppressions(text: string, file: string): Suppression[] {
  const out: Suppression[] = [];
  if (!text.includes('meshgate-disable-next-line')) return out;
  const lines = text.split(/\r?\n/);
  lines.forEach((lineText, i) => {
    const m = DIRECTIVE.exec(lineText);
    if (!m) return;
    const hashColumn = m.index + m[1]!.length + 1;
    const rest = m[2]!;
    const dash = /(?:^|\s)--(?:\s|$)/.exec(rest);
    const idsPart = dash ? rest.slice(0, dash.index) : rest;
    const reason = dash ? rest.slice(dash.index + dash[0].length).trim() : '';
    const ruleIds = idsPart.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
    out.push({ file, line: i + 1, column: hashColumn, ruleIds, reason });
  });
  return out;
}

export interface SuppressionOptions {
  /** Every rule id that exists (loaded rules and pseudo-rules). */
  knownRuleIds: readonly string[];
  severities?: Record<string, SeverityOverride>;
}

/**
 * Removes the findings that valid suppressions cover and adds findings for suppressions
 * that are missing a reason, name unknown rules, or match nothing.
 */
export function applySuppressions(findings: readonly Finding[], suppressions: readonly Suppression[], options: SuppressionOptions): Finding[] {
  const known = new Set(options.knownRuleIds);
  const atLine = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = `${f.file}\0${f.line}`;
    const list = atLine.get(key);
    if (list) list.push(f);
    else atLine.set(key, [f]);
  }
  const suppressed = new Set<Finding>();
  const extra: Finding[] = [];
  const report = (ruleId: string, s: Suppression, message: string): void => {
    const rule = SUPPRESSION_RULES.find((r) => r.id === ruleId)!;
    const sev = options.severities?.[ruleId] ?? rule.severity;
    if (sev === 'off') return;
    extra.push({
      ruleId,
      severity: sev as Severity,
      message,
      file: s.file,
      line: s.line,
      column: s.column,
      remediation: rule.remediation,
      helpUri: rule.sources[0],
    });
  };
  for (const s of suppressions) {
    const unknown = s.ruleIds.filter((id) => !known.has(id));
    for (const id of unknown) {
      const near = closest(id, options.knownRuleIds);
      report(UNKNOWN_SUPPRESSION_RULE, s, `suppression names unknown rule "${id}"${near ? `; did you mean "${near}"?` : ''}`);
    }
    if (s.ruleIds.length === 0) {
      report(UNKNOWN_SUPPRESSION_RULE, s, 'suppression names no rule; list the rule ids to silence');
      continue;
    }
    if (!s.reason) {
      report(SUPPRESSION_MISSING_REASON, s, `suppression of ${s.ruleIds.join(', ')} has no reason; it does not suppress anything`);
      continue;
    }
    const targets = atLine.get(`${s.file}\0${s.line + 1}`) ?? [];
    for (const id of s.ruleIds) {
      if (!known.has(id)) continue;
      const hits = targets.filter((f) => f.ruleId === id);
      for (const f of hits) suppressed.add(f);
      if (hits.length === 0 && options.severities?.[id] !== 'off') {
        report(UNUSED_SUPPRESSION, s, `unused suppression of ${id}: no ${id} finding on line ${s.line + 1}`);
      }
    }
  }
  return [...findings.filter((f) => !suppressed.has(f)), ...extra];
}
