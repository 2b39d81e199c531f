/**
 * Reads a meshgate Architecture document: schema validation (every problem at once, with
 * file:line:col) and normalisation. The model keeps the file's list indices, so the
 * document's own locator serves the model. It is the shell's (not an importer's) because it
 * loads the build's precompiled validator.
 */
import { compileSchema } from './ajv.js';
import architectureSchema from '../schema/architecture.schema.json' with { type: 'json' };
import { UserError } from '../errors.js';
import { normaliseArchitecture, type RawArchitecture } from '../core/architecture.js';
import type { YamlDocument } from '../yaml/parse.js';
import { schemaErrorsToDetails } from './schema-errors.js';
import type { ImportResult } from '../importers/common.js';

let validator: ReturnType<typeof compileSchema> | undefined;

/** Validates a value against the Architecture v1 schema. */
export function validateArchitectureSchema(value: unknown) {
  validator ??= compileSchema(architectureSchema);
  return { ok: validator(value) as boolean, errors: validator.errors ?? [] };
}

/** Validates and normalises one meshgate Architecture document; throws UserError with all problems. */
export function architectureFromDocument(doc: YamlDocument, file: string, fallbackName: string): ImportResult {
  const { ok, errors } = validateArchitectureSchema(doc.value);
  if (!ok) {
    const details = schemaErrorsToDetails(errors, doc)
      .map((d) => ({
        ...d,
        message: d.message
          .replace(/^(services\.\d+\.calls\.\d+): expected object, got (.*)$/, '$1: a call is a service name or a mapping with "to" (got $2)')
          .replace(/^services: must NOT have fewer than 1 items$/, 'services: list at least one service'),
      }))
      .sort((a, b) => (a.loc?.line ?? 0) - (b.loc?.line ?? 0) || (a.loc?.column ?? 0) - (b.loc?.column ?? 0));
    throw new UserError(`${file}: ${details.length} problem${details.length === 1 ? '' : 's'} in the architecture`, {
      details,
      hint: 'fix the fields named above; docs/formats/architecture.md lists every field and its allowed values',
    });
  }
  return {
    // The document was parsed for this import alone; unless aliases may share its objects, it
    // becomes the model rather than being copied.
    architecture: normaliseArchitecture(doc.value as RawArchitecture, fallbackName, { reuse: !doc.sharesNodes }),
    locate: doc.locate,
    notes: [],
  };
}
