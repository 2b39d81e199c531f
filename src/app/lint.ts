/**
 * `lint`: read each input as its own system(s), run the rules, apply suppressions, the config's
 * severities and ignore globs, and decide the exit code, before any formatting (so it is the same
 * for every format). An input that cannot be read, parsed or holds no services becomes fatal
 * entries (ESLint's fatal parsing errors) while the others are linted as usual.
 */
import { isAbsolute, relative, resolve } from 'node:path';
import type { InputAccess } from '../io.js';
import { UserError } from '../errors.js';
import type { Answers, Finding, Severity } from '../core/types.js';
import type { LintRule, SeverityOverride } from '../core/lint/types.js';
import { lintArchitecture, compareFindings } from '../core/lint/runner.js';
import { applySuppressions, parseSuppressions, SUPPRESSION_RULES, type Suppression } from '../core/lint/suppressions.js';
import { exitCodeFor } from '../core/lint/threshold.js';
import { matchesAnyGlob } from '../core/lint/glob.js';
import type { FatalEntry } from '../format/lint/types.js';
import { loadLintRules } from '../shell/load-lint-rules.js';
import { loadLintConfig, type LintConfig } from '../shell/lint-config.js';
import { parseByteSize } from '../shell/read-input.js';
import { readAnswerOverrides } from '../shell/load-answers.js';
import { readSystems, type LintSystem } from '../shell/load-architecture.js';

export interface LintRequest {
  /** Custom rule directories (`--rules`). */
  rules?: string[];
  /** A config file instead of the nearest `.meshgate.yaml`. */
  config?: string;
  /** An Answers file some rules check against. */
  answers?: string;
  maxBytes?: string;
  failOn?: Severity;
  maxWarnings?: number;
}

export interface LintRun {
  findings: Finding[];
  /** Inputs that could not be linted, one entry per positioned problem. */
  fatal: FatalEntry[];
  /** Every file read, once, in the order first read. */
  files: string[];
  /** Every rule that may report, the suppression rules included. */
  rules: LintRule[];
  severities: Record<string, SeverityOverride>;
  /** 2 when an input could not be linted; else 1 when findings reach --fail-on or exceed --max-warnings; else 0. */
  exitCode: number;
}

export async function lintInputs(inputs: string[], req: LintRequest, io: InputAccess): Promise<LintRun> {
  const maxBytes = req.maxBytes ? parseByteSize(req.maxBytes) : undefined;
  if (inputs.filter((i) => i === '-').length > 1) throw new UserError('stdin (-) can be read only once', { hint: 'name "-" once' });

  const loaded = await loadLintRules((req.rules ?? []).map((d) => resolveInput(d, io.cwd)));
  const rules = [...loaded, ...SUPPRESSION_RULES];
  const ruleIds = rules.map((r) => r.id);
  const config = loadLintConfig({ config: req.config, cwd: io.cwd, knownIds: ruleIds });
  const answers: Partial<Answers> | undefined = req.answers ? await readAnswerOverrides(req.answers, { maxBytes }, io) : undefined;

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
  const exitCode = fatal.length > 0 ? 2 : exitCodeFor(findings, { failOn: req.failOn ?? 'error', maxWarnings: req.maxWarnings });
  return { findings, fatal, files, rules, severities: config.rules, exitCode };
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

/**
 * Paths stay as the user wrote them, so findings name files the way the user does; an Io whose
 * working directory is not the process's (tests) gets absolute ones.
 */
function resolveInput(input: string, cwd: string): string {
  return input === '-' || isAbsolute(input) || resolve(cwd) === resolve('.') ? input : resolve(cwd, input);
}

function dropIgnored(findings: Finding[], config: LintConfig, cwd: string): Finding[] {
  if (config.ignore.length === 0) return findings;
  return findings.filter((f) => {
    if (f.file.startsWith('<')) return true;
    const rel = relative(config.dir, resolve(cwd, f.file)).split('\\').join('/');
    return !matchesAnyGlob(rel, config.ignore);
  });
}
