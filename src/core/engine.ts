/**
 * The decision engine: (answers, rules) -> decision. Pure.
 *
 * Decision model (v2). Two layers are decided separately, then combined into one verdict:
 * - the edge: does it need a gateway (API management, or a gateway / controller with gateway
 *   policies), or does an ingress, a proxy or the platform's load balancer do?
 * - the layer between services: does it need a mesh (sidecar, ambient, eBPF or a managed
 *   service network), or do libraries, the CNI or the platform's built-ins do?
 *
 * 1. Feasibility first. Constraints (rules/constraints/) remove outcomes or mesh kinds before any
 *    points count (a serverless platform leaves no mesh kind, so mesh and both are out), and
 *    some add a cost to a layer.
 * 2. Each scoring rule belongs to one layer and is a hard need, a soft need, an adjustment or a
 *    point against. A layer's score is the sum of its needs, plus its adjustments and points
 *    against only when it has at least one need: direction, service count, team and a managed
 *    option adjust a layer, they never create one.
 * 3. Outcome scores: neither = 0 (the baseline), gateway = edge, mesh = mesh layer, both =
 *    edge + mesh layer. "both" is eligible only when each layer has a hard need of its own.
 *    The best eligible score wins; ties go to the simpler setup.
 * Every reason carries its effect on the four outcomes, and the scores are exactly the sums of
 * the reasons' effects.
 */
import type { Answers, Decision, Layer, LayerDecision, Outcome, ProductPick, Reason, Scores } from './types.js';
import { OUTCOMES } from './types.js';
import { pickProducts, collectNotes } from './products.js';
import { findWhatIfs } from './what-if.js';
import {
  assess, rankOutcomes, layerState, outcomeScores, CLOSE_MARGIN, BOTH_NEEDS_TWO_HARD_NEEDS,
  type Assessment, type Fired, type LayerState, type ScoringRuleSet,
} from './scoring.js';

export { holds, ANSWER_FUNCTIONS } from './answers.js';
export type { ProductCatalogue, MeshKind } from './products.js';
export { MESH_KINDS } from './products.js';
export {
  assess, verdict, rankOutcomes, CLOSE_MARGIN, SIMPLICITY_ORDER, BOTH_NEEDS_TWO_HARD_NEEDS, NO_PRODUCT,
} from './scoring.js';
export type { Assessment, Constraint, ScoringRule, ScoringRuleSet } from './scoring.js';

/** True when the outcome's layers each have a need (a gateway with nothing to do is no alternative). */
function isReal(o: Outcome, a: Assessment): boolean {
  const edge = a.layers.edge.needs.length > 0;
  const mesh = a.layers.mesh.needs.length > 0;
  return o === 'neither' || (o === 'gateway' && edge) || (o === 'mesh' && mesh) || (o === 'both' && edge && mesh);
}

/**
 * The closest real alternative: eligible outcomes whose layers each have a need come first, by
 * score; then other eligible ones; only when everything else is ruled out, the best vetoed one.
 */
export function chooseRunnerUp(a: Assessment, winner: Outcome): { runnerUp: Outcome; eligible: boolean; real: boolean } {
  const others = a.ranked.filter((o) => o !== winner);
  const real = others.filter((o) => isReal(o, a));
  if (real.length > 0) return { runnerUp: real[0]!, eligible: true, real: true };
  if (others.length > 0) return { runnerUp: others[0]!, eligible: true, real: false };
  const vetoed = rankOutcomes(a.scores).filter((o) => o !== winner);
  return { runnerUp: vetoed[0]!, eligible: false, real: false };
}

/**
 * Why the call is close, or [] when it is not: the runner-up is at most {@link CLOSE_MARGIN}
 * behind; or the win rests on contested rules (weigh them at zero or double and the runner-up
 * ranks first); or a layer the verdict includes rests on a single soft signal.
 */
export function closeCall(a: Assessment, winner: Outcome, runnerUp: Outcome, runnerUpReal: boolean): string[] {
  // An alternative nothing asks for (a gateway with no edge need, a vetoed mesh) is no contender.
  if (!runnerUpReal) return [];
  const because: string[] = [];
  const margin = a.scores[winner] - a.scores[runnerUp];
  if (margin <= CLOSE_MARGIN) {
    because.push(margin === 0 ? `${runnerUp} ties with ${winner} and ties go to the simpler setup` : `${runnerUp} is only ${margin} point${margin === 1 ? '' : 's'} behind`);
  }
  const contested = [...a.layers.edge.counted, ...a.layers.mesh.counted].filter((f) => f.contested);
  if (contested.length > 0) {
    const flips = [0, 2].some((factor) => {
      const weight = (f: Fired) => (f.contested ? factor : 1);
      const edge = layerState(a.fired.edge, weight);
      const mesh = layerState(a.fired.mesh, weight);
      const scores = outcomeScores(edge.score, mesh.score);
      const eligible = OUTCOMES.filter((o) => !a.vetoed.some((v) => v.outcome === o && v.constraint !== BOTH_NEEDS_TWO_HARD_NEEDS) && (o !== 'both' || (edge.hard && mesh.hard)));
      const ranked = rankOutcomes(scores, eligible);
      return ranked.includes(runnerUp) && (!ranked.includes(winner) || ranked.indexOf(runnerUp) < ranked.indexOf(winner));
    });
    if (flips) because.push(`the verdict rests on contested rules (${[...new Set(contested.map((f) => f.id))].join(', ')}): weigh them differently and ${runnerUp} wins`);
  }
  for (const layer of layersOf(winner)) {
    const needs = a.layers[layer].needs;
    if (needs.length === 1 && needs[0]!.signal === 'soft') {
      because.push(`the ${layer === 'edge' ? 'gateway' : 'mesh'} rests on a single soft signal (${needs[0]!.id})`);
    }
  }
  return because;
}

/** The layers an outcome includes. */
export function layersOf(o: Outcome): Layer[] {
  return o === 'both' ? ['edge', 'mesh'] : o === 'gateway' ? ['edge'] : o === 'mesh' ? ['mesh'] : [];
}

/** Reasons for and against the verdict, each ordered by how much it decided (absolute points). */
function buildReasons(a: Assessment, winner: Outcome): Reason[] {
  const included = new Set(layersOf(winner));
  const out: Reason[] = [];
  for (const layer of ['edge', 'mesh'] as const) {
    for (const f of a.layers[layer].counted) {
      const effect: Partial<Scores> = layer === 'edge' ? { gateway: f.points, both: f.points } : { mesh: f.points, both: f.points };
      // A point toward a layer argues for verdicts that include it, against those that do not.
      const forIt = (f.points > 0) === included.has(layer);
      const ruledOut = (Object.keys(effect) as Outcome[]).every((o) => a.vetoed.some((v) => v.outcome === o));
      out.push({
        rule: f.id,
        title: f.title,
        effect,
        weight: Math.abs(f.points),
        rationale: f.rationale,
        sources: f.sources,
        ...(f.contested ? { contested: true } : {}),
        layer,
        signal: f.signal,
        stance: forIt ? 'for' : 'against',
        source: f.source,
        ...(ruledOut ? { ruledOut: true } : {}),
      });
    }
  }
  // For before against; within each, by how much it decided (a reason whose outcomes were all
  // ruled out decided nothing, so it comes last).
  const decided = (r: Reason) => (r.ruledOut ? 0 : r.weight);
  return out.sort((x, y) => (x.stance === y.stance ? 0 : x.stance === 'for' ? -1 : 1) || decided(y) - decided(x) || y.weight - x.weight || x.rule.localeCompare(y.rule));
}

function titles(fs: readonly Fired[]): string {
  return fs.map((f) => f.title.replace(/\s*\(soft signal\)$/, '').replace(/^./, (c) => c.toLowerCase())).join('; ');
}

function signedSum(fs: readonly Fired[]): string {
  const n = fs.reduce((s, f) => s + f.points, 0);
  return n > 0 ? `+${n}` : String(n);
}

/** "Needs: a; b (+5). Against: c (-2). Net 3" for a layer. */
function tally(s: LayerState): string {
  const plus = s.counted.filter((f) => f.points > 0);
  const minus = s.counted.filter((f) => f.points < 0);
  const parts = [`Needs: ${titles(s.needs)} (${signedSum(s.needs)})`];
  const adjust = plus.filter((f) => f.signal === 'adjust');
  if (adjust.length > 0) parts.push(`Adding to them: ${titles(adjust)} (${signedSum(adjust)})`);
  if (minus.length > 0) parts.push(`Against: ${titles(minus)} (${signedSum(minus)})`);
  return `${parts.join('. ')}. Net ${s.score > 0 ? '+' : ''}${s.score}`;
}

function summarise(layer: Layer, a: Assessment, needed: boolean, tier: string, answers: Answers, instead?: string): string {
  const s = a.layers[layer];
  if (layer === 'edge') {
    if (answers.consumers.length === 0) return 'Nothing calls in from outside, so there is no edge to decide.';
    if (s.needs.length === 0) return 'The edge only needs TLS and routing, which an ingress controller, a reverse proxy or the platform\'s load balancer does.';
    if (needed) return `${tally(s)}: the edge needs ${tier === 'api-management' ? 'API management' : 'a gateway'}.`;
    const vetoed = a.vetoed.find((v) => v.outcome === 'gateway');
    if (vetoed) return `${tally(s)}, but a gateway is ruled out (${vetoed.title.replace(/^./, (c) => c.toLowerCase())}).`;
    return `${tally(s)}: not enough for a gateway; an ingress controller or proxy does these.`;
  }
  const vetoed = a.vetoed.find((v) => v.outcome === 'mesh');
  const ruledOut = vetoed ? `a mesh is ruled out (${vetoed.title.replace(/^./, (c) => c.toLowerCase())})` : '';
  if (s.needs.length === 0) return vetoed ? `Nothing between services needs a mesh, and ${ruledOut}.` : 'Nothing between services needs a mesh.';
  if (vetoed && s.score <= 0) return `${tally(s)}: no mesh, and ${ruledOut} in any case${instead ? `; in its place: ${instead}` : ''}.`;
  if (vetoed) return `${tally(s)}, but ${ruledOut}${instead ? `; in its place: ${instead}` : ''}.`;
  if (needed) return `${tally(s)}: met by ${tier === 'managed' ? 'a managed service network' : `a${tier === 'ambient' ? 'n ambient' : tier === 'ebpf' ? 'n eBPF' : ` ${tier}`} mesh`}.`;
  const alt = tier === 'cni-encryption' ? 'encryption in the CNI covers it' : tier === 'built-in' ? 'the platform\'s built-ins cover it' : 'libraries and the platform cover it';
  return `${tally(s)}: no mesh; ${alt}.`;
}

export interface DecideOptions {
  /** Work out what-ifs (about a hundred re-assessments); on by default. */
  whatIfs?: boolean;
}

/** Decides gateway / mesh / both / neither for the answers, with reasons, picks and what-ifs. */
export function decide(answers: Answers, set: ScoringRuleSet, opts: DecideOptions = {}): Decision {
  const a = assess(answers, set);
  const recommendation = a.ranked[0]!;
  const { runnerUp, eligible, real } = chooseRunnerUp(a, recommendation);
  const margin = eligible ? a.scores[recommendation] - a.scores[runnerUp] : 0;
  const closeBecause = closeCall(a, recommendation, runnerUp, real);
  const reasons = buildReasons(a, recommendation);
  const included = new Set(layersOf(recommendation));
  const meshVeto = a.vetoed.find((v) => v.outcome === 'mesh');
  const builtIn = meshVeto !== undefined && a.layers.mesh.needs.length > 0 && a.constraints.some((c) => c.instead && (c.removes?.meshKinds?.length ?? 0) === 4);
  const picks = pickProducts({
    recommendation, answers, feasibleKinds: a.feasibleKinds, builtIn, catalogue: set.products,
    meshNeeded: included.has('mesh'), edgeNeeded: included.has('edge'),
  });
  const products: ProductPick[] = picks.products;
  const edgeTier = answers.consumers.length === 0 ? 'none'
    : included.has('edge') ? (picks.apiManagement ? 'api-management' : 'gateway')
      : picks.edgeIsPlatform ? 'platform' : 'proxy';
  const meshTier = included.has('mesh') ? (picks.meshKind ?? 'sidecar')
    : products.some((p) => p.role === 'built-in') ? 'built-in'
      : products.some((p) => p.role === 'encryption') ? 'cni-encryption'
        : a.layers.mesh.needs.length > 0 ? 'libraries' : 'none';
  const instead = a.constraints.find((c) => c.instead && (c.removes?.meshKinds?.length ?? 0) === 4)?.instead;
  const layers: Record<Layer, LayerDecision> = {
    edge: {
      layer: 'edge', needed: included.has('edge'), tier: edgeTier, score: a.layers.edge.score,
      hardNeeds: a.layers.edge.needs.filter((f) => f.signal === 'hard').map((f) => f.id),
      softNeeds: a.layers.edge.needs.filter((f) => f.signal === 'soft').map((f) => f.id),
      summary: summarise('edge', a, included.has('edge'), edgeTier, answers),
    },
    mesh: {
      layer: 'mesh', needed: included.has('mesh'), tier: meshTier, score: a.layers.mesh.score,
      hardNeeds: a.layers.mesh.needs.filter((f) => f.signal === 'hard').map((f) => f.id),
      softNeeds: a.layers.mesh.needs.filter((f) => f.signal === 'soft').map((f) => f.id),
      feasibleKinds: [...a.feasibleKinds],
      ...(picks.meshCandidate ? { product: picks.meshCandidate } : {}),
      summary: summarise('mesh', a, included.has('mesh'), meshTier, answers, instead),
    },
  };
  const close = closeBecause.length > 0;
  const notes = collectNotes({
    recommendation, runnerUp, close, closeBecause, answers, products, reasons, pickNotes: picks.notes,
    ...(included.has('mesh') && picks.meshKind ? { meshKind: picks.meshKind } : {}),
  }, set.products);
  return {
    recommendation,
    scores: a.scores,
    runnerUp,
    runnerUpReal: real,
    margin,
    close,
    closeBecause,
    reasons,
    products,
    whatIf: opts.whatIfs === false ? [] : findWhatIfs(answers, set, recommendation, real ? runnerUp : undefined),
    notes,
    answers,
    layers,
    vetoed: a.vetoed,
  };
}
