// Property: for any architecture the model allows, linting with every built-in rule never throws,
// every finding names a loaded rule, has a filled-in message and a 1-based position, and the
// result does not depend on anything but the input (same input, same findings).
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { lintArchitecture } from '../../src/core/lint/runner.js';
import { loadLintRules } from '../../src/shell/load-lint-rules.js';
import { PROTOCOLS, SERVICE_KINDS, EXPOSURES, AUTH_KINDS, MTLS_MODES, PLATFORMS, type Architecture, type Service } from '../../src/core/types.js';

const rules = await loadLintRules();
const ids = new Set(rules.map((r) => r.id));
const names = ['a', 'b', 'c', 'edge', 'db', 'Bad_Name', 'x'.repeat(70)];
const name = fc.constantFrom(...names);

const service: fc.Arbitrary<Service> = fc.record(
  {
    name,
    kind: fc.constantFrom(...SERVICE_KINDS),
    exposure: fc.constantFrom(...EXPOSURES),
    protocols: fc.uniqueArray(fc.constantFrom(...PROTOCOLS), { maxLength: 3 }),
    replicas: fc.integer({ min: 0, max: 4 }),
    auth: fc.constantFrom(...AUTH_KINDS),
    rateLimit: fc.boolean(),
    image: fc.constantFrom('nginx:1.27', 'registry.k8s.io/ingress-nginx/controller:v1.11.2', 'envoyproxy/envoy:v1.30'),
    calls: fc.array(fc.record({ to: name, protocol: fc.constantFrom(...PROTOCOLS), via: fc.constantFrom('edge', 'kong') }, { requiredKeys: ['to'] }), { maxLength: 4 }),
  },
  { requiredKeys: ['name', 'kind', 'exposure', 'protocols', 'calls'] },
);

const architecture: fc.Arbitrary<Architecture> = fc.record(
  {
    apiVersion: fc.constant('meshgate/v1' as const),
    kind: fc.constant('Architecture' as const),
    metadata: fc.constant({ name: 'p' }),
    platform: fc.constantFrom(...PLATFORMS),
    services: fc.array(service, { maxLength: 8 }),
    gateway: fc.record({ product: fc.constantFrom('kong', 'ingress-nginx'), service: name, replicas: fc.integer({ min: 0, max: 3 }), routes: fc.array(name, { maxLength: 4 }) }, { requiredKeys: ['product', 'routes'] }),
    mesh: fc.record({ product: fc.constantFrom('istio', 'osm', 'linkerd'), mode: fc.constant('sidecar' as const), mtls: fc.constantFrom(...MTLS_MODES), members: fc.array(name, { maxLength: 5 }) }),
    observability: fc.record({ tracing: fc.constant('otel') }),
  },
  { requiredKeys: ['apiVersion', 'kind', 'metadata', 'platform', 'services'] },
);

describe('lintArchitecture over arbitrary architectures', () => {
  it('never throws and always yields well-formed, deterministic findings', () => {
    const locate = (pointer: string) => ({ file: 'p.yaml', line: pointer.split('/').length, column: 1 + pointer.length });
    fc.assert(
      fc.property(architecture, fc.constantFrom(undefined, { compliance: true }, { serviceSecurity: 'mtls' as const }), (arch, answers) => {
        const findings = lintArchitecture({ architecture: arch, locate }, rules, { answers });
        for (const f of findings) {
          expect(ids.has(f.ruleId)).toBe(true);
          expect(f.message).not.toMatch(/\{\{|\}\}/);
          expect(f.message).not.toContain('undefined');
          expect(f.line).toBeGreaterThanOrEqual(1);
          expect(f.column).toBeGreaterThanOrEqual(1);
        }
        expect(lintArchitecture({ architecture: arch, locate }, rules, { answers })).toEqual(findings);
      }),
      { numRuns: 300 },
    );
  });
});
