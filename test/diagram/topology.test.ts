import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { caseNames, describeGraph, graphOf, loadCase, topologyFixtures } from './helpers.js';
import { readGolden } from '../support/golden.js';

// Expected files are reviewed by hand; UPDATE=1 rewrites them after a deliberate change, and a
// missing one fails (see test/support/golden.ts).
describe('topology from fixtures (test/fixtures/report/topology)', () => {
  const names = caseNames();
  it('finds the fixtures', () => {
    expect(names.length).toBeGreaterThanOrEqual(6);
  });
  for (const name of names) {
    it(name, () => {
      const actual = describeGraph(graphOf(loadCase(name)));
      const file = join(topologyFixtures, `${name}.expected.json`);
      expect(actual).toEqual(JSON.parse(readGolden(file, JSON.stringify(actual, null, 2) + '\n', import.meta.filename)));
    });
  }
});

describe('topology invariants', () => {
  for (const name of caseNames()) {
    it(`${name}: ids are generated, every service drawn once, every call an edge`, () => {
      const c = loadCase(name);
      const g = graphOf(c);
      for (const n of g.nodes) expect(n.id).toMatch(/^n\d+$/);
      for (const gr of g.groups) expect(gr.id).toMatch(/^g\d+$/);
      const inGroups = g.groups.flatMap((gr) => gr.members);
      expect(new Set(inGroups).size).toBe(inGroups.length);
      if (!c.architecture) return;
      for (const s of c.architecture.services) {
        expect(g.nodes.filter((n) => n.service === s.name), s.name).toHaveLength(1);
      }
      const nodeOf = new Map(g.nodes.filter((n) => n.service).map((n) => [n.service!, n.id] as const));
      for (const s of c.architecture.services) {
        for (const call of s.calls) {
          const edge = g.edges.find((e) => e.from === nodeOf.get(s.name) && e.to === nodeOf.get(call.to));
          expect(edge, `${s.name} -> ${call.to}`).toBeDefined();
        }
      }
    });
  }
});
