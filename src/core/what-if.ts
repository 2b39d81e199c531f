/**
 * "What would change this": single-answer changes that flip the verdict. Pure.
 *
 * Every other allowed value of every scalar answer, every element toggled in or out of every
 * list, and a few representative numbers are tried; the ones that change the recommendation
 * are kept, smallest change first.
 */
import type { Answers, AnswerField, Outcome, WhatIf } from './types.js';
import {
  TRAFFIC, CONSUMERS, EDGE_NEEDS, SERVICE_SECURITY, OBSERVABILITY, TRAFFIC_CONTROL,
  PLATFORMS, PROTOCOLS, TEAMS, LATENCY, CLOUDS,
} from './types.js';
import type { ScoringRule } from './engine.js';
import { verdict } from './engine.js';

const ENUMS: Partial<Record<AnswerField, readonly string[]>> = {
  traffic: TRAFFIC,
  serviceSecurity: SERVICE_SECURITY,
  observability: OBSERVABILITY,
  platform: PLATFORMS,
  team: TEAMS,
  latency: LATENCY,
  cloud: CLOUDS,
};

const LISTS: Partial<Record<AnswerField, readonly string[]>> = {
  consumers: CONSUMERS,
  edgeNeeds: EDGE_NEEDS,
  trafficControl: TRAFFIC_CONTROL,
  protocols: PROTOCOLS,
};

/** Representative counts: the service count is a soft signal, so only a few steps are tried. */
const NUMBERS: Partial<Record<AnswerField, readonly number[]>> = {
  services: [1, 3, 5, 10, 20, 50, 100, 250],
  clusters: [1, 2, 3],
  languages: [1, 2, 3, 5],
};

interface Candidate {
  field: AnswerField;
  value: unknown;
  /** How big the change is: 1 for a flipped value or toggled element, more for far-off numbers. */
  size: number;
  order: number;
}

function candidates(answers: Answers): Candidate[] {
  const out: Candidate[] = [];
  let order = 0;
  for (const [field, values] of Object.entries(ENUMS) as Array<[AnswerField, readonly string[]]>) {
    for (const v of values) if (v !== answers[field]) out.push({ field, value: v, size: 1, order: order++ });
  }
  out.push({ field: 'compliance', value: !answers.compliance, size: 1, order: order++ });
  for (const [field, values] of Object.entries(LISTS) as Array<[AnswerField, readonly string[]]>) {
    const current = answers[field] as string[];
    for (const v of values) {
      const next = current.includes(v) ? current.filter((x) => x !== v) : [...current, v].sort((a, b) => values.indexOf(a) - values.indexOf(b));
      out.push({ field, value: next, size: 1, order: order++ });
    }
  }
  for (const [field, values] of Object.entries(NUMBERS) as Array<[AnswerField, readonly number[]]>) {
    const current = answers[field] as number;
    for (const v of values) {
      if (v === current) continue;
      // Doubling or halving counts as one step, a tenfold change as about three and a half.
      out.push({ field, value: v, size: 1 + Math.abs(Math.log2(v / current)) / 1.5, order: order++ });
    }
  }
  return out;
}

/** Applies one change to a copy of the answers. */
export function applyChange(answers: Answers, field: AnswerField, value: unknown): Answers {
  return { ...answers, [field]: value } as Answers;
}

/**
 * The single-answer changes that change the recommendation, smallest first; for a number, only
 * the nearest value that flips it to a given outcome is kept.
 */
export function findWhatIfs(answers: Answers, rules: readonly ScoringRule[], current: Outcome): WhatIf[] {
  const found: Array<WhatIf & { size: number; order: number }> = [];
  const seenNumeric = new Set<string>();
  const ordered = candidates(answers).sort((a, b) => a.size - b.size || a.order - b.order);
  for (const c of ordered) {
    const { recommendation, scores } = verdict(applyChange(answers, c.field, c.value), rules);
    if (recommendation === current) continue;
    if (typeof c.value === 'number') {
      const key = `${c.field}:${recommendation}`;
      if (seenNumeric.has(key)) continue;
      seenNumeric.add(key);
    }
    found.push({ field: c.field, value: c.value, recommendation, scores, size: c.size, order: c.order });
  }
  return found.map(({ field, value, recommendation, scores }) => ({ field, value, recommendation, scores }));
}
