/**
 * Reads and validates an Answers file: every problem at once, each with file:line:col.
 */
import { compileSchema } from './ajv.js';
import answersSchema from '../schema/answers.schema.json' with { type: 'json' };
import { UserError } from '../errors.js';
import { withDefaults } from '../core/answers.js';
import type { Answers } from '../core/types.js';
import { parseYamlDocument, type YamlDocument } from '../yaml/parse.js';
import { schemaErrorsToDetails } from './schema-errors.js';

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
