/**
 * Loads lint rules: the built-in rules/lint/*.yaml plus any --rules directories. Every file is
 * validated (JSON Schema for the rule, then the check kind's own params schema, regexes and
 * message placeholders) and ALL problems across all files are reported at once, each with
 * file:line:col.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { compileSchema } from './ajv.js';
import { UserError, type UserErrorDetail } from '../errors.js';
import { parseYamlDocument, type YamlDocument } from '../yaml/parse.js';
import type { Loc } from '../core/types.js';
import { decodeUtf8, fsError, readFileWithLimit } from './read-input.js';
import { schemaErrorsToDetails } from './schema-errors.js';
import { CHECK_KINDS, checkKindNamed } from '../core/lint/checks.js';
import { lintRuleSchema } from '../core/lint/rule-schema.js';
import { placeholdersOf } from '../core/lint/template.js';
import type { LintRule } from '../core/lint/types.js';

/** Where the built-in rules live (two levels up from src/shell or dist/shell). */
export const BUILTIN_RULES_DIR = fileURLToPath(new URL('../../rules/lint/', import.meta.url));

let ruleValidator: ValidateFunction | undefined;

/** Where a rule's params sit in the rule document. */
const PARAMS = '/check/params';

/**
 * Validates one parsed rule document: the rule schema with every check kind's params schema
 * (rule-schema.ts), the checks a schema cannot express (regexes, fact names, message
 * placeholders) and the id against the file name, all in one pass. Returns the rule, or every
 * problem found (never both). `expectedId` is the file name without extension.
 */
export function validateRuleDocument(doc: YamlDocument, file: string, expectedId: string): { rule?: LintRule; problems: UserErrorDetail[] } {
  const value = doc.value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { problems: [{ loc: doc.locate(''), message: 'a lint rule must be a mapping with id, severity, title, message, rationale, remediation, sources and check' }] };
  }
  const raw = value as { id?: unknown; message?: unknown; check?: unknown };
  const check = raw.check !== null && typeof raw.check === 'object' && !Array.isArray(raw.check) ? (raw.check as { kind?: unknown; params?: unknown }) : undefined;
  const kind = typeof check?.kind === 'string' ? checkKindNamed(check.kind) : undefined;
  // Params may be left out when the kind needs none; they are then checked as {}.
  const params = check?.params ?? {};
  const withParams = check ? { ...raw, check: { ...check, params } } : raw;

  const problems: UserErrorDetail[] = [];
  ruleValidator ??= compileSchema(lintRuleSchema());
  const errors = ruleValidator(withParams) ? [] : (ruleValidator.errors ?? []);
  // The kind's own params schema (under definitions/) speaks about the params; the rest about the rule.
  const inParams = (e: ErrorObject) => e.schemaPath.startsWith('#/definitions/') && (e.instancePath === PARAMS || e.instancePath.startsWith(`${PARAMS}/`));
  // An unknown kind gets one message naming the valid kinds, not the schema's enum error.
  const unknownKind = check !== undefined && typeof check.kind === 'string' && kind === undefined;
  // `if`/`then` only say that a kind's params failed; those failures are reported below.
  const ruleErrors = errors.filter((e) => !inParams(e) && e.keyword !== 'if' && !(unknownKind && e.instancePath === '/check/kind'));
  problems.push(...schemaErrorsToDetails(ruleErrors, doc));
  if (idDiffersFromFileName(raw.id, expectedId)) {
    problems.push({ loc: doc.locate('/id'), message: `rule id "${String(raw.id)}" does not match the file name "${expectedId}"; name the file ${String(raw.id)}.yaml or change the id` });
  }
  if (unknownKind) {
    problems.push({ loc: doc.locate('/check/kind'), message: `unknown check kind "${String(check.kind)}"; valid kinds: ${Object.keys(CHECK_KINDS).join(', ')}` });
  }
  if (kind) {
    const paramErrors = errors.filter(inParams).map((e) => ({ ...e, instancePath: e.instancePath.slice(PARAMS.length) }));
    if (paramErrors.length > 0) {
      for (const d of schemaErrorsToDetails(paramErrors, doc, PARAMS)) problems.push({ loc: d.loc, message: `check.params of kind ${kind.name}: ${d.message}` });
    } else {
      for (const p of kind.validate(params)) {
        problems.push({ loc: doc.locateKey(PARAMS + p.pointer), message: `check.params of kind ${kind.name}: ${p.message}` });
      }
    }
    const unknownPlaceholders = typeof raw.message === 'string' ? placeholdersOf(raw.message).filter((n) => !kind.placeholders.includes(n)) : [];
    if (unknownPlaceholders.length > 0) {
      problems.push({
        loc: doc.locate('/message'),
        message: `message uses ${unknownPlaceholders.map((n) => `{{${n}}}`).join(', ')}, which check kind ${kind.name} does not provide; available: ${kind.placeholders.map((n) => `{{${n}}}`).join(', ')}`,
      });
    }
  }
  if (problems.length > 0) return { problems };
  const rule = value as unknown as LintRule;
  return { rule: { ...rule, check: { kind: rule.check.kind, params: params as Record<string, unknown> }, file }, problems };
}

/** An id that is a string and differs from the file name (a missing or wrong-typed id is the schema's to report). */
function idDiffersFromFileName(id: unknown, expectedId: string): boolean {
  return typeof id === 'string' && id !== expectedId;
}

interface LoadedRule {
  /** Absent when the file has problems; its id is still checked for clashes. */
  rule?: LintRule;
  id?: string;
  idLoc: Loc;
  file: string;
}

function readRulesDir(dir: string, builtin: boolean, problems: UserErrorDetail[]): LoadedRule[] {
  let entries: string[];
  try {
    if (!statSync(dir).isDirectory()) {
      problems.push({ message: `${dir} is not a directory; --rules takes a directory of <rule-id>.yaml files` });
      return [];
    }
    entries = readdirSync(dir).filter((n) => /\.ya?ml$/i.test(n)).sort();
  } catch (err) {
    problems.push({ message: `--rules ${fsError(dir, err).message}` });
    return [];
  }
  if (entries.length === 0) {
    problems.push({ message: `${dir} holds no .yaml rule files` });
    return [];
  }
  const rules: LoadedRule[] = [];
  for (const name of entries) {
    const file = join(dir, name);
    try {
      const text = decodeUtf8(readFileWithLimit(file), file);
      const doc = parseYamlDocument(text, file);
      const result = validateRuleDocument(doc, file, basename(name, extname(name)));
      problems.push(...result.problems);
      const id = (doc.value as { id?: unknown } | null)?.id;
      rules.push({
        rule: result.rule ? { ...result.rule, builtin } : undefined,
        id: typeof id === 'string' ? id : undefined,
        idLoc: doc.locate('/id'),
        file,
      });
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      problems.push(...(err.details.length > 0 ? err.details : [{ message: err.message }]));
    }
  }
  return rules;
}

let builtinCache: { rules: LintRule[]; problems: UserErrorDetail[] } | undefined;

/**
 * Identifies the built-in rule files by their names and contents, so a snapshot made at build time
 * is used exactly while the files are unchanged. Contents, not modification times: npm gives the
 * files of an installed package other times than the build saw, and a fingerprint of times
 * turned the snapshot off for every installed copy.
 */
export function builtinRulesFingerprint(dir = BUILTIN_RULES_DIR): string {
  const hash = createHash('sha256');
  for (const name of readdirSync(dir).filter((n) => /\.ya?ml$/i.test(n)).sort()) {
    hash.update(`${name}\0`);
    hash.update(readFileSync(join(dir, name)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** Built-in rules exactly as readRulesDir returns them, validated; for the build-time snapshot. */
export function readBuiltinRules(): { rules: LintRule[]; problems: UserErrorDetail[] } {
  const problems: UserErrorDetail[] = [];
  return { rules: readRulesDir(BUILTIN_RULES_DIR, true, problems).flatMap((l) => l.rule ?? []), problems };
}

/** Where `npm run build` puts the validated built-in rules (see src/build/precompile.ts). */
export const BUILTIN_RULES_SNAPSHOT = fileURLToPath(new URL('../generated/lint-rules.json', import.meta.url));

/**
 * The snapshot of the built-in rules, when it was made from the files as they are now. Reading 27
 * YAML files and validating them costs ~30 ms on every lint run (a third of its fixed start-up
 * cost); the build already validated them, so a matching snapshot is as good as the files.
 */
function builtinRulesFromSnapshot(): LintRule[] | undefined {
  try {
    const snap = JSON.parse(readFileSync(BUILTIN_RULES_SNAPSHOT, 'utf8')) as { fingerprint: string; rules: (LintRule & { fileName: string })[] };
    if (snap.fingerprint !== builtinRulesFingerprint()) return undefined;
    return snap.rules.map(({ fileName, ...rule }) => ({ ...rule, file: join(BUILTIN_RULES_DIR, fileName) }));
  } catch {
    return undefined;
  }
}

/**
 * Loads the built-in rules and the rules in `extraDirs`. Throws one UserError listing every
 * problem (schema, unknown kind, bad params, id clashes) with file:line:col.
 */
export async function loadLintRules(extraDirs: string[] = []): Promise<LintRule[]> {
  if (!builtinCache) {
    const snapshot = builtinRulesFromSnapshot();
    builtinCache = snapshot ? { rules: snapshot, problems: [] } : readBuiltinRules();
  }
  const problems = [...builtinCache.problems];
  const rules = [...builtinCache.rules];
  const seen = new Map(rules.map((r) => [r.id, `the built-in rule (rules/lint/${r.id}.yaml)`]));
  for (const dir of extraDirs) {
    for (const { rule, id, idLoc, file } of readRulesDir(dir, false, problems)) {
      if (id === undefined) continue;
      const clash = seen.get(id);
      if (clash !== undefined) {
        problems.push({ loc: idLoc, message: `rule id "${id}" is already defined by ${clash}; custom rules need their own ids` });
        continue;
      }
      seen.set(id, file);
      if (rule) rules.push(rule);
    }
  }
  if (problems.length > 0) {
    throw new UserError(`${problems.length} problem${problems.length === 1 ? '' : 's'} in lint rules`, {
      details: problems,
      hint: 'fix the rule files named above; docs/formats/lint-rules.md describes the format and the check kinds',
    });
  }
  return rules;
}
