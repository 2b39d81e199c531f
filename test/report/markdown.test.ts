import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { buildDecisionRecord, citedSources } from '../../src/format/report/record.js';
import { renderMarkdown, escapeMarkdown } from '../../src/format/report/markdown.js';
import { toMermaid } from '../../src/core/diagram/mermaid.js';
import { OUTCOMES } from '../../src/core/types.js';
import { caseNames, graphOf, loadCase } from '../diagram/helpers.js';
import { parseMermaid, nodeName } from '../diagram/mermaid-structure.js';
import { recordInputFor, reportFixtures, shopWithFullDecision } from './helpers.js';
import { readGolden } from '../support/golden.js';

const ctx = { date: '2026-11-27', version: '0.1.0' };
const MADR_SECTIONS = [
  'Context and Problem Statement',
  'Decision Drivers',
  'Considered Options',
  'Decision Outcome',
  'Consequences',
  'Pros and Cons of the Options',
  'More Information',
];

function shopMarkdown(): { md: string; mermaid: string } {
  const { c, decision, input } = shopWithFullDecision();
  const mermaid = toMermaid(graphOf(c));
  return { md: renderMarkdown(buildDecisionRecord(input, decision, ctx), { mermaid }), mermaid };
}

/** The body of one `## ` section. */
function section(md: string, title: string): string {
  const start = md.indexOf(`\n## ${title}\n`);
  expect(start, title).toBeGreaterThan(0);
  const next = md.indexOf('\n## ', start + 4);
  return md.slice(start, next < 0 ? undefined : next);
}

describe('Markdown decision record (MADR)', () => {
  it('matches the reviewed expected file', () => {
    const { md } = shopMarkdown();
    const file = join(reportFixtures, 'shop-both.expected.md');
    expect(md).toBe(readGolden(file, md, import.meta.filename));
  });

  it('has front matter and the MADR sections in order', () => {
    const { md } = shopMarkdown();
    expect(md.startsWith('---\nstatus: proposed\ndate: 2026-11-27\n---\n\n# ')).toBe(true);
    const headings = [...md.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    expect(headings).toEqual(MADR_SECTIONS);
    expect(section(md, 'Considered Options')).toContain('**API gateway**');
    for (const name of ['API gateway', 'Service mesh', 'API gateway and service mesh', 'Neither']) {
      expect(section(md, 'Pros and Cons of the Options')).toMatch(new RegExp(`^### ${name} \\(score -?\\d+\\)$`, 'm'));
    }
  });

  it('puts each fired rule under the options it moved: Good for positive, Bad for negative effects', () => {
    const { decision } = shopWithFullDecision();
    const { md } = shopMarkdown();
    const pros = section(md, 'Pros and Cons of the Options');
    const names = { gateway: 'API gateway', mesh: 'Service mesh', both: 'API gateway and service mesh', neither: 'Neither' } as const;
    for (const option of OUTCOMES) {
      const start = pros.indexOf(`### ${names[option]} (`);
      const end = pros.indexOf('\n### ', start + 4);
      const block = pros.slice(start, end < 0 ? undefined : end);
      for (const r of decision.reasons) {
        const points = r.effect[option] ?? 0;
        const line = block.split('\n').find((l) => l.includes(`\`${r.rule}\``));
        if (points === 0) expect(line, `${r.rule} under ${option}`).toBeUndefined();
        else expect(line, `${r.rule} under ${option}`).toMatch(points > 0 ? /^\* Good, because/ : /^\* Bad, because/);
      }
    }
  });

  it('shows the scores, the margin, the picks and what each pick means to run', () => {
    const { md } = shopMarkdown();
    const outcome = section(md, 'Decision Outcome');
    expect(outcome).toContain('Chosen option: **"API gateway and service mesh"**');
    expect(outcome).toMatch(/\| \*\*API gateway and service mesh\*\* \| 14 \| chosen \|/);
    expect(outcome).toMatch(/\| Service mesh \| 11 \| runner-up \|/);
    expect(outcome).toContain('Margin over the runner-up (Service mesh): 3 points.');
    expect(outcome).toContain('| gateway | **Kong Gateway** |');
    const consequences = section(md, 'Consequences');
    expect(consequences).toMatch(/\*\*Kong Gateway\*\* \(gateway\)\. Run Kong Gateway data-plane replicas/);
    expect(consequences).toMatch(/\*\*Istio \(ambient mode\)\*\* \(mesh\)\. Run istiod, the ztunnel DaemonSet/);
    expect(consequences).toContain('Bad, because running a gateway and a mesh costs more than either (−4, `two-layers-cost`)');
    expect(consequences).toContain('Contested: sidecar or sidecarless data planes.');
  });

  it('lists what would change the decision', () => {
    const more = section(shopMarkdown().md, 'More Information');
    expect(more).toContain('* If **Service-to-service security** (`serviceSecurity`) were `none`, the verdict would be **API gateway** (gateway 9, mesh 2, both 5, neither 3).');
    expect(more).toContain('were `none`, the verdict would be **Service mesh**');
  });

  it('cites every source URL of the fired rules and picks exactly once', () => {
    const { decision } = shopWithFullDecision();
    const sources = section(shopMarkdown().md, 'More Information').split('### Sources')[1]!;
    const urls = [...new Set([...decision.reasons.flatMap((r) => r.sources), ...decision.products.flatMap((p) => p.sources)])];
    expect(citedSources(decision).map((s) => s.url)).toEqual(urls);
    for (const url of urls) expect(sources.split(`<${url}>`).length - 1, url).toBe(1);
    expect(sources).toContain('<https://konghq.com/blog/enterprise/the-difference-between-api-gateways-and-service-mesh> (cited by `api-keys-and-quotas`, `mandated-mtls`)');
  });

  it('embeds the topology as a mermaid block identical to `meshgate diagram`', () => {
    const { md, mermaid } = shopMarkdown();
    const block = /```mermaid\n([\s\S]*?)```/.exec(md)![1]!;
    expect(block).toBe(mermaid);
    const parsed = parseMermaid(block);
    expect([...parsed.nodes.values()].map(nodeName)).toContain('payments-provider');
  });

  it('records where each answer came from', () => {
    const context = section(shopMarkdown().md, 'Context and Problem Statement');
    expect(context).toContain('| Number of services | `7` | inferred: 4 services in shop-both.yaml |');
    expect(context).toContain('| Team | `small` | **default**, worth confirming |');
    expect(context).toContain('4 services: 1 public, 1 for partners, 2 internal; 1 datastore, 1 queue and 1 external system, with 6 declared calls between them.');
  });
});

describe('Markdown diagram size', () => {
  it('warns when the chart is over Mermaid\'s default limits, and only then', () => {
    const { c, decision, input } = shopWithFullDecision();
    const record = buildDecisionRecord(input, decision, ctx);
    const mermaid = toMermaid(graphOf(c));
    expect(renderMarkdown(record, { mermaid, edges: 10 })).not.toContain("over Mermaid's default limits");
    expect(renderMarkdown(record, { mermaid, edges: 501 })).toContain("over Mermaid's default limits");
    expect(renderMarkdown(record, { mermaid: mermaid + '%'.repeat(50_000), edges: 10 })).toContain("over Mermaid's default limits");
  });
});

describe('Markdown escaping', () => {
  it('keeps hostile names literal: no HTML, no broken table, code spans intact', () => {
    const c = loadCase('hostile-names');
    const md = renderMarkdown(buildDecisionRecord(recordInputFor(c), c.decision, ctx), { mermaid: toMermaid(graphOf(c)) });
    const outsideMermaid = md.replace(/```mermaid\n[\s\S]*?```/, '');
    expect(outsideMermaid).not.toMatch(/<script|<img|<\/script/i);
    expect(outsideMermaid).toContain('x"\\]; end &lt;script&gt;alert(1)&lt;/script&gt;');
    // Every table row has as many cell separators as its header.
    for (const table of outsideMermaid.split('\n\n').filter((b) => b.startsWith('| '))) {
      const rows = table.split('\n');
      const cells = (row: string) => row.replace(/\\\|/g, '').split('|').length;
      for (const row of rows) expect(cells(row), row).toBe(cells(rows[0]!));
    }
  });

  it.each([
    ['*bold* _it_', '\\*bold\\* \\_it\\_'],
    ['a|b', 'a\\|b'],
    ['<b>&amp;', '&lt;b&gt;&amp;amp;'],
    ['[x](javascript:alert(1))', '\\[x\\](javascript:alert(1))'],
    ['`code`', '\\`code\\`'],
    ['line\nbreak', 'line break'],
  ])('escapeMarkdown(%j)', (input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected);
  });

  it('renders every fixture', () => {
    for (const name of caseNames()) {
      const c = loadCase(name);
      const md = renderMarkdown(buildDecisionRecord(recordInputFor(c), c.decision, ctx), { mermaid: toMermaid(graphOf(c)) });
      expect(md).toMatch(/^## Decision Outcome$/m);
      expect(() => parseMermaid(/```mermaid\n([\s\S]*?)```/.exec(md)![1]!)).not.toThrow();
    }
  });
});
