/**
 * Passes 1 and 2: index every object (Lists unrolled), then resolve namespaces, ConfigMaps,
 * Secrets and ServiceAccounts so later passes look them up by namespace and name.
 */
import { asList, asMap, type SourceFile } from '../common.js';
import {
  WORKLOAD_KINDS, labelsOf, locOf, nsKey, plural, str,
  type ConfigData, type K8sContext, type K8sObject,
} from './context.js';

/** Kinds some pass reads; every other kind is noted once as ignored. */
export const READ_KINDS = new Set([
  ...WORKLOAD_KINDS, 'Service', 'Ingress', 'Gateway', 'HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute', 'Route',
  'VirtualService', 'DestinationRule', 'PeerAuthentication', 'Namespace', 'ServiceEntry', 'Sidecar', 'AuthorizationPolicy',
  'RequestAuthentication', 'Telemetry', 'EnvoyFilter', 'WorkloadEntry', 'List', 'KongPlugin', 'KongClusterPlugin', 'KongConsumer', 'KongIngress',
  'ConfigMap', 'Secret', 'ServiceAccount', 'NetworkPolicy', 'Server', 'ServerAuthorization', 'MeshTLSAuthentication',
  'NetworkAuthentication', 'SecurityPolicy', 'BackendTrafficPolicy', 'ClientTrafficPolicy', 'Middleware', 'GatewayClass',
  'CiliumNetworkPolicy', 'CiliumClusterwideNetworkPolicy', 'IngressRoute', 'ServiceProfile',
]);

/** Pass 1: every object of every document, with where it is. */
export function indexObjects(files: SourceFile[], name: string): K8sContext {
  const ctx: K8sContext = {
    name, files, notes: [], objects: [], byKind: new Map(), implicitNamespace: undefined, namespaces: new Map(),
    configMaps: new Map(), secrets: new Map(), serviceAccounts: new Map(), workloads: [], services: [], units: [], kept: [],
    calls: [], edges: [],
  };
  for (const f of files) {
    for (const doc of f.docs) {
      const root = asMap(doc.value);
      if (!root) continue;
      const push = (obj: Record<string, unknown>, base: string) => {
        const meta = asMap(obj['metadata']) ?? {};
        const kind = str(obj['kind']) ?? '';
        const objName = str(meta['name']) ?? '';
        if ((WORKLOAD_KINDS.has(kind) || kind === 'Service') && objName.trim() === '') {
          ctx.notes.push({ message: `a ${kind} without metadata.name ignored`, loc: doc.locate(`${base}/metadata`) });
          return;
        }
        const explicit = str(meta['namespace']);
        const o: K8sObject = { obj, kind, apiVersion: str(obj['apiVersion']) ?? '', name: objName, namespace: explicit, doc, base, file: f.file };
        if (explicit !== undefined) o.explicitNamespace = explicit;
        ctx.objects.push(o);
        const list = ctx.byKind.get(kind);
        if (list) list.push(o);
        else ctx.byKind.set(kind, [o]);
      };
      if (str(root['kind'])?.endsWith('List') && Array.isArray(root['items'])) {
        asList(root['items']).forEach((it, i) => {
          const m = asMap(it);
          if (m) push(m, `/items/${i}`);
        });
      } else push(root, '');
    }
  }
  const ignored = new Map<string, { n: number; first: K8sObject }>();
  for (const o of ctx.objects) {
    if (READ_KINDS.has(o.kind)) continue;
    const e = ignored.get(o.kind);
    if (e) e.n++;
    else ignored.set(o.kind, { n: 1, first: o });
  }
  for (const [kind, { n, first }] of ignored) {
    ctx.notes.push({ message: `${plural(n, kind, `${kind} objects`)} ignored (nothing about traffic between services)`, loc: locOf(first, '/kind') });
  }
  return ctx;
}

/**
 * Pass 2: namespaces (objects without one live where the manifests are applied: `default` when
 * any object names a namespace, else unknown), ConfigMaps and Secrets by namespace and name
 * (Secret `data` is base64 and decoded; `stringData` is plain), ServiceAccounts.
 */
export function resolveConfig(ctx: K8sContext): void {
  const named = ctx.objects.filter((o) => o.explicitNamespace !== undefined && o.kind !== 'Namespace');
  const nsObjects = ctx.byKind.get('Namespace') ?? [];
  if (named.length > 0 || nsObjects.length > 0) {
    ctx.implicitNamespace = 'default';
    const implicit = ctx.objects.filter((o) => o.explicitNamespace === undefined && o.kind !== 'Namespace' && (WORKLOAD_KINDS.has(o.kind) || o.kind === 'Service'));
    // One Namespace object and nothing else named: the manifests are meant for it (`kubectl apply -n`).
    if (named.length === 0 && nsObjects.length === 1) ctx.implicitNamespace = nsObjects[0]!.name;
    if (implicit.length > 0) {
      ctx.notes.push({
        message: `${plural(implicit.length, 'object')} without metadata.namespace taken to be in namespace ${ctx.implicitNamespace} (${ctx.implicitNamespace === 'default' ? 'where kubectl applies them without -n' : 'the only Namespace in the manifests'}); set metadata.namespace if they run elsewhere`,
        loc: locOf(implicit[0]!, '/metadata'),
      });
    }
  }
  for (const o of ctx.objects) if (o.explicitNamespace === undefined && o.kind !== 'Namespace') o.namespace = ctx.implicitNamespace;
  for (const o of nsObjects) {
    const meta = asMap(o.obj['metadata']) ?? {};
    ctx.namespaces.set(o.name, { name: o.name, labels: labelsOf(meta['labels']), annotations: labelsOf(meta['annotations']), object: o });
  }
  for (const o of ctx.objects) {
    if (o.namespace !== undefined && !ctx.namespaces.has(o.namespace)) ctx.namespaces.set(o.namespace, { name: o.namespace, labels: {}, annotations: {} });
  }
  for (const o of ctx.byKind.get('ConfigMap') ?? []) ctx.configMaps.set(nsKey(o.namespace, o.name), configData(o, 'ConfigMap'));
  for (const o of ctx.byKind.get('Secret') ?? []) ctx.secrets.set(nsKey(o.namespace, o.name), configData(o, 'Secret'));
  for (const o of ctx.byKind.get('ServiceAccount') ?? []) ctx.serviceAccounts.set(nsKey(o.namespace, o.name), o);
}

function configData(o: K8sObject, kind: 'ConfigMap' | 'Secret'): ConfigData {
  const entries: ConfigData['entries'] = new Map();
  const data = asMap(o.obj['data']) ?? {};
  for (const [k, v] of Object.entries(data)) {
    const text = str(v);
    if (text === undefined) continue;
    const value = kind === 'Secret' ? decodeBase64(text) : text;
    const ptr = `${o.base}/data/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (value !== undefined) entries.set(k, { value, loc: o.doc.locate(ptr), keyLoc: o.doc.locateKey(ptr) });
  }
  if (kind === 'Secret') {
    for (const [k, v] of Object.entries(asMap(o.obj['stringData']) ?? {})) {
      const text = str(v);
      const ptr = `${o.base}/stringData/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (text !== undefined) entries.set(k, { value: text, loc: o.doc.locate(ptr), keyLoc: o.doc.locateKey(ptr) });
    }
  }
  return { object: o, kind, entries };
}

/** Decodes a Secret value; undefined unless it is valid base64 of printable text. */
function decodeBase64(text: string): string | undefined {
  const t = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(t) || t.length % 4 !== 0) return undefined;
  const out = Buffer.from(t, 'base64').toString('utf8');
  // eslint-disable-next-line no-control-regex
  return /^[\x09\x0a\x0d\x20-\x7e\u00a0-\uffff]*$/.test(out) && !out.includes('\ufffd') ? out : undefined;
}
