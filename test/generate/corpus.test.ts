/**
 * Every real system in ../shared/corpus, read through the real loader and decided by the real
 * engine: the default targets and every target generate, every object validates against its
 * real schema (upstream CRDs with their CEL rules), every nginx.conf passes `nginx -t`, every Traefik file SchemaStore's file-provider schema. Who may
 * call whom is checked pair by pair by the round trip (round-trip.test.ts).
 */
import { describe, it, expect } from 'vitest';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadInput } from '../../src/app/input.js';
import { loadScoringRules } from '../../src/shell/load-scoring-rules.js';
import { decide } from '../../src/core/engine.js';
import { memoryIo } from '../../src/io.js';
import { planFiles, TARGETS } from '../../src/core/generate/index.js';
import { corpusDir, validateFiles, defaults } from './support.js';

const present = existsSync(corpusDir);
if (!present) console.warn(`SKIPPED corpus: ${corpusDir} is absent`);
const systems = present ? readdirSync(corpusDir).filter((d) => statSync(join(corpusDir, d)).isDirectory()).sort() : [];

describe.skipIf(!present)('generate on the corpus', () => {
  const rules = loadScoringRules();

  it('finds the corpus systems', () => {
    expect(systems.length).toBeGreaterThanOrEqual(10);
  });

  describe.each(systems)('%s', (system) => {
    it('default targets and every target validate (schemas, decK, nginx -t, Traefik schema)', async () => {
      const input = await loadInput([join(corpusDir, system)], {}, memoryIo());
      const decision = decide(input.answers, rules);
      const base = { architecture: input.architecture!.architecture, answers: input.answers, decision, source: system, defaults };
      const byDefault = planFiles(base);
      expect(byDefault.nameProblems).toEqual([]);
      // Every pick is either written (its own targets' files) or declined with why; nothing else
      // is written in a declined product's place.
      expect(byDefault.products.length).toBeGreaterThan(0);
      for (const p of byDefault.products) {
        if (p.outcome === 'written') expect(p.files.length, p.id).toBeGreaterThan(0);
        else expect(byDefault.notes.join('\n')).toContain(`no starter config is written for ${p.name} (${p.role}): ${p.detail}`);
      }
      expect(byDefault.files.map((f) => f.path).sort()).toEqual(byDefault.products.flatMap((p) => p.files).sort());
      const all = planFiles(base, [...TARGETS]);
      expect(all.files.map((f) => f.target).filter((t, i, a) => a.indexOf(t) === i)).toEqual([...TARGETS]);
      expect(validateFiles(all.files)).toEqual([]);
    });
  });
});
