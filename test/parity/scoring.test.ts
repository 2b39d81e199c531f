// Scoring rules, product picks and notes stay tied to the research rubric: every source URL is one
// of the rubric's sources, every factor F1..F24 is covered, and rationales are our own words.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadScoringRules } from '../../src/shell/load-scoring-rules.js';

const root = resolve(import.meta.dirname, '../..');
const rubricPath = resolve(root, '../shared/research/decision-rubric.md');
const hasRubric = existsSync(rubricPath);
if (!hasRubric) console.warn(`SKIPPED rubric parity: ${rubricPath} is absent`);
const rubric = hasRubric ? readFileSync(rubricPath, 'utf8') : '';
const rules = loadScoringRules();

/** Factors with no answers field to score from, and where they are handled instead. */
const FACTORS_HANDLED_ELSEWHERE: Record<string, string> = {
  F15: 'resource budget: no answers field; overhead figures appear in the latency rules and notes',
  F17: 'incremental adoption: no answers field; ambient/per-namespace adoption is in the product reasons',
  F20: 'Gateway API portability: product picks prefer Gateway API implementations (edge picks, envoy-gateway)',
  F22: 'vendor lifecycle: rules/products.yaml lists retired products, which picks may never name',
};

describe.skipIf(!hasRubric)('scoring rules against the rubric', () => {
  const section7 = rubric.slice(rubric.indexOf('## 7. Sources'));
  const rubricUrls = new Set([...section7.matchAll(/https?:\/\/[^\s,;)]+/g)].map((m) => m[0].replace(/[.]$/, '')));

  it('every source URL (rules, products, picks, notes, retired) comes from the rubric source list', () => {
    const used = [
      ...rules.rules.flatMap((r) => r.sources.map((s) => [r.id, s] as const)),
      ...rules.products.products.flatMap((p) => p.sources.map((s) => [p.id, s] as const)),
      ...rules.products.retired.flatMap((p) => p.sources.map((s) => [p.id, s] as const)),
      ...rules.products.notes.flatMap((n) => n.sources.map((s) => [n.id, s] as const)),
      ...Object.values(rules.products.picks).flat().flatMap((p) => (p.sources ?? []).map((s) => [p.product, s] as const)),
    ];
    const unknown = used.filter(([, url]) => !rubricUrls.has(url));
    expect(unknown).toEqual([]);
  });

  it('covers every decision factor F1..F24 (or says where it is handled)', () => {
    const covered = new Set(rules.rules.map((r) => r.factor));
    for (let i = 1; i <= 24; i++) {
      const f = `F${i}`;
      expect(covered.has(f) || f in FACTORS_HANDLED_ELSEWHERE, `${f} has no rule`).toBe(true);
    }
    for (const f of Object.keys(FACTORS_HANDLED_ELSEWHERE)) expect(rubric).toContain(`### ${f}.`);
  });

  it('rationales are written in our own words (no 8-word run copied from the rubric)', () => {
    const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9 ]+/g, ' ').split(/\s+/).filter(Boolean);
    const rubricText = ` ${norm(rubric).join(' ')} `;
    const texts = [
      ...rules.rules.map((r) => [r.id, r.rationale] as const),
      ...rules.products.notes.map((n) => [n.id, n.text] as const),
      ...rules.products.products.map((p) => [p.id, p.summary] as const),
    ];
    const copied: string[] = [];
    for (const [id, text] of texts) {
      const words = norm(text);
      for (let i = 0; i + 8 <= words.length; i++) {
        const run = words.slice(i, i + 8).join(' ');
        if (rubricText.includes(` ${run} `)) copied.push(`${id}: "${run}"`);
      }
    }
    expect(copied).toEqual([]);
  });
});

describe('scoring rule data', () => {
  it('has 30 to 50 rules, each with a rationale, a title and at least one https source', () => {
    expect(rules.rules.length).toBeGreaterThanOrEqual(30);
    expect(rules.rules.length).toBeLessThanOrEqual(50);
    for (const r of rules.rules) {
      expect(r.sources.length).toBeGreaterThan(0);
      expect(r.rationale.length).toBeGreaterThan(40);
    }
  });

  it('service count rules stay low-weight (a soft signal)', () => {
    const countRules = rules.rules.filter((r) => JSON.stringify(r.when).includes('"field":"services"'));
    expect(countRules.length).toBeGreaterThan(0);
    for (const r of countRules.filter((r) => r.id !== 'single-service')) {
      for (const v of Object.values(r.effect)) expect(Math.abs(v!)).toBeLessThanOrEqual(4);
    }
  });

  it('has a product for every id generate targets, and never a retired one', () => {
    const ids = rules.products.products.map((p) => p.id);
    for (const id of ['kong', 'envoy-gateway', 'nginx', 'traefik', 'spring-cloud-gateway', 'aws-api-gateway', 'azure-apim', 'nginx-gateway-fabric',
      'istio-ambient', 'istio-sidecar', 'linkerd', 'consul', 'cilium', 'kuma', 'ecs-service-connect', 'vpc-lattice']) expect(ids).toContain(id);
    for (const retired of ['aws-app-mesh', 'open-service-mesh', 'ingress-nginx', 'nginx-service-mesh']) {
      expect(ids).not.toContain(retired);
      expect(rules.products.retired.map((r) => r.id)).toContain(retired);
    }
  });
});
