// The recommendation formatters as pure functions: colour only on request, user-supplied text
// escaped in Markdown, inferred answers and defaults shown, JSON keys stable.
import { describe, expect, it } from 'vitest';
import { decide } from '../../src/core/engine.js';
import { withDefaults } from '../../src/core/answers.js';
import { loadScoringRules } from '../../src/shell/load-scoring-rules.js';
import { formatRecommendationText, TEXT_WHAT_IF_LIMIT } from '../../src/format/recommendation/text.js';
import { formatRecommendationJson } from '../../src/format/recommendation/json.js';
import { formatRecommendationMarkdown, escapeMarkdown } from '../../src/format/recommendation/markdown.js';
import type { InferredAnswer } from '../../src/core/types.js';

const rules = loadScoringRules();
const decision = decide(withDefaults({ traffic: 'east-west', services: 8, consumers: ['browser'], edgeNeeds: ['tls'], trafficControl: ['retries'], observability: 'golden-metrics' }), rules);
const hostile = 'evil|name` <script>alert(1)</script> [x](http://e) *b*';
const inferred: InferredAnswer[] = [{ field: 'services', value: 8, because: `8 services: ${hostile}` }];

describe('text', () => {
  it('has no ANSI codes without colour and some with it', () => {
    expect(formatRecommendationText(decision, { color: false })).not.toMatch(/\x1b\[/);
    expect(formatRecommendationText(decision, { color: true })).toMatch(/\x1b\[1m/);
  });

  it('caps the what-ifs (at most two per answer) and points to JSON for the rest', () => {
    const text = formatRecommendationText(decision, { color: false });
    const shown = text.split('What would change this (most plausible first)\n')[1]!.split('\n\n')[0]!.split('\n').filter((l) => l.startsWith('  - '));
    expect(shown.length).toBe(Math.min(TEXT_WHAT_IF_LIMIT, decision.whatIf.length));
    if (decision.whatIf.length > shown.length) expect(text).toContain(`${decision.whatIf.length - shown.length} more with --format json`);
    // Plain words, not field names.
    for (const l of shown) expect(l).not.toMatch(/\b(serviceSecurity|edgeNeeds|trafficControl|observability):/);
  });

  it('splits reasons into for and against the verdict, each by weight', () => {
    const text = formatRecommendationText(decision, { color: false });
    const forIt = text.indexOf(`Why ${decision.recommendation} (for it, by weight)`);
    const against = text.indexOf(`Against ${decision.recommendation} (by weight)`);
    expect(forIt).toBeGreaterThan(0);
    expect(against).toBeGreaterThan(forIt);
    for (const r of decision.reasons) {
      const at = text.indexOf(`  ${r.rule}`);
      expect(at, r.rule).toBeGreaterThan(0);
      expect(r.stance === 'for' ? at < against : at > against, r.rule).toBe(true);
    }
  });

  it.each([80, 120])('fits %i columns (only unbreakable words such as URLs may overflow)', (columns) => {
    const rich = decide(withDefaults({
      traffic: 'both', services: 30, consumers: ['partners', 'mobile'], edgeNeeds: ['tls', 'auth', 'api-keys', 'waf', 'aggregation'],
      serviceSecurity: 'mtls', compliance: true, observability: 'tracing', platform: 'serverless', cloud: 'aws',
    }), rules);
    for (const d of [decision, rich]) {
      const text = formatRecommendationText(d, { color: false, columns, inferred, defaulted: ['team', 'latency', 'budget', 'existing'] });
      for (const line of text.split('\n')) {
        if ([...line].length > columns) expect(line.trim().split(/\s+/).length, line).toBe(1);
      }
    }
    const plain = formatRecommendationText(rich, { color: false, columns });
    expect(plain).toContain('Ruled out before scoring');
    expect(plain).toMatch(/mesh, both: Functions run in sandboxes/);
    // The mTLS mandate is real but decided nothing on functions: said so, and listed last.
    expect(plain.replace(/\n\s+/g, ' ')).toMatch(/mandated-mtls mesh \+9, both \+9 \(hard need; decided nothing: mesh, both ruled out\)/);
  });

  it('keeps whole lines when piped (no width)', () => {
    const text = formatRecommendationText(decision, { color: false });
    expect(text.split('\n').some((l) => l.length > 120)).toBe(true);
  });

  it('shows inferred answers with why, and the defaults to confirm', () => {
    const text = formatRecommendationText(decision, { color: false, source: 'compose.yaml', inferred, defaulted: ['team', 'latency'] });
    expect(text).toMatch(/^Recommendation for compose\.yaml/);
    expect(text).toContain('Inferred from the architecture\n  services: 8  (8 services: ');
    expect(text).toContain('Defaults to confirm');
    expect(text).toContain('team: small; latency: normal');
  });
});

describe('evidence paths', () => {
  // As recommend passes them: relative to the working directory, several files in one directory.
  const files = ['k8s/shop/apps.yaml', 'k8s/shop/ingress.yaml'];
  const evidence: InferredAnswer[] = [
    { field: 'services', value: 2, because: '2 application services (frontend (k8s/shop/apps.yaml:4:9), cart (k8s/shop/apps.yaml:44:13))' },
    { field: 'traffic', value: 'both', because: '1 service reachable from outside: frontend (k8s/shop/ingress.yaml:16:23)' },
  ];

  it('lists the input files once and names each piece of evidence below their directory', () => {
    for (const text of [formatRecommendationText(decision, { color: false, inferred: evidence, files }), formatRecommendationMarkdown(decision, { color: false, inferred: evidence, files })]) {
      // Markdown escapes brackets: read it unescaped.
      const block = text.split(/Inferred from the architecture\n/)[1]!.split(/\n\n(?!- )/).slice(0, 2).join('\n').replace(/\\(.)/g, '$1');
      expect(block.split('k8s/shop/').length - 1, block).toBe(1);
      expect(block).toMatch(/from k8s\/shop\/: apps\.yaml, ingress\.yaml/);
      expect(block).toContain('frontend (apps.yaml:4:9), cart (apps.yaml:44:13)');
      expect(block).toContain('frontend (ingress.yaml:16:23)');
    }
  });

  it('keeps the JSON evidence as it was (full relative paths)', () => {
    const j = JSON.parse(formatRecommendationJson(decision, { color: false, inferred: evidence, files }));
    expect(j.inferred).toEqual(evidence);
    expect('files' in j).toBe(false);
  });
});

describe('markdown', () => {
  it('escapes text that comes from the input', () => {
    const md = formatRecommendationMarkdown(decision, { color: false, source: hostile, inferred });
    expect(md).not.toContain('<script>');
    expect(md).not.toContain('[x](http://e)');
    expect(md).toContain(escapeMarkdown(hostile));
    expect(md.split('\n')[0]).toBe(`### Gateway / mesh decision for ${escapeMarkdown(hostile)}`);
  });

  it('renders every score in the table', () => {
    const md = formatRecommendationMarkdown(decision, { color: false });
    for (const o of ['gateway', 'mesh', 'both', 'neither'] as const) expect(md).toMatch(new RegExp(`\\| (\\*\\*)?${o}(\\*\\*)? \\| ${decision.scores[o]} \\|`));
  });
});

describe('json', () => {
  it('round-trips and keeps user text as data', () => {
    const j = JSON.parse(formatRecommendationJson(decision, { color: false, source: hostile, inferred, defaulted: [] }));
    expect(j.source).toBe(hostile);
    expect(j.inferred).toEqual(inferred);
    expect(j.defaulted).toEqual([]);
    expect(j.scores).toEqual(decision.scores);
    expect(j.reasons.map((r: { rule: string }) => r.rule)).toEqual(decision.reasons.map((r) => r.rule));
    expect(j.whatIf).toHaveLength(decision.whatIf.length);
  });

  it('leaves out inferred and defaulted when the context has none', () => {
    const j = JSON.parse(formatRecommendationJson(decision, { color: false }));
    expect('inferred' in j).toBe(false);
    expect('defaulted' in j).toBe(false);
    expect('source' in j).toBe(false);
  });
});
