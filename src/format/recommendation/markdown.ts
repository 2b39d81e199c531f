/**
 * A Markdown block to paste into a design doc or ADR. Text that comes from the user's input
 * (file names, inferred-answer explanations) is escaped.
 */
import type { Decision } from '../../core/types.js';
import {
  OUTCOME_MEANING, OUTCOME_ORDER, TIER_NAMES, describeAnswer, describeChange, describeEffect, describeSignal, evidenceSources, type RecommendationContext,
} from './describe.js';

/** Escapes text for inline Markdown (and table cells). */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+!|<>~]/g, (ch) => `\\${ch}`).replace(/\r?\n/g, ' ');
}

function link(url: string): string {
  return `<${url.replace(/[<>\s]/g, encodeURIComponent)}>`;
}

/** Renders a decision as Markdown. */
export function formatRecommendationMarkdown(decision: Decision, ctx: RecommendationContext): string {
  const d = decision;
  const out: string[] = [];
  out.push(`### Gateway / mesh decision${ctx.source ? ` for ${escapeMarkdown(ctx.source)}` : ''}`);
  out.push('');
  out.push(`**Recommendation: ${d.recommendation}**: ${OUTCOME_MEANING[d.recommendation]}.`);
  out.push(
    !d.runnerUpReal
      ? `No real alternative: nothing calls for ${d.runnerUp === 'gateway' ? 'a gateway' : d.runnerUp === 'mesh' ? 'a mesh' : d.runnerUp}, or it is ruled out.`
      : d.close
        ? `*Close call*: the runner-up, **${d.runnerUp}**, is ${d.margin === 0 ? 'tied (ties go to the simpler setup)' : `${d.margin} point${d.margin === 1 ? '' : 's'} behind`}; ${d.closeBecause.map(escapeMarkdown).join('; ')}.`
        : `Runner-up: ${d.runnerUp}, ${d.margin} point${d.margin === 1 ? '' : 's'} behind.`,
  );
  out.push('');
  out.push(`- **Edge**: ${TIER_NAMES[d.layers.edge.tier] ?? d.layers.edge.tier}. ${d.layers.edge.summary}`);
  out.push(`- **Between services**: ${TIER_NAMES[d.layers.mesh.tier] ?? d.layers.mesh.tier}. ${d.layers.mesh.summary}`);
  out.push('');
  out.push('| Outcome | Score | What you would run |');
  out.push('|---|---:|---|');
  const vetoed = new Map(d.vetoed.map((v) => [v.outcome, v]));
  for (const o of OUTCOME_ORDER) {
    const v = vetoed.get(o);
    out.push(`| ${o === d.recommendation ? `**${o}**` : o} | ${d.scores[o]} | ${OUTCOME_MEANING[o]}${v ? ` (ruled out: ${v.title.replace(/^./, (ch) => ch.toLowerCase())})` : ''} |`);
  }
  out.push('');
  for (const [heading, stance] of [[`Why ${d.recommendation}`, 'for'], [`Against ${d.recommendation}`, 'against']] as const) {
    out.push(`#### ${heading}`);
    out.push('');
    const rs = d.reasons.filter((r) => r.stance === stance);
    for (const r of rs) {
      out.push(`- \`${r.rule}\` (${describeEffect(r.effect)}, ${describeSignal(r)}${r.ruledOut ? `; decided nothing: ${Object.keys(r.effect).join(', ')} ruled out` : ''})${r.contested ? ' *contested*' : ''}: ${r.rationale} Sources: ${r.sources.map(link).join(', ')}`);
    }
    if (rs.length === 0) out.push(stance === 'for' ? '- No rule argues for it beyond the absence of needs.' : '- Nothing.');
    out.push('');
  }
  if (d.vetoed.length > 0) {
    out.push('#### Ruled out before scoring');
    out.push('');
    for (const v of d.vetoed) out.push(`- **${v.outcome}** (\`${v.constraint}\`): ${v.reason}`);
    out.push('');
  }
  out.push('#### Products');
  out.push('');
  if (d.products.length === 0) out.push('- None needed.');
  for (const p of d.products) out.push(`- **${p.name}** (\`${p.id}\`, ${p.role}${p.existing ? ', already runs here' : ''}): ${p.reason}${p.unmet && p.unmet.length > 0 ? ` Does not meet: ${p.unmet.join(', ')}.` : ''} Sources: ${p.sources.map(link).join(', ')}`);
  if (d.dataPlaneCost) {
    out.push('');
    out.push('#### What the mesh would cost this system');
    out.push('');
    for (const l of d.dataPlaneCost.lines) out.push(`- **${escapeMarkdown(l.value)}**: ${escapeMarkdown(l.what)}${l.source ? ` (${escapeMarkdown(l.basis)}; ${escapeMarkdown(l.date)}; ${link(l.source)})` : ''}`);
    if (d.dataPlaneCost.deepestChain) out.push(`- Deepest call chain: ${d.dataPlaneCost.deepestChain.services.map(escapeMarkdown).join(' → ')} (${d.dataPlaneCost.deepestChain.hops} calls)`);
    for (const a of d.dataPlaneCost.assumptions) out.push(`- Assumed: ${escapeMarkdown(a)}`);
  }
  if (d.whatIf.length > 0) {
    out.push('');
    out.push('#### What would change this');
    out.push('');
    for (const w of d.whatIf.slice(0, 10)) out.push(`- ${escapeMarkdown(describeChange(w, d.answers))}: **${w.recommendation}**`);
  }
  if (ctx.inferred && ctx.inferred.length > 0) {
    out.push('');
    out.push('#### Inferred from the architecture');
    out.push('');
    const evidence = evidenceSources(ctx.files);
    if (evidence.line) {
      out.push(escapeMarkdown(evidence.line));
      out.push('');
    }
    for (const i of ctx.inferred) out.push(`- ${escapeMarkdown(describeAnswer(i.field, d.answers))} (${escapeMarkdown(evidence.shorten(i.because))})`);
  }
  if (ctx.defaulted && ctx.defaulted.length > 0) {
    out.push('');
    out.push(`#### Defaults to confirm`);
    out.push('');
    out.push(ctx.defaulted.map((f) => `\`${describeAnswer(f, d.answers)}\``).join(', '));
  }
  if (d.notes.length > 0) {
    out.push('');
    out.push('#### Notes');
    out.push('');
    for (const n of d.notes) out.push(`- ${n}`);
  }
  out.push('');
  out.push('*Generated by meshgate; scores are guidance with sources, not a verdict.*');
  return out.join('\n') + '\n';
}
