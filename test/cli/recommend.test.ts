// End-to-end: the built CLI (node dist/main.js recommend ...) on real files.
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const scenarios = join(root, 'test/fixtures/scenarios');
const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };

function run(args: string[], opts: { input?: string; env?: NodeJS.ProcessEnv } = {}) {
  const r = spawnSync(process.execPath, [join(root, 'dist/main.js'), ...args], { cwd: root, env: opts.env ?? env, input: opts.input, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(() => {
  if (!existsSync(join(root, 'dist/main.js'))) throw new Error('dist/main.js is missing: run `npm run build` first (npm test does)');
});

const tmp = mkdtempSync(join(tmpdir(), 'meshgate-recommend-'));
function file(name: string, text: string): string {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
}

describe('recommend: output formats', () => {
  it('text: verdict, score table, reasons, products, what-ifs', () => {
    const r = run(['recommend', join(scenarios, '07-internal-plus-partner-api.yaml')]);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/BOTH: an API gateway at the edge and a service mesh inside/);
    expect(r.out).toMatch(/│ outcome │\s+score │/);
    for (const o of ['gateway', 'mesh', 'both', 'neither']) expect(r.out).toMatch(new RegExp(`│ ${o}\\s+│\\s+-?\\d+`));
    // Two decisions, then reasons for the verdict before those against it, each by weight.
    expect(r.out).toMatch(/Two decisions\n {2}Edge: API management\./);
    expect(r.out).toMatch(/Why both \(for it, by weight\)\n {2}api-keys-and-quotas {2}gateway \+7, both \+7 \(hard need\)/);
    expect(r.out).toMatch(/Against both \(by weight\)/);
    expect(r.out).toMatch(/https:\/\//);
    expect(r.out).toMatch(/Products\n {2}gateway +Kong Gateway \(kong\)/);
    expect(r.out).toMatch(/What would change this \(most plausible first\)\n {2}- if /);
    expect(r.out).not.toMatch(/\x1b\[/);
  });

  it('text: a contested scenario shows the close call and the runner-up', () => {
    const r = run(['recommend', join(scenarios, '14-startup-go-services.yaml')]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/close call: runner-up mesh/);
    expect(r.out).toMatch(/Defaults to confirm/);
    // What-ifs in plain words, the smallest change first.
    expect(r.out).toMatch(/What would change this \(most plausible first\)\n {2}- if calls between services needed [a-z ]+, it would be mesh \(mesh \d+ vs neither \d+\)/);
  });

  it('json: one object with exactly the documented keys', () => {
    const r = run(['recommend', '--format', 'json', join(scenarios, '27-multi-tenant-saas.yaml')]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    // The v1 keys first, in their order; decision model v2 only added keys after them.
    expect(Object.keys(j)).toEqual([
      'schemaVersion', 'source', 'recommendation', 'scores', 'runnerUp', 'margin', 'close', 'reasons', 'products', 'whatIf', 'notes', 'answers',
      'runnerUpReal', 'closeBecause', 'layers', 'vetoed', 'defaulted',
    ]);
    expect(j.schemaVersion).toBe(1);
    expect(j.recommendation).toBe('both');
    expect(Object.keys(j.scores).sort()).toEqual(['both', 'gateway', 'mesh', 'neither']);
    for (const reason of j.reasons) expect(Object.keys(reason)).toEqual(['rule', 'title', 'effect', 'weight', 'contested', 'rationale', 'sources', 'layer', 'signal', 'stance', 'source']);
    for (const p of j.products) expect(Object.keys(p)).toEqual(['role', 'id', 'name', 'reason', 'sources', 'meets', 'unmet', 'existing']);
    for (const w of j.whatIf) expect(Object.keys(w)).toEqual(['field', 'value', 'recommendation', 'scores', 'description', 'effort']);
    expect(Object.keys(j.layers)).toEqual(['edge', 'mesh']);
    expect(j.layers.edge.needed && j.layers.mesh.needed).toBe(true);
    expect(j.products.map((p: { role: string }) => p.role)).toEqual(['gateway', 'mesh']);
    expect(j.answers.kind).toBe('Answers');
    expect(j.defaulted).toEqual(expect.arrayContaining(['team', 'latency']));
  });

  it('markdown: a block for a design doc', () => {
    const r = run(['recommend', '-f', 'markdown', join(scenarios, '05-public-api-product.yaml')]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^### Gateway \/ mesh decision for /);
    expect(r.out).toMatch(/\*\*Recommendation: gateway\*\*/);
    expect(r.out).toMatch(/\| Outcome \| Score \| What you would run \|\n\|---\|---:\|---\|/);
    expect(r.out).toMatch(/#### Why gateway\n\n- `api-keys-and-quotas`/);
    expect(r.out).toMatch(/\*\*Amazon API Gateway\*\* \(`aws-api-gateway`, gateway\)/);
  });

  it('reads stdin with -', () => {
    const r = run(['recommend', '-', '-f', 'json'], { input: 'apiVersion: meshgate/v1\nkind: Answers\ntraffic: east-west\nservices: 40\nserviceSecurity: mtls\ncompliance: true\n' });
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.source).toBe('<stdin>');
    expect(j.recommendation).toBe('mesh');
  });

  it('colours only when asked', () => {
    const path = join(scenarios, '01-tiny-monolith-vm.yaml');
    expect(run(['recommend', path], { env: { ...process.env, FORCE_COLOR: '1', NO_COLOR: '' } }).out).toMatch(/\x1b\[/);
    expect(run(['recommend', path, '--no-color'], { env: { ...process.env, NO_COLOR: '' } }).out).not.toMatch(/\x1b\[/);
  });
});

describe('recommend --set', () => {
  const base = join(scenarios, '14-startup-go-services.yaml');
  const json = (args: string[]) => {
    const r = run(['recommend', base, '-f', 'json', ...args]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    return JSON.parse(r.out);
  };

  it('overrides scalars and flips the verdict the what-if predicted', () => {
    const before = json([]);
    expect(before.recommendation).toBe('neither');
    expect(before.whatIf.length).toBeGreaterThan(3);
    // Every predicted change, each as a whole process (about 30 of them).
    for (const predicted of before.whatIf) {
      const value = Array.isArray(predicted.value) ? predicted.value.join(',') : String(predicted.value);
      const after = json(['--set', `${predicted.field}=${value}`]);
      expect(after.recommendation).toBe(predicted.recommendation);
      expect(after.scores).toEqual(predicted.scores);
    }
  }, 120_000);

  it('takes lists comma-separated, an empty value for [], numbers and booleans', () => {
    const j = json(['--set', 'consumers=browser,mobile', '--set', 'edgeNeeds=', '--set', 'services=3', '--set', 'compliance=true']);
    expect(j.answers.consumers).toEqual(['browser', 'mobile']);
    expect(j.answers.edgeNeeds).toEqual([]);
    expect(j.answers.services).toBe(3);
    expect(j.answers.compliance).toBe(true);
  });

  it('a set field is no longer listed as a default to confirm', () => {
    expect(json([]).defaulted).toContain('latency');
    expect(json(['--set', 'latency=sensitive']).defaulted).not.toContain('latency');
  });

  it.each([
    [['--set', 'colour=red'], /unknown field "colour"; fields: traffic, services/],
    [['--set', 'traffic=sideways'], /traffic must be one of north-south, east-west, both/],
    [['--set', 'services=many'], /services must be a whole number >= 1/],
    [['--set', 'services=0'], /services must be a whole number >= 1/],
    [['--set', 'compliance=yes'], /compliance must be true or false/],
    [['--set', 'consumers=browser,robots'], /"robots" not allowed in consumers; allowed values: browser, mobile, partners, public/],
    [['--set', 'nonsense'], /expected field=value/],
  ])('rejects %j with exit 2', (args, message) => {
    const r = run(['recommend', base, ...args]);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(message);
    expect(r.err).not.toMatch(/\n\s+at /);
  });
});

describe('recommend: bad answers files exit 2 with file:line:col', () => {
  const head = 'apiVersion: meshgate/v1\nkind: Answers\n';
  it.each([
    ['unknown field', head + 'traffic: both\nservices: 3\ncolour: red\n', /unknown-field\.yaml:5:1: unknown field "colour"; allowed fields: apiVersion/],
    ['wrong type', head + 'traffic: both\nservices: many\n', /wrong-type\.yaml:4:11: services: expected integer, got string "many"/],
    ['bad enum', head + 'traffic: sideways\nservices: 3\n', /bad-enum\.yaml:3:10: traffic: "sideways" is not allowed; allowed values: north-south, east-west, both/],
    ['bad list element', head + 'traffic: both\nservices: 3\nconsumers: [browser, robots]\n', /bad-list-element\.yaml:5:22: consumers\.1: "robots" is not allowed; allowed values: browser, mobile, partners, public/],
    ['missing required', head + 'traffic: both\n', /missing-required\.yaml:1:1: missing required field "services"/],
    ['invalid YAML', head + 'traffic: [both\n', /invalid-yaml\.yaml:\d+:\d+: invalid YAML/],
    ['empty file', '', /empty-file\.yaml:1:1: /],
    ['not a mapping', '- a\n- b\n', /not-a-mapping\.yaml:1:1: .*not a mapping/],
    ['two documents', head + 'traffic: both\nservices: 3\n---\n' + head + 'traffic: both\nservices: 4\n', /two-documents\.yaml:6:1: .*holds exactly one YAML document/],
  ])('%s', (name, text, message) => {
    const path = file(`${name.replace(/ /g, '-').replace(/[A-Z]/g, (c) => c.toLowerCase())}.yaml`, text);
    const r = run(['recommend', path]);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(message);
    expect(r.err).toMatch(/fix: /);
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('a missing file is exit 2', () => {
    const r = run(['recommend', join(tmp, 'nope.yaml')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/nope\.yaml: no such file/);
  });
});
