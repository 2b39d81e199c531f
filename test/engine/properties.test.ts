// Invariants of the engine over random answers: scores are the sums of the reasons, the verdict
// is the best score, what-ifs really flip the verdict, and no retired product is ever picked.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decide, scoreAnswers, rankOutcomes } from '../../src/core/engine.js';
import { applyChange } from '../../src/core/what-if.js';
import { loadScoringRules } from '../../src/shell/load-scoring-rules.js';
import {
  TRAFFIC, CONSUMERS, EDGE_NEEDS, SERVICE_SECURITY, OBSERVABILITY, TRAFFIC_CONTROL, PLATFORMS,
  PROTOCOLS, TEAMS, LATENCY, CLOUDS, OUTCOMES, type Answers,
} from '../../src/core/types.js';

const rules = loadScoringRules();
const RETIRED = ['aws-app-mesh', 'open-service-mesh', 'ingress-nginx', 'nginx-service-mesh', 'osm', 'app-mesh'];

const subset = <T>(values: readonly T[]) => fc.subarray([...values]);
export const answersArb: fc.Arbitrary<Answers> = fc.record({
  apiVersion: fc.constant('meshgate/v1' as const),
  kind: fc.constant('Answers' as const),
  traffic: fc.constantFrom(...TRAFFIC),
  services: fc.oneof(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 5000 })),
  consumers: subset(CONSUMERS),
  edgeNeeds: subset(EDGE_NEEDS),
  serviceSecurity: fc.constantFrom(...SERVICE_SECURITY),
  compliance: fc.boolean(),
  observability: fc.constantFrom(...OBSERVABILITY),
  trafficControl: subset(TRAFFIC_CONTROL),
  platform: fc.constantFrom(...PLATFORMS),
  clusters: fc.integer({ min: 1, max: 6 }),
  languages: fc.integer({ min: 1, max: 8 }),
  protocols: subset(PROTOCOLS),
  team: fc.constantFrom(...TEAMS),
  latency: fc.constantFrom(...LATENCY),
  cloud: fc.constantFrom(...CLOUDS),
});

describe('engine invariants (random answers)', () => {
  it('scores are exactly the sums of the reasons, and the verdict is the best score', () => {
    fc.assert(
      fc.property(answersArb, (answers) => {
        const d = decide(answers, rules);
        expect(Object.keys(d.scores).sort()).toEqual([...OUTCOMES].sort());
        for (const o of OUTCOMES) {
          expect(Number.isInteger(d.scores[o])).toBe(true);
          expect(d.reasons.reduce((sum, r) => sum + (r.effect[o] ?? 0), 0)).toBe(d.scores[o]);
        }
        for (const o of OUTCOMES) expect(d.scores[d.recommendation]).toBeGreaterThanOrEqual(d.scores[o]);
        expect(d.runnerUp).not.toBe(d.recommendation);
        expect(d.margin).toBe(d.scores[d.recommendation] - d.scores[d.runnerUp]);
        expect(d.margin).toBeGreaterThanOrEqual(0);
        if (d.margin <= 2) expect(d.close).toBe(true);
        for (let i = 1; i < d.reasons.length; i++) expect(d.reasons[i - 1]!.weight).toBeGreaterThanOrEqual(d.reasons[i]!.weight);
      }),
      { numRuns: 300 },
    );
  });

  it('never picks a retired product, and picks the roles the outcome needs', () => {
    const known = new Set(rules.products.products.map((p) => p.id));
    fc.assert(
      fc.property(answersArb, (answers) => {
        const d = decide(answers, rules);
        for (const p of d.products) {
          expect(known.has(p.id)).toBe(true);
          expect(RETIRED).not.toContain(p.id);
          expect(p.sources.length).toBeGreaterThan(0);
        }
        const roles = d.products.map((p) => p.role);
        if (d.recommendation === 'gateway') expect(roles).toEqual(['gateway']);
        if (d.recommendation === 'both') {
          expect(roles[0]).toBe('gateway');
          expect(['mesh', 'managed']).toContain(roles[1]);
        }
        if (d.recommendation === 'mesh') expect(['mesh', 'managed']).toContain(roles[0]);
        if (d.recommendation === 'neither') for (const r of roles) expect(['ingress', 'proxy', 'gateway']).toContain(r);
      }),
      { numRuns: 300 },
    );
  });

  it('every what-if really flips the verdict to what it says, and only changes one answer', () => {
    fc.assert(
      fc.property(answersArb, (answers) => {
        const d = decide(answers, rules);
        for (const w of d.whatIf) {
          expect(w.recommendation).not.toBe(d.recommendation);
          const changed = applyChange(answers, w.field, w.value);
          const differing = Object.keys(answers).filter((k) => JSON.stringify(changed[k as keyof Answers]) !== JSON.stringify(answers[k as keyof Answers]));
          expect(differing).toEqual([w.field]);
          const again = scoreAnswers(changed, rules.rules);
          expect(again.scores).toEqual(w.scores);
          expect(rankOutcomes(again.scores)[0]).toBe(w.recommendation);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('never recommends a mesh (alone or with a gateway) when nothing between services needs one', () => {
    fc.assert(
      fc.property(answersArb, (raw) => {
        const answers: Answers = { ...raw, serviceSecurity: 'none', observability: raw.observability === 'tracing' || raw.observability === 'golden-metrics' ? 'edge' : raw.observability, trafficControl: raw.trafficControl.filter((t) => t === 'canary-edge'), clusters: 1 };
        expect(['gateway', 'neither']).toContain(decide(answers, rules).recommendation);
      }),
      { numRuns: 300 },
    );
  });

  it('never recommends a gateway (alone or with a mesh) when nobody calls in and the edge needs nothing', () => {
    fc.assert(
      fc.property(answersArb, (raw) => {
        const answers: Answers = { ...raw, consumers: [], edgeNeeds: [], platform: raw.platform === 'serverless' ? 'kubernetes' : raw.platform };
        expect(['mesh', 'neither']).toContain(decide(answers, rules).recommendation);
      }),
      { numRuns: 300 },
    );
  });

  it('is deterministic', () => {
    fc.assert(fc.property(answersArb, (answers) => {
      expect(decide(answers, rules)).toEqual(decide(structuredClone(answers), rules));
    }), { numRuns: 50 });
  });
});

describe('what-if examples', () => {
  it('finds the mTLS change that turns a partner API into "both"', () => {
    const answers: Answers = {
      apiVersion: 'meshgate/v1', kind: 'Answers', traffic: 'both', services: 40, consumers: ['partners'],
      edgeNeeds: ['tls', 'auth', 'api-keys'], serviceSecurity: 'none', compliance: false, observability: 'edge',
      trafficControl: [], platform: 'kubernetes', clusters: 1, languages: 1, protocols: ['http'], team: 'platform',
      latency: 'normal', cloud: 'none',
    };
    const d = decide(answers, rules);
    expect(d.recommendation).toBe('gateway');
    const mtls = d.whatIf.find((w) => w.field === 'serviceSecurity' && w.value === 'mtls');
    expect(mtls?.recommendation).toBe('both');
    expect(decide({ ...answers, serviceSecurity: 'mtls' }, rules).recommendation).toBe('both');
  });

  it('orders single flips before far-off service counts', () => {
    const answers = { apiVersion: 'meshgate/v1', kind: 'Answers', traffic: 'east-west', services: 8,
      consumers: [], edgeNeeds: [], serviceSecurity: 'none', compliance: false, observability: 'golden-metrics',
      trafficControl: [], platform: 'kubernetes', clusters: 1, languages: 1, protocols: ['http'], team: 'small',
      latency: 'normal', cloud: 'none' } as Answers;
    const d = decide(answers, rules);
    const firstNumeric = d.whatIf.findIndex((w) => typeof w.value === 'number' && Math.abs(Math.log2((w.value as number) / 8)) > 1.5);
    const lastSimple = d.whatIf.map((w) => typeof w.value !== 'number').lastIndexOf(true);
    if (firstNumeric >= 0 && lastSimple >= 0) expect(firstNumeric).toBeGreaterThan(lastSimple);
    expect(d.whatIf.length).toBeGreaterThan(0);
  });
});
