/**
 * Build step: copies the JSON Schemas users' editors need from src/schema to schemas/ (the
 * package's public folder), unchanged, and removes anything else there, so the published set is
 * exactly PUBLISHED_SCHEMAS.
 */
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PUBLISHED_SCHEMAS, PUBLISHED_SCHEMAS_DIR } from '../shell/published-schemas.js';

const sourceDir = fileURLToPath(new URL('../../src/schema/', import.meta.url));
mkdirSync(PUBLISHED_SCHEMAS_DIR, { recursive: true });
const wanted = new Set<string>(PUBLISHED_SCHEMAS);
for (const name of readdirSync(PUBLISHED_SCHEMAS_DIR)) {
  if (!wanted.has(name)) rmSync(`${PUBLISHED_SCHEMAS_DIR}${name}`, { recursive: true, force: true });
}
for (const name of wanted) copyFileSync(`${sourceDir}${name}`, `${PUBLISHED_SCHEMAS_DIR}${name}`);
console.error(`published ${wanted.size} JSON Schemas to schemas/`);
