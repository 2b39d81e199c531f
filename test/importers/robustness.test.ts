/**
 * Importers take whatever users wrote: any shape under `services:` or in a manifest must give a
 * model (odd fields ignored) and never an internal error. Property-based over arbitrary values.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { dump } from 'js-yaml';
import { parseYamlDocuments } from '../../src/yaml/parse.js';
import { importCompose } from '../../src/importers/compose.js';
import { importKubernetes } from '../../src/importers/kubernetes.js';
import { renderArchitectureYaml } from '../../src/core/render-architecture.js';
import { toDocument } from '../../src/core/architecture.js';
import { architectureFromDocument } from '../../src/shell/architecture-document.js';
import { UserError } from '../../src/errors.js';

const scalar = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.constantFrom('80:80', 'http://api:8080', 'redis:6379', '${X:-y}', 'db', '50051'));
const value = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: 'small' }, scalar, fc.array(tie('v'), { maxLength: 4 }), fc.dictionary(fc.constantFrom(
    'image', 'ports', 'environment', 'depends_on', 'links', 'expose', 'deploy', 'replicas', 'name', 'x', 'extends', 'env_file', 'volumes', 'networks',
    'profiles', 'container_name', 'hostname', 'command', 'entrypoint', 'labels', 'healthcheck', 'aliases', 'service', 'file', 'test',
  ), tie('v'), { maxKeys: 4 })),
})).v;
const names = fc.constantFrom('web', 'api', 'db', 'redis', 'gateway', 'jaeger', 'a_b', 'Weird Name', '');

function reload(text: string) {
  return parseYamlDocuments(text, 'x.yaml');
}

describe('importer robustness', () => {
  it('compose: any service definitions import and render to a valid Architecture', () => {
    fc.assert(
      fc.property(fc.dictionary(names, value, { minKeys: 1, maxKeys: 6 }), (services) => {
        const docs = reload(dump({ services }, { noRefs: true }));
        if (Object.keys(services).some((n) => n.trim() === '')) {
          expect(() => importCompose([{ file: 'x.yaml', docs }], 'x')).toThrow(UserError);
          return;
        }
        let result;
        try {
          result = importCompose([{ file: 'x.yaml', docs }], 'x');
        } catch (err) {
          // extends to a missing service or file, a cycle: a user error, never an internal one.
          expect(err).toBeInstanceOf(UserError);
          return;
        }
        expect(result.architecture.services.length).toBeLessThanOrEqual(Object.keys(services).length);
        if (result.architecture.services.length === 0) return;
        const text = renderArchitectureYaml(toDocument(result.architecture), result.notes, ['x.yaml'], (v) => dump(v, { lineWidth: -1, noRefs: true }));
        expect(architectureFromDocument(reload(text)[0]!, 'a.yaml', 'x').architecture).toEqual(result.architecture);
      }),
      { numRuns: 300 },
    );
  });

  it('kubernetes: any objects with apiVersion/kind import without an internal error', () => {
    const kind = fc.constantFrom('Deployment', 'Service', 'StatefulSet', 'Ingress', 'HTTPRoute', 'Gateway', 'VirtualService', 'PeerAuthentication', 'Namespace', 'List', 'Pod', 'ConfigMap');
    const obj = fc.record({ metadata: fc.oneof(value, fc.record({ name: names, labels: value })), apiVersion: fc.constantFrom('v1', 'apps/v1', 'networking.k8s.io/v1', 'networking.istio.io/v1', 'gateway.networking.k8s.io/v1'), kind, spec: value, items: value });
    fc.assert(
      fc.property(fc.array(obj, { minLength: 1, maxLength: 5 }), (objs) => {
        const docs = reload(objs.map((o) => dump(o, { noRefs: true })).join('---\n'));
        const result = importKubernetes([{ file: 'x.yaml', docs }], 'x');
        for (let i = 0; i < result.architecture.services.length; i++) expect(result.locate(`/services/${i}`).line).toBeGreaterThan(0);
        if (result.architecture.services.length === 0) return;
        const text = renderArchitectureYaml(toDocument(result.architecture), result.notes, ['x.yaml'], (v) => dump(v, { lineWidth: -1, noRefs: true }));
        expect(architectureFromDocument(reload(text)[0]!, 'a.yaml', 'x').architecture).toEqual(result.architecture);
      }),
      { numRuns: 300 },
    );
  });
});
