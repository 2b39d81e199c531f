/**
 * Fixture loading for the diagram and report tests: test/fixtures/report/topology/<case>.yaml
 * (an Architecture or Answers file) with <case>.decision.json (the decision to draw) beside it.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseYamlDocuments } from '../../src/yaml/parse.js';
import { normaliseArchitecture, type RawArchitecture } from '../../src/core/architecture.js';
import { withDefaults } from '../../src/core/answers.js';
import type { Answers, Architecture, Decision, Layer, LayerDecision, Outcome, ProductPick } from '../../src/core/types.js';
import { layersOf } from '../../src/core/engine.js';
import { topologyFor, type TopologyGraph } from '../../src/core/diagram/topology.js';

export const repoRoot = resolve(import.meta.dirname, '../..');
export const topologyFixtures = join(repoRoot, 'test/fixtures/report/topology');

export interface TopologyCase {
  name: string;
  architecture?: Architecture;
  answers: Answers;
  decision: Decision;
  source: string;
}

/** Layer decisions that only say which layers the verdict includes: no needs, no scores. */
export function neutralLayers(recommendation: Outcome): Record<Layer, LayerDecision> {
  const included = layersOf(recommendation);
  const layer = (l: Layer, tier: string): LayerDecision => {
    const needed = included.includes(l);
    return { layer: l, needed, tier: needed ? tier : 'none', score: 0, hardNeeds: [], softNeeds: [], summary: '' };
  };
  return { edge: layer('edge', 'gateway'), mesh: layer('mesh', 'sidecar') };
}

/** A full Decision from the few fields a fixture gives; the rest are neutral. */
export function makeDecision(answers: Answers, partial: Omit<Partial<Decision>, 'products'> & { products?: Partial<ProductPick>[] }): Decision {
  const recommendation = partial.recommendation ?? 'neither';
  return {
    recommendation,
    scores: { gateway: 0, mesh: 0, both: 0, neither: 0 },
    runnerUp: 'gateway',
    runnerUpReal: true,
    margin: 0,
    close: true,
    closeBecause: [],
    reasons: [],
    whatIf: [],
    notes: [],
    answers,
    layers: neutralLayers(recommendation),
    vetoed: [],
    ...partial,
    products: (partial.products ?? []).map((p) => ({ reason: 'fixture', sources: [], role: 'gateway', id: 'x', name: 'x', ...p })),
  };
}

export function caseNames(): string[] {
  return readdirSync(topologyFixtures).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -5)).sort();
}

export function loadCase(name: string): TopologyCase {
  const file = join(topologyFixtures, `${name}.yaml`);
  const value = parseYamlDocuments(readFileSync(file, 'utf8'), file)[0]!.value as Record<string, unknown>;
  const partial = JSON.parse(readFileSync(join(topologyFixtures, `${name}.decision.json`), 'utf8')) as Partial<Decision>;
  if (value['kind'] === 'Answers') {
    const answers = withDefaults(value as unknown as Answers);
    return { name, answers, decision: makeDecision(answers, partial), source: `${name}.yaml` };
  }
  const architecture = normaliseArchitecture(value as unknown as RawArchitecture, name);
  const answers = withDefaults({ traffic: 'both', services: architecture.services.length });
  return { name, architecture, answers, decision: makeDecision(answers, partial), source: `${name}.yaml` };
}

export function graphOf(c: TopologyCase): TopologyGraph {
  return topologyFor({ answers: c.answers, source: c.source, ...(c.architecture ? { architecture: { architecture: c.architecture } } : {}) }, c.decision);
}

/** The graph in names rather than generated ids, for expected files a person can read. */
export function describeGraph(g: TopologyGraph) {
  const name = new Map(g.nodes.map((n) => [n.id, n.label] as const));
  return {
    title: g.title,
    nodes: g.nodes.map((n) => ({ label: n.label, ...(n.detail ? { detail: n.detail } : {}), role: n.role, proposed: n.proposed })),
    edges: g.edges.map((e) => `${name.get(e.from)} ${e.kind} ${name.get(e.to)}${e.label ? ` (${e.label})` : ''}${e.proposed ? ' [proposed]' : ''}`),
    groups: g.groups.map((gr) => ({ kind: gr.kind, label: gr.label, proposed: gr.proposed, members: gr.members.map((m) => name.get(m)) })),
  };
}
