// The policy-drift rules over every real system in ../shared/corpus, as the corpus lint test reads
// them (the inputs of test/fixtures/corpus-lint/<name>.expected.json): not one drift finding (no
// false positive), with every rule on, including the one that is off by default. The corpus
// holds no authorization policy, so each declared call must also be allowed by the evaluator:
// the test checks that calls were in fact evaluated, so that it cannot pass on nothing.
import { describe, it, expect } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { readSystems } from '../../../src/shell/load-architecture.js';
import { lintArchitecture } from '../../../src/core/lint/runner.js';
import { loadLintRules } from '../../../src/shell/load-lint-rules.js';
import { appliedNamespace, callQuestions, inventoryObjects } from '../../../src/core/policy/inventory.js';
import { evaluateCall, formatTrace, indexCluster } from '../../../src/core/policy/index.js';
import { memoryIo } from '../../../src/io.js';

const repoRoot = resolve(import.meta.dirname, '../../..');
const corpus = resolve(repoRoot, '../shared/corpus');
const expectedDir = resolve(repoRoot, 'test/fixtures/corpus-lint');
const present = existsSync(corpus);
if (!present) console.warn(`SKIPPED policy drift over the corpus: ${corpus} is absent, so the no-false-positive check did not run`);

const DRIFT = ['call-denied-by-policy', 'unused-policy-allowance', 'policy-selects-nothing', 'mtls-gap-in-policy'];
const runs = present
  ? readdirSync(expectedDir).flatMap((f) => (JSON.parse(readFileSync(resolve(expectedDir, f), 'utf8')) as { runs: { inputs: string[] }[] }).runs.map((r) => r.inputs))
  : [];

describe.skipIf(!present)('policy drift over the corpus', async () => {
  const rules = (await loadLintRules()).filter((r) => DRIFT.includes(r.id));
  const severities = Object.fromEntries(rules.map((r) => [r.id, r.severity]));
  let evaluated = 0;

  it('the drift rules are all there', () => expect(rules.map((r) => r.id).sort()).toEqual([...DRIFT].sort()));

  it.each(runs.map((inputs) => [inputs.join(' + '), inputs] as const))('%s: no drift finding, every declared call allowed', async (_name, inputs) => {
    const systems = await readSystems(inputs.map((i) => resolve(corpus, i)), {}, memoryIo({ cwd: corpus }));
    for (const sys of systems) {
      expect(lintArchitecture(sys, rules, { severities }).map((f) => `${f.ruleId} ${f.file}:${f.line}: ${f.message}`)).toEqual([]);
      if (sys.inventory?.format !== 'kubernetes') continue;
      const ns = appliedNamespace(sys.inventory);
      const cluster = indexCluster(inventoryObjects(sys.inventory, ns));
      for (const q of callQuestions(sys.inventory, sys.architecture, ns, true)) {
        const v = evaluateCall(cluster, q.request);
        expect(v.allowed, formatTrace(v).join('\n')).toBe(true);
        evaluated++;
      }
    }
  });

  it('evaluated the declared calls of the Kubernetes systems', () => {
    // A floor, not a count: the importers may find more calls, never these few fewer.
    expect(evaluated).toBeGreaterThan(30);
  });

  // The same systems enrolled in an Istio sidecar mesh with STRICT mTLS mesh-wide (the objects a
  // team adopting Istio adds): every caller is meshed, so every call is still allowed and no
  // mTLS gap exists. A false "denied" or "gap" here would come from the evaluator or the rules.
  it.each(runs.map((inputs) => [inputs.join(' + '), inputs] as const))('%s, meshed with STRICT mTLS: still no drift finding', async (_name, inputs) => {
    const systems = await readSystems(inputs.map((i) => resolve(corpus, i)), {}, memoryIo({ cwd: corpus }));
    for (const sys of systems) {
      if (sys.inventory?.format !== 'kubernetes') continue;
      const at = { file: 'synthetic.yaml', line: 1, column: 1 };
      const ns = appliedNamespace(sys.inventory);
      const namespaces = [...new Set(sys.inventory.workloads.map((w) => w.namespace ?? ns))];
      const object = (value: { kind: string; apiVersion: string; metadata: { name: string; namespace?: string } }) => ({ kind: value.kind, apiVersion: value.apiVersion, name: value.metadata.name, ...(value.metadata.namespace ? { namespace: value.metadata.namespace } : {}), loc: at, value, positions: {} });
      const inventory = {
        ...sys.inventory,
        // The manifests' own Namespace objects are replaced by enrolled ones.
        routing: [...sys.inventory.routing.filter((o) => o.kind !== 'Namespace'), ...namespaces.map((n) => object({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: n, labels: { 'istio-injection': 'enabled' } } as never }))],
        policies: [...sys.inventory.policies, object({ apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'istio-system' }, spec: { mtls: { mode: 'STRICT' } } } as never)],
      };
      expect(lintArchitecture({ ...sys, inventory }, rules, { severities }).map((f) => `${f.ruleId} ${f.file}:${f.line}: ${f.message}`)).toEqual([]);
    }
  });
});
