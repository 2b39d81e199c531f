/**
 * `recommend`: the decision for INPUT with `--set` what-if overrides applied, and the data-plane
 * cost when the input is an architecture (replicas and calls are known only then).
 */
import type { InputAccess } from '../io.js';
import type { AnswerField, Decision, InferredAnswer } from '../core/types.js';
import { decide } from '../core/engine.js';
import { loadScoringRules } from '../shell/load-scoring-rules.js';
import { parseAnswerOverrides, applyAnswerOverrides } from '../shell/answer-overrides.js';
import { loadInput } from './input.js';

export interface RecommendRequest {
  /** `field=value` what-if overrides. */
  set?: string[];
  answers?: string;
  maxBytes?: string;
}

export interface RecommendResult {
  decision: Decision;
  /** Human name of the input. */
  source: string;
  /** Answers derived from the architecture, except those `--set` replaced. */
  inferred: InferredAnswer[];
  /** Answers left at their defaults, except those `--set` gave. */
  defaulted: AnswerField[];
  /** The files an architecture was read from (none for an Answers file). */
  files: string[];
}

export async function recommend(inputs: string[], req: RecommendRequest, io: InputAccess): Promise<RecommendResult> {
  const overrides = parseAnswerOverrides(req.set ?? []);
  const input = await loadInput(inputs, { answers: req.answers, maxBytes: req.maxBytes }, io);
  const overridden = new Set<string>(overrides.map((o) => o.field));
  const rules = loadScoringRules();
  const decision = decide(applyAnswerOverrides(input.answers, overrides), rules);
  if (input.architecture && rules.figures) {
    const { estimateDataPlaneCost } = await import('../core/data-plane-cost.js');
    const products = rules.products.products.filter((p) => p.category === 'mesh').map((p) => ({ id: p.id, name: p.name, kind: p.kind ?? 'sidecar' }));
    const cost = estimateDataPlaneCost(input.architecture.architecture, decision, products, rules.figures);
    if (cost) decision.dataPlaneCost = cost;
  }
  return {
    decision,
    source: input.source,
    inferred: input.inferred.filter((i) => !overridden.has(i.field)),
    defaulted: input.defaulted.filter((f) => !overridden.has(f)),
    files: input.architecture?.files ?? [],
  };
}
