/**
 * `.meshgate.yaml`: rule severity overrides and ignored paths for `meshgate lint`. Found by
 * walking up from the working directory (the nearest one wins); `--config FILE` overrides the
 * search. Validated against its JSON Schema with file:line:col for every problem.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { compileSchema } from './ajv.js';
import configSchema from '../schema/lint-config.schema.json' with { type: 'json' };
import { UserError, type UserErrorDetail } from '../errors.js';
import { parseYamlDocument, childPointer, type YamlDocument } from '../yaml/parse.js';
import { decodeUtf8, fsError, readFileWithLimit } from './read-input.js';
import { schemaErrorsToDetails } from './schema-errors.js';
import { closest } from '../core/lint/closest.js';
import type { SeverityOverride } from '../core/lint/types.js';

export const CONFIG_FILE_NAMES = ['.meshgate.yaml', '.meshgate.yml'] as const;

export interface LintConfig {
  /** The file the config came from; absent when none was found. */
  file?: string;
  /** Directory `ignore` globs are relative to. */
  dir: string;
  rules: Record<string, SeverityOverride>;
  ignore: string[];
  doc?: YamlDocument;
}

/** The nearest .meshgate.yaml from `cwd` upward, if any. */
export function findConfigFile(cwd: string): string | undefined {
  let dir = resolve(cwd);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = join(dir, name);
      if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

let validator: ReturnType<typeof compileSchema> | undefined;

/** Rule ids in the config that no loaded rule has, each with the closest known id. */
function unknownRuleIds(doc: YamlDocument, rules: Record<string, unknown>, knownIds: readonly string[]): UserErrorDetail[] {
  const known = new Set(knownIds);
  return Object.keys(rules)
    .filter((id) => !known.has(id))
    .map((id) => {
      const near = closest(id, knownIds);
      return { loc: doc.locateKey(childPointer('/rules', id)), message: `unknown rule "${id}"${near ? `; did you mean "${near}"?` : ''}` };
    });
}

/**
 * Validates an already parsed config document: the schema, and (when `knownIds` is given) that
 * every rule id exists. Every problem is reported at once.
 */
export function configFromDocument(doc: YamlDocument, file: string, knownIds?: readonly string[]): LintConfig {
  const value = doc.value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new UserError(`${file} is not a meshgate config: expected a mapping with \`rules\` and/or \`ignore\``, {
      loc: doc.locate(''),
      hint: 'see docs/formats/meshgate-yaml.md; e.g. `rules: { mesh-mtls-permissive: off }`',
    });
  }
  validator ??= compileSchema(configSchema);
  const details = validator(value) ? [] : schemaErrorsToDetails(validator.errors ?? [], doc);
  const raw = value as { rules?: unknown; ignore?: string[] };
  const rules = raw.rules !== null && typeof raw.rules === 'object' && !Array.isArray(raw.rules) ? (raw.rules as Record<string, unknown>) : {};
  if (knownIds) details.push(...unknownRuleIds(doc, rules, knownIds));
  if (details.length > 0) {
    details.sort((a, b) => (a.loc?.line ?? 0) - (b.loc?.line ?? 0) || (a.loc?.column ?? 0) - (b.loc?.column ?? 0));
    throw new UserError(`${file}: ${details.length} problem${details.length === 1 ? '' : 's'} in the config`, {
      details,
      hint: 'allowed: `rules: { RULE-ID: error|warning|info|off }` and `ignore: [glob, ...]`; `meshgate rules --kind lint` lists the rule ids',
    });
  }
  return { file, dir: dirname(resolve(file)), rules: rules as Record<string, SeverityOverride>, ignore: raw.ignore ?? [], doc };
}

/**
 * Loads `--config FILE`, or the nearest .meshgate.yaml, or an empty config. With `knownIds`,
 * unknown rule ids are reported together with any schema problems.
 */
export function loadLintConfig(opts: { config?: string; cwd: string; knownIds?: readonly string[] }): LintConfig {
  const file = opts.config !== undefined ? opts.config : findConfigFile(opts.cwd);
  if (file === undefined) return { dir: opts.cwd, rules: {}, ignore: [] };
  const path = resolve(opts.cwd, file);
  let bytes: Uint8Array;
  try {
    if (statSync(path).isDirectory()) throw new UserError(`${file} is a directory`, { hint: 'pass the config file itself, e.g. --config .meshgate.yaml' });
    bytes = readFileWithLimit(path, undefined, file);
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw fsError(file, err);
  }
  const config = configFromDocument(parseYamlDocument(decodeUtf8(bytes, file), file), file, opts.knownIds);
  // Globs are relative to the config file's directory, wherever the command runs.
  return { ...config, dir: dirname(path) };
}
