/**
 * Random docker-compose and Kubernetes documents built as structures, not text: every field the
 * importers read is either a plausible value or anything at all (numbers for lists, maps for
 * strings, nulls). Mutated text rarely gets past the parser this deep; these do.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import fc from 'fast-check';
import { dump } from 'js-yaml';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SEED, expectCleanOutcome, meshgateInProcess, tempDir } from './helpers.js';

/** Any small YAML value, biased towards strings the importers look for. */
const anyValue = fc.anything({
  maxDepth: 3,
  withBigInt: false, withDate: false, withTypedArray: false, withSparseArray: false, withMap: false, withSet: false, withBoxedValues: false,
  values: [fc.string({ maxLength: 10 }), fc.integer(), fc.boolean(), fc.constant(null), fc.constantFrom('80:8080', 'http://api:80', 'redis:7', 'nginx', '${X}', '8080', '__proto__')],
});
const either = <T>(plausible: fc.Arbitrary<T>) => fc.oneof({ weight: 3, arbitrary: plausible }, { weight: 1, arbitrary: anyValue });

const composeService = fc.record(
  {
    image: either(fc.constantFrom('nginx', 'redis:7', 'kong:3.6', 'envoyproxy/envoy:v1.31', 'example/app:1.0', 'postgres:16')),
    ports: either(fc.array(either(fc.constantFrom('80:80', '8080', '127.0.0.1:80:80/tcp', '1-5:1-5', '${PORT}:80')), { maxLength: 3 })),
    environment: either(fc.oneof(fc.dictionary(fc.string({ maxLength: 8 }), anyValue, { maxKeys: 3 }), fc.array(fc.string({ maxLength: 12 }), { maxLength: 3 }))),
    depends_on: either(fc.oneof(fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 5 }), anyValue, { maxKeys: 2 }))),
    links: anyValue, expose: anyValue, labels: anyValue, deploy: anyValue, networks: anyValue, command: anyValue, healthcheck: anyValue,
  },
  { requiredKeys: [] },
);
const composeFile = fc
  .record({
    services: fc.dictionary(fc.oneof(fc.constantFrom('web', 'api', 'db', 'gateway', 'kong'), fc.string({ maxLength: 6 })), either(composeService), { maxKeys: 6 }),
    version: anyValue,
    'x-ext': anyValue,
  }, { requiredKeys: ['services'] })
  .map((c) => dump(c));

const metadata = fc.record(
  { name: either(fc.constantFrom('web', 'api', 'db')), namespace: anyValue, labels: either(fc.dictionary(fc.string({ maxLength: 4 }), fc.string({ maxLength: 4 }), { maxKeys: 2 })), annotations: anyValue },
  { requiredKeys: [] },
);
const container = fc.record(
  { name: anyValue, image: either(fc.constantFrom('nginx', 'kong', 'example/app')), ports: anyValue, env: either(fc.array(fc.record({ name: fc.string({ maxLength: 6 }), value: anyValue }, { requiredKeys: [] }), { maxLength: 2 })) },
  { requiredKeys: [] },
);
const spec = fc.record(
  {
    selector: anyValue,
    ports: either(fc.array(fc.record({ port: anyValue, targetPort: anyValue, name: anyValue, protocol: anyValue }, { requiredKeys: [] }), { maxLength: 2 })),
    template: either(fc.record({ metadata, spec: fc.record({ containers: either(fc.array(container, { maxLength: 2 })) }, { requiredKeys: [] }) }, { requiredKeys: [] })),
    rules: anyValue, parentRefs: anyValue, hosts: anyValue, http: anyValue, ingressClassName: anyValue, gatewayClassName: anyValue, replicas: anyValue,
  },
  { requiredKeys: [] },
);
const manifest = fc.record(
  {
    apiVersion: fc.constantFrom('v1', 'apps/v1', 'networking.k8s.io/v1', 'gateway.networking.k8s.io/v1', 'networking.istio.io/v1', 'security.istio.io/v1'),
    kind: fc.constantFrom('Deployment', 'Service', 'StatefulSet', 'DaemonSet', 'Ingress', 'Gateway', 'HTTPRoute', 'VirtualService', 'ConfigMap', 'List', 'Job', 'PeerAuthentication', 'Namespace'),
    metadata: either(metadata),
    spec: either(spec),
    items: anyValue,
  },
  { requiredKeys: ['apiVersion', 'kind'] },
);
const manifests = fc.array(manifest, { minLength: 1, maxLength: 5 }).map((docs) => docs.map((d) => dump(d)).join('---\n'));

const COMMANDS = [['lint'], ['import'], ['recommend'], ['generate', '--out', '-'], ['diagram']];

let work: { dir: string; cleanup: () => void };
beforeAll(() => {
  work = tempDir('structures');
});
afterAll(() => work.cleanup());

describe.each([
  ['docker-compose files', composeFile],
  ['Kubernetes manifests', manifests],
] as const)('random %s through every command that reads them (in-process)', (_label, files) => {
  it('exit 0, 1 or 2 with a message, never an internal error', async () => {
    const file = join(work.dir, 'input.yaml');
    await fc.assert(
      fc.asyncProperty(files, async (text) => {
        writeFileSync(file, text);
        for (const cmd of COMMANDS) {
          const r = await meshgateInProcess([cmd[0]!, file, ...cmd.slice(1)], { cwd: work.dir });
          expectCleanOutcome(r, `meshgate ${cmd.join(' ')} on:\n${text}`);
        }
      }),
      { seed: SEED, numRuns: 80 },
    );
  });
});
