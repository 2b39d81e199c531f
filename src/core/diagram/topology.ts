/**
 * The topology picture shared by every diagram format: who calls whom, where the gateway and
 * the mesh sit today, and where the recommended ones would sit. Pure data; renderers turn it
 * into Mermaid, DOT or (through DOT) SVG.
 *
 * Node ids are generated (n0, n1, ...) and never derived from user names, so a service called
 * `end`, `"];` or `<script>` cannot break any output syntax: names only ever appear as labels,
 * which each renderer escapes.
 */
import type { Answers, Architecture, Decision, Exposure, ProductPick, Service } from '../types.js';
import { indexServices, resolveServiceRef, serviceKey } from '../service-ref.js';

/** What a node stands for; decides its shape and colour. */
export type NodeRole = 'clients' | 'partners' | 'gateway' | 'service' | 'datastore' | 'queue' | 'external';

/**
 * How an edge is drawn. north-south: traffic entering from outside; east-west: service to
 * service; data: a call into a datastore or queue; egress: a call out to an external system.
 */
export type EdgeKind = 'north-south' | 'east-west' | 'data' | 'egress';

export interface DiagramNode {
  /** Generated, syntax-safe id. */
  id: string;
  /** Text shown in the node (may contain anything the user wrote). */
  label: string;
  /** Optional second line, e.g. the product behind a gateway. */
  detail?: string;
  role: NodeRole;
  exposure?: Exposure;
  /** True when the node does not exist today and is drawn where the recommendation puts it. */
  proposed: boolean;
  /** The architecture service this node stands for, when there is one. */
  service?: string;
  /** True for a node that stands for several services (answers-only input, or a group of a simplified picture). */
  placeholder?: boolean;
  /** The service's Kubernetes namespace, when the architecture names one (big pictures group by it). */
  namespace?: string;
}

export interface DiagramEdge {
  from: string;
  to: string;
  kind: EdgeKind;
  /** Protocol or other short note, shown on the edge. */
  label?: string;
  proposed: boolean;
}

/** A boundary drawn around nodes: the mesh, or the datastores. */
export interface DiagramGroup {
  id: string;
  kind: 'mesh' | 'no-mesh' | 'data';
  label: string;
  proposed: boolean;
  members: string[];
}

export interface TopologyGraph {
  title: string;
  nodes: DiagramNode[];
  edges: DiagramEdge[];
  groups: DiagramGroup[];
  /** Lines shown under the title: what a simplified picture leaves out (see simplify.ts). */
  note?: string[];
}

const EDGE_ROLES: ProductPick['role'][] = ['gateway', 'ingress', 'proxy'];

/** The product the decision puts at the edge, if any (gateway first, then an ingress or proxy). */
export function pickedEdgeProduct(decision: Decision): ProductPick | undefined {
  for (const role of EDGE_ROLES) {
    const pick = decision.products.find((p) => p.role === role);
    if (pick) return pick;
  }
  return undefined;
}

/** The mesh product the decision picks, if any (a managed service-to-service offering counts). */
export function pickedMeshProduct(decision: Decision): ProductPick | undefined {
  return decision.products.find((p) => p.role === 'mesh') ?? decision.products.find((p) => p.role === 'managed');
}

const wantsGateway = (d: Decision): boolean => d.recommendation === 'gateway' || d.recommendation === 'both';
const wantsMesh = (d: Decision): boolean => d.recommendation === 'mesh' || d.recommendation === 'both';

class GraphBuilder {
  readonly nodes: DiagramNode[] = [];
  readonly edges: DiagramEdge[] = [];
  readonly groups: DiagramGroup[] = [];
  private readonly edgeKeys = new Set<string>();

  node(fields: Omit<DiagramNode, 'id'>): DiagramNode {
    const node: DiagramNode = { id: `n${this.nodes.length}`, ...fields };
    this.nodes.push(node);
    return node;
  }

  edge(from: DiagramNode, to: DiagramNode, kind: EdgeKind, proposed: boolean, label?: string): void {
    const key = `${from.id}>${to.id}`;
    if (this.edgeKeys.has(key)) return;
    this.edgeKeys.add(key);
    this.edges.push({ from: from.id, to: to.id, kind, proposed, ...(label ? { label } : {}) });
  }

  group(fields: Omit<DiagramGroup, 'id'>): void {
    if (fields.members.length === 0) return;
    this.groups.push({ id: `g${this.groups.length}`, ...fields });
  }

  graph(title: string): TopologyGraph {
    return { title, nodes: this.nodes, edges: this.edges, groups: this.groups };
  }
}

const EDGE_LABELS: Record<ProductPick['role'], string> = {
  gateway: 'API gateway', ingress: 'Ingress', proxy: 'Reverse proxy', mesh: 'Mesh ingress', managed: 'Ingress',
  waf: 'WAF', aggregator: 'Aggregator', encryption: 'Ingress', 'built-in': 'Ingress',
};

/**
 * The entry point the decision adds where none exists: the API gateway for gateway/both, else
 * the ingress or reverse proxy picked for the mesh or for "neither" (if the decision picked one).
 */
function proposedEdgeNode(b: GraphBuilder, decision: Decision): DiagramNode | undefined {
  const pick = pickedEdgeProduct(decision);
  if (wantsGateway(decision)) {
    return b.node({ label: 'API gateway', detail: `${pick?.name ?? 'to be chosen'} (recommended)`, role: 'gateway', proposed: true });
  }
  if (!pick) return undefined;
  return b.node({ label: EDGE_LABELS[pick.role], detail: `${pick.name} (recommended)`, role: 'gateway', proposed: true });
}

function edgeKindFor(target: Service): EdgeKind {
  if (target.kind === 'datastore' || target.kind === 'queue') return 'data';
  if (target.kind === 'external') return 'egress';
  return 'east-west';
}

function roleFor(service: Service): NodeRole {
  return service.kind === 'service' ? 'service' : service.kind;
}

function protocolLabel(protocol: string | undefined): string | undefined {
  return protocol && protocol !== 'http' ? protocol : undefined;
}

/**
 * Builds the picture of a real architecture: its services, calls, existing gateway and mesh,
 * plus the recommended gateway and mesh where none exists yet.
 */
export function topologyFromArchitecture(arch: Architecture, decision: Decision): TopologyGraph {
  const b = new GraphBuilder();
  const services = arch.services;
  // Names resolve like Kubernetes DNS (src/core/service-ref.ts): `cart` in two namespaces is two nodes.
  const index = indexServices(services);
  const resolve = (ref: string, fromNamespace?: string): Service | undefined => {
    const i = resolveServiceRef(index, ref, fromNamespace);
    return i === undefined ? undefined : services[i];
  };
  const gatewayService = arch.gateway?.service !== undefined ? resolve(arch.gateway.service, arch.gateway.namespace) : undefined;

  const publicServices = services.filter((s) => s.exposure === 'public' && s !== gatewayService && s.kind !== 'external');
  const partnerServices = services.filter((s) => s.exposure === 'partner' && s !== gatewayService && s.kind !== 'external');
  const hasOutside = publicServices.length > 0 || partnerServices.length > 0 || arch.gateway !== undefined;

  const clients = hasOutside && (publicServices.length > 0 || partnerServices.length === 0 || arch.gateway !== undefined)
    ? b.node({ label: 'Outside clients', role: 'clients', proposed: false })
    : undefined;
  const partners = partnerServices.length > 0 ? b.node({ label: 'Partners', role: 'partners', proposed: false }) : undefined;

  // The edge node: the gateway that exists, else the recommended one, else none.
  let gateway: DiagramNode | undefined;
  if (arch.gateway) {
    gateway = gatewayService
      ? b.node({ label: gatewayService.name, detail: arch.gateway.product, role: 'gateway', proposed: false, service: gatewayService.name, exposure: gatewayService.exposure })
      : b.node({ label: 'API gateway', detail: arch.gateway.product, role: 'gateway', proposed: false });
  } else if (hasOutside) {
    gateway = proposedEdgeNode(b, decision);
  }

  // One node per service identity (namespace and name): true duplicates share one.
  const nodes = new Map<string, DiagramNode>();
  const nodeOf = {
    get: (s: Service) => nodes.get(serviceKey(s)),
    has: (s: Service) => nodes.has(serviceKey(s)),
    set: (s: Service, n: DiagramNode) => nodes.set(serviceKey(s), n),
  };
  if (gatewayService && gateway) nodeOf.set(gatewayService, gateway);
  for (const s of services) {
    if (nodeOf.has(s)) continue;
    // A name two namespaces share is shown with its namespace.
    const label = s.namespace !== undefined && index.repeatedNames.has(s.name) ? `${s.name}.${s.namespace}` : s.name;
    nodeOf.set(s, b.node({ label, role: roleFor(s), exposure: s.exposure, proposed: false, service: s.name, ...(s.namespace !== undefined ? { namespace: s.namespace } : {}) }));
  }

  // North-south. A gateway that exists fronts its routes; exposed services it does not route are
  // drawn reached directly, because today they are. A proposed gateway fronts every exposed service.
  const fromGateway = gatewayService?.namespace ?? arch.gateway?.namespace;
  const routed = new Set((arch.gateway?.routes ?? []).map((r) => resolve(r, fromGateway)).filter((s): s is Service => s !== undefined));
  if (gateway) {
    if (clients) b.edge(clients, gateway, 'north-south', gateway.proposed);
    const partnersUseIt = gateway.proposed || partnerServices.some((s) => routed.has(s));
    if (partners && partnersUseIt) b.edge(partners, gateway, 'north-south', gateway.proposed);
  }
  for (const s of services.filter((x) => routed.has(x))) if (gateway) b.edge(gateway, nodeOf.get(s)!, 'north-south', false);
  for (const [outside, exposed] of [[clients, publicServices], [partners, partnerServices]] as const) {
    for (const s of exposed) {
      if (gateway && (gateway.proposed || routed.has(s))) b.edge(gateway, nodeOf.get(s)!, 'north-south', gateway.proposed);
      else if (outside) b.edge(outside, nodeOf.get(s)!, 'north-south', false);
    }
  }

  for (const s of services) {
    const from = nodeOf.get(s)!;
    for (const call of s.calls) {
      const target = resolve(call.to, s.namespace);
      if (!target) continue;
      const to = nodeOf.get(target)!;
      const kind = from.role === 'gateway' && target.kind === 'service' ? 'north-south' : edgeKindFor(target);
      // Datastores speak their own wire protocol; only calls between services are worth labelling.
      b.edge(from, to, kind, false, kind === 'data' ? undefined : protocolLabel(call.protocol));
    }
  }

  // The mesh boundary: the one that exists, else the recommended one around every service.
  const meshPick = pickedMeshProduct(decision);
  if (arch.mesh) {
    const members = arch.mesh.members.map((m) => resolve(m)).map((t) => (t ? nodeOf.get(t) : undefined)).filter((n): n is DiagramNode => n !== undefined && n !== gateway);
    b.group({ kind: 'mesh', label: `${arch.mesh.product} mesh (mTLS ${arch.mesh.mtls})`, proposed: false, members: members.map((n) => n.id) });
  } else {
    const members = services.filter((s) => s.kind === 'service' && nodeOf.get(s) !== gateway).map((s) => nodeOf.get(s)!.id);
    if (wantsMesh(decision)) {
      b.group({ kind: 'mesh', label: `${meshPick?.name ?? 'Service mesh'} (recommended)`, proposed: true, members });
    } else {
      b.group({ kind: 'no-mesh', label: `${arch.platform}: no mesh`, proposed: false, members });
    }
  }
  const data = services.filter((s) => s.kind === 'datastore' || s.kind === 'queue').map((s) => nodeOf.get(s)!.id);
  b.group({ kind: 'data', label: 'Datastores and queues', proposed: false, members: data });

  return b.graph(arch.metadata.name);
}

/** How many placeholder services are drawn one by one before the rest are folded into one node. */
const SHOWN_PLACEHOLDERS = 3;

/**
 * Builds a generic picture from answers alone: placeholders for the services, the consumers
 * the answers name, and the recommended gateway and mesh.
 */
export function topologyFromAnswers(answers: Answers, decision: Decision, title = 'answers'): TopologyGraph {
  const b = new GraphBuilder();
  const outside = answers.traffic !== 'east-west' || answers.consumers.length > 0;
  const publicConsumers = answers.consumers.filter((c) => c !== 'partners');
  const clients = outside && (publicConsumers.length > 0 || !answers.consumers.includes('partners'))
    ? b.node({ label: 'Outside clients', detail: publicConsumers.length > 0 ? publicConsumers.join(', ') : undefined, role: 'clients', proposed: false })
    : undefined;
  const partners = answers.consumers.includes('partners') ? b.node({ label: 'Partners', role: 'partners', proposed: false }) : undefined;
  const gateway = outside ? proposedEdgeNode(b, decision) : undefined;

  const count = Math.max(1, answers.services);
  const shown = count <= SHOWN_PLACEHOLDERS + 1 ? count : SHOWN_PLACEHOLDERS;
  const placeholders: DiagramNode[] = [];
  for (let i = 1; i <= shown; i++) {
    placeholders.push(b.node({ label: `service ${i}`, role: 'service', exposure: i === 1 && outside ? 'public' : 'internal', proposed: false, placeholder: true }));
  }
  if (shown < count) {
    placeholders.push(b.node({ label: `services ${shown + 1}–${count}`, detail: `${count - shown} more`, role: 'service', exposure: 'internal', proposed: false, placeholder: true }));
  }

  const entry = placeholders[0]!;
  if (gateway) {
    if (clients) b.edge(clients, gateway, 'north-south', true);
    if (partners) b.edge(partners, gateway, 'north-south', true);
    b.edge(gateway, entry, 'north-south', true);
  } else {
    if (clients) b.edge(clients, entry, 'north-south', false);
    if (partners) b.edge(partners, entry, 'north-south', false);
  }
  if (answers.traffic !== 'north-south') {
    for (let i = 1; i < placeholders.length; i++) b.edge(placeholders[i - 1]!, placeholders[i]!, 'east-west', false);
  }

  const members = placeholders.map((n) => n.id);
  if (wantsMesh(decision)) {
    const meshPick = pickedMeshProduct(decision);
    b.group({ kind: 'mesh', label: `${meshPick?.name ?? 'Service mesh'} (recommended)`, proposed: true, members });
  } else {
    b.group({ kind: 'no-mesh', label: `${answers.platform}: no mesh`, proposed: false, members });
  }
  return b.graph(title);
}

/** The picture for whichever input a command loaded: the architecture when there is one, else the answers. */
export function topologyFor(
  input: { answers: Answers; architecture?: { architecture: Architecture }; source: string },
  decision: Decision,
): TopologyGraph {
  return input.architecture
    ? topologyFromArchitecture(input.architecture.architecture, decision)
    : topologyFromAnswers(input.answers, decision, input.source);
}
