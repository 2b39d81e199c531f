/**
 * Fixture-driven: each test/fixtures/generate/NAME.yaml (an architecture, read through the real
 * loader) with NAME.decision.json (a hand-made decision, so scoring changes cannot move these
 * results) and NAME.expected.json: the default targets and files, the routes (kind, hosts and
 * paths as the input gives them), the decK plugins, the edge-policy objects of the picked
 * implementation, and what must be said on stderr. Every generated file is also validated as
 * the API server would (upstream CRDs with CEL), decK's schema and `nginx -t`. Who may call
 * whom is checked by the round trip (round-trip.test.ts), not here.
 */
import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadInput } from '../../src/app/input.js';
import { memoryIo } from '../../src/io.js';
import { planFiles, TARGETS } from '../../src/core/generate/index.js';
import type { Outcome, ProductPick } from '../../src/core/types.js';
import { fixturesDir, makeDecision, objectsOf, validateFiles, type K8sObject, defaults } from './support.js';

interface Expected {
  targets: string[];
  files: string[];
  /** route name → "Kind host path[, path...]" (paths with their match type). */
  routes: Record<string, string>;
  kongPlugins: Record<string, string[]>;
  /** Edge-policy objects of the default targets: "Kind namespace/name". */
  edgePolicy: string[];
  /** Fragments the stderr notes must contain. */
  notes: string[];
}

const names = readdirSync(fixturesDir)
  .filter((f) => f.endsWith('.decision.json'))
  .map((f) => f.slice(0, -'.decision.json'.length))
  .sort();

async function load(name: string) {
  const input = await loadInput([join(fixturesDir, `${name}.yaml`)], {}, memoryIo());
  const raw = JSON.parse(readFileSync(join(fixturesDir, `${name}.decision.json`), 'utf8')) as {
    recommendation: Outcome;
    products: Array<Pick<ProductPick, 'role' | 'id'>>;
    answers?: Record<string, unknown>;
  };
  const decision = makeDecision(raw.recommendation, raw.products, { ...input.answers, ...raw.answers });
  return { architecture: input.architecture!.architecture, decision };
}

function describeRoute(o: K8sObject): string {
  const spec = o.spec as { hostnames?: string[]; rules?: Array<{ matches?: Array<{ path?: { type: string; value: string } }> }> };
  const paths = (spec.rules ?? []).flatMap((r) => (r.matches ?? []).map((m) => (m.path ? `${m.path.type === 'Exact' ? '=' : ''}${m.path.value}` : '')));
  return [o.kind, ...(spec.hostnames ?? []), ...(paths.length > 0 ? [paths.join(',')] : [])].join(' ');
}

describe.each(names)('generate fixture %s', (name) => {
  const expected = JSON.parse(readFileSync(join(fixturesDir, `${name}.expected.json`), 'utf8')) as Expected;

  it('picks the expected default targets and files, and says what it must on stderr', async () => {
    const { architecture, decision } = await load(name);
    const plan = planFiles({ architecture, answers: decision.answers, decision, source: `${name}.yaml`, defaults });
    expect(plan.nameProblems).toEqual([]);
    expect(plan.targets).toEqual(expected.targets);
    expect(plan.files.map((f) => f.path)).toEqual(expected.files);
    const notes = plan.notes.join('\n');
    for (const n of expected.notes) expect(notes).toContain(n);
  });

  it('routes what the existing gateway serves (hosts and paths kept), or the public services', async () => {
    const { architecture, decision } = await load(name);
    const plan = planFiles({ architecture, answers: decision.answers, decision, source: `${name}.yaml`, defaults }, ['gateway-api']);
    const routes = plan.files.flatMap(objectsOf).filter((o: K8sObject) => /Route$/.test(o.kind) && o.metadata.name !== 'https-redirect');
    expect(Object.fromEntries(routes.map((r) => [r.metadata.name, describeRoute(r)]))).toEqual(expected.routes);
  });

  it('writes the picked implementation\'s own auth and rate-limit objects', async () => {
    const { architecture, decision } = await load(name);
    const plan = planFiles({ architecture, answers: decision.answers, decision, source: `${name}.yaml`, defaults });
    const policy = plan.files.filter((f) => f.path.endsWith('edge-policy.yaml')).flatMap(objectsOf).map((o) => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`);
    expect(policy).toEqual(expected.edgePolicy);
  });

  it('puts the auth and rate-limiting plugins on the right Kong services (decK)', async () => {
    const { architecture, decision } = await load(name);
    const plan = planFiles({ architecture, answers: decision.answers, decision, source: `${name}.yaml`, defaults }, ['kong']);
    const doc = objectsOf(plan.files[0]!)[0] as unknown as { services: Array<{ name: string; plugins?: Array<{ name: string }> }> };
    const plugins = Object.fromEntries(doc.services.map((s) => [s.name, (s.plugins ?? []).map((p) => p.name)]));
    expect(plugins).toEqual(expected.kongPlugins);
  });

  it('every target validates as the API server would (CRDs with CEL), decK and nginx -t', async () => {
    const { architecture, decision } = await load(name);
    const plan = planFiles({ architecture, answers: decision.answers, decision, source: `${name}.yaml`, defaults }, [...TARGETS]);
    expect(plan.files.length).toBeGreaterThanOrEqual(8);
    expect(validateFiles(plan.files)).toEqual([]);
    // No object stands for an invented service: every one is a service of the input.
    for (const f of plan.files) expect(f.content).not.toContain('# PLACEHOLDER: "');
  });
});
