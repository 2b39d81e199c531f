// End-to-end: `rules`, `rules show`, `compare`, and `recommend` on real architectures from the corpus.
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const corpus = resolve(root, '../shared/corpus');
const hasCorpus = existsSync(corpus);
if (!hasCorpus) console.warn(`SKIPPED corpus: ${corpus} is absent`);
const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };

function run(args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'dist/main.js'), ...args], { cwd: root, env, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(() => {
  if (!existsSync(join(root, 'dist/main.js'))) throw new Error('dist/main.js is missing: run `npm run build` first (npm test does)');
});

describe('meshgate rules', () => {
  it('lists every kind, one table each, with id, title and effect', () => {
    const r = run(['rules']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Scoring rules \(layer, points and signal\)\n┌.*\n│ id\s+│ title\s+│ effect\s+│/);
    expect(r.out).toMatch(/│ mandated-mtls\s+│ A mandate requires mTLS between services\s+│ mesh \+9 hard\s+│/);
    expect(r.out).toMatch(/Constraints \(checked before scoring\)\n┌.*\n│ id\s+│ title\s+│ effect\s+│/);
    expect(r.out).toMatch(/│ serverless-functions\s+│ .+│ removes every mesh kind/);
    expect(r.out).toMatch(/Lint rules\n┌.*\n│ id\s+│ title\s+│ severity\s+│/);
    expect(r.out).toMatch(/│ \S+\s+│ .+│ (error|warning|info)\s+│/);
    expect(r.out).toMatch(/\d+ scoring rules, \d+ constraints, \d+ lint rules/);
  });

  it.each([80, 120])('fits %i columns: ids stay whole, titles are shortened with an ellipsis', (width) => {
    const r = spawnSync(process.execPath, [join(root, 'dist/main.js'), 'rules'], { cwd: root, env: { ...env, COLUMNS: String(width) }, encoding: 'utf8' });
    const lines = r.stdout.split('\n');
    for (const l of lines) expect([...l].length, l).toBeLessThanOrEqual(width);
    expect(r.stdout).toContain('│ gateway-route-to-undeclared-service ');
    if (width === 80) expect(r.stdout).toContain('…');
    const show = spawnSync(process.execPath, [join(root, 'dist/main.js'), 'rules', 'show', 'mandated-mtls'], { cwd: root, env: { ...env, COLUMNS: String(width) }, encoding: 'utf8' });
    for (const l of show.stdout.split('\n')) if (l.trim().includes(' ')) expect([...l].length, l).toBeLessThanOrEqual(width);
  });

  it('--format json prints an array of rule objects with id and kind; --kind filters', () => {
    const all = JSON.parse(run(['rules', '-f', 'json']).out) as Array<Record<string, unknown>>;
    expect(all.length).toBeGreaterThan(40);
    for (const r of all) {
      expect(typeof r['id']).toBe('string');
      expect(['scoring', 'constraint', 'lint']).toContain(r['kind']);
      expect((r['sources'] as string[]).length).toBeGreaterThan(0);
    }
    const ids = all.map((r) => r['id']);
    expect(new Set(ids).size).toBe(ids.length);
    const scoring = JSON.parse(run(['rules', '-f', 'json', '--kind', 'scoring']).out) as Array<Record<string, unknown>>;
    expect(scoring.every((r) => r['kind'] === 'scoring')).toBe(true);
    expect(scoring.length).toBe(all.filter((r) => r['kind'] === 'scoring').length);
    const lint = JSON.parse(run(['rules', '-f', 'json', '--kind', 'lint']).out) as Array<Record<string, unknown>>;
    expect(lint.every((r) => r['kind'] === 'lint' && typeof r['severity'] === 'string')).toBe(true);
    const constraints = JSON.parse(run(['rules', '-f', 'json', '--kind', 'constraint']).out) as Array<Record<string, unknown>>;
    expect(constraints.length).toBeGreaterThan(4);
    expect(constraints.every((r) => r['kind'] === 'constraint' && typeof r['removes'] === 'string')).toBe(true);
    for (const r of scoring) {
      expect(['edge', 'mesh']).toContain(r['layer']);
      expect(['hard', 'soft', 'adjust', 'against']).toContain(r['signal']);
      expect(typeof r['points']).toBe('number');
    }
  });

  it('--format markdown prints the catalogue tables', () => {
    const r = run(['rules', '-f', 'markdown']);
    expect(r.out).toMatch(/### Scoring rules \(\d+\)/);
    expect(r.out).toMatch(/\| `mandated-mtls` \| F6 \| serviceSecurity = mtls and compliance = true \| mesh \+9 hard \|/);
    expect(r.out).toMatch(/### Constraints \(\d+\)/);
  });

  it('show prints rationale and sources of a scoring rule', () => {
    const r = run(['rules', 'show', 'latency-critical']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^latency-critical \(scoring rule\) \[contested\]/);
    expect(r.out).toMatch(/Fires when latency = critical/);
    expect(r.out).toMatch(/Rationale\n {2}A sidecar mesh/);
    expect(r.out).toMatch(/Sources\n {2}https:\/\/learn\.microsoft\.com\/azure\/aks\/servicemesh-about/);
  });

  it('show prints remediation for a lint rule, and json has the same object', () => {
    const list = JSON.parse(run(['rules', '-f', 'json', '--kind', 'lint']).out) as Array<{ id: string }>;
    const id = list[0]!.id;
    const r = run(['rules', 'show', id]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/\(lint rule\)/);
    expect(r.out).toMatch(/Remediation\n {2}\S/);
    const j = JSON.parse(run(['rules', 'show', id, '-f', 'json']).out);
    expect(j).toEqual(list[0]);
  });

  it('an unknown id exits 2 and suggests the closest ids', () => {
    const r = run(['rules', 'show', 'mtls-wantd']);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/no rule with id "mtls-wantd"/);
    expect(r.err).toMatch(/did you mean mtls-wanted/);
  });
});

describe('meshgate compare', () => {
  it.each([80, 120])('fits %i columns', (width) => {
    const r = spawnSync(process.execPath, [join(root, 'dist/main.js'), 'compare'], { cwd: root, env: { ...env, COLUMNS: String(width) }, encoding: 'utf8' });
    expect(r.status).toBe(0);
    for (const l of r.stdout.split('\n')) if (l.trim().includes(' ')) expect([...l].length, l).toBeLessThanOrEqual(width);
  });

  it('prints a cli-table3 table of the aspects with sources', () => {
    const r = run(['compare']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/│\s+│ API gateway\s+│ Service mesh\s+│ Sources\s+│/);
    for (const aspect of ['Focus', 'Traffic', 'Who calls', 'Routing', 'Discovery and', 'Rate limiting', 'Authentication', 'Monitoring', 'When you don\'t', 'How they combine']) {
      expect(r.out).toContain(`│ ${aspect}`);
    }
    expect(r.out).toMatch(/S26 +Christian Posta/);
  });

  it('json and markdown carry the same rows', () => {
    const j = JSON.parse(run(['compare', '-f', 'json']).out);
    expect(j.rows.length).toBeGreaterThanOrEqual(10);
    for (const row of j.rows) {
      expect(Object.keys(row)).toEqual(['aspect', 'gateway', 'mesh', 'sources']);
      for (const s of row.sources) expect(s.url).toMatch(/^https:\/\//);
    }
    const md = run(['compare', '-f', 'markdown']).out;
    expect(md).toMatch(/^\| \| API gateway \| Service mesh \| Sources \|/);
    for (const row of j.rows) expect(md).toContain(`**${row.aspect}**`);
  });
});

describe.skipIf(!hasCorpus)('recommend on real architectures (corpus)', () => {
  it('online-boutique manifests: answers inferred with positions, defaults listed', () => {
    const r = run(['recommend', join(corpus, 'online-boutique'), '-f', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(['gateway', 'mesh', 'both', 'neither']).toContain(j.recommendation);
    expect(j.inferred.map((i: { field: string }) => i.field)).toEqual(expect.arrayContaining(['services', 'protocols']));
    expect(j.answers.protocols).toContain('grpc');
    expect(j.defaulted).toContain('team');
    const text = run(['recommend', join(corpus, 'online-boutique')]).out;
    // The input files once, then the evidence named below their directory.
    expect(text).toMatch(/Inferred from the architecture\n {2}from \S*online-boutique\S*: .*\.yaml\n {2}services: \d+/);
    expect(text).toMatch(/Defaults to confirm/);
  });

  it('--set overrides an inferred answer and drops it from the inferred list', () => {
    const j = JSON.parse(run(['recommend', join(corpus, 'online-boutique'), '-f', 'json', '--set', 'services=3']).out);
    expect(j.answers.services).toBe(3);
    expect(j.inferred.map((i: { field: string }) => i.field)).not.toContain('services');
  });
});
