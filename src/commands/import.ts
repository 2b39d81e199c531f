/**
 * `meshgate import FILE|DIR... [-o architecture.yaml] [--force]`: the Architecture file that
 * src/app/import.ts renders, to stdout or written safely, with a one-line summary.
 */
import { dirname, resolve } from 'node:path';
import type { Io } from '../io.js';
import { checkOutputTarget, writeOutputFile } from '../shell/write-output-file.js';
import { showPath, visible, wrapMessage } from '../format/terminal-text.js';
import { importArchitecture } from '../app/import.js';
import { parseByteSize } from '../shell/read-input.js';

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
  // The editor's schema line is relative to where the file lands; stdout is usually redirected into the cwd.
  const writtenTo = opts.output && opts.output !== '-' ? dirname(resolve(io.cwd, opts.output)) : io.cwd;
  const { text, architecture: a } = await importArchitecture(inputs, { maxBytes, writtenTo }, io);
  if (!opts.output || opts.output === '-') {
    io.stdout(text);
    return 0;
  }
  writeOutputFile(opts.output, text, { force: Boolean(opts.force), cwd: io.cwd });
  const pub = a.services.filter((s) => s.exposure === 'public').length;
  const what =
    `wrote ${showPath(opts.output)}: ${a.services.length} services (${a.services.filter((s) => s.kind === 'service').length} application, ${pub} public)` +
    `${a.gateway ? `, gateway ${visible(a.gateway.product)}` : ''}${a.mesh ? `, mesh ${visible(a.mesh.product)}` : ''}; review the comments, then run \`meshgate lint ${showPath(opts.output)}\``;
  io.stderr(`${wrapMessage(what, io.columns)}\n`);
  return 0;
}
