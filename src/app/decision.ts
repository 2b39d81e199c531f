/**
 * Read INPUT and decide: what recommend, generate, report and diagram share. The bundled scoring
 * rules are read and validated once per process (loadScoringRules keeps them), however many
 * decisions a process makes.
 */
import type { InputAccess } from '../io.js';
import type { Decision } from '../core/types.js';
import { decide } from '../core/engine.js';
import { loadScoringRules, type LoadedRuleSet } from '../shell/load-scoring-rules.js';
import { loadInput, type LoadInputOptions, type LoadedInput } from './input.js';

export interface DecidedInput {
  input: LoadedInput;
  decision: Decision;
  rules: LoadedRuleSet;
}

/** Reads INPUT and decides from its answers. */
export async function decideInput(inputs: string[], opts: LoadInputOptions, io: InputAccess): Promise<DecidedInput> {
  const input = await loadInput(inputs, opts, io);
  const rules = loadScoringRules();
  return { input, decision: decide(input.answers, rules), rules };
}
