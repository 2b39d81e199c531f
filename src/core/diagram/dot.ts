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

/** Outline of mesh members when the mesh cannot be drawn as a cluster (the "flat" tier). */
const FLAT_MESH_OUTLINE = 'color="#1d4ed8", penwidth=2.5';

/** Quotes text as a DOT string: backslash and double quote escaped, control characters as spaces. */
export function quoteDot(text: string): string {
  const clean = text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').replace(/[\\"]/g, (ch) => `\\${ch}`);
  return `"${clean}"`;
}

/** A DOT string of several lines: each part escaped, joined by Graphviz's own `\n` line break. */
function dotLines(parts: string[]): string {
  return `"${parts.map((p) => quoteDot(p).slice(1, -1)).join('\\n')}"`;
}

function nodeLine(node: DiagramNode, indent: string, inFlatMesh = false): string {
  const style = node.proposed ? 'style="rounded,filled,dashed"' : 'style="rounded,filled"';
  const cls = [`role-${node.role}`, ...(node.proposed ? ['proposed'] : []), ...(inFlatMesh ? ['in-mesh'] : [])].join(' ');
  const outline = inFlatMesh ? `, ${FLAT_MESH_OUTLINE}` : '';
  const label = dotLines([node.label, ...(node.detail ? [node.detail] : [])]);
  return `${indent}${node.id} [label=${label}, ${NODE_ATTRS[node.role]}${outline}, ${style}, id="${node.id}", class="${cls}"];`;
}

/**
 * How much layout effort Graphviz may spend. dot's crossing minimisation and spline routing grow
 * much faster than linear with the number of edges, and clusters multiply the cost (measured with
 * @viz-js/viz: 200 services with 600 calls took 7 s with clusters at default settings, 1.8 s with
 * the "fast" limits; 500 services with 1,500 calls took 200 s with clusters even with those limits,
 * 5 s without clusters). Measured again on a busy two-core machine (issue 16: "HTML and SVG fail at
 * about 300 services"), the benchmark's shape of four random calls per service took 4.2 s in the
 * fast tier at 589 edges, and 10 s in the flat tier at 1,200 edges (300 services), where sfdp took
 * 0.25 s. So: full quality for the sizes people draw by hand, then straight edges and capped
 * iterations, then boundaries drawn as node outlines instead of clusters, and from 600 edges a
 * force-directed layout. Beyond DETAIL_LIMIT services the picture is grouped (simplify.ts).
 */
export type LayoutTier = 'full' | 'fast' | 'flat' | 'force';

/** Edge counts above which the next tier is used. */
export const LAYOUT_TIER_EDGES = { fast: 150, flat: 400, force: 600 } as const;

/** The layout tier for a graph, from its number of edges. */
export function layoutTier(graph: TopologyGraph): LayoutTier {
  if (graph.edges.length > LAYOUT_TIER_EDGES.force) return 'force';
  if (graph.edges.length > LAYOUT_TIER_EDGES.flat) return 'flat';
  if (graph.edges.length > LAYOUT_TIER_EDGES.fast) return 'fast';
  return 'full';
}

const TIER_ATTRS: Record<LayoutTier, string> = {
  full: '',
  fast: ', splines=line, mclimit=0.1, nslimit=1, nslimit1=1, remincross=false',
  flat: ', splines=line, mclimit=0.001, nslimit=0.01, nslimit1=0.01, remincross=false, searchsize=2',
  // Beyond this even a flat dot layout takes minutes; sfdp (multilevel force-directed) takes about a
  // second for 2,000 services. overlap_shrink=false because shrinking needs a triangulation library
  // the WebAssembly build lacks.
  force: ', layout=sfdp, overlap=scale, overlap_shrink=false, sep="+10", splines=line',
};

/** Renders the graph as a DOT digraph laid out left to right. */
export function toDot(graph: TopologyGraph): string {
  const tier = layoutTier(graph);
  const flat = tier === 'flat' || tier === 'force';
  const flatGroups = flat ? graph.groups.filter((g) => g.kind === 'mesh') : [];
  const title = dotLines([graph.title, ...flatGroups.map((g) => `${g.label}: services with a thick blue outline`), ...(graph.note ?? [])]);
  const lines: string[] = [
    'digraph topology {',
    `  graph [rankdir=LR, fontname="Helvetica", fontsize=12, nodesep=0.4, ranksep=0.9, label=${title}, labelloc=t${TIER_ATTRS[tier]}];`,
    '  node [fontname="Helvetica", fontsize=11];',
    '  edge [fontname="Helvetica", fontsize=9];',
  ];
  if (flat) {
    const inMesh = new Set(flatGroups.flatMap((g) => g.members));
    for (const node of graph.nodes) lines.push(nodeLine(node, '  ', inMesh.has(node.id)));
  } else {
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
  }
  for (const edge of graph.edges) {
    const label = edge.label ? `, label=${quoteDot(edge.label)}` : '';
    const dashed = edge.proposed && edge.kind === 'north-south' ? ', style=dashed' : '';
    lines.push(`  ${edge.from} -> ${edge.to} [${DOT_EDGE_ATTRS[edge.kind]}${dashed}${label}, class="edge-${edge.kind}"];`);
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}
