/**
 * One entry point for every command that takes "an answers file or an architecture":
 * recommend, generate, report and diagram all read their INPUT through here.
 */
import type { Io } from '../io.js';
import type { Answers, AnswerField, Architecture, InferredAnswer, Locator } from '../core/types.js';
import { UserError } from '../errors.js';
import { parseByteSize } from './read-input.js';
import { relativeEvidence } from '../format/source-paths.js';

export type { InferredAnswer } from '../core/types.js';

export interface ArchitectureInput {
  architecture: Architecture;
  locate: Locator;
  /** The files the architecture was read from. */
  files: string[];
  /** "meshgate" | "compose" | "kubernetes" */
  format: string;
}

export interface LoadedInput {
  kind: 'answers' | 'architecture';
  /** Effective answers, defaults applied. */
  answers: Answers;
  architecture?: ArchitectureInput;
  /** For architectures: answers derived from structure. */
  inferred: InferredAnswer[];
  /** Answers left at their defaults: worth confirming. */
  defaulted: AnswerField[];
  /** Human name of the input, for headers ("answers.yaml", "compose.yaml + override.yaml"). */
  source: string;
}

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

export function notAnArchitecture(file: string): UserError {
  return new UserError(`${file}: not an Answers file, meshgate architecture, docker-compose file or Kubernetes manifest`, {
    loc: { file, line: 1, column: 1 },
    hint: 'pass a file with `kind: Answers` or `kind: Architecture`, a compose file with `services:`, or manifests with `apiVersion`/`kind`',
  });
}
