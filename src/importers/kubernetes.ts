/**
 * Kubernetes manifests → architecture. Pure: takes parsed documents with their locators.
 *
 * - Deployments, StatefulSets, DaemonSets (and ReplicaSets, ReplicationControllers, bare Pods)
 *   are workloads; the Services that select their pod labels name them (several workloads behind
 *   one Service, like Bookinfo's reviews-v1..v3, become one service). LoadBalancer / NodePort
 *   Services and externalIPs make a service public; so does being the backend of an Ingress,
 *   a Gateway API route or an Istio VirtualService bound to a gateway.
 * - Ingress, Gateway API (Gateway + HTTPRoute/GRPCRoute/...) and Istio Gateway + VirtualService
 *   → the gateway spec with its routes.
 * - Istio resources, PeerAuthentication modes and injection labels (istio-injection,
 *   istio.io/dataplane-mode=ambient, linkerd.io/inject) → the mesh spec.
 * - Service addresses in container env values and args → calls.
 * - Kinds that say nothing about traffic (ConfigMap, ServiceAccount, ...) are noted and ignored.
 */
import type { Architecture, AuthKind, Call, Loc, MtlsMode, Protocol, Service } from '../core/types.js';
import type { YamlDocument } from '../yaml/parse.js';
import { classify, isPlatformInfra, protocolForPort, type Classified } from './classify.js';
import { findEnvTargets } from './env-targets.js';
import { SourceMap, asList, asMap, asString, at, type ImportNote, type ImportResult, type SourceFile } from './common.js';
import { defaultMeshMode, defaultMtls } from '../core/architecture.js';

/** One Kubernetes object with where it lives. */
interface K8sObject {
  obj: Record<string, unknown>;
  kind: string;
  apiVersion: string;
  name: string;
  namespace: string;
  doc: YamlDocument;
  /** Pointer of the object inside its document ('' or /items/3 in a List). */
  base: string;
}

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Pod', 'DeploymentConfig', 'Rollout']);
/** Kinds read elsewhere in this importer (everything else is noted as ignored). */
const KNOWN_KINDS = new Set([
  ...WORKLOAD_KINDS, 'Service', 'Ingress', 'Gateway', 'HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute',
  'VirtualService', 'DestinationRule', 'PeerAuthentication', 'Namespace', 'ServiceEntry', 'Sidecar', 'AuthorizationPolicy',
  'RequestAuthentication', 'List', 'KongPlugin', 'KongClusterPlugin', 'Route',
]);

const SIDECARS = new Set(['istio-proxy', 'linkerd-proxy', 'envoy-sidecar', 'istio-init', 'linkerd-init']);

const INGRESS_CLASS_PRODUCTS: [RegExp, string][] = [
  [/^(nginx|ingress-nginx|nginx-.*|.*-nginx)$/, 'ingress-nginx'],
  [/traefik/, 'traefik'], [/kong/, 'kong'], [/haproxy/, 'haproxy'], [/contour/, 'contour'], [/istio/, 'istio-gateway'],
  [/apisix/, 'apisix'], [/emissary|ambassador/, 'emissary'], [/^alb$|aws/, 'aws-alb'], [/^gce|gke/, 'gke-ingress'],
  [/azure|agic|application-gateway/, 'azure-application-gateway'], [/envoy/, 'envoy-gateway'], [/cilium/, 'cilium'],
  [/skipper/, 'skipper'], [/gloo/, 'gloo'], [/ngrok/, 'ngrok'],
];

function ingressProduct(cls: string | undefined): string {
  if (!cls) return 'ingress';
  const c = cls.toLowerCase();
  for (const [re, p] of INGRESS_CLASS_PRODUCTS) if (re.test(c)) return p;
  return c;
}

function str(v: unknown): string | undefined {
  return asString(v);
}

function labelsOf(m: Record<string, unknown> | undefined): Record<string, string> {
  // No prototype: a label called "__proto__" or "constructor" is just a label.
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [k, v] of Object.entries(asMap(m) ?? {})) {
    const s = asString(v);
    if (s !== undefined) out[k] = s;
  }
  return out;
}

/** Workload unit: one or more workloads that Services treat as one. */
interface Unit {
  id: number;
  workloads: K8sObject[];
  /** Services selecting it. */
  services: K8sObject[];
  /** Services without selector (ExternalName / manual endpoints) form units of their own. */
  externalService?: K8sObject;
}

const templateCache = new WeakMap<K8sObject, ReturnType<typeof readPodTemplate>>();

/** The pod template of a workload (cached: it is asked for many times). */
function podTemplate(w: K8sObject): ReturnType<typeof readPodTemplate> {
  let t = templateCache.get(w);
  if (!t) templateCache.set(w, (t = readPodTemplate(w)));
  return t;
}

function readPodTemplate(w: K8sObject): { pointer: string; labels: Record<string, string>; annotations: Record<string, string>; spec: Record<string, unknown> } {
  if (w.kind === 'Pod') {
    const meta = asMap(w.obj['metadata']) ?? {};
    return { pointer: w.base, labels: labelsOf(asMap(meta['labels'])), annotations: labelsOf(asMap(meta['annotations'])), spec: asMap(w.obj['spec']) ?? {} };
  }
  const tpl = asMap(asMap(w.obj['spec'])?.['template']) ?? {};
  const meta = asMap(tpl['metadata']) ?? {};
  return { pointer: `${w.base}/spec/template`, labels: labelsOf(asMap(meta['labels'])), annotations: labelsOf(asMap(meta['annotations'])), spec: asMap(tpl['spec']) ?? {} };
}

interface ContainerInfo {
  name: string;
  image?: string;
  imageLoc: Loc;
  pointer: string;
  env: { key: string; value: string; loc: Loc; keyLoc: Loc }[];
  args: { value: string; loc: Loc }[];
  ports: { port: number; name?: string; loc: Loc }[];
}

const containerCache = new WeakMap<K8sObject, ContainerInfo[]>();

function containersOf(w: K8sObject): ContainerInfo[] {
  let c = containerCache.get(w);
  if (!c) containerCache.set(w, (c = readContainers(w)));
  return c;
}

function readContainers(w: K8sObject): ContainerInfo[] {
  const tpl = podTemplate(w);
  return asList(tpl.spec['containers']).map((c, i) => {
    const cm = asMap(c) ?? {};
    const p = `${tpl.pointer}/spec/containers/${i}`;
    const env = asList(cm['env']).flatMap((e, j) => {
      const em = asMap(e);
      const key = str(em?.['name']);
      if (!em || key === undefined) return [];
      const value = str(em['value']) ?? '';
      return [{ key, value, loc: w.doc.locate(em['value'] !== undefined ? `${p}/env/${j}/value` : `${p}/env/${j}`), keyLoc: w.doc.locate(`${p}/env/${j}/name`) }];
    });
    const args = [...asList(cm['command']).map((a, j) => ({ a, ptr: `${p}/command/${j}` })), ...asList(cm['args']).map((a, j) => ({ a, ptr: `${p}/args/${j}` }))]
      .flatMap(({ a, ptr }) => (typeof a === 'string' ? [{ value: a, loc: w.doc.locate(ptr) }] : []));
    const ports = asList(cm['ports']).flatMap((pp, j) => {
      const pm = asMap(pp);
      const port = validPort(pm?.['containerPort']);
      return port === undefined ? [] : [{ port, name: str(pm!['name']), loc: w.doc.locate(`${p}/ports/${j}/containerPort`) }];
    });
    return { name: str(cm['name']) ?? `container-${i}`, image: str(cm['image']), imageLoc: w.doc.locate(`${p}/image`), pointer: p, env, args, ports };
  });
}

function mainContainer(w: K8sObject): ContainerInfo | undefined {
  const cs = containersOf(w);
  return cs.find((c) => !SIDECARS.has(c.name)) ?? cs[0];
}

function validPort(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isInteger(v) && v > 0 && v < 65536 ? v : undefined;
}

function selectorMatches(selector: Record<string, string>, labels: Record<string, string>): boolean {
  const keys = Object.keys(selector);
  return keys.length > 0 && keys.every((k) => labels[k] === selector[k]);
}

function portProtocol(name: string | undefined, appProtocol: string | undefined, port: number | undefined): Protocol | undefined {
  const n = `${appProtocol ?? ''} ${name ?? ''}`.toLowerCase();
  if (/(^|[\s/-])(grpc|h2c?)([\s-]|$)|kubernetes\.io\/h2c/.test(n)) return 'grpc';
  if (/(^|[\s-])(ws|wss|websocket)([\s-]|$)/.test(n)) return 'websocket';
  if (/(^|[\s-])(https?|http2)([\s-]|$)/.test(n)) return 'http';
  if (/(^|[\s-])(tcp|mongo|mysql|redis|postgres|amqp|kafka)([\s-]|$)/.test(n)) return 'tcp';
  return protocolForPort(port);
}

/** Imports Kubernetes manifests (all files together) as one system named `name`. */
export function importKubernetes(files: SourceFile[], name: string): ImportResult {
  const notes: ImportNote[] = [];
  const objects: K8sObject[] = [];
  for (const f of files) {
    for (const doc of f.docs) {
      const root = asMap(doc.value);
      if (!root) continue;
      const push = (obj: Record<string, unknown>, base: string) => {
        const meta = asMap(obj['metadata']) ?? {};
        const kind = str(obj['kind']) ?? '';
        if ((WORKLOAD_KINDS.has(kind) || kind === 'Service') && (str(meta['name']) ?? '').trim() === '') {
          notes.push({ message: `a ${kind} without metadata.name ignored`, loc: doc.locate(`${base}/metadata`) });
          return;
        }
        objects.push({
          obj, kind: str(obj['kind']) ?? '', apiVersion: str(obj['apiVersion']) ?? '', name: str(meta['name']) ?? '',
          namespace: str(meta['namespace']) ?? 'default', doc, base,
        });
      };
      if (str(root['kind'])?.endsWith('List') && Array.isArray(root['items'])) {
        asList(root['items']).forEach((it, i) => {
          const m = asMap(it);
          if (m) push(m, `/items/${i}`);
        });
      } else push(root, '');
    }
  }
  const firstDoc = files[0]!.docs.find((d) => d.value !== null) ?? files[0]!.docs[0]!;
  const map = new SourceMap(firstDoc.locate(''));
  const loc = (o: K8sObject, rel = '') => o.doc.locate(o.base + rel);
  const nameLoc = (o: K8sObject) => loc(o, '/metadata/name');

  // Ignored kinds: one note per kind.
  const ignored = new Map<string, { n: number; first: K8sObject }>();
  for (const o of objects) {
    if (KNOWN_KINDS.has(o.kind)) continue;
    const e = ignored.get(o.kind);
    if (e) e.n++;
    else ignored.set(o.kind, { n: 1, first: o });
  }
  for (const [kind, { n, first }] of ignored) {
    notes.push({ message: `${n} ${kind}${n === 1 ? '' : ' objects'} ignored (nothing about traffic between services)`, loc: loc(first, '/kind') });
  }

  const workloads = objects.filter((o) => WORKLOAD_KINDS.has(o.kind) && (o.kind !== 'Pod' || !objects.some((w) => w !== o && WORKLOAD_KINDS.has(w.kind))));
  const k8sServices = objects.filter((o) => o.kind === 'Service' && o.apiVersion === 'v1');

  // Group workloads by the Services that select them (union-find over workloads).
  const parent = workloads.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const serviceTargets = new Map<K8sObject, number[]>();
  // Workloads by namespace and pod label, so matching Services to them stays linear.
  const byLabel = new Map<string, number[]>();
  workloads.forEach((w, i) => {
    for (const [k, v] of Object.entries(podTemplate(w).labels)) {
      const key = `${w.namespace}\u0000${k}=${v}`;
      const list = byLabel.get(key);
      if (list) list.push(i);
      else byLabel.set(key, [i]);
    }
  });
  for (const s of k8sServices) {
    const selector = labelsOf(asMap(asMap(s.obj['spec'])?.['selector']));
    // The rarest label of the selector gives the fewest workloads to check.
    let candidates: number[] | undefined;
    for (const [k, v] of Object.entries(selector)) {
      const list = byLabel.get(`${s.namespace}\u0000${k}=${v}`) ?? [];
      if (!candidates || list.length < candidates.length) candidates = list;
    }
    candidates ??= [];
    const matched = candidates.filter((i) => selectorMatches(selector, podTemplate(workloads[i]!).labels));
    serviceTargets.set(s, matched);
    for (let k = 1; k < matched.length; k++) parent[find(matched[k]!)] = find(matched[0]!);
  }
  const unitsByRoot = new Map<number, Unit>();
  const units: Unit[] = [];
  workloads.forEach((w, i) => {
    const r = find(i);
    let u = unitsByRoot.get(r);
    if (!u) {
      u = { id: units.length, workloads: [], services: [] };
      unitsByRoot.set(r, u);
      units.push(u);
    }
    u.workloads.push(w);
  });
  for (const s of k8sServices) {
    const matched = serviceTargets.get(s)!;
    if (matched.length > 0) unitsByRoot.get(find(matched[0]!))!.services.push(s);
    else {
      const spec = asMap(s.obj['spec']) ?? {};
      const hasSelector = Object.keys(labelsOf(asMap(spec['selector']))).length > 0;
      if (!hasSelector || str(spec['type']) === 'ExternalName') units.push({ id: units.length, workloads: [], services: [s], externalService: s });
      else notes.push({ message: `Service ${s.name} selects no workload in these manifests; ignored`, loc: loc(s, '/spec/selector') });
    }
  }

  const unitName = (u: Unit): string => {
    if (u.externalService) return u.externalService.name;
    const wNames = new Set(u.workloads.map((w) => w.name));
    const same = u.services.find((s) => wNames.has(s.name));
    if (same) return same.name;
    const clusterIp = u.services.find((s) => (str(asMap(s.obj['spec'])?.['type']) ?? 'ClusterIP') === 'ClusterIP');
    return (clusterIp ?? u.services[0])?.name ?? u.workloads[0]!.name;
  };
  const primaryLoc = (u: Unit): Loc => {
    const n = unitName(u);
    const w = u.workloads.find((x) => x.name === n) ?? u.workloads[0];
    return w ? nameLoc(w) : nameLoc(u.services.find((s) => s.name === n) ?? u.services[0]!);
  };

  // Names that reach a unit: every Service name, and workload names (for headless/pod DNS).
  const aliases = new Map<string, Unit>();
  for (const u of units) {
    for (const w of u.workloads) if (!aliases.has(w.name)) aliases.set(w.name, u);
  }
  for (const u of units) for (const s of u.services) aliases.set(s.name, u);

  // Classification and what is dropped.
  const roles = new Map<Unit, Classified>();
  for (const u of units) {
    if (u.externalService) continue;
    const main = mainContainer(u.workloads[0]!);
    const published = u.services.some((s) => ['LoadBalancer', 'NodePort'].includes(str(asMap(s.obj['spec'])?.['type']) ?? ''));
    roles.set(u, classify(unitName(u), main?.image, main?.env.map((e) => e.key) ?? [], { published }));
  }
  const observability: { tracing?: { product: string; loc: Loc }; metrics?: { product: string; loc: Loc } } = {};
  const kept: Unit[] = [];
  for (const u of units) {
    const c = roles.get(u);
    const r = c?.role;
    if (r && (r.role === 'tracing' || r.role === 'metrics' || r.role === 'telemetry' || r.role === 'loadgen')) {
      const l = c!.by === 'image' ? mainContainer(u.workloads[0]!)!.imageLoc : primaryLoc(u);
      if (r.role === 'tracing' && !observability.tracing) observability.tracing = { product: r.product, loc: l };
      if (r.role === 'metrics' && !observability.metrics) observability.metrics = { product: r.product, loc: l };
      notes.push({ message: `${unitName(u)}: not an application service (${r.role === 'loadgen' ? 'load generator' : r.role === 'telemetry' ? 'telemetry tooling' : r.role} ${r.product}, from its ${c!.by === 'image' ? 'image' : 'name'}); left out of services`, loc: l });
    } else kept.push(u);
  }
  // Prometheus scrape annotations also say metrics are collected.
  if (!observability.metrics) {
    for (const w of workloads) {
      const t = podTemplate(w);
      if (t.annotations['prometheus.io/scrape'] === 'true') {
        observability.metrics = { product: 'prometheus', loc: w.doc.locate(`${t.pointer}/metadata/annotations/prometheus.io~1scrape`) };
        notes.push({ message: `observability: metrics with prometheus (scrape annotation on ${w.name}, ${at(observability.metrics.loc)})`, loc: observability.metrics.loc, pointer: '/observability' });
        break;
      }
    }
  }

  const services: Service[] = [];
  const indexOf = new Map<Unit, number>();
  const exposureSet = new Set<number>();
  kept.forEach((u, i) => {
    indexOf.set(u, i);
    const ptr = `/services/${i}`;
    const nm = unitName(u);
    const c = roles.get(u);
    const r = c?.role ?? { role: 'service' as const };
    const kind = u.externalService ? 'external' : r.role === 'datastore' || r.role === 'queue' ? r.role : 'service';
    const svc: Service = { name: nm, kind, exposure: 'internal', protocols: [], calls: [] };
    const pLoc = primaryLoc(u);
    map.set(ptr, pLoc);
    map.set(`${ptr}/name`, pLoc);
    const main = u.workloads[0] ? mainContainer(u.workloads[0]) : undefined;
    map.set(`${ptr}/kind`, c?.by === 'image' && main ? main.imageLoc : pLoc);
    if (kind !== 'service') {
      notes.push({
        message: `${nm}: ${kind}${u.externalService ? ` (Service without selector${str(asMap(u.externalService.obj['spec'])?.['type']) === 'ExternalName' ? ', ExternalName' : ''})` : ` (${(r as { product: string }).product}), from its ${c!.by === 'image' ? `image ${main?.image}` : `name`}`}`,
        loc: map.locator()(`${ptr}/kind`),
        pointer: ptr,
      });
    }
    if (main?.image) {
      svc.image = main.image;
      map.set(`${ptr}/image`, main.imageLoc);
    }
    if (u.workloads.length > 1) {
      notes.push({ message: `${nm}: ${u.workloads.length} workloads behind one Service (${u.workloads.map((w) => w.name).join(', ')})`, loc: pLoc, pointer: ptr });
    }
    // Replicas: summed over the workloads behind the Service.
    const replicaWorkloads = u.workloads.filter((w) => w.kind !== 'DaemonSet' && w.kind !== 'Pod');
    if (replicaWorkloads.length > 0) {
      let total = 0;
      let firstLoc: Loc | undefined;
      for (const w of replicaWorkloads) {
        const rep = asMap(w.obj['spec'])?.['replicas'];
        const valid = typeof rep === 'number' && Number.isInteger(rep) && rep >= 0;
        total += valid ? rep : 1;
        if (valid) firstLoc ??= loc(w, '/spec/replicas');
      }
      svc.replicas = total;
      map.set(`${ptr}/replicas`, firstLoc ?? pLoc);
    }
    // Exposure from Service types.
    for (const s of u.services) {
      const spec = asMap(s.obj['spec']) ?? {};
      const type = str(spec['type']) ?? 'ClusterIP';
      const external = asList(spec['externalIPs']).length > 0;
      if (type === 'LoadBalancer' || type === 'NodePort' || external) {
        svc.exposure = 'public';
        exposureSet.add(i);
        const l = external && type === 'ClusterIP' ? loc(s, '/spec/externalIPs') : loc(s, '/spec/type');
        map.set(`${ptr}/exposure`, l);
        notes.push({ message: `${nm}: public: Service ${s.name} is ${external && type === 'ClusterIP' ? 'given externalIPs' : `type ${type}`} (${at(l)})`, loc: l, pointer: ptr });
        break;
      }
    }
    if (!exposureSet.has(i)) map.set(`${ptr}/exposure`, u.services[0] ? loc(u.services[0], '/spec') : pLoc);
    // Port and protocols.
    const protocols: { p: Protocol; loc: Loc }[] = [];
    const svcPorts = u.services.flatMap((s) => asList(asMap(s.obj['spec'])?.['ports']).map((p, j) => ({ s, p: asMap(p) ?? {}, j })));
    const firstSvcPort = svcPorts.find((x) => validPort(x.p['port']) !== undefined);
    if (firstSvcPort) {
      svc.port = firstSvcPort.p['port'] as number;
      map.set(`${ptr}/port`, loc(firstSvcPort.s, `/spec/ports/${firstSvcPort.j}/port`));
    } else if (main?.ports[0]) {
      svc.port = main.ports[0].port;
      map.set(`${ptr}/port`, main.ports[0].loc);
    }
    if (kind === 'datastore' || kind === 'queue') protocols.push({ p: 'tcp', loc: map.locator()(`${ptr}/kind`) });
    else {
      const add = (p: Protocol | undefined, l: Loc) => {
        if (p && !protocols.some((x) => x.p === p)) protocols.push({ p, loc: l });
      };
      for (const { s, p, j } of svcPorts) {
        const port = validPort(p['port']);
        add(portProtocol(str(p['name']), str(p['appProtocol']), port), loc(s, `/spec/ports/${j}${p['appProtocol'] !== undefined ? '/appProtocol' : p['name'] !== undefined ? '/name' : ''}`));
      }
      for (const cp of main?.ports ?? []) add(portProtocol(cp.name, undefined, cp.port), cp.loc);
      if (protocols.some((x) => x.p === 'grpc')) {
        const g = protocols.find((x) => x.p === 'grpc')!;
        notes.push({ message: `${nm}: speaks gRPC (port name or number, ${at(g.loc)})`, loc: g.loc, pointer: ptr });
      }
      if (protocols.length === 0) protocols.push({ p: 'http', loc: firstSvcPort ? loc(firstSvcPort.s, `/spec/ports/${firstSvcPort.j}`) : pLoc });
      if (protocols.length > 1 && protocols.some((x) => x.p === 'tcp') && kind === 'service') protocols.splice(protocols.findIndex((x) => x.p === 'tcp'), 1);
    }
    svc.protocols = protocols.map((x) => x.p);
    protocols.forEach((x, j) => map.set(`${ptr}/protocols/${j}`, x.loc));
    services.push(svc);
  });

  const keptSet = new Set(kept);
  const keptAliases = new Set([...aliases.keys()].filter((a) => keptSet.has(aliases.get(a)!)));
  const allAliases = new Set(aliases.keys());
  const serviceOf = (alias: string) => {
    const u = aliases.get(alias);
    return u && indexOf.has(u) ? indexOf.get(u)! : undefined;
  };

  // Calls from env values and container args.
  kept.forEach((u, i) => {
    const svc = services[i]!;
    const ptr = `/services/${i}`;
    const add = (to: number, l: Loc, how: string, protocol?: Protocol) => {
      const target = services[to]!;
      if (to === i || svc.calls.some((c) => c.to === target.name)) return;
      const p = protocol ?? (target.kind === 'service' ? (target.protocols.includes('grpc') && !target.protocols.includes('http') ? 'grpc' : undefined) : target.kind === 'external' ? undefined : 'tcp');
      const call: Call = p ? { to: target.name, protocol: p } : { to: target.name };
      const j = svc.calls.push(call) - 1;
      map.set(`${ptr}/calls/${j}`, l);
      map.set(`${ptr}/calls/${j}/to`, l);
      notes.push({ message: `${svc.name} → ${target.name}: ${how} (${at(l)})`, loc: l, pointer: `${ptr}/calls/${j}` });
    };
    for (const w of u.workloads) {
      for (const c of containersOf(w)) {
        if (SIDECARS.has(c.name)) continue;
        for (const e of c.env) {
          for (const t of findEnvTargets(e.key, e.value, allAliases, '')) {
            const to = serviceOf(t.to);
            if (to !== undefined && keptAliases.has(t.to)) add(to, e.loc, `${t.how} in ${e.key}`, t.protocol);
          }
        }
        for (const a of c.args) {
          for (const t of findEnvTargets('ARG', a.value.replace(/^-+[\w-]+=/, ''), allAliases, '')) {
            if (t.how === 'service name') continue;
            const to = serviceOf(t.to);
            if (to !== undefined && keptAliases.has(t.to)) add(to, a.loc, `${t.how} in container args`, t.protocol);
          }
        }
      }
    }
  });

  const architecture: Architecture = { apiVersion: 'meshgate/v1', kind: 'Architecture', metadata: { name }, platform: 'kubernetes', services };

  // Policies attached to the Services themselves (Kong reads konghq.com/plugins there too).
  const servicePolicies = new Map<number, EdgePolicy>();
  for (const u of kept) {
    for (const s of u.services) {
      const pol = edgePolicy(s, objects);
      if (pol.auth || pol.rateLimit) servicePolicies.set(indexOf.get(u)!, pol);
    }
  }
  // Istio RequestAuthentication with JWT rules: the selected workloads (or the namespace) take JWTs.
  for (const ra of objects.filter((o) => o.kind === 'RequestAuthentication')) {
    const spec = asMap(ra.obj['spec']) ?? {};
    if (asList(spec['jwtRules']).length === 0) continue;
    const selector = labelsOf(asMap(asMap(spec['selector'])?.['matchLabels']));
    const l = loc(ra, '/spec/jwtRules');
    for (const u of kept) {
      const i = indexOf.get(u)!;
      const hit = u.workloads.some((w) => w.namespace === ra.namespace && (Object.keys(selector).length === 0 || selectorMatches(selector, podTemplate(w).labels)));
      if (!hit || services[i]!.auth !== undefined || services[i]!.kind !== 'service') continue;
      services[i]!.auth = 'jwt';
      map.set(`/services/${i}/auth`, l);
      notes.push({ message: `${services[i]!.name}: auth jwt (RequestAuthentication ${ra.name}, ${at(l)})`, loc: l, pointer: `/services/${i}` });
    }
  }

  // ---------------------------------------------------------------- gateway
  interface Route { to: number; loc: Loc; grpc?: boolean; policy?: EdgePolicy }
  interface Edge { product: string; productLoc: Loc; nameLoc: Loc; what: string; routes: Route[] }
  const edges: Edge[] = [];
  const resolveBackend = (host: string | undefined): number | undefined => {
    if (!host) return undefined;
    const h = host.toLowerCase();
    return serviceOf(h) ?? serviceOf(h.split('.')[0]!);
  };
  for (const ing of objects.filter((o) => o.kind === 'Ingress')) {
    const spec = asMap(ing.obj['spec']) ?? {};
    const annotations = labelsOf(asMap(asMap(ing.obj['metadata'])?.['annotations']));
    const cls = str(spec['ingressClassName']) ?? annotations['kubernetes.io/ingress.class'];
    const productLoc = spec['ingressClassName'] !== undefined ? loc(ing, '/spec/ingressClassName')
      : annotations['kubernetes.io/ingress.class'] !== undefined ? loc(ing, '/metadata/annotations/kubernetes.io~1ingress.class') : nameLoc(ing);
    const routes: Route[] = [];
    const policy = edgePolicy(ing, objects);
    const backend = (b: unknown, p: string) => {
      const bm = asMap(b);
      if (!bm) return;
      const svcName = str(asMap(bm['service'])?.['name']) ?? str(bm['serviceName']);
      const to = resolveBackend(svcName);
      if (to !== undefined) routes.push({ to, loc: loc(ing, bm['service'] !== undefined ? `${p}/service/name` : `${p}/serviceName`), policy });
    };
    backend(spec['defaultBackend'], '/spec/defaultBackend');
    backend(spec['backend'], '/spec/backend');
    asList(spec['rules']).forEach((r, ri) => {
      asList(asMap(asMap(r)?.['http'])?.['paths']).forEach((pp, pi) => backend(asMap(pp)?.['backend'], `/spec/rules/${ri}/http/paths/${pi}/backend`));
    });
    edges.push({ product: ingressProduct(cls), productLoc, nameLoc: nameLoc(ing), what: `Ingress ${ing.name}${cls ? ` (class ${cls})` : ''}`, routes });
  }
  // OpenShift Routes: the router is the edge; `to` and `alternateBackends` name Services.
  const osRoutes = objects.filter((o) => o.kind === 'Route' && o.apiVersion.startsWith('route.openshift.io'));
  if (osRoutes.length > 0) {
    const routes: Route[] = [];
    for (const r of osRoutes) {
      const spec = asMap(r.obj['spec']) ?? {};
      const policy = edgePolicy(r, objects);
      const add = (ref: unknown, p: string) => {
        const to = resolveBackend(str(asMap(ref)?.['name']));
        if (to !== undefined) routes.push({ to, loc: loc(r, `${p}/name`), policy });
      };
      add(spec['to'], '/spec/to');
      asList(spec['alternateBackends']).forEach((b, i) => add(b, `/spec/alternateBackends/${i}`));
    }
    edges.push({ product: 'openshift-router', productLoc: loc(osRoutes[0]!, '/kind'), nameLoc: nameLoc(osRoutes[0]!), what: `OpenShift Route${osRoutes.length > 1 ? 's' : ''} ${osRoutes.map((r) => r.name).join(', ')}`, routes });
  }
  const gwApi = objects.filter((o) => o.kind === 'Gateway' && o.apiVersion.startsWith('gateway.networking.k8s.io'));
  const gwRoutes = objects.filter((o) => /^(HTTP|GRPC|TLS|TCP|UDP)Route$/.test(o.kind) && o.apiVersion.startsWith('gateway.networking.k8s.io'));
  if (gwApi.length > 0 || gwRoutes.length > 0) {
    const g = gwApi[0];
    const cls = g ? str(asMap(g.obj['spec'])?.['gatewayClassName']) : undefined;
    const routes: Route[] = [];
    for (const r of gwRoutes) {
      asList(asMap(r.obj['spec'])?.['rules']).forEach((rule, ri) => {
        asList(asMap(rule)?.['backendRefs']).forEach((br, bi) => {
          const bm = asMap(br);
          const kindRef = str(bm?.['kind']) ?? 'Service';
          if (kindRef !== 'Service') return;
          const to = resolveBackend(str(bm?.['name']));
          if (to !== undefined) routes.push({ to, loc: loc(r, `/spec/rules/${ri}/backendRefs/${bi}/name`), grpc: r.kind === 'GRPCRoute', policy: edgePolicy(r, objects) });
        });
      });
    }
    edges.push({
      product: cls ? gatewayClassProduct(cls) : 'gateway-api',
      productLoc: g ? loc(g, cls ? '/spec/gatewayClassName' : '/metadata/name') : nameLoc(gwRoutes[0]!),
      nameLoc: g ? nameLoc(g) : nameLoc(gwRoutes[0]!),
      what: g ? `Gateway API Gateway ${g.name}${cls ? ` (class ${cls})` : ''}` : `Gateway API routes`,
      routes,
    });
  }
  const istioGateways = objects.filter((o) => o.kind === 'Gateway' && o.apiVersion.startsWith('networking.istio.io'));
  const virtualServices = objects.filter((o) => o.kind === 'VirtualService');
  if (istioGateways.length > 0) {
    const gwNames = new Set(istioGateways.map((g) => g.name));
    const routes: Route[] = [];
    for (const vs of virtualServices) {
      const spec = asMap(vs.obj['spec']) ?? {};
      const bound = asList(spec['gateways']).map((x) => str(x) ?? '').some((n) => gwNames.has(n.split('/').pop()!));
      if (!bound) continue;
      for (const proto of ['http', 'tls', 'tcp', 'grpc']) {
        asList(spec[proto]).forEach((h, hi) => {
          asList(asMap(h)?.['route']).forEach((rt, ri) => {
            const host = str(asMap(asMap(rt)?.['destination'])?.['host']);
            const to = resolveBackend(host);
            if (to !== undefined) routes.push({ to, loc: loc(vs, `/spec/${proto}/${hi}/route/${ri}/destination/host`) });
          });
        });
      }
    }
    const g = istioGateways[0]!;
    edges.push({ product: 'istio-gateway', productLoc: loc(g, '/kind'), nameLoc: nameLoc(g), what: `Istio Gateway ${g.name}`, routes });
  }
  // A gateway-like workload (nginx, envoy, kong, ... Deployment) when no edge resource names one.
  const gatewayUnits = kept.filter((u) => roles.get(u)?.role.role === 'gateway');
  if (edges.length === 0 && gatewayUnits.length > 0) {
    const u = [...gatewayUnits].sort((a, b) => Number(services[indexOf.get(b)!]!.exposure === 'public') - Number(services[indexOf.get(a)!]!.exposure === 'public'))[0]!;
    const i = indexOf.get(u)!;
    const c = roles.get(u)!;
    const routes = services[i]!.calls.map((call, j) => ({ to: services.findIndex((s) => s.name === call.to), loc: map.locator()(`/services/${i}/calls/${j}`) }))
      .filter((r) => services[r.to]?.kind === 'service' && !isPlatformInfra(services[r.to]!.name));
    edges.push({
      product: (c.role as { product: string }).product,
      productLoc: c.by === 'image' ? mainContainer(u.workloads[0]!)!.imageLoc : primaryLoc(u),
      nameLoc: primaryLoc(u),
      what: `workload ${services[i]!.name}`,
      routes,
    });
    architecture.gateway = { product: (c.role as { product: string }).product, service: services[i]!.name, routes: [] };
  }
  // Several Ingresses (or routes) of one class are one gateway: merge them by product.
  const merged: Edge[] = [];
  for (const e of edges) {
    const same = merged.find((m) => m.product === e.product);
    if (same) {
      same.routes.push(...e.routes);
      same.what += `, ${e.what}`;
    } else merged.push({ ...e, routes: [...e.routes] });
  }
  // Every edge makes its backends reachable from outside and applies its policies, modelled or not.
  const applyEdge = (e: Edge) => {
    for (const r of e.routes) {
      const target = services[r.to]!;
      if (target.exposure === 'internal') {
        target.exposure = 'public';
        map.set(`/services/${r.to}/exposure`, r.loc);
        notes.push({ message: `${target.name}: public: routed from outside by ${e.what} (${at(r.loc)})`, loc: r.loc, pointer: `/services/${r.to}` });
      }
      for (const src of [r.policy, servicePolicies.get(r.to)]) {
        if (src?.auth && target.auth === undefined) {
          target.auth = src.auth.kind;
          map.set(`/services/${r.to}/auth`, src.auth.loc);
          notes.push({ message: `${target.name}: auth ${src.auth.kind} at the edge (${src.auth.why}, ${at(src.auth.loc)})`, loc: src.auth.loc, pointer: `/services/${r.to}` });
        }
        if (src?.rateLimit && target.rateLimit === undefined) {
          target.rateLimit = true;
          map.set(`/services/${r.to}/rateLimit`, src.rateLimit.loc);
          notes.push({ message: `${target.name}: rate limited at the edge (${src.rateLimit.why}, ${at(src.rateLimit.loc)})`, loc: src.rateLimit.loc, pointer: `/services/${r.to}` });
        }
      }
      if (r.grpc && !target.protocols.includes('grpc')) {
        map.set(`/services/${r.to}/protocols/${target.protocols.length}`, r.loc);
        target.protocols.push('grpc');
      }
    }
  };
  if (merged.length > 0) {
    const edge = [...merged].sort((a, b) => b.routes.length - a.routes.length)[0]!;
    applyEdge(edge);
    for (const other of merged) if (other !== edge) applyEdge(other);
    const routeNames: string[] = [];
    const routeLocs: Loc[] = [];
    for (const r of edge.routes) {
      const target = services[r.to]!;
      if (routeNames.includes(target.name)) continue;
      routeNames.push(target.name);
      routeLocs.push(r.loc);
    }
    architecture.gateway = { product: edge.product, ...(architecture.gateway?.service ? { service: architecture.gateway.service } : {}), routes: routeNames };
    map.set('/gateway', edge.nameLoc);
    map.set('/gateway/product', edge.productLoc);
    if (architecture.gateway.service) map.set('/gateway/service', edge.nameLoc);
    routeLocs.forEach((l, k) => map.set(`/gateway/routes/${k}`, l));
    notes.push({ message: `gateway: ${edge.what} → product ${edge.product}; routes: ${routeNames.join(', ') || 'none that resolve to these manifests'}`, loc: edge.productLoc, pointer: '/gateway' });
    // The controller's own workload, when the manifests include it (ingress-nginx, Kong, Traefik,
    // the Istio ingress gateway): its replicas are the gateway's.
    const family = (p: string) => p.replace(/^ingress-/, '').replace(/-gateway$/, '');
    const controller = architecture.gateway.service ? undefined : gatewayUnits.find((u) => family((roles.get(u)!.role as { product: string }).product) === family(edge.product));
    if (controller) {
      const i = indexOf.get(controller)!;
      architecture.gateway.service = services[i]!.name;
      map.set('/gateway/service', primaryLoc(controller));
      if (services[i]!.replicas !== undefined) {
        architecture.gateway.replicas = services[i]!.replicas;
        map.set('/gateway/replicas', map.locator()(`/services/${i}/replicas`));
      }
      notes.push({ message: `gateway: its controller runs as ${services[i]!.name} (${at(primaryLoc(controller))})`, loc: primaryLoc(controller), pointer: '/gateway' });
    }
    for (const other of merged.filter((e) => e !== edge)) {
      notes.push({ message: `also an edge: ${other.what} (product ${other.product}); only one gateway is modelled`, loc: other.nameLoc, pointer: '/gateway' });
    }
  }

  // ---------------------------------------------------------------- mesh
  interface MeshEvidence { product: string; loc: Loc; what: string }
  const evidence: MeshEvidence[] = [];
  const meshedNamespaces = new Map<string, MeshEvidence>();
  for (const ns of objects.filter((o) => o.kind === 'Namespace')) {
    const meta = asMap(ns.obj['metadata']) ?? {};
    const labels = labelsOf(asMap(meta['labels']));
    const ann = labelsOf(asMap(meta['annotations']));
    let ev: MeshEvidence | undefined;
    if (labels['istio-injection'] === 'enabled') ev = { product: 'istio', loc: loc(ns, '/metadata/labels/istio-injection'), what: `namespace ${ns.name} labelled istio-injection=enabled` };
    else if (labels['istio.io/dataplane-mode'] === 'ambient') ev = { product: 'istio-ambient', loc: loc(ns, '/metadata/labels/istio.io~1dataplane-mode'), what: `namespace ${ns.name} in ambient mode` };
    else if (labels['istio.io/rev'] !== undefined) ev = { product: 'istio', loc: loc(ns, '/metadata/labels/istio.io~1rev'), what: `namespace ${ns.name} bound to an Istio revision` };
    else if (ann['linkerd.io/inject'] === 'enabled') ev = { product: 'linkerd', loc: loc(ns, '/metadata/annotations/linkerd.io~1inject'), what: `namespace ${ns.name} annotated linkerd.io/inject: enabled` };
    if (ev) {
      meshedNamespaces.set(ns.name, ev);
      evidence.push(ev);
    }
  }
  const podMeshed = new Map<Unit, MeshEvidence>();
  for (const u of kept) {
    for (const w of u.workloads) {
      const t = podTemplate(w);
      const mp = `${t.pointer}/metadata`;
      let ev: MeshEvidence | undefined;
      if (t.annotations['linkerd.io/inject'] === 'enabled') ev = { product: 'linkerd', loc: w.doc.locate(`${mp}/annotations/linkerd.io~1inject`), what: `${w.name} annotated linkerd.io/inject: enabled` };
      else if (t.labels['sidecar.istio.io/inject'] === 'true' || t.annotations['sidecar.istio.io/inject'] === 'true') {
        ev = { product: 'istio', loc: w.doc.locate(t.labels['sidecar.istio.io/inject'] ? `${mp}/labels/sidecar.istio.io~1inject` : `${mp}/annotations/sidecar.istio.io~1inject`), what: `${w.name} with sidecar.istio.io/inject` };
      } else if (t.labels['istio.io/dataplane-mode'] === 'ambient') ev = { product: 'istio-ambient', loc: w.doc.locate(`${mp}/labels/istio.io~1dataplane-mode`), what: `${w.name} in ambient mode` };
      else if (containersOf(w).some((c) => c.name === 'istio-proxy' || c.name === 'linkerd-proxy')) {
        const c = containersOf(w).find((x) => x.name === 'istio-proxy' || x.name === 'linkerd-proxy')!;
        ev = { product: c.name === 'istio-proxy' ? 'istio' : 'linkerd', loc: w.doc.locate(`${c.pointer}/name`), what: `${w.name} with an injected ${c.name}` };
      }
      if (ev) {
        podMeshed.set(u, ev);
        evidence.push(ev);
        break;
      }
    }
  }
  const peerAuths = objects.filter((o) => o.kind === 'PeerAuthentication');
  const istioObjects = objects.filter((o) => /(^|\.)istio\.io\//.test(o.apiVersion));
  const linkerdObjects = objects.filter((o) => /linkerd\.io\//.test(o.apiVersion));
  if (evidence.length === 0 && istioObjects.some((o) => o.kind !== 'Gateway' || virtualServices.length > 0)) {
    const o = istioObjects.find((x) => x.kind === 'PeerAuthentication' || x.kind === 'DestinationRule' || x.kind === 'VirtualService') ?? istioObjects[0]!;
    evidence.push({ product: 'istio', loc: loc(o, '/kind'), what: `Istio ${o.kind} ${o.name} (no injection labels in these manifests: the namespace is assumed to be labelled for injection)` });
  }
  if (evidence.length === 0 && linkerdObjects.length > 0) {
    const o = linkerdObjects[0]!;
    evidence.push({ product: 'linkerd', loc: loc(o, '/kind'), what: `Linkerd ${o.kind} ${o.name} (no inject annotations in these manifests: assumed on the namespace)` });
  }
  if (evidence.length > 0) {
    const ev = evidence[0]!;
    const product = ev.product;
    let mtls: MtlsMode | undefined;
    let mtlsLoc: Loc | undefined;
    // A mesh-wide (or the first) PeerAuthentication sets the mode.
    const pa = peerAuths.find((p) => !asMap(asMap(p.obj['spec'])?.['selector'])) ?? peerAuths[0];
    if (pa) {
      const mode = str(asMap(asMap(pa.obj['spec'])?.['mtls'])?.['mode'])?.toUpperCase();
      if (mode === 'STRICT' || mode === 'PERMISSIVE' || mode === 'DISABLE') {
        mtls = mode === 'STRICT' ? 'strict' : mode === 'PERMISSIVE' ? 'permissive' : 'off';
        mtlsLoc = loc(pa, '/spec/mtls/mode');
      }
    }
    const explicitMembers = meshedNamespaces.size > 0 || podMeshed.size > 0;
    const members = kept
      .filter((u) => services[indexOf.get(u)!]!.kind === 'service')
      .filter((u) => !explicitMembers || podMeshed.has(u) || u.workloads.some((w) => meshedNamespaces.has(w.namespace)))
      .map((u) => indexOf.get(u)!)
      // Same-named workloads in two namespaces are one name to the mesh list.
      .filter((i, k, all) => all.findIndex((j) => services[j]!.name === services[i]!.name) === k);
    architecture.mesh = { product, mode: defaultMeshMode(product), mtls: mtls ?? defaultMtls(product), members: members.map((i) => services[i]!.name) };
    map.set('/mesh', ev.loc);
    map.set('/mesh/product', ev.loc);
    if (mtlsLoc) map.set('/mesh/mtls', mtlsLoc);
    members.forEach((i, k) => map.set(`/mesh/members/${k}`, podMeshed.get(kept[i]!)?.loc ?? map.locator()(`/services/${i}`)));
    notes.push({
      message: `mesh: ${product} from ${ev.what}; mTLS ${architecture.mesh.mtls}${mtlsLoc ? ` (PeerAuthentication, ${at(mtlsLoc)})` : ` (no mode set: ${product}'s default)`}; ${members.length} member${members.length === 1 ? '' : 's'}`,
      loc: ev.loc,
      pointer: '/mesh',
    });
  }
  if (observability.tracing || observability.metrics) {
    architecture.observability = {};
    for (const k of ['tracing', 'metrics'] as const) {
      const o = observability[k];
      if (!o) continue;
      architecture.observability[k] = o.product;
      map.set(`/observability/${k}`, o.loc);
      map.setDefault('/observability', o.loc);
    }
  }
  return { architecture, locate: map.locator(), notes };
}

/** Authentication and rate limiting an edge object (Ingress, route, Service) declares. */
interface EdgePolicy {
  auth?: { kind: AuthKind; loc: Loc; why: string };
  rateLimit?: { loc: Loc; why: string };
}

const KONG_AUTH: Record<string, AuthKind> = {
  jwt: 'jwt', 'key-auth': 'api-key', 'key-auth-enc': 'api-key', oauth2: 'oauth2', 'openid-connect': 'oauth2', 'oauth2-introspection': 'oauth2', 'mtls-auth': 'mtls',
};

/**
 * Reads ingress-nginx annotations (limit-rps/rpm/connections, auth-url, auth-tls-verify-client)
 * and Kong's `konghq.com/plugins` (resolved through the KongPlugin objects it names).
 */
function edgePolicy(o: K8sObject, all: K8sObject[]): EdgePolicy {
  const ann = labelsOf(asMap(asMap(o.obj['metadata'])?.['annotations']));
  const annotationLoc = (key: string) => o.doc.locate(`${o.base}/metadata/annotations/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
  const out: EdgePolicy = {};
  for (const key of ['limit-rps', 'limit-rpm', 'limit-connections', 'global-rate-limit']) {
    const k = `nginx.ingress.kubernetes.io/${key}`;
    if (ann[k] !== undefined) {
      out.rateLimit = { loc: annotationLoc(k), why: `annotation ${key}` };
      break;
    }
  }
  if (ann['nginx.ingress.kubernetes.io/auth-tls-verify-client'] === 'on') {
    out.auth = { kind: 'mtls', loc: annotationLoc('nginx.ingress.kubernetes.io/auth-tls-verify-client'), why: 'annotation auth-tls-verify-client' };
  } else if (ann['nginx.ingress.kubernetes.io/auth-url'] !== undefined) {
    out.auth = { kind: 'oauth2', loc: annotationLoc('nginx.ingress.kubernetes.io/auth-url'), why: 'external auth (auth-url), usually an OAuth2/OIDC proxy' };
  }
  const plugins = ann['konghq.com/plugins'];
  if (plugins !== undefined) {
    const l = annotationLoc('konghq.com/plugins');
    for (const name of plugins.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
      const def = all.find((x) => (x.kind === 'KongPlugin' && x.namespace === o.namespace || x.kind === 'KongClusterPlugin') && x.name === name);
      const plugin = def ? str(def.obj['plugin']) ?? name : name;
      if (/^rate-limiting/.test(plugin) && !out.rateLimit) out.rateLimit = { loc: l, why: `Kong plugin ${plugin}` };
      const auth = Object.hasOwn(KONG_AUTH, plugin) ? KONG_AUTH[plugin] : undefined;
      if (auth && !out.auth) out.auth = { kind: auth, loc: l, why: `Kong plugin ${plugin}` };
    }
  }
  return out;
}

function gatewayClassProduct(cls: string): string {
  const c = cls.toLowerCase();
  if (/istio/.test(c)) return 'istio-gateway';
  if (/^eg$|envoy/.test(c)) return 'envoy-gateway';
  if (/gke|gce/.test(c)) return 'gke-gateway';
  for (const [re, p] of INGRESS_CLASS_PRODUCTS) if (re.test(c)) return p;
  return c;
}

