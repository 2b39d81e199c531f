/**
 * The terminal rendering of a decision: verdict, score table, reasons by weight, product picks,
 * what would change it, notes. `meshgate recommend` and `meshgate ask` both print exactly this.
 */
import { Chalk } from 'chalk';
import Table from 'cli-table3';
import type { Decision } from '../../core/types.js';
import {
  OUTCOME_MEANING, OUTCOME_ORDER, describeAnswer, describeChange, describeEffect, type RecommendationContext,
} from './describe.js';

export type { RecommendationContext } from './describe.js';

const CONTROL_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * Control characters in text that came from the input (service names) would drive the terminal,
 * and invisible or bidirectional ones would disguise it; show them all as escapes.
 */
function visible(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g, (ch) => CONTROL_ESCAPES[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** How many what-if changes the text shows (JSON lists them all). */
export const TEXT_WHAT_IF_LIMIT = 5;

/** Renders a decision for a terminal; colour only when ctx.color. */
export function formatRecommendationText(decision: Decision, ctx: RecommendationContext): string {
  const c = new Chalk({ level: ctx.color ? 1 : 0 });
  const out: string[] = [];
  const d = decision;

  const header = ctx.source ? `Recommendation for ${ctx.source}` : 'Recommendation';
  out.push(c.bold(header));
  const verdict = `${c.bold.green(d.recommendation.toUpperCase())}: ${OUTCOME_MEANING[d.recommendation]}`;
  out.push(`  ${verdict}`);
  out.push(
    d.close
      ? `  ${c.yellow('close call')}: runner-up ${c.bold(d.runnerUp)} (${d.margin === 0 ? 'tied; ties go to the simpler setup' : `${d.margin} point${d.margin === 1 ? '' : 's'} behind`})`
      : `  runner-up ${d.runnerUp}, ${d.margin} points behind`,
  );
  out.push('');

  const table = new Table({
    head: ['outcome', 'score', 'what you would run'].map((h) => c.bold(h)),
    colAligns: ['left', 'right', 'left'],
    style: { head: [], border: [] },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  for (const o of OUTCOME_ORDER) {
    const mark = o === d.recommendation ? ' ◀' : o === d.runnerUp ? ' ·' : '';
    table.push([o === d.recommendation ? c.bold(o) : o, `${d.scores[o]}${mark}`, OUTCOME_MEANING[o]]);
  }
  out.push(table.toString());
  out.push(c.dim('  ◀ recommended  · runner-up. "both" = gateway + mesh - the cost of two layers; see README "How the scores work".'));
  out.push('');

  out.push(c.bold('Why (rules that fired, by weight)'));
  if (d.reasons.length === 0) out.push('  no rule fired');
  for (const r of d.reasons) {
    const tag = r.contested ? c.yellow(' [contested]') : '';
    out.push(`  ${c.cyan(r.rule)}${tag}  ${describeEffect(r.effect)}`);
    out.push(`    ${r.title}`);
    if (r.sources[0]) out.push(`    ${c.dim(r.sources[0])}`);
  }
  out.push('');

  out.push(c.bold('Products'));
  if (d.products.length === 0) out.push('  none needed: nothing calls in from outside and nothing between services needs a proxy');
  for (const p of d.products) {
    out.push(`  ${p.role.padEnd(8)} ${c.bold(p.name)} (${p.id})`);
    out.push(`    ${p.reason}`);
    if (p.sources[0]) out.push(`    ${c.dim(p.sources[0])}`);
  }
  out.push('');

  out.push(c.bold('What would change this'));
  if (d.whatIf.length === 0) out.push('  no single-answer change flips this verdict');
  for (const w of d.whatIf.slice(0, TEXT_WHAT_IF_LIMIT)) {
    out.push(`  - ${describeChange(w, d.answers)} it would be ${c.bold(w.recommendation)} (${w.recommendation} ${w.scores[w.recommendation]} vs ${d.recommendation} ${w.scores[d.recommendation]})`);
  }
  if (d.whatIf.length > TEXT_WHAT_IF_LIMIT) out.push(c.dim(`  ... ${d.whatIf.length - TEXT_WHAT_IF_LIMIT} more with --format json`));

  if (ctx.inferred && ctx.inferred.length > 0) {
    out.push('');
    out.push(c.bold('Inferred from the architecture'));
    for (const i of ctx.inferred) out.push(`  ${describeAnswer(i.field, d.answers)}  ${c.dim(`(${visible(i.because)})`)}`);
  }
  if (ctx.defaulted && ctx.defaulted.length > 0) {
    out.push('');
    out.push(c.bold('Defaults to confirm') + c.dim(' (not in the input; set them in an answers file or with --set)'));
    out.push(`  ${ctx.defaulted.map((f) => describeAnswer(f, d.answers)).join('; ')}`);
  }
  if (d.notes.length > 0) {
    out.push('');
    out.push(c.bold('Notes'));
    for (const n of d.notes) out.push(`  - ${n}`);
  }
  return out.join('\n') + '\n';
}
