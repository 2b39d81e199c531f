/**
 * One entry point for every command that takes "an answers file or an architecture":
 * recommend, generate, report and diagram all read their INPUT through here.
 */
import type { Io } from '../io.js';
import { parseByteSize } from './read-input.js';
import { relativeEvidence } from '../format/source-paths.js';
import type { LoadedInput } from './load-architecture.js';

export type { ArchitectureInput, LoadedInput } from './load-architecture.js';

export interface LoadInputOptions {
  answers?: string;
  maxBytes?: string;
}

/** Reads INPUT (answers or any architecture format) and returns answers ready for the engine. */
export async function loadInput(inputs: string[], opts: LoadInputOptions, io: Io): Promise<LoadedInput> {
  const maxBytes = opts.maxBytes ? parseByteSize(opts.maxBytes) : undefined;
  // One reader for every format: it reads stdin once, walks directories and tells Answers from architectures.
  const { loadArchitectureInput } = await import('./load-architecture.js');
  const loaded = await loadArchitectureInput(inputs, { ...opts, maxBytes }, io);
  // Evidence names its files relative to the working directory (a directory given as an absolute
  // path would otherwise repeat its prefix in every line); messages keep the paths as typed.
  const files = loaded.architecture?.files ?? [];
  return files.length === 0 ? loaded : { ...loaded, inferred: loaded.inferred.map((i) => ({ ...i, because: relativeEvidence(i.because, files, io.cwd) })) };
}
