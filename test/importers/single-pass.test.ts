/**
 * The shell imports a compose project in the collecting pass that needs nothing more
 * (`collectOrImportCompose`) instead of running every pass again (`importCompose`). These tests
 * hold the two to the same result, positions and notes included, on every compose fixture, the
 * corpus' compose projects and the benchmark's shapes, and check that a project with a required
 * file that cannot be read still goes to the import that refuses it.
 */
import { describe, it, expect } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseYamlLikeCompose } from '../../src/yaml/compose.js';
import { collectOrImportCompose, composeNeeds, importCompose, type Resource, type ResourceNeed } from '../../src/importers/compose.js';
import type { ImportResult, SourceFile } from '../../src/importers/common.js';
import { composeFile } from '../bench/shapes.mjs';
import { repoRoot, tempTree } from './helpers.js';

const corpusRoot = resolve(repoRoot, '../shared/corpus');

/** A compose file as the shell parses it (its own `!reset` / `!override` tags allowed). */
const parseCompose = (text: string, file: string) => parseYamlLikeCompose(text, file, { composeTags: true });

/** What the shell reads for a need (shell/load-architecture.ts readResource), from disk. */
function readNeed(n: ResourceNeed): Resource {
  try {
    if (n.kind === 'dir') return statSync(n.path).isDirectory() ? { kind: 'dir', file: n.file, entries: readdirSync(n.path) } : { kind: 'unreadable', file: n.file, reason: 'not a folder' };
    const text = readFileSync(n.path, 'utf8');
    if (n.kind === 'text') return { kind: 'text', file: n.file, text };
    return { kind: 'compose', file: { file: n.file, docs: parseCompose(text, n.file) } };
  } catch (err) {
    return { kind: 'unreadable', file: n.file, reason: (err as Error).message };
  }
}

/** Every resource the project refers to, read the way the shell reads them. */
function resourcesOf(files: SourceFile[]): Map<string, Resource> {
  const resources = new Map<string, Resource>();
  for (let round = 0; round < 16; round++) {
    const needs = composeNeeds(files, { resources }).filter((n) => !resources.has(n.path));
    if (needs.length === 0) break;
    for (const n of needs) resources.set(n.path, readNeed(n));
  }
  return resources;
}

/** Every JSON pointer of a value. */
function pointers(v: unknown, p = '', out: string[] = []): string[] {
  out.push(p);
  if (Array.isArray(v)) v.forEach((x, i) => pointers(x, `${p}/${i}`, out));
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) pointers(x, `${p}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`, out);
  return out;
}

function expectSameImport(single: ImportResult, twice: ImportResult): void {
  expect(single.architecture).toEqual(twice.architecture);
  expect(single.notes).toEqual(twice.notes);
  expect(JSON.stringify(single.inventory)).toBe(JSON.stringify(twice.inventory));
  for (const p of pointers(twice.architecture)) expect(single.locate(p)).toEqual(twice.locate(p));
}

function compareOn(paths: string[]): void {
  const files: SourceFile[] = paths.map((p) => ({ file: p, docs: parseCompose(readFileSync(p, 'utf8'), p) }));
  const resources = resourcesOf(files);
  const single = collectOrImportCompose(files, 'sys', { resources });
  expect(single.needs).toEqual([]);
  expect(single.result).toBeDefined();
  expectSameImport(single.result!, importCompose(files, 'sys', { resources }));
}

/** The compose files of a folder the way `docker compose` picks them: the base file and its override. */
function composeFilesIn(dir: string): string[] {
  for (const base of ['compose', 'docker-compose']) {
    for (const ext of ['yaml', 'yml']) {
      const p = join(dir, `${base}.${ext}`);
      if (!existsSync(p)) continue;
      const override = [`${base}.override.yaml`, `${base}.override.yml`].map((n) => join(dir, n)).find((o) => existsSync(o));
      return override ? [p, override] : [p];
    }
  }
  return [];
}

describe('compose: the collecting pass that needs nothing is the import', () => {
  const fixtureRoot = join(repoRoot, 'test/fixtures/compose');
  const fixtures = readdirSync(fixtureRoot).filter((n) => statSync(join(fixtureRoot, n)).isDirectory());
  it.each(fixtures)('fixture %s', (name) => {
    const paths = composeFilesIn(join(fixtureRoot, name));
    expect(paths.length).toBeGreaterThan(0);
    compareOn(paths);
  });

  it.each(['block', 'flow', 'one-line'])('benchmark shape, %s style', (style) => {
    const dir = tempTree({ 'compose.yaml': composeFile(60, style) });
    compareOn([join(dir, 'compose.yaml')]);
  });

  const corpusProjects = existsSync(corpusRoot)
    ? readdirSync(corpusRoot, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).flatMap((system) => {
        const found: string[] = [];
        const walk = (d: string, depth: number) => {
          if (composeFilesIn(d).length > 0) found.push(d);
          if (depth < 3) for (const e of readdirSync(d, { withFileTypes: true })) if (e.isDirectory() && !e.name.startsWith('.')) walk(join(d, e.name), depth + 1);
        };
        walk(join(corpusRoot, system), 0);
        return found;
      })
    : [];
  if (corpusProjects.length === 0) console.warn(`SKIPPED corpus compose projects: ${corpusRoot} is missing`);
  it.skipIf(corpusProjects.length === 0).each(corpusProjects)('corpus %s', (dir) => {
    const paths = composeFilesIn(dir);
    let parsed = true;
    try {
      for (const p of paths) parseCompose(readFileSync(p, 'utf8'), p);
    } catch {
      parsed = false; // a file the reader refuses is no compose project to compare
    }
    if (parsed) compareOn(paths);
  });

  it('a required file that cannot be read leaves the import to the pass that refuses it', () => {
    const dir = tempTree({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n    env_file: [{path: missing.env, required: true}]\n' });
    const p = join(dir, 'compose.yaml');
    const files: SourceFile[] = [{ file: p, docs: parseCompose(readFileSync(p, 'utf8'), p) }];
    const resources = resourcesOf(files);
    expect([...resources.values()].map((r) => r.kind)).toEqual(['unreadable']);
    const single = collectOrImportCompose(files, 'sys', { resources });
    expect(single.result).toBeUndefined();
    expect(() => importCompose(files, 'sys', { resources })).toThrow(/missing\.env cannot be read/);
  });

  it('a file not read yet is a need, not an import', () => {
    const dir = tempTree({ 'compose.yaml': 'include: [other.yaml]\nservices:\n  web: {image: nginx}\n', 'other.yaml': 'services:\n  api: {image: example/api}\n' });
    const p = join(dir, 'compose.yaml');
    const files: SourceFile[] = [{ file: p, docs: parseCompose(readFileSync(p, 'utf8'), p) }];
    const first = collectOrImportCompose(files, 'sys', {});
    expect(first.result).toBeUndefined();
    expect(first.needs.map((n) => n.path)).toContain(join(dir, 'other.yaml'));
    compareOn([p]);
  });
});

describe('kubernetes inventory: positions found when read are the positions of every node', () => {
  const dirs = [join(repoRoot, 'test/fixtures/kubernetes'), ...(existsSync(corpusRoot) ? [join(corpusRoot, 'bookinfo'), join(corpusRoot, 'online-boutique')] : [])];
  const inputs = dirs.flatMap((d) => readdirSync(d, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => join(d, e.name)));
  it.each(inputs)('%s', async (dir) => {
    const { readOneSystem } = await import('../../src/shell/load-architecture.js');
    const { memoryIo } = await import('../../src/io.js');
    let sys;
    try {
      sys = await readOneSystem([dir], {}, memoryIo());
    } catch {
      return; // not a system of its own (a folder of policies only, or of bad input)
    }
    const objects = [...(sys.inventory?.policies ?? []), ...(sys.inventory?.routing ?? [])];
    for (const o of objects) {
      const keys = pointers(o.value);
      // One entry per node of the value, in document order, each where the node starts.
      expect(Object.keys(o.positions)).toEqual(keys);
      for (const k of keys) {
        expect(o.positions[k]!.file).toBe(o.loc.file);
        expect(o.positions[k]!.line).toBeGreaterThanOrEqual(o.loc.line);
      }
      expect(o.positions['']).toEqual(o.loc);
      // Read again, and through a copy as JSON: the same.
      expect(JSON.parse(JSON.stringify(o)).positions).toEqual(o.positions);
    }
  });
});

describe('classification keeps its answers per word without changing them', () => {
  const cases: [string, string | undefined, string[], { published?: boolean }][] = [
    ['svc-0001', 'registry.example.com/shop/svc-0001:1.1.0', ['LOG_LEVEL', 'ORDERS_URL'], {}],
    ['catalogue-db', 'weaveworksdemos/catalogue-db:0.3.0', [], {}],
    ['proxy', 'nginx:1.25', [], { published: true }],
    ['proxy', undefined, [], { published: true }],
    ['proxy', undefined, [], {}],
    ['kafka-ui', 'provectuslabs/kafka-ui', [], {}],
    ['edge', 'example/edge', ['ENVOY_PORT'], {}],
    ['config-server', 'springcommunity/spring-petclinic-config-server', [], {}],
    ['constructor', '__proto__', [], {}],
    ['redis', '${REDIS_IMAGE}', [], {}],
  ];
  it('the same answers cold and warm, in any order, as a fresh module gives', async () => {
    const { vi } = await import('vitest');
    vi.resetModules();
    const fresh = await import('../../src/core/classify.js');
    const cold = cases.map(([n, i, e, o]) => [fresh.classify(n, i, e, o), fresh.isPlatformService({ name: n, ...(i ? { image: i } : {}) })]);
    const warm = [...cases].reverse().map(([n, i, e, o]) => [fresh.classify(n, i, e, o), fresh.isPlatformService({ name: n, ...(i ? { image: i } : {}) })]).reverse();
    expect(warm).toEqual(cold);
    vi.resetModules();
    const other = await import('../../src/core/classify.js');
    expect(other).not.toBe(fresh);
    // Each case alone in a fresh module (nothing cached before it).
    for (const [k, [n, i, e, o]] of cases.entries()) {
      vi.resetModules();
      const alone = await import('../../src/core/classify.js');
      expect([alone.classify(n, i, e, o), alone.isPlatformService({ name: n, ...(i ? { image: i } : {}) })]).toEqual(cold[k]);
    }
    expect(cold.map(([c]) => (c as { role: { role: string } }).role.role)).toEqual(['service', 'datastore', 'gateway', 'gateway', 'service', 'service', 'gateway', 'platform', 'service', 'datastore']);
  });
});
