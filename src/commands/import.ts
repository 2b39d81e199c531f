/**
 * `meshgate import FILE|DIR... [-o architecture.yaml] [--force]`: reads compose files or
 * Kubernetes manifests as one system and writes the meshgate Architecture format, with
 * comments saying what was inferred and from which file:line.
 */
import { existsSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { dump } from 'js-yaml';
import type { Io } from '../io.js';
import { UserError } from '../errors.js';
import { parseByteSize } from '../shell/read-input.js';
import { isSpecialFile } from '../shell/write-output-file.js';
import { readOneSystem } from '../shell/load-architecture.js';
import { toDocument } from '../core/architecture.js';
import { renderArchitectureYaml } from '../core/render-architecture.js';

/** Options of `meshgate import`, as commander parses them. */
export interface ImportOptions {
  output?: string;
  force?: boolean;
  maxBytes?: string;
}

/** Writes `text` to `path` through a temporary file and a rename, so a reader never sees half a file. */
export function writeFileAtomic(path: string, text: string): void {
  if (isSpecialFile(path)) {
    // -o /dev/stdout or a pipe: a rename would replace the device node itself (as root).
    try {
      writeFileSync(path, text);
    } catch (err) {
      throw new UserError(`${path}: cannot write (${(err as NodeJS.ErrnoException)?.code ?? (err as Error)?.message})`);
    }
    return;
  }
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    writeFileSync(tmp, text, { flag: 'wx' });
    renameSync(tmp, path);
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      /* the temporary file was never created */
    }
    const code = (err as NodeJS.ErrnoException)?.code;
    throw new UserError(`${path}: cannot write (${code ?? (err as Error)?.message})`, { hint: 'check that the directory exists and is writable' });
  }
}

/** Runs `meshgate import`: read one system, write it in the meshgate format; returns the exit code. */
export async function runImport(inputs: string[], opts: ImportOptions, io: Io): Promise<number> {
  const maxBytes = opts.maxBytes ? parseByteSize(opts.maxBytes) : undefined;
  if (opts.output && opts.output !== '-' && existsSync(opts.output) && !isSpecialFile(opts.output) && !opts.force) {
    throw new UserError(`${opts.output} already exists`, { hint: 'pass --force to overwrite it, or choose another -o file' });
  }
  const sys = await readOneSystem(inputs, { maxBytes }, io);
  const text = renderArchitectureYaml(toDocument(sys.architecture), sys.notes, sys.files, (v) => dump(v, { lineWidth: -1, noRefs: true }));
  if (!opts.output || opts.output === '-') {
    io.stdout(text);
    return 0;
  }
  writeFileAtomic(opts.output, text);
  const a = sys.architecture;
  const pub = a.services.filter((s) => s.exposure === 'public').length;
  io.stderr(
    `wrote ${opts.output}: ${a.services.length} services (${a.services.filter((s) => s.kind === 'service').length} application, ${pub} public)` +
      `${a.gateway ? `, gateway ${a.gateway.product}` : ''}${a.mesh ? `, mesh ${a.mesh.product}` : ''}; review the comments, then run \`meshgate lint ${opts.output}\`\n`,
  );
  return 0;
}
