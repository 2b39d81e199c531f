/**
 * Pass 4: Services. Each Service selects pods in its own namespace; the workloads one Service
 * selects are one service of the model (Bookinfo's reviews-v1..v3), named after the Service
 * callers use. Services without a selector (or ExternalName) stand for something outside the
 * manifests. Then exposure (LoadBalancer, NodePort, externalIPs), port, targetPort and the
 * protocols each port serves (port names, appProtocol, gRPC probes, 50051).
 */
import type { Loc, Protocol } from '../../core/types.js';
import { asList, asMap, at } from '../common.js';
import { protocolForPort } from '../../core/classify.js';
import {
  SIDECARS, labelsOf, locOf, nameLocOf, selectorMatches, specOf, str, validPort,
  type ContainerInfo, type K8sContext, type KService, type Unit, type Workload,
} from './context.js';

/** The protocol a port's name or appProtocol states (Istio's and Kubernetes' conventions). */
export function namedPortProtocol(name: string | undefined, appProtocol: string | undefined): Protocol | undefined {
  const app = (appProtocol ?? '').toLowerCase();
  if (app !== '') {
    if (app === 'grpc' || app === 'grpc-web' || app.endsWith('/grpc')) return 'grpc';
    if (app === 'http' || app === 'https' || app === 'http2' || app === 'kubernetes.io/h2c' || app === 'h2c') return 'http';
    if (app === 'kubernetes.io/ws' || app === 'kubernetes.io/wss' || app === 'ws' || app === 'wss') return 'websocket';
    if (/^(tcp|tls|mongo|mysql|redis|postgres|amqp|kafka)$/.test(app)) return 'tcp';
  }
  // Istio's port naming: `<protocol>[-<suffix>]`.
  const n = (name ?? '').toLowerCase().split('-')[0]!;
  if (n === 'grpc' || n === 'grpc-web') return 'grpc';
  if (n === 'http' || n === 'https' || n === 'http2') return 'http';
  if (n === 'ws' || n === 'wss' || n === 'websocket') return 'websocket';
  if (/^(tcp|tls|mongo|mysql|redis|postgres|amqp|kafka)$/.test(n)) return 'tcp';
  return undefined;
}

/** The application container of a workload: the first that is not an injected sidecar. */
export function mainContainer(w: Workload): ContainerInfo | undefined {
  return w.containers.find((c) => !SIDECARS.has(c.name)) ?? w.containers[0];
}

function readService(o: KService['object']): KService {
  const spec = specOf(o);
  const s: KService = {
    object: o,
    namespace: o.namespace,
    type: str(spec['type']) ?? 'ClusterIP',
    selector: labelsOf(spec['selector']),
    ports: asList(spec['ports']).flatMap((p, j) => {
      const pm = asMap(p) ?? {};
      const port = validPort(pm['port']);
      if (port === undefined) return [];
      const tp = pm['targetPort'];
      const out: KService['ports'][number] = { port, pointer: `/spec/ports/${j}` };
      const name = str(pm['name']);
      if (name !== undefined) out.name = name;
      const appProtocol = str(pm['appProtocol']);
      if (appProtocol !== undefined) out.appProtocol = appProtocol;
      if (validPort(tp) !== undefined) out.targetPort = validPort(tp)!;
      else if (typeof tp === 'string' && tp !== '') out.targetPort = tp;
      return [out];
    }),
  };
  const externalName = str(spec['externalName']);
  if (externalName !== undefined) s.externalName = externalName;
  return s;
}

function newUnit(ctx: K8sContext, namespace: string | undefined, name: string, nameLoc: Loc): Unit {
  return {
    id: ctx.units.length, namespace, workloads: [], services: [], name, nameLoc,
    role: { role: { role: 'service' }, by: 'none' }, exposure: 'internal', protocols: [], portProtocols: new Map(), dependsOn: [], configRoutes: [],
  };
}

/** Pass 4: group workloads behind the Services that select them; name, expose and type each group. */
export function resolveServices(ctx: K8sContext): void {
  ctx.services = (ctx.byKind.get('Service') ?? []).filter((o) => o.apiVersion === 'v1').map(readService);
  const workloads = ctx.workloads;
  // Union-find over workloads that one Service selects together.
  const parent = workloads.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const byLabel = new Map<string, number[]>();
  workloads.forEach((w, i) => {
    for (const [k, v] of Object.entries(w.labels)) {
      const key = `${w.namespace ?? ''}\u0000${k}=${v}`;
      const list = byLabel.get(key);
      if (list) list.push(i);
      else byLabel.set(key, [i]);
    }
  });
  const targets = new Map<KService, number[]>();
  for (const s of ctx.services) {
    // The rarest label of the selector gives the fewest workloads to check.
    let candidates: number[] | undefined;
    for (const [k, v] of Object.entries(s.selector)) {
      const list = byLabel.get(`${s.namespace ?? ''}\u0000${k}=${v}`) ?? [];
      if (!candidates || list.length < candidates.length) candidates = list;
    }
    const matched = (candidates ?? []).filter((i) => selectorMatches(s.selector, workloads[i]!.labels));
    targets.set(s, matched);
    for (let k = 1; k < matched.length; k++) parent[find(matched[k]!)] = find(matched[0]!);
  }
  const unitOfRoot = new Map<number, Unit>();
  workloads.forEach((w, i) => {
    let u = unitOfRoot.get(find(i));
    if (!u) {
      u = newUnit(ctx, w.namespace, w.object.name, nameLocOf(w.object));
      unitOfRoot.set(find(i), u);
      ctx.units.push(u);
    }
    u.workloads.push(w);
  });
  for (const s of ctx.services) {
    const matched = targets.get(s)!;
    if (matched.length > 0) {
      unitOfRoot.get(find(matched[0]!))!.services.push(s);
      continue;
    }
    if (Object.keys(s.selector).length === 0 || s.type === 'ExternalName') {
      const u = newUnit(ctx, s.namespace, s.object.name, nameLocOf(s.object));
      u.services.push(s);
      u.external = s;
      ctx.units.push(u);
    } else {
      ctx.notes.push({ message: `Service ${s.object.name} selects no workload in these manifests (selector ${Object.entries(s.selector).map(([k, v]) => `${k}=${v}`).join(',')}); ignored`, loc: locOf(s.object, '/spec/selector') });
    }
  }
  for (const u of ctx.units) describeUnit(u);
}

function describeUnit(u: Unit): void {
  // The name: the Service named like a workload, else a ClusterIP Service (what callers use), else any.
  if (!u.external && u.services.length > 0) {
    const wNames = new Set(u.workloads.map((w) => w.object.name));
    const s = u.services.find((x) => wNames.has(x.object.name)) ?? u.services.find((x) => x.type === 'ClusterIP') ?? u.services[0]!;
    u.name = s.object.name;
    const w = u.workloads.find((x) => x.object.name === u.name);
    u.nameLoc = w ? nameLocOf(w.object) : u.workloads[0] ? nameLocOf(u.workloads[0].object) : nameLocOf(s.object);
  }
  for (const s of u.services) {
    const external = (asList(specOf(s.object)['externalIPs']).length > 0);
    if (s.type === 'LoadBalancer' || s.type === 'NodePort' || external) {
      u.exposure = 'public';
      u.exposureLoc = external && s.type === 'ClusterIP' ? locOf(s.object, '/spec/externalIPs') : locOf(s.object, '/spec/type');
      u.exposureWhy = `Service ${s.object.name} is ${external && s.type === 'ClusterIP' ? 'given externalIPs' : `type ${s.type}`} (${at(u.exposureLoc)})`;
      break;
    }
  }
  // Port: the first Service port; targetPort when it differs (named target ports resolve through the containers).
  const main = u.workloads[0] ? mainContainer(u.workloads[0]) : undefined;
  const allContainerPorts = u.workloads.flatMap((w) => w.containers.filter((c) => !SIDECARS.has(c.name)).flatMap((c) => c.ports));
  const first = u.services.flatMap((s) => s.ports.map((p) => ({ s, p })))[0];
  if (first) {
    u.port = { value: first.p.port, loc: locOf(first.s.object, `${first.p.pointer}/port`) };
    const tp = first.p.targetPort;
    const target = typeof tp === 'number' ? tp : typeof tp === 'string' ? allContainerPorts.find((c) => c.name === tp)?.port : undefined;
    if (target !== undefined && target !== first.p.port) u.targetPort = { value: target, loc: locOf(first.s.object, `${first.p.pointer}/targetPort`) };
  } else if (main?.ports[0]) {
    u.port = { value: main.ports[0].port, loc: main.ports[0].loc };
  }
  // Protocols per port, from the Service ports (name, appProtocol), container ports and gRPC probes.
  const add = (p: Protocol | undefined, loc: Loc, why: string, ports: number[]) => {
    if (!p) return;
    for (const port of ports) if (!u.portProtocols.has(port)) u.portProtocols.set(port, p);
    if (!u.protocols.some((x) => x.protocol === p)) u.protocols.push({ protocol: p, loc, why });
  };
  const containerPortsByNumber = new Map(allContainerPorts.map((c) => [c.port, c] as const));
  const probes = u.workloads.flatMap((w) => w.containers.flatMap((c) => c.grpcProbePorts));
  for (const s of u.services) {
    for (const p of s.ports) {
      const target = typeof p.targetPort === 'number' ? p.targetPort : typeof p.targetPort === 'string' ? allContainerPorts.find((c) => c.name === p.targetPort)?.port : p.port;
      const byName = namedPortProtocol(p.name, p.appProtocol);
      const rel = p.appProtocol !== undefined ? '/appProtocol' : p.name !== undefined ? '/name' : '';
      if (byName) {
        add(byName, locOf(s.object, `${p.pointer}${rel}`), p.appProtocol !== undefined ? `appProtocol ${p.appProtocol}` : `port name ${p.name}`, [p.port, ...(target !== undefined ? [target] : [])]);
        continue;
      }
      const probe = probes.find((g) => g.port === target);
      if (probe) add('grpc', probe.loc, 'gRPC health probe', [p.port, target!]);
      else if (protocolForPort(target ?? p.port)) add('grpc', locOf(s.object, `${p.pointer}/port`), `port ${target ?? p.port}`, [p.port]);
      else {
        const cp = target !== undefined ? containerPortsByNumber.get(target) : undefined;
        const fromContainer = cp ? namedPortProtocol(cp.name, undefined) : undefined;
        if (fromContainer && cp) add(fromContainer, cp.loc, `container port name ${cp.name}`, [p.port, cp.port]);
      }
    }
  }
  if (u.services.length === 0) {
    for (const cp of allContainerPorts) {
      const p = namedPortProtocol(cp.name, undefined);
      if (p) add(p, cp.loc, `container port name ${cp.name}`, [cp.port]);
      else if (probes.some((g) => g.port === cp.port)) add('grpc', probes.find((g) => g.port === cp.port)!.loc, 'gRPC health probe', [cp.port]);
      else if (protocolForPort(cp.port)) add('grpc', cp.loc, `port ${cp.port}`, [cp.port]);
    }
  }
}
