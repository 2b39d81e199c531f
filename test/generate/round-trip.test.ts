/**
 * Round trip, for every generate fixture and every shared corpus system, in Istio sidecar mode,
 * Istio ambient mode without and with waypoints, and Linkerd: generate, read the files back,
 * and evaluate every pair of workloads with the policy evaluator (src/core/policy). Every
 * modelled call and the edge to every routed service must be allowed, everything else denied;
 * a difference fails naming the pair and the deciding object.
 */
import { describe, it, expect } from 'vitest';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadInput } from '../../src/app/input.js';
import { memoryIo } from '../../src/io.js';
import { planFiles } from '../../src/core/generate/index.js';
import type { Architecture, Answers, ProductPick } from '../../src/core/types.js';
import { corpusDir, defaults, fixturesDir, makeDecision, objectsOf } from './support.js';
import { describeMismatches, expectedEdgeTargets, roundTrip, type MeshVariant } from './round-trip.js';

interface Variant {
  name: string;
  mesh: MeshVariant;
  products: Array<Pick<ProductPick, 'role' | 'id'>>;
  answers: Partial<Answers>;
  /** Whether the plan must deploy waypoints (only when the input does not keep a sidecar installation). */
  waypoint: boolean;
}

/** Each variant also uses another gateway implementation, so every edge identity takes part. */
const VARIANTS: Variant[] = [
  { name: 'istio sidecar (Envoy Gateway edge)', mesh: 'istio-sidecar', products: [{ role: 'gateway', id: 'envoy-gateway' }, { role: 'mesh', id: 'istio-sidecar' }], answers: { trafficControl: [] }, waypoint: false },
  { name: 'istio ambient, no waypoint (Kong edge)', mesh: 'istio-ambient', products: [{ role: 'gateway', id: 'kong' }, { role: 'mesh', id: 'istio-ambient' }], answers: { trafficControl: [] }, waypoint: false },
  { name: 'istio ambient with waypoints (Istio edge)', mesh: 'istio-ambient', products: [{ role: 'mesh', id: 'istio-ambient' }], answers: { trafficControl: ['retries', 'timeouts'] }, waypoint: true },
  { name: 'linkerd (Envoy Gateway edge)', mesh: 'linkerd', products: [{ role: 'gateway', id: 'envoy-gateway' }, { role: 'mesh', id: 'linkerd' }], answers: { trafficControl: ['retries'] }, waypoint: false },
];

const present = existsSync(corpusDir);
if (!present) console.warn(`SKIPPED corpus: ${corpusDir} is absent, the round trip ran on the fixtures only`);
const fixtureNames = readdirSync(fixturesDir).filter((f) => f.endsWith('.decision.json')).map((f) => f.slice(0, -'.decision.json'.length)).sort();
const systems = present ? readdirSync(corpusDir).filter((d) => statSync(join(corpusDir, d)).isDirectory()).sort() : [];

const inputs: Array<{ label: string; path: string }> = [
  ...fixtureNames.map((n) => ({ label: `fixture ${n}`, path: join(fixturesDir, `${n}.yaml`) })),
  ...systems.map((s) => ({ label: `corpus ${s}`, path: join(corpusDir, s) })),
];

async function architectureOf(path: string): Promise<{ architecture: Architecture; answers: Answers }> {
  const input = await loadInput([path], {}, memoryIo());
  return { architecture: input.architecture!.architecture, answers: input.answers };
}

describe.each(inputs)('round trip: $label', ({ path }) => {
  it.each(VARIANTS)('$name: every modelled call allowed, every other pair denied', async (v) => {
    const { architecture, answers } = await architectureOf(path);
    const decision = makeDecision('both', v.products, { ...answers, ...v.answers, platform: 'kubernetes' });
    const k8s: Architecture = { ...architecture, platform: 'kubernetes' };
    const plan = planFiles({ architecture: k8s, answers: decision.answers, decision, source: path, defaults }, ['gateway-api', v.mesh === 'linkerd' ? 'linkerd' : 'istio']);
    expect(plan.nameProblems).toEqual([]);
    const keepsSidecar = /istio/i.test(architecture.mesh?.product ?? '') && architecture.mesh?.mode === 'sidecar';
    const mesh: MeshVariant = v.mesh === 'istio-ambient' && keepsSidecar ? 'istio-sidecar' : v.mesh;
    const objects = plan.files.flatMap((f) => (f.path.endsWith('.yaml') ? objectsOf(f) : []));
    expect(objects.some((o) => o.kind === 'Gateway' && o.spec?.['gatewayClassName'] === 'istio-waypoint')).toBe(v.waypoint && mesh === 'istio-ambient');
    // The edge routes exactly what it should (read back from the routes).
    // A backendRef without a namespace names a Service in the route's own namespace.
    const routed = new Set(objects.filter((o) => o.kind === 'HTTPRoute' || o.kind === 'GRPCRoute').filter((o) => o.metadata.name !== 'https-redirect' && JSON.stringify(o.spec!['parentRefs']).includes('"edge-gateway"')).flatMap((o) => ((o.spec!['rules'] as Array<{ backendRefs?: Array<{ name: string; namespace?: string }> }>) ?? []).flatMap((r) => (r.backendRefs ?? []).map((b) => `${b.namespace ?? o.metadata.namespace}/${b.name}`))));
    expect([...routed].sort()).toEqual([...expectedEdgeTargets(k8s)].sort());
    const r = roundTrip(k8s, plan, mesh);
    expect(r.pairs).toBeGreaterThan(0);
    expect(r.mismatches, describeMismatches(r.mismatches)).toEqual([]);
  });
});

describe('round trip catches a broken policy', () => {
  it('a caller removed from one generated policy shows up as a denied modelled call, naming the pair and the object', async () => {
    const { architecture, answers } = await architectureOf(join(fixturesDir, 'shop.yaml'));
    const decision = makeDecision('both', VARIANTS[0]!.products, { ...answers, trafficControl: [] });
    const plan = planFiles({ architecture, answers: decision.answers, decision, source: 'shop.yaml', defaults }, ['gateway-api', 'istio']);
    const file = plan.files.find((f) => f.path === 'istio/20-authorization-policies.yaml')!;
    const broken = { ...file, content: file.content.replace(/\n +- cluster\.local\/ns\/shop\/sa\/shop-checkout(?=\n)/, '') };
    expect(broken.content).not.toBe(file.content);
    const r = roundTrip(architecture, { ...plan, files: plan.files.map((f) => (f === file ? broken : f)) }, 'istio-sidecar');
    expect(describeMismatches(r.mismatches)).toMatch(/^checkout -> payments: expected ALLOWED, evaluator says denied by AuthorizationPolicy shop\/allow-nothing \(istio\/20-authorization-policies\.yaml\)/);
    expect(r.mismatches).toHaveLength(1);
  });
});

