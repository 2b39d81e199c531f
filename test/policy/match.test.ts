/**
 * The evaluator's primitives (label selectors, CIDRs) against the Kubernetes definitions, and
 * the evaluator's robustness: objects read from users' files can hold anything, and a verdict
 * must still come back (never an exception).
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { evaluateCall, indexCluster, ipInCidr, selectorMatches, type KubeObject, type Workload } from '../../src/core/policy/index.js';

describe('label selectors (kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors)', () => {
  it.each<[string, Parameters<typeof selectorMatches>[0], Record<string, string>, boolean]>([
    ['empty selector selects everything', {}, { a: '1' }, true],
    ['matchLabels must all hold', { matchLabels: { a: '1', b: '2' } }, { a: '1' }, false],
    ['In', { matchExpressions: [{ key: 'env', operator: 'In', values: ['prod', 'qa'] }] }, { env: 'qa' }, true],
    ['In needs the key', { matchExpressions: [{ key: 'env', operator: 'In', values: ['prod'] }] }, {}, false],
    ['NotIn holds without the key', { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['dev'] }] }, {}, true],
    ['NotIn refuses a listed value', { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['dev'] }] }, { env: 'dev' }, false],
    ['Exists', { matchExpressions: [{ key: 'tier', operator: 'Exists' }] }, { tier: '' }, true],
    ['DoesNotExist', { matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] }, { tier: 'x' }, false],
    ['labels and expressions are ANDed', { matchLabels: { a: '1' }, matchExpressions: [{ key: 'b', operator: 'Exists' }] }, { a: '1' }, false],
    ['an unknown operator selects nothing', { matchExpressions: [{ key: 'a', operator: 'Like', values: ['1'] }] }, { a: '1' }, false],
  ])('%s', (_what, selector, labels, expected) => {
    expect(selectorMatches(selector, labels)).toBe(expected);
  });
});

describe('CIDR matching', () => {
  it.each<[string, string, boolean]>([
    ['10.1.2.3', '10.0.0.0/8', true],
    ['11.1.2.3', '10.0.0.0/8', false],
    ['172.17.1.9', '172.17.1.0/24', true],
    ['172.17.2.9', '172.17.1.0/24', false],
    ['10.0.0.5', '10.0.0.5', true],
    ['1.2.3.4', '0.0.0.0/0', true],
    ['fd00::1', 'fd00::/8', true],
    ['2001:db8::1', 'fd00::/8', false],
    ['2001:db8::1', '0.0.0.0/0', false],
    ['::1', '::/0', true],
    ['300.1.1.1', '0.0.0.0/0', false],
    ['10.0.0.1', '10.0.0.0/33', false],
  ])('%s in %s: %s', (ip, cidr, expected) => {
    expect(ipInCidr(ip, cidr)).toBe(expected);
  });

  it('agrees with a prefix comparison of the 32-bit values on random IPv4 input', () => {
    fc.assert(
      fc.property(fc.nat(0xffffffff), fc.nat(0xffffffff), fc.integer({ min: 0, max: 32 }), (a, b, len) => {
        const text = (n: number) => [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');
        const mask = len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
        expect(ipInCidr(text(a), `${text(b)}/${len}`)).toBe(((a & mask) >>> 0) === ((b & mask) >>> 0));
      }),
    );
  });
});

describe('hostile or broken objects', () => {
  const w = (name: string, extra: Partial<Workload> = {}): Workload => ({ name, namespace: 'ns', serviceAccount: name, labels: { app: name }, ...extra });
  const kinds: Array<[string, string]> = [
    ['security.istio.io/v1', 'AuthorizationPolicy'],
    ['security.istio.io/v1', 'PeerAuthentication'],
    ['policy.linkerd.io/v1beta3', 'Server'],
    ['policy.linkerd.io/v1alpha1', 'AuthorizationPolicy'],
    ['policy.linkerd.io/v1alpha1', 'MeshTLSAuthentication'],
    ['networking.k8s.io/v1', 'NetworkPolicy'],
    ['gateway.networking.k8s.io/v1', 'Gateway'],
    ['v1', 'Namespace'],
    ['v1', 'Service'],
  ];
  it('any spec content gives a verdict, never an exception', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...kinds), fc.anything({ maxDepth: 4 }), fc.constantFrom('ns', 'istio-system', undefined)), { maxLength: 6 }),
        fc.constantFrom<Workload['dataplane']>('none', 'istio-sidecar', 'istio-ambient', 'linkerd', undefined),
        (specs, dataplane) => {
          const objects = specs.map(([[apiVersion, kind], spec, namespace], i) => ({
            object: { apiVersion, kind, metadata: { name: `o${i}`, ...(namespace ? { namespace } : {}), labels: { 'istio.io/use-waypoint': 'o0' } }, spec } as unknown as KubeObject,
          }));
          const v = evaluateCall(indexCluster(objects), { from: w('a', { dataplane }), to: w('b', { dataplane, ports: [{ containerPort: 80 }] }), port: 80, protocol: 'http', service: { name: 'o8' } });
          expect(typeof v.allowed).toBe('boolean');
          expect(v.trace.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 300 },
    );
  });
});
