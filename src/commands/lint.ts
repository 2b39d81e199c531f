/**
 * `meshgate lint FILE|DIR...`: the run (src/app/lint.ts) formatted and written; a file that
 * could not be linted is also said on stderr, and a one-line summary goes to stderr whenever the
 * report does not (another format, or -o).
 */
import type { Io } from '../io.js';
import { UserError, renderUserError } from '../errors.js';
import { VERSION } from '../version.js';
import type { Finding, Severity } from '../core/types.js';
import { countBySeverity } from '../core/lint/threshold.js';
import { LINT_FORMATS, loadLintFormatter, type LintFormat } from '../format/lint/index.js';
import type { FatalEntry } from '../format/lint/types.js';
import { showPath, wrapMessage } from '../format/terminal-text.js';
import { writeOutputFile } from '../shell/write-output-file.js';
import { lintInputs } from '../app/lint.js';

export interface LintCommandOptions {
  format?: LintFormat;
  output?: string;
  failOn?: Severity;
  maxWarnings?: number;
  config?: string;
  rules?: string[];
  answers?: string;
  maxBytes?: string;
}

export async function runLint(inputs: string[], opts: LintCommandOptions, io: Io): Promise<number> {
  const format: LintFormat = opts.format ?? 'stylish';
  const formatter = await loadLintFormatter(format);
  if (!formatter) throw new UserError(`unknown format "${format}"`, { hint: `use one of ${LINT_FORMATS.join(', ')}` });
  const failOn: Severity = opts.failOn ?? 'error';
  const run = await lintInputs(inputs, { rules: opts.rules, config: opts.config, answers: opts.answers, maxBytes: opts.maxBytes, failOn, maxWarnings: opts.maxWarnings }, io);
  const { findings, fatal, files } = run;
  const report = formatter(findings, {
    fatal,
    columns: opts.output ? undefined : io.columns,
    color: format === 'stylish' && !opts.output && io.color,
    cwd: io.cwd,
    rules: run.rules,
    severities: run.severities,
    files,
    failOn,
    maxWarnings: opts.maxWarnings,
    exitCode: run.exitCode,
    toolVersion: VERSION,
  });
  // A report file is regenerated on every run (as ESLint's -o is), so it is always replaced.
  if (opts.output) writeOutputFile(opts.output, report, { force: true, cwd: io.cwd });
  else io.stdout(report);
  // A file that could not be linted is an input error like any other: said on stderr (file:line:col,
  // then the fix) whatever the format, besides its entry in the report.
  for (const f of fatal) io.stderr(renderUserError(new UserError(f.message, { loc: f, hint: f.hint }), io.columns));
  if (format !== 'stylish' || opts.output) io.stderr(`${wrapMessage(summaryLine(findings, files.length, fatal, opts), io.columns)}\n`);
  return run.exitCode;
}

function summaryLine(findings: Finding[], fileCount: number, fatal: FatalEntry[], opts: LintCommandOptions): string {
  const c = countBySeverity(findings);
  const files = `${fileCount} file${fileCount === 1 ? '' : 's'}`;
  const unlinted = new Set(fatal.map((f) => f.file)).size;
  const notLinted = unlinted > 0 ? `; ${unlinted} file${unlinted === 1 ? '' : 's'} could not be linted (exit 2)` : '';
  const where = opts.output ? `; report written to ${showPath(opts.output)}` : '';
  if (findings.length === 0) return `meshgate lint: no problems in ${files}${notLinted}${where}`;
  return `meshgate lint: ${findings.length} problem${findings.length === 1 ? '' : 's'} (${c.error} error${c.error === 1 ? '' : 's'}, ${c.warning} warning${c.warning === 1 ? '' : 's'}, ${c.info} info) in ${files}${notLinted}${where}`;
}
