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

  it('caps the what-ifs and points to JSON for the rest', () => {
    const text = formatRecommendationText(decision, { color: false });
    const shown = text.split('What would change this\n')[1]!.split('\n\n')[0]!.split('\n').filter((l) => l.startsWith('  - '));
    expect(shown.length).toBe(Math.min(TEXT_WHAT_IF_LIMIT, decision.whatIf.length));
    if (decision.whatIf.length > TEXT_WHAT_IF_LIMIT) expect(text).toContain(`${decision.whatIf.length - TEXT_WHAT_IF_LIMIT} more with --format json`);
  });

  it('shows inferred answers with why, and the defaults to confirm', () => {
    const text = formatRecommendationText(decision, { color: false, source: 'compose.yaml', inferred, defaulted: ['team', 'latency'] });
    expect(text).toMatch(/^Recommendation for compose\.yaml/);
    expect(text).toContain('Inferred from the architecture\n  services: 8  (8 services: ');
    expect(text).toContain('Defaults to confirm');
    expect(text).toContain('team: small; latency: normal');
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
