/**
 * Pass 6: calls. A call is made only by an address (src/importers/addresses.ts) in a
 * container's environment (literal, from a ConfigMap or from a Secret) or command line that
 * resolves, the way cluster DNS does, to a Service in the manifests: `cart` in the caller's
 * namespace, `cart.shop`, `cart.shop.svc.cluster.local`, `redis-0.redis.shop.svc...`.
 * Addresses in init containers are start-up ordering (they wait for a dependency), not calls.
 * Protocols come from the target's port (names, appProtocol, gRPC probes) and the address's
 * scheme, never from variable names. Addresses that look in-cluster but name nothing in the
 * manifests become notes saying what to add.
 */
import type { Protocol } from '../../core/types.js';
import { findAddresses, findArgAddresses, protocolOfScheme, type Address } from '../addresses.js';
import { at } from '../common.js';
import type { CallEvidence } from '../../core/import-inventory.js';
import { tracingSetting } from '../instrumentation.js';
import { SIDECARS, plural, type CallFact, type ContainerInfo, type EnvVar, type K8sContext, type Unit } from './context.js';

/** Resolves hosts to units the way cluster DNS does. */
export interface DnsBook {
  resolve(host: string, fromNamespace: string | undefined): Unit | undefined;
  /** Whether a host that resolved to nothing looks like it was meant for the cluster. */
  inCluster(host: string): boolean;
}

export function dnsBook(ctx: K8sContext): DnsBook {
  const byNsName = new Map<string, Unit>();
  const namespaces = new Set<string>();
  for (const u of ctx.units) {
    for (const s of u.services) byNsName.set(`${s.namespace ?? ''}/${s.object.name}`, u);
    if (u.namespace !== undefined) namespaces.add(u.namespace);
  }
  for (const n of ctx.namespaces.keys()) namespaces.add(n);
  const get = (ns: string | undefined, name: string) => byNsName.get(`${ns ?? ''}/${name}`);
  return {
    resolve(host, fromNamespace) {
      const labels = host.split('.');
      if (labels.length === 1) return get(fromNamespace, host);
      const tailFrom = (i: number) => labels.slice(i).join('.');
      const clusterTail = (i: number) => labels.length === i || /^svc(\.|$)/.test(tailFrom(i));
      // name.namespace[.svc[.cluster.local]]
      if (clusterTail(2)) {
        const u = get(labels[1], labels[0]!);
        if (u) return u;
      }
      // pod.service.namespace[.svc...] (StatefulSet pods behind a headless Service)
      if (labels.length >= 3 && clusterTail(3)) {
        const u = get(labels[2], labels[1]!);
        if (u) return u;
      }
      // pod.service in the caller's namespace
      if (labels.length === 2 && /-\d+$/.test(labels[0]!)) return get(fromNamespace, labels[1]!);
      return undefined;
    },
    inCluster(host) {
      const labels = host.split('.');
      return labels.length === 1 || /\.svc(\.|$)/.test(host) || (labels.length === 2 && namespaces.has(labels[1]!));
    },
  };
}

function evidenceOf(e: EnvVar, value: string): CallEvidence {
  if (e.source.kind === 'configmap' || e.source.kind === 'secret') {
    return { kind: e.source.kind, name: e.source.key, value, loc: e.loc, via: { name: e.key, loc: e.keyLoc } };
  }
  return { kind: 'env', name: e.key, value, loc: e.loc };
}

function describeEvidence(ev: CallEvidence, how: string): string {
  if (ev.kind === 'configmap' || ev.kind === 'secret') return `${how} in ${ev.kind === 'configmap' ? 'ConfigMap' : 'Secret'} key ${ev.name} (variable ${ev.via!.name})`;
  if (ev.kind === 'arg') return `${how} in the container's command line`;
  return `${how} in ${ev.name}`;
}

/** The protocol of a call: the target's port says gRPC or not; else the scheme; else the target's one protocol. */
export function callProtocol(addr: Pick<Address, 'port' | 'scheme'>, target: Unit): Protocol | undefined {
  const r = target.role.role.role;
  if (r === 'datastore' || r === 'queue') return 'tcp';
  const portProto = addr.port !== undefined ? target.portProtocols.get(addr.port) : target.portProtocols.size === 1 ? [...target.portProtocols.values()][0] : undefined;
  if (portProto === 'grpc') return 'grpc';
  const scheme = protocolOfScheme(addr.scheme);
  if (scheme) return scheme;
  if (portProto) return portProto;
  return target.protocols.length === 1 ? target.protocols[0]!.protocol : undefined;
}

/** Pass 6: calls and start-up ordering from addresses. */
export function deriveCalls(ctx: K8sContext): void {
  const book = dnsBook(ctx);
  const unresolved = new Map<string, { n: number; loc: CallEvidence['loc']; from: string }>();
  // ConfigMaps injected whole (envFrom) into several workloads: which keys each one uses is not in the files.
  const sharedWhole = new Map<string, Set<string>>();
  for (const w of ctx.workloads) {
    for (const c of w.containers) {
      for (const e of c.env) {
        if ((e.source.kind === 'configmap' || e.source.kind === 'secret') && e.source.via === 'envFrom') {
          const k = `${w.namespace ?? ''}/${e.source.kind}/${e.source.name}`;
          (sharedWhole.get(k) ?? sharedWhole.set(k, new Set()).get(k)!).add(w.object.name);
        }
      }
    }
  }
  const sharedUse = new Map<string, { n: number; loc: CallEvidence['loc']; what: string; users: number; unit: string }>();
  const leftOutTargets = new Map<Unit, number>();
  for (const u of ctx.kept) {
    if (u.external) continue;
    for (const w of u.workloads) {
      const visit = (c: ContainerInfo, found: (addr: Address, ev: CallEvidence, how: string) => void) => {
        for (const e of c.env) {
          if (e.value === undefined) continue;
          const before = ctx.calls.length;
          for (const a of findAddresses(e.value, e.key)) found(a, evidenceOf(e, e.value), a.how);
          if (ctx.calls.length > before && (e.source.kind === 'configmap' || e.source.kind === 'secret') && e.source.via === 'envFrom') {
            const k = `${w.namespace ?? ''}/${e.source.kind}/${e.source.name}`;
            const users = sharedWhole.get(k);
            if (users && users.size > 1) {
              const seen = sharedUse.get(`${u.name}\u0000${k}`) ?? { n: 0, loc: e.keyLoc, what: `${e.source.kind === 'configmap' ? 'ConfigMap' : 'Secret'} ${e.source.name}`, users: users.size, unit: u.name };
              seen.n += ctx.calls.length - before;
              sharedUse.set(`${u.name}\u0000${k}`, seen);
            }
          }
        }
        const argv = c.argv.map((x) => x.value);
        for (const { index, address } of findArgAddresses(argv)) {
          found(address, { kind: 'arg', name: argv[index]!, value: argv[index]!, loc: c.argv[index]!.loc }, address.how);
        }
      };
      for (const c of w.containers) {
        if (SIDECARS.has(c.name)) continue;
        const tracing = tracingSetting(c.env, c.argv.map((x) => x.value));
        if (tracing) {
          const e = c.env.find((x) => x.key === tracing.key);
          const loc = e?.keyLoc ?? c.argv[0]?.loc ?? u.nameLoc;
          if (tracing.disabledBy) {
            ctx.notes.push({ message: `${u.name}: tracing configured (${tracing.key}) but switched off by ${tracing.disabledBy}`, loc });
          } else if (!ctx.tracing || ctx.tracing.by === 'collector') {
            ctx.tracing = { product: ctx.tracing?.product ?? tracing.product, loc, why: `${u.name} is instrumented (${tracing.key}, ${at(loc)})`, by: 'application' };
          }
        }
        visit(c, (addr, ev, how) => {
          const target = book.resolve(addr.host, u.namespace);
          if (!target) {
            if (book.inCluster(addr.host) && tracing?.key !== ev.name) {
              const k = `${u.name}\u0000${addr.host}`;
              const e = unresolved.get(k);
              if (e) e.n++;
              else unresolved.set(k, { n: 1, loc: ev.loc, from: u.name });
            }
            return;
          }
          if (target === u) return;
          if (target.leftOut) {
            leftOutTargets.set(target, (leftOutTargets.get(target) ?? 0) + 1);
            return;
          }
          const protocol = callProtocol(addr, target);
          const fact: CallFact = { from: u, to: target, evidence: ev, how: describeEvidence(ev, how) };
          if (protocol) fact.protocol = protocol;
          if (addr.port !== undefined) fact.port = addr.port;
          ctx.calls.push(fact);
        });
      }
      for (const c of w.initContainers) {
        visit(c, (addr, ev) => {
          const target = book.resolve(addr.host, u.namespace);
          if (!target || target === u || target.leftOut || u.dependsOn.some((d) => d.to === target)) return;
          u.dependsOn.push({ to: target, loc: ev.loc, why: `init container ${c.name} waits for it (${at(ev.loc)})` });
        });
      }
    }
  }
  for (const e of sharedUse.values()) {
    if (e.n < 2) continue;
    ctx.notes.push({
      message: `${e.unit}: takes all of ${e.what} (envFrom), which ${e.users} workloads share whole; its ${e.n} addresses are read as calls of ${e.unit}, as the files do not say which keys it uses: remove the calls its code does not make`,
      loc: e.loc,
    });
  }
  for (const [k, e] of unresolved) {
    const host = k.split('\u0000')[1]!;
    ctx.notes.push({ message: `${e.from}: address ${host} names no Service in these manifests${e.n > 1 ? ` (${plural(e.n, 'place')})` : ''}; add its manifests to read that call`, loc: e.loc });
  }
  for (const [t, n] of leftOutTargets) {
    ctx.notes.push({ message: `${plural(n, 'call')} to ${t.name} not kept (${t.name} is ${t.leftOut}, not a service of the system)`, loc: t.nameLoc });
  }
}
