/**
 * `meshgate import` end to end through the built CLI: output that re-loads as a valid
 * Architecture with the same model, comments that cite file:line, refusal to overwrite,
 * atomic writes, and exit 2 with file:line:col for inputs it cannot read.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSystems } from '../../src/shell/load-architecture.js';
import { readOneSystem } from '../../src/shell/load-architecture.js';
import { memoryIo } from '../../src/io.js';
import { repoRoot } from '../importers/helpers.js';

const cli = join(repoRoot, 'dist/main.js');
const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };
const meshgate = (args: string[], input = '') => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env, input, cwd: repoRoot });
const composeShop = ['test/fixtures/compose/shop/compose.yaml', 'test/fixtures/compose/shop/compose.override.yaml'];

beforeAll(() => {
  if (!existsSync(cli)) throw new Error('dist/main.js is missing: run `npx tsc -p .` first');
});

describe('meshgate import', () => {
  it.each([
    ['compose (base + override)', composeShop],
    ['kubernetes directory', ['test/fixtures/kubernetes/shop']],
  ])('%s: writes an Architecture that re-loads to the same model', async (_label, inputs) => {
    const r = meshgate(['import', ...inputs]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), 'meshgate-import-'));
    const out = join(dir, 'architecture.yaml');
    writeFileSync(out, r.stdout);
    const [reloaded] = await readSystems([out], {}, memoryIo());
    const original = await readOneSystem(inputs.map((i) => join(repoRoot, i)), {}, memoryIo());
    expect(reloaded!.format).toBe('meshgate');
    expect({ ...reloaded!.architecture, metadata: original.architecture.metadata }).toEqual(original.architecture);
  });

  it('comments say what was inferred and from which file:line', () => {
    const r = meshgate(['import', ...composeShop]);
    expect(r.stdout).toMatch(/^# meshgate Architecture, imported by `meshgate import` from test\/fixtures\/compose\/shop\/compose\.yaml, test\/fixtures\/compose\/shop\/compose\.override\.yaml\.$/m);
    expect(r.stdout).toMatch(/^ {2}# catalog: public: publishes 127\.0\.0\.1:9090:8080 \(test\/fixtures\/compose\/shop\/compose\.override\.yaml:4:9\)\n( {2}# .*\n)* {2}- name: catalog\n/m);
    // Kong's routes are not in these files (no declarative config is mounted): none are invented.
    expect(r.stdout).toContain('# gateway: gateway runs kong at the edge (edge gateway (kong), from its image kong:3.6); routes: none in these files');
    expect(r.stdout).toMatch(/^# - jaeger: not a service of the system/m);
    expect(r.stdout).toMatch(/^ {2}# gateway starts after frontend \(depends_on, test\/fixtures\/compose\/shop\/compose\.yaml:35:7\): start-up ordering, not calls$/m);
  });

  it('never lets input text escape a comment or the YAML structure', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshgate-import-'));
    const f = join(dir, 'compose.yaml');
    writeFileSync(f, [
      'services:',
      '  "web\\nkind: datastore\\n# x":',
      '    image: "nginx\\ninjected: true"',
      '    ports: ["80:80"]',
      '    environment:',
      '      "A\\nB": "http://api:8080"',
      '  api:',
      '    image: example/api',
      '',
    ].join('\n'));
    const r = meshgate(['import', f]);
    expect(r.status).toBe(0);
    expect(r.stdout).not.toMatch(/^injected: true/m);
    expect(r.stdout).not.toMatch(/^kind: datastore/m);
    const out = join(dir, 'architecture.yaml');
    writeFileSync(out, r.stdout);
    const [sys] = await readSystems([out], {}, memoryIo());
    expect(sys!.architecture.services.map((s) => s.name)).toEqual(['web\nkind: datastore\n# x', 'api']);
    expect(sys!.architecture.services[0]!.image).toBe('nginx\ninjected: true');
  });

  it('-o writes the file atomically and refuses to overwrite without --force', () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshgate-import-'));
    const out = join(dir, 'architecture.yaml');
    const first = meshgate(['import', 'test/fixtures/kubernetes/shop', '-o', out]);
    expect(first.status).toBe(0);
    expect(first.stdout).toBe('');
    expect(first.stderr).toMatch(/^wrote .*architecture\.yaml: 4 services \(3 application, 2 public\), gateway ingress-nginx, mesh istio/);
    const written = readFileSync(out, 'utf8');
    expect(written).toMatch(/^kind: Architecture$/m);

    writeFileSync(out, 'keep me\n');
    const again = meshgate(['import', 'test/fixtures/kubernetes/shop', '-o', out]);
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/already exists/);
    expect(again.stderr).toMatch(/--force/);
    expect(readFileSync(out, 'utf8')).toBe('keep me\n');

    const forced = meshgate(['import', 'test/fixtures/kubernetes/shop', '-o', out, '--force']);
    expect(forced.status).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(written);
    expect(readdirSync(dir)).toEqual(['architecture.yaml']);
  });

  it('reads stdin with -', () => {
    const text = readFileSync(join(repoRoot, 'test/fixtures/compose/shop/compose.yaml'), 'utf8');
    const r = meshgate(['import', '-'], text);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^  name: system$/m);
    expect(r.stdout).toMatch(/# frontend: public: publishes 8080:80 \(<stdin>:6:9\)/);
  });

  it.each([
    ['a YAML file of another kind', 'foo: bar\n', /x\.yaml:1:1: .*not a meshgate architecture, docker-compose file or Kubernetes manifest/],
    ['a manifest list with a document lacking kind', 'apiVersion: v1\nkind: Service\nmetadata: {name: a}\n---\nfoo: 1\n', /x\.yaml:5:1: .*document 2 has no apiVersion\/kind/],
    ['an empty file', '', /x\.yaml:1:1: .*is empty/],
    ['bad YAML', 'services:\n  a: [\n', /x\.yaml:3:1: invalid YAML/],
    ['manifests without workloads', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: a}\n', /x\.yaml:1:1: .*no services found .*\nfix: what was skipped: 1 PodDisruptionBudget ignored/],
    ['compose without services', 'services: {}\n', /x\.yaml:1:1: .*no services found/],
    ['an Answers file', 'apiVersion: meshgate/v1\nkind: Answers\ntraffic: both\nservices: 3\n', /x\.yaml:2:7: .*is an Answers file, not an architecture/],
  ])('exits 2 with file:line:col for %s', (_label, text, pattern) => {
    const dir = mkdtempSync(join(tmpdir(), 'meshgate-import-'));
    const f = join(dir, 'x.yaml');
    writeFileSync(f, text);
    const r = meshgate(['import', f]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(pattern);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses to mix compose files and manifests in one system', () => {
    const r = meshgate(['import', 'test/fixtures/compose/shop/compose.yaml', 'test/fixtures/kubernetes/shop/apps.yaml']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/apps\.yaml:1:1: .*is a kubernetes input but .*compose\.yaml is compose/);
  });
});
