/**
 * Graphviz DOT text for a topology graph. Ids are the graph's generated ids; labels are DOT
 * quoted strings with backslashes escaped too, because Graphviz gives `\N`, `\G`, `\l` and
 * friends a meaning inside labels.
 */
import type { DiagramNode, EdgeKind, NodeRole, TopologyGraph } from './topology.js';

const NODE_ATTRS: Record<NodeRole, string> = {
  clients: 'shape=oval, fillcolor="#fef3c7", color="#92400e"',
  partners: 'shape=oval, fillcolor="#fef3c7", color="#92400e"',
  gateway: 'shape=hexagon, fillcolor="#ffedd5", color="#c2410c", penwidth=2',
  service: 'shape=box, fillcolor="#dbeafe", color="#1d4ed8"',
  datastore: 'shape=cylinder, fillcolor="#f3f4f6", color="#4b5563"',
  queue: 'shape=parallelogram, fillcolor="#f3f4f6", color="#4b5563"',
  external: 'shape=cds, fillcolor="#ede9fe", color="#6d28d9"',
};

/** DOT attributes per edge kind: thick for north-south, plain for east-west, dotted for data and egress. */
export const DOT_EDGE_ATTRS: Record<EdgeKind, string> = {
  'north-south': 'color="#c2410c", penwidth=3',
  'east-west': 'color="#1d4ed8", penwidth=1.5',
  data: 'color="#6b7280", style=dotted',
  egress: 'color="#7c3aed", style=dotted',
};

/** Quotes text as a DOT string: backslash and double quote escaped, control characters as spaces. */
export function quoteDot(text: string): string {
  const clean = text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').replace(/[\\"]/g, (ch) => `\\${ch}`);
  return `"${clean}"`;
}

function nodeLabel(node: DiagramNode): string {
  // `\n` is added after escaping so that it stays a Graphviz line break.
  const parts = [node.label, ...(node.detail ? [node.detail] : [])].map((p) => quoteDot(p).slice(1, -1));
  return `"${parts.join('\\n')}"`;
}

function nodeLine(node: DiagramNode, indent: string): string {
  const style = node.proposed ? 'style="rounded,filled,dashed"' : 'style="rounded,filled"';
  const cls = [`role-${node.role}`, ...(node.proposed ? ['proposed'] : [])].join(' ');
  return `${indent}${node.id} [label=${nodeLabel(node)}, ${NODE_ATTRS[node.role]}, ${style}, id="${node.id}", class="${cls}"];`;
}

/** Renders the graph as a DOT digraph laid out left to right. */
export function toDot(graph: TopologyGraph): string {
  const lines: string[] = [
    'digraph topology {',
    `  graph [rankdir=LR, fontname="Helvetica", fontsize=12, nodesep=0.4, ranksep=0.9, label=${quoteDot(graph.title)}, labelloc=t];`,
    '  node [fontname="Helvetica", fontsize=11];',
    '  edge [fontname="Helvetica", fontsize=9];',
  ];
  const grouped = new Set(graph.groups.flatMap((g) => g.members));
  for (const node of graph.nodes) if (!grouped.has(node.id)) lines.push(nodeLine(node, '  '));
  const byId = new Map(graph.nodes.map((n) => [n.id, n] as const));
  for (const group of graph.groups) {
    const style = group.kind === 'mesh' ? (group.proposed ? 'rounded,dashed,filled' : 'rounded,filled') : 'rounded,dashed';
    const fill = group.kind === 'mesh' ? ', fillcolor="#eff6ff", color="#1d4ed8"' : ', color="#9ca3af"';
    lines.push(`  subgraph cluster_${group.id} {`);
    lines.push(`    graph [label=${quoteDot(group.label)}, style="${style}"${fill}, id="${group.id}", class="group-${group.kind}"];`);
    for (const id of group.members) lines.push(nodeLine(byId.get(id)!, '    '));
    lines.push('  }');
  }
  for (const edge of graph.edges) {
    const label = edge.label ? `, label=${quoteDot(edge.label)}` : '';
    const dashed = edge.proposed && edge.kind === 'north-south' ? ', style=dashed' : '';
    lines.push(`  ${edge.from} -> ${edge.to} [${DOT_EDGE_ATTRS[edge.kind]}${dashed}${label}, class="edge-${edge.kind}"];`);
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}
