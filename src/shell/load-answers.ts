/**
 * Reads and validates Answers files, whole (an INPUT) or partial (`--answers`): every problem at
 * once, each with file:line:col.
 */
import { compileSchema } from './ajv.js';
import answersSchema from '../schema/answers.schema.json' with { type: 'json' };
import { UserError } from '../errors.js';
import { withDefaults } from '../core/answers.js';
import type { Answers } from '../core/types.js';
import type { InputAccess } from '../io.js';
import { parseYamlDocument, parseYamlDocuments, type YamlDocument } from '../yaml/parse.js';
import { schemaErrorsToDetails } from './schema-errors.js';
import { ANSWERS_OVERRIDES_SCHEMA } from './answers-overrides-schema.js';
import { readInputText } from './read-input.js';

let validator: ReturnType<typeof compileSchema> | undefined;
function validateAnswersSchema(value: unknown) {
  validator ??= compileSchema(answersSchema);
  return { ok: validator(value) as boolean, errors: validator.errors ?? [] };
}

export interface LoadedAnswers {
  answers: Answers;
  /** The fields as written in the file (before defaults). */
  raw: Record<string, unknown>;
  doc: YamlDocument;
}

/** Validates an already parsed document as Answers. */
export function answersFromDocument(doc: YamlDocument, file: string): LoadedAnswers {
  const value = doc.value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new UserError(`${file} is not an Answers file: expected a mapping with apiVersion: meshgate/v1 and kind: Answers`, {
      loc: doc.locate(''),
      hint: 'start from the example in docs/formats/answers.md, or run `meshgate ask --save answers.yaml`',
    });
  }
  const { ok, errors } = validateAnswersSchema(value);
  if (!ok) {
    const details = schemaErrorsToDetails(errors, doc);
    throw new UserError(`${file}: ${details.length} problem${details.length === 1 ? '' : 's'} in the answers`, {
      details,
      hint: 'fix the fields named above; docs/formats/answers.md lists every field and its allowed values',
    });
  }
  const raw = value as Record<string, unknown>;
  return { answers: withDefaults(raw as unknown as Answers), raw, doc };
}

/** Parses and validates the text of an Answers file. */
export function parseAnswers(text: string, file: string): LoadedAnswers {
  return answersFromDocument(parseYamlDocument(text, file), file);
}

let overridesValidator: ReturnType<typeof compileSchema> | undefined;

/**
 * Reads an `--answers` file: Answers for what an architecture cannot show, so any field may be
 * left out (the schema without its required fields). Returns the fields it sets.
 */
export async function readAnswerOverrides(path: string, opts: { maxBytes?: number }, io: InputAccess): Promise<Partial<Answers>> {
  const { file, text } = await readInputText(path, { maxBytes: opts.maxBytes, readStdin: io.readStdin });
  const docs = parseYamlDocuments(text, file);
  const doc = docs[0]!;
  const value = doc.value;
  if (docs.length !== 1 || value === null || typeof value !== 'object' || Array.isArray(value) || (value as Record<string, unknown>)['kind'] !== 'Answers') {
    throw new UserError(`${file} is not an Answers file`, {
      loc: doc.locate(''),
      hint: 'the --answers file needs apiVersion: meshgate/v1, kind: Answers and the fields to set (e.g. serviceSecurity: mtls; traffic and services may be left out)',
    });
  }
  overridesValidator ??= compileSchema(ANSWERS_OVERRIDES_SCHEMA);
  if (!(overridesValidator(value) as boolean)) {
    const details = schemaErrorsToDetails(overridesValidator.errors ?? [], doc);
    throw new UserError(`${file}: ${details.length} problem${details.length === 1 ? '' : 's'} in the answers`, {
      details,
      hint: 'fix the fields named above; docs/formats/answers.md lists every field and its allowed values',
    });
  }
  const { apiVersion: _v, kind: _k, ...fields } = value as Record<string, unknown>;
  return fields as Partial<Answers>;
}
