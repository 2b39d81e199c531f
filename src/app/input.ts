/**
 * INPUT for the commands that decide (recommend, generate, report, diagram): an Answers file, or
 * one system in any architecture format whose answers are derived from its structure, with
 * `--answers FILE` supplying (and winning for) what structure cannot show.
 */
import type { InputAccess } from '../io.js';
import { defaultedFields } from '../core/answers.js';
import { deriveAnswers } from '../core/derive-answers.js';
import { relativeEvidence } from '../format/source-paths.js';
import { parseByteSize } from '../shell/read-input.js';
import { answersFromDocument, readAnswerOverrides } from '../shell/load-answers.js';
import { isDirectory, readInputFile, readOneSystem, type ClassifiedFile, type LoadedInput } from '../shell/load-architecture.js';

export type { ArchitectureInput, LoadedInput } from '../shell/load-architecture.js';

export interface LoadInputOptions {
  /** An Answers file for what an architecture cannot show. */
  answers?: string;
  /** The largest input file to read, as typed (`20m`). */
  maxBytes?: string;
}

/** Reads INPUT (answers or any architecture format) and returns answers ready for the engine. */
export async function loadInput(inputs: string[], opts: LoadInputOptions, io: InputAccess): Promise<LoadedInput> {
  const maxBytes = opts.maxBytes ? parseByteSize(opts.maxBytes) : undefined;
  const loaded = await loadArchitectureInput(inputs, { answers: opts.answers, maxBytes }, io);
  // Evidence names its files relative to the working directory (a directory given as an absolute
  // path would otherwise repeat its prefix in every line); messages keep the paths as typed.
  const files = loaded.architecture?.files ?? [];
  return files.length === 0 ? loaded : { ...loaded, inferred: loaded.inferred.map((i) => ({ ...i, because: relativeEvidence(i.because, files, io.cwd) })) };
}

/**
 * All inputs as one system (or one Answers file), its answers derived from its structure and the
 * `--answers` file's fields winning; evidence paths as read.
 */
export async function loadArchitectureInput(inputs: string[], opts: { answers?: string; maxBytes?: number }, io: InputAccess): Promise<LoadedInput> {
  const preloaded: ClassifiedFile[] = [];
  if (inputs.length === 1 && !isDirectory(inputs[0]!)) {
    const f = await readInputFile(inputs[0]!, { maxBytes: opts.maxBytes }, io);
    if (f.format === 'answers') {
      const loaded = answersFromDocument(f.docs.find((d) => d.value !== null)!, f.file);
      return { kind: 'answers', answers: loaded.answers, inferred: [], defaulted: defaultedFields(loaded.raw), source: f.file };
    }
    preloaded.push(f);
  }
  const sys = await readOneSystem(inputs, { maxBytes: opts.maxBytes }, io, preloaded);
  const overrides = opts.answers ? await readAnswerOverrides(opts.answers, { maxBytes: opts.maxBytes }, io) : {};
  const derived = deriveAnswers(sys.architecture, { locate: sys.locate, format: sys.format, overrides });
  const { notes: _notes, texts: _texts, inventory: _inventory, ...architecture } = sys;
  return {
    kind: 'architecture',
    answers: derived.answers,
    architecture,
    inferred: derived.inferred,
    defaulted: derived.defaulted,
    source: inputs.map((i) => (i === '-' ? '<stdin>' : i)).join(' + '),
  };
}
