/**
 * The HTML report in real headless Chromium: it loads with no console errors, requests nothing
 * but itself, and the diagram's SVG is in the DOM naming every service. The harness itself is
 * checked first against a page with a planted console error, exception and remote image.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildDecisionRecord } from '../../src/format/report/record.js';
import { renderHtml, escapeHtml } from '../../src/format/report/html.js';
import { toMermaid } from '../../src/core/diagram/mermaid.js';
import { toDot } from '../../src/core/diagram/dot.js';
import { renderSvg, svgForInlining } from '../../src/shell/render-svg.js';
import { caseNames, graphOf, loadCase } from '../diagram/helpers.js';
import { recordInputFor, shopWithFullDecision } from './helpers.js';
import { Chromium, DIAGRAM_PROBE, type DiagramProbe } from './chromium.js';

let browser: Chromium;
let dir: string;

beforeAll(async () => {
  browser = await Chromium.launch();
  dir = mkdtempSync(join(tmpdir(), 'meshgate-html-'));
});
afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function htmlFor(name: string): Promise<{ html: string; names: string[] }> {
  const c = name === 'shop-both-full' ? shopWithFullDecision().c : loadCase(name);
  const input = name === 'shop-both-full' ? shopWithFullDecision().input : recordInputFor(c);
  const g = graphOf(c);
  const record = buildDecisionRecord(input, c.decision, { date: '2026-11-27', version: '0.1.0' });
  const html = renderHtml(record, { svg: svgForInlining(await renderSvg(toDot(g))), mermaid: toMermaid(g) });
  return { html, names: c.architecture ? c.architecture.services.map((s) => s.name) : g.nodes.map((n) => n.label) };
}

describe('the Chromium harness catches what it must', () => {
  it('reports a planted console error, an exception and an outside request', async () => {
    const file = join(dir, 'planted.html');
    writeFileSync(
      file,
      '<!DOCTYPE html><html><head><meta charset="utf-8"><title>planted</title></head><body>' +
        '<script>console.error("planted console error"); setTimeout(() => { throw new Error("planted exception"); });</script>' +
        '<img src="http://example.invalid/planted.png" alt=""></body></html>',
    );
    const report = await browser.open(file, 'document.title');
    expect(report.value).toBe('planted');
    expect(report.errors.join('\n')).toContain('planted console error');
    expect(report.errors.join('\n')).toContain('planted exception');
    expect(report.requests).toContain('http://example.invalid/planted.png');
  });

  it('reports a CSP refusal as an error', async () => {
    const file = join(dir, 'csp.html');
    writeFileSync(
      file,
      `<!DOCTYPE html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">` +
        '<title>csp</title></head><body><script>document.title = "ran"</script></body></html>',
    );
    const report = await browser.open(file, 'document.title');
    expect(report.value).toBe('csp');
    expect(report.errors.join('\n')).toMatch(/Content Security Policy/i);
  });
});

describe('HTML report in headless Chromium', () => {
  for (const name of ['shop-both-full', ...caseNames()]) {
    it(`${name}: loads cleanly, self-contained, SVG in the DOM with every service`, async () => {
      const { html, names } = await htmlFor(name);
      const file = join(dir, `${name}.html`);
      writeFileSync(file, html);
      const report = await browser.open(file, DIAGRAM_PROBE);
      expect(report.errors).toEqual([]);
      expect(report.requests).toEqual([pathToFileURL(file).href]);
      const probe = report.value as DiagramProbe;
      expect(probe.svgCount).toBe(1);
      expect(probe.svgNamespace).toBe('http://www.w3.org/2000/svg');
      expect(probe.width).toBeGreaterThan(100);
      expect(probe.scripts).toBe(0);
      expect(probe.h2).toEqual(['Context and Problem Statement', 'Decision Drivers', 'Considered Options', 'Decision Outcome', 'Consequences', 'Pros and Cons of the Options', 'More Information']);
      const firstLines = probe.nodes.map((lines) => lines[0]!.replace(/\u00a0/g, ' '));
      for (const service of names) expect(firstLines.filter((l) => l === service), service).toHaveLength(1);
    });
  }
});

describe('HTML text checks', () => {
  it('has no scripts, external references or unescaped user strings', async () => {
    const { html } = await htmlFor('hostile-names');
    expect(html).not.toMatch(/<(script|link|iframe|object|embed|img|audio|video|source|image|use)\b/i);
    expect(html).not.toMatch(/<[^>]*\s(src|srcset|xlink:href)=/i);
    expect(html).not.toMatch(/url\(|@import/i);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain(`<strong>${escapeHtml('x"]; end <script>alert(1)</script>')}</strong>`);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`);
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!);
    for (const href of hrefs) expect(href).toMatch(/^https?:\/\//);
  });

  it('says why the picture is missing when there is no SVG', () => {
    const c = loadCase('shop-both');
    const record = buildDecisionRecord(recordInputFor(c), c.decision, { date: '2026-11-27', version: '0.1.0' });
    const html = renderHtml(record, { omitted: 'Too big <to> draw.', mermaid: 'flowchart LR' });
    expect(html).not.toContain('<figure');
    expect(html).toContain('<p class="omitted">Too big &#60;to&#62; draw.</p>');
  });

  it('escapes all five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&#60;a href=&#34;x&#34; title=&#39;y&#39;&#62;&#38;&#60;/a&#62;');
  });
});
