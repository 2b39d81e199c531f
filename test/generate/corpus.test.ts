/**
 * Every real system in ../shared/corpus, read through the real loader and decided by the real
 * engine: the default targets and all six targets generate, every object validates against its
 * real schema, every nginx.conf passes `nginx -t`, and the mesh policies admit exactly the callers
 * the call graph declares.
 */
import { describe, it, expect } from 'vitest';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadInput } from '../../src/shell/load-input.js';
import { loadScoringRules } from '../../src/shell/load-scoring-rules.js';
import { decide } from '../../src/core/engine.js';
import { memoryIo } from '../../src/io.js';
import { planFiles, TARGETS } from '../../src/core/generate/index.js';
import type { Architecture } from '../../src/core/types.js';
import { corpusDir, objectsOf, validateFiles, defaults } from './support.js';

const present = existsSync(corpusDir);
if (!present) console.warn(`SKIPPED corpus: ${corpusDir} is absent`);
const systems = present ? readdirSync(corpusDir).filter((d) => statSync(join(corpusDir, d)).isDirectory()).sort() : [];

/** Callers each mesh member should admit, computed straight from the architecture. */
function declaredCallers(a: Architecture): Map<string, string[]> {
  const gateway = a.gateway?.service;
  const members = new Set(a.mesh?.members?.length ? a.mesh.members : a.services.filter((s) => s.kind === 'service').map((s) => s.name));
  const kinds = new Map(a.services.map((s) => [s.name, s.kind]));
  const out = new Map<string, Set<string>>();
  for (const s of a.services) if (members.has(s.name) && s.name !== gateway) out.set(s.name, new Set());
  for (const s of a.services) {
    for (const c of s.calls) {
      const from = c.via ?? s.name;
      if (from === gateway || kinds.get(from) === 'external' || !kinds.has(from)) continue;
      out.get(c.to)?.add(`default/${from}`);
    }
  }
  for (const s of a.services) if (out.has(s.name) && s.exposure !== 'internal') out.get(s.name)!.add('GATEWAY');
  return new Map([...out].map(([k, v]) => [k, [...v].sort()]));
}

describe.skipIf(!present)('generate on the corpus', () => {
  const rules = loadScoringRules();

  it('finds the corpus systems', () => {
    expect(systems.length).toBeGreaterThanOrEqual(10);
  });

  describe.each(systems)('%s', (system) => {
    it('default targets and all six targets validate (schemas, decK, nginx -t)', async () => {
      const input = await loadInput([join(corpusDir, system)], {}, memoryIo());
      const decision = decide(input.answers, rules);
      const base = { architecture: input.architecture!.architecture, answers: input.answers, decision, source: system, defaults };
      const byDefault = planFiles(base);
      expect(byDefault.nameProblems).toEqual([]);
      expect(byDefault.files.length).toBeGreaterThan(0);
      const all = planFiles(base, [...TARGETS]);
      expect(all.files.map((f) => f.target).filter((t, i, a) => a.indexOf(t) === i)).toEqual([...TARGETS]);
      expect(validateFiles(all.files)).toEqual([]);
    });

    it('istio and linkerd admit exactly the declared callers', async () => {
      const input = await loadInput([join(corpusDir, system)], {}, memoryIo());
      const decision = decide(input.answers, rules);
      const architecture = input.architecture!.architecture;
      const expected = Object.fromEntries(declaredCallers(architecture));
      const plan = planFiles({ architecture, answers: input.answers, decision, source: system, defaults }, ['istio', 'linkerd']);
      expect(Object.keys(expected).length).toBeGreaterThan(0);
      const objects = plan.files.flatMap(objectsOf);
      const istio: Record<string, string[]> = {};
      const linkerd: Record<string, string[]> = {};
      for (const o of objects) {
        if (o.kind === 'AuthorizationPolicy' && o.apiVersion === 'security.istio.io/v1') {
          const rules = (o.spec!['rules'] as Array<{ from: Array<{ source: { principals: string[] } }> }> | undefined) ?? [];
          istio[(o.spec!['selector'] as { matchLabels: { app: string } }).matchLabels.app] = rules
            .flatMap((r) => r.from.flatMap((f) => f.source.principals))
            .map((p) => (/\/sa\/edge-gateway(-istio)?$/.test(p) ? 'GATEWAY' : p.replace(/^cluster\.local\/ns\/([^/]+)\/sa\/(.+)$/, '$1/$2')))
            .sort();
        }
        if (o.kind === 'Server') linkerd[o.metadata.name] ??= [];
        if (o.kind === 'MeshTLSAuthentication') {
          linkerd[o.metadata.name.replace(/-callers$/, '')] = (o.spec!['identityRefs'] as Array<{ name: string; namespace?: string }>)
            .map((r) => (/^edge-gateway(-istio)?$/.test(r.name) ? 'GATEWAY' : `${r.namespace ?? 'default'}/${r.name}`))
            .sort();
        }
      }
      expect(istio).toEqual(expected);
      expect(linkerd).toEqual(expected);
    });
  });
});
