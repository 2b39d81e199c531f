/**
 * `meshgate recommend INPUT...`: read answers (or an architecture), decide, print.
 */
import type { Io } from '../io.js';
import { loadInput } from '../shell/load-input.js';
import { loadScoringRules } from '../shell/load-scoring-rules.js';
import { parseAnswerOverrides, applyAnswerOverrides } from '../shell/answer-overrides.js';
import { decide } from '../core/engine.js';
import type { RecommendationContext } from '../format/recommendation/describe.js';
import { pathFromCwd } from '../format/source-paths.js';

export interface RecommendOptions {
  format?: 'text' | 'json' | 'markdown';
  set?: string[];
  answers?: string;
  maxBytes?: string;
}

/** Runs `recommend`; returns the exit code (0; errors are thrown as UserError). */
export async function runRecommend(inputs: string[], opts: RecommendOptions, io: Io): Promise<number> {
  const overrides = parseAnswerOverrides(opts.set ?? []);
  const input = await loadInput(inputs, { answers: opts.answers, maxBytes: opts.maxBytes }, io);
  const overridden = new Set<string>(overrides.map((o) => o.field));
  const answers = applyAnswerOverrides(input.answers, overrides);
  const rules = loadScoringRules();
  const decision = decide(answers, rules);
  if (input.architecture && rules.figures) {
    // Replicas and calls are known only for an architecture: that is when a cost can be worked out.
    const { estimateDataPlaneCost } = await import('../core/data-plane-cost.js');
    const products = rules.products.products.filter((p) => p.category === 'mesh').map((p) => ({ id: p.id, name: p.name, kind: p.kind ?? 'sidecar' }));
    const cost = estimateDataPlaneCost(input.architecture.architecture, decision, products, rules.figures);
    if (cost) decision.dataPlaneCost = cost;
  }
  const ctx: RecommendationContext = {
    color: io.color,
    columns: io.columns,
    source: input.source,
    inferred: input.inferred.filter((i) => !overridden.has(i.field)),
    ...(input.architecture ? { files: input.architecture.files.map((f) => pathFromCwd(f, io.cwd)) } : {}),
    defaulted: input.defaulted.filter((f) => !overridden.has(f)),
  };
  const format = opts.format ?? 'text';
  if (format === 'json') {
    const { formatRecommendationJson } = await import('../format/recommendation/json.js');
    io.stdout(formatRecommendationJson(decision, ctx));
  } else if (format === 'markdown') {
    const { formatRecommendationMarkdown } = await import('../format/recommendation/markdown.js');
    io.stdout(formatRecommendationMarkdown(decision, ctx));
  } else {
    const { formatRecommendationText } = await import('../format/recommendation/text.js');
    io.stdout(formatRecommendationText(decision, ctx));
  }
  return 0;
}
