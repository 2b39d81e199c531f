/**
 * The JSON Schemas meshgate publishes for editors, under `schemas/` in the package. The build
 * copies them byte for byte from src/schema (src/build/publish-schemas.ts), so the file an editor
 * validates with is the file meshgate validates with; a test holds the two together.
 */
import { fileURLToPath } from 'node:url';

/** Which file format each published schema describes, keyed by its file name. */
export const PUBLISHED_SCHEMAS = {
  'answers.schema.json': 'Answers files (`meshgate ask --save`, `recommend`)',
  'architecture.schema.json': 'Architecture files (`meshgate import`, `lint`, `recommend`)',
  'lint-config.schema.json': '`.meshgate.yaml` lint configuration',
  'lint-rule.schema.json': 'custom lint rule files (`meshgate lint --rules DIR`)',
} as const;

export type PublishedSchema = keyof typeof PUBLISHED_SCHEMAS;

/**
 * Each schema's `$id`: the path of the file inside the npm package, the way Spectral names its
 * meta-schemas (`@stoplight/spectral-core/meta/rule.schema`). meshgate has no web site, so an
 * https id would name a place that does not exist; this one names the file users really have.
 */
export function publishedSchemaId(file: PublishedSchema): string {
  return `meshgate/schemas/${file}`;
}

/** This installation's `schemas/` folder (two levels up from src/shell or dist/shell). */
export const PUBLISHED_SCHEMAS_DIR = fileURLToPath(new URL('../../schemas/', import.meta.url));
