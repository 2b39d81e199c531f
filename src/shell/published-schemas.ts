/**
 * The JSON Schemas meshgate publishes for editors, under `schemas/` in the package. The build
 * copies them byte for byte from src/schema, or writes the generated lint rule schema
 * (src/build/publish-schemas.ts), so the file an editor validates with is the file meshgate
 * validates with; a test holds the two together.
 * Each `$id` is the file's path inside the npm package (`meshgate/schemas/answers.schema.json`),
 * the way Spectral names its meta-schemas (`@stoplight/spectral-core/meta/rule.schema`):
 * meshgate has no web site, so an https id would name a place that does not exist.
 */
import { fileURLToPath } from 'node:url';
import { lintRuleSchema } from '../core/lint/rule-schema.js';

/** The published schemas, by file name: what editors need for the files users write. */
export const PUBLISHED_SCHEMAS = [
  'answers.schema.json', // Answers files (`meshgate ask --save`, `recommend`)
  'architecture.schema.json', // Architecture files (`meshgate import`, `lint`, `recommend`)
  'lint-config.schema.json', // `.meshgate.yaml`
  'lint-rule.schema.json', // custom lint rules (`meshgate lint --rules DIR`)
] as const;

export type PublishedSchema = (typeof PUBLISHED_SCHEMAS)[number];

/** This installation's `schemas/` folder (two levels up from src/shell or dist/shell). */
export const PUBLISHED_SCHEMAS_DIR = fileURLToPath(new URL('../../schemas/', import.meta.url));

/** The text of a published schema that is generated rather than copied from src/schema, else undefined. */
export function publishedSchemaText(name: PublishedSchema): string | undefined {
  return name === 'lint-rule.schema.json' ? `${JSON.stringify(lintRuleSchema(), null, 2)}\n` : undefined;
}
