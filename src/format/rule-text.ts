/**
 * Terminal renderings for `meshgate rules` and `meshgate rules show`. Pure.
 */
import { Chalk } from 'chalk';
import Table from 'cli-table3';
import { entryEffect, type CatalogueEntry } from './rule-catalogue.js';

export interface RuleTextContext {
  color: boolean;
}

/** A table of every rule: id, kind, title, effect (score deltas or severity). */
export function formatRuleListText(entries: readonly CatalogueEntry[], ctx: RuleTextContext): string {
  const c = new Chalk({ level: ctx.color ? 1 : 0 });
  const table = new Table({
    head: ['id', 'kind', 'title', 'effect'].map((h) => c.bold(h)),
    style: { head: [], border: [] },
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
  });
  for (const e of entries) {
    const effect = e.kind === 'lint' ? severityColour(c, e.severity ?? '') : entryEffect(e);
    table.push([c.cyan(e.id), e.kind, e.title, effect]);
  }
  const scoring = entries.filter((e) => e.kind === 'scoring').length;
  return `${table.toString()}\n${scoring} scoring rule${scoring === 1 ? '' : 's'}, ${entries.length - scoring} lint rule${entries.length - scoring === 1 ? '' : 's'}. meshgate rules show ID explains one.\n`;
}

function severityColour(c: InstanceType<typeof Chalk>, severity: string): string {
  return severity === 'error' ? c.red(severity) : severity === 'warning' ? c.yellow(severity) : c.blue(severity);
}

/** One rule in full: what it does, why, how to fix (lint), sources. */
export function formatRuleShowText(e: CatalogueEntry, ctx: RuleTextContext): string {
  const c = new Chalk({ level: ctx.color ? 1 : 0 });
  const out: string[] = [];
  out.push(`${c.bold.cyan(e.id)} (${e.kind} rule)${e.contested ? c.yellow(' [contested]') : ''}`);
  out.push(`  ${e.title}`);
  out.push('');
  if (e.kind === 'scoring') {
    out.push(`${c.bold('Factor')}     ${e.factor}`);
    out.push(`${c.bold('Fires when')} ${e.when}`);
    out.push(`${c.bold('Effect')}     ${entryEffect(e)}`);
  } else {
    out.push(`${c.bold('Severity')}   ${severityColour(c, e.severity ?? '')}`);
    out.push(`${c.bold('Check')}      ${e.check}`);
  }
  out.push('');
  out.push(c.bold('Rationale'));
  out.push(indent(e.rationale));
  if (e.remediation) {
    out.push('');
    out.push(c.bold('Remediation'));
    out.push(indent(e.remediation));
  }
  out.push('');
  out.push(c.bold('Sources'));
  for (const s of e.sources) out.push(`  ${s}`);
  return out.join('\n') + '\n';
}

function indent(text: string): string {
  const words = text.replace(/\s+/g, ' ').trim().split(' ');
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line && line.length + w.length + 1 > 96) {
      lines.push(line);
      line = w;
    } else {
      line = line ? `${line} ${w}` : w;
    }
  }
  if (line) lines.push(line);
  return lines.map((l) => `  ${l}`).join('\n');
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

/** Up to three ids closest to a mistyped one: containing it first, then by edit distance. */
export function closestIds(wanted: string, ids: readonly string[]): string[] {
  const w = wanted.toLowerCase();
  return ids
    .map((id) => ({ id, score: id.includes(w) || w.includes(id) ? Math.abs(id.length - w.length) / 100 : distance(w, id) }))
    .filter((x) => x.score <= Math.max(3, Math.floor(w.length / 2)))
    .sort((a, b) => a.score - b.score || a.id.localeCompare(b.id))
    .slice(0, 3)
    .map((x) => x.id);
}
