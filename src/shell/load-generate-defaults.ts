/**
 * Loads templates/<target>/defaults.yaml for `generate` and validates each against its schema,
 * reporting every problem in every file at once with file:line:col.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileSchema } from './ajv.js';
import { UserError, type UserErrorDetail } from '../errors.js';
import { parseYamlDocument } from '../yaml/parse.js';
import { schemaErrorsToDetails } from './schema-errors.js';
import { DEFAULTS_FILES, DEFAULTS_SCHEMA, type GenerateDefaults } from '../core/generate/defaults.js';
import { fsError } from './read-input.js';

/** The templates/ folder shipped with meshgate (dist/shell/ -> ../../templates/). */
export const BUNDLED_TEMPLATES_DIR = fileURLToPath(new URL('../../templates/', import.meta.url));

let cached: GenerateDefaults | undefined;

/** The bundled defaults, validated once per process. */
export function loadGenerateDefaults(): GenerateDefaults {
  cached ??= loadGenerateDefaultsFrom(BUNDLED_TEMPLATES_DIR);
  return cached;
}

/** Loads and validates the defaults of every target from a templates directory. */
export function loadGenerateDefaultsFrom(dir: string): GenerateDefaults {
  const details: UserErrorDetail[] = [];
  const out: Partial<Record<keyof GenerateDefaults, unknown>> = {};
  for (const target of DEFAULTS_FILES) {
    const file = join(dir, target, 'defaults.yaml');
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw fsError(file, err);
    }
    const doc = parseYamlDocument(text, file);
    const validate = compileSchema(DEFAULTS_SCHEMA[target]);
    if (!validate(doc.value)) details.push(...schemaErrorsToDetails(validate.errors ?? [], doc));
    out[target] = doc.value;
  }
  if (details.length > 0) {
    throw new UserError(`${details.length} problem${details.length === 1 ? '' : 's'} in the generate templates`, {
      details,
      hint: `fix the values named above in ${dir}<target>/defaults.yaml`,
    });
  }
  return out as GenerateDefaults;
}
