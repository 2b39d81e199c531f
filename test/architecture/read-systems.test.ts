/**
 * The architecture reader: format detection, what counts as one system (per argument for lint,
 * all arguments for recommend), directories, --answers overrides, and compose-style YAML leniency.
 */
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { detectFormat, readSystems } from '../../src/shell/load-architecture.js';
import { parseYamlLikeCompose } from '../../src/yaml/compose.js';
import { loadArchitectureInput } from '../../src/app/input.js';
import { loadInput } from '../../src/app/input.js';
import { parseYamlDocuments } from '../../src/yaml/parse.js';
import { memoryIo } from '../../src/io.js';
import { UserError } from '../../src/errors.js';
import { repoRoot, tempTree } from '../importers/helpers.js';

const tree = (files: Record<string, string>) => tempTree(files, 'meshgate-read-');

const arch = (name: string) => `apiVersion: meshgate/v1\nkind: Architecture\nmetadata: {name: ${name}}\nservices:\n  - name: a\n`;
const composeBase = 'services:\n  web:\n    image: example/web\n    environment: [API_URL=http://api:8080]\n  api:\n    image: example/api\n';
const composeOverride = 'services:\n  web:\n    ports: ["80:8080"]\n';
const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\nspec:\n  template:\n    metadata: {labels: {app: api}}\n    spec:\n      containers: [{name: api, image: example/api}]\n';

describe('detectFormat', () => {
  it.each([
    [arch('x'), 'meshgate'],
    ['apiVersion: meshgate/v1\nkind: Answers\ntraffic: both\nservices: 2\n', 'answers'],
    [composeBase, 'compose'],
    ['version: "3.8"\n' + composeBase, 'compose'],
    [deployment + '---\n' + 'apiVersion: v1\nkind: Service\nmetadata: {name: api}\n', 'kubernetes'],
    ['apiVersion: v1\nkind: List\nitems: []\n', 'kubernetes'],
    ['services: [a, b]\n', 'unknown'],
    ['- 1\n- 2\n', 'unknown'],
  ])('%#: %s', (text, format) => {
    expect(detectFormat(parseYamlDocuments(text, 'x.yaml')).format).toBe(format);
  });
});

describe('readSystems (lint: one system per argument)', () => {
  it('reads each argument as its own system and each meshgate file in a directory on its own', async () => {
    const dir = tree({ 'one.yaml': arch('one'), 'nested/two.yml': arch('two'), 'notes.txt': 'not yaml' });
    const systems = await readSystems([dir, join(repoRoot, 'test/fixtures/architecture/shop.yaml')], {}, memoryIo());
    expect(systems.map((s) => [s.format, s.architecture.metadata.name])).toEqual([['meshgate', 'two'], ['meshgate', 'one'], ['meshgate', 'shop']]);
  });

  it('merges a compose base file with its override in a directory, and notes other compose files', async () => {
    const dir = tree({ 'docker-compose.yml': composeBase, 'docker-compose.override.yml': composeOverride, 'docker-compose.monitoring.yml': 'services:\n  prom:\n    image: prom/prometheus\n' });
    const [sys, ...rest] = await readSystems([dir], {}, memoryIo());
    expect(rest).toEqual([]);
    expect(sys!.format).toBe('compose');
    expect(sys!.files.map((f) => f.slice(dir.length + 1))).toEqual(['docker-compose.yml', 'docker-compose.override.yml']);
    expect(sys!.architecture.services.map((s) => [s.name, s.exposure])).toEqual([['web', 'public'], ['api', 'internal']]);
    expect(sys!.notes.some((n) => /docker-compose\.monitoring\.yml: compose file not merged/.test(n.message))).toBe(true);
  });

  it('reads a directory of manifests recursively as one Kubernetes system, skipping other YAML', async () => {
    const dir = tree({ 'base/api.yaml': deployment, 'envoy.yaml': 'static_resources: {}\n' });
    const [sys] = await readSystems([dir], {}, memoryIo());
    expect(sys!.format).toBe('kubernetes');
    expect(sys!.architecture.services.map((s) => s.name)).toEqual(['api']);
    expect(sys!.notes.some((n) => /envoy\.yaml: skipped/.test(n.message))).toBe(true);
  });

  it('reads stdin with -', async () => {
    const [sys] = await readSystems(['-'], {}, memoryIo({ stdin: arch('piped') }));
    expect(sys!.files).toEqual(['<stdin>']);
    expect(sys!.architecture.metadata.name).toBe('piped');
    expect(sys!.locate('/services/0').file).toBe('<stdin>');
  });

  it('rejects a directory with nothing it can read, naming it', async () => {
    const dir = tree({ 'a.yaml': 'foo: 1\n' });
    await expect(readSystems([dir], {}, memoryIo())).rejects.toThrow(/no meshgate architecture, docker-compose file or Kubernetes manifest found/);
  });

  it('applies the size limit to every file', async () => {
    const dir = tree({ 'a.yaml': arch('x') + '# ' + 'x'.repeat(2000) + '\n' });
    const err = await readSystems([join(dir, 'a.yaml')], { maxBytes: 1000 }, memoryIo()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toMatch(/over the 1000-byte limit/);
  });
});

describe('loadArchitectureInput / loadInput (recommend: all arguments are one system)', () => {
  it('merges compose files given in order and derives answers from them', async () => {
    const dir = tree({ 'a.yaml': composeBase, 'b.yaml': composeOverride });
    const input = await loadInput([join(dir, 'a.yaml'), join(dir, 'b.yaml')], {}, memoryIo());
    expect(input.kind).toBe('architecture');
    expect(input.architecture!.format).toBe('compose');
    expect(input.answers.platform).toBe('containers');
    expect(input.answers.traffic).toBe('both');
    expect(input.inferred.find((i) => i.field === 'traffic')!.because).toContain(`web (${join(dir, 'b.yaml')}:3:13)`);
    expect(input.source).toBe(`${join(dir, 'a.yaml')} + ${join(dir, 'b.yaml')}`);
  });

  it('lets --answers win over inferred answers; traffic and services may be left out there', async () => {
    const dir = tree({ 'compose.yaml': composeBase, 'answers.yaml': 'apiVersion: meshgate/v1\nkind: Answers\ncompliance: true\nplatform: kubernetes\nteam: platform\n' });
    const input = await loadArchitectureInput([join(dir, 'compose.yaml')], { answers: join(dir, 'answers.yaml') }, memoryIo());
    expect(input.answers.compliance).toBe(true);
    expect(input.answers.team).toBe('platform');
    expect(input.answers.platform).toBe('kubernetes');
    expect(input.inferred.map((i) => i.field)).not.toContain('platform');
    expect(input.defaulted).not.toContain('compliance');
    expect(input.defaulted).toContain('latency');
  });

  it('reports bad --answers fields with file:line:col', async () => {
    const dir = tree({ 'compose.yaml': composeBase, 'answers.yaml': 'apiVersion: meshgate/v1\nkind: Answers\nteam: huge\n' });
    const err = await loadArchitectureInput([join(dir, 'compose.yaml')], { answers: join(dir, 'answers.yaml') }, memoryIo()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).details[0]!.loc).toEqual({ file: join(dir, 'answers.yaml'), line: 3, column: 7 });
  });

  it('still reads a plain Answers file as answers, from stdin too', async () => {
    const input = await loadInput(['-'], {}, memoryIo({ stdin: 'apiVersion: meshgate/v1\nkind: Answers\ntraffic: both\nservices: 3\n' }));
    expect(input.kind).toBe('answers');
    expect(input.answers.services).toBe(3);
  });
});

describe('compose-style YAML leniency', () => {
  it('accepts a flow sequence closed at its key\'s indentation, keeping other positions', () => {
    const text = 'services:\n  flagd:\n    command: [\n      "start"\n    ]\n    image: flagd\n';
    expect(() => parseYamlDocuments(text, 'c.yaml')).toThrow(/deficient indentation/);
    const [doc] = parseYamlLikeCompose(text, 'c.yaml');
    expect((doc!.value as { services: { flagd: { command: string[] } } }).services.flagd.command).toEqual(['start']);
    expect(doc!.locate('/services/flagd/image')).toEqual({ file: 'c.yaml', line: 6, column: 12 });
  });

  it('reads any line of a flow collection left of its key, as libyaml does, but no bad block indentation', () => {
    // libyaml (PyYAML, Go's yaml) checks no indentation inside flow collections: {a: {b: [x]}}.
    expect(parseYamlLikeCompose('a:\n  b: [\n x ]\n', 'c.yaml')[0]!.value).toEqual({ a: { b: ['x'] } });
    expect(() => parseYamlLikeCompose('a:\n  b: 1\n c: 2\n', 'c.yaml')).toThrow(UserError);
  });
});
