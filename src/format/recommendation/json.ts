/**
 * The JSON rendering of a decision: one object, schemaVersion 1. The shape is a public contract
 * documented in docs/formats/recommend-json.md; add fields, never rename or remove them. Decision model v2
 * added `runnerUpReal`, `closeBecause`, `layers`, `vetoed`, `dataPlaneCost` and, per reason,
 * `layer`, `signal`, `stance`, `source`; per product `meets`, `unmet`, `existing`; per what-if
 * `description` and `effort`. The values of `recommendation` are unchanged.
 */
import type { Answers, Decision } from '../../core/types.js';
import { ANSWER_FIELDS } from '../../core/answers.js';
import type { RecommendationContext } from './describe.js';

/** Bumped only when a field is renamed or removed. */
export const RECOMMENDATION_SCHEMA_VERSION = 1;

/** The object `recommend --format json` prints. */
export function recommendationToJson(decision: Decision, ctx: RecommendationContext): Record<string, unknown> {
  const d = decision;
  return {
    schemaVersion: RECOMMENDATION_SCHEMA_VERSION,
    ...(ctx.source !== undefined ? { source: ctx.source } : {}),
    recommendation: d.recommendation,
    scores: { gateway: d.scores.gateway, mesh: d.scores.mesh, both: d.scores.both, neither: d.scores.neither },
    runnerUp: d.runnerUp,
    margin: d.margin,
    close: d.close,
    reasons: d.reasons.map((r) => ({
      rule: r.rule,
      title: r.title,
      effect: r.effect,
      weight: r.weight,
      contested: r.contested === true,
      rationale: r.rationale,
      sources: r.sources,
      layer: r.layer,
      signal: r.signal,
      stance: r.stance,
      source: r.source,
    })),
    products: d.products.map((p) => ({
      role: p.role, id: p.id, name: p.name, reason: p.reason, sources: p.sources,
      meets: p.meets ?? [], unmet: p.unmet ?? [], existing: p.existing === true,
    })),
    whatIf: d.whatIf.map((w) => ({ field: w.field, value: w.value, recommendation: w.recommendation, scores: w.scores, description: w.description ?? `${w.field}: ${JSON.stringify(w.value)}`, effort: w.effort ?? 0 })),
    notes: d.notes,
    answers: orderedAnswers(d.answers),
    runnerUpReal: d.runnerUpReal,
    closeBecause: d.closeBecause,
    layers: d.layers,
    vetoed: d.vetoed,
    ...(d.dataPlaneCost ? { dataPlaneCost: d.dataPlaneCost } : {}),
    ...(ctx.inferred && ctx.inferred.length > 0 ? { inferred: ctx.inferred } : {}),
    ...(ctx.defaulted ? { defaulted: ctx.defaulted } : {}),
  };
}

/** The answers in the documented field order. */
function orderedAnswers(a: Answers): Record<string, unknown> {
  const out: Record<string, unknown> = { apiVersion: a.apiVersion, kind: a.kind };
  for (const f of ANSWER_FIELDS) out[f] = a[f];
  return out;
}

/** Pretty-printed JSON with a trailing newline. */
export function formatRecommendationJson(decision: Decision, ctx: RecommendationContext): string {
  return JSON.stringify(recommendationToJson(decision, ctx), null, 2) + '\n';
}
