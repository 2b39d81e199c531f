/**
 * JUnit XML for CI test reports: a <testsuite> per file, a <testcase> per enabled rule and
 * file, and a <failure> when that rule has findings that fail the run in that file. Findings
 * below the threshold are listed in the testcase's <system-out>. A file that could not be linted
 * is a suite with one testcase (`meshgate/fatal`) in <error>: JUnit's word for "could not run",
 * as opposed to a failed check.
 */
import type { Finding } from '../../core/types.js';
import { FATAL_RULE_ID, type FatalEntry, type LintFormatContext } from './types.js';
import { failsRun } from './types.js';

/** Escapes text for XML content and attribute values; drops characters XML 1.0 forbids. */
export function escapeXml(s: string): string {
  return s
    .replace(/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function attrs(a: Record<string, string | number>): string {
  return Object.entries(a).map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`).join('');
}

export function formatJunit(findings: readonly Finding[], ctx: LintFormatContext): string {
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  const enabled = ctx.rules.filter((r) => ctx.severities[r.id] !== 'off');
  const files = [...new Set([...ctx.files, ...findings.map((f) => f.file)])];
  const byKey = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = `${f.file}\0${f.ruleId}`;
    const list = byKey.get(key);
    if (list) list.push(f);
    else byKey.set(key, [f]);
  }
  const ruleIds = new Set(enabled.map((r) => r.id));
  const extraRules = [...new Set(findings.map((f) => f.ruleId))].filter((id) => !ruleIds.has(id));
  const allRuleIds = [...ruleIds, ...extraRules];

  let totalTests = 0;
  let totalFailures = 0;
  let totalErrors = 0;
  const suites: string[] = [];
  const fatalByFile = new Map<string, FatalEntry[]>();
  for (const f of ctx.fatal ?? []) fatalByFile.set(f.file, [...(fatalByFile.get(f.file) ?? []), f]);
  for (const [file, entries] of fatalByFile) {
    const first = entries[0]!;
    const text = entries.map((e) => `${file}:${e.line}:${e.column}: ${e.message}${e.hint ? `; fix: ${e.hint}` : ''}`).join('\n');
    const testcase =
      `    <testcase${attrs({ name: FATAL_RULE_ID, classname: file, file, line: first.line })}>\n` +
      `      <error${attrs({ message: first.message, type: 'fatal' })}>${escapeXml(text)}</error>\n    </testcase>`;
    totalTests += 1;
    totalErrors += 1;
    suites.push(`  <testsuite${attrs({ name: file, tests: 1, failures: 0, errors: 1, skipped: 0, file })}>\n${testcase}\n  </testsuite>`);
  }
  for (const file of files) {
    const cases: string[] = [];
    let failures = 0;
    for (const id of allRuleIds) {
      const list = byKey.get(`${file}\0${id}`) ?? [];
      const failing = list.filter((f) => failsRun(f, ctx, warnings));
      const passing = list.filter((f) => !failsRun(f, ctx, warnings));
      const first = failing[0] ?? list[0];
      const caseAttrs: Record<string, string | number> = { name: id, classname: file, file };
      if (first) caseAttrs['line'] = first.line;
      let body = '';
      if (failing.length > 0) {
        failures++;
        const text = failing.map((f) => `${file}:${f.line}:${f.column}: ${f.severity}: ${f.message}`).join('\n');
        const message = failing.length === 1 ? failing[0]!.message : `${failing[0]!.message} (and ${failing.length - 1} more)`;
        body += `\n      <failure${attrs({ message, type: failing[0]!.severity })}>${escapeXml(text)}</failure>`;
      }
      if (passing.length > 0) {
        body += `\n      <system-out>${escapeXml(passing.map((f) => `${file}:${f.line}:${f.column}: ${f.severity}: ${f.message}`).join('\n'))}</system-out>`;
      }
      cases.push(body ? `    <testcase${attrs(caseAttrs)}>${body}\n    </testcase>` : `    <testcase${attrs(caseAttrs)}/>`);
    }
    totalTests += cases.length;
    totalFailures += failures;
    suites.push(
      `  <testsuite${attrs({ name: file, tests: cases.length, failures, errors: 0, skipped: 0, file })}>` +
        (cases.length ? `\n${cases.join('\n')}\n  ` : '') +
        '</testsuite>',
    );
  }
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<testsuites${attrs({ name: 'meshgate lint', tests: totalTests, failures: totalFailures, errors: totalErrors })}>` +
    (suites.length ? `\n${suites.join('\n')}\n` : '') +
    '</testsuites>\n'
  );
}
