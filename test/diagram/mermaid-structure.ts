/**
 * A strict reader for the Mermaid subset meshgate writes, used to check diagrams structurally
 * (no Mermaid parser runs in Node without new dependencies). Every line must be one of the
 * statement shapes below or the reader throws, so a label that leaks out of its quotes fails.
 */

export interface ParsedNode {
  id: string;
  shape: string;
  /** The label with entity codes decoded and `<br/>` turned into "\n". */
  label: string;
  group?: string;
}

export interface ParsedEdge {
  from: string;
  to: string;
  arrow: string;
  label?: string;
}

export interface ParsedMermaid {
  nodes: Map<string, ParsedNode>;
  edges: ParsedEdge[];
  groups: Map<string, { label: string; members: string[] }>;
  classes: Map<string, string[]>;
  linkStyles: { indexes: number[]; style: string }[];
}

const ENTITIES: Record<string, string> = { quot: '"', amp: '&', lt: '<', gt: '>' };

/** Decodes Mermaid entity codes (`#quot;`, `#35;`) the way Mermaid does before drawing. */
export function decodeMermaid(text: string): string {
  return text.replace(/#(\w+);/g, (whole, code: string) => {
    if (/^\d+$/.test(code)) return String.fromCodePoint(Number(code));
    return ENTITIES[code] ?? whole;
  });
}

// A quoted label may hold anything but a double quote (Mermaid has no escape for it).
const LABEL = '"([^"]*)"';
const SHAPES: [string, string][] = [['([', '])'], ['{{', '}}'], ['[(', ')]'], ['[/', '/]'], ['[', ']'], ['>', ']']];
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const NODE_RE = new RegExp(`^(n\\d+)(${SHAPES.map(([o, c]) => `${esc(o)}${LABEL}${esc(c)}`).join('|')})$`);

function parseNode(text: string): ParsedNode | undefined {
  const m = NODE_RE.exec(text);
  if (!m) return undefined;
  const raw = m.slice(3).find((x) => x !== undefined) ?? '';
  const shape = SHAPES.find(([o, c]) => m[2]!.startsWith(o) && m[2]!.endsWith(c) && m[2] === `${o}"${raw}"${c}`)!;
  return { id: m[1]!, shape: shape[0], label: decodeMermaid(raw.replace(/<br\/>/g, '\n')) };
}

/** Parses meshgate's Mermaid output; throws on any line it does not recognise. */
export function parseMermaid(text: string): ParsedMermaid {
  const lines = text.split('\n');
  if (lines[0] !== 'flowchart LR') throw new Error(`first line is not "flowchart LR": ${lines[0]}`);
  const out: ParsedMermaid = { nodes: new Map(), edges: [], groups: new Map(), classes: new Map(), linkStyles: [] };
  let group: string | undefined;
  for (const [i, full] of lines.slice(1).entries()) {
    const line = full.trim();
    if (line === '') continue;
    const fail = () => new Error(`line ${i + 2} is not meshgate Mermaid: ${JSON.stringify(full)}`);
    let m: RegExpExecArray | null;
    if ((m = /^subgraph (g\d+)\["([^"]*)"\]$/.exec(line))) {
      if (group) throw fail();
      group = m[1]!;
      out.groups.set(group, { label: decodeMermaid(m[2]!), members: [] });
    } else if (line === 'end') {
      if (!group) throw fail();
      group = undefined;
    } else if ((m = /^(n\d+) (==>|-->|-\.->)(?:\|"([^"]*)"\|)? (n\d+)$/.exec(line))) {
      out.edges.push({ from: m[1]!, arrow: m[2]!, to: m[4]!, ...(m[3] !== undefined ? { label: decodeMermaid(m[3]) } : {}) });
    } else if ((m = /^classDef (\w+) [\w:#,.\- ]+$/.exec(line))) {
      /* style definition */
    } else if ((m = /^class ((?:n\d+,)*n\d+) (\w+)$/.exec(line))) {
      out.classes.set(m[2]!, [...(out.classes.get(m[2]!) ?? []), ...m[1]!.split(',')]);
    } else if ((m = /^style (g\d+) [\w:#,.\- ]+$/.exec(line))) {
      if (!out.groups.has(m[1]!)) throw fail();
    } else if ((m = /^linkStyle ((?:\d+,)*\d+) ([\w:#,.\- ]+)$/.exec(line))) {
      out.linkStyles.push({ indexes: m[1]!.split(',').map(Number), style: m[2]! });
    } else {
      const node = parseNode(line);
      if (!node) throw fail();
      if (out.nodes.has(node.id)) throw new Error(`node ${node.id} declared twice`);
      if (group) {
        node.group = group;
        out.groups.get(group)!.members.push(node.id);
      }
      out.nodes.set(node.id, node);
    }
  }
  if (group) throw new Error(`subgraph ${group} is not closed`);
  for (const e of out.edges) {
    if (!out.nodes.has(e.from) || !out.nodes.has(e.to)) throw new Error(`edge ${e.from} -> ${e.to} names an undeclared node`);
  }
  for (const ls of out.linkStyles) for (const i of ls.indexes) if (i >= out.edges.length) throw new Error(`linkStyle index ${i} out of range`);
  return out;
}

/** The first line of a node's label: the service (or role) name. */
export function nodeName(node: ParsedNode): string {
  return node.label.split('\n')[0]!;
}
