/**
 * Renderings of the gateway-versus-mesh comparison. Pure.
 */
import { Chalk } from 'chalk';
import Table from 'cli-table3';
import type { ComparisonRow, ComparisonSource } from '../core/comparison.js';
import { wrapWords } from './text-width.js';

function usedSources(rows: readonly ComparisonRow[], sources: readonly ComparisonSource[]): ComparisonSource[] {
  const used = new Set(rows.flatMap((r) => r.sources));
  return sources.filter((s) => used.has(s.id));
}

/**
 * A cli-table3 table (aspect | API gateway | service mesh | sources) and the source list, fitted
 * to `width` (Io.columns: the terminal's width, or COLUMNS). Without a width (piped) every cell
 * stays on one line, so the output greps well.
 */
export function formatComparisonText(rows: readonly ComparisonRow[], sources: readonly ComparisonSource[], ctx: { color: boolean; width?: number }): string {
  const c = new Chalk({ level: ctx.color ? 1 : 0 });
  const sourceCol = Math.max(...rows.map((r) => r.sources.join(' ').length)) + 2;
  // Borders take 5 columns; the two text columns share what is left after aspect and sources.
  const textCol = ctx.width === undefined ? undefined : Math.max(12, Math.floor((ctx.width - 18 - sourceCol - 5) / 2));
  const table = new Table({
    head: ['', 'API gateway', 'Service mesh', 'Sources'].map((h) => c.bold(h)),
    ...(textCol !== undefined ? { colWidths: [18, textCol, textCol, sourceCol], wordWrap: true } : {}),
    style: { head: [], border: [] },
  });
  for (const r of rows) table.push([c.bold(r.aspect), r.gateway, r.mesh, r.sources.join(' ')]);
  const out = [table.toString(), '', c.bold('Sources')];
  for (const s of usedSources(rows, sources)) {
    const title = `  ${s.id.padEnd(4)} ${s.title}`;
    out.push(ctx.width === undefined ? title : wrapWords(title, ctx.width, '       '));
    out.push(`       ${c.dim(s.url)}`);
  }
  return out.join('\n') + '\n';
}

/** `compare --format json`: rows with their sources resolved. */
export function comparisonToJson(rows: readonly ComparisonRow[], sources: readonly ComparisonSource[]): unknown {
  const byId = new Map(sources.map((s) => [s.id, s]));
  return {
    rows: rows.map((r) => ({ aspect: r.aspect, gateway: r.gateway, mesh: r.mesh, sources: r.sources.map((id) => byId.get(id)!) })),
  };
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** A Markdown table and numbered source list. */
export function formatComparisonMarkdown(rows: readonly ComparisonRow[], sources: readonly ComparisonSource[]): string {
  const out = ['| | API gateway | Service mesh | Sources |', '|---|---|---|---|'];
  for (const r of rows) out.push(`| **${cell(r.aspect)}** | ${cell(r.gateway)} | ${cell(r.mesh)} | ${r.sources.join(', ')} |`);
  out.push('');
  for (const s of usedSources(rows, sources)) out.push(`- **${s.id}** ${s.title}: <${s.url}>`);
  return out.join('\n') + '\n';
}
