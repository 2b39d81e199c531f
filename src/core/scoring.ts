/**
 * Feasibility, scores and ranking: the part of the decision (see engine.ts for the model) that
 * what-ifs re-run for every candidate change, so it sits apart from the full decision. Pure.
 */
import type { AnswerField, Answers, Layer, Outcome, Scores, Signal, Veto } from './types.js';
import { OUTCOMES } from './types.js';
import type { Condition } from './conditions.js';
import { holds } from './answers.js';
import { MESH_KINDS, unfit, type MeshKind, type ProductCatalogue } from './products.js';

/** How one answer reads in plain words, from the question that asks it. */
export interface FieldWording {
  /** Short label ("Security between services"). */
  title: string;
  /** 1 (a requirement) to 10 (a platform switch). */
  effort: number;
  /** Templates: {choice} is the new value's choice name (written as it reads mid-sentence), {value} the raw value, {current} the current value's name, {s} a plural 's' unless the value is 1. */
  set?: string;
  add?: string;
  remove?: string;
  yes?: string;
  no?: string;
  /** value -> choice name */
  choices: Record<string, string>;
}
export type WhatIfWording = Partial<Record<AnswerField, FieldWording>>;

/** A scoring rule as loaded from rules/scoring/<id>.yaml. */
export interface ScoringRule {
  id: string;
  title: string;
  /** Decision factor from the rubric, F1..F24. */
  factor: string;
  layer: Layer;
  signal: Signal;
  /** Credible sources disagree on this factor (rubric section 6). */
  contested?: boolean;
  when: Condition;
  /** Points added to the layer. */
  points: number;
  rationale: string;
  sources: string[];
}

/** A constraint as loaded from rules/constraints/<id>.yaml: feasibility before scores. */
export interface Constraint {
  id: string;
  title: string;
  factor: string;
  when: Condition;
  removes?: { outcomes?: Outcome[]; meshKinds?: MeshKind[] };
  cost?: { layer: Layer; points: number };
  /** What takes the removed option's place. */
  instead?: string;
  rationale: string;
  sources: string[];
}

/** Everything the engine decides from. */
export interface ScoringRuleSet {
  rules: ScoringRule[];
  constraints: Constraint[];
  products: ProductCatalogue;
  /** Plain words and effort for what-ifs (from rules/questions.yaml); field names without it. */
  wording?: WhatIfWording;
}

/** The winner is a close call when the runner-up is this many points behind or fewer (see {@link closeCall}). */
export const CLOSE_MARGIN = 2;

/**
 * When scores tie, the simpler setup wins: adding infrastructure before you need it adds risk
 * and expense (NGINX, rubric S5).
 */
export const SIMPLICITY_ORDER: readonly Outcome[] = ['neither', 'gateway', 'mesh', 'both'];

/** The veto that keeps "both" for systems where each layer has a hard need of its own. */
export const BOTH_NEEDS_TWO_HARD_NEEDS = 'both-needs-two-hard-needs';

/** The veto for a layer no catalogue product can fill on this platform (and licensing answer). */
export const NO_PRODUCT = 'no-product-here';

/** One rule or constraint cost that fired, before it is counted. */
export interface Fired {
  id: string;
  title: string;
  layer: Layer;
  signal: Signal;
  points: number;
  contested: boolean;
  rationale: string;
  sources: string[];
  source: 'rule' | 'constraint';
}

export interface LayerState {
  /** Needs (hard and soft) that fired. */
  needs: Fired[];
  /** Everything that counts toward the score (needs, and the rest when there is a need). */
  counted: Fired[];
  score: number;
  hard: boolean;
}

/** The scoring before products, notes and what-ifs: enough to know the verdict. */
export interface Assessment {
  scores: Scores;
  layers: Record<Layer, LayerState>;
  /** Every rule and cost that fired, per layer, counted or not (a close call re-weighs them). */
  fired: Record<Layer, Fired[]>;
  vetoed: Veto[];
  feasibleKinds: MeshKind[];
  /** Constraints that fired, by id. */
  constraints: Constraint[];
  ranked: Outcome[];
}

function toFired(r: ScoringRule): Fired {
  return { id: r.id, title: r.title, layer: r.layer, signal: r.signal, points: r.points, contested: r.contested === true, rationale: r.rationale, sources: r.sources, source: 'rule' };
}

/** Sums a layer: needs always; adjustments, points against and costs only when there is a need. */
export function layerState(fired: readonly Fired[], weight: (f: Fired) => number = () => 1): LayerState {
  const needs = fired.filter((f) => (f.signal === 'hard' || f.signal === 'soft') && weight(f) !== 0);
  const counted = needs.length > 0 ? fired.filter((f) => weight(f) !== 0) : [];
  return {
    needs,
    counted,
    score: counted.reduce((s, f) => s + f.points * weight(f), 0),
    hard: needs.some((f) => f.signal === 'hard'),
  };
}

export function outcomeScores(edge: number, mesh: number): Scores {
  return { gateway: edge, mesh, both: edge + mesh, neither: 0 };
}

/** Outcomes from best to worst among the eligible; ties go to the simpler setup. */
export function rankOutcomes(scores: Scores, eligible: readonly Outcome[] = OUTCOMES): Outcome[] {
  return SIMPLICITY_ORDER.filter((o) => eligible.includes(o))
    .sort((a, b) => scores[b] - scores[a] || SIMPLICITY_ORDER.indexOf(a) - SIMPLICITY_ORDER.indexOf(b));
}

function bothVeto(edge: LayerState, mesh: LayerState): Veto | undefined {
  if (edge.hard && mesh.hard) return undefined;
  const lacking = !edge.hard && !mesh.hard ? 'neither the edge nor the layer between services has a hard need' : !edge.hard ? 'the edge has no hard need' : 'the layer between services has no hard need';
  return {
    outcome: 'both',
    constraint: BOTH_NEEDS_TWO_HARD_NEEDS,
    title: 'Both layers only for two hard needs',
    reason: `${lacking} of its own (only soft signals or none), and running two layers is worth it only when each has one.`,
    sources: ['https://www.nginx.com/blog/how-to-choose-a-service-mesh/', 'https://konghq.com/blog/enterprise/the-difference-between-api-gateways-and-service-mesh'],
  };
}

/** Feasibility, scores and ranking for some answers. */
export function assess(answers: Answers, set: Pick<ScoringRuleSet, 'rules' | 'constraints' | 'products'>): Assessment {
  const constraints = set.constraints.filter((c) => holds(c.when, answers));
  const fired: Fired[] = set.rules.filter((r) => holds(r.when, answers)).map(toFired);
  for (const c of constraints) {
    if (c.cost) {
      fired.push({ id: c.id, title: c.title, layer: c.cost.layer, signal: 'against', points: c.cost.points, contested: false, rationale: c.rationale, sources: c.sources, source: 'constraint' });
    }
  }
  const byLayer: Record<Layer, Fired[]> = { edge: fired.filter((f) => f.layer === 'edge'), mesh: fired.filter((f) => f.layer === 'mesh') };
  const edge = layerState(byLayer.edge);
  const mesh = layerState(byLayer.mesh);
  const scores = outcomeScores(edge.score, mesh.score);

  const vetoed: Veto[] = [];
  const veto = (outcome: Outcome, c: Constraint, reason: string) => {
    if (!vetoed.some((v) => v.outcome === outcome)) vetoed.push({ outcome, constraint: c.id, title: c.title, reason, sources: c.sources });
  };
  for (const c of constraints) for (const o of c.removes?.outcomes ?? []) veto(o, c, c.rationale);
  const removedBy = new Map<MeshKind, Constraint>();
  for (const c of constraints) for (const k of c.removes?.meshKinds ?? []) if (!removedBy.has(k)) removedBy.set(k, c);
  const feasibleKinds = MESH_KINDS.filter((k) => !removedBy.has(k));
  if (feasibleKinds.length === 0) {
    const by = [...new Set(removedBy.values())];
    for (const o of ['mesh', 'both'] as const) {
      veto(o, by[0]!, by.map((c) => c.rationale).join(' '));
    }
  }
  // Feasible in principle but nothing to run: no product of the catalogue fits this platform,
  // cloud, mesh kinds and licensing answer (for example no open-source mesh runs on Nomad).
  for (const [layer, slot, outcomes] of [['mesh', 'mesh', ['mesh', 'both']], ['edge', 'gateway', ['gateway', 'both']]] as const) {
    if (outcomes.every((o) => vetoed.some((v) => v.outcome === o))) continue;
    if (set.products.products.some((p) => !unfit(p, slot, { answers, feasibleKinds }))) continue;
    for (const o of outcomes) {
      if (vetoed.some((v) => v.outcome === o)) continue;
      vetoed.push({
        outcome: o, constraint: NO_PRODUCT, title: `No ${layer === 'mesh' ? 'mesh' : 'gateway'} product fits here`,
        reason: `no ${layer === 'mesh' ? 'mesh' : 'gateway'} in meshgate's catalogue runs on ${answers.platform}${answers.licensing === 'any' ? '' : ` under the licensing answer (${answers.licensing})`}, so the layer cannot be built here.`,
        sources: [],
      });
    }
  }
  if (!vetoed.some((v) => v.outcome === 'both')) {
    const v = bothVeto(edge, mesh);
    if (v) vetoed.push(v);
  }
  const eligible = OUTCOMES.filter((o) => !vetoed.some((v) => v.outcome === o));
  return { scores, layers: { edge, mesh }, fired: byLayer, vetoed, feasibleKinds, constraints, ranked: rankOutcomes(scores, eligible) };
}

/** The winning outcome for some answers, without products, notes or what-ifs. */
export function verdict(answers: Answers, set: Pick<ScoringRuleSet, 'rules' | 'constraints' | 'products'>): { recommendation: Outcome; scores: Scores } {
  const a = assess(answers, set);
  return { recommendation: a.ranked[0]!, scores: a.scores };
}

