/**
 * One entry point for every command that takes "an answers file or an architecture":
 * recommend, generate, report and diagram all read their INPUT through here.
 */
import type { Io } from '../io.js';
import type { Answers, AnswerField, Architecture, InferredAnswer, Locator } from '../core/types.js';
import { UserError } from '../errors.js';
import { resolve } from 'node:path';
import { parseByteSize } from './read-input.js';
import { pathFromCwd } from '../format/source-paths.js';

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
  // Named relative to the working directory from here on (evidence, headers, reports), as the
  // user would type them. Only where paths resolve against it: a test Io may have another cwd.
  const named = resolve(io.cwd) === process.cwd() ? inputs.map((i) => pathFromCwd(i, io.cwd)) : inputs;
  return loadArchitectureInput(named, { ...opts, maxBytes }, io);
}

export function notAnArchitecture(file: string): UserError {
  return new UserError(`${file}: not an Answers file, meshgate architecture, docker-compose file or Kubernetes manifest`, {
    loc: { file, line: 1, column: 1 },
    hint: 'pass a file with `kind: Answers` or `kind: Architecture`, a compose file with `services:`, or manifests with `apiVersion`/`kind`',
  });
}
