// Invariants of the decision model over thousands of random answer sets: feasibility before
// scores (no serverless answers end in a mesh), no cliffs in the service count, "both" only for
// two hard needs, adjustments never create a layer, scores are the sums of the reasons, every
// product pick meets what its role needs, what-ifs really flip the verdict.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { assess, decide, verdict, rankOutcomes, BOTH_NEEDS_TWO_HARD_NEEDS, NO_PRODUCT } from '../../src/core/engine.js';
import { applyChange } from '../../src/core/what-if.js';
import { edgeRequirements, meshRequirements, effectiveProvides, unfit, SLOTS, type Slot } from '../../src/core/products.js';
import { loadScoringRules } from '../../src/shell/load-scoring-rules.js';
import { OUTCOMES, type Answers, type Outcome } from '../../src/core/types.js';
import { answersArb } from './arbitraries.js';

const rules = loadScoringRules();
const RETIRED = new Set(rules.products.retired.map((r) => r.id));
const known = new Set(rules.products.products.map((p) => p.id));

/** The slot a picked role came from. */
function slotOf(role: string): Slot {
  if (role === 'ingress' || role === 'proxy') return 'edge';
  if (role === 'managed') return 'mesh';
  return (SLOTS as readonly string[]).includes(role) ? (role as Slot) : 'gateway';
}

/** Runs for the cheap properties (assess only) and for the ones that build whole decisions. */
const MANY = 3000;
const SOME = 600;

describe('feasibility before scores', () => {
  it(`no serverless answer set ends in mesh or both (${MANY} runs)`, () => {
    fc.assert(
      fc.property(answersArb, (raw) => {
        const answers: Answers = { ...raw, platform: 'serverless' };
        const { recommendation } = verdict(answers, rules);
        expect(['gateway', 'neither']).toContain(recommendation);
      }),
      { numRuns: MANY },
    );
  });

  it(`no Container Apps or Cloud Run answer set ends in mesh or both: their built-ins come first (${SOME} runs)`, () => {
    fc.assert(
      fc.property(answersArb, fc.constantFrom('container-apps' as const, 'cloud-run' as const), (raw, platform) => {
        const d = decide({ ...raw, platform }, rules, { whatIfs: false });
        expect(['gateway', 'neither']).toContain(d.recommendation);
        expect(d.vetoed.map((v) => v.outcome)).toEqual(expect.arrayContaining(['mesh', 'both']));
        if (d.layers.mesh.hardNeeds.length + d.layers.mesh.softNeeds.length > 0) {
          expect(d.products.some((p) => p.role === 'built-in')).toBe(true);
        }
      }),
      { numRuns: SOME },
    );
  });

  it(`a vetoed outcome never wins, and every veto names its constraint (${MANY} runs)`, () => {
    fc.assert(
      fc.property(answersArb, (answers) => {
        const a = assess(answers, rules);
        const winner = a.ranked[0]!;
        expect(a.vetoed.map((v) => v.outcome)).not.toContain(winner);
        const ids = new Set([...rules.constraints.map((c) => c.id), BOTH_NEEDS_TWO_HARD_NEEDS, NO_PRODUCT]);
        for (const v of a.vetoed) {
          expect(ids.has(v.constraint)).toBe(true);
          expect(v.reason.length).toBeGreaterThan(20);
        }
      }),
      { numRuns: MANY },
    );
  });
});

describe('two decisions, then one verdict', () => {
  it(`moving services by one never moves any score by more than 2 (${MANY} runs)`, () => {
    fc.assert(
      fc.property(answersArb, fc.integer({ min: 1, max: 400 }), (raw, n) => {
        const a = assess({ ...raw, services: n }, rules).scores;
        const b = assess({ ...raw, services: n + 1 }, rules).scores;
        for (const o of OUTCOMES) expect(Math.abs(a[o] - b[o]), `${o} at ${n} -> ${n + 1}`).toBeLessThanOrEqual(2);
      }),
      { numRuns: MANY },
    );
  });

  it(`"both" wins only when each layer has a hard need of its own (${MANY} runs)`, () => {
    fc.assert(
      fc.property(answersArb, (answers) => {
        const a = assess(answers, rules);
        if (a.ranked[0] === 'both') {
          expect(a.layers.edge.hard).toBe(true);
          expect(a.layers.mesh.hard).toBe(true);
        }
      }),
      { numRuns: MANY },
    );
  });

  it(`adjustments and points against never create a layer: without a need the layer scores 0 (${MANY} runs)`, () => {
    fc.assert(
      fc.property(answersArb, (answers) => {
        const a = assess(answers, rules);
        for (const layer of ['edge', 'mesh'] as const) {
          if (a.layers[layer].needs.length === 0) {
            expect(a.layers[layer].score).toBe(0);
            expect(a.layers[layer].counted).toEqual([]);
          }
        }
      }),
      { numRuns: MANY },
    );
  });

  it(`direction, team, service count and a managed option alone never recommend a mesh (${MANY} runs)`, () => {
    fc.assert(
      fc.property(answersArb, (raw) => {
        // Nothing between services needs anything: only the adjusting answers vary.
        const answers: Answers = {
          ...raw, serviceSecurity: 'none', authorization: 'none', egressControl: false,
          observability: raw.observability === 'tracing' || raw.observability === 'golden-metrics' ? 'edge' : raw.observability,
          trafficControl: raw.trafficControl.filter((t) => t === 'canary-edge'), clusters: 1,
        };
        expect(['gateway', 'neither']).toContain(verdict(answers, rules).recommendation);
      }),
      { numRuns: MANY },
    );
  });

  it(`tracing or metrics already in the services never count as a need for a mesh (${MANY} runs)`, () => {
    fc.assert(
      fc.property(answersArb, fc.constantFrom('tracing' as const, 'golden-metrics' as const), (raw, observability) => {
        const instrumented: Answers = { ...raw, observability, existing: [...new Set([...raw.existing, 'app-tracing', 'app-metrics'] as const)] };
        const ids = assess(instrumented, rules).layers.mesh.needs.map((n) => n.id);
        expect(ids).not.toContain('distributed-tracing');
        expect(ids).not.toContain('golden-metrics-everywhere');
      }),
      { numRuns: MANY },
    );
  });

  it(`nobody calling in rules out a gateway (${MANY} runs)`, () => {
    fc.assert(
      fc.property(answersArb, (raw) => {
        expect(['mesh', 'neither']).toContain(verdict({ ...raw, consumers: [] }, rules).recommendation);
      }),
      { numRuns: MANY },
    );
  });
});

describe('decisions (random answers)', () => {
  it(`scores are exactly the sums of the reasons; the verdict is the best eligible score; reasons for come first, by weight (${SOME} runs)`, () => {
    fc.assert(
      fc.property(answersArb, (answers) => {
        const d = decide(answers, rules, { whatIfs: false });
        for (const o of OUTCOMES) expect(d.reasons.reduce((sum, r) => sum + (r.effect[o] ?? 0), 0)).toBe(d.scores[o]);
        const eligible = OUTCOMES.filter((o) => !d.vetoed.some((v) => v.outcome === o));
        expect(rankOutcomes(d.scores, eligible)[0]).toBe(d.recommendation);
        expect(d.runnerUp).not.toBe(d.recommendation);
        expect(d.margin).toBeGreaterThanOrEqual(0);
        if (d.runnerUpReal && d.margin <= 2) expect(d.close).toBe(true);
        expect(d.close).toBe(d.closeBecause.length > 0);
        const firstAgainst = d.reasons.findIndex((r) => r.stance === 'against');
        if (firstAgainst >= 0) expect(d.reasons.slice(firstAgainst).every((r) => r.stance === 'against')).toBe(true);
        // By how much each decided: a reason whose outcomes were all ruled out decided nothing.
        for (const r of d.reasons) {
          const allVetoed = (Object.keys(r.effect) as Outcome[]).every((o) => d.vetoed.some((v) => v.outcome === o));
          expect(r.ruledOut === true, r.rule).toBe(allVetoed);
        }
        const decided = (r: (typeof d.reasons)[number]) => (r.ruledOut ? 0 : r.weight);
        for (const group of [d.reasons.filter((r) => r.stance === 'for'), d.reasons.filter((r) => r.stance === 'against')]) {
          for (let i = 1; i < group.length; i++) expect(decided(group[i - 1]!)).toBeGreaterThanOrEqual(decided(group[i]!));
        }
      }),
      { numRuns: SOME },
    );
  });

  it(`every pick is a known, never retired product that meets what its role needs (${SOME} runs)`, () => {
    fc.assert(
      fc.property(answersArb, (answers) => {
        const d = decide(answers, rules, { whatIfs: false });
        for (const p of d.products) {
          expect(known.has(p.id)).toBe(true);
          expect(RETIRED.has(p.id)).toBe(false);
          expect(p.sources.length).toBeGreaterThan(0);
          // A pick may fall short (and says so) only when no product of the catalogue that fits here could do better.
          if (p.unmet && p.unmet.length > 0) {
            const slot = slotOf(p.role);
            const required = [...(p.meets ?? []), ...p.unmet];
            const better = rules.products.products.filter((x) => !unfit(x, slot, { answers, feasibleKinds: d.layers.mesh.feasibleKinds as never })
              && required.every((c) => effectiveProvides(x, answers).has(c)));
            expect(better.map((x) => x.id), `${p.role} ${p.id} misses ${p.unmet.join(', ')} for ${JSON.stringify(answers)}`).toEqual([]);
          }
        }
        const roles = d.products.map((p) => p.role);
        const gateway = d.products.find((p) => p.role === 'gateway');
        const mesh = d.products.find((p) => p.role === 'mesh' || p.role === 'managed');
        if (d.recommendation === 'gateway' || d.recommendation === 'both') {
          expect(gateway).toBeDefined();
          expect([...gateway!.meets!, ...(gateway!.unmet ?? [])].sort()).toEqual(edgeRequirements(answers).sort());
        }
        if (d.recommendation === 'mesh' || d.recommendation === 'both') {
          expect(mesh).toBeDefined();
          expect([...mesh!.meets!, ...(mesh!.unmet ?? [])].sort()).toEqual(meshRequirements(answers).sort());
        }
        if (d.recommendation === 'neither' || d.recommendation === 'mesh') expect(roles).not.toContain('gateway');
        if (d.recommendation === 'neither' || d.recommendation === 'gateway') expect(roles.filter((r) => r === 'mesh' || r === 'managed')).toEqual([]);
      }),
      { numRuns: SOME },
    );
  });

  it('every what-if really flips the verdict to what it says, changes one answer, and comes no later than a costlier one (100 runs)', () => {
    fc.assert(
      fc.property(answersArb, (answers) => {
        const d = decide(answers, rules);
        for (let i = 0; i < d.whatIf.length; i++) {
          const w = d.whatIf[i]!;
          expect(w.recommendation).not.toBe(d.recommendation);
          const changed = applyChange(answers, w.field, w.value);
          const differing = Object.keys(answers).filter((k) => JSON.stringify(changed[k as keyof Answers]) !== JSON.stringify(answers[k as keyof Answers]));
          expect(differing).toEqual([w.field]);
          const again = verdict(changed, rules);
          expect(again.scores).toEqual(w.scores);
          expect(again.recommendation).toBe(w.recommendation);
          if (i > 0) expect(w.effort!).toBeGreaterThanOrEqual(d.whatIf[i - 1]!.effort!);
          expect(w.description).not.toMatch(/^with \w+: /);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('is deterministic', () => {
    fc.assert(fc.property(answersArb, (answers) => {
      expect(decide(answers, rules, { whatIfs: false })).toEqual(decide(structuredClone(answers), rules, { whatIfs: false }));
    }), { numRuns: 100 });
  });
});

describe('what-if examples', () => {
  const base: Answers = {
    apiVersion: 'meshgate/v1', kind: 'Answers', traffic: 'both', services: 40, consumers: ['partners'],
    edgeNeeds: ['tls', 'auth', 'api-keys'], serviceSecurity: 'none', compliance: false, observability: 'edge',
    trafficControl: [], platform: 'kubernetes', clusters: 1, languages: 1, protocols: ['http'], team: 'platform',
    latency: 'normal', cloud: 'none', budget: 'normal', existing: [], communication: 'sync', edgeProtocols: ['http'],
    authorization: 'none', egressControl: false, licensing: 'any',
  };

  it('finds the mTLS change that turns a partner API into "both", in plain words', () => {
    const d = decide(base, rules);
    expect(d.recommendation).toBe('gateway');
    const mtls = d.whatIf.find((w) => w.field === 'serviceSecurity' && w.value === 'mtls');
    expect(mtls?.recommendation).toBe('both');
    expect(mtls?.description).toBe('if calls between services needed mutual TLS (workload identity)');
    expect(decide({ ...base, serviceSecurity: 'mtls' }, rules).recommendation).toBe('both');
  });

  it('never puts a platform or cloud switch before a smaller change that also flips the verdict', () => {
    const d = decide({ ...base, consumers: [], edgeNeeds: [], traffic: 'east-west', serviceSecurity: 'mtls' }, rules);
    const firstSwitch = d.whatIf.findIndex((w) => w.field === 'platform' || w.field === 'cloud');
    const lastSmall = d.whatIf.map((w) => (w.effort ?? 0) < 8).lastIndexOf(true);
    expect(firstSwitch).toBeGreaterThan(lastSmall);
    expect(d.whatIf[0]!.field).not.toBe('platform');
  });

  const outcomes = (o: Outcome[]) => o;
  it('orders by effort, then toward the runner-up', () => {
    const d = decide({ ...base, traffic: 'east-west', services: 8, consumers: [], edgeNeeds: [], observability: 'golden-metrics', team: 'small' }, rules);
    expect(outcomes(['mesh', 'neither'])).toContain(d.recommendation);
    expect(d.whatIf.length).toBeGreaterThan(0);
    const efforts = d.whatIf.map((w) => w.effort!);
    expect([...efforts].sort((a, b) => a - b)).toEqual(efforts);
  });
});
