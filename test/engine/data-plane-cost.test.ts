// What the mesh would cost this system: published figures (rules/data-plane-costs.yaml) times the
// architecture's replicas and call depth, each line with its source and date.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadArchitectureInput } from '../../src/app/input.js';
import { memoryIo } from '../../src/io.js';
import { loadScoringRules } from '../../src/shell/load-scoring-rules.js';
import { decide } from '../../src/core/engine.js';
import { deepestCallChain, estimateDataPlaneCost } from '../../src/core/data-plane-cost.js';
import { formatRecommendationText } from '../../src/format/recommendation/text.js';
import { runRecommend } from '../../src/commands/recommend.js';
import type { Architecture, Decision } from '../../src/core/types.js';

const dir = join(import.meta.dirname, '../fixtures/cost');
const rules = loadScoringRules();
const meshProducts = rules.products.products.filter((p) => p.category === 'mesh').map((p) => ({ id: p.id, name: p.name, kind: p.kind! }));

async function payments() {
  const input = await loadArchitectureInput([join(dir, 'payments.yaml')], { answers: join(dir, 'payments.answers.yaml') }, memoryIo());
  return { arch: input.architecture!.architecture, decision: decide(input.answers, rules, { whatIfs: false }) };
}

/** The decision with its mesh pick replaced, to price each data plane on the same system. */
function withMesh(d: Decision, id: string): Decision {
  const p = rules.products.products.find((x) => x.id === id)!;
  return { ...d, products: [...d.products.filter((x) => x.role !== 'mesh' && x.role !== 'managed'), { role: p.kind === 'managed' ? 'managed' : 'mesh', id, name: p.name, reason: '', sources: p.sources }] };
}

describe('data-plane cost', () => {
  it('finds the deepest call chain among application services, cutting cycles', () => {
    const arch = { apiVersion: 'meshgate/v1', kind: 'Architecture', metadata: { name: 't' }, platform: 'kubernetes', services: [
      { name: 'a', kind: 'service', exposure: 'public', protocols: ['http'], calls: [{ to: 'b' }, { to: 'db' }] },
      { name: 'b', kind: 'service', exposure: 'internal', protocols: ['http'], calls: [{ to: 'c' }] },
      { name: 'c', kind: 'service', exposure: 'internal', protocols: ['http'], calls: [{ to: 'a' }, { to: 'c' }] },
      { name: 'db', kind: 'datastore', exposure: 'internal', protocols: ['tcp'], calls: [] },
    ] } as Architecture;
    expect(deepestCallChain(arch)).toEqual(['a', 'b', 'c']);
  });

  it('sidecars: replicas × the published request per sidecar, and the deepest chain × the per-call latency', async () => {
    const { arch, decision } = await payments();
    const cost = estimateDataPlaneCost(arch, withMesh(decision, 'istio-sidecar'), meshProducts, rules.figures!)!;
    expect(cost.kind).toBe('sidecar');
    expect(cost.proxies).toBe(8); // 3 + 2 + 2 + 1 replicas; the datastore gets no sidecar
    const line = (re: RegExp) => cost.lines.find((l) => re.test(l.value));
    expect(line(/reserved/)!.value).toBe('0.8 vCPU and 1 GiB reserved'); // 8 × 100m, 8 × 128 MiB
    expect(line(/reserved/)!.what).toBe('8 sidecars × 100m CPU and 128 MiB requested');
    expect(line(/2\.65|7\.95/)!.value).toBe('+7.95 ms at p90'); // 3 calls × 2.65 ms (Istio 1.10–1.15)
    expect(line(/at p99/)!.value).toBe('+5.1 ms at p90, 8.1 ms at p99'); // 3 × 1.7 / 2.7 ms (OSSM, Istio 1.12.3)
    expect(cost.deepestChain).toMatchObject({ services: ['api', 'orders', 'payments', 'ledger'], hops: 3 });
    for (const l of cost.lines) {
      expect(l.source).toMatch(/^https:\/\//);
      expect(l.date.length).toBeGreaterThan(3);
    }
    expect(cost.assumptions).toEqual([]);
  });

  it('Linkerd: its own (vendor) memory and latency figures', async () => {
    const { arch, decision } = await payments();
    const cost = estimateDataPlaneCost(arch, withMesh(decision, 'linkerd'), meshProducts, rules.figures!)!;
    expect(cost.lines.find((l) => /memory/.test(l.value))!.value).toBe('up to 0.21 GiB of memory'); // 8 × 26.3 MB
    expect(cost.lines.find((l) => /p99/.test(l.value))!.value).toBe('under +6 ms at p99'); // 3 calls × under 2 ms
  });

  it('ambient: per node and per waypoint, and says what the input cannot show', async () => {
    const { arch, decision } = await payments();
    expect(decision.recommendation).toBe('mesh');
    const cost = estimateDataPlaneCost(arch, withMesh(decision, 'istio-ambient'), meshProducts, rules.figures!)!;
    expect(cost.kind).toBe('ambient');
    expect(cost.proxies).toBeUndefined();
    expect(cost.lines.map((l) => l.value)).toEqual(['+0.06 vCPU and +12 MB per node per 1000 requests/s', '+0.25 vCPU and +60 MB per waypoint per 1000 requests/s']);
    expect(cost.assumptions).toContain('the node count is not in the input: multiply the per-node figure by your nodes');
    expect(cost.deepestChain!.addedLatency).toMatch(/no published per-hop figure/);
  });

  it('says when replicas are assumed, and prices the mesh the layer would use when the verdict has none', async () => {
    const { arch, decision } = await payments();
    const noReplicas = { ...arch, services: arch.services.map(({ replicas: _r, ...s }) => s) } as Architecture;
    const neither: Decision = { ...withMesh(decision, 'istio-sidecar'), recommendation: 'neither', layers: { ...decision.layers, mesh: { ...decision.layers.mesh, needed: false } } };
    const cost = estimateDataPlaneCost(noReplicas, neither, meshProducts, rules.figures!)!;
    expect(cost.proxies).toBe(4);
    expect(cost.assumptions).toEqual(expect.arrayContaining([
      '1 replica assumed for 4 of 4 services whose replica count the input does not show',
      expect.stringMatching(/^the verdict has no mesh: this is what Istio \(sidecar mode\) would cost if you ran it$/),
    ]));
  });

  it('recommend prints it for an architecture (text and JSON), and not for answers', async () => {
    const io = memoryIo({ columns: 100 });
    await runRecommend([join(dir, 'payments.yaml')], { answers: join(dir, 'payments.answers.yaml') }, io);
    expect(io.out).toMatch(/What the mesh would cost this system \(istio-ambient, ambient\)/);
    expect(io.out).toMatch(/deepest call chain: api → orders → payments → ledger \(3 calls\)/);
    const json = memoryIo();
    await runRecommend([join(dir, 'payments.yaml')], { answers: join(dir, 'payments.answers.yaml'), format: 'json' }, json);
    expect(JSON.parse(json.out).dataPlaneCost.deepestChain.hops).toBe(3);
    const answersOnly = memoryIo();
    await runRecommend([join(dir, 'payments.answers.yaml').replace('payments.answers.yaml', '../scenarios/06-internal-mtls-compliance.yaml')], {}, answersOnly);
    expect(answersOnly.out).not.toContain('What the mesh would cost');
    expect(formatRecommendationText((await payments()).decision, { color: false })).not.toContain('What the mesh would cost');
  });
});
