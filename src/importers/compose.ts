/** docker-compose → architecture; the passes live in ./compose/. */
export { importCompose, composeNeeds, collectOrImportCompose, parseDotEnv, parseEnvFile, interpolate } from './compose/index.js';
export type { ComposeImportOptions, Resource, ResourceNeed, Resources } from './compose/index.js';
