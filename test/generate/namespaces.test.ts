/**
 * Two services of one name in two namespaces (test/fixtures/generate/two-carts.yaml: `cart` in
 * `shop` and in `legacy`) stay two services in every target: each gets its own policy, Server
 * and route in its own namespace, with its own ServiceAccount, pod labels and pod port, and
 * admits its own callers (a bare `cart` means the caller's namespace, as in Kubernetes DNS).
 * The round trip (round-trip.test.ts) evaluates the same fixture pair by pair; this test names
 * the objects.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadInput } from '../../src/app/input.js';
import { memoryIo } from '../../src/io.js';
import { planFiles } from '../../src/core/generate/index.js';
import type { Architecture } from '../../src/core/types.js';
import { defaults, fixturesDir, makeDecision, objectsOf, validateFiles, type K8sObject } from './support.js';

async function plan(targets: Parameters<typeof planFiles>[1], edit: (a: Architecture) => Architecture = (a) => a) {
  const input = await loadInput([join(fixturesDir, 'two-carts.yaml')], {}, memoryIo());
  const architecture = edit(input.architecture!.architecture);
  const decision = makeDecision('both', [{ role: 'gateway', id: 'envoy-gateway' }, { role: 'mesh', id: 'istio-sidecar' }], { ...input.answers, trafficControl: [], edgeNeeds: ['tls', 'rate-limiting'] });
  return planFiles({ architecture, answers: decision.answers, decision, source: 'two-carts.yaml', defaults }, targets);
}

const objects = (p: Awaited<ReturnType<typeof plan>>): K8sObject[] => p.files.filter((f) => f.path.endsWith('.yaml') && f.target !== 'kong').flatMap(objectsOf);
const find = (os: K8sObject[], kind: string, namespace: string, name: string) => os.find((o) => o.kind === kind && o.metadata.namespace === namespace && o.metadata.name === name);

describe('two services named cart, in shop and in legacy', () => {
  it('Istio: each cart admits its own callers, by their own ServiceAccounts, selecting its own pods', async () => {
    const os = objects(await plan(['istio']));
    const principals = (ns: string, name: string) => ((find(os, 'AuthorizationPolicy', ns, name)!.spec as { rules: Array<{ from: Array<{ source: { principals: string[] } }> }> }).rules[0]!.from[0]!.source.principals);
    expect(principals('shop', 'cart-allow-callers')).toEqual(['cluster.local/ns/legacy/sa/legacy-cart', 'cluster.local/ns/shop/sa/storefront']);
    expect(principals('legacy', 'cart-allow-callers')).toEqual(['cluster.local/ns/legacy/sa/legacy-web']);
    expect(principals('shop', 'cart-cache-allow-callers')).toEqual(['cluster.local/ns/shop/sa/shop-cart']);
    expect(principals('legacy', 'cart-db-allow-callers')).toEqual(['cluster.local/ns/legacy/sa/legacy-cart']);
    expect((find(os, 'AuthorizationPolicy', 'shop', 'cart-allow-callers')!.spec as { selector: unknown }).selector).toEqual({ matchLabels: { app: 'cart', tier: 'v2' } });
    expect((find(os, 'AuthorizationPolicy', 'legacy', 'cart-allow-callers')!.spec as { selector: unknown }).selector).toEqual({ matchLabels: { app: 'cart', tier: 'v1' } });
  });

  it('Linkerd: a Server per cart on its own pod port, admitting its own callers', async () => {
    const os = objects(await plan(['linkerd']));
    expect(find(os, 'Server', 'shop', 'cart')!.spec).toMatchObject({ port: 7070, proxyProtocol: 'gRPC', podSelector: { matchLabels: { app: 'cart', tier: 'v2' } } });
    expect(find(os, 'Server', 'legacy', 'cart')!.spec).toMatchObject({ port: 8080, proxyProtocol: 'HTTP/1', podSelector: { matchLabels: { app: 'cart', tier: 'v1' } } });
    expect(find(os, 'MeshTLSAuthentication', 'shop', 'cart-callers')!.spec).toEqual({ identityRefs: [{ kind: 'ServiceAccount', name: 'legacy-cart', namespace: 'legacy' }, { kind: 'ServiceAccount', name: 'storefront' }] });
    expect(find(os, 'MeshTLSAuthentication', 'legacy', 'cart-callers')!.spec).toEqual({ identityRefs: [{ kind: 'ServiceAccount', name: 'legacy-web' }] });
  });

  it('routes to both carts stay apart: Gateway API per namespace, unique decK services and nginx zones', async () => {
    // Both carts published (and rate limited): every edge target must tell them apart.
    const p = await plan(['gateway-api', 'kong', 'nginx'], (a) => ({ ...a, gateway: undefined, services: a.services.map((s) => (s.name === 'cart' ? { ...s, exposure: 'public' as const } : s)) }));
    expect(p.nameProblems).toEqual([]);
    const routes = objects(p).filter((o) => /Route$/.test(o.kind) && o.metadata.name !== 'https-redirect').map((o) => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`).sort();
    expect(routes).toEqual(['GRPCRoute shop/cart', 'HTTPRoute legacy/cart', 'HTTPRoute legacy/web', 'HTTPRoute shop/frontend']);
    const kong = p.files.find((f) => f.path === 'kong/kong.yaml')!.content;
    const kongNames = [...kong.matchAll(/^ {2}- name: (\S+)$/gm)].map((m) => m[1]);
    expect(kongNames.filter((n) => n!.startsWith('cart'))).toEqual(['cart.shop', 'cart.legacy']);
    expect(kong).toContain('host: cart.shop.svc');
    expect(kong).toContain('host: cart.legacy.svc');
    const nginx = p.files.find((f) => f.path === 'nginx/nginx.conf')!.content;
    expect(nginx).toContain('zone=rl_cart_shop:');
    expect(nginx).toContain('zone=rl_cart_legacy:');
    expect(validateFiles(p.files)).toEqual([]);
  });
});
