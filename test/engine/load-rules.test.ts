// A broken rules directory: every problem in every file is reported in one UserError, each with
// file:line:col pointing at the offending node.
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
when: ${when}
effect: { mesh: 2 }
rationale: A rationale long enough for the schema.
sources: [https://istio.io/latest/docs/ambient/overview]
`;

function write(name: string, text: string) {
  writeFileSync(join(dir, 'scoring', name), text);
}

mkdirSync(join(dir, 'scoring'));
write('ok-rule.yaml', good('ok-rule', '{ field: serviceSecurity, equals: mtls }'));
write('renamed.yaml', good('other-name', '{ field: serviceSecurity, equals: mtls }'));
write('unknown-field.yaml', good('unknown-field', '{ field: colour, equals: blue }'));
write('bad-value.yaml', good('bad-value', '{ field: serviceSecurity, equals: tls }'));
write('bad-list-value.yaml', good('bad-list-value', '{ field: consumers, includesAny: [browser, robots] }'));
write('wrong-operator.yaml', good('wrong-operator', '{ field: consumers, atLeast: 2 }'));
write('mixed.yaml', good('mixed', '{ field: team, equals: small, all: [] }'));
write('no-sources.yaml', good('no-sources', '{ always: true }').replace(/sources:.*\n/, ''));
write('bad-effect.yaml', good('bad-effect', '{ always: true }').replace('effect: { mesh: 2 }', 'effect: { mesh: lots, cheese: 1 }'));
write('broken.yaml', 'id: broken\ntitle: [unclosed\n');
write('dup.yml', good('dup', '{ always: true }'));
write('dup.yaml', good('dup', '{ always: true }'));
writeFileSync(join(dir, 'products.yaml'), `products:
  - { id: kong, name: Kong, category: gateway, summary: A gateway for tests, sources: [https://developer.konghq.com/gateway/] }
  - { id: linkerd, name: Linkerd, category: mesh, summary: A mesh for tests, sources: [https://linkerd.io/what-is-a-service-mesh/] }
retired:
  - { id: aws-app-mesh, name: App Mesh, status: gone, replacement: Lattice, sources: [https://aws.amazon.com/blogs/containers/migrating-from-aws-app-mesh-to-amazon-vpc-lattice] }
picks:
  gateway:
    - { product: kong, reason: the only gateway here }
  mesh:
    - { product: aws-app-mesh, when: { field: cloud, equals: aws }, reason: never allowed here }
    - { product: kong, reason: a gateway cannot be the mesh }
  edge:
    - { product: nosuch, reason: unknown product here }
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
    expect(err.details.length).toBeGreaterThanOrEqual(13);
    expect(renderUserError(err)).toMatch(/problems in the scoring rules/);
  });

  const expectLine = (re: RegExp) => expect(lines.some((l) => re.test(l)), `${re} in\n${lines.join('\n')}`).toBe(true);

  it('names an id that differs from its file name', () => expectLine(/^scoring\/renamed\.yaml:1:5 .*"other-name" differs from its file name "renamed"/));
  it('rejects unknown answers fields', () => expectLine(/^scoring\/unknown-field\.yaml:4:16 unknown answers field "colour"/));
  it('rejects values the field does not allow', () => expectLine(/^scoring\/bad-value\.yaml:4:41 "tls" is not a value of serviceSecurity; allowed values: none, encryption, mtls/));
  it('rejects bad list values', () => expectLine(/^scoring\/bad-list-value\.yaml:4:\d+ "robots" is not a value of consumers/));
  it('rejects operators that do not fit the field', () => expectLine(/^scoring\/wrong-operator\.yaml:4:\d+ operator "atLeast" does not apply to consumers/));
  it('rejects conditions that mix kinds', () => expectLine(/^scoring\/mixed\.yaml:4:7 condition mixes all and field/));
  it('requires sources', () => expectLine(/^scoring\/no-sources\.yaml:1:1 missing required field "sources"/));
  it('checks effect types and names', () => {
    expectLine(/^scoring\/bad-effect\.yaml:5:\d+ effect\.mesh: expected integer, got string "lots"/);
    expectLine(/^scoring\/bad-effect\.yaml:5:\d+ unknown field "cheese"/);
  });
  it('reports YAML syntax errors with their position', () => expectLine(/^scoring\/broken\.yaml:\d+:\d+ /));
  it('rejects duplicate ids', () => expectLine(/^scoring\/dup\.yml:1:5 duplicate rule id "dup"/));
  it('never lets a pick name a retired product', () => expectLine(/^products\.yaml:10:\d+ "aws-app-mesh" is retired/));
  it('checks pick roles, unknown products and note references', () => {
    expectLine(/^products\.yaml:11:\d+ "kong" is a gateway, not a mesh/);
    expectLine(/^products\.yaml:13:\d+ unknown product "nosuch"/);
    expectLine(/^products\.yaml:15:\d+ unknown scoring rule "not-a-rule"/);
  });
});

describe('the bundled rules', () => {
  it('load cleanly and every file name equals its id', () => {
    const set = loadScoringRules();
    expect(set.rules.length).toBeGreaterThanOrEqual(30);
    expect(BUNDLED_RULES_DIR).toMatch(/rules\/?$/);
    for (const r of set.rules) expect(readFileSync(join(BUNDLED_RULES_DIR, 'scoring', `${r.id}.yaml`), 'utf8')).toContain(`id: ${r.id}`);
  });
});
