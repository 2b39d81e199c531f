/**
 * Which targets `generate` picks by default (fixture table), and what the answers-only
 * placeholder setup looks like for every outcome: valid, marked as placeholders, and for
 * "both" a gateway and a mesh that fit together.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { createHash } from 'node:crypto';
import { defaultTargets, planFiles, TARGETS } from '../../src/core/generate/index.js';
import type { Architecture, Outcome, Platform, ProductPick } from '../../src/core/types.js';
import { fixturesDir, makeDecision, objectsOf, validateFiles, defaults } from './support.js';

interface Case {
  recommendation: Outcome;
  products: string[];
  platform: Platform;
  targets: string[];
  note?: string;
}

const cases = load(readFileSync(join(fixturesDir, 'selection/default-targets.yaml'), 'utf8')) as Case[];

function decisionFor(c: Pick<Case, 'recommendation' | 'products'>, answers: Record<string, unknown> = {}) {
  const products = c.products.map((p) => {
    const [role, id] = p.split('/') as [ProductPick['role'], string];
    return { role, id };
  });
  return makeDecision(c.recommendation, products, answers);
}

describe('default targets', () => {
  it.each(cases.map((c) => [`${c.recommendation} ${c.products.join('+') || '(no picks)'} on ${c.platform}`, c] as const))('%s', (_name, c) => {
    const decision = decisionFor(c, { platform: c.platform });
    expect(defaultTargets(decision, c.platform)).toEqual(c.targets);
    const notes = planFiles({ answers: decision.answers, decision, source: 'a.yaml', defaults }).notes.filter((n) => !/placeholder services/.test(n)).join('\n');
    if (c.note) expect(notes).toContain(c.note);
    else expect(notes).toBe('');
  });
});

describe('from answers alone (placeholders)', () => {
  it.each<Outcome>(['gateway', 'mesh', 'both', 'neither'])('%s: every target is valid and marked as placeholders', (outcome) => {
    const decision = decisionFor({ recommendation: outcome, products: [] }, { services: 6, consumers: ['browser', 'partners'], edgeNeeds: ['api-keys', 'rate-limiting'], protocols: ['http', 'grpc'], trafficControl: ['retries', 'timeouts', 'circuit-breaking'] });
    const plan = planFiles({ answers: decision.answers, decision, source: 'answers.yaml', defaults }, [...TARGETS]);
    expect(plan.nameProblems).toEqual([]);
    expect(validateFiles(plan.files)).toEqual([]);
    for (const f of plan.files) expect(f.content).toContain('PLACEHOLDERS: built from answers alone');
    // Objects built for a placeholder service say so right above them.
    const policies = plan.files.find((f) => f.path === 'istio/20-authorization-policies.yaml')!.content;
    // (with waypoints a service nobody calls inside the mesh has only its -allow-waypoint policy)
    for (const n of [1, 2, 3]) expect(policies).toMatch(new RegExp(`# PLACEHOLDER: "service-${n}" stands for one of your services[^\n]*\napiVersion: security\\.istio\\.io/v1\nkind: AuthorizationPolicy\nmetadata:\n  name: service-${n}-allow-(callers|waypoint)`));
    const names = new Set(plan.files.flatMap((f) => (f.target === 'kong' || f.target === 'nginx' || f.target === 'traefik' ? [] : objectsOf(f))).filter((o) => o.kind === 'Server').map((o) => o.metadata.name));
    expect([...names].sort()).toEqual(['service-1', 'service-2', 'service-3']);
    expect(plan.notes.join('\n')).toMatch(/placeholder services/);
  });

  it('both: the mesh admits the gateway identity for exactly the routed services, and routes skip internal ones', () => {
    const decision = decisionFor({ recommendation: 'both', products: ['gateway/envoy-gateway', 'mesh/istio-ambient'] }, { services: 3, consumers: ['browser', 'partners'] });
    const plan = planFiles({ answers: decision.answers, decision, source: 'answers.yaml', defaults });
    expect(plan.targets).toEqual(['gateway-api', 'istio']);
    const objects = plan.files.flatMap(objectsOf);
    const routed = objects.filter((o) => o.kind === 'HTTPRoute' && o.metadata.name !== 'https-redirect').map((o) => o.metadata.name).sort();
    expect(routed).toEqual(['service-1', 'service-2']);
    // Envoy Gateway runs the proxies of Gateway edge/edge-gateway in envoy-gateway-system, under a
    // ServiceAccount named from the Gateway's namespace and name and the start of their sha256.
    const hash = createHash('sha256').update('edge/edge-gateway').digest('hex').slice(0, 8);
    const gatewayPrincipal = `cluster.local/ns/envoy-gateway-system/sa/envoy-edge-edge-gateway-${hash}`;
    const admitting = objects
      .filter((o) => o.kind === 'AuthorizationPolicy')
      .filter((o) => JSON.stringify(o.spec).includes(`"${gatewayPrincipal}"`))
      .map((o) => (o.spec!['selector'] as { matchLabels: { app: string } }).matchLabels.app)
      .sort();
    expect(admitting).toEqual(routed);
    const gateway = objects.find((o) => o.kind === 'Gateway' && o.metadata.name === 'edge-gateway')!;
    expect(gateway.spec!['gatewayClassName']).toBe('eg');
  });
});

describe('nothing to route or police', () => {
  it('writes no empty file when there is nothing to route, and the datastore still gets its policy', () => {
    const decision = decisionFor({ recommendation: 'both', products: ['gateway/kong', 'mesh/linkerd'] });
    const architecture: Architecture = {
      apiVersion: 'meshgate/v1',
      kind: 'Architecture',
      metadata: { name: 'data-only' },
      platform: 'kubernetes',
      services: [{ name: 'warehouse', kind: 'datastore', exposure: 'internal', protocols: ['tcp'], port: 5432, calls: [] }],
    };
    const plan = planFiles({ architecture, answers: decision.answers, decision, source: 'data.yaml', defaults }, [...TARGETS]);
    expect(plan.files.map((f) => f.path)).toEqual([
      'gateway-api/01-gateway.yaml',
      'kong/kong.yaml',
      'nginx/nginx.conf',
      'traefik/dynamic.yaml',
      'istio/00-namespace.yaml',
      'istio/10-peer-authentication.yaml',
      'istio/20-authorization-policies.yaml',
      'istio/40-telemetry.yaml',
      'linkerd/00-namespace.yaml',
      'linkerd/10-policy.yaml',
      'ingress/01-gateway.yaml',
    ]);
    // Nobody calls the datastore: its Server admits nobody, and Istio's namespace default deny holds.
    const objects = plan.files.flatMap((f) => (f.target === 'kong' || f.target === 'nginx' || f.target === 'traefik' ? [] : objectsOf(f)));
    expect(objects.filter((o) => o.kind === 'Server').map((o) => `${o.metadata.namespace}/${o.metadata.name}:${String(o.spec!['port'])}`)).toEqual(['data-only/warehouse:5432']);
    expect(objects.filter((o) => o.kind === 'AuthorizationPolicy').map((o) => `${o.metadata.namespace}/${o.metadata.name}`)).toEqual(['data-only/allow-nothing']);
    expect(validateFiles(plan.files)).toEqual([]);
    expect(plan.files[0]!.content).toContain('no route: the Gateway routes nothing yet');
  });
});


describe('rate limiting asked for in the answers', () => {
  const architecture = (limited: boolean): Architecture => ({
    apiVersion: 'meshgate/v1',
    kind: 'Architecture',
    metadata: { name: 'limits' },
    platform: 'kubernetes',
    services: [
      { name: 'web', kind: 'service', exposure: 'public', protocols: ['http'], port: 80, calls: [{ to: 'api' }] },
      { name: 'api', kind: 'service', exposure: 'partner', protocols: ['http'], port: 8080, rateLimit: limited, calls: [] },
      { name: 'db', kind: 'service', exposure: 'internal', protocols: ['http'], port: 8081, calls: [] },
    ],
  });
  const limitedServices = (a: Architecture): string[] => {
    const decision = decisionFor({ recommendation: 'gateway', products: ['gateway/kong'] }, { edgeNeeds: ['rate-limiting'] });
    const plan = planFiles({ architecture: a, answers: decision.answers, decision, source: 'a.yaml', defaults }, ['kong']);
    const doc = objectsOf(plan.files[0]!)[0] as unknown as { services: Array<{ name: string; plugins?: Array<{ name: string }> }> };
    return doc.services.filter((s) => (s.plugins ?? []).some((p) => p.name === 'rate-limiting')).map((s) => s.name);
  };

  it('covers every exposed service when the architecture names none', () => {
    expect(limitedServices(architecture(false))).toEqual(['web', 'api']);
  });

  it('follows the architecture when it names the limited services', () => {
    expect(limitedServices(architecture(true))).toEqual(['api']);
  });
});
