/**
 * Pass 4: protocols and calls. Each service's protocols come from its ports (50051, a port a
 * variable declares gRPC: `GRPC_PORT=81`), a gRPC health probe, or an image named for gRPC;
 * otherwise HTTP (datastores and queues speak their own TCP protocols). A call is made only by
 * an address (src/importers/addresses.ts) in a service's environment, env_file or command line
 * that resolves to a name another container answers to: its service name, `container_name`,
 * `hostname` or a network alias. `depends_on` and `links` are start-up ordering, never calls.
 * Addresses of things not in the files become notes; calls to left-out tooling are dropped
 * with a note. A datastore only telemetry tooling uses is part of the telemetry stack.
 */
import type { Loc, Protocol } from '../../core/types.js';
import { findAddresses, findArgAddresses, protocolOfScheme, type Address } from '../addresses.js';
import { protocolForPort } from '../../core/classify.js';
import { at } from '../common.js';
import type { CallEvidence } from '../../core/import-inventory.js';
import { asMapNode, itemsOf, textOf } from './tree.js';
import { tracingSetting } from '../instrumentation.js';
import type { CCall, ComposeContext, CService } from './context.js';
import { roleLoc } from './roles.js';

/** Names containers answer to on the project's networks. */
export interface AddressBook {
  resolve(host: string): CService | undefined;
  /** Names more than one service answers to. */
  ambiguous: Set<string>;
}

export function addressBook(ctx: ComposeContext): AddressBook {
  const names = new Map<string, CService>();
  const ambiguous = new Set<string>();
  for (const s of ctx.services) {
    const target = s.foldedInto ?? s;
    for (const a of s.aliases) {
      const k = a.name.toLowerCase();
      const known = names.get(k);
      if (known && known !== target) {
        // A service name always beats another container's hostname or alias.
        if (a.how === 'service name') names.set(k, target);
        else if (!known.aliases.some((x) => x.how === 'service name' && x.name.toLowerCase() === k)) ambiguous.add(k);
        continue;
      }
      names.set(k, target);
    }
  }
  return {
    resolve: (host) => (ambiguous.has(host) ? undefined : names.get(host)),
    ambiguous,
  };
}

/** Pass 4a: the protocols each kept service serves, with evidence. */
export function deriveProtocols(ctx: ComposeContext): void {
  for (const s of ctx.kept) {
    const add = (protocol: Protocol, loc: Loc, why: string, port?: number) => {
      if (port !== undefined && !s.portProtocols.has(port)) s.portProtocols.set(port, protocol);
      if (!s.protocols.some((x) => x.protocol === protocol)) s.protocols.push({ protocol, loc, why });
    };
    const r = s.role.role.role;
    if (r === 'datastore' || r === 'queue') {
      add('tcp', roleLoc(s), (s.role.role as { product: string }).product);
      continue;
    }
    const ports = [...s.ports.filter((p) => p.target !== undefined).map((p) => ({ port: p.target!, loc: p.loc })), ...s.expose.filter((e) => e.port !== undefined).map((e) => ({ port: e.port!, loc: e.loc }))];
    for (const [port, g] of s.grpcPorts) add('grpc', g.loc, g.why, port);
    for (const p of ports) if (protocolForPort(p.port) === 'grpc') add('grpc', p.loc, `port ${p.port}`, p.port);
    if (s.grpcHealth) {
      const probePort = /-addr=[^:\s]*:(\d+)/.exec(s.argv.map((a) => a.value).join(' '))?.[1];
      add('grpc', s.grpcHealth, 'gRPC health probe', probePort ? Number(probePort) : ports.length === 1 ? ports[0]!.port : undefined);
    }
    if (s.image && /(^|[-_./])grpc([-_./:]|$)/i.test(s.image.value)) add('grpc', s.image.loc, `image ${s.image.value}`);
    // HTTP when something shows it: an HTTP health check, or a port beside the gRPC one (eShop's 80 beside GRPC_PORT=81).
    const test = asMapNode(s.def.get('healthcheck'))?.get('test');
    const httpCheck = /https?:\/\/(localhost|127\.0\.0\.1|\[::1\]|0\.0\.0\.0)?(:(\d+))?/.exec(itemsOf(test).map((t) => textOf(t) ?? '').join(' '));
    if (httpCheck) add('http', test!.loc, 'HTTP health check', httpCheck[3] ? Number(httpCheck[3]) : undefined);
    const others = ports.filter((p) => !s.portProtocols.has(p.port));
    if (s.protocols.some((p) => p.protocol === 'grpc') && (others.length > 0 || s.env.has('PORT') || s.env.has('ASPNETCORE_URLS'))) {
      const first = others[0];
      add('http', first?.loc ?? s.env.get('PORT')?.loc ?? s.env.get('ASPNETCORE_URLS')!.loc, first ? `port ${first.port} beside the gRPC one` : 'its HTTP port variable', first?.port);
    }
  }
}

/** A call's protocol: the target's port says gRPC or not; else the address's scheme; else the target's one protocol. */
export function callProtocol(addr: Pick<Address, 'port' | 'scheme'>, target: CService): Protocol | undefined {
  const r = target.role.role.role;
  if (r === 'datastore' || r === 'queue') return 'tcp';
  const portProto = addr.port !== undefined ? target.portProtocols.get(addr.port) : undefined;
  if (portProto === 'grpc') return 'grpc';
  const scheme = protocolOfScheme(addr.scheme);
  if (scheme) return scheme;
  if (portProto) return portProto;
  return target.protocols.length === 1 ? target.protocols[0]!.protocol : undefined;
}

function describe(ev: CallEvidence, how: string): string {
  if (ev.kind === 'arg') return `${how} in its command line`;
  if (ev.kind === 'env-file') return `${how} in ${ev.name} (env_file ${ev.loc.file})`;
  if (ev.kind === 'config') return `${how} in its mounted config ${ev.loc.file}`;
  return `${how} in ${ev.name}`;
}

/** Every address one service's configuration holds, with its evidence. */
function addressesOf(s: CService): { addr: Address; ev: CallEvidence }[] {
  const out: { addr: Address; ev: CallEvidence }[] = [];
  for (const e of s.env.values()) {
    if (e.value === undefined || e.value === '') continue;
    for (const addr of findAddresses(e.value, e.key)) out.push({ addr, ev: { kind: e.from === 'env_file' ? 'env-file' : 'env', name: e.key, value: e.value, loc: e.loc } });
  }
  const argv = s.argv.map((a) => a.value);
  for (const { index, address } of findArgAddresses(argv)) out.push({ addr: address, ev: { kind: 'arg', name: argv[index]!, value: argv[index]!, loc: s.argv[index]!.loc } });
  return out;
}

/** Pass 4b: calls from addresses, ordering from depends_on/links. */
export function deriveCalls(ctx: ComposeContext): void {
  const book = addressBook(ctx);
  const byName = new Map(ctx.services.map((s) => [s.name, s.foldedInto ?? s] as const));
  const unresolved = new Map<string, { from: string; loc: Loc; n: number }>();
  const dropped = new Map<CService, number>();
  // Who refers to each service at all (addresses or ordering), including left-out tooling.
  const referrers = new Map<CService, Set<CService>>();
  const refer = (from: CService, to: CService) => {
    if (from === to) return;
    (referrers.get(to) ?? referrers.set(to, new Set()).get(to)!).add(from);
  };
  for (const s of ctx.services) {
    const self = s.foldedInto ?? s;
    for (const { addr } of addressesOf(s)) {
      const t = book.resolve(addr.host);
      if (t) refer(self, t);
    }
    for (const d of s.dependsOn) {
      const t = byName.get(d.name);
      if (t) refer(self, t);
    }
  }
  // A datastore that only telemetry tooling refers to is the telemetry stack's storage.
  for (const s of ctx.kept) {
    const r = s.role.role.role;
    if (r !== 'datastore') continue;
    const from = [...(referrers.get(s) ?? [])];
    if (from.length > 0 && from.every((f) => f.leftOut && /telemetry|tracing|metrics/.test(f.leftOut))) {
      s.leftOut = `telemetry storage (${(s.role.role as { product: string }).product}, used only by ${from.map((f) => f.name).join(', ')})`;
      ctx.notes.push({ message: `${s.name}: not a service of the system (${s.leftOut}); left out of services`, loc: s.nameLoc });
    }
  }
  ctx.kept = ctx.kept.filter((s) => !s.leftOut);

  for (const s of ctx.kept) {
    for (const member of [s, ...s.folded.map((f) => f.service)]) {
      const tracing = tracingSetting([...member.env.values()].map((e) => ({ key: e.key, ...(e.value !== undefined ? { value: e.value } : {}) })), member.argv.map((a) => a.value));
      if (tracing) {
        const loc = member.env.get(tracing.key)?.keyLoc ?? member.argv[0]?.loc ?? member.nameLoc;
        if (tracing.disabledBy) ctx.notes.push({ message: `${member.name}: tracing configured (${tracing.key}) but switched off by ${tracing.disabledBy}`, loc });
        else if (!ctx.tracing || ctx.tracing.by === 'collector') ctx.tracing = { product: ctx.tracing?.product ?? tracing.product, loc, why: `${member.name} is instrumented (${tracing.key}, ${at(loc)})`, by: 'application' };
      }
      for (const { addr, ev } of addressesOf(member)) {
        const t = book.resolve(addr.host);
        if (!t) {
          const bare = !addr.host.includes('.');
          if ((bare || book.ambiguous.has(addr.host)) && tracing?.key !== ev.name) {
            const k = `${s.name}\u0000${addr.host}`;
            const e = unresolved.get(k);
            if (e) e.n++;
            else unresolved.set(k, { from: s.name, loc: ev.loc, n: 1 });
          }
          continue;
        }
        if (t === s) continue;
        if (t.leftOut || !ctx.kept.includes(t)) {
          dropped.set(t, (dropped.get(t) ?? 0) + 1);
          continue;
        }
        const call: CCall = { from: s, to: t, evidence: ev, how: describe(ev, addr.how) };
        const p = callProtocol(addr, t);
        if (p) call.protocol = p;
        if (addr.port !== undefined) call.port = addr.port;
        ctx.calls.push(call);
      }
    }
    for (const d of s.dependsOn) {
      const t = byName.get(d.name);
      if (!t || t === s || s.ordering.some((o) => o.to === t)) continue;
      if (!ctx.kept.includes(t)) continue;
      s.ordering.push({ to: t, loc: d.loc, how: d.how });
    }
  }
  for (const [k, e] of unresolved) {
    const host = k.split('\u0000')[1]!;
    ctx.notes.push({
      message: book.ambiguous.has(host)
        ? `${e.from}: address ${host} is a name several containers answer to (hostname or alias); which one is meant is not known, so no call is read`
        : `${e.from}: address ${host} names no service, container_name, hostname or alias in these files; add the service (or its compose file) to read that call`,
      loc: e.loc,
    });
  }
  for (const [t, n] of dropped) {
    ctx.notes.push({ message: `${n} call${n === 1 ? '' : 's'} to ${t.name} not kept (${t.leftOut ?? 'not a service of the system'})`, loc: t.nameLoc });
  }
}
