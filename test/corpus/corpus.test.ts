/**
 * Every real system in ../shared/corpus imports, derives answers and gets a recommendation a
 * platform engineer would call sensible: test/fixtures/corpus/<name>.expected.json says, per
 * input variant, how many application services, which are public, which datastores and queues,
 * which gateway, mesh and tracing were found, and which recommendations are acceptable. The
 * imported model must also survive `meshgate import`'s YAML round trip unchanged.
 */
import { describe, it, expect } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { dump } from 'js-yaml';
import { loadArchitectureInput, parseYamlLikeCompose } from '../../src/shell/load-architecture.js';
import { architectureFromDocument } from '../../src/importers/meshgate.js';
import { renderArchitectureYaml } from '../../src/core/render-architecture.js';
import { toDocument } from '../../src/core/architecture.js';
import { decide } from '../../src/core/engine.js';
import { loadScoringRules } from '../../src/shell/load-scoring-rules.js';
import { memoryIo } from '../../src/io.js';
import { repoRoot } from '../importers/helpers.js';
import type { Outcome } from '../../src/core/types.js';

interface Variant {
  label: string;
  inputs: string[];
  format: string;
  appServices: { min: number; max: number };
  public: string[];
  datastores: string[];
  gateway: { product: string; service?: string } | null;
  mesh: string | null;
  tracing: string | null;
  recommendations: Outcome[];
}

const corpusRoot = resolve(repoRoot, '../shared/corpus');
const expectedDir = join(repoRoot, 'test/fixtures/corpus');
const present = existsSync(corpusRoot);
if (!present) console.warn(`SKIPPED corpus: ${corpusRoot} is missing, so the real-system tests did not run`);

describe.skipIf(!present)('corpus of real systems', () => {
  const systems = present ? readdirSync(corpusRoot).filter((n) => statSync(join(corpusRoot, n)).isDirectory()).sort() : [];
  const rules = loadScoringRules();

  it('has an expectation for every system', () => {
    expect(systems.length).toBeGreaterThan(0);
    expect(systems.filter((n) => !existsSync(join(expectedDir, `${n}.expected.json`)))).toEqual([]);
  });

  for (const name of systems) {
    const file = join(expectedDir, `${name}.expected.json`);
    if (!existsSync(file)) continue;
    const { variants } = JSON.parse(readFileSync(file, 'utf8')) as { variants: Variant[] };
    for (const v of variants) {
      it(`${name} (${v.label}): imports, derives and recommends sensibly`, async () => {
        const input = await loadArchitectureInput(v.inputs.map((i) => join(corpusRoot, name, i)), {}, memoryIo());
        const sys = input.architecture!;
        const arch = sys.architecture;
        expect(sys.format).toBe(v.format);
        const app = arch.services.filter((s) => s.kind === 'service').length;
        expect(app).toBeGreaterThanOrEqual(v.appServices.min);
        expect(app).toBeLessThanOrEqual(v.appServices.max);
        expect(arch.services.filter((s) => s.exposure === 'public').map((s) => s.name).sort()).toEqual(v.public);
        expect(arch.services.filter((s) => s.kind === 'datastore' || s.kind === 'queue').map((s) => s.name).sort()).toEqual(v.datastores);
        expect(arch.gateway ? { product: arch.gateway.product, ...(arch.gateway.service ? { service: arch.gateway.service } : {}) } : null).toEqual(v.gateway);
        expect(arch.mesh?.product ?? null).toBe(v.mesh);
        expect(arch.observability?.tracing ?? null).toBe(v.tracing);
        // Every model node resolves to a real position in one of the input files.
        arch.services.forEach((s, i) => {
          const loc = sys.locate(`/services/${i}`);
          expect(sys.files).toContain(loc.file);
          expect(loc.line).toBeGreaterThan(0);
        });
        // Every inferred answer says why.
        for (const inf of input.inferred) expect(inf.because.length).toBeGreaterThan(10);

        const decision = decide(input.answers, rules);
        expect(v.recommendations, `recommended ${decision.recommendation} with ${JSON.stringify(decision.scores)}`).toContain(decision.recommendation);

        const text = renderArchitectureYaml(toDocument(arch), [], sys.files, (x) => dump(x, { lineWidth: -1, noRefs: true }));
        const [doc] = parseYamlLikeCompose(text, 'architecture.yaml');
        expect(architectureFromDocument(doc!, 'architecture.yaml', 'x').architecture).toEqual(arch);
      });
    }
  }
});
