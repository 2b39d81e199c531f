/**
 * An --answers file next to an architecture: the Answers schema, but traffic and services may be
 * left out because the architecture shows them.
 */
import answersSchema from '../schema/answers.schema.json' with { type: 'json' };

export const ANSWERS_OVERRIDES_SCHEMA = { ...answersSchema, $id: undefined, required: ['apiVersion', 'kind'] };
