/**
 * Mermaid flowchart text for a topology graph. Ids are the graph's generated ids; every label
 * is double-quoted with Mermaid's entity codes for the characters that would end or reinterpret
 * a quoted label, so user names cannot change the chart's structure.
 */
import type { DiagramNode, EdgeKind, NodeRole, TopologyGraph } from './topology.js';

/** Mermaid arrow per edge kind: thick for north-south, plain for east-west, dotted for data and egress. */
export const MERMAID_ARROWS: Record<EdgeKind, string> = {
  'north-south': '==>',
  'east-west': '-->',
  data: '-.->',
  egress: '-.->',
};

const EDGE_STYLE: Record<EdgeKind, string> = {
  'north-south': 'stroke:#c2410c,stroke-width:3px',
  'east-west': 'stroke:#1d4ed8,stroke-width:1.5px',
  data: 'stroke:#6b7280,stroke-width:1px',
  egress: 'stroke:#7c3aed,stroke-width:1px',
};

const SHAPES: Record<NodeRole, [string, string]> = {
  clients: ['([', '])'],
  partners: ['([', '])'],
  gateway: ['{{', '}}'],
  service: ['[', ']'],
  datastore: ['[(', ')]'],
  queue: ['[/', '/]'],
  external: ['>', ']'],
};

const CLASS_DEFS: Record<string, string> = {
  outside: 'fill:#fef3c7,stroke:#92400e',
  gateway: 'fill:#ffedd5,stroke:#c2410c,stroke-width:2px',
  service: 'fill:#dbeafe,stroke:#1d4ed8',
  data: 'fill:#f3f4f6,stroke:#4b5563',
  external: 'fill:#ede9fe,stroke:#6d28d9',
  proposed: 'stroke-dasharray:6 4',
};

const ROLE_CLASS: Record<NodeRole, string> = {
  clients: 'outside',
  partners: 'outside',
  gateway: 'gateway',
  service: 'service',
  datastore: 'data',
  queue: 'data',
  external: 'external',
};

/**
 * Escapes text for a double-quoted Mermaid label in one pass (so the `#` of an entity code is
 * never escaped again); control characters and line breaks become spaces.
 */
export function escapeMermaidLabel(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').replace(/[#"&<>`|]/g, (ch) => MERMAID_ENTITIES[ch]!);
}

const MERMAID_ENTITIES: Record<string, string> = {
  '#': '#35;', '"': '#quot;', '&': '#amp;', '<': '#lt;', '>': '#gt;', '`': '#96;', '|': '#124;',
};

function nodeText(node: DiagramNode): string {
  const label = escapeMermaidLabel(node.label);
  return node.detail ? `${label}<br/>${escapeMermaidLabel(node.detail)}` : label;
}

function nodeLine(node: DiagramNode, indent: string): string {
  const [open, close] = SHAPES[node.role];
  return `${indent}${node.id}${open}"${nodeText(node)}"${close}`;
}

/** Renders the graph as a Mermaid `flowchart LR`. */
export function toMermaid(graph: TopologyGraph): string {
  const lines: string[] = ['flowchart LR'];
  const grouped = new Set(graph.groups.flatMap((g) => g.members));
  for (const node of graph.nodes) if (!grouped.has(node.id)) lines.push(nodeLine(node, '  '));
  const byId = new Map(graph.nodes.map((n) => [n.id, n] as const));
  for (const group of graph.groups) {
    lines.push(`  subgraph ${group.id}["${escapeMermaidLabel(group.label)}"]`);
    for (const id of group.members) lines.push(nodeLine(byId.get(id)!, '    '));
    lines.push('  end');
  }
  for (const edge of graph.edges) {
    const arrow = MERMAID_ARROWS[edge.kind];
    const label = edge.label ? `|"${escapeMermaidLabel(edge.label)}"|` : '';
    lines.push(`  ${edge.from} ${arrow}${label} ${edge.to}`);
  }

  for (const [name, style] of Object.entries(CLASS_DEFS)) lines.push(`  classDef ${name} ${style}`);
  // Lists grow in place: copying them per node made 5,000 services take two seconds.
  const classMembers = new Map<string, string[]>();
  const addTo = <K, V>(map: Map<K, V[]>, key: K, value: V): void => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };
  for (const node of graph.nodes) {
    addTo(classMembers, ROLE_CLASS[node.role], node.id);
    if (node.proposed) addTo(classMembers, 'proposed', node.id);
  }
  for (const [name, ids] of classMembers) lines.push(`  class ${ids.join(',')} ${name}`);

  for (const group of graph.groups) {
    const dash = group.proposed || group.kind === 'no-mesh' ? ',stroke-dasharray:6 4' : '';
    const fill = group.kind === 'mesh' ? 'fill:#eff6ff,stroke:#1d4ed8' : 'fill:#fafafa,stroke:#9ca3af';
    lines.push(`  style ${group.id} ${fill}${dash}`);
  }
  const kinds = new Map<EdgeKind, number[]>();
  graph.edges.forEach((edge, i) => addTo(kinds, edge.kind, i));
  for (const [kind, indexes] of kinds) lines.push(`  linkStyle ${indexes.join(',')} ${EDGE_STYLE[kind]}`);
  return lines.join('\n') + '\n';
}
