/**
 * What the mesh would cost this system: published per-proxy, per-node and per-call figures
 * (rules/data-plane-costs.yaml) multiplied by what the architecture shows, replicas and the call
 * graph. Pure. Every line names its figure's source and date; what the input cannot show (node
 * count, request rates, replicas not stated) is said, not guessed silently.
 */
import type { Architecture, DataPlaneCost, Decision } from './types.js';

export interface DataPlaneFigure {
  id: string;
  appliesTo: string[];
  per: 'proxy' | 'node' | 'waypoint' | 'call';
  basis: 'reserved' | 'per-1000-rps' | 'max' | 'latency';
  cpuMillicores?: number;
  memoryMiB?: number;
  vcpu?: number;
  memoryMB?: number;
  p90Ms?: number;
  p99Ms?: number;
  upperBound?: boolean;
  what: string;
  source: string;
  date: string;
}

export interface DataPlaneFigures {
  figures: DataPlaneFigure[];
}

/** Product id -> kind and display name, for the products the figures know. */
export interface MeshProductInfo {
  id: string;
  name: string;
  kind: string;
}

function round(n: number, digits = 2): string {
  const f = 10 ** digits;
  return String(Math.round(n * f) / f);
}

/** Mesh members: the declared members when a mesh exists, else every application service. */
function members(arch: Architecture): Architecture['services'] {
  const apps = arch.services.filter((s) => s.kind === 'service');
  if (!arch.mesh) return apps;
  const set = new Set(arch.mesh.members);
  return apps.filter((s) => set.has(s.name));
}

/**
 * The longest chain of calls between application services (number of calls), following each
 * call once; a cycle is cut where it closes. Returns the services along it.
 */
export function deepestCallChain(arch: Architecture): string[] {
  const apps = new Map(arch.services.filter((s) => s.kind === 'service').map((s) => [s.name, s]));
  const memo = new Map<string, string[]>();
  const onPath = new Set<string>();
  const longest = (name: string): string[] => {
    const known = memo.get(name);
    if (known) return known;
    onPath.add(name);
    let best: string[] = [];
    for (const c of apps.get(name)?.calls ?? []) {
      if (!apps.has(c.to) || onPath.has(c.to) || c.to === name) continue;
      const chain = longest(c.to);
      if (chain.length > best.length) best = chain;
    }
    onPath.delete(name);
    const result = [name, ...best];
    memo.set(name, result);
    return result;
  };
  let deepest: string[] = [];
  for (const name of apps.keys()) {
    const chain = longest(name);
    if (chain.length > deepest.length) deepest = chain;
  }
  return deepest;
}

/**
 * The data-plane cost of the mesh the decision picked (or, when the verdict has no mesh, of the
 * mesh the layer would use), for the architecture. Undefined when no mesh product is in view.
 */
export function estimateDataPlaneCost(arch: Architecture, decision: Decision, products: readonly MeshProductInfo[], figures: DataPlaneFigures): DataPlaneCost | undefined {
  const id = decision.products.find((p) => p.role === 'mesh' || p.role === 'managed')?.id ?? decision.layers.mesh.product;
  const product = products.find((p) => p.id === id);
  if (!product) return undefined;
  const applies = figures.figures.filter((f) => f.appliesTo.includes(product.id));
  const assumptions: string[] = [];
  const lines: DataPlaneCost['lines'] = [];
  const meshed = members(arch);
  const unknownReplicas = meshed.filter((s) => s.replicas === undefined);
  const proxies = meshed.reduce((n, s) => n + (s.replicas ?? 1), 0);
  if (unknownReplicas.length > 0) {
    assumptions.push(`1 replica assumed for ${unknownReplicas.length} of ${meshed.length} service${meshed.length === 1 ? '' : 's'} whose replica count the input does not show`);
  }
  if (!decision.layers.mesh.needed) assumptions.push(`the verdict has no mesh: this is what ${product.name} would cost if you ran it`);
  const kind = product.kind;
  const perProxy = kind === 'sidecar' || (kind === 'managed' && applies.some((f) => f.per === 'proxy'));
  for (const f of applies) {
    if (f.basis === 'latency') continue;
    const cite = { basis: f.what, source: f.source, date: f.date };
    if (f.per === 'proxy' && perProxy) {
      if (f.basis === 'reserved') {
        const cpu = (proxies * (f.cpuMillicores ?? 0)) / 1000;
        const mem = (proxies * (f.memoryMiB ?? 0)) / 1024;
        lines.push({ what: `${proxies} sidecar${proxies === 1 ? '' : 's'} × ${f.cpuMillicores}m CPU and ${f.memoryMiB} MiB requested`, value: `${round(cpu)} vCPU and ${round(mem)} GiB reserved`, ...cite });
      } else if (f.basis === 'per-1000-rps') {
        lines.push({ what: 'per 1000 requests/s through each sidecar; every call passes two', value: `+${f.vcpu} vCPU and +${f.memoryMB} MB per sidecar`, ...cite });
      } else if (f.basis === 'max') {
        lines.push({ what: `${proxies} prox${proxies === 1 ? 'y' : 'ies'} × ${f.memoryMB} MB`, value: `up to ${round((proxies * (f.memoryMB ?? 0)) / 1024)} GiB of memory`, ...cite });
      }
    } else if (f.per === 'node') {
      assumptions.push('the node count is not in the input: multiply the per-node figure by your nodes');
      lines.push({ what: 'one per node; multiply by your node count', value: `+${f.vcpu} vCPU and +${f.memoryMB} MB per node per 1000 requests/s`, ...cite });
    } else if (f.per === 'waypoint') {
      lines.push({ what: 'waypoints, only where L7 features are used', value: `+${f.vcpu} vCPU and +${f.memoryMB} MB per waypoint per 1000 requests/s`, ...cite });
    }
  }
  if (lines.length === 0) {
    lines.push({
      what: kind === 'managed' ? `${product.name} runs its data plane for you` : `${product.name}'s data plane`,
      value: kind === 'managed' ? 'billed by the cloud provider; no per-proxy figure in meshgate\'s sources' : 'no published per-proxy or per-node figure in meshgate\'s sources; measure it on your own traffic',
      basis: '', source: '', date: '',
    });
  }
  const chain = deepestCallChain(arch);
  const hops = Math.max(0, chain.length - 1);
  let deepestChain: DataPlaneCost['deepestChain'];
  if (hops > 0) {
    const latency = applies.filter((f) => f.basis === 'latency');
    const parts = latency.map((f) => {
      const p = [f.p90Ms !== undefined ? `${round(f.p90Ms * hops)} ms at p90` : undefined, f.p99Ms !== undefined ? `${round(f.p99Ms * hops)} ms at p99` : undefined].filter(Boolean).join(', ');
      lines.push({ what: `${hops} call${hops === 1 ? '' : 's'} in the deepest chain × ${[f.p90Ms !== undefined ? `${f.p90Ms} ms p90` : '', f.p99Ms !== undefined ? `${f.p99Ms} ms p99` : ''].filter(Boolean).join(' / ')} per call`, value: `${f.upperBound ? 'under ' : ''}+${p}`, basis: f.what, source: f.source, date: f.date });
      return p;
    });
    deepestChain = {
      services: chain,
      hops,
      ...(parts.length > 0 ? { addedLatency: parts[0]! } : { addedLatency: kind === 'ambient' ? 'no published per-hop figure in meshgate\'s sources (Istio\'s 2022 announcement expected it in line with sidecars)' : 'no published per-hop figure in meshgate\'s sources' }),
    };
  } else {
    assumptions.push('no calls between services are visible in the input, so the latency along a call chain cannot be estimated');
  }
  return {
    kind,
    product: product.id,
    ...(perProxy ? { proxies } : {}),
    assumptions: [...new Set(assumptions)],
    lines,
    ...(deepestChain ? { deepestChain } : {}),
  };
}
