/**
 * `report` and `diagram` over every real system in ../shared/corpus, through loadInput like the
 * CLI: the Mermaid chart reads back with every service exactly once and every call as an edge,
 * and the HTML record loads cleanly in headless Chromium with every service in its SVG.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { memoryIo } from '../../src/io.js';
import { loadInput } from '../../src/app/input.js';
import { runDiagram } from '../../src/commands/diagram.js';
import { runReport } from '../../src/commands/report.js';
import { repoRoot } from '../diagram/helpers.js';
import { nodeName, parseMermaid } from '../diagram/mermaid-structure.js';
import { allElements, parseXml } from '../diagram/xml-check.js';
import { Chromium, DIAGRAM_PROBE, type DiagramProbe } from './chromium.js';

const corpus = resolve(repoRoot, '../shared/corpus');
const haveCorpus = existsSync(corpus);
if (!haveCorpus) console.warn(`SKIPPED corpus: ${corpus} is absent`);

const yamlIn = (dir: string) => readdirSync(join(corpus, dir)).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => join(dir, f));

/** One entry per system and format, as the corpus README says to feed them. */
const SYSTEMS: Record<string, () => string[]> = {
  'ac-flask-redis': () => ['ac-flask-redis/compose.yaml'],
  'ac-nginx-flask-mysql': () => ['ac-nginx-flask-mysql/compose.yaml'],
  'ac-wordpress-mysql': () => ['ac-wordpress-mysql/compose.yaml'],
  bookinfo: () => ['bookinfo/platform/kube/bookinfo.yaml'],
  'bookinfo+istio-gateway': () => ['bookinfo/platform/kube/bookinfo.yaml', 'bookinfo/networking/bookinfo-gateway.yaml'],
  'dsb-hotel-reservation': () => ['dsb-hotel-reservation/docker-compose.yml'],
  'dsb-media-microservices': () => ['dsb-media-microservices/docker-compose.yml'],
  'dsb-social-network': () => ['dsb-social-network/docker-compose.yml'],
  eshoponcontainers: () => ['eshoponcontainers/src/docker-compose.yml', 'eshoponcontainers/src/docker-compose.override.yml'],
  // A directory argument, as users pass it.
  'online-boutique': () => ['online-boutique/kubernetes-manifests'],
  'online-boutique+istio': () => [...yamlIn('online-boutique/kubernetes-manifests'), ...yamlIn('online-boutique/istio-manifests')],
  'opentelemetry-demo': () => ['opentelemetry-demo/compose.yaml'],
  'robot-shop': () => ['robot-shop/docker-compose.yaml'],
  'sock-shop (compose)': () => ['sock-shop/docker-compose/docker-compose.yml'],
  'sock-shop (kubernetes)': () => ['sock-shop/kubernetes/complete-demo.yaml'],
  'spring-petclinic-microservices': () => ['spring-petclinic-microservices/docker-compose.yml'],
  'teastore (compose)': () => ['teastore/docker/docker-compose_default.yaml'],
  'teastore (kubernetes)': () => ['teastore/kubernetes/teastore-clusterip.yaml'],
  'train-ticket (compose)': () => ['train-ticket/docker-compose/quickstart-docker-compose.yml'],
  'train-ticket (kubernetes)': () => ['train-ticket/kubernetes/quickstart-k8s'],
};

describe.skipIf(!haveCorpus)('report and diagram over the corpus', () => {
  let browser: Chromium;
  let dir: string;
  beforeAll(async () => {
    browser = await Chromium.launch();
    dir = mkdtempSync(join(tmpdir(), 'meshgate-corpus-report-'));
  });
  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const [system, files] of Object.entries(SYSTEMS)) {
    it(system, async () => {
      const inputs = files().map((f) => join(corpus, f));
      const io = memoryIo({ cwd: dir });
      const loaded = await loadInput(inputs, {}, io);
      const arch = loaded.architecture!.architecture;
      expect(arch.services.length).toBeGreaterThan(0);

      const dio = memoryIo({ cwd: dir });
      expect(await runDiagram(inputs, { format: 'mermaid' }, dio)).toBe(0);
      const parsed = parseMermaid(dio.out);
      const idOf = new Map<string, string>();
      for (const n of parsed.nodes.values()) idOf.set(nodeName(n), n.id);
      for (const s of arch.services) {
        expect([...parsed.nodes.values()].filter((n) => nodeName(n) === s.name), s.name).toHaveLength(1);
        for (const call of s.calls) {
          if (!arch.services.some((t) => t.name === call.to)) continue;
          expect(parsed.edges.some((e) => e.from === idOf.get(s.name) && e.to === idOf.get(call.to)), `${s.name} -> ${call.to}`).toBe(true);
        }
      }

      const rio = memoryIo({ cwd: dir, env: { SOURCE_DATE_EPOCH: '1798329600' } });
      expect(await runReport(inputs, { format: 'html' }, rio)).toBe(0);
      const html = rio.out;
      const svg = /<figure class="diagram"[^>]*>\n([\s\S]*?)\n<\/figure>/.exec(html)![1]!;
      const svgTexts = allElements(parseXml(svg)).filter((e) => e.name === 'text').map((e) => e.text);
      for (const s of arch.services) expect(svgTexts, s.name).toContain(s.name);

      const file = join(dir, `${system.replace(/[^\w.-]+/g, '_')}.html`);
      writeFileSync(file, html);
      const report = await browser.open(file, DIAGRAM_PROBE);
      expect(report.errors).toEqual([]);
      expect(report.requests).toEqual([pathToFileURL(file).href]);
      const probe = report.value as DiagramProbe;
      expect(probe.svgCount).toBe(1);
      const shown = probe.nodes.map((lines) => lines[0]!.replace(/\u00a0/g, ' '));
      for (const s of arch.services) expect(shown.filter((l) => l === s.name), s.name).toHaveLength(1);
    });
  }
});
