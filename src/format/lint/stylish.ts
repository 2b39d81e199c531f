/**
 * The default, human format (after ESLint's "stylish"): findings grouped under their file,
 * `line:col  severity  message  rule-id`, columns aligned, a summary line, and then, once per
 * rule that fired, how to fix it and where to read why. Files that could not be linted appear
 * under their name as `fatal` with the fix. On a terminal (ctx.columns) every line fits its
 * width: messages wrap at words under their column; piped output keeps whole lines.
 */
import { dirname } from 'node:path';
import { Chalk } from 'chalk';
import type { Finding, Severity } from '../../core/types.js';
import type { LintRule } from '../../core/lint/types.js';
import type { FatalEntry, LintFormatContext } from './types.js';
import { countBySeverity } from '../../core/lint/threshold.js';
import { showPath, visible } from '../terminal-text.js';
import { wrapWords } from '../text-width.js';
import { relativePosix } from './paths.js';
import { plural } from '../../core/plural.js';
import { lintRulePage } from '../rule-docs.js';

/** One row of the table before colouring: a finding, or a file that could not be linted. */
interface Row {
  pos: string;
  severity: Severity | 'fatal';
  message: string;
  /** Rule id for findings; for fatal rows the fix, shown on its own line. */
  ruleId?: string;
  fix?: string;
}

const SEVERITY_WIDTH = 7;

function rowsByFile(findings: readonly Finding[], fatal: readonly FatalEntry[]): Map<string, Row[]> {
  const byFile = new Map<string, Row[]>();
  const add = (file: string, row: Row): void => {
    const list = byFile.get(file);
    if (list) list.push(row);
    else byFile.set(file, [row]);
  };
  for (const f of fatal) add(f.file, { pos: `${f.line}:${f.column}`, severity: 'fatal', message: `${visible(f.message)} (not linted)`, fix: f.hint ? visible(f.hint) : undefined });
  for (const f of findings) add(f.file, { pos: `${f.line}:${f.column}`, severity: f.severity, message: visible(f.message), ruleId: f.ruleId });
  // Files in name order, whether linted or not (findings arrive sorted, fatal entries by input).
  return fatal.length === 0 ? byFile : new Map([...byFile].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * Lays out one file's rows. Whole lines when they fit (or when there is no width); otherwise the
 * message wraps under its own column and the rule id follows it, on the last line if there is room.
 */
function layoutRows(rows: readonly Row[], columns: number | undefined, c: InstanceType<typeof Chalk>): string[] {
  const sevColor = { error: c.red, warning: c.yellow, info: c.blue, fatal: c.red.bold } as const;
  const posWidth = Math.max(...rows.map((r) => r.pos.length));
  const msgWidth = Math.max(...rows.map((r) => r.message.length));
  const ruleWidth = Math.max(0, ...rows.map((r) => r.ruleId?.length ?? 0));
  const lead = 2 + posWidth + 2 + SEVERITY_WIDTH + 2;
  const oneLine = columns === undefined || lead + msgWidth + 2 + ruleWidth <= columns;
  const indent = ' '.repeat(lead);
  const out: string[] = [];
  for (const r of rows) {
    const head = `  ${c.dim(r.pos.padEnd(posWidth))}  ${sevColor[r.severity](r.severity.padEnd(SEVERITY_WIDTH))}  `;
    if (oneLine) {
      out.push(r.ruleId ? `${head}${r.message.padEnd(msgWidth)}  ${c.dim(r.ruleId)}` : `${head}${r.message}`);
    } else {
      const room = Math.max(20, columns! - lead);
      const lines = wrapWords(r.message, room, '').split('\n');
      if (r.ruleId) {
        const last = lines.length - 1;
        if (lines[last]!.length + 2 + r.ruleId.length <= room) lines[last] = `${lines[last]}  ${c.dim(r.ruleId)}`;
        else lines.push(c.dim(r.ruleId));
      }
      out.push(head + lines[0], ...lines.slice(1).map((l) => indent + l));
    }
    if (r.fix) {
      const fix = columns === undefined ? `fix: ${r.fix}` : wrapWords(`fix: ${r.fix}`, Math.max(20, columns - lead), '     ').replace(/\n/g, `\n${indent}`);
      out.push(indent + c.dim(fix));
    }
  }
  return out;
}

/** Where to read more about a rule: `meshgate rules show` and the rule's page, or the suppressions page for the suppression checks. */
function moreAbout(rule: LintRule, ctx: LintFormatContext): string {
  const page = lintRulePage(rule, ctx.toolVersion);
  if (rule.check.kind === 'suppression') return page!.ref;
  if (rule.builtin === false) return `meshgate rules show ${rule.id}${rule.file ? ` --rules ${showPath(relativePosix(dirname(rule.file), ctx.cwd))}` : ''}`;
  return `meshgate rules show ${rule.id} (${page!.ref})`;
}

/** For each rule that fired, in order of first appearance: its fix and where to read why. */
function fixSection(findings: readonly Finding[], ctx: LintFormatContext, c: InstanceType<typeof Chalk>): string[] {
  const fired = [...new Set(findings.map((f) => f.ruleId))];
  const rules = new Map(ctx.rules.map((r) => [r.id, r] as const));
  const width = ctx.columns;
  // `    fix: text` with continuation lines under the text (wrapWords drops leading spaces, so they are added after).
  const wrap = (label: string, text: string): string =>
    width === undefined ? `    ${label}: ${text}` : '    ' + wrapWords(`${label}: ${text}`, width - 4, ' '.repeat(label.length + 2)).replace(/\n/g, '\n    ');
  const out: string[] = ['', c.bold('How to fix')];
  for (const id of fired) {
    const rule = rules.get(id);
    const counts = countBySeverity(findings.filter((f) => f.ruleId === id));
    const found = [counts.error && plural(counts.error, 'error'), counts.warning && plural(counts.warning, 'warning'), counts.info && `${counts.info} info`].filter(Boolean).join(', ');
    out.push(`  ${c.bold(id)} ${c.dim(`(${found})`)}`);
    if (rule) {
      out.push(wrap('fix', visible(rule.remediation)));
      out.push(wrap('why', moreAbout(rule, ctx)));
    }
  }
  return out;
}

export function formatStylish(findings: readonly Finding[], ctx: LintFormatContext): string {
  const c = new Chalk({ level: ctx.color ? 1 : 0 });
  const fatal = ctx.fatal ?? [];
  const checked = plural(ctx.files.length, 'file');
  const notLinted = new Set(fatal.map((f) => f.file)).size;
  const unlinted = notLinted > 0 ? `; ${plural(notLinted, 'file')} could not be linted` : '';
  if (findings.length === 0 && fatal.length === 0) return `${c.green('✔')} no problems (${checked} checked)\n`;
  const out: string[] = [];
  for (const [file, rows] of rowsByFile(findings, fatal)) {
    out.push(c.underline(showPath(file)));
    out.push(...layoutRows(rows, ctx.columns, c));
    out.push('');
  }
  const counts = countBySeverity(findings);
  const found = findings.length === 0
    ? `no problems in ${checked}`
    : `${plural(findings.length, 'problem')} (${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${counts.info} info) in ${checked}`;
  const summary = ctx.files.length === 0 ? `✖ ${plural(notLinted, 'file')} could not be linted` : `✖ ${found}${unlinted}`;
  const tone = counts.error > 0 || fatal.length > 0 ? c.red.bold : counts.warning > 0 ? c.yellow.bold : c.bold;
  out.push(tone(ctx.columns === undefined ? summary : wrapWords(summary, ctx.columns, '  ')));
  if (ctx.maxWarnings !== undefined && counts.warning > ctx.maxWarnings) {
    out.push(c.yellow(`meshgate found too many warnings (maximum: ${ctx.maxWarnings})`));
  }
  if (findings.length > 0) out.push(...fixSection(findings, ctx, c));
  return out.join('\n') + '\n';
}
