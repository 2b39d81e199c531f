/**
 * Reads rules/questions.yaml (the questions `meshgate ask` puts) and validates it: the JSON
 * Schema first, then the checks against the Answers format. Every problem at once, with
 * file:line:col, as one UserError.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compileSchema } from './ajv.js';
import questionsSchema from '../schema/questions.schema.json' with { type: 'json' };
import { UserError } from '../errors.js';
import { checkQuestionSet, type QuestionSet } from '../core/questionnaire.js';
import { parseYamlDocument } from '../yaml/parse.js';
import { schemaErrorsToDetails } from './schema-errors.js';
import { fsError } from './read-input.js';

/** Where the questions that ship with meshgate live (rules/ at the package root, from src/ or dist/). */
export const QUESTIONS_FILE = fileURLToPath(new URL('../../rules/questions.yaml', import.meta.url));

let validator: ReturnType<typeof compileSchema> | undefined;
const cache = new Map<string, QuestionSet>();

/** Parses and validates the text of a questions file. */
export function parseQuestions(text: string, file: string): QuestionSet {
  const doc = parseYamlDocument(text, file);
  validator ??= compileSchema(questionsSchema);
  if (!validator(doc.value)) {
    const details = schemaErrorsToDetails(validator.errors ?? [], doc);
    throw new UserError(`${file}: ${details.length} problem${details.length === 1 ? '' : 's'} in the questions`, {
      details,
      hint: 'the format is described at the top of rules/questions.yaml and in src/schema/questions.schema.json',
    });
  }
  const set = doc.value as QuestionSet;
  const problems = checkQuestionSet(set);
  if (problems.length > 0) {
    throw new UserError(`${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'} in the questions`, {
      details: problems.map((p) => ({ loc: doc.locate(p.pointer), message: p.message })),
      hint: 'questions must match the Answers format (src/schema/answers.schema.json)',
    });
  }
  return set;
}

/** Loads (once) the questions file; `file` is for tests. */
export function loadQuestions(file: string = QUESTIONS_FILE): QuestionSet {
  const cached = cache.get(file);
  if (cached) return cached;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw fsError(file, err);
  }
  const set = parseQuestions(text, file);
  cache.set(file, set);
  return set;
}
