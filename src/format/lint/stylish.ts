/**
 * The default, human format (after ESLint's "stylish"): findings grouped under their file,
 * `line:col  severity  message  rule-id`, columns aligned, and a summary line.
 */
import { Chalk } from 'chalk';
import type { Finding } from '../../core/types.js';
import type { LintFormatContext } from './types.js';
import { countBySeverity } from '../../core/lint/threshold.js';

const CONTROL_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * Control characters in text that came from the input (service names) would drive the terminal,
 * and invisible or bidirectional ones would disguise it; show them all as escapes.
 */
function visible(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g, (ch) => CONTROL_ESCAPES[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function formatStylish(findings: readonly Finding[], ctx: LintFormatContext): string {
  const c = new Chalk({ level: ctx.color ? 1 : 0 });
  const checked = plural(ctx.files.length, 'file');
  if (findings.length === 0) return `${c.green('✔')} no problems (${checked} checked)\n`;
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = byFile.get(f.file);
    if (list) list.push(f);
    else byFile.set(f.file, [f]);
  }
  const sevColor = { error: c.red, warning: c.yellow, info: c.blue } as const;
  const out: string[] = [];
  for (const [file, list] of byFile) {
    out.push(c.underline(file));
    const posWidth = Math.max(...list.map((f) => `${f.line}:${f.column}`.length));
    const msgWidth = Math.max(...list.map((f) => visible(f.message).length));
    for (const f of list) {
      const pos = `${f.line}:${f.column}`.padEnd(posWidth);
      const sev = sevColor[f.severity](f.severity.padEnd(7));
      out.push(`  ${c.dim(pos)}  ${sev}  ${visible(f.message).padEnd(msgWidth)}  ${c.dim(f.ruleId)}`);
    }
    out.push('');
  }
  const counts = countBySeverity(findings);
  const summary = `✖ ${plural(findings.length, 'problem')} (${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${counts.info} info) in ${checked}`;
  const tone = counts.error > 0 ? c.red.bold : counts.warning > 0 ? c.yellow.bold : c.bold;
  out.push(tone(summary));
  if (ctx.maxWarnings !== undefined && counts.warning > ctx.maxWarnings) {
    out.push(c.yellow(`meshgate found too many warnings (maximum: ${ctx.maxWarnings})`));
  }
  return out.join('\n') + '\n';
}
