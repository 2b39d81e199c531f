/**
 * Product picks and notes, both driven by rules/products.yaml. Pure.
 *
 * A verdict needs products in slots: the gateway (gateway, both), the edge proxy or controller
 * (neither, and in front of a mesh), the mesh (mesh, both), and companions that meet one need
 * each (a WAF, an aggregator, CNI encryption, a managed platform's built-ins). Every slot has a
 * set of capabilities it must provide, read from the answers; a pick is the first product that
 * runs here, is allowed by the constraints and the licensing answer, and provides all of them.
 * A product that already runs (`existing`) is kept when it qualifies.
 */
import type { Answers, Existing, Outcome, ProductPick, Reason } from './types.js';
import type { Condition } from './conditions.js';
import { holds } from './answers.js';

/** The kinds of mesh a product can be; constraints remove kinds before any points count. */
export const MESH_KINDS = ['sidecar', 'ambient', 'ebpf', 'managed'] as const;
export type MeshKind = (typeof MESH_KINDS)[number];

/** A product meshgate may recommend. */
export interface Product {
  id: string;
  name: string;
  /** An edge proxy or gateway, a mesh (or managed service network), or a companion. */
  category: 'gateway' | 'mesh' | 'companion';
  /** Mesh: sidecar, ambient, ebpf, managed. Companion: waf, aggregator, encryption, built-in. */
  kind?: string;
  /** Implements the Kubernetes Gateway API (so it can serve as the ingress). */
  gatewayApi?: boolean;
  /** A cloud provider's managed service rather than software you run. */
  managed?: boolean;
  /** Where it runs (absent = anywhere). */
  platforms?: string[];
  /** Only on these clouds (absent = any). */
  clouds?: string[];
  /** Capabilities it provides (docs/formats/scoring-rules.md, "Products"). */
  provides: string[];
  /** Capabilities that need a paid edition. */
  enterprise?: string[];
  /** Its licence is open source (for self-run products). */
  openSource?: boolean;
  /** Stable releases are a paid distribution above a company size. */
  paidStable?: boolean;
  /** A vendor sells support for it. */
  vendorSupport?: boolean;
  summary: string;
  sources: string[];
}

/** A product meshgate never recommends, with what replaced it. */
export interface RetiredProduct {
  id: string;
  name: string;
  status: string;
  replacement: string;
  sources: string[];
}

/** One entry of an ordered pick list: the first entry whose condition holds and whose product qualifies wins. */
export interface PickRule {
  product: string;
  when?: Condition;
  reason: string;
  sources?: string[];
}

/** A caveat shown with the verdict when its filters all match. */
export interface NoteRule {
  id: string;
  text: string;
  sources: string[];
  when?: Condition;
  /** Only when the recommendation is one of these. */
  outcomes?: Outcome[];
  /** Only when one of these products was picked. */
  products?: string[];
  /** Only when the verdict's mesh is of one of these kinds. */
  kinds?: string[];
  /** Only when the decision is (true) or is not (false) a close call. */
  close?: boolean;
  /** Only when one of these scoring rules fired. */
  rules?: string[];
}

export const SLOTS = ['gateway', 'edge', 'mesh', 'waf', 'aggregator', 'encryption', 'built-in'] as const;
export type Slot = (typeof SLOTS)[number];

/** The categories (and kinds) of product each slot accepts. */
export const SLOT_ACCEPTS: Record<Slot, Array<{ category: Product['category']; kind?: string }>> = {
  gateway: [{ category: 'gateway' }],
  edge: [{ category: 'gateway' }],
  mesh: [{ category: 'mesh' }],
  waf: [{ category: 'companion', kind: 'waf' }],
  aggregator: [{ category: 'companion', kind: 'aggregator' }],
  encryption: [{ category: 'companion', kind: 'encryption' }],
  // A managed service network that accepts functions (VPC Lattice) stands in for a mesh too.
  'built-in': [{ category: 'companion', kind: 'built-in' }, { category: 'mesh', kind: 'managed' }],
};

/** Whether a product may fill a slot at all. */
export function fitsSlot(p: Pick<Product, 'category' | 'kind'>, slot: Slot): boolean {
  return SLOT_ACCEPTS[slot].some((a) => a.category === p.category && (!a.kind || a.kind === p.kind));
}

export interface ProductCatalogue {
  products: Product[];
  retired: RetiredProduct[];
  picks: Record<Slot, PickRule[]>;
  notes: NoteRule[];
}

/** What the edge (gateway or proxy) must provide; the WAF and aggregation have companions of their own. */
export function edgeRequirements(a: Answers): string[] {
  const caps = new Set<string>(['tls', 'routing']);
  for (const n of a.edgeNeeds) if (n !== 'waf' && n !== 'aggregation') caps.add(n);
  if (a.trafficControl.includes('canary-edge')) caps.add('canary');
  for (const p of a.edgeProtocols) {
    if (p === 'grpc' || p === 'websocket') caps.add(p);
    if (p === 'mqtt' || p === 'tcp') caps.add('tcp');
  }
  return [...caps];
}

/** What the layer between services must provide, from the needs in the answers. */
export function meshRequirements(a: Answers): string[] {
  const caps = new Set<string>();
  if (a.serviceSecurity === 'mtls') ['mtls', 'encryption', 'service-auth'].forEach((c) => caps.add(c));
  if (a.serviceSecurity === 'encryption') caps.add('encryption');
  if (a.authorization !== 'none') ['service-auth', 'authorization'].forEach((c) => caps.add(c));
  if (a.authorization === 'multi-team') caps.add('multi-tenancy');
  if (a.observability === 'golden-metrics' && !a.existing.includes('app-metrics')) caps.add('l7-metrics');
  if (a.observability === 'tracing' && !a.existing.includes('app-tracing')) caps.add('tracing');
  if (a.trafficControl.includes('canary-internal')) caps.add('internal-canary');
  if (a.trafficControl.includes('fault-injection')) caps.add('fault-injection');
  if (a.trafficControl.some((t) => t === 'retries' || t === 'timeouts' || t === 'circuit-breaking')) caps.add('resilience');
  if (a.trafficControl.includes('grpc-load-balancing')) caps.add('grpc-balancing');
  if (a.clusters >= 2 && a.traffic !== 'north-south') caps.add('multi-cluster');
  if (a.platform === 'vms' || a.platform === 'mixed') caps.add('vms');
  if (a.egressControl) caps.add('egress-control');
  return [...caps];
}

/** Catalogue products an `existing` value stands for, in order of preference. */
function existingProducts(e: Existing, slot: Slot, a: Answers): string[] {
  if (e === 'istio') return a.budget === 'tight' ? ['istio-ambient', 'istio-sidecar'] : ['istio-sidecar', 'istio-ambient'];
  if (e === 'cilium') return slot === 'encryption' ? ['cilium-wireguard'] : ['cilium'];
  if (e === 'calico') return slot === 'encryption' ? ['calico-wireguard'] : [];
  return [e];
}

export interface PickContext {
  recommendation: Outcome;
  answers: Answers;
  /** Mesh kinds the constraints leave. */
  feasibleKinds: readonly MeshKind[];
  /** A constraint put the platform's built-ins in the mesh's place, and the mesh layer has needs. */
  builtIn: boolean;
  meshNeeded: boolean;
  edgeNeeded: boolean;
  catalogue: ProductCatalogue;
}

export interface PickResult {
  products: ProductPick[];
  /** The edge needs API management (keys, quotas, a portal, protocol translation). */
  apiManagement: boolean;
  /** The edge is the platform's own load balancer or front door (or nothing beyond it). */
  edgeIsPlatform: boolean;
  /** The picked mesh's kind, when the verdict has a mesh. */
  meshKind?: MeshKind;
  /** The mesh the layer would use, even when the verdict has none (for the cost estimate). */
  meshCandidate?: string;
  /** Things to say about the picks (an existing product that falls short). */
  notes: string[];
}

/** Capabilities a product provides under the licensing answer (paid-edition ones drop out for open-source). */
export function effectiveProvides(p: Product, a: Answers): Set<string> {
  const caps = new Set(p.provides);
  if (a.licensing === 'open-source' && !p.managed) for (const c of p.enterprise ?? []) caps.delete(c);
  return caps;
}

/** Platforms that belong to one cloud: running on them means that cloud's services are there. */
const PLATFORM_CLOUD: Partial<Record<Answers['platform'], Answers['cloud']>> = { ecs: 'aws', 'container-apps': 'azure', 'cloud-run': 'gcp' };

/** The cloud whose managed services are available: the answer, or the one the platform belongs to. */
export function effectiveCloud(a: Pick<Answers, 'platform' | 'cloud'>): Answers['cloud'] {
  return PLATFORM_CLOUD[a.platform] ?? a.cloud;
}

/** Why a product cannot fill a slot here, or undefined when it can (capabilities aside). */
export function unfit(p: Product, slot: Slot, ctx: Pick<PickContext, 'answers' | 'feasibleKinds'>): string | undefined {
  const a = ctx.answers;
  if (!fitsSlot(p, slot)) return 'wrong slot';
  if (p.platforms && !p.platforms.includes(a.platform)) return `does not run on ${a.platform}`;
  if (p.clouds && !p.clouds.includes(effectiveCloud(a))) return `only on ${p.clouds.join(', ')}`;
  if (slot === 'mesh' && !ctx.feasibleKinds.includes(p.kind as MeshKind)) return `${p.kind} meshes are ruled out here`;
  if (!p.managed && a.licensing === 'open-source' && (p.openSource !== true || p.paidStable)) return 'not open source (or stable builds are paid)';
  if (!p.managed && a.licensing === 'vendor-support' && !p.vendorSupport) return 'no vendor support';
  return undefined;
}

/** The first qualifying product for a slot, and what it meets and misses. */
function pickSlot(slot: Slot, required: readonly string[], ctx: PickContext): { rule?: PickRule; product: Product; meets: string[]; unmet: string[]; existing: boolean } | undefined {
  const byId = new Map(ctx.catalogue.products.map((p) => [p.id, p]));
  const a = ctx.answers;
  const coverage = (p: Product) => {
    const caps = effectiveProvides(p, a);
    return { meets: required.filter((c) => caps.has(c)), unmet: required.filter((c) => !caps.has(c)) };
  };
  if (slot === 'gateway' || slot === 'edge' || slot === 'mesh' || slot === 'encryption') {
    for (const e of a.existing) {
      for (const id of existingProducts(e, slot, a)) {
        const p = byId.get(id);
        if (!p || unfit(p, slot, ctx)) continue;
        const c = coverage(p);
        if (c.unmet.length === 0) return { product: p, ...c, existing: true };
      }
    }
  }
  let best: { rule?: PickRule; product: Product; meets: string[]; unmet: string[]; existing: boolean } | undefined;
  for (const rule of ctx.catalogue.picks[slot]) {
    const p = byId.get(rule.product);
    if (!p || (rule.when && !holds(rule.when, a)) || unfit(p, slot, ctx)) continue;
    const c = coverage(p);
    if (c.unmet.length === 0) return { rule, product: p, ...c, existing: false };
    if (!best || c.meets.length > best.meets.length) best = { rule, product: p, ...c, existing: false };
  }
  // No listed pick covers everything: the catalogue product of the slot that covers most.
  for (const p of ctx.catalogue.products) {
    if (unfit(p, slot, ctx)) continue;
    const c = coverage(p);
    if (c.unmet.length === 0) return { product: p, ...c, existing: false };
    if (!best || c.meets.length > best.meets.length) best = { product: p, ...c, existing: false };
  }
  return best;
}

function roleFor(slot: Slot, p: Product, platform: Answers['platform']): ProductPick['role'] {
  switch (slot) {
    case 'gateway': return 'gateway';
    // An ingress is a Kubernetes notion: off Kubernetes the same product is a reverse proxy.
    case 'edge': return p.gatewayApi && (platform === 'kubernetes' || platform === 'mixed') ? 'ingress' : 'proxy';
    case 'mesh': return p.kind === 'managed' ? 'managed' : 'mesh';
    default: return slot;
  }
}

/** Picks one product per slot the verdict needs. */
export function pickProducts(ctx: PickContext): PickResult {
  const a = ctx.answers;
  const callers = a.consumers.length > 0;
  // The layer the verdict is about comes first: a mesh verdict lists its mesh before the ingress.
  const slots: Slot[] = [];
  if (ctx.meshNeeded && !ctx.edgeNeeded) slots.push('mesh');
  if (ctx.edgeNeeded) slots.push('gateway');
  else if (callers) slots.push('edge');
  if (ctx.meshNeeded && ctx.edgeNeeded) slots.push('mesh');
  if (callers && a.edgeNeeds.includes('waf')) slots.push('waf');
  if (callers && a.edgeNeeds.includes('aggregation')) slots.push('aggregator');
  if (!ctx.meshNeeded && ctx.builtIn) slots.push('built-in');
  else if (!ctx.meshNeeded && a.serviceSecurity === 'encryption' && (a.platform === 'kubernetes' || a.platform === 'mixed')) slots.push('encryption');

  const required: Record<Slot, string[]> = {
    gateway: edgeRequirements(a), edge: edgeRequirements(a), mesh: meshRequirements(a),
    waf: ['waf'], aggregator: ['aggregation'], encryption: ['encryption'], 'built-in': meshRequirements(a),
  };
  const products: ProductPick[] = [];
  const notes: string[] = [];
  let meshKind: MeshKind | undefined;
  let edgeIsPlatform = callers && !ctx.edgeNeeded;
  for (const slot of slots) {
    const got = pickSlot(slot, required[slot], ctx);
    if (!got) {
      if (slot === 'edge') continue;
      notes.push(`No product in meshgate's catalogue can fill the ${slot} role on ${a.platform}${a.cloud === 'none' ? '' : ` (${a.cloud})`} under these answers.`);
      continue;
    }
    const { product: p, rule } = got;
    const reason = got.existing
      ? `Already runs here and provides what this role needs (${got.meets.join(', ')}); keeping it avoids a migration.`
      : rule?.reason ?? p.summary;
    products.push({
      role: roleFor(slot, p, a.platform),
      id: p.id,
      name: p.name,
      reason,
      sources: [...new Set([...(rule?.sources ?? []), ...p.sources])],
      meets: got.meets,
      ...(got.unmet.length > 0 ? { unmet: got.unmet } : {}),
      ...(got.existing ? { existing: true } : {}),
    });
    if (slot === 'mesh') meshKind = p.kind as MeshKind;
    if (slot === 'edge') edgeIsPlatform = p.managed === true;
  }
  // An edge product that runs today but falls short: say why it is not kept.
  for (const slot of ['gateway', 'edge'] as const) {
    const pick = products.find((p) => (slot === 'gateway' ? p.role === 'gateway' : p.role === 'ingress' || p.role === 'proxy'));
    if (!pick || pick.existing) continue;
    const byId = new Map(ctx.catalogue.products.map((p) => [p.id, p]));
    for (const e of a.existing) {
      const p = byId.get(e);
      if (!p || p.category !== 'gateway' || p.id === pick.id) continue;
      const why = unfit(p, slot, ctx);
      const missing = required[slot].filter((c) => !effectiveProvides(p, a).has(c));
      notes.push(`${p.name} runs at your edge today; ${why ? `it ${why}` : `it does not provide ${missing.join(', ')}`}, so ${pick.name} is recommended${why ? '' : ' (in front of it, or in its place)'}.`);
    }
  }
  let meshCandidate = products.find((p) => p.role === 'mesh' || p.role === 'managed')?.id;
  if (!meshCandidate && !ctx.meshNeeded && ctx.feasibleKinds.length > 0 && required.mesh.length > 0) {
    meshCandidate = pickSlot('mesh', required.mesh, ctx)?.product.id;
  }
  const apiManagement = a.edgeNeeds.some((n) => n === 'api-keys' || n === 'quotas' || n === 'developer-portal' || n === 'protocol-translation');
  return { products, apiManagement, edgeIsPlatform, ...(meshKind ? { meshKind } : {}), ...(meshCandidate ? { meshCandidate } : {}), notes };
}

export interface NoteContext {
  recommendation: Outcome;
  runnerUp: Outcome;
  close: boolean;
  closeBecause: string[];
  answers: Answers;
  products: ProductPick[];
  reasons: Reason[];
  /** The verdict's mesh kind, when it has a mesh. */
  meshKind?: string;
  /** Notes from the picks (an existing product that falls short). */
  pickNotes?: string[];
}

/** The notes whose filters all match, each ending with its sources. */
export function collectNotes(ctx: NoteContext, catalogue: ProductCatalogue): string[] {
  const picked = new Set(ctx.products.map((p) => p.id));
  const fired = new Set(ctx.reasons.map((r) => r.rule));
  const notes: string[] = [];
  if (ctx.close) notes.push(`Close call: ${ctx.closeBecause.join('; ')}. Treat ${ctx.runnerUp} as a reasonable choice too and decide on the reasons above.`);
  notes.push(...(ctx.pickNotes ?? []));
  for (const n of catalogue.notes) {
    if (n.outcomes && !n.outcomes.includes(ctx.recommendation)) continue;
    if (n.products && !n.products.some((p) => picked.has(p))) continue;
    if (n.kinds && !(ctx.meshKind && n.kinds.includes(ctx.meshKind))) continue;
    if (n.close !== undefined && n.close !== ctx.close) continue;
    if (n.rules && !n.rules.some((r) => fired.has(r))) continue;
    if (n.when && !holds(n.when, ctx.answers)) continue;
    notes.push(`${n.text} (${n.sources.join(' ; ')})`);
  }
  return notes;
}
