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

describe('the inventory is enough for the policy evaluator (what the policy-drift lint needs)', () => {
  it('evaluates every modelled call from the inventory alone, naming the deciding object and its line', async () => {
    const { readOneSystem } = await import('../../src/shell/load-architecture.js');
    const { memoryIo } = await import('../../src/io.js');
    const { join } = await import('node:path');
    const { repoRoot } = await import('./helpers.js');
    const { callQuestions, inventoryObjects, inventoryWorkload } = await import('../../src/core/policy/inventory.js');
    const { evaluateCall, indexCluster } = await import('../../src/core/policy/index.js');
    const sys = await readOneSystem([join(repoRoot, 'test/fixtures/kubernetes/bank')], {}, memoryIo());
    const inv = sys.inventory!;
    const objects = inventoryObjects(inv);
    expect(objects.map((o) => `${o.object.kind} ${o.object.metadata.namespace ?? ''}/${o.object.metadata.name}`)).toContain('AuthorizationPolicy bank/userservice-callers');
    expect(objects.filter((o) => o.object.kind === 'Namespace').map((o) => o.object.metadata.name)).toEqual(['bank', 'ledger']);
    const cluster = indexCluster(objects);
    const verdicts = callQuestions(inv, sys.architecture).map((q) => {
      const v = evaluateCall(cluster, q.request);
      return [`${q.request.from.namespace}/${q.request.from.name} -> ${q.request.to.namespace}/${q.request.to.name}:${q.request.port}`, v.allowed, v.decidedBy ? `${v.decidedBy.name} line ${v.decidedBy.source?.line}` : undefined];
    });
    expect(verdicts).toContainEqual(['bank/frontend -> bank/userservice:8080', true, 'userservice-callers line 161']);
    expect(verdicts.every(([, allowed]) => allowed)).toBe(true);
    // A pair the model has no call for is refused by the same policy; the ledger's userservice
    // (one name, another namespace) is not selected by it.
    const w = (name: string, ns: string) => inventoryWorkload(inv, inv.workloads.find((x) => x.name === name && x.namespace === ns)!);
    const denied = evaluateCall(cluster, { from: w('accounts-db', 'bank'), to: w('userservice', 'bank'), port: 8080, service: { name: 'userservice', port: 8080 } });
    expect([denied.allowed, denied.decidedBy?.name]).toEqual([false, 'userservice-callers']);
    expect(evaluateCall(cluster, { from: w('accounts-db', 'bank'), to: w('userservice', 'ledger'), port: 8080 }).allowed).toBe(true);
  });
});

describe('edge auth and limits where the manifests put them', () => {
  const svc = (name: string) => workload('Deployment', name);
  it('Envoy Gateway SecurityPolicy and BackendTrafficPolicy by targetRef; GRPCRoute backends serve gRPC', () => {
    const { architecture } = load(svc('api') + '---\n' + svc('orders') +
      '---\napiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: eg}\nspec: {gatewayClassName: eg}\n' +
      '---\napiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: api}\nspec:\n  parentRefs: [{name: eg}]\n  hostnames: [api.example.com]\n  rules: [{matches: [{path: {type: PathPrefix, value: /v1}}], backendRefs: [{name: api, port: 80}]}]\n' +
      '---\napiVersion: gateway.networking.k8s.io/v1\nkind: GRPCRoute\nmetadata: {name: orders}\nspec:\n  parentRefs: [{name: eg}]\n  rules: [{backendRefs: [{name: orders, port: 80}]}]\n' +
      '---\napiVersion: gateway.envoyproxy.io/v1alpha1\nkind: SecurityPolicy\nmetadata: {name: keys}\nspec:\n  targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: api}]\n  apiKeyAuth: {credentialRefs: [{name: keys}], extractFrom: [{headers: [x-api-key]}]}\n' +
      '---\napiVersion: gateway.envoyproxy.io/v1alpha1\nkind: BackendTrafficPolicy\nmetadata: {name: limit}\nspec:\n  targetRefs: [{group: gateway.networking.k8s.io, kind: Gateway, name: eg}]\n  rateLimit: {type: Local, local: {rules: [{limit: {requests: 10, unit: Second}}]}}\n');
    expect(architecture.gateway).toMatchObject({ product: 'envoy-gateway', className: 'eg', routes: ['api', 'orders'], rules: [{ service: 'api', host: 'api.example.com', path: '/v1', port: 80 }] });
    expect(architecture.services.map((s) => [s.name, s.auth, s.rateLimit, s.protocols])).toEqual([['api', 'api-key', true, ['http']], ['orders', undefined, true, ['grpc']]]);
  });

  it('Kong: a global KongClusterPlugin, a KongConsumer rate limit, credentials noted; nginx basic auth; Traefik Middleware CRDs', () => {
    const kong = load(svc('shop') +
      '---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: shop}\nspec:\n  ingressClassName: kong\n  rules: [{http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: shop, port: {number: 80}}}}]}}]\n' +
      '---\napiVersion: configuration.konghq.com/v1\nkind: KongClusterPlugin\nmetadata: {name: auth, labels: {global: "true"}}\nplugin: key-auth\n' +
      '---\napiVersion: configuration.konghq.com/v1\nkind: KongPlugin\nmetadata: {name: slow}\nplugin: rate-limiting\n' +
      '---\napiVersion: configuration.konghq.com/v1\nkind: KongConsumer\nmetadata: {name: partner, annotations: {konghq.com/plugins: slow}}\nusername: partner\ncredentials: [partner-key]\n' +
      '---\napiVersion: v1\nkind: Secret\nmetadata: {name: partner-key, labels: {konghq.com/credential: key-auth}}\nstringData: {key: x}\n');
    expect(kong.architecture.services[0]).toMatchObject({ name: 'shop', exposure: 'public', auth: 'api-key', rateLimit: true });
    expect(kong.notes.map((n) => n.message)).toContain('KongConsumer partner: 1 credential (key-auth); routes need the matching auth plugin to ask for it');
    const nginx = load(svc('shop') +
      '---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: shop, annotations: {nginx.ingress.kubernetes.io/auth-type: basic}}\nspec:\n  ingressClassName: nginx\n  defaultBackend: {service: {name: shop, port: {number: 80}}}\n');
    expect(nginx.architecture.services[0]!.auth).toBe('basic');
    const traefik = load(svc('shop') +
      '---\napiVersion: traefik.io/v1alpha1\nkind: Middleware\nmetadata: {name: limit}\nspec: {rateLimit: {average: 10}}\n' +
      '---\napiVersion: traefik.io/v1alpha1\nkind: IngressRoute\nmetadata: {name: shop}\nspec:\n  routes: [{match: "Host(`shop.example.com`) && PathPrefix(`/api`)", middlewares: [{name: limit}], services: [{name: shop, port: 80}]}]\n');
    expect(traefik.architecture.gateway).toMatchObject({ product: 'traefik', rules: [{ service: 'shop', host: 'shop.example.com', path: '/api' }] });
    expect(traefik.architecture.services[0]!.rateLimit).toBe(true);
  });
});

describe('gateway configs mounted from ConfigMaps', () => {
  it('an nginx Deployment with its nginx.conf in a ConfigMap: routes, calls, auth and limits', () => {
    const r = load(workload('Deployment', 'api') + '---\n' +
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: edge-conf}\ndata:\n  nginx.conf: |\n    server {\n      limit_req zone=one;\n      location /api/ { auth_basic "x"; proxy_pass http://api:80; }\n    }\n---\n' +
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: edge}\nspec:\n  template:\n    metadata: {labels: {app: edge}}\n    spec:\n      containers: [{name: nginx, image: nginx:1.27}]\n      volumes: [{name: conf, configMap: {name: edge-conf}}]\n---\n' +
      'apiVersion: v1\nkind: Service\nmetadata: {name: edge}\nspec: {type: LoadBalancer, selector: {app: edge}, ports: [{port: 80}]}\n');
    expect(r.architecture.gateway).toMatchObject({ product: 'nginx', service: 'edge', routes: ['api'], rules: [{ service: 'api', path: '/api/', port: 80 }] });
    expect(r.architecture.services.find((s) => s.name === 'api')).toMatchObject({ exposure: 'public', auth: 'basic', rateLimit: true });
    expect(r.architecture.services.find((s) => s.name === 'edge')!.calls).toEqual([{ to: 'api', protocol: 'http' }]);
    expect(r.locate('/gateway/routes/0')).toEqual({ file: 'k.yaml', line: 21, column: 3 });
  });
});
