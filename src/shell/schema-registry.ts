/**
 * Every JSON Schema meshgate validates with at run time, in one list, so the build can precompile
 * them all into standalone validators (src/build/precompile-validators.ts). A schema missing here
 * still works, through Ajv at run time; a parity test fails when one is missing.
 */
import type { AnySchema } from 'ajv';
import answersSchema from '../schema/answers.schema.json' with { type: 'json' };
import architectureSchema from '../schema/architecture.schema.json' with { type: 'json' };
import lintConfigSchema from '../schema/lint-config.schema.json' with { type: 'json' };
import questionsSchema from '../schema/questions.schema.json' with { type: 'json' };
import scoringRuleSchema from '../schema/scoring-rule.schema.json' with { type: 'json' };
import productsSchema from '../schema/products.schema.json' with { type: 'json' };
import constraintSchema from '../schema/constraint.schema.json' with { type: 'json' };
import figuresSchema from '../schema/data-plane-costs.schema.json' with { type: 'json' };
import { DEFAULTS_SCHEMA } from '../core/generate/defaults.js';
import { lintRuleSchema } from '../core/lint/rule-schema.js';
import { ANSWERS_OVERRIDES_SCHEMA } from './answers-overrides-schema.js';

export function registeredSchemas(): AnySchema[] {
  return [
    answersSchema,
    ANSWERS_OVERRIDES_SCHEMA,
    architectureSchema,
    lintRuleSchema(),
    lintConfigSchema,
    questionsSchema,
    scoringRuleSchema,
    productsSchema,
    constraintSchema,
    figuresSchema,
    ...Object.values(DEFAULTS_SCHEMA),
  ] as AnySchema[];
}
