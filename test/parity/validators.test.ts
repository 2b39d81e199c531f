// The build's precompiled validators must exist for every schema meshgate uses and must judge
// documents exactly as Ajv compiling the same schema at run time does.
import { describe, it, expect, beforeAll } from 'vitest';
import fc from 'fast-check';
import { createRequire } from 'node:module';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load } from 'js-yaml';
import type { ValidateFunction, ErrorObject } from 'ajv';
import { registeredSchemas } from '../../src/shell/schema-registry.js';
import { compileSchema, schemaKey } from '../../src/shell/ajv.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const generated = join(root, 'dist/generated/validators');
const requireDist = createRequire(import.meta.url);
const precompiled: Record<string, ValidateFunction | undefined> = new Proxy({}, {
  get: (_t, key: string) => {
    const file = join(generated, `${key}.cjs`);
    return existsSync(file) ? (requireDist(file) as { default: ValidateFunction }).default : undefined;
  },
});

beforeAll(() => {
  if (!existsSync(generated)) throw new Error('dist/generated/validators/ is missing: run `npm run build` (npm test does)');
});

const yamlFiles = (dir: string): unknown[] =>
  existsSync(dir) ? readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).map((f) => load(readFileSync(join(dir, f), 'utf8'))) : [];

const summary = (errors: ErrorObject[] | null | undefined) =>
  (errors ?? []).map((e) => `${e.instancePath} ${e.keyword} ${JSON.stringify(e.params)} ${e.message}`).sort();

function agree(schema: object, value: unknown): void {
  const pre = precompiled[schemaKey(schema as never)]!;
  const dyn = compileSchema(schema as never, { precompiled: false });
  const a = pre(value);
  const preErrors = summary(pre.errors);
  const b = dyn(value);
  expect(a).toBe(b);
  expect(preErrors).toEqual(summary(dyn.errors));
}

describe('precompiled schema validators', () => {
  it('exist for every registered schema', () => {
    const missing = registeredSchemas().filter((s) => !precompiled[schemaKey(s)]);
    expect(missing.map((s) => (s as { title?: string }).title ?? JSON.stringify(s).slice(0, 80))).toEqual([]);
  });

  it('agree with Ajv on real fixtures and rule files', () => {
    const samples = [
      ...yamlFiles(join(root, 'test/fixtures/scenarios')),
      ...yamlFiles(join(root, 'test/fixtures/architecture')),
      ...yamlFiles(join(root, 'rules/lint')),
      ...yamlFiles(join(root, 'rules/scoring')),
      ...yamlFiles(join(root, 'rules')),
    ];
    expect(samples.length).toBeGreaterThan(50);
    for (const schema of registeredSchemas()) for (const s of samples) agree(schema as object, s);
  });

  it('agree with Ajv on random and mutated documents', () => {
    const schemas = registeredSchemas() as object[];
    const base = yamlFiles(join(root, 'test/fixtures/scenarios')).concat(yamlFiles(join(root, 'test/fixtures/architecture')));
    const mutated = fc.tuple(fc.constantFrom(...base), fc.string(), fc.jsonValue()).map(([doc, key, v]) =>
      doc && typeof doc === 'object' ? { ...(doc as object), [key || 'traffic']: v } : v,
    );
    fc.assert(
      fc.property(fc.constantFrom(...schemas), fc.oneof(fc.jsonValue(), mutated), (schema, value) => agree(schema, value)),
      { numRuns: 400, seed: 20261127 },
    );
  });
});
