/**
 * Build step: writes the JSON Schemas users' editors need to schemas/ (the package's public
 * folder), and removes anything else there, so the published set is exactly PUBLISHED_SCHEMAS.
 * Each is the schema meshgate validates with: copied from src/schema, except the lint rule
 * schema, which is generated with every check kind's params (src/core/lint/rule-schema.ts).
 */
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PUBLISHED_SCHEMAS, PUBLISHED_SCHEMAS_DIR, publishedSchemaText } from '../shell/published-schemas.js';

const sourceDir = fileURLToPath(new URL('../../src/schema/', import.meta.url));
mkdirSync(PUBLISHED_SCHEMAS_DIR, { recursive: true });
const wanted = new Set<string>(PUBLISHED_SCHEMAS);
for (const name of readdirSync(PUBLISHED_SCHEMAS_DIR)) {
  if (!wanted.has(name)) rmSync(`${PUBLISHED_SCHEMAS_DIR}${name}`, { recursive: true, force: true });
}
for (const name of PUBLISHED_SCHEMAS) {
  const generated = publishedSchemaText(name);
  if (generated !== undefined) writeFileSync(`${PUBLISHED_SCHEMAS_DIR}${name}`, generated);
  else copyFileSync(`${sourceDir}${name}`, `${PUBLISHED_SCHEMAS_DIR}${name}`);
}
console.error(`published ${wanted.size} JSON Schemas to schemas/`);
