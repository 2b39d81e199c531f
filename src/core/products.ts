/**
 * Product picks and notes, both driven by rules/products.yaml. Pure.
 */
import type { Answers, Outcome, ProductPick, Reason } from './types.js';
import { evaluateCondition, type Condition } from './conditions.js';

/** A product meshgate may recommend. */
export interface Product {
  id: string;
  name: string;
  /** What it is: an edge/API gateway or a mesh (managed mesh-like services count as mesh). */
  category: 'gateway' | 'mesh';
  /** Implements the Kubernetes Gateway API (so it can serve as the ingress). */
  gatewayApi?: boolean;
  /** A cloud provider's managed service rather than software you run. */
  managed?: boolean;
  summary: string;
  sources: string[];
}

/** A product meshgate never recommends, with what replaced it. */
export interface RetiredProduct {
  id: string;
  name: string;
  status: string;
  replacement: string;
  sources: string[];
}

/** One entry of an ordered pick list: the first entry whose condition holds wins. */
export interface PickRule {
  product: string;
  when?: Condition;
  reason: string;
  sources?: string[];
}

/** A caveat shown with the verdict when its filters all match. */
export interface NoteRule {
  id: string;
  text: string;
  sources: string[];
  when?: Condition;
  /** Only when the recommendation is one of these. */
  outcomes?: Outcome[];
  /** Only when one of these products was picked. */
  products?: string[];
  /** Only when the decision is (true) or is not (false) a close call. */
  close?: boolean;
  /** Only when one of these scoring rules fired. */
  rules?: string[];
}

export interface ProductCatalogue {
  products: Product[];
  retired: RetiredProduct[];
  picks: {
    /** The API gateway, for "gateway" and "both". */
    gateway: PickRule[];
    /** The mesh (or managed mesh-like service), for "mesh" and "both". */
    mesh: PickRule[];
    /** The ingress / reverse proxy, for "neither", and in front of a mesh that has outside callers. */
    edge: PickRule[];
  };
  notes: NoteRule[];
}

type Slot = keyof ProductCatalogue['picks'];

/** Which pick lists apply to each outcome. */
function slotsFor(outcome: Outcome, answers: Answers): Slot[] {
  switch (outcome) {
    case 'gateway':
      return ['gateway'];
    case 'both':
      return ['gateway', 'mesh'];
    case 'mesh':
      // Every mesh still needs an entry point when something outside calls in.
      return answers.consumers.length > 0 ? ['mesh', 'edge'] : ['mesh'];
    case 'neither':
      // Purely internal traffic with no outside callers needs no edge product at all.
      return answers.consumers.length > 0 || answers.traffic !== 'east-west' ? ['edge'] : [];
  }
}

function roleFor(slot: Slot, product: Product): ProductPick['role'] {
  if (slot === 'gateway') return 'gateway';
  if (slot === 'mesh') return product.managed ? 'managed' : 'mesh';
  return product.gatewayApi ? 'ingress' : 'proxy';
}

/** Picks one product per role the outcome needs, first matching pick rule wins. */
export function pickProducts(outcome: Outcome, answers: Answers, catalogue: ProductCatalogue): ProductPick[] {
  const byId = new Map(catalogue.products.map((p) => [p.id, p]));
  const picks: ProductPick[] = [];
  for (const slot of slotsFor(outcome, answers)) {
    const rule = catalogue.picks[slot].find((r) => !r.when || evaluateCondition(r.when, answers));
    const product = rule && byId.get(rule.product);
    if (!rule || !product) continue;
    picks.push({
      role: roleFor(slot, product),
      id: product.id,
      name: product.name,
      reason: rule.reason,
      sources: [...new Set([...(rule.sources ?? []), ...product.sources])],
    });
  }
  return picks;
}

export interface NoteContext {
  recommendation: Outcome;
  runnerUp: Outcome;
  close: boolean;
  margin: number;
  /** The engine's margin threshold for a close call. */
  closeMargin: number;
  answers: Answers;
  products: ProductPick[];
  reasons: Reason[];
}

/** The notes whose filters all match, each ending with its sources. */
export function collectNotes(ctx: NoteContext, catalogue: ProductCatalogue): string[] {
  const picked = new Set(ctx.products.map((p) => p.id));
  const fired = new Set(ctx.reasons.map((r) => r.rule));
  const notes: string[] = [];
  if (ctx.close) {
    const contested = ctx.reasons.filter((r) => r.contested).map((r) => r.rule);
    notes.push(
      ctx.margin <= ctx.closeMargin || contested.length === 0
        ? ctx.margin === 0
          ? `Close call: ${ctx.runnerUp} ties with ${ctx.recommendation}, and ties go to the simpler setup; treat both as reasonable and decide on the factors above.`
          : `Close call: ${ctx.runnerUp} is only ${ctx.margin} point${ctx.margin === 1 ? '' : 's'} behind ${ctx.recommendation}; treat both as reasonable and decide on the factors above.`
        : `Close call: the verdict rests on contested rules (${contested.join(', ')}); weigh them differently and ${ctx.runnerUp} wins.`,
    );
  }
  for (const n of catalogue.notes) {
    if (n.outcomes && !n.outcomes.includes(ctx.recommendation)) continue;
    if (n.products && !n.products.some((p) => picked.has(p))) continue;
    if (n.close !== undefined && n.close !== ctx.close) continue;
    if (n.rules && !n.rules.some((r) => fired.has(r))) continue;
    if (n.when && !evaluateCondition(n.when, ctx.answers)) continue;
    notes.push(`${n.text} (${n.sources.join(' ; ')})`);
  }
  return notes;
}
