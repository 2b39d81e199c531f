import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { toMermaid, MERMAID_ARROWS, escapeMermaidLabel } from '../../src/core/diagram/mermaid.js';
import { topologyFromArchitecture } from '../../src/core/diagram/topology.js';
import type { Architecture } from '../../src/core/types.js';
import { caseNames, graphOf, loadCase, makeDecision } from './helpers.js';
import { decodeMermaid, nodeName, parseMermaid } from './mermaid-structure.js';
import { withDefaults } from '../../src/core/answers.js';


describe('toMermaid: structure read back matches the graph', () => {
  for (const name of caseNames()) {
    it(name, () => {
      const c = loadCase(name);
      const g = graphOf(c);
      const parsed = parseMermaid(toMermaid(g));
      expect([...parsed.nodes.keys()].sort()).toEqual(g.nodes.map((n) => n.id).sort());
      for (const n of g.nodes) {
        expect(parsed.nodes.get(n.id)!.label).toBe(n.detail ? `${n.label}\n${n.detail}` : n.label);
      }
      expect(parsed.edges.map((e) => `${e.from}>${e.to}`)).toEqual(g.edges.map((e) => `${e.from}>${e.to}`));
      for (const [i, e] of g.edges.entries()) {
        const arrow = parsed.edges[i]!.arrow;
        expect(arrow).toBe(MERMAID_ARROWS[e.kind]);
        // Each edge kind gets exactly one linkStyle line, so kinds are told apart by colour too.
        expect(parsed.linkStyles.filter((ls) => ls.indexes.includes(i))).toHaveLength(1);
      }
      for (const gr of g.groups) expect(parsed.groups.get(gr.id)).toEqual({ label: gr.label, members: gr.members });
      const proposed = g.nodes.filter((n) => n.proposed).map((n) => n.id);
      expect(parsed.classes.get('proposed') ?? []).toEqual(proposed);

      if (!c.architecture) return;
      // Against the architecture itself: every service exactly once, every call an edge of the right style.
      const names = [...parsed.nodes.values()].map(nodeName);
      for (const s of c.architecture.services) expect(names.filter((x) => x === s.name), s.name).toHaveLength(1);
      const idOf = new Map([...parsed.nodes.values()].map((n) => [nodeName(n), n.id] as const));
      for (const s of c.architecture.services) {
        for (const call of s.calls) {
          const edge = parsed.edges.find((e) => e.from === idOf.get(s.name) && e.to === idOf.get(call.to));
          expect(edge, `${s.name} -> ${call.to}`).toBeDefined();
          const target = c.architecture.services.find((t) => t.name === call.to)!;
          const dotted = target.kind === 'datastore' || target.kind === 'queue' || target.kind === 'external';
          expect(dotted ? ['-.->'] : ['-->', '==>']).toContain(edge!.arrow);
        }
      }
      // North-south edges are thick, the others never are.
      for (const e of parsed.edges) {
        const fromRole = g.nodes.find((n) => n.id === e.from)!.role;
        if (fromRole === 'clients' || fromRole === 'partners') expect(e.arrow).toBe('==>');
      }
    });
  }

  it('draws existing and proposed parts differently', () => {
    const c = loadCase('shop-both');
    const text = toMermaid(graphOf(c));
    expect(text).toMatch(/style g0 [^\n]*stroke-dasharray/);
    expect(text).toMatch(/class n2 proposed/);
  });
});

describe('escapeMermaidLabel', () => {
  it('leaves no character that ends or reinterprets a quoted label', () => {
    const escaped = escapeMermaidLabel('a"b#c<d>e&f`g|h\ni');
    expect(escaped).not.toMatch(/["<>`|\n]/);
    expect(decodeMermaid(escaped)).toBe('a"b#c<d>e&f`g|h i');
  });

  it('round-trips any service name through the generated chart (property)', () => {
    const nameArb = fc.string({ unit: fc.constantFrom(...'ab"#;&<>`|[](){}\\/-=.:end \n\u2028é漢'.split('')), minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(fc.uniqueArray(nameArb, { minLength: 1, maxLength: 6, selector: (s) => s.replace(/[\u0000-\u001f\u2028\u2029]+/g, ' ') }), (names) => {
        const arch: Architecture = {
          apiVersion: 'meshgate/v1',
          kind: 'Architecture',
          metadata: { name: names[0]! },
          platform: 'kubernetes',
          services: names.map((name, i) => ({
            name,
            kind: 'service',
            exposure: i === 0 ? 'public' : 'internal',
            protocols: ['http'],
            calls: i + 1 < names.length ? [{ to: names[i + 1]! }] : [],
          })),
        };
        const answers = withDefaults({ traffic: 'both', services: names.length });
        const g = topologyFromArchitecture(arch, makeDecision(answers, { recommendation: 'both' }));
        const parsed = parseMermaid(toMermaid(g));
        const labels = [...parsed.nodes.values()].map(nodeName);
        for (const name of names) {
          const shown = name.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ');
          expect(labels.filter((l) => l === shown)).toHaveLength(1);
        }
        expect(parsed.edges.filter((e) => e.arrow === '-->')).toHaveLength(names.length - 1);
      }),
      { numRuns: 300 },
    );
  });
});
