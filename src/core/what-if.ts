/**
 * "What would change this": single-answer changes that flip the verdict, most plausible first,
 * in plain words. Pure.
 *
 * Every other value of every answer, every list element toggled in or out, and a few
 * representative numbers are tried. The ones that change the recommendation are ranked by the
 * effort of the change in real life (rules/questions.yaml gives each question an `effort`: a
 * changed requirement is 1, hiring a platform team more, switching platform or cloud the most),
 * so the smallest realistic change comes first and a platform switch never does while anything
 * smaller flips the verdict.
 */
import type { Answers, AnswerField, Outcome, WhatIf } from './types.js';
import { ANSWER_FIELDS, FIELD_SPECS } from './answers.js';
import { verdict, type ScoringRuleSet, type WhatIfWording } from './scoring.js';

export type { FieldWording, WhatIfWording } from './scoring.js';


/** Representative counts: the service count is a soft signal, so only a few steps are tried. */
const NUMBERS: Partial<Record<AnswerField, readonly number[]>> = {
  services: [1, 2, 3, 5, 8, 10, 12, 20, 50, 100, 250],
  clusters: [1, 2, 3],
  languages: [1, 2, 3, 5],
};

/** Effort when a question has no wording (tests, custom rule sets). */
const DEFAULT_EFFORT = 3;

interface Candidate {
  field: AnswerField;
  value: unknown;
  effort: number;
  description: string;
  order: number;
}

function fill(template: string, vars: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => vars[k] ?? `{${k}}`);
}

function showRaw(v: unknown): string {
  return Array.isArray(v) ? `[${v.join(', ')}]` : String(v);
}

/** The plain-words description of one change. */
export function describeWhatIf(field: AnswerField, value: unknown, answers: Answers, wording: WhatIfWording = {}): string {
  const w = wording[field];
  const current = answers[field];
  const name = (v: unknown) => w?.choices[String(v)] ?? String(v);
  if (Array.isArray(current) && Array.isArray(value)) {
    const added = (value as string[]).filter((v) => !(current as string[]).includes(v));
    const removed = (current as string[]).filter((v) => !(value as string[]).includes(v));
    if (added.length === 1 && removed.length === 0 && w?.add) return fill(w.add, { choice: name(added[0]), value: added[0]! });
    if (removed.length === 1 && added.length === 0 && w?.remove) return fill(w.remove, { choice: name(removed[0]), value: removed[0]! });
    if (added.length === 1 && removed.length === 0) return `adding ${added[0]} to ${field}`;
    if (removed.length === 1 && added.length === 0) return `removing ${removed[0]} from ${field}`;
  }
  if (typeof value === 'boolean' && w && (value ? w.yes : w.no)) return (value ? w.yes : w.no)!;
  if (w?.set) return fill(w.set, { choice: name(value), value: showRaw(value), current: name(current), s: value === 1 ? '' : 's' });
  return `with ${field}: ${showRaw(value)}`;
}

function candidates(answers: Answers, wording: WhatIfWording): Candidate[] {
  const out: Candidate[] = [];
  let order = 0;
  const push = (field: AnswerField, value: unknown, effort: number) => {
    out.push({ field, value, effort, description: describeWhatIf(field, value, answers, wording), order: order++ });
  };
  for (const field of ANSWER_FIELDS) {
    const spec = FIELD_SPECS[field];
    const effort = wording[field]?.effort ?? DEFAULT_EFFORT;
    const current = answers[field];
    switch (spec.type) {
      case 'enum':
        for (const v of spec.values!) if (v !== current) push(field, v, effort);
        break;
      case 'boolean':
        push(field, !current, effort);
        break;
      case 'list': {
        const list = current as string[];
        for (const v of spec.values!) {
          const next = list.includes(v) ? list.filter((x) => x !== v) : [...list, v].sort((x, y) => spec.values!.indexOf(x) - spec.values!.indexOf(y));
          push(field, next, effort);
        }
        break;
      }
      case 'integer':
      case 'number':
        for (const v of NUMBERS[field] ?? []) {
          if (v === current) continue;
          // Doubling or halving adds one to the effort, a tenfold change about three and a half.
          push(field, v, effort + Math.abs(Math.log2(v / (current as number))) / 1.5);
        }
        break;
      default:
        break;
    }
  }
  return out;
}

/** Applies one change to a copy of the answers. */
export function applyChange(answers: Answers, field: AnswerField, value: unknown): Answers {
  return { ...answers, [field]: value } as Answers;
}

/**
 * The single-answer changes that change the recommendation, most plausible first; for a number,
 * only the nearest value that flips it to a given outcome is kept.
 */
export function findWhatIfs(answers: Answers, set: Pick<ScoringRuleSet, 'rules' | 'constraints' | 'products' | 'wording'>, current: Outcome, runnerUp?: Outcome): WhatIf[] {
  const found: Array<WhatIf & { order: number; lead: number }> = [];
  const seenNumeric = new Set<string>();
  const ordered = candidates(answers, set.wording ?? {}).sort((a, b) => a.effort - b.effort || a.order - b.order);
  for (const c of ordered) {
    const { recommendation, scores } = verdict(applyChange(answers, c.field, c.value), set);
    if (recommendation === current) continue;
    if (typeof c.value === 'number') {
      const key = `${c.field}:${recommendation}`;
      if (seenNumeric.has(key)) continue;
      seenNumeric.add(key);
    }
    found.push({
      field: c.field, value: c.value, recommendation, scores, description: c.description, effort: Math.round(c.effort * 10) / 10,
      order: c.order, lead: scores[recommendation] - scores[current],
    });
  }
  // Same effort: a change that leads to the runner-up (the closest real alternative) first, then
  // the one that wins by the least (it moves the decision the least).
  const toRunnerUp = (w: WhatIf) => (w.recommendation === runnerUp ? 0 : 1);
  found.sort((a, b) => a.effort! - b.effort! || toRunnerUp(a) - toRunnerUp(b) || a.lead - b.lead || a.order - b.order);
  return found.map(({ order: _o, lead: _l, ...w }) => w);
}
