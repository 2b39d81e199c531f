/**
 * Large topologies (issue 16): `diagram -f svg` and `report -f html` at 300, 1,000 and 5,000
 * services always render. Up to DETAIL_LIMIT services every one is a box; beyond it the picture
 * groups them (by namespace, else by where they sit relative to gateway and mesh), keeps count of
 * every service and call, and says what it left out. On main before this, 5,000 services were
 * refused (5,002 nodes over the in-process Graphviz limit) and the HTML record lost its picture.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { syntheticArchitecture } from '../bench/synthetic.mjs';
import { DETAIL_LIMIT, simplifyTopology } from '../../src/core/diagram/simplify.js';
import { topologyFromArchitecture, type TopologyGraph } from '../../src/core/diagram/topology.js';
import { withDefaults } from '../../src/core/answers.js';
import type { Architecture } from '../../src/core/types.js';
import { makeDecision } from './helpers.js';
import { parseXml, allElements } from './xml-check.js';
import { meshgateInProcess, tempDir } from '../robustness/helpers.js';

/** n services in `namespaces` namespaces (none when 0), each calling the next two; every tenth public and routed; a mesh over two thirds. */
function architecture(n: number, namespaces: number): Architecture {
  const name = (i: number) => `svc-${i % n}`;
  return {
    apiVersion: 'meshgate/v1',
    kind: 'Architecture',
    metadata: { name: 'large' },
    platform: 'kubernetes',
    services: Array.from({ length: n }, (_, i) => ({
      name: name(i),
      ...(namespaces > 0 ? { namespace: `team-${i % namespaces}` } : {}),
      kind: i % 10 === 9 ? ('datastore' as const) : ('service' as const),
      exposure: i % 10 === 0 ? ('public' as const) : ('internal' as const),
      port: 8080,
      protocols: ['http' as const],
      calls: [{ to: name(i + 1) }, { to: name(i + 2) }],
    })),
    gateway: { product: 'kong', routes: Array.from({ length: n }, (_, i) => i).filter((i) => i % 10 === 0).map(name) },
    mesh: { product: 'istio', mtls: 'strict', members: Array.from({ length: n }, (_, i) => i).filter((i) => i % 3 !== 0).map(name) },
  } as unknown as Architecture;
}

function graphOf(n: number, namespaces: number): TopologyGraph {
  return topologyFromArchitecture(architecture(n, namespaces), makeDecision(withDefaults({ traffic: 'both', services: n }), { recommendation: 'both' }));
}

/** How many calls a drawn edge stands for: its "N calls" / "N routes" label, else one. */
function callsOf(label: string | undefined): number {
  const m = /^([\d,]+) (calls|routes)$/.exec(label ?? '');
  return m ? Number(m[1]!.replace(/,/g, '')) : 1;
}

describe('simplifyTopology', () => {
  it('leaves a graph of up to DETAIL_LIMIT services exactly as it is', () => {
    const g = graphOf(DETAIL_LIMIT - 10, 4);
    expect(simplifyTopology(g)).toEqual({ graph: g });
  });

  it('groups by namespace when the services have namespaces: every service and every call is still counted', () => {
    const g = graphOf(5000, 25);
    const { graph, omitted } = simplifyTopology(g);
    const groups = graph.nodes.filter((n) => n.label.startsWith('namespace '));
    expect(groups.map((n) => n.label).sort()).toEqual(Array.from({ length: 25 }, (_, i) => `namespace team-${i}`).sort());
    const counted = groups.reduce((sum, n) => sum + [...n.detail!.matchAll(/([\d,]+) (services|datastores)/g)].reduce((s, m) => s + Number(m[1]!.replace(/,/g, '')), 0), 0);
    expect(counted).toBe(5000);
    const inside = groups.reduce((sum, n) => sum + Number(/([\d,]+) calls? inside/.exec(n.detail!)?.[1]?.replace(/,/g, '') ?? 0), 0);
    const between = graph.edges.reduce((sum, e) => sum + callsOf(e.label), 0);
    expect(inside + between).toBe(g.edges.length);
    expect(omitted).toBe(`Simplified: 5,000 services drawn as 25 groups by namespace, ${g.edges.length.toLocaleString('en-US')} connections as ${graph.edges.length} edges; meshgate diagram -f dot (for a native Graphviz) or -f mermaid lists every one.`);
    expect(graph.note).toHaveLength(3);
  });

  it('without namespaces groups by position: behind the gateway, in and outside the mesh, datastores', () => {
    const { graph } = simplifyTopology(graphOf(5000, 0));
    const labels = graph.nodes.filter((n) => n.placeholder).map((n) => n.label).sort();
    expect(labels).toEqual(['Behind the gateway', 'Datastores and queues', 'Internal, in the mesh', 'Internal, outside the mesh']);
    const mesh = graph.groups.find((g) => g.kind === 'mesh')!;
    expect(mesh.members.map((id) => graph.nodes.find((n) => n.id === id)!.label)).toEqual(['Internal, in the mesh']);
  });
});

let work: { dir: string; cleanup: () => void };
beforeAll(() => {
  work = tempDir('large-topology');
  for (const n of [300, 1000, 5000]) writeFileSync(join(work.dir, `synthetic-${n}.yaml`), syntheticArchitecture(n));
});
afterAll(() => work.cleanup());

describe.each([300, 1000, 5000])('%i services (the benchmark\'s synthetic shape: about four calls each)', (n) => {
  const file = () => join(work.dir, `synthetic-${n}.yaml`);
  const detailed = n <= DETAIL_LIMIT;

  it(`diagram -f svg: exit 0, well-formed SVG, ${detailed ? 'a box for every service' : 'grouped, saying what it left out'}`, async () => {
    const r = await meshgateInProcess(['diagram', file(), '-f', 'svg']);
    expect(r.status, r.stderr).toBe(0);
    const root = parseXml(r.stdout);
    const nodes = allElements(root).filter((el) => el.name === 'g' && (el.attrs['class'] ?? '').split(' ')[0] === 'node');
    if (detailed) {
      expect(nodes).toHaveLength(n + 2);
      expect(r.stderr).toBe('');
    } else {
      expect(nodes.length).toBeLessThan(20);
      expect(r.stderr).toMatch(/^meshgate: note: Simplified: 5,000 services drawn as \d+ groups by where they sit relative to the gateway and the mesh/);
      expect(r.stdout).toContain('Simplified: 5,000 services drawn as');
    }
  }, 60_000);

  it(`report -f html: exit 0 with the picture${detailed ? '' : ' and a paragraph saying what it leaves out'}`, async () => {
    const r = await meshgateInProcess(['report', file(), '-f', 'html']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('<figure class="diagram"');
    if (detailed) expect(r.stdout).not.toContain('<p class="omitted">');
    else expect(r.stdout).toMatch(/<p class="omitted">Simplified: 5,000 services drawn as \d+ groups/);
  }, 60_000);
});
