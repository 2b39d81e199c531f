// Scoring rules, constraints, product picks, notes and cost figures stay tied to their sources:
// every URL is one of the rubric's sources or listed (with title, date and what it establishes)
// in rules/sources.yaml, every factor F1..F24 is covered, rationales are our own words, and the
// rule data keeps the shape the decision model relies on.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { load } from 'js-yaml';
import { loadScoringRules } from '../../src/shell/load-scoring-rules.js';
import { conditionFields } from '../../src/core/conditions.js';

const root = resolve(import.meta.dirname, '../..');
const rubricPath = resolve(root, '../shared/research/decision-rubric.md');
const hasRubric = existsSync(rubricPath);
if (!hasRubric) console.warn(`SKIPPED rubric parity: ${rubricPath} is absent`);
const rubric = hasRubric ? readFileSync(rubricPath, 'utf8') : '';
const rules = loadScoringRules();
const extra = (load(readFileSync(resolve(root, 'rules/sources.yaml'), 'utf8')) as { sources: Array<Record<string, string>> }).sources;

/** Factors with no rule of their own, and where they are handled instead. */
const FACTORS_HANDLED_ELSEWHERE: Record<string, string> = {
  F17: 'incremental adoption: product reasons (ambient per namespace, waypoints only where needed) and the sidecar-vs-ambient note',
  F19: 'ingress API choice: edge picks prefer Gateway API implementations; ingress-nginx is retired and never picked',
  F20: 'Gateway API portability: product picks prefer Gateway API implementations (envoy-gateway, GAMMA for mesh routes)',
};

/** Every URL the decision data cites, with who cites it. */
function citedUrls(): Array<readonly [string, string]> {
  return [
    ...rules.rules.flatMap((r) => r.sources.map((s) => [r.id, s] as const)),
    ...rules.constraints.flatMap((c) => c.sources.map((s) => [c.id, s] as const)),
    ...rules.products.products.flatMap((p) => p.sources.map((s) => [p.id, s] as const)),
    ...rules.products.retired.flatMap((p) => p.sources.map((s) => [p.id, s] as const)),
    ...rules.products.notes.flatMap((n) => n.sources.map((s) => [n.id, s] as const)),
    ...Object.values(rules.products.picks).flat().flatMap((p) => (p.sources ?? []).map((s) => [p.product, s] as const)),
    ...(rules.figures?.figures ?? []).map((f) => [f.id, f.source] as const),
  ];
}

describe('rules/sources.yaml', () => {
  it('lists each extra source once, with a title, a date and what it establishes', () => {
    const urls = extra.map((s) => s['url']);
    expect(new Set(urls).size).toBe(urls.length);
    for (const s of extra) {
      expect(s['url']).toMatch(/^https:\/\//);
      for (const k of ['title', 'date', 'establishes']) expect((s[k] ?? '').length, `${s['url']} ${k}`).toBeGreaterThan(3);
    }
  });

  it('has no entry nothing cites', () => {
    const cited = new Set(citedUrls().map(([, url]) => url));
    expect(extra.map((s) => s['url']).filter((u) => !cited.has(u!))).toEqual([]);
  });
});

describe.skipIf(!hasRubric)('decision rules against the rubric', () => {
  const section7 = rubric.slice(rubric.indexOf('## 7. Sources'));
  const rubricUrls = new Set([...section7.matchAll(/https?:\/\/[^\s,;)]+/g)].map((m) => m[0].replace(/[.]$/, '')));

  it('every source URL (rules, constraints, products, picks, notes, retired, figures) is from the rubric or rules/sources.yaml', () => {
    const listed = new Set(extra.map((s) => s['url']));
    const unknown = citedUrls().filter(([, url]) => !rubricUrls.has(url) && !listed.has(url));
    expect(unknown).toEqual([]);
  });

  it('covers every decision factor F1..F24 (or says where it is handled)', () => {
    const covered = new Set([...rules.rules.map((r) => r.factor), ...rules.constraints.map((c) => c.factor)]);
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
      ...rules.constraints.map((c) => [c.id, c.rationale] as const),
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
  it('has 30 to 60 rules, each with a rationale, a title and at least one https source', () => {
    expect(rules.rules.length).toBeGreaterThanOrEqual(30);
    expect(rules.rules.length).toBeLessThanOrEqual(60);
    for (const r of [...rules.rules, ...rules.constraints]) {
      expect(r.sources.length).toBeGreaterThan(0);
      expect(r.rationale.length).toBeGreaterThan(40);
    }
  });

  it('service count only adjusts: rules that read it are adjustments of at most 2 points (a soft signal)', () => {
    const countRules = rules.rules.filter((r) => conditionFields(r.when).includes('services'));
    expect(countRules.length).toBeGreaterThan(0);
    for (const r of countRules) {
      expect(r.signal, r.id).toBe('adjust');
      expect(Math.abs(r.points), r.id).toBeLessThanOrEqual(2);
    }
  });

  it('direction, team, service count and managed options only adjust; they never are needs', () => {
    for (const r of rules.rules) {
      const fields = conditionFields(r.when);
      const adjusting = fields.length > 0 && fields.every((f) => ['traffic', 'team', 'services', 'cloud', 'platform', 'clusters', 'existing', 'languages'].includes(f));
      if (adjusting && (r.signal === 'hard' || r.signal === 'soft')) {
        // The two needs that do read these fields say what the platform forces, not what it offers.
        expect(['multi-cluster', 'functions-front-door'], r.id).toContain(r.id);
      }
    }
  });

  it('marks the soft signals sources disagree on as contested (tracing, golden metrics, WAF, edge auth, caching, encryption, gRPC balancing, egress)', () => {
    const byId = new Map(rules.rules.map((r) => [r.id, r]));
    for (const id of ['distributed-tracing', 'golden-metrics-everywhere', 'edge-waf', 'edge-auth-offload', 'edge-caching', 'encryption-mandated', 'encryption-wanted', 'grpc-load-balancing', 'egress-control']) {
      expect(byId.get(id)?.contested, id).toBe(true);
      expect(byId.get(id)?.signal, id).toBe('soft');
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

  it('states past dates as past: App Mesh reached end of support on 2026-09-30', () => {
    const texts = [...rules.products.retired.map((r) => r.status), ...rules.products.notes.map((n) => n.text)].filter((t) => t.includes('2026-09-30'));
    expect(texts.length).toBeGreaterThan(0);
    for (const t of texts) expect(t).not.toMatch(/reaches end of support|is discontinued on|will/);
  });
});
