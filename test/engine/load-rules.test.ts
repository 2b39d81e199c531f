// A broken rules directory: every problem in every file (scoring rules, constraints, products)
// is reported in one UserError, each with file:line:col pointing at the offending node.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScoringRulesFrom, loadScoringRules, BUNDLED_RULES_DIR } from '../../src/shell/load-scoring-rules.js';
import { UserError, renderUserError } from '../../src/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'meshgate-rules-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const good = (id: string, when: string) => `id: ${id}
title: A rule for the test
factor: F6
layer: mesh
signal: soft
when: ${when}
points: 2
rationale: A rationale long enough for the schema.
sources: [https://istio.io/latest/docs/ambient/overview]
`;

function write(name: string, text: string) {
  writeFileSync(join(dir, name), text);
}

mkdirSync(join(dir, 'scoring'));
mkdirSync(join(dir, 'constraints'));
write('scoring/ok-rule.yaml', good('ok-rule', '{ field: serviceSecurity, equals: mtls }'));
write('scoring/renamed.yaml', good('other-name', '{ field: serviceSecurity, equals: mtls }'));
write('scoring/unknown-field.yaml', good('unknown-field', '{ field: colour, equals: blue }'));
write('scoring/bad-value.yaml', good('bad-value', '{ field: serviceSecurity, equals: tls }'));
write('scoring/bad-list-value.yaml', good('bad-list-value', '{ field: consumers, includesAny: [browser, robots] }'));
write('scoring/wrong-operator.yaml', good('wrong-operator', '{ field: consumers, atLeast: 2 }'));
write('scoring/mixed.yaml', good('mixed', '{ field: team, equals: small, all: [] }'));
write('scoring/no-sources.yaml', good('no-sources', '{ always: true }').replace(/sources:.*\n/, ''));
write('scoring/bad-points.yaml', good('bad-points', '{ always: true }').replace('points: 2', 'points: lots\ncheese: 1').replace('layer: mesh', 'layer: middle'));
write('scoring/unknown-function.yaml', good('unknown-function', '{ fn: vibes, min: 1 }'));
write('scoring/broken.yaml', 'id: broken\ntitle: [unclosed\n');
write('scoring/dup.yml', good('dup', '{ always: true }'));
write('scoring/dup.yaml', good('dup', '{ always: true }'));
write('constraints/no-effect.yaml', `id: no-effect
title: A constraint that does nothing
factor: F11
when: { field: platform, equals: serverless }
rationale: A rationale long enough for the schema.
sources: [https://istio.io/latest/docs/ambient/overview]
`);
write('constraints/bad-kind.yaml', `id: bad-kind
title: A constraint with a bad kind
factor: F11
when: { field: platform, equals: mainframe }
removes: { meshKinds: [sidecar, hyperdrive] }
rationale: A rationale long enough for the schema.
sources: [https://istio.io/latest/docs/ambient/overview]
`);
write('products.yaml', `products:
  - { id: kong, name: Kong, category: gateway, provides: [tls, routing], summary: A gateway for tests, sources: [https://developer.konghq.com/gateway/] }
  - { id: linkerd, name: Linkerd, category: mesh, kind: sidecar, provides: [mtls], summary: A mesh for tests, sources: [https://linkerd.io/what-is-a-service-mesh/] }
  - { id: mystery, name: Mystery, category: mesh, provides: [teleport], summary: A mesh without a kind, sources: [https://linkerd.io/what-is-a-service-mesh/] }
retired:
  - { id: aws-app-mesh, name: App Mesh, status: gone, replacement: Lattice, sources: [https://aws.amazon.com/blogs/containers/migrating-from-aws-app-mesh-to-amazon-vpc-lattice] }
picks:
  gateway:
    - { product: kong, reason: the only gateway here }
  edge:
    - { product: nosuch, reason: unknown product here }
  mesh:
    - { product: aws-app-mesh, when: { field: cloud, equals: aws }, reason: never allowed here }
    - { product: kong, reason: a gateway cannot be the mesh }
  waf: [ { product: kong, reason: not a waf either } ]
  aggregator: [ { product: kong, reason: not an aggregator } ]
  encryption: [ { product: kong, reason: not encryption } ]
  built-in: [ { product: kong, reason: not a built-in } ]
notes:
  - { id: n1, text: a note for the test, sources: [https://linkerd.io/what-is-a-service-mesh/], rules: [not-a-rule] }
`);

function load(): UserError {
  try {
    loadScoringRulesFrom(dir);
  } catch (err) {
    if (err instanceof UserError) return err;
    throw err;
  }
  throw new Error('expected a UserError');
}

describe('loading a broken rules directory', () => {
  const err = load();
  const lines = err.details.map((d) => `${d.loc ? `${d.loc.file.replace(dir + '/', '')}:${d.loc.line}:${d.loc.column}` : '-'} ${d.message}`);

  it('reports every problem at once, each with a position', () => {
    expect(err.exitCode).toBe(2);
    for (const d of err.details) {
      expect(d.loc).toBeDefined();
      expect(d.loc!.line).toBeGreaterThan(0);
      expect(d.loc!.column).toBeGreaterThan(0);
    }
    expect(err.details.length).toBeGreaterThanOrEqual(18);
    expect(renderUserError(err)).toMatch(/problems in the decision rules/);
  });

  const expectLine = (re: RegExp) => expect(lines.some((l) => re.test(l)), `${re} in\n${lines.join('\n')}`).toBe(true);

  it('names an id that differs from its file name', () => expectLine(/^scoring\/renamed\.yaml:1:5 .*"other-name" differs from its file name "renamed"/));
  it('rejects unknown answers fields', () => expectLine(/^scoring\/unknown-field\.yaml:6:16 unknown answers field "colour"/));
  it('rejects values the field does not allow', () => expectLine(/^scoring\/bad-value\.yaml:6:41 "tls" is not a value of serviceSecurity; allowed values: none, encryption, mtls/));
  it('rejects bad list values', () => expectLine(/^scoring\/bad-list-value\.yaml:6:\d+ "robots" is not a value of consumers/));
  it('rejects operators that do not fit the field', () => expectLine(/^scoring\/wrong-operator\.yaml:6:\d+ operator "atLeast" does not apply to consumers/));
  it('rejects conditions that mix kinds', () => expectLine(/^scoring\/mixed\.yaml:6:7 condition mixes all and field/));
  it('rejects unknown functions', () => expectLine(/^scoring\/unknown-function\.yaml:6:\d+ unknown function "vibes"; functions: apiProductNeeds/));
  it('requires sources', () => expectLine(/^scoring\/no-sources\.yaml:1:1 missing required field "sources"/));
  it('checks points and layer types and names', () => {
    expectLine(/^scoring\/bad-points\.yaml:7:\d+ points: expected integer, got string "lots"/);
    expectLine(/^scoring\/bad-points\.yaml:8:\d+ unknown field "cheese"/);
    expectLine(/^scoring\/bad-points\.yaml:4:\d+ layer: "middle" is not allowed; allowed values: edge, mesh/);
  });
  it('reports YAML syntax errors with their position', () => expectLine(/^scoring\/broken\.yaml:\d+:\d+ /));
  it('rejects duplicate ids', () => expectLine(/^scoring\/dup\.yml:1:5 duplicate id "dup"/));
  it('checks constraints: an effect is required, kinds and condition values too', () => {
    expectLine(/^constraints\/no-effect\.yaml:1:1 missing required field "(removes|cost)"/);
    expectLine(/^constraints\/bad-kind\.yaml:5:\d+ removes\.meshKinds\.1: "hyperdrive" is not allowed/);
    expectLine(/^constraints\/bad-kind\.yaml:4:\d+ "mainframe" is not a value of platform/);
  });
  it('never lets a pick name a retired product', () => expectLine(/^products\.yaml:\d+:\d+ "aws-app-mesh" is retired/));
  it('checks pick slots, unknown products, product kinds and note references', () => {
    expectLine(/^products\.yaml:\d+:\d+ "kong" is a gateway, so it cannot fill the mesh slot/);
    expectLine(/^products\.yaml:\d+:\d+ "kong" is a gateway, so it cannot fill the waf slot/);
    expectLine(/^products\.yaml:\d+:\d+ unknown product "nosuch"/);
    expectLine(/^products\.yaml:\d+:\d+ unknown scoring rule "not-a-rule"/);
    expectLine(/^products\.yaml:4:\d+ products\.2\.provides\.0: "teleport" is not allowed/);
  });
});

describe('the bundled rules', () => {
  it('load cleanly and every file name equals its id', () => {
    const set = loadScoringRules();
    expect(set.rules.length).toBeGreaterThanOrEqual(30);
    expect(set.constraints.length).toBeGreaterThanOrEqual(5);
    expect(BUNDLED_RULES_DIR).toMatch(/rules\/?$/);
    for (const r of set.rules) expect(readFileSync(join(BUNDLED_RULES_DIR, 'scoring', `${r.id}.yaml`), 'utf8')).toContain(`id: ${r.id}`);
    for (const c of set.constraints) expect(readFileSync(join(BUNDLED_RULES_DIR, 'constraints', `${c.id}.yaml`), 'utf8')).toContain(`id: ${c.id}`);
  });

  it('words every what-if from the questions and knows the data-plane figures', () => {
    const set = loadScoringRules();
    expect(Object.keys(set.wording ?? {}).length).toBe(22);
    expect(set.figures?.figures.length).toBeGreaterThan(3);
  });
});
