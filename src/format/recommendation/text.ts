/**
 * The terminal rendering of a decision: the verdict and its two layer decisions, the score
 * table, what was ruled out, reasons for and against, product picks, the data-plane cost (for
 * architectures), what would change it, notes. `meshgate recommend` and `meshgate ask` both
 * print exactly this. Every paragraph wraps at words to `ctx.columns` (no limit when piped).
 */
import { Chalk } from 'chalk';
import Table from 'cli-table3';
import type { Decision, Reason } from '../../core/types.js';
import { wrapWords } from '../text-width.js';
import {
  OUTCOME_MEANING, OUTCOME_ORDER, describeAnswer, describeChange, describeEffect, describeSignal, evidenceSources, TIER_NAMES, type RecommendationContext,
} from './describe.js';

export type { RecommendationContext } from './describe.js';

const CONTROL_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * Control characters in text that came from the input (service names) would drive the terminal,
 * and invisible or bidirectional ones would disguise it; show them all as escapes.
 */
function visible(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g, (ch) => CONTROL_ESCAPES[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** How many what-if changes the text shows (JSON lists them all). */
export const TEXT_WHAT_IF_LIMIT = 5;

/** Renders a decision for a terminal; colour only when ctx.color, lines within ctx.columns. */
export function formatRecommendationText(decision: Decision, ctx: RecommendationContext): string {
  const c = new Chalk({ level: ctx.color ? 1 : 0 });
  const width = ctx.columns;
  const out: string[] = [];
  const d = decision;
  /** A paragraph starting at `indent`, continuation lines at `hang` (both plain spaces). */
  const para = (text: string, indent = '  ', hang = indent) => {
    if (width === undefined) {
      out.push(indent + text);
      return;
    }
    // The first line's indent rides on the first word (wrapWords splits at whitespace).
    const marker = '\u0001'.repeat(indent.length);
    out.push(wrapWords(marker + text, width, hang).replace(/^\u0001+/, indent));
  };

  out.push(c.bold(ctx.source ? `Recommendation for ${visible(ctx.source)}` : 'Recommendation'));
  para(`${c.bold.green(d.recommendation.toUpperCase())}: ${OUTCOME_MEANING[d.recommendation]}`, '  ', '    ');
  if (!d.runnerUpReal) {
    para(d.vetoed.length >= 3 ? 'no alternative: every other outcome is ruled out below' : `no real alternative: nothing calls for ${d.runnerUp === 'gateway' ? 'a gateway' : d.runnerUp === 'mesh' ? 'a mesh' : d.runnerUp}`);
  } else if (d.close) {
    para(`${c.yellow('close call')}: runner-up ${c.bold(d.runnerUp)} (${d.margin === 0 ? 'tied; ties go to the simpler setup' : `${d.margin} point${d.margin === 1 ? '' : 's'} behind`})`, '  ', '    ');
  } else {
    para(`runner-up ${d.runnerUp}, ${d.margin} point${d.margin === 1 ? '' : 's'} behind`);
  }
  out.push('');

  out.push(c.bold('Two decisions'));
  for (const layer of ['edge', 'mesh'] as const) {
    const l = d.layers[layer];
    const label = layer === 'edge' ? 'Edge' : 'Between services';
    para(`${c.bold(label)}: ${TIER_NAMES[l.tier] ?? l.tier}. ${l.summary}`, '  ', '    ');
  }
  out.push('');

  const tableWidth = width === undefined ? undefined : Math.max(40, width);
  // Borders take 4 columns, `outcome` 9 and `score` 8 (with padding): the rest is the text column.
  const textCol = tableWidth === undefined ? undefined : Math.max(16, tableWidth - 9 - 8 - 4);
  const table = new Table({
    head: ['outcome', 'score', 'what you would run'].map((h) => c.bold(h)),
    colAligns: ['left', 'right', 'left'],
    style: { head: [], border: [] },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    ...(textCol !== undefined ? { colWidths: [9, 8, textCol], wordWrap: true } : {}),
  });
  const vetoed = new Set(d.vetoed.map((v) => v.outcome));
  for (const o of OUTCOME_ORDER) {
    const mark = o === d.recommendation ? ' ◀' : vetoed.has(o) ? ' ✕' : o === d.runnerUp && d.runnerUpReal ? ' ·' : '';
    table.push([o === d.recommendation ? c.bold(o) : o, `${d.scores[o]}${mark}`, OUTCOME_MEANING[o]]);
  }
  out.push(table.toString());
  para(c.dim('◀ recommended  · runner-up  ✕ ruled out. neither is the baseline (0); gateway = the edge\'s points, mesh = the mesh layer\'s, both = their sum.'));
  out.push('');

  if (d.vetoed.length > 0) {
    out.push(c.bold('Ruled out before scoring'));
    const byConstraint = new Map<string, { outcomes: string[]; reason: string }>();
    for (const v of d.vetoed) {
      const entry = byConstraint.get(v.constraint) ?? { outcomes: [], reason: v.reason };
      entry.outcomes.push(v.outcome);
      byConstraint.set(v.constraint, entry);
    }
    for (const [id, v] of byConstraint) para(`${v.outcomes.join(', ')}: ${v.reason} ${c.dim(`(${id})`)}`, '  ', '    ');
    out.push('');
  }

  const reasonLines = (rs: readonly Reason[]) => {
    for (const r of rs) {
      const tag = r.contested ? c.yellow(' [contested]') : '';
      const inert = r.ruledOut ? c.dim(`; decided nothing: ${Object.keys(r.effect).join(', ')} ruled out`) : '';
      para(`${c.cyan(r.rule)}${tag}  ${describeEffect(r.effect)} (${describeSignal(r)}${inert})`, '  ', '    ');
      para(r.title, '    ');
      if (r.sources[0]) out.push(`    ${c.dim(r.sources[0])}`);
    }
  };
  const pro = d.reasons.filter((r) => r.stance === 'for');
  const con = d.reasons.filter((r) => r.stance === 'against');
  out.push(c.bold(`Why ${d.recommendation} (for it, by weight)`));
  if (pro.length === 0) para('no rule argues for it beyond the absence of needs: it is the simplest setup that covers what you asked');
  reasonLines(pro);
  out.push('');
  out.push(c.bold(`Against ${d.recommendation} (by weight)`));
  if (con.length === 0) para('nothing');
  reasonLines(con);
  out.push('');

  out.push(c.bold('Products'));
  if (d.products.length === 0) para('none needed: nothing calls in from outside and nothing between services needs a proxy');
  for (const p of d.products) {
    para(`${p.role.padEnd(10)} ${c.bold(p.name)} (${p.id})${p.existing ? c.dim(' already runs here') : ''}`, '  ', '             ');
    para(p.reason, '    ');
    if (p.meets && p.meets.length > 0) para(c.dim(`meets: ${p.meets.join(', ')}`), '    ');
    if (p.unmet && p.unmet.length > 0) para(c.yellow(`does not meet: ${p.unmet.join(', ')} (no product in the catalogue does, here)`), '    ');
    if (p.sources[0]) out.push(`    ${c.dim(p.sources[0])}`);
  }
  out.push('');

  if (d.dataPlaneCost) {
    const cost = d.dataPlaneCost;
    out.push(c.bold(`What the mesh would cost this system (${cost.product ?? cost.kind}, ${cost.kind})`));
    for (const l of cost.lines) {
      para(`${c.bold(l.value)}: ${l.what}`, '  ', '    ');
      if (l.source) para(c.dim(`${l.basis}; ${l.date}; ${l.source}`), '    ');
    }
    if (cost.deepestChain) {
      const latencyShown = cost.lines.some((l) => l.what.includes('deepest chain'));
      para(`deepest call chain: ${cost.deepestChain.services.map(visible).join(' → ')} (${cost.deepestChain.hops} call${cost.deepestChain.hops === 1 ? '' : 's'})${!latencyShown && cost.deepestChain.addedLatency ? `; added latency: ${cost.deepestChain.addedLatency}` : ''}`, '  ', '    ');
    }
    for (const a of cost.assumptions) para(c.dim(`assumed: ${a}`), '  ', '    ');
    out.push('');
  }

  out.push(c.bold('What would change this (most plausible first)'));
  if (d.whatIf.length === 0) para('no single-answer change flips this verdict');
  // At most two changes of the same answer, so five lines show five different levers.
  const perField = new Map<string, number>();
  const shown = d.whatIf.filter((w) => {
    const n = perField.get(w.field) ?? 0;
    perField.set(w.field, n + 1);
    return n < 2;
  }).slice(0, TEXT_WHAT_IF_LIMIT);
  for (const w of shown) {
    para(`- ${describeChange(w, d.answers)}, it would be ${c.bold(w.recommendation)} (${w.recommendation} ${w.scores[w.recommendation]} vs ${d.recommendation} ${w.scores[d.recommendation]})`, '  ', '    ');
  }
  if (d.whatIf.length > shown.length) para(c.dim(`... ${d.whatIf.length - shown.length} more with --format json`));

  if (ctx.inferred && ctx.inferred.length > 0) {
    out.push('');
    out.push(c.bold('Inferred from the architecture'));
    // The input files once; each piece of evidence then names its file below their directory.
    const evidence = evidenceSources(ctx.files);
    if (evidence.line) para(c.dim(visible(evidence.line)), '  ', '    ');
    for (const i of ctx.inferred) para(`${describeAnswer(i.field, d.answers)}  ${c.dim(`(${visible(evidence.shorten(i.because))})`)}`, '  ', '    ');
  }
  if (ctx.defaulted && ctx.defaulted.length > 0) {
    out.push('');
    para(c.bold('Defaults to confirm') + c.dim(' (not in the input; set them in an answers file or with --set)'), '', '  ');
    para(ctx.defaulted.map((f) => describeAnswer(f, d.answers)).join('; '));
  }
  if (d.notes.length > 0) {
    out.push('');
    out.push(c.bold('Notes'));
    for (const n of d.notes) para(`- ${n}`, '  ', '    ');
  }
  return out.join('\n') + '\n';
}
