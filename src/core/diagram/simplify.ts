/**
 * A topology too big to draw one box per service is drawn as groups: by namespace when the
 * services carry namespaces, otherwise by where they sit relative to the gateway and the mesh
 * (behind the gateway, public without it, partner-facing, internal in or outside the mesh,
 * datastores and queues, external systems). Calls between two groups become one edge that says
 * how many calls it stands for; calls inside a group are counted on the group. The picture says
 * what it left out. Pure.
 *
 * Why a limit at all: Graphviz in WebAssembly lays out 1,000 services in about a second, but
 * near 5,000 it needs 670 MB and past that its heap runs out; and a picture of thousands of
 * boxes shows nobody anything.
 */
import type { DiagramEdge, DiagramGroup, DiagramNode, EdgeKind, NodeRole, TopologyGraph } from './topology.js';

/** Services (and datastores, queues, external systems) drawn one by one at most. */
export const DETAIL_LIMIT = 1000;

/** More namespaces than this are not a useful grouping either: then the gateway/mesh grouping is used. */
const MAX_NAMESPACE_GROUPS = 60;

export interface SimplifiedTopology {
  graph: TopologyGraph;
  /** What the picture leaves out and how to get it, when it is simplified; undefined when complete. */
  omitted?: string;
}

const ONE_BY_ONE: ReadonlySet<NodeRole> = new Set(['service', 'datastore', 'queue', 'external']);

function count(n: number, word: string, many = `${word}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? word : many}`;
}

/** What a group holds, as a short line: "120 services, 10 datastores; 80 in the mesh". */
function composition(members: readonly DiagramNode[], inMesh: number): string {
  const by = (role: NodeRole) => members.filter((m) => m.role === role).length;
  const parts = [
    by('service') && count(by('service'), 'service'),
    by('datastore') && count(by('datastore'), 'datastore'),
    by('queue') && count(by('queue'), 'queue'),
    by('external') && count(by('external'), 'external system'),
  ].filter(Boolean);
  const services = by('service');
  const mesh = inMesh > 0 && inMesh < members.length ? `; ${inMesh.toLocaleString('en-US')} in the mesh` : '';
  return `${parts.join(', ')}${services === 0 && parts.length === 0 ? 'empty' : ''}${mesh}`;
}

/** The role that draws a group: service unless it holds only one other kind. */
function groupRole(members: readonly DiagramNode[]): NodeRole {
  const roles = new Set(members.map((m) => m.role));
  return roles.size === 1 ? members[0]!.role : 'service';
}

/** The gateway/mesh position of a node, used when namespaces do not group the services. */
function positionOf(node: DiagramNode, behindGateway: ReadonlySet<string>, inMesh: ReadonlySet<string>, meshDrawn: boolean): string {
  if (node.role === 'datastore' || node.role === 'queue') return 'Datastores and queues';
  if (node.role === 'external') return 'External systems';
  if (behindGateway.has(node.id)) return 'Behind the gateway';
  if (node.exposure === 'public') return 'Public, reached directly';
  if (node.exposure === 'partner') return 'Partner-facing';
  if (!meshDrawn) return 'Internal services';
  return inMesh.has(node.id) ? 'Internal, in the mesh' : 'Internal, outside the mesh';
}

/**
 * The graph as drawn: unchanged up to `limit` services, else grouped. Node and group ids stay
 * generated (c0, c1, ...), labels are namespace names or fixed words, so escaping is as before.
 */
export function simplifyTopology(graph: TopologyGraph, limit = DETAIL_LIMIT): SimplifiedTopology {
  const individual = graph.nodes.filter((n) => ONE_BY_ONE.has(n.role) && !n.placeholder);
  if (individual.length <= limit) return { graph };

  const meshGroups = graph.groups.filter((g) => g.kind === 'mesh');
  const inMesh = new Set(meshGroups.flatMap((g) => g.members));
  const gatewayIds = new Set(graph.nodes.filter((n) => n.role === 'gateway').map((n) => n.id));
  const behindGateway = new Set(graph.edges.filter((e) => gatewayIds.has(e.from) && e.kind === 'north-south').map((e) => e.to));
  const namespaces = new Set(individual.map((n) => n.namespace).filter((ns): ns is string => ns !== undefined));
  const byNamespace = namespaces.size >= 2 && namespaces.size <= MAX_NAMESPACE_GROUPS;
  const keyOf = (n: DiagramNode): string =>
    byNamespace ? `namespace ${n.namespace ?? '(none)'}` : positionOf(n, behindGateway, inMesh, meshGroups.length > 0);

  // Groups in order of first appearance, so the same input always gives the same picture.
  const members = new Map<string, DiagramNode[]>();
  for (const n of individual) {
    const key = keyOf(n);
    const list = members.get(key);
    if (list) list.push(n);
    else members.set(key, [n]);
  }
  const nodes: DiagramNode[] = graph.nodes.filter((n) => !ONE_BY_ONE.has(n.role) || n.placeholder);
  const clusterOf = new Map<string, string>();
  const clusters: { node: DiagramNode; members: DiagramNode[] }[] = [];
  for (const [key, list] of members) {
    const id = `c${clusters.length}`;
    const meshed = list.filter((m) => inMesh.has(m.id)).length;
    const node: DiagramNode = { id, label: key, detail: composition(list, meshed), role: groupRole(list), proposed: false, placeholder: true };
    for (const m of list) clusterOf.set(m.id, id);
    clusters.push({ node, members: list });
    nodes.push(node);
  }

  // One edge per pair of drawn nodes and kind, saying how many calls it stands for.
  const inside = new Map<string, number>();
  const merged = new Map<string, { edge: DiagramEdge; calls: number }>();
  for (const e of graph.edges) {
    const from = clusterOf.get(e.from) ?? e.from;
    const to = clusterOf.get(e.to) ?? e.to;
    if (from === to) {
      inside.set(from, (inside.get(from) ?? 0) + 1);
      continue;
    }
    const key = `${from}>${to}>${e.kind}`;
    const seen = merged.get(key);
    if (seen) {
      seen.calls++;
      seen.edge.proposed ||= e.proposed;
    } else merged.set(key, { edge: { from, to, kind: e.kind, proposed: e.proposed, ...(e.label ? { label: e.label } : {}) }, calls: 1 });
  }
  const edges = [...merged.values()].map(({ edge, calls }) => (calls > 1 ? { ...edge, label: count(calls, edgeNoun(edge.kind)) } : edge));
  for (const c of clusters) {
    const within = inside.get(c.node.id);
    if (within) c.node.detail = `${c.node.detail}; ${count(within, 'call')} inside`;
  }

  // A boundary keeps only groups whose every member it held.
  const groups: DiagramGroup[] = [];
  for (const g of graph.groups) {
    const held = new Set(g.members);
    const whole = clusters.filter((c) => c.members.every((m) => held.has(m.id))).map((c) => c.node.id);
    const kept = g.members.filter((m) => !clusterOf.has(m));
    if (whole.length + kept.length > 0) groups.push({ ...g, members: [...kept, ...whole] });
  }

  const how = byNamespace ? 'by namespace' : 'by where they sit relative to the gateway and the mesh';
  const note = [
    `Simplified: ${count(individual.length, 'service')} drawn as ${count(clusters.length, 'group')} ${how},`,
    `${count(graph.edges.length, 'connection')} as ${count(edges.length, 'edge')};`,
    'meshgate diagram -f dot (for a native Graphviz) or -f mermaid lists every one.',
  ];
  return { graph: { ...graph, nodes, edges, groups, note }, omitted: note.join(' ') };
}

function edgeNoun(kind: EdgeKind): string {
  return kind === 'north-south' ? 'route' : 'call';
}
