/**
 * GitHub Actions workflow commands: one `::error|warning|notice file=…,line=…,col=…,title=…::msg`
 * per finding, escaped the way the Actions runner unescapes them.
 */
import type { Finding } from '../../core/types.js';
import { FATAL_RULE_ID, type LintFormatContext } from './types.js';
import { relativePosix } from './paths.js';

/**
 * Escapes a command's message: %, CR and LF as the runner expects. Other control characters (from
 * service names) are percent-encoded too: the runner leaves them visible instead of passing an
 * escape sequence to the log viewer.
 */
export function escapeData(s: string): string {
  return s
    .replace(/%/g, '%25')
    .replace(/\r/g, '%0D')
    .replace(/\n/g, '%0A')
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** Escapes a command property value: the message escapes plus ':' and ','. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const COMMAND = { error: 'error', warning: 'warning', info: 'notice' } as const;

/** A file that could not be linted is an `::error` on that file, titled with the fatal pseudo rule. */
function fatalCommands(ctx: LintFormatContext): string {
  return (ctx.fatal ?? [])
    .map((f) => {
      const props = [`file=${escapeProperty(relativePosix(f.file, ctx.cwd))}`, `line=${f.line}`, `col=${f.column}`, `title=${escapeProperty(`${FATAL_RULE_ID} (file not linted)`)}`].join(',');
      return `::error ${props}::${escapeData(f.hint ? `${f.message}; fix: ${f.hint}` : f.message)}\n`;
    })
    .join('');
}

export function formatGithub(findings: readonly Finding[], ctx: LintFormatContext): string {
  return fatalCommands(ctx) + findings
    .map((f) => {
      const props = [
        `file=${escapeProperty(relativePosix(f.file, ctx.cwd))}`,
        `line=${f.line}`,
        `col=${f.column}`,
        `title=${escapeProperty(f.ruleId)}`,
      ].join(',');
      return `::${COMMAND[f.severity]} ${props}::${escapeData(`${f.message} (${f.ruleId})`)}\n`;
    })
    .join('');
}
