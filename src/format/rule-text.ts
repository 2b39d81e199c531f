/**
 * Terminal renderings for `meshgate rules` and `meshgate rules show`. Pure. Both fit
 * `columns` (the terminal's width; no limit when piped): tables keep every id whole and shorten
 * titles and effects with an ellipsis, paragraphs wrap at words.
 */
import { Chalk } from 'chalk';
import Table from 'cli-table3';
import { entryEffect, type CatalogueEntry } from './rule-catalogue.js';
import { wrapWords } from './text-width.js';
import { editDistance } from '../core/lint/closest.js';

export interface RuleTextContext {
  color: boolean;
  /** Width to fit (Io.columns); undefined = no limit. */
  columns?: number;
}

const KIND_HEADINGS: Record<CatalogueEntry['kind'], string> = {
  scoring: 'Scoring rules (layer, points and signal)',
  constraint: 'Constraints (checked before scoring)',
  lint: 'Lint rules',
};

/** One table per kind of rule: id, title, effect (layer and points, what a constraint removes, or severity). */
export function formatRuleListText(entries: readonly CatalogueEntry[], ctx: RuleTextContext): string {
  const c = new Chalk({ level: ctx.color ? 1 : 0 });
  const out: string[] = [];
  for (const kind of ['scoring', 'constraint', 'lint'] as const) {
    const group = entries.filter((e) => e.kind === kind);
    if (group.length === 0) continue;
    const effects = group.map((e) => (e.kind === 'lint' ? e.severity ?? '' : entryEffect(e)));
    const idWidth = Math.max(2, ...group.map((e) => e.id.length)) + 2;
    let widths: number[] | undefined;
    if (ctx.columns !== undefined) {
      // Borders take 4 columns; the id stays whole, title and effect share the rest.
      const rest = Math.max(24, ctx.columns - 4 - idWidth);
      const heading = kind === 'lint' ? 'severity' : 'effect';
      const effectWidth = Math.min(Math.max(heading.length, ...effects.map((x) => x.length)) + 2, Math.max(10, Math.floor(rest * 0.4)));
      widths = [idWidth, rest - effectWidth, effectWidth];
    }
    const table = new Table({
      head: ['id', 'title', kind === 'lint' ? 'severity' : 'effect'].map((h) => c.bold(h)),
      style: { head: [], border: [] },
      chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
      ...(widths ? { colWidths: widths, wordWrap: false } : {}),
    });
    group.forEach((e, i) => table.push([c.cyan(e.id), e.title, e.kind === 'lint' ? severityColour(c, effects[i]!) : effects[i]!]));
    out.push(c.bold(KIND_HEADINGS[kind]), table.toString(), '');
  }
  const count = (k: CatalogueEntry['kind'], one: string) => {
    const n = entries.filter((e) => e.kind === k).length;
    return `${n} ${one}${n === 1 ? '' : 's'}`;
  };
  const summary = `${count('scoring', 'scoring rule')}, ${count('constraint', 'constraint')}, ${count('lint', 'lint rule')}. meshgate rules show ID explains one.`;
  out.push(ctx.columns === undefined ? summary : wrapWords(summary, ctx.columns, ''));
  return out.join('\n') + '\n';
}

function severityColour(c: InstanceType<typeof Chalk>, severity: string): string {
  return severity === 'error' ? c.red(severity) : severity === 'warning' ? c.yellow(severity) : c.blue(severity);
}

/** One rule in full: what it does, why, how to fix (lint), sources. */
export function formatRuleShowText(e: CatalogueEntry, ctx: RuleTextContext): string {
  const c = new Chalk({ level: ctx.color ? 1 : 0 });
  const out: string[] = [];
  out.push(`${c.bold.cyan(e.id)} (${e.kind === 'constraint' ? 'constraint' : `${e.kind} rule`})${e.contested ? c.yellow(' [contested]') : ''}`);
  out.push(indent(e.title, ctx.columns));
  out.push('');
  const field = (label: string, value: string) => out.push(`${c.bold(label.padEnd(10))} ${ctx.columns === undefined ? value : wrapWords(value, ctx.columns - 11, ' '.repeat(11))}`);
  if (e.kind === 'scoring') {
    field('Factor', e.factor ?? '');
    field('Fires when', e.when ?? '');
    field('Layer', `${e.layer} (${e.layer === 'edge' ? 'counted in gateway and both' : 'counted in mesh and both'})`);
    field('Signal', `${e.signal}: ${SIGNAL_MEANING[e.signal ?? 'hard']}`);
    field('Points', `${(e.points ?? 0) > 0 ? '+' : ''}${e.points}`);
  } else if (e.kind === 'constraint') {
    field('Factor', e.factor ?? '');
    field('Applies', e.when ?? '');
    field('Effect', e.removes ?? '');
  } else {
    field('Severity', `${severityColour(c, e.severity ?? '')}${e.disabledByDefault ? ` (off by default: ${e.disabledByDefault})` : ''}`);
    field('Check', e.check ?? '');
  }
  out.push('');
  out.push(c.bold('Rationale'));
  out.push(indent(e.rationale, ctx.columns));
  if (e.remediation) {
    out.push('');
    out.push(c.bold('Remediation'));
    out.push(indent(e.remediation, ctx.columns));
  }
  out.push('');
  out.push(c.bold('Sources'));
  for (const s of e.sources) out.push(`  ${s}`);
  return out.join('\n') + '\n';
}

const SIGNAL_MEANING: Record<string, string> = {
  hard: 'a need that on its own justifies the layer',
  soft: 'a need other tools also meet',
  adjust: 'counts only when the layer has a need',
  against: 'a cost, counted only when the layer has a need',
};

/** A paragraph indented by two spaces, wrapped to the width when there is one. */
function indent(text: string, columns: number | undefined): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return columns === undefined ? `  ${flat}` : `  ${wrapWords(flat, columns - 2, '  ')}`;
}

/** Up to three ids closest to a mistyped one: containing it first, then by edit distance. */
export function closestIds(wanted: string, ids: readonly string[]): string[] {
  const w = wanted.toLowerCase();
  return ids
    .map((id) => ({ id, score: id.includes(w) || w.includes(id) ? Math.abs(id.length - w.length) / 100 : editDistance(w, id) }))
    .filter((x) => x.score <= Math.max(3, Math.floor(w.length / 2)))
    .sort((a, b) => a.score - b.score || a.id.localeCompare(b.id))
    .slice(0, 3)
    .map((x) => x.id);
}
