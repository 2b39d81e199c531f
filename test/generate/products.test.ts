/**
 * Parity between the product catalogue (rules/products.yaml) and generate: every product the
 * decision can pick is handled, on every platform it runs on. Either generate writes that
 * product's own configuration (the targets that configure it, and files for them), or it
 * declines out loud (a note naming the product and why, the pick recorded as declined) and
 * writes nothing in its place: no other product's config stands in for it.
 */
import { describe, expect, it } from 'vitest';
import { PLATFORMS, type Outcome, type Platform, type ProductPick } from '../../src/core/types.js';
import { loadScoringRules } from '../../src/shell/load-scoring-rules.js';
import { planFiles, PRODUCT_SUPPORT } from '../../src/core/generate/index.js';
import { defaults, makeDecision, objectsOf, validateFiles } from './support.js';

const catalogue = loadScoringRules().products.products;

/** The role the engine gives a product of this category and kind (src/core/products.ts roleFor). */
function roleOf(p: (typeof catalogue)[number], platform: Platform): ProductPick['role'] {
  if (p.category === 'mesh') return p.kind === 'managed' ? 'managed' : 'mesh';
  if (p.category === 'companion') return p.kind as ProductPick['role'];
  return 'gateway';
}

const verdictOf: Record<string, Outcome> = { gateway: 'gateway', mesh: 'mesh', managed: 'mesh' };

const cases = catalogue.flatMap((p) => (p.platforms ?? [...PLATFORMS]).map((platform) => ({ id: p.id, platform: platform as Platform, product: p })));

describe('every catalogue product is handled by generate', () => {
  it('the table and the catalogue list the same products', () => {
    expect(Object.keys(PRODUCT_SUPPORT).sort()).toEqual(catalogue.map((p) => p.id).sort());
  });

  it.each(cases.map((c) => [`${c.id} on ${c.platform}`, c] as const))('%s: written, or declined with why and nothing in its place', (_name, c) => {
    const role = roleOf(c.product, c.platform);
    // A companion rides with a gateway verdict whose edge pick is itself declined, so the plan holds only what is written for the companion.
    const picks = c.product.category === 'companion' ? [{ role: 'gateway' as const, id: 'aws-api-gateway' }, { role, id: c.id }] : [{ role, id: c.id }];
    // A mesh alone has no callers from outside (the engine picks an edge product when it has).
    const consumers = role === 'mesh' || role === 'managed' ? [] : ['browser' as const];
    const decision = makeDecision(verdictOf[role] ?? 'gateway', picks, { platform: c.platform, consumers, services: 3 });
    const plan = planFiles({ answers: decision.answers, decision, source: 'answers.yaml', defaults });
    expect(plan.nameProblems).toEqual([]);
    const mine = plan.products.find((p) => p.id === c.id)!;
    expect(mine, 'the pick is in the plan').toBeDefined();
    expect(mine.detail.length).toBeGreaterThan(20);
    if (mine.outcome === 'written') {
      expect(mine.files.length).toBeGreaterThan(0);
      // Gateway API objects carry the class of this product's controller, never a guess.
      for (const f of plan.files.filter((x) => x.target === 'gateway-api' || x.target === 'ingress')) {
        for (const o of objectsOf(f).filter((x) => x.kind === 'Gateway' && x.metadata.name === 'edge-gateway')) expect(o.spec!['gatewayClassName']).not.toBe('example-gateway-class');
      }
    } else {
      expect(mine.files).toEqual([]);
      expect(plan.notes).toContain(`no starter config is written for ${mine.name} (${role}): ${mine.detail}.`);
    }
    // Nothing is written that no pick accounts for.
    expect(plan.files.map((f) => f.path).sort()).toEqual(plan.products.flatMap((p) => p.files).sort());
  });

  it('what is written for each writable product validates (CRDs with CEL, decK, nginx -t, the Traefik file-provider schema)', () => {
    // One platform per distinct set of targets a product gets (Kong and Traefik write other files off Kubernetes).
    const firstWritten = new Map<string, [string, Platform]>();
    for (const c of cases) {
      const targets = PRODUCT_SUPPORT[c.id]!(c.platform).targets;
      const key = `${c.id} ${targets.join('+')}`;
      if (!firstWritten.has(key) && targets.length > 0) firstWritten.set(key, [c.id, c.platform]);
    }
    expect(new Set([...firstWritten.values()].map(([id]) => id)).size).toBeGreaterThanOrEqual(12);
    for (const [key, [id, platform]] of firstWritten) {
      const p = catalogue.find((x) => x.id === id)!;
      const role = roleOf(p, platform);
      const decision = makeDecision(verdictOf[role] ?? 'gateway', [{ role, id }], { platform, consumers: ['browser'], services: 3, edgeNeeds: ['tls', 'auth', 'rate-limiting'] });
      const plan = planFiles({ answers: decision.answers, decision, source: 'answers.yaml', defaults });
      expect(validateFiles(plan.files), key).toEqual([]);
    }
  });

  it('Traefik off Kubernetes gets its own file-provider configuration, recorded as written; on Kubernetes, Gateway API objects', () => {
    const traefik = catalogue.find((p) => p.id === 'traefik')!;
    const platforms = (traefik.platforms ?? [...PLATFORMS]) as Platform[];
    expect(platforms.filter((p) => p !== 'kubernetes' && p !== 'mixed').length).toBeGreaterThanOrEqual(3);
    for (const platform of platforms) {
      const decision = makeDecision('gateway', [{ role: 'gateway', id: 'traefik' }], { platform, consumers: ['browser'], services: 3 });
      const plan = planFiles({ answers: decision.answers, decision, source: 'answers.yaml', defaults });
      const mine = plan.products.find((p) => p.id === 'traefik')!;
      expect(mine.outcome, platform).toBe('written');
      expect(plan.notes.join('\n'), platform).not.toContain('no starter config is written for Traefik');
      const expected = platform === 'kubernetes' ? ['gateway-api'] : platform === 'mixed' ? ['gateway-api', 'traefik'] : ['traefik'];
      expect(plan.targets, platform).toEqual(expected);
      expect(mine.files.includes('traefik/dynamic.yaml'), platform).toBe(platform !== 'kubernetes');
    }
  });

  it('Cloud Service Mesh gets Istio sidecar-mode policy, installed by Google, not istioctl', () => {
    const decision = makeDecision('mesh', [{ role: 'managed', id: 'cloud-service-mesh' }, { role: 'ingress', id: 'gke-gateway' }], { platform: 'kubernetes', cloud: 'gcp', consumers: ['browser'] });
    const plan = planFiles({ answers: decision.answers, decision, source: 'answers.yaml', defaults });
    expect(plan.targets).toEqual(['gateway-api', 'istio']);
    const ns = plan.files.find((f) => f.path === 'istio/00-namespace.yaml')!;
    expect(objectsOf(ns)[0]!.metadata.labels).toMatchObject({ 'istio-injection': 'enabled' });
    expect(ns.content).toContain('gcloud container fleet mesh update --management automatic');
    expect(ns.content).not.toContain('istioctl install');
    const gateway = plan.files.flatMap(objectsOf).find((o) => o.kind === 'Gateway' && o.metadata.name === 'edge-gateway')!;
    expect(gateway.spec!['gatewayClassName']).toBe('gke-l7-global-external-managed');
    // The Google load balancer sends from outside the cluster: said, not hidden behind an invented identity.
    expect(plan.context.edgeId.assumed).toBe(true);
    expect(plan.context.edgeId.how).toMatch(/outside the cluster/);
    expect(plan.notes).toContainEqual(expect.stringMatching(/^WARNING: GKE Gateway controller sends to the pods from outside the cluster, with no mesh identity: the mesh's mutual TLS refuses its requests/));
  });
});
