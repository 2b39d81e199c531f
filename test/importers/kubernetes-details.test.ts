/** Kubernetes details beyond the fixtures: other workload kinds and edges, ambient mode, odd Services. */
import { describe, it, expect } from 'vitest';
import { parseYamlDocuments } from '../../src/yaml/parse.js';
import { importKubernetes } from '../../src/importers/kubernetes.js';

const load = (text: string) => importKubernetes([{ file: 'k.yaml', docs: parseYamlDocuments(text, 'k.yaml') }], 'k');
const workload = (kind: string, name: string, extra = '') =>
  `apiVersion: apps/v1\nkind: ${kind}\nmetadata: {name: ${name}}\nspec:\n  template:\n    metadata: {labels: {app: ${name}${extra}}}\n    spec:\n      containers: [{name: main, image: example/${name}}]\n---\n` +
  `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}}\nspec:\n  selector: {app: ${name}}\n  ports: [{port: 80}]\n`;

describe('kubernetes importer details', () => {
  it('reads Argo Rollouts as workloads and OpenShift Routes as the edge', () => {
    const { architecture, locate } = load(
      workload('Rollout', 'web').replace('apps/v1', 'argoproj.io/v1alpha1') +
      '---\napiVersion: route.openshift.io/v1\nkind: Route\nmetadata: {name: web}\nspec:\n  to: {kind: Service, name: web}\n',
    );
    expect(architecture.services.map((s) => [s.name, s.exposure])).toEqual([['web', 'public']]);
    expect(architecture.gateway).toEqual({ product: 'openshift-router', routes: ['web'] });
    expect(locate('/gateway/routes/0')).toEqual({ file: 'k.yaml', line: 21, column: 29 });
  });

  it('takes HTTPRoutes without a Gateway in the files as Gateway API routes', () => {
    const { architecture } = load(workload('Deployment', 'api') +
      '---\napiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: api}\nspec:\n  rules: [{backendRefs: [{name: api, port: 80}, {kind: Bucket, name: api}]}]\n');
    expect(architecture.gateway).toEqual({ product: 'gateway-api', routes: ['api'] });
  });

  it('recognises Istio ambient mode on a pod template', () => {
    const { architecture } = load(workload('Deployment', 'a', ", 'istio.io/dataplane-mode': ambient") + '---\n' + workload('Deployment', 'b'));
    expect(architecture.mesh).toEqual({ product: 'istio-ambient', mode: 'ambient', mtls: 'permissive', members: ['a'] });
  });

  it('names a unit after the Service callers use and maps every Service name to it', () => {
    const { architecture } = load(
      workload('Deployment', 'web') +
      '---\napiVersion: v1\nkind: Service\nmetadata: {name: web-external}\nspec:\n  type: LoadBalancer\n  selector: {app: web}\n  ports: [{port: 80}]\n' +
      '---\n' + workload('Deployment', 'bff').replace("image: example/bff}", "image: example/bff, env: [{name: UPSTREAM, value: 'http://web-external:80'}]}"),
    );
    expect(architecture.services.map((s) => [s.name, s.exposure, s.calls.map((c) => c.to)])).toEqual([['web', 'public', []], ['bff', 'internal', ['web']]]);
  });

  it('notes kinds it ignores, once per kind', () => {
    const result = load(workload('Deployment', 'a') + '---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: x}\n---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: y}\n');
    expect(result.notes.map((n) => n.message)).toContain('2 PodDisruptionBudget objects ignored (nothing about traffic between services)');
  });
});

describe('kubernetes importer and hostile names', () => {
  it('treats "__proto__" and "constructor" as ordinary labels and plugin names', () => {
    const { architecture } = load(
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: shop}\nspec:\n  template:\n    metadata: {labels: {__proto__: x, app: c}}\n    spec: {containers: [{name: a, image: example/c}]}\n---\n' +
      'apiVersion: v1\nkind: Service\nmetadata: {name: shop, annotations: {konghq.com/plugins: constructor}}\nspec:\n  selector: {__proto__: y}\n  ports: [{port: 80}]\n',
    );
    expect(architecture.services.map((s) => [s.name, s.auth, s.port])).toEqual([['shop', undefined, undefined]]);
  });
});

describe('kubernetes inventory for later checks (policy drift)', () => {
  it('hands on policies with positions, workloads with identity and mesh, and the evidence of each call', async () => {
    const { readOneSystem } = await import('../../src/shell/load-architecture.js');
    const { memoryIo } = await import('../../src/io.js');
    const { join, relative } = await import('node:path');
    const { repoRoot } = await import('./helpers.js');
    const dir = join(repoRoot, 'test/fixtures/kubernetes/bank');
    const sys = await readOneSystem([dir], {}, memoryIo());
    const inv = sys.inventory!;
    const rel = (l: { file: string; line: number; column: number }) => `${relative(dir, l.file)}:${l.line}:${l.column}`;
    expect(inv.format).toBe('kubernetes');
    expect(inv.namespaces.map((n) => [n.name, n.labels])).toEqual([['bank', { 'istio-injection': 'enabled' }], ['ledger', {}]]);
    const ap = inv.policies.find((p) => p.kind === 'AuthorizationPolicy')!;
    expect([ap.name, ap.namespace, rel(ap.loc)]).toEqual(['userservice-callers', 'bank', 'apps.yaml:161:1']);
    expect(rel(ap.positions['/spec/rules/0/from/0/source/principals/0']!)).toBe('apps.yaml:167:39');
    const front = inv.workloads.find((w) => w.name === 'frontend')!;
    expect(front).toMatchObject({ kind: 'Deployment', namespace: 'bank', service: 0, serviceAccount: 'frontend', labels: { app: 'frontend' } });
    expect(front.mesh).toMatchObject({ product: 'istio', mode: 'sidecar' });
    expect(front.containerPorts.map((p) => [p.port, p.name])).toEqual([[8080, 'http']]);
    expect(inv.workloads.find((w) => w.name === 'ledgerwriter')!.mesh).toBeUndefined();
    const call = inv.calls.find((c) => c.from === 0 && c.to === 3)!;
    expect(call).toMatchObject({ pointer: '/services/0/calls/0', port: 8080, protocol: 'grpc' });
    expect(call.evidence.map((e) => [e.kind, e.name, e.value, rel(e.loc), e.via?.name])).toEqual([['configmap', 'TRANSACTIONS_API_ADDR', 'ledgerwriter.ledger:8080', 'config.yaml:21:26', 'TRANSACTIONS_API_ADDR']]);
  });
});
