/**
 * The decision record as Markdown (MADR layout, GitHub-flavoured tables), with the topology as
 * a fenced `mermaid` block that GitHub and GitLab draw in place. Every string from the input is
 * escaped so that a service called `*x*|<b>` stays literal text.
 */
import type { Block, DecisionRecord, Inline } from './record.js';

export interface MarkdownContext {
  /** The topology as Mermaid flowchart text. */
  mermaid: string;
  /** Number of edges in the chart, to warn when Mermaid's default limits will refuse it. */
  edges?: number;
}

/** Mermaid's default `maxTextSize` and `maxEdges`; renderers such as GitHub's keep them. */
export const MERMAID_LIMITS = { text: 50_000, edges: 500 } as const;

/**
 * Escapes text so Markdown shows it literally, also inside a GFM table cell. Only characters
 * that can start inline syntax mid-line are escaped (so the file stays readable as plain text);
 * `<` and `&` become entities so no HTML or entity reaches the renderer.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ')
    .replace(/[\\`*_[\]|~<>&]/g, (ch) => (ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : ch === '&' ? '&amp;' : `\\${ch}`));
}

/** Escapes what would turn the start of a line into a heading, list, quote or thematic break. */
function escapeLineStart(line: string): string {
  return line.replace(/^(\s*)([#+=-])/, '$1\\$2').replace(/^(\s*\d+)([.)])/, '$1\\$2');
}

/** A code span that survives backticks in its content (CommonMark: a longer fence). */
function codeSpan(text: string, inTable: boolean): string {
  const clean = text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ');
  const longest = Math.max(0, ...(clean.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = clean.startsWith('`') || clean.endsWith('`') || clean === '' ? ' ' : '';
  // GFM splits table cells on `|` even inside code spans; `\|` is its documented escape there.
  const body = inTable ? clean.replace(/\|/g, '\\|') : clean;
  return `${fence}${pad}${body}${pad}${fence}`;
}

function linkTarget(url: string): string {
  return url.replace(/[\s<>()\\]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

function inline(parts: Inline[], inTable = false): string {
  return parts
    .map((p) => {
      if (typeof p === 'string') return escapeMarkdown(p);
      if ('strong' in p) return `**${escapeMarkdown(p.strong)}**`;
      if ('code' in p) return codeSpan(p.code, inTable);
      if (p.text === p.link && /^https?:\/\/[^\s<>]+$/i.test(p.link)) return `<${p.link}>`;
      return `[${escapeMarkdown(p.text)}](${linkTarget(p.link)})`;
    })
    .join('');
}

function block(b: Block, ctx: MarkdownContext): string {
  switch (b.type) {
    case 'paragraph':
      return escapeLineStart(inline(b.content));
    case 'heading':
      return `### ${escapeMarkdown(b.text)}`;
    case 'list':
      return b.items.map((item) => `* ${inline(item)}`).join('\n');
    case 'table': {
      const head = `| ${b.head.map((h) => escapeMarkdown(h)).join(' | ')} |`;
      const rule = `|${b.head.map((_, i) => (b.align?.[i] === 'right' ? '---:' : '---')).join('|')}|`;
      const rows = b.rows.map((row) => `| ${row.map((cell) => inline(cell, true)).join(' | ')} |`);
      return [head, rule, ...rows].join('\n');
    }
    case 'diagram': {
      const fence = '```mermaid\n' + ctx.mermaid.trimEnd() + '\n```';
      const tooBig = ctx.mermaid.length > MERMAID_LIMITS.text || (ctx.edges ?? 0) > MERMAID_LIMITS.edges;
      return tooBig
        ? `*This chart is over Mermaid's default limits (${MERMAID_LIMITS.text} characters, ${MERMAID_LIMITS.edges} edges), so renderers such as GitHub's will not draw it; \`meshgate diagram -f svg\` draws it instead.*\n\n${fence}`
        : fence;
    }
  }
}

/** Renders the record as a Markdown file ready to commit next to the code. */
export function renderMarkdown(record: DecisionRecord, ctx: MarkdownContext): string {
  const out: string[] = [
    '---',
    `status: ${record.status}`,
    `date: ${record.date}`,
    '---',
    '',
    `# ${escapeMarkdown(record.title)}`,
  ];
  for (const section of record.sections) {
    out.push('', `## ${escapeMarkdown(section.title)}`);
    for (const b of section.blocks) out.push('', block(b, ctx));
  }
  out.push('', '---', '', `*${escapeMarkdown(record.generatedBy)}*`);
  return out.join('\n') + '\n';
}
