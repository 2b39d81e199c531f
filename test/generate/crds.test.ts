/**
 * The vendored CRDs (test/fixtures/crds) are upstream's, as ../shared/crds holds them, minus the
 * description texts and the API versions meshgate does not write; and every CEL rule in them is
 * one the validator can evaluate (parse and plan with @bufbuild/cel plus the Kubernetes URL
 * functions), so no rule is silently skipped when a generated object reaches it.
 */
import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadAll } from 'js-yaml';
import { compile, loadCrds, rulesOf } from './crd-validator.js';
import { crdsDir, repoRoot } from './support.js';

const shared = resolve(repoRoot, '../shared/crds');
const present = existsSync(shared);
if (!present) console.warn(`SKIPPED crds: ${shared} is absent, the vendored CRDs were not compared with upstream`);

type Doc = Record<string, any>;

/** Upstream minus what the vendoring leaves out: descriptions (texts only) and unwritten versions. */
function stripDescriptions(node: unknown, inProperties = false): unknown {
  if (Array.isArray(node)) return node.map((n) => stripDescriptions(n));
  if (node && typeof node === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      if (!inProperties && k === 'description' && typeof v === 'string') continue;
      out[k] = stripDescriptions(v, !inProperties && k === 'properties');
    }
    return out;
  }
  return node;
}

function crdDocs(dir: string): Map<string, Doc> {
  const out = new Map<string, Doc>();
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.yaml'))) {
    for (const d of loadAll(readFileSync(join(dir, f), 'utf8')) as Doc[]) if (d?.['kind'] === 'CustomResourceDefinition') out.set(d['metadata']['name'], d);
  }
  return out;
}

describe('vendored CRDs', () => {
  it('every CEL rule in them parses and plans', () => {
    const crds = loadCrds(crdsDir);
    let rules = 0;
    const broken: string[] = [];
    for (const crd of crds.values()) {
      for (const [version, schema] of crd.versions) {
        for (const r of rulesOf(schema)) {
          rules++;
          try {
            compile(r.rule);
          } catch (err) {
            broken.push(`${crd.kind} ${version}${r.path}: ${(err as Error).message}: ${r.rule}`);
          }
        }
      }
    }
    expect(broken).toEqual([]);
    expect(rules).toBeGreaterThan(100);
  });

  it.skipIf(!present)('are the upstream CRDs of ../shared/crds (descriptions and unwritten versions left out)', () => {
    const upstream = crdDocs(shared);
    const vendored = crdDocs(crdsDir);
    expect(vendored.size).toBeGreaterThanOrEqual(17);
    for (const [name, v] of vendored) {
      const u = structuredClone(upstream.get(name));
      expect(u, name).toBeDefined();
      const versions = new Set((v['spec']['versions'] as Doc[]).map((x) => x['name']));
      u!['spec']['versions'] = (u!['spec']['versions'] as Doc[]).filter((x) => versions.has(x['name']));
      expect(stripDescriptions(v), name).toEqual(stripDescriptions(u));
    }
  });
});
