/**
 * `meshgate lint FILE|DIR...`: read each system, run the rules, apply suppressions and the
 * config, format, write. The exit code is decided before formatting, so it is the same for
 * every format.
 */
import { isAbsolute, relative, resolve } from 'node:path';
import { ANSWERS_OVERRIDES_SCHEMA } from '../shell/answers-overrides-schema.js';
import { compileSchema } from '../shell/ajv.js';
import type { Io } from '../io.js';
import { UserError } from '../errors.js';
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

  const { readSystems } = await import('../shell/load-architecture.js');
  const systems = await readSystems(inputs.map((i) => resolveInput(i, io.cwd)), { maxBytes }, io);

  for (const sys of systems) {
    if (sys.architecture.services.length > 0) continue;
    // Linting nothing and reporting "no problems" would pass CI on a wrong path or an unsupported file.
    const notes = sys.notes.filter((n) => n.loc !== undefined);
    throw new UserError(`${sys.files.join(', ')}: no services found to lint`, {
      loc: notes[0]?.loc ?? { file: sys.files[0] ?? '<input>', line: 1, column: 1 },
      details: notes.length > 0 ? notes.map((n) => ({ loc: n.loc, message: n.message })) : undefined,
      hint: 'lint reads a meshgate Architecture, docker-compose services, or Kubernetes workloads (Deployments, StatefulSets, DaemonSets) with their Services',
    });
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

  const exitCode = exitCodeFor(findings, { failOn, maxWarnings: opts.maxWarnings });
  const report = formatter(findings, {
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
  if (format !== 'stylish' || opts.output) io.stderr(summaryLine(findings, files.length, opts));
  return exitCode;
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

function summaryLine(findings: Finding[], fileCount: number, opts: LintCommandOptions): string {
  const c = countBySeverity(findings);
  const files = `${fileCount} file${fileCount === 1 ? '' : 's'}`;
  const where = opts.output ? `; report written to ${opts.output}` : '';
  if (findings.length === 0) return `meshgate lint: no problems in ${files}${where}\n`;
  return `meshgate lint: ${findings.length} problem${findings.length === 1 ? '' : 's'} (${c.error} error${c.error === 1 ? '' : 's'}, ${c.warning} warning${c.warning === 1 ? '' : 's'}, ${c.info} info) in ${files}${where}\n`;
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
      hint: 'fix the fields named above; README "Answers format" lists every field and its allowed values',
    });
  }
  return value as Partial<Answers>;
}
