/**
 * `meshgate import FILE|DIR... [-o architecture.yaml] [--force]`: reads compose files or
 * Kubernetes manifests as one system and writes the meshgate Architecture format, with
 * comments saying what was inferred and from which file:line.
 */
import { dirname, resolve } from 'node:path';
import { dump } from 'js-yaml';
import type { Io } from '../io.js';
import { parseByteSize } from '../shell/read-input.js';
import { checkOutputTarget, writeOutputFile } from '../shell/write-output-file.js';
import { readOneSystem } from '../shell/load-architecture.js';
import { toDocument } from '../core/architecture.js';
import { renderArchitectureYaml } from '../core/render-architecture.js';
import { schemaModeline } from '../shell/schema-modeline.js';

/** Options of `meshgate import`, as commander parses them. */
export interface ImportOptions {
  output?: string;
  force?: boolean;
  maxBytes?: string;
}

/** Runs `meshgate import`: read one system, write it in the meshgate format; returns the exit code. */
export async function runImport(inputs: string[], opts: ImportOptions, io: Io): Promise<number> {
  const maxBytes = opts.maxBytes ? parseByteSize(opts.maxBytes) : undefined;
  // Refuse an unwritable or existing -o before reading anything.
  if (opts.output && opts.output !== '-') checkOutputTarget(opts.output, { force: Boolean(opts.force), cwd: io.cwd });
  const sys = await readOneSystem(inputs, { maxBytes }, io);
  // The editor's schema line is relative to where the file lands; stdout is usually redirected into the cwd.
  const writtenTo = opts.output && opts.output !== '-' ? dirname(resolve(io.cwd, opts.output)) : io.cwd;
  const text =
    schemaModeline('architecture.schema.json', writtenTo) +
    renderArchitectureYaml(toDocument(sys.architecture), sys.notes, sys.files, (v) => dump(v, { lineWidth: -1, noRefs: true }));
  if (!opts.output || opts.output === '-') {
    io.stdout(text);
    return 0;
  }
  writeOutputFile(opts.output, text, { force: Boolean(opts.force), cwd: io.cwd });
  const a = sys.architecture;
  const pub = a.services.filter((s) => s.exposure === 'public').length;
  io.stderr(
    `wrote ${opts.output}: ${a.services.length} services (${a.services.filter((s) => s.kind === 'service').length} application, ${pub} public)` +
      `${a.gateway ? `, gateway ${a.gateway.product}` : ''}${a.mesh ? `, mesh ${a.mesh.product}` : ''}; review the comments, then run \`meshgate lint ${opts.output}\`\n`,
  );
  return 0;
}
