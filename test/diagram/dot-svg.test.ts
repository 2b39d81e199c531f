import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { instance } from '@viz-js/viz';
import { toDot, quoteDot, layoutTier, LAYOUT_TIER_EDGES } from '../../src/core/diagram/dot.js';
import { UserError } from '../../src/errors.js';
import { topologyFromArchitecture, type TopologyGraph } from '../../src/core/diagram/topology.js';
import { renderSvg, svgForInlining, SVG_NODE_LIMIT } from '../../src/shell/render-svg.js';
import { withDefaults } from '../../src/core/answers.js';
import type { Architecture } from '../../src/core/types.js';
import { caseNames, graphOf, loadCase, makeDecision } from './helpers.js';
import { allElements, parseXml, type XmlElement } from './xml-check.js';

interface GraphvizJson {
  objects?: { name: string; nodes?: number[]; label?: string }[];
  edges?: { tail: number; head: number; class?: string }[];
}

/** Graphviz's own parse of the DOT text (json0: the graph as read, before layout adds coordinates). */
async function graphvizParse(dot: string): Promise<GraphvizJson> {
  const viz = await instance();
  const result = viz.render(dot, { format: 'json0' });
  expect(result.errors.filter((e) => e.level === 'error')).toEqual([]);
  expect(result.status).toBe('success');
  return JSON.parse(result.output!) as GraphvizJson;
}

/** The text lines of each node group in the SVG, keyed by the node's generated id. */
function svgNodeTexts(root: XmlElement): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const el of allElements(root)) {
    if (el.name !== 'g' || !(el.attrs['class'] ?? '').split(' ').includes('node')) continue;
    out.set(el.attrs['id']!, el.children.filter((c) => c.name === 'text').map((t) => t.text));
  }
  return out;
}

function expectedLines(g: TopologyGraph, id: string): string[] {
  const n = g.nodes.find((x) => x.id === id)!;
  const clean = (s: string) => s.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ');
  return [clean(n.label), ...(n.detail ? [clean(n.detail)] : [])];
}

describe('toDot: Graphviz reads back the same graph', () => {
  for (const name of caseNames()) {
    it(name, async () => {
      const g = graphOf(loadCase(name));
      const json = await graphvizParse(toDot(g));
      const objects = json.objects ?? [];
      const nodeObjects = objects.filter((o) => /^n\d+$/.test(o.name));
      expect(nodeObjects.map((o) => o.name).sort()).toEqual(g.nodes.map((n) => n.id).sort());
      const edges = (json.edges ?? []).map((e) => `${objects[e.tail]!.name}>${objects[e.head]!.name}`);
      expect(edges.sort()).toEqual(g.edges.map((e) => `${e.from}>${e.to}`).sort());
      for (const group of g.groups) {
        const cluster = objects.find((o) => o.name === `cluster_${group.id}`)!;
        expect(cluster, group.id).toBeDefined();
        expect((cluster.nodes ?? []).map((i) => objects[i]!.name).sort()).toEqual([...group.members].sort());
      }
    });
  }

  it('escapes backslashes and quotes so Graphviz escapes like \\N stay literal', () => {
    expect(quoteDot('a\\Nb"c\nd')).toBe('"a\\\\Nb\\"c d"');
  });
});

describe('SVG from @viz-js/viz', () => {
  for (const name of caseNames()) {
    it(`${name}: well-formed XML naming every node, one edge group per edge`, async () => {
      const c = loadCase(name);
      const g = graphOf(c);
      const svg = await renderSvg(toDot(g));
      const root = parseXml(svg);
      expect(root.name).toBe('svg');
      const texts = svgNodeTexts(root);
      for (const n of g.nodes) expect(texts.get(n.id), n.id).toEqual(expectedLines(g, n.id));
      if (c.architecture) {
        const all = [...texts.values()].map((lines) => lines[0]);
        for (const s of c.architecture.services) expect(all.filter((l) => l === s.name), s.name).toHaveLength(1);
      }
      const edgeGroups = allElements(root).filter((el) => el.name === 'g' && (el.attrs['class'] ?? '').split(' ')[0] === 'edge');
      expect(edgeGroups.map((el) => el.attrs['class']).sort()).toEqual(g.edges.map((e) => `edge edge-${e.kind}`).sort());
      // Inlined into HTML: a single <svg> element, nothing before it.
      const inline = svgForInlining(svg);
      expect(inline.startsWith('<svg')).toBe(true);
      expect(inline).not.toMatch(/<!DOCTYPE|<\?xml|<!--/);
      expect(parseXml(inline).name).toBe('svg');
    });
  }

  it('names any service exactly as written (property, rendered by Graphviz)', async () => {
    const nameArb = fc.string({ unit: fc.constantFrom(...'ab"\\N;&<>`|[]{}lG=.:- é漢\t'.split('')), minLength: 1, maxLength: 10 });
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(nameArb, { minLength: 1, maxLength: 5, selector: (s) => s.replace(/\s+/g, ' ') }), async (names) => {
        const arch: Architecture = {
          apiVersion: 'meshgate/v1',
          kind: 'Architecture',
          metadata: { name: names.join('/') },
          platform: 'vms',
          services: names.map((name, i) => ({ name, kind: 'service', exposure: 'internal', protocols: ['http'], calls: i > 0 ? [{ to: names[0]! }] : [] })),
        };
        const g = topologyFromArchitecture(arch, makeDecision(withDefaults({ traffic: 'east-west', services: names.length }), { recommendation: 'mesh' }));
        const texts = svgNodeTexts(parseXml(await renderSvg(toDot(g))));
        for (const n of g.nodes) {
          // Graphviz keeps runs of spaces visible by writing every second one as a no-break space.
          const norm = (t: string) => t.replace(/\u00a0/g, ' ').trim();
          expect(texts.get(n.id)!.map(norm)).toEqual(expectedLines(g, n.id).map(norm));
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('xml-check catches what a browser would reject', () => {
  it.each([
    ['<svg><g></svg>', /does not match/],
    ['<svg a="1" a="2"/>', /duplicate attribute/],
    ['<svg><text>a & b</text></svg>', /bare "&"/],
    ['<svg><text>&nbsp;</text></svg>', /unknown entity/],
    ['<svg a=1/>', /not quoted/],
    ['<svg/><svg/>', /second root/],
    ['<svg>', /unclosed/],
  ])('%s', (xml, message) => {
    expect(() => parseXml(xml)).toThrow(message);
  });
});

/** A synthetic architecture: n services, each calling the next `fanOut` ones (wrapping around). */
function chain(n: number, fanOut: number, recommendation: 'mesh' | 'neither' = 'mesh'): TopologyGraph {
  const name = (i: number) => `svc-${i % n}`;
  const arch: Architecture = {
    apiVersion: 'meshgate/v1',
    kind: 'Architecture',
    metadata: { name: `chain-${n}` },
    platform: 'kubernetes',
    services: Array.from({ length: n }, (_, i) => ({
      name: name(i),
      kind: 'service' as const,
      exposure: i === 0 ? ('public' as const) : ('internal' as const),
      protocols: ['http' as const],
      calls: Array.from({ length: fanOut }, (_, k) => ({ to: name(i + k + 1) })),
    })),
  };
  return topologyFromArchitecture(arch, makeDecision(withDefaults({ traffic: 'both', services: n }), { recommendation }));
}

describe('layout tiers keep big diagrams renderable', () => {
  it('picks the tier from the number of edges', () => {
    expect(layoutTier(chain(10, 2))).toBe('full');
    expect(layoutTier(chain(80, 2))).toBe('fast');
    expect(layoutTier(chain(150, 3))).toBe('flat');
    expect(layoutTier(chain(600, 3))).toBe('force');
    expect(LAYOUT_TIER_EDGES.fast).toBeLessThan(LAYOUT_TIER_EDGES.flat);
  });

  it('fast tier: clusters kept, straight edges and capped iterations', () => {
    const dot = toDot(chain(80, 2));
    expect(dot).toContain('subgraph cluster_g0');
    expect(dot).toMatch(/splines=line, mclimit=0\.1/);
  });

  it('flat tier: no clusters; mesh members outlined and named in the title; Graphviz still names every service', async () => {
    const g = chain(150, 3);
    const dot = toDot(g);
    expect(dot).not.toContain('subgraph cluster_');
    expect(dot.match(/class="role-service in-mesh"/g)).toHaveLength(150);
    expect(dot).toContain('services with a thick blue outline');
    const texts = svgNodeTexts(parseXml(await renderSvg(dot)));
    for (let i = 0; i < 150; i++) expect([...texts.values()].some((l) => l[0] === `svc-${i}`), `svc-${i}`).toBe(true);
  });

  it('force tier: sfdp layout renders without Graphviz errors', async () => {
    const g = chain(600, 3, 'neither');
    const dot = toDot(g);
    expect(dot).toContain('layout=sfdp');
    const viz = await instance();
    const result = viz.render(dot, { format: 'svg' });
    expect(result.status).toBe('success');
    // sfdp sometimes reports that an optional refinement needs a triangulation library the
    // WebAssembly build lacks; the layout is still complete, as the overlap check below shows.
    expect(result.errors.filter((e) => !/triangulation library/.test(e.message))).toEqual([]);
    const root = parseXml(result.output!);
    const texts = svgNodeTexts(root);
    expect(texts.size).toBe(g.nodes.length);
    const centres = allElements(root)
      .filter((el) => el.name === 'g' && (el.attrs['class'] ?? '').startsWith('node'))
      .map((el) => el.children.find((c) => c.name === 'text')!)
      .map((t) => [Number(t.attrs['x']), Number(t.attrs['y'])] as const);
    let overlapping = 0;
    for (let i = 0; i < centres.length; i++) {
      for (let j = i + 1; j < centres.length; j++) {
        if (Math.abs(centres[i]![0] - centres[j]![0]) < 30 && Math.abs(centres[i]![1] - centres[j]![1]) < 12) overlapping++;
      }
    }
    expect(overlapping).toBe(0);
  });

  it('refuses, before any work, a graph over the in-process node limit', async () => {
    await expect(renderSvg('digraph { this is not even DOT', { nodes: SVG_NODE_LIMIT + 1, edges: 0 })).rejects.toThrow(UserError);
    await expect(renderSvg('digraph {}', { nodes: SVG_NODE_LIMIT + 1, edges: 3 })).rejects.toThrow(/more than the 5000 nodes/);
  });
});
