/**
 * Fixture-driven: each test/fixtures/generate/NAME.yaml (an architecture, read through the real
 * loader) with NAME.decision.json (a hand-made decision, so scoring changes cannot move these
 * results) and NAME.expected.json (targets, files, routes, plugins and who may call whom).
 * Every generated file is also validated against its real schema, and nginx.conf with `nginx -t`.
 */
import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadInput } from '../../src/shell/load-input.js';
import { memoryIo } from '../../src/io.js';
import { planFiles, TARGETS, type GeneratedFile } from '../../src/core/generate/index.js';
import type { Outcome, ProductPick } from '../../src/core/types.js';
import { fixturesDir, makeDecision, objectsOf, validateFiles, type K8sObject, defaults } from './support.js';

interface Expected {
  targets: string[];
  files: string[];
  routes: Record<string, string>;
  kongPlugins: Record<string, string[]>;
  /** service → "namespace/serviceaccount" of everyone allowed to call it. */
  allow: Record<string, string[]>;
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
  return { input, decision };
}

/** Who each service admits, read back from the generated Istio or Linkerd objects. */
function allowedCallers(files: GeneratedFile[]): Record<string, string[]> {
  const objects = files.flatMap((f) => (f.path.endsWith('.yaml') && f.target !== 'kong' ? objectsOf(f) : []));
  const out: Record<string, string[]> = {};
  for (const o of objects) {
    if (o.apiVersion === 'security.istio.io/v1' && o.kind === 'AuthorizationPolicy') {
      const service = (o.spec!['selector'] as { matchLabels: { app: string } }).matchLabels.app;
      const rules = (o.spec!['rules'] as Array<{ from: Array<{ source: { principals: string[] } }> }> | undefined) ?? [];
      out[service] = rules
        .flatMap((r) => r.from.flatMap((f) => f.source.principals))
        .map((p) => p.replace(/^cluster\.local\/ns\/([^/]+)\/sa\/(.+)$/, '$1/$2'))
        .sort();
    }
    if (o.apiVersion === 'policy.linkerd.io/v1beta3' && o.kind === 'Server') out[o.metadata.name] ??= [];
    if (o.apiVersion === 'policy.linkerd.io/v1alpha1' && o.kind === 'MeshTLSAuthentication') {
      const service = o.metadata.name.replace(/-callers$/, '');
      const refs = (o.spec!['identityRefs'] as Array<{ name: string; namespace?: string }>) ?? [];
      out[service] = refs.map((r) => `${r.namespace ?? o.metadata.namespace}/${r.name}`).sort();
    }
  }
  return out;
}

describe.each(names)('generate fixture %s', (name) => {
  const expected = JSON.parse(readFileSync(join(fixturesDir, `${name}.expected.json`), 'utf8')) as Expected;

  it('picks the expected default targets and files', async () => {
    const { input, decision } = await load(name);
    const plan = planFiles({ architecture: input.architecture!.architecture, answers: decision.answers, decision, source: `${name}.yaml`, defaults });
    expect(plan.nameProblems).toEqual([]);
    expect(plan.targets).toEqual(expected.targets);
    expect(plan.files.map((f) => f.path)).toEqual(expected.files);
  });

  it('routes exactly the public and partner services, with the right route kind', async () => {
    const { input, decision } = await load(name);
    const plan = planFiles({ architecture: input.architecture!.architecture, answers: decision.answers, decision, source: `${name}.yaml`, defaults }, ['gateway-api']);
    const routes = plan.files.flatMap(objectsOf).filter((o: K8sObject) => /Route$/.test(o.kind) && o.metadata.name !== 'https-redirect');
    expect(Object.fromEntries(routes.map((r) => [r.metadata.name, r.kind]))).toEqual(expected.routes);
  });

  it('admits exactly the declared callers in the mesh (least privilege)', async () => {
    const { input, decision } = await load(name);
    const plan = planFiles({ architecture: input.architecture!.architecture, answers: decision.answers, decision, source: `${name}.yaml`, defaults });
    expect(allowedCallers(plan.files)).toEqual(expected.allow);
  });

  it('puts the auth and rate-limiting plugins on the right Kong services', async () => {
    const { input, decision } = await load(name);
    const plan = planFiles({ architecture: input.architecture!.architecture, answers: decision.answers, decision, source: `${name}.yaml`, defaults }, ['kong']);
    const doc = objectsOf(plan.files[0]!)[0] as unknown as { services: Array<{ name: string; plugins?: Array<{ name: string }> }> };
    const plugins = Object.fromEntries(doc.services.map((s) => [s.name, (s.plugins ?? []).map((p) => p.name)]));
    expect(plugins).toEqual(expected.kongPlugins);
  });

  it('every target validates against the real schemas (and nginx -t)', async () => {
    const { input, decision } = await load(name);
    const plan = planFiles({ architecture: input.architecture!.architecture, answers: decision.answers, decision, source: `${name}.yaml`, defaults }, [...TARGETS]);
    expect(plan.files.length).toBeGreaterThanOrEqual(10);
    expect(validateFiles(plan.files)).toEqual([]);
    for (const f of plan.files) expect(f.content).not.toContain('PLACEHOLDER');
  });
});
