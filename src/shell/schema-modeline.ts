/**
 * The `# yaml-language-server: $schema=...` line meshgate puts at the top of the YAML it writes,
 * so that VS Code's YAML extension (and every editor on yaml-language-server) checks and completes
 * the file against the schema of the meshgate that is really installed.
 *
 * yaml-language-server resolves a relative path against the YAML file's own folder, takes an
 * absolute path or a file: URI as it is, and ends the value at the first blank
 * (redhat-developer/yaml-language-server, modelineUtil.ts and yamlSchemaService.ts
 * resolveSchemaRef). meshgate has no web site, so there is no URL to name: the line names a file.
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PUBLISHED_SCHEMAS_DIR, type PublishedSchema } from './published-schemas.js';

/**
 * Where the schema for a file written into `outputDir` is, as the modeline should say it:
 * 1. meshgate installed in the project (`node_modules/meshgate` in `outputDir` or a folder above):
 *    a relative path into it, which holds for everyone who clones the project and runs `npm ci`;
 * 2. otherwise this installation's copy (`schemasDir`): relative when the file is inside it (a
 *    meshgate clone), else absolute, which is right on this machine only (a global or npx
 *    install has no place that others share).
 * Undefined when this installation has no schemas/ (run from unbuilt sources).
 */
export function schemaReference(file: PublishedSchema, outputDir: string, schemasDir = PUBLISHED_SCHEMAS_DIR): string | undefined {
  for (let dir = outputDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', 'meshgate', 'schemas', file);
    if (existsSync(candidate)) return asModelineValue(relative(outputDir, candidate), candidate);
    if (dirname(dir) === dir) break;
  }
  const own = join(schemasDir, file);
  if (!existsSync(own)) return undefined;
  const fromPackageRoot = relative(dirname(resolve(schemasDir)), outputDir);
  const inside = !fromPackageRoot.startsWith(`..${sep}`) && fromPackageRoot !== '..' && !isAbsolute(fromPackageRoot);
  return asModelineValue(inside ? relative(outputDir, own) : own, own);
}

/** A path as the modeline can carry it: forward slashes; a file: URI when it holds a blank or `#`. */
function asModelineValue(path: string, absolute: string): string {
  if (/[\s#]/.test(path)) return pathToFileURL(absolute).href;
  return sep === '\\' ? path.replace(/\\/g, '/') : path;
}

/** The whole first line (with its newline), or '' when there is no schema to point at. */
export function schemaModeline(file: PublishedSchema, outputDir: string, schemasDir = PUBLISHED_SCHEMAS_DIR): string {
  const ref = schemaReference(file, outputDir, schemasDir);
  return ref === undefined ? '' : `# yaml-language-server: $schema=${ref}\n`;
}
