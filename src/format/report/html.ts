/**
 * The decision record as ONE self-contained HTML page: inline CSS, the diagram as inline SVG,
 * no scripts, and nothing fetched when it opens (a Content-Security-Policy of `default-src
 * 'none'` makes the browser refuse anything else, even if a future change slipped a URL in).
 * Every string from the record is HTML-escaped; only http(s) links become anchors.
 */
import type { Block, DecisionRecord, Inline } from './record.js';

export interface HtmlContext {
  /** The topology as an SVG element (no XML declaration or DOCTYPE), from Graphviz. */
  svg?: string;
  /** What the picture leaves out (a simplified topology), or, without an SVG, why there is none. */
  omitted?: string;
  /** The same topology as Mermaid text, offered for copying into other documents. */
  mermaid: string;
}

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

const CSS = `
:root { color-scheme: light; --fg: #1f2937; --muted: #6b7280; --line: #e5e7eb; --accent: #1d4ed8; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: var(--fg); background: #fff; }
main { max-width: 60rem; margin: 0 auto; padding: 2rem 1.25rem 4rem; }
header.meta { display: flex; gap: .75rem; flex-wrap: wrap; color: var(--muted); font-size: .9rem; }
.badge { display: inline-block; padding: .05rem .55rem; border-radius: 999px; background: #fef3c7; color: #92400e; font-weight: 600; }
h1 { font-size: 1.75rem; line-height: 1.25; margin: .5rem 0 1.5rem; }
h2 { font-size: 1.3rem; margin: 2.25rem 0 .75rem; padding-bottom: .3rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.05rem; margin: 1.5rem 0 .5rem; }
table { border-collapse: collapse; margin: .75rem 0; width: 100%; }
th, td { border: 1px solid var(--line); padding: .35rem .6rem; text-align: left; vertical-align: top; }
th { background: #f9fafb; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
code { font: .88em/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #f3f4f6; padding: .05rem .3rem; border-radius: 4px; overflow-wrap: break-word; }
a { color: var(--accent); overflow-wrap: anywhere; }
figure.diagram { margin: 1rem 0; padding: .75rem; border: 1px solid var(--line); border-radius: 8px; overflow-x: auto; }
figure.diagram svg { max-width: 100%; height: auto; }
details { margin: .5rem 0 1rem; }
pre { background: #f9fafb; border: 1px solid var(--line); padding: .75rem; overflow-x: auto; font: .8rem/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
footer { margin-top: 3rem; color: var(--muted); font-size: .85rem; }
@media print { figure.diagram { break-inside: avoid; } a { color: inherit; } }
`;

function inline(parts: Inline[]): string {
  return parts
    .map((p) => {
      if (typeof p === 'string') return escapeHtml(p);
      if ('strong' in p) return `<strong>${escapeHtml(p.strong)}</strong>`;
      if ('code' in p) return `<code>${escapeHtml(p.code)}</code>`;
      return /^https?:\/\//i.test(p.link)
        ? `<a href="${escapeHtml(p.link)}" rel="noreferrer noopener">${escapeHtml(p.text)}</a>`
        : escapeHtml(p.text);
    })
    .join('');
}

function block(b: Block, ctx: HtmlContext): string {
  switch (b.type) {
    case 'paragraph':
      return `<p>${inline(b.content)}</p>`;
    case 'heading':
      return `<h3>${escapeHtml(b.text)}</h3>`;
    case 'list':
      return `<ul>\n${b.items.map((item) => `<li>${inline(item)}</li>`).join('\n')}\n</ul>`;
    case 'table': {
      const head = b.head.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
      const rows = b.rows.map((row) => `<tr>${row.map((cell, i) => `<td${b.align?.[i] === 'right' ? ' class="num"' : ''}>${inline(cell)}</td>`).join('')}</tr>`);
      return `<table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${rows.join('\n')}\n</tbody>\n</table>`;
    }
    case 'diagram':
      return [
        ...(ctx.svg !== undefined ? [`<figure class="diagram" aria-label="Topology diagram">\n${ctx.svg}\n</figure>`] : []),
        ...(ctx.omitted !== undefined || ctx.svg === undefined ? [`<p class="omitted">${escapeHtml(ctx.omitted ?? 'No diagram.')}</p>`] : []),
        `<details><summary>Mermaid source of this diagram</summary>\n<pre>${escapeHtml(ctx.mermaid)}</pre>\n</details>`,
      ].join('\n');
  }
}

/** Renders the record as a standalone HTML document. */
export function renderHtml(record: DecisionRecord, ctx: HtmlContext): string {
  const body: string[] = [
    `<header class="meta"><span class="badge">${escapeHtml(record.status)}</span><span>${escapeHtml(record.date)}</span><span>Architecture Decision Record</span></header>`,
    `<h1>${escapeHtml(record.title)}</h1>`,
  ];
  for (const section of record.sections) {
    body.push(`<section>\n<h2>${escapeHtml(section.title)}</h2>`);
    for (const b of section.blocks) body.push(block(b, ctx));
    body.push('</section>');
  }
  body.push(`<footer>${escapeHtml(record.generatedBy)}</footer>`);
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(record.title)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    '<main>',
    ...body,
    '</main>',
    '</body>',
    '</html>',
  ].join('\n') + '\n';
}
