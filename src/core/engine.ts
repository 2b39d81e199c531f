/**
 * The decision engine: (answers, rules) -> decision. Pure.
 *
 * Scoring model. Each rule that fires adds points to the gateway, mesh and neither scores;
 * "both" is derived, not scored on its own: both = gateway + mesh + (rules' direct "both"
 * points, chiefly the fixed cost of running two layers). So "both" wins only when the gateway
 * need and the mesh need are each stronger than that cost, never by accident. Each reason
 * carries its effective effect on all four outcomes, and the scores are exactly the sums of
 * those effects.
 */
import type { Answers, Decision, Outcome, ProductPick, Reason, Scores } from './types.js';
import { OUTCOMES } from './types.js';
import { evaluateCondition, type Condition } from './conditions.js';
import { pickProducts, collectNotes, type ProductCatalogue } from './products.js';
import { findWhatIfs } from './what-if.js';

export type { ProductCatalogue } from './products.js';

/** A scoring rule as loaded from rules/scoring/<id>.yaml. */
export interface ScoringRule {
  id: string;
  title: string;
  /** Decision factor from the rubric, F1..F24. */
  factor: string;
  /** Credible sources disagree on this factor (rubric section 6). */
  contested?: boolean;
  when: Condition;
  /** Points the rule adds; "both" here is added on top of the derived gateway + mesh. */
  effect: Partial<Scores>;
  rationale: string;
  sources: string[];
}

/** Everything the engine decides from: the scoring rules and the product catalogue. */
export interface ScoringRuleSet {
  rules: ScoringRule[];
  products: ProductCatalogue;
}

/**
 * The winner is a "close call" when the runner-up is this many points behind or fewer, or when
 * the runner-up would win without the contested rules that fired (see {@link isClose}).
 */
export const CLOSE_MARGIN = 2;

/**
 * When scores tie, the simpler setup wins: adding infrastructure before you need it adds risk
 * and expense (NGINX, rubric S5).
 */
export const SIMPLICITY_ORDER: readonly Outcome[] = ['neither', 'gateway', 'mesh', 'both'];

export interface Scored {
  scores: Scores;
  reasons: Reason[];
}

/** The effective effect of a rule on all four outcomes under the derived-"both" model. */
export function effectiveEffect(effect: Partial<Scores>): Scores {
  const gateway = effect.gateway ?? 0;
  const mesh = effect.mesh ?? 0;
  return { gateway, mesh, both: gateway + mesh + (effect.both ?? 0), neither: effect.neither ?? 0 };
}

/** Scores the answers: which rules fire and the four totals. */
export function scoreAnswers(answers: Answers, rules: readonly ScoringRule[]): Scored {
  const scores: Scores = { gateway: 0, mesh: 0, both: 0, neither: 0 };
  const reasons: Reason[] = [];
  for (const rule of rules) {
    if (!evaluateCondition(rule.when, answers)) continue;
    const effect = effectiveEffect(rule.effect);
    for (const o of OUTCOMES) scores[o] += effect[o];
    const shown: Partial<Scores> = {};
    for (const o of OUTCOMES) if (effect[o] !== 0) shown[o] = effect[o];
    reasons.push({
      rule: rule.id,
      title: rule.title,
      effect: shown,
      weight: Math.max(0, ...OUTCOMES.map((o) => Math.abs(effect[o]))),
      rationale: rule.rationale,
      sources: rule.sources,
      ...(rule.contested ? { contested: true } : {}),
    });
  }
  reasons.sort((a, b) => b.weight - a.weight || a.rule.localeCompare(b.rule));
  return { scores, reasons };
}

/** Outcomes from best to worst; ties go to the simpler setup. */
export function rankOutcomes(scores: Scores): Outcome[] {
  return [...SIMPLICITY_ORDER].sort((a, b) => scores[b] - scores[a] || SIMPLICITY_ORDER.indexOf(a) - SIMPLICITY_ORDER.indexOf(b));
}

/** The winning outcome for some answers, without products, notes or what-ifs. */
export function verdict(answers: Answers, rules: readonly ScoringRule[]): { recommendation: Outcome; scores: Scores } {
  const { scores } = scoreAnswers(answers, rules);
  return { recommendation: rankOutcomes(scores)[0]!, scores };
}

/**
 * A decision is close when the margin is at most {@link CLOSE_MARGIN}, or when it rests on
 * contested rules: if the points of the contested rules that fired are dropped, or counted
 * twice, the runner-up ranks first. Credible sources disagree on those rules' weight, so either
 * way the runner-up is a defensible choice.
 */
export function isClose(scores: Scores, reasons: readonly Reason[], recommendation: Outcome, runnerUp: Outcome): boolean {
  if (scores[recommendation] - scores[runnerUp] <= CLOSE_MARGIN) return true;
  const contested = reasons.filter((r) => r.contested);
  return [0, 2].some((factor) => {
    const adjusted: Scores = { ...scores };
    for (const r of contested) for (const o of OUTCOMES) adjusted[o] += (factor - 1) * (r.effect[o] ?? 0);
    const ranked = rankOutcomes(adjusted);
    return ranked.indexOf(runnerUp) < ranked.indexOf(recommendation);
  });
}

/** Decides gateway / mesh / both / neither for the answers, with reasons, picks and what-ifs. */
export function decide(answers: Answers, rules: ScoringRuleSet): Decision {
  const { scores, reasons } = scoreAnswers(answers, rules.rules);
  const [recommendation, runnerUp] = rankOutcomes(scores) as [Outcome, Outcome];
  const margin = scores[recommendation] - scores[runnerUp];
  const close = isClose(scores, reasons, recommendation, runnerUp);
  const products: ProductPick[] = pickProducts(recommendation, answers, rules.products);
  const notes = collectNotes({ recommendation, runnerUp, close, margin, closeMargin: CLOSE_MARGIN, answers, products, reasons }, rules.products);
  return {
    recommendation,
    scores,
    runnerUp,
    margin,
    close,
    reasons,
    products,
    whatIf: findWhatIfs(answers, rules.rules, recommendation),
    notes,
    answers,
  };
}
