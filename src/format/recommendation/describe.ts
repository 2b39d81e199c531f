/**
 * Wording shared by the recommendation formats: what each outcome means, how an effect or a
 * what-if change reads. Pure.
 */
import type { AnswerField, Answers, InferredAnswer, Outcome, Reason, Scores, WhatIf } from '../../core/types.js';
import { sourceNames } from '../source-paths.js';

/** What the recommendation formats receive besides the decision. */
export interface RecommendationContext {
  color: boolean;
  /** Human name of the input ("answers.yaml", "<stdin>"). */
  source?: string;
  /** Answers derived from an architecture, with why. */
  inferred?: InferredAnswer[];
  /**
   * The files the architecture was read from, as the evidence in `inferred` names them
   * (relative to the working directory): the text formats list them once and name each piece
   * of evidence below their shared directory.
   */
  files?: string[];
  /** Answers left at their defaults: worth confirming. */
  defaulted?: AnswerField[];
  /** Width the text must fit (Io.columns); undefined = no limit (piped). */
  columns?: number;
}

/** What each layer tier means, in a few words. */
export const TIER_NAMES: Record<string, string> = {
  'api-management': 'API management',
  gateway: 'an API gateway (or a controller with gateway policies)',
  proxy: 'an ingress controller or reverse proxy',
  platform: 'the platform\'s own load balancer or front door',
  none: 'nothing',
  sidecar: 'a sidecar mesh',
  ambient: 'an ambient (per-node) mesh',
  ebpf: 'an eBPF mesh',
  managed: 'a managed service network',
  'built-in': 'the platform\'s built-ins',
  'cni-encryption': 'encryption in the CNI, no mesh',
  libraries: 'libraries and the platform, no mesh',
};

/** "soft need", "adjustment", "hard need", "point against", "constraint cost" */
export function describeSignal(r: Pick<Reason, 'signal' | 'source'>): string {
  if (r.source === 'constraint') return 'constraint cost';
  return { hard: 'hard need', soft: 'soft need', adjust: 'adjustment', against: 'point against' }[r.signal];
}

/** One line per outcome: what you would actually run. */
export const OUTCOME_MEANING: Record<Outcome, string> = {
  gateway: 'an API gateway (or API management) at the edge, no mesh',
  mesh: 'a service mesh between services, with a plain ingress at the edge',
  both: 'an API gateway at the edge and a service mesh inside',
  neither: 'an ingress / Gateway API controller or reverse proxy; libraries for the rest',
};

/** Score order for tables: the four outcomes in a fixed order. */
export const OUTCOME_ORDER: readonly Outcome[] = ['gateway', 'mesh', 'both', 'neither'];

function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}

/** "mesh +9, both +9" */
export function describeEffect(effect: Partial<Scores>): string {
  return OUTCOME_ORDER.filter((o) => effect[o] !== undefined && effect[o] !== 0)
    .map((o) => `${o} ${signed(effect[o]!)}`)
    .join(', ');
}

function showValue(v: unknown): string {
  if (Array.isArray(v)) return `[${v.join(', ')}]`;
  return String(v);
}

/** The change in plain words (from the what-if), or "adding api-keys to edgeNeeds" without wording. */
export function describeChange(change: Pick<WhatIf, 'field' | 'value' | 'description'>, answers: Answers): string {
  if (change.description) return change.description;
  const current = answers[change.field];
  if (Array.isArray(current) && Array.isArray(change.value)) {
    const next = change.value as string[];
    const added = next.filter((v) => !(current as string[]).includes(v));
    const removed = (current as string[]).filter((v) => !next.includes(v));
    if (added.length === 1 && removed.length === 0) return `adding ${added[0]} to ${change.field}`;
    if (removed.length === 1 && added.length === 0) return `removing ${removed[0]} from ${change.field}`;
  }
  return `with ${change.field}: ${showValue(change.value)}`;
}

/** "answers.yaml" or nothing. */
export function describeAnswer(field: AnswerField, answers: Answers): string {
  return `${field}: ${showValue(answers[field])}`;
}

/**
 * The input files once, below their shared directory ("from k8s/: apps.yaml, ingress.yaml"),
 * and a function that takes that directory off each piece of evidence; without files, the
 * evidence as it is.
 */
export function evidenceSources(files: readonly string[] | undefined): { line?: string; shorten(text: string): string } {
  if (!files || files.length === 0) return { shorten: (t) => t };
  const sources = sourceNames(files);
  const names = [...new Set(sources.names)];
  const line = sources.dir ? `from ${sources.dir}: ${names.join(', ')}` : `from ${names.join(', ')}`;
  return { line, shorten: sources.shorten };
}
