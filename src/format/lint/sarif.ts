/**
 * SARIF 2.1.0 for GitHub code scanning (and other SARIF consumers): every loaded rule in
 * tool.driver.rules, `results` always present, 1-based regions, URIs relative to the working
 * directory, and the run's exit code in invocations. A file that could not be linted is both a
 * tool execution notification (the run did not fully succeed) and an error result under the
 * pseudo rule `meshgate/fatal`, so code scanning shows it where the findings would have been.
 */
import type { Location, Log, Notification, ReportingDescriptor, Result } from 'sarif';
import type { Finding, Severity } from '../../core/types.js';
import { FATAL_RULE_ID, type FatalEntry, type LintFormatContext } from './types.js';
import { relativePosix } from './paths.js';
import { lintRulePage } from '../rule-docs.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

const LEVEL: Record<Severity, Result.level> = { error: 'error', warning: 'warning', info: 'note' };

function uriFor(file: string, cwd: string): string {
  return relativePosix(file, cwd).split('/').map(encodeURIComponent).join('/');
}

function locationOf(at: { file: string; line: number; column: number }, cwd: string): Location {
  return {
    physicalLocation: {
      artifactLocation: { uri: uriFor(at.file, cwd), uriBaseId: '%SRCROOT%' },
      region: { startLine: Math.max(1, at.line), startColumn: Math.max(1, at.column) },
    },
  };
}

const FATAL_RULE: ReportingDescriptor = {
  id: FATAL_RULE_ID,
  name: 'fatal',
  shortDescription: { text: 'File could not be linted' },
  fullDescription: { text: 'The file could not be read or parsed as a meshgate architecture, docker-compose file or Kubernetes manifest, so none of its findings are known.' },
  help: { text: 'Fix the problem named in the message (the file\'s encoding, its YAML syntax or its shape) and lint again.' },
  defaultConfiguration: { level: 'error' },
  properties: { tags: ['meshgate', 'fatal'] },
};

function fatalParts(fatal: readonly FatalEntry[], cwd: string, ruleIndex: number): { results: Result[]; notifications: Notification[] } {
  return {
    results: fatal.map((f) => ({ ruleId: FATAL_RULE_ID, ruleIndex, level: 'error', kind: 'fail', message: { text: f.message }, locations: [locationOf(f, cwd)] })),
    notifications: fatal.map((f) => ({
      level: 'error',
      message: { text: f.hint ? `${f.message}; fix: ${f.hint}` : f.message },
      locations: [locationOf(f, cwd)],
      descriptor: { id: FATAL_RULE_ID },
    })),
  };
}

export function formatSarif(findings: readonly Finding[], ctx: LintFormatContext): string {
  const ruleIndex = new Map<string, number>();
  const rules: ReportingDescriptor[] = ctx.rules.map((r, i) => {
    ruleIndex.set(r.id, i);
    const override = ctx.severities[r.id];
    const severity = override && override !== 'off' ? override : r.severity;
    // A built-in rule's page (docs/rules/<id>.md; the suppressions page for the suppression checks) is its help: helpUri when the repository has an
    // address (SARIF wants an absolute URI), and named in the help text either way.
    const docs = lintRulePage(r, ctx.toolVersion);
    const page = docs?.ref;
    const pageUrl = docs?.url;
    const pageLine = page ? `\n\nRule page: ${page}` : '';
    const helpText = `${r.remediation}\n\nWhy: ${r.rationale}\n\nSources:\n${r.sources.map((s) => `- ${s}`).join('\n')}${pageLine}`;
    return {
      id: r.id,
      name: r.id,
      shortDescription: { text: r.title },
      fullDescription: { text: r.rationale },
      helpUri: pageUrl ?? r.sources[0],
      help: { text: helpText, markdown: `**Fix:** ${r.remediation}\n\n**Why:** ${r.rationale}\n\n${r.sources.map((s) => `- <${s}>`).join('\n')}${page ? `\n\n**Rule page:** ${pageUrl ? `<${pageUrl}>` : `\`${page}\``}` : ''}` },
      defaultConfiguration: override === 'off' || (override === undefined && r.disabledByDefault !== undefined) ? { level: LEVEL[r.severity], enabled: false } : { level: LEVEL[severity] },
      properties: { tags: ['meshgate', r.builtin === false ? 'custom' : 'builtin'] },
    };
  });
  const results: Result[] = findings.map((f) => {
    const result: Result = {
      ruleId: f.ruleId,
      level: LEVEL[f.severity],
      message: { text: f.message },
      locations: [locationOf(f, ctx.cwd)],
    };
    const index = ruleIndex.get(f.ruleId);
    if (index !== undefined) result.ruleIndex = index;
    if (f.pointer !== undefined) result.properties = { pointer: f.pointer };
    // The other end of the finding (the call a policy denies), so code scanning shows both.
    if (f.related?.length) result.relatedLocations = f.related.map((r, id) => ({ id, ...locationOf(r, ctx.cwd), message: { text: r.message } }));
    return result;
  });
  const fatal = ctx.fatal ?? [];
  const { results: fatalResults, notifications } = fatalParts(fatal, ctx.cwd, rules.length);
  if (fatal.length > 0) rules.push(FATAL_RULE);
  const log: Log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'meshgate', version: ctx.toolVersion, semanticVersion: ctx.toolVersion, rules } },
        results: [...fatalResults, ...results],
        invocations: [
          fatal.length > 0
            ? { executionSuccessful: false, exitCode: ctx.exitCode, toolExecutionNotifications: notifications }
            : { executionSuccessful: true, exitCode: ctx.exitCode },
        ],
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
