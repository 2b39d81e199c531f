/**
 * The importers against ground truth: every system of ../shared/corpus has a truth file per
 * input variant (test/fixtures/corpus/*.truth.yaml), written by reading the system's files and
 * SOURCE.md. For each, the import must find at least 95% of the real calls (with the protocol
 * and the line the truth names), invent none, give every workload its role, and get the
 * gateway and mesh right; `recommend` must give a verdict the truth supports. The table of
 * results is printed and must match the one in docs/design/ground-truth.md.
 * Without ../shared the test says so and skips.
 */
import { describe, it, expect } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { dump } from 'js-yaml';
import { parseYamlLikeCompose } from '../../src/yaml/compose.js';
import { loadArchitectureInput } from '../../src/app/input.js';
import { architectureFromDocument } from '../../src/shell/architecture-document.js';
import { renderArchitectureYaml } from '../../src/core/render-architecture.js';
import { toDocument } from '../../src/core/architecture.js';
import { decide } from '../../src/core/engine.js';
import { loadScoringRules } from '../../src/shell/load-scoring-rules.js';
import { memoryIo } from '../../src/io.js';
import { corpusRoot, importTruth, loadTruths, repoRoot, score, table, type Score } from './ground-truth.js';

const present = existsSync(corpusRoot);
if (!present) console.warn(`SKIPPED ground truth: ${corpusRoot} is missing, so the importers were not checked against the corpus`);

describe.skipIf(!present)('importers against the corpus ground truth', () => {
  const truths = loadTruths();
  const systems = present ? readdirSync(corpusRoot).filter((n) => statSync(join(corpusRoot, n)).isDirectory()).sort() : [];
  const scores: Score[] = [];

  it('has a truth file for every system, and every truth file a system', () => {
    expect(systems.length).toBeGreaterThan(0);
    expect([...new Set(truths.map((t) => t.system))].sort()).toEqual(systems);
  });

  for (const t of truths) {
    it(`${t.system} (${t.variant}): calls, roles, gateway and mesh as the truth says`, async () => {
      const sys = await importTruth(t);
      expect(sys.format).toBe(t.format);
      const s = score(t, sys);
      scores.push(s);
      expect(s.recall, `recall ${s.found}/${s.realCalls}`).toBeGreaterThanOrEqual(0.95);
      expect(s.invented, 'invented calls').toEqual([]);
      expect(s.wrongProtocol, 'protocols').toEqual([]);
      expect(s.wrongEvidence, 'evidence lines').toEqual([]);
      expect(s.roles.wrong, 'roles').toEqual([]);
      expect(s.ordering.missing, 'start-up ordering').toEqual([]);
      expect(s.gateway.ok, `gateway: truth ${JSON.stringify(t.gateway)}, got ${s.gateway.got}`).toBe(true);
      expect(s.mesh.ok, `mesh: truth ${JSON.stringify(t.mesh)}, got ${s.mesh.got}`).toBe(true);
      // Every model node has a real position, and the model survives `meshgate import`'s YAML.
      const arch = sys.architecture;
      arch.services.forEach((_, i) => {
        const loc = sys.locate(`/services/${i}`);
        expect(loc.line).toBeGreaterThan(0);
        expect(existsSync(loc.file), loc.file).toBe(true);
      });
      const text = renderArchitectureYaml(toDocument(arch), sys.notes, sys.files, (x) => dump(x, { lineWidth: -1, noRefs: true }));
      const [doc] = parseYamlLikeCompose(text, 'architecture.yaml');
      expect(architectureFromDocument(doc!, 'architecture.yaml', 'x').architecture).toEqual(arch);
    });
  }

  const rules = loadScoringRules();
  for (const t of truths) {
    it(`${t.system} (${t.variant}): recommend gives a verdict the truth supports`, async () => {
      const input = await loadArchitectureInput(t.inputs.map((i) => join(corpusRoot, t.system, i)), {}, memoryIo());
      const decision = decide(input.answers, rules);
      expect(t.verdicts, `${decision.recommendation} (${JSON.stringify(decision.scores)}); truth: ${t['verdict-reason']}`).toContain(decision.recommendation);
      // A tie with a real contender (one whose layers each have a need) is flagged close and says
      // how it was settled; a runner-up nothing asks for is no contender, whatever its score.
      if (decision.margin === 0 && decision.close) expect(decision.closeBecause.join('\n')).toMatch(/ties go to the simpler setup/);
      for (const inf of input.inferred) expect(inf.because.length).toBeGreaterThan(10);
    });
  }

  it('prints the table, and docs/design/ground-truth.md carries the same one', () => {
    expect(scores.length).toBe(truths.length);
    const order = new Map(truths.map((t, i) => [t.file, i]));
    const text = table([...scores].sort((a, b) => order.get(a.truth.file)! - order.get(b.truth.file)!));
    console.log(`\nImporters against the corpus ground truth\n${text}\n`);
    const readme = readFileSync(join(repoRoot, 'docs/design/ground-truth.md'), 'utf8');
    const m = /<!-- ground-truth-table -->\n([\s\S]*?)\n<!-- \/ground-truth-table -->/.exec(readme);
    expect(m, 'docs/design/ground-truth.md has a <!-- ground-truth-table --> block').not.toBeNull();
    expect(m![1]).toBe(text);
  });
});
