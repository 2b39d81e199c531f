/**
 * Generated blocks inside hand-written docs pages (and README.md). `npm run docs` fills the text
 * between a marker and its end marker, so prose stays hand-written and what shows real output or
 * data is always regenerated:
 *
 *   <!-- docs:run columns=100
 *   $ meshgate recommend answers.yaml
 *   -->
 *   ...a fenced block with each command and its output (stdout and stderr as a terminal shows them)...
 *   <!-- /docs:run -->
 *
 *   <!-- docs:file test/fixtures/generate/shop.yaml lang=yaml -->
 *   ...a fenced block with the file's text...
 *   <!-- /docs:file -->
 *
 * Options: `columns=N` (the terminal width the commands see; without it output is piped, whole
 * lines), `lang=L` (the fence's language; `console` for runs, `yaml` for files by default),
 * `prompt=no` (runs: show only the output, not the `$ command` lines), `cwd=DIR` (runs: the folder,
 * relative to the repository, the commands run in, e.g. the fixture folder an example lives in).
 * Pure: text in, text out.
 */

export interface RunBlock {
  kind: 'run';
  commands: string[];
  columns?: number;
  /** Folder (relative to the repository) the commands run in; the scratch folder by default. */
  cwd?: string;
  lang: string;
  prompt: boolean;
}

export interface FileBlock {
  kind: 'file';
  path: string;
  lang: string;
}

export type DocBlock = RunBlock | FileBlock;

/** A block found in a page: where its generated body starts and ends, and what fills it. */
export interface FoundBlock {
  block: DocBlock;
  /** Offset just after the opening marker's line. */
  bodyStart: number;
  /** Offset of the closing marker. */
  bodyEnd: number;
  /** 1-based line of the opening marker, for messages. */
  line: number;
}

const OPEN = /<!-- docs:(run|file)\b([^\n]*?)(?:\n([\s\S]*?))?-->\n/g;

function options(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.matchAll(/(\w+)=(\S+)/g)) out.set(m[1]!, m[2]!);
  return out;
}

/** Every block in the text, in order; throws on a marker without its end marker. */
export function findBlocks(text: string, name = 'page'): FoundBlock[] {
  const found: FoundBlock[] = [];
  for (const m of text.matchAll(OPEN)) {
    const kind = m[1] as 'run' | 'file';
    const head = m[2]!.trim();
    const bodyStart = m.index + m[0].length;
    const close = `<!-- /docs:${kind} -->`;
    const bodyEnd = text.indexOf(close, bodyStart);
    const line = text.slice(0, m.index).split('\n').length;
    if (bodyEnd < 0) throw new Error(`${name}:${line}: <!-- docs:${kind} --> has no ${close}`);
    const opts = options(head);
    if (kind === 'run') {
      const commands = (m[3] ?? '').split('\n').map((l) => l.trim()).filter((l) => l.startsWith('$ ')).map((l) => l.slice(2));
      if (commands.length === 0) throw new Error(`${name}:${line}: <!-- docs:run --> names no "$ command" line`);
      const columns = opts.has('columns') ? Number(opts.get('columns')) : undefined;
      const cwd = opts.get('cwd');
      if (cwd !== undefined && (cwd.startsWith('/') || cwd.split('/').includes('..'))) throw new Error(`${name}:${line}: <!-- docs:run cwd=${cwd} --> must name a folder inside the repository`);
      found.push({ block: { kind, commands, columns, ...(cwd !== undefined ? { cwd } : {}), lang: opts.get('lang') ?? 'console', prompt: opts.get('prompt') !== 'no' }, bodyStart, bodyEnd, line });
    } else {
      const path = head.split(/\s+/)[0] ?? '';
      if (!path || path.includes('=')) throw new Error(`${name}:${line}: <!-- docs:file PATH --> names no file`);
      found.push({ block: { kind, path, lang: opts.get('lang') ?? (/\.ya?ml$/.test(path) ? 'yaml' : '') }, bodyStart, bodyEnd, line });
    }
  }
  return found;
}

/** A fence long enough for its content (a body holding ``` gets ````). */
export function fenced(body: string, lang: string): string {
  const longest = Math.max(2, ...[...body.matchAll(/^`{3,}/gm)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${lang}\n${body.replace(/\n+$/, '')}\n${fence}\n`;
}

/** The body of a run block from each command's output. */
export function runBody(block: RunBlock, outputs: readonly string[]): string {
  const parts: string[] = [];
  block.commands.forEach((cmd, i) => {
    if (block.prompt) parts.push(`$ ${cmd}`);
    const out = (outputs[i] ?? '').replace(/\n+$/, '');
    if (out) parts.push(out);
  });
  return fenced(parts.join('\n'), block.lang);
}

/** The text with every block's body replaced by `bodies[i]`. */
export function replaceBlocks(text: string, found: readonly FoundBlock[], bodies: readonly string[]): string {
  let out = '';
  let at = 0;
  found.forEach((f, i) => {
    out += text.slice(at, f.bodyStart) + bodies[i]!;
    at = f.bodyEnd;
  });
  return out + text.slice(at);
}
