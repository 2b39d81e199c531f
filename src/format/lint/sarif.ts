/**
 * SARIF 2.1.0 for GitHub code scanning (and other SARIF consumers): every loaded rule in
 * tool.driver.rules, `results` always present, 1-based regions, URIs relative to the working
 * directory, and the run's exit code in invocations.
 */
import type { Log, ReportingDescriptor, Result } from 'sarif';
import type { Finding, Severity } from '../../core/types.js';
import type { LintFormatContext } from './types.js';
import { relativePosix } from './paths.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

const LEVEL: Record<Severity, Result.level> = { error: 'error', warning: 'warning', info: 'note' };

function uriFor(file: string, cwd: string): string {
  return relativePosix(file, cwd).split('/').map(encodeURIComponent).join('/');
}

export function formatSarif(findings: readonly Finding[], ctx: LintFormatContext): string {
  const ruleIndex = new Map<string, number>();
  const rules: ReportingDescriptor[] = ctx.rules.map((r, i) => {
    ruleIndex.set(r.id, i);
    const override = ctx.severities[r.id];
    const severity = override && override !== 'off' ? override : r.severity;
    const helpText = `${r.remediation}\n\nWhy: ${r.rationale}\n\nSources:\n${r.sources.map((s) => `- ${s}`).join('\n')}`;
    return {
      id: r.id,
      name: r.id,
      shortDescription: { text: r.title },
      fullDescription: { text: r.rationale },
      helpUri: r.sources[0],
      help: { text: helpText, markdown: `**Fix:** ${r.remediation}\n\n**Why:** ${r.rationale}\n\n${r.sources.map((s) => `- <${s}>`).join('\n')}` },
      defaultConfiguration: override === 'off' ? { level: LEVEL[r.severity], enabled: false } : { level: LEVEL[severity] },
      properties: { tags: ['meshgate', r.builtin === false ? 'custom' : 'builtin'] },
    };
  });
  const results: Result[] = findings.map((f) => {
    const result: Result = {
      ruleId: f.ruleId,
      level: LEVEL[f.severity],
      message: { text: f.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: uriFor(f.file, ctx.cwd), uriBaseId: '%SRCROOT%' },
            region: { startLine: Math.max(1, f.line), startColumn: Math.max(1, f.column) },
          },
        },
      ],
    };
    const index = ruleIndex.get(f.ruleId);
    if (index !== undefined) result.ruleIndex = index;
    if (f.pointer !== undefined) result.properties = { pointer: f.pointer };
    return result;
  });
  const log: Log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'meshgate', version: ctx.toolVersion, semanticVersion: ctx.toolVersion, rules } },
        results,
        invocations: [{ executionSuccessful: true, exitCode: ctx.exitCode }],
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
