/**
 * `meshgate lint FILE|DIR...`: read each system, run the rules, apply suppressions and the
 * config, format, write. The exit code is decided before formatting, so it is the same for
 * every format.
 */
import { isAbsolute, relative, resolve } from 'node:path';
import { ANSWERS_OVERRIDES_SCHEMA } from '../shell/answers-overrides-schema.js';
import { compileSchema } from '../shell/ajv.js';
import type { Io } from '../io.js';
import { UserError, renderUserError } from '../errors.js';
import { VERSION } from '../cli.js';
import type { Answers, Finding, Severity } from '../core/types.js';
import { lintArchitecture, compareFindings } from '../core/lint/runner.js';
import { applySuppressions, parseSuppressions, SUPPRESSION_RULES, type Suppression } from '../core/lint/suppressions.js';
import { exitCodeFor, countBySeverity } from '../core/lint/threshold.js';
import { matchesAnyGlob } from '../core/lint/glob.js';
import { loadLintRules } from '../shell/load-lint-rules.js';
import { loadLintConfig, type LintConfig } from '../shell/lint-config.js';
import { readInputText, parseByteSize } from '../shell/read-input.js';
import { parseYamlDocuments } from '../yaml/parse.js';
import { schemaErrorsToDetails } from '../shell/schema-errors.js';
import { LINT_FORMATS, loadLintFormatter, type LintFormat } from '../format/lint/index.js';
import type { FatalEntry } from '../format/lint/types.js';
import type { LintSystem } from '../shell/load-architecture.js';
import { showPath, wrapMessage } from '../format/terminal-text.js';
import { writeOutputFile } from '../shell/write-output-file.js';

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
  const maxBytes = opts.maxBytes ? parseByteSize(opts.maxBytes) : undefined;
  if (inputs.filter((i) => i === '-').length > 1) throw new UserError('stdin (-) can be read only once', { hint: 'name "-" once' });

  const loaded = await loadLintRules((opts.rules ?? []).map((d) => resolveInput(d, io.cwd)));
  const rules = [...loaded, ...SUPPRESSION_RULES];
  const ruleIds = rules.map((r) => r.id);
  const config = loadLintConfig({ config: opts.config, cwd: io.cwd, knownIds: ruleIds });
  const answers = opts.answers ? await readLintAnswers(opts.answers, maxBytes, io) : undefined;

  // Each input on its own: one that cannot be read or parsed becomes fatal entries (ESLint's fatal
  // parsing errors) and the others are linted as usual; the run then exits 2.
  const { readSystems } = await import('../shell/load-architecture.js');
  const systems: LintSystem[] = [];
  const fatal: FatalEntry[] = [];
  for (const input of inputs.map((i) => resolveInput(i, io.cwd))) {
    try {
      const read = await readSystems([input], { maxBytes, onUnreadable: (file, err) => fatal.push(...fatalEntries(err, file)) }, io);
      for (const sys of read) {
        if (sys.architecture.services.length > 0) systems.push(sys);
        // Linting nothing and reporting "no problems" would pass CI on a wrong path or an unsupported file.
        else fatal.push(...fatalEntries(noServices(sys), sys.files[0] ?? input));
      }
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      fatal.push(...fatalEntries(err, input === '-' ? '<stdin>' : input));
    }
  }

  let findings: Finding[] = [];
  // Each input file once, in the order first read (a file may belong to several systems).
  const seen = new Set<string>();
  const files: string[] = [];
  const suppressions: Suppression[] = [];
  for (const sys of systems) {
    for (const f of lintArchitecture(sys, loaded, { answers, severities: config.rules })) findings.push(f);
    sys.files.forEach((file, i) => {
      if (seen.has(file)) return;
      seen.add(file);
      files.push(file);
      for (const s of parseSuppressions(sys.texts[i]!, file)) suppressions.push(s);
    });
  }
  findings = applySuppressions(findings, suppressions, { knownRuleIds: ruleIds, severities: config.rules });
  findings = dropIgnored(findings, config, io.cwd).sort(compareFindings);

  const exitCode = fatal.length > 0 ? 2 : exitCodeFor(findings, { failOn, maxWarnings: opts.maxWarnings });
  const report = formatter(findings, {
    fatal,
    columns: opts.output ? undefined : io.columns,
    color: format === 'stylish' && !opts.output && io.color,
    cwd: io.cwd,
    rules,
    severities: config.rules,
    files,
    failOn,
    maxWarnings: opts.maxWarnings,
    exitCode,
    toolVersion: VERSION,
  });
  // A report file is regenerated on every run (as ESLint's -o is), so it is always replaced.
  if (opts.output) writeOutputFile(opts.output, report, { force: true, cwd: io.cwd });
  else io.stdout(report);
  // A file that could not be linted is an input error like any other: said on stderr (file:line:col,
  // then the fix) whatever the format, besides its entry in the report.
  for (const f of fatal) io.stderr(renderUserError(new UserError(f.message, { loc: f, hint: f.hint }), io.columns));
  if (format !== 'stylish' || opts.output) io.stderr(`${wrapMessage(summaryLine(findings, files.length, fatal, opts), io.columns)}\n`);
  return exitCode;
}

/** One fatal entry per positioned problem of `err` (else one at 1:1 of `file`), the file name not repeated in the message. */
function fatalEntries(err: UserError, file: string): FatalEntry[] {
  const details = err.details.length > 0 ? err.details : [{ message: err.message, loc: undefined }];
  return details.map((d) => {
    const at = d.loc ?? { file, line: 1, column: 1 };
    const message = d.message.startsWith(`${at.file}: `) ? d.message.slice(at.file.length + 2) : d.message;
    return { file: at.file, line: at.line, column: at.column, message, hint: err.hint };
  });
}

function noServices(sys: LintSystem): UserError {
  const notes = sys.notes.filter((n) => n.loc !== undefined);
  return new UserError(`no services found to lint`, {
    details: notes.length > 0 ? notes.map((n) => ({ loc: n.loc, message: `no services found to lint: ${n.message}` })) : [{ loc: { file: sys.files[0] ?? '<input>', line: 1, column: 1 }, message: 'no services found to lint' }],
    hint: 'lint reads a meshgate Architecture, docker-compose services, or Kubernetes workloads (Deployments, StatefulSets, DaemonSets) with their Services',
  });
}

/** Paths stay as the user wrote them, so findings name files the way the user does; a test Io with another cwd gets absolute ones. */
function resolveInput(input: string, cwd: string): string {
  return input === '-' || isAbsolute(input) || resolve(cwd) === process.cwd() ? input : resolve(cwd, input);
}

function dropIgnored(findings: Finding[], config: LintConfig, cwd: string): Finding[] {
  if (config.ignore.length === 0) return findings;
  return findings.filter((f) => {
    if (f.file.startsWith('<')) return true;
    const rel = relative(config.dir, resolve(cwd, f.file)).split('\\').join('/');
    return !matchesAnyGlob(rel, config.ignore);
  });
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


let answersValidator: ReturnType<typeof compileSchema> | undefined;

/** The --answers file; only the fields some rules read matter, so a partial file is fine. */
async function readLintAnswers(path: string, maxBytes: number | undefined, io: Io): Promise<Partial<Answers>> {
  const { file, text } = await readInputText(path, { maxBytes, readStdin: io.readStdin });
  const docs = parseYamlDocuments(text, file);
  const doc = docs[0]!;
  const value = doc.value as Record<string, unknown> | null;
  if (docs.length !== 1 || value === null || typeof value !== 'object' || Array.isArray(value) || value['kind'] !== 'Answers') {
    throw new UserError(`${file} is not an Answers file`, {
      loc: doc.locate(''),
      hint: 'the --answers file needs apiVersion: meshgate/v1, kind: Answers and the fields to set (e.g. serviceSecurity: mtls)',
    });
  }
  answersValidator ??= compileSchema(ANSWERS_OVERRIDES_SCHEMA);
  if (!answersValidator(value)) {
    const details = schemaErrorsToDetails(answersValidator.errors ?? [], doc);
    throw new UserError(`${file}: ${details.length} problem${details.length === 1 ? '' : 's'} in the answers`, {
      details,
      hint: 'fix the fields named above; docs/formats/answers.md lists every field and its allowed values',
    });
  }
  return value as Partial<Answers>;
}
