/**
 * The importer passes one at a time, each on the context the passes before it leave: what a
 * pass adds is checked without building the whole model.
 */
import { describe, it, expect } from 'vitest';
import { parseYamlDocuments } from '../../src/yaml/parse.js';
import {
  indexObjects, resolveConfig, resolveWorkloads, resolveServices, classifyRoles, deriveCalls, deriveGateway, deriveMesh,
} from '../../src/importers/kubernetes/index.js';
import { loadComposeProject } from '../../src/importers/compose/index.js';
import { classify } from '../../src/core/classify.js';
import { importKubernetes } from '../../src/importers/kubernetes.js';
import { buildContext } from '../../src/core/lint/context.js';
import { CHECK_KINDS } from '../../src/core/lint/checks.js';

const files = (text: string) => [{ file: 'k.yaml', docs: parseYamlDocuments(text, 'k.yaml') }];
const dep = (name: string, ns: string, extra = '', container = '') =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  template:\n    metadata: {labels: {app: ${name}}${extra}}\n    spec:\n      containers:\n        - name: main\n          image: example/${name}\n${container}---\n` +
  `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  selector: {app: ${name}}\n  ports: [{port: 80}]\n---\n`;

describe('kubernetes passes', () => {
  it('indexObjects and resolveConfig: namespaces, ConfigMaps, decoded Secrets, ServiceAccounts', () => {
    const ctx = indexObjects(files(
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg, namespace: a}\ndata: {X_ADDR: "x:1"}\n---\n' +
      'apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: a}\ndata: {URL: aHR0cDovL3k6Mg==}\nstringData: {PLAIN: "z:3"}\n---\n' +
      'apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: app, namespace: a}\n---\n' +
      'apiVersion: v1\nkind: Service\nmetadata: {name: loose}\nspec: {ports: [{port: 1}]}\n',
    ), 'x');
    resolveConfig(ctx);
    expect(ctx.implicitNamespace).toBe('default');
    expect([...ctx.namespaces.keys()].sort()).toEqual(['a', 'default']);
    expect(ctx.configMaps.get('a/cfg')!.entries.get('X_ADDR')!.value).toBe('x:1');
    expect([...ctx.secrets.get('a/s')!.entries].map(([k, v]) => [k, v.value])).toEqual([['URL', 'http://y:2'], ['PLAIN', 'z:3']]);
    expect(ctx.serviceAccounts.has('a/app')).toBe(true);
    expect(ctx.notes.map((n) => n.message)).toContain('1 object without metadata.namespace taken to be in namespace default (where kubectl applies them without -n); set metadata.namespace if they run elsewhere');
  });

  it('resolveWorkloads: envFrom with a prefix, valueFrom, explicit env winning, $(VAR) expansion', () => {
    const ctx = indexObjects(files(
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg, namespace: a}\ndata: {HOST: "db", PORT: "5432"}\n---\n' +
      dep('web', 'a', '', '          envFrom: [{configMapRef: {name: cfg}, prefix: DB_}]\n          env:\n            - {name: DB_PORT, value: "6432"}\n            - {name: URL, value: "postgres://$(DB_HOST):$(DB_PORT)/x"}\n            - {name: ONE, valueFrom: {configMapKeyRef: {name: cfg, key: HOST}}}\n'),
    ), 'x');
    resolveConfig(ctx);
    resolveWorkloads(ctx);
    const env = ctx.workloads[0]!.containers[0]!.env;
    expect(env.map((e) => [e.key, e.value, e.source.kind])).toEqual([
      ['DB_HOST', 'db', 'configmap'],
      ['DB_PORT', '6432', 'literal'],
      ['URL', 'postgres://db:6432/x', 'literal'],
      ['ONE', 'db', 'configmap'],
    ]);
  });

  it('resolveServices: Services select within their namespace; one name in two namespaces is two units', () => {
    const ctx = indexObjects(files(dep('cart', 'a') + dep('cart', 'b')), 'x');
    resolveConfig(ctx);
    resolveWorkloads(ctx);
    resolveServices(ctx);
    expect(ctx.units.map((u) => `${u.namespace}/${u.name} ${u.workloads.length}/${u.services.length}`)).toEqual(['a/cart 1/1', 'b/cart 1/1']);
  });

  it('deriveCalls: cluster DNS from the caller namespace; unresolved in-cluster names become notes', () => {
    const ctx = indexObjects(files(
      dep('cart', 'a') + dep('cart', 'b') +
      dep('web', 'a', '', '          env:\n            - {name: CART_ADDR, value: "cart:80"}\n            - {name: OTHER_CART, value: "cart.b.svc.cluster.local:80"}\n            - {name: GONE_HOST, value: "payments"}\n'),
    ), 'x');
    resolveConfig(ctx);
    resolveWorkloads(ctx);
    resolveServices(ctx);
    classifyRoles(ctx);
    deriveGateway(ctx);
    deriveCalls(ctx);
    expect(ctx.calls.map((c) => `${c.from.name} → ${c.to.namespace}/${c.to.name}`)).toEqual(['web → a/cart', 'web → b/cart']);
    expect(ctx.notes.map((n) => n.message)).toContain('web: address payments names no Service in these manifests; add its manifests to read that call');
  });

  it('deriveMesh: ambient namespaces, waypoints, probe-rewrite hints', () => {
    const mesh = (text: string) => {
      const ctx = indexObjects(files(text), 'x');
      resolveConfig(ctx);
      resolveWorkloads(ctx);
      resolveServices(ctx);
      classifyRoles(ctx);
      deriveMesh(ctx);
      return { mesh: ctx.mesh && { product: ctx.mesh.product, mode: ctx.mesh.mode, members: ctx.mesh.members.map((u) => u.name) }, notes: ctx.notes.map((n) => n.message) };
    };
    const ambient = mesh('apiVersion: v1\nkind: Namespace\nmetadata: {name: a, labels: {istio.io/dataplane-mode: ambient}}\n---\n' + dep('web', 'a') +
      'apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: waypoint, namespace: a}\nspec: {gatewayClassName: istio-waypoint}\n');
    expect(ambient.mesh).toEqual({ product: 'istio-ambient', mode: 'ambient', members: ['web'] });
    expect(ambient.notes).toContain('mesh: ambient waypoint waypoint (L7 policy for the ambient mesh, not an edge)');
    const hint = mesh(dep('web', 'a', ', annotations: {sidecar.istio.io/rewriteAppHTTPProbers: "true"}'));
    expect(hint.mesh).toBeUndefined();
    expect(hint.notes).toContain('web: ready for an Istio sidecar (sidecar.istio.io/rewriteAppHTTPProbers) but nothing here injects one; not taken as a mesh');
  });
});

describe('classify: roles that names mislead', () => {
  it.each([
    ['meta', 'supabase/postgres-meta:v0.80', 'service'],
    ['kafka-ui', 'provectuslabs/kafka-ui:latest', 'service'],
    ['pgadmin', 'dpage/pgadmin4:8', 'service'],
    ['rest', 'postgrest/postgrest:v12', 'service'],
    ['supavisor', 'supabase/supavisor:1', 'datastore'],
    ['pooler', 'edoburu/pgbouncer:1.22', 'datastore'],
    ['dynamodb', 'amazon/dynamodb-local:latest', 'datastore'],
    ['traffic', 'example/traffic-simulator:1', 'loadgen'],
    ['locust', 'locustio/locust', 'loadgen'],
    ['consul', 'hashicorp/consul:1.18', 'platform'],
    ['flagd', 'ghcr.io/open-feature/flagd:v0.11', 'platform'],
    ['dns', 'defreitas/dns-proxy-server', 'tooling'],
    ['analytics', 'supabase/logflare:1.4', 'telemetry'],
  ])('%s (%s) → %s', (name, image, role) => {
    expect(classify(name, image).role.role).toBe(role);
  });
});

describe('compose loader alone', () => {
  it('merges -f files into one model with positions of the last writer', () => {
    const f = (t: string, n: string) => ({ file: n, docs: parseYamlDocuments(t, n) });
    const p = loadComposeProject([f('services:\n  a:\n    image: x\n    environment: {A: "1"}\n', 'one.yaml'), f('services:\n  a:\n    environment: [B=2]\n', 'two.yaml')], new Map(), new Map());
    const env = p.services[0]!.def.get('environment');
    expect(env?.t === 'map' && [...env.entries.keys()]).toEqual(['A', 'B']);
    expect(env?.t === 'map' && env.entries.get('B')!.loc).toEqual({ file: 'two.yaml', line: 3, column: 19 });
    expect(p.needs).toEqual([]);
  });

  it('lists what the project needs read instead of failing while collecting', () => {
    const f = { file: '/p/compose.yaml', docs: parseYamlDocuments('include: [lib.yaml]\nservices:\n  a: {image: x, env_file: a.env}\n', '/p/compose.yaml') };
    const p = loadComposeProject([f], new Map(), new Map(), { collecting: true, cwd: '/' });
    expect(p.needs.map((n) => [n.kind, n.path, n.required])).toEqual([['text', '/p/.env', false], ['compose', '/p/lib.yaml', true]]);
  });
});

describe('two namespaces, one name, through lint', () => {
  it('is not a duplicate, and a call to name.namespace is not dangling', () => {
    const r = importKubernetes(files(dep('cart', 'a') + dep('cart', 'b') +
      dep('web', 'a', '', '          env:\n            - {name: CART_ADDR, value: "cart.b:80"}\n')), 'x');
    expect(r.architecture.services.map((s) => `${s.namespace}/${s.name}`)).toEqual(['a/cart', 'b/cart', 'a/web']);
    expect(r.architecture.services[2]!.calls).toEqual([{ to: 'cart.b' }]);
    const ctx = buildContext(r.architecture);
    expect(CHECK_KINDS['unique-names']!.run(ctx, {})).toEqual([]);
    expect(CHECK_KINDS['dangling-reference']!.run(ctx, { source: 'calls' })).toEqual([]);
    // The same two names without namespaces are a true duplicate.
    const flat = { ...r.architecture, services: r.architecture.services.map(({ namespace: _n, ...s }) => s) };
    expect(CHECK_KINDS['unique-names']!.run(buildContext(flat), {}).map((h) => h.pointer)).toEqual(['/services/1/name']);
  });
});
