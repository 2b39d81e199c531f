/**
 * docker-compose → architecture. Several files merge in order like `docker compose -f a -f b`:
 * later files override scalars (image), extend lists (ports, depends_on, links) and override
 * environment variables key by key. Pure: takes parsed documents with their locators.
 *
 * What becomes what:
 * - a published port (`ports:` entry with a host side) → exposure public; `expose:`, a
 *   container-only port or no port → internal;
 * - depends_on, links and service addresses in environment values → calls;
 * - datastore / queue images → kind datastore / queue (protocol tcp);
 * - an edge proxy (nginx, envoy, traefik, kong, openresty, haproxy, apisix, Spring Cloud
 *   Gateway, ...) → the gateway spec; it stays a service with its own exposure;
 * - tracing collectors and Prometheus → `observability`, and they are dropped from services
 *   together with other telemetry tooling (Grafana, exporters, log shippers) and load
 *   generators: none of them is application traffic a gateway or mesh would carry.
 */
import type { Architecture, Call, Loc, Protocol, Service } from '../core/types.js';
import { UserError } from '../errors.js';
import { childPointer, type YamlDocument } from '../yaml/parse.js';
import { classify, isPlatformInfra, protocolForPort, type Classified } from './classify.js';
import { findEnvTargets, interpolate } from './env-targets.js';
import { SourceMap, asList, asMap, asString, at, type ImportNote, type ImportResult, type SourceFile } from './common.js';

interface Located<T> {
  value: T;
  loc: Loc;
}

interface PortEntry {
  published: boolean;
  target?: number;
  loc: Loc;
  text: string;
}

interface MergedService {
  name: string;
  nameLoc: Loc;
  image?: Located<string>;
  ports: PortEntry[];
  expose: Located<number | undefined>[];
  env: Map<string, Located<string> & { keyLoc: Loc; hasEquals: boolean }>;
  dependsOn: Located<string>[];
  links: Located<string>[];
  replicas?: Located<number>;
  /** Where a gRPC health probe shows the service speaks gRPC. */
  grpcHealth?: Loc;
  /** Container labels (Traefik reads its routing from them). */
  labels: Map<string, Located<string>>;
}

function portNumber(raw: string): number | undefined {
  const n = Number(raw.split('-')[0]!.split('/')[0]);
  return Number.isInteger(n) && n > 0 && n < 65536 ? n : undefined;
}

/** Reads one `ports:` entry in short ("8080", "80:80", "127.0.0.1:80:80/tcp") or long syntax. */
function readPort(entry: unknown, loc: Loc, vars: ReadonlyMap<string, string>): PortEntry | undefined {
  const m = asMap(entry);
  if (m) {
    const target = asString(m['target']);
    const published = m['published'] !== undefined && m['published'] !== null && asString(m['published']) !== '';
    const pub = asString(m['published']);
    return { published, target: target ? portNumber(interpolate(target, vars).text) : undefined, loc, text: `${pub ?? ''}${pub ? ':' : ''}${target ?? '?'}` };
  }
  const raw = asString(entry);
  if (raw === undefined) return undefined;
  const text = interpolate(raw, vars).text.replace(/\[[^\]]*\]/g, 'ip');
  // The shape with variables blanked out, so a default's ':' (`${PORT:-80}`) is not taken for the host separator.
  const shape = raw.replace(/\$\{[^}]*\}/g, 'x').replace(/\[[^\]]*\]/g, 'ip');
  const parts = text.split(':');
  return { published: shape.split(':').length > 1, target: portNumber(parts[parts.length - 1]!), loc, text: raw };
}

function mergeFile(file: SourceFile, services: Map<string, MergedService>, notes: ImportNote[], vars: ReadonlyMap<string, string>): void {
  const doc: YamlDocument = file.docs.find((d) => d.value !== null)!;
  const root = asMap(doc.value)!;
  const svcMap = asMap(root['services']) ?? {};
  if (root['include'] !== undefined) notes.push({ message: `\`include:\` is not followed; name the included files as inputs to read them`, loc: doc.locateKey('/include') });
  for (const [name, rawDef] of Object.entries(svcMap)) {
    const base = childPointer('/services', name);
    const def = asMap(rawDef) ?? {};
    if (name.trim() === '') {
      throw new UserError(`${file.file}: a service has an empty name`, { loc: doc.locateKey(base), hint: 'give every service under `services:` a name' });
    }
    let s = services.get(name);
    if (!s) {
      s = { name, nameLoc: doc.locateKey(base), ports: [], expose: [], env: new Map(), dependsOn: [], links: [], labels: new Map() };
      services.set(name, s);
    }
    if (def['extends'] !== undefined) notes.push({ message: `${name}: \`extends:\` is not followed`, loc: doc.locateKey(`${base}/extends`) });
    const image = asString(def['image']);
    if (image !== undefined && image.trim() !== '') s.image = { value: image, loc: doc.locate(`${base}/image`) };
    asList(def['ports']).forEach((p, i) => {
      const port = readPort(p, doc.locate(`${base}/ports/${i}`), vars);
      if (port && !s!.ports.some((q) => q.text === port.text)) s!.ports.push(port);
    });
    asList(def['expose']).forEach((p, i) => {
      const raw = asString(p);
      if (raw !== undefined) s!.expose.push({ value: portNumber(interpolate(raw, vars).text), loc: doc.locate(`${base}/expose/${i}`) });
    });
    const env = def['environment'];
    if (Array.isArray(env)) {
      env.forEach((e, i) => {
        const raw = asString(e);
        if (raw === undefined) return;
        const eq = raw.indexOf('=');
        const key = eq >= 0 ? raw.slice(0, eq) : raw;
        const loc = doc.locate(`${base}/environment/${i}`);
        s!.env.set(key, { value: eq >= 0 ? raw.slice(eq + 1) : '', loc, keyLoc: loc, hasEquals: eq >= 0 });
      });
    } else if (asMap(env)) {
      for (const [key, v] of Object.entries(asMap(env)!)) {
        const p = childPointer(`${base}/environment`, key);
        s.env.set(key, { value: asString(v) ?? '', loc: v === null ? doc.locateKey(p) : doc.locate(p), keyLoc: doc.locateKey(p), hasEquals: v !== null && v !== undefined });
      }
    }
    const labels = def['labels'];
    if (Array.isArray(labels)) {
      labels.forEach((l, i) => {
        const raw = asString(l);
        if (raw === undefined) return;
        const eq = raw.indexOf('=');
        s!.labels.set(eq >= 0 ? raw.slice(0, eq) : raw, { value: eq >= 0 ? raw.slice(eq + 1) : '', loc: doc.locate(`${base}/labels/${i}`) });
      });
    } else if (asMap(labels)) {
      for (const [k, v] of Object.entries(asMap(labels)!)) s.labels.set(k, { value: asString(v) ?? '', loc: doc.locateKey(childPointer(`${base}/labels`, k)) });
    }
    const deps = def['depends_on'];
    if (Array.isArray(deps)) {
      deps.forEach((d, i) => {
        const dn = asString(d);
        if (dn !== undefined && !s!.dependsOn.some((x) => x.value === dn)) s!.dependsOn.push({ value: dn, loc: doc.locate(`${base}/depends_on/${i}`) });
      });
    } else if (asMap(deps)) {
      for (const dn of Object.keys(asMap(deps)!)) {
        if (!s.dependsOn.some((x) => x.value === dn)) s.dependsOn.push({ value: dn, loc: doc.locateKey(childPointer(`${base}/depends_on`, dn)) });
      }
    }
    asList(def['links']).forEach((l, i) => {
      const ln = asString(l)?.split(':')[0];
      if (ln !== undefined && !s!.links.some((x) => x.value === ln)) s!.links.push({ value: ln, loc: doc.locate(`${base}/links/${i}`) });
    });
    const test = asMap(def['healthcheck'])?.['test'];
    const testText = Array.isArray(test) ? test.map((t) => asString(t) ?? '').join(' ') : asString(test) ?? '';
    if (/grpc[-_]health[-_]probe/i.test(testText)) s.grpcHealth = doc.locate(`${base}/healthcheck/test`);
    const deploy = asMap(def['deploy']);
    const count = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined);
    if (deploy && count(deploy['replicas']) !== undefined) s.replicas = { value: count(deploy['replicas'])!, loc: doc.locate(`${base}/deploy/replicas`) };
    else if (count(def['scale']) !== undefined) s.replicas = { value: count(def['scale'])!, loc: doc.locate(`${base}/scale`) };
  }
}

function describe(c: Classified, image: string | undefined): string {
  const r = c.role;
  const words: Record<string, string> = {
    service: 'application service', datastore: 'datastore', queue: 'queue', gateway: 'edge gateway',
    tracing: 'tracing collector', metrics: 'metrics system', telemetry: 'telemetry tooling', loadgen: 'load generator',
  };
  const what = r.role === 'service' ? words['service']! : `${words[r.role]} (${r.product})`;
  const why = c.by === 'image' ? `image ${image}` : c.by === 'name' ? `name (“${c.token}”)` : c.by === 'env' ? `variable ${c.token}` : '';
  return why ? `${what}, from its ${why}` : what;
}

/** A config file mounted into a service (`volumes: ["./envoy:/etc/envoy"]`), read by the shell. */
export interface MountedConfig {
  service: string;
  file: string;
  text: string;
}

/** Lines of proxy configs that name an upstream: Envoy `address:`, nginx `proxy_pass`/`server`, Traefik/Kong `url:`/`host:`. */
const UPSTREAM_LINE = /\b(address|proxy_pass|grpc_pass|server|url|host|hostname|upstream|backend|service|uri)\b/i;
const HOST_TOKEN = /(?:^|[\s"'=:/(,])([a-z0-9][a-z0-9_.-]*?)(?=(?::\d+)?(?:[\s"';/,)]|$))/gi;

/** Upstreams a gateway's mounted config routes to: known service names on upstream lines, with positions. */
export function upstreamsInConfig(cfg: MountedConfig, services: Set<string>): { to: string; loc: Loc }[] {
  const out: { to: string; loc: Loc }[] = [];
  cfg.text.split('\n').forEach((line, i) => {
    if (!UPSTREAM_LINE.test(line) || /^\s*#/.test(line)) return;
    for (const m of line.matchAll(HOST_TOKEN)) {
      const host = m[1]!.toLowerCase();
      if (!services.has(host) || host === cfg.service || out.some((o) => o.to === host)) continue;
      out.push({ to: host, loc: { file: cfg.file, line: i + 1, column: m.index! + m[0].indexOf(m[1]!) + 1 } });
    }
  });
  return out;
}

/** The label that puts a container behind Traefik: a router rule, or `traefik.enable=true`. */
function traefikRouterLabel(s: MergedService): Located<string> | undefined {
  if (s.labels.get('traefik.enable')?.value === 'false') return undefined;
  for (const [key, l] of s.labels) if (/^traefik\.(http|tcp)\.routers\.[^.]+\.rule$/i.test(key)) return l;
  const enable = s.labels.get('traefik.enable');
  return enable?.value === 'true' ? enable : undefined;
}

/** Imports docker-compose files (merged in the given order) as one system named `name`. */
export function importCompose(files: SourceFile[], name: string, mounted: MountedConfig[] = [], vars: ReadonlyMap<string, string> = new Map()): ImportResult {
  const notes: ImportNote[] = [];
  const merged = new Map<string, MergedService>();
  for (const f of files) mergeFile(f, merged, notes, vars);
  const firstDoc = files[0]!.docs.find((d) => d.value !== null)!;
  const map = new SourceMap(firstDoc.locate(''));
  map.set('/services', firstDoc.locateKey('/services'));

  // Classify every service first: calls are kept only towards services that stay in the model.
  const roles = new Map<string, Classified>();
  for (const s of merged.values()) roles.set(s.name, classify(s.name, s.image ? interpolate(s.image.value, vars).text || s.image.value : undefined, [...s.env.keys()], { published: s.ports.some((p) => p.published) }));

  const dropped = new Map<string, MergedService>();
  const kept: MergedService[] = [];
  const observability: { metrics?: { product: string; s: MergedService }; tracing?: { product: string; s: MergedService } } = {};
  for (const s of merged.values()) {
    const c = roles.get(s.name)!;
    const r = c.role;
    if (r.role === 'tracing' || r.role === 'metrics' || r.role === 'telemetry' || r.role === 'loadgen') {
      dropped.set(s.name, s);
      if (r.role === 'tracing' && (!observability.tracing || observability.tracing.product !== 'otel')) observability.tracing = { product: r.product, s };
      if (r.role === 'metrics' && !observability.metrics) observability.metrics = { product: r.product, s };
      notes.push({
        message: `${s.name}: not an application service (${describe(c, s.image?.value)}); left out of services`,
        loc: s.nameLoc,
      });
    } else {
      kept.push(s);
    }
  }
  const keptNames = new Set(kept.map((s) => s.name));
  const keptIndex = new Map(kept.map((s, i) => [s.name, i]));
  const allNames = new Set(merged.keys());

  const services: Service[] = [];
  const gateways: { index: number; product: string; s: MergedService; c: Classified }[] = [];
  kept.forEach((s, i) => {
    const ptr = `/services/${i}`;
    const c = roles.get(s.name)!;
    const r = c.role;
    map.set(ptr, s.nameLoc);
    map.set(`${ptr}/name`, s.nameLoc);
    const kind = r.role === 'datastore' || r.role === 'queue' ? r.role : 'service';
    const svc: Service = { name: s.name, kind, exposure: 'internal', protocols: [], calls: [] };
    map.set(`${ptr}/kind`, c.by === 'image' && s.image ? s.image.loc : s.nameLoc);
    if (r.role !== 'service') notes.push({ message: `${s.name}: ${describe(c, s.image?.value)}`, loc: c.by === 'image' && s.image ? s.image.loc : s.nameLoc, pointer: ptr });
    if (s.image) {
      const resolved = interpolate(s.image.value, vars);
      svc.image = resolved.unresolved.length === 0 && resolved.text !== '' ? resolved.text : s.image.value;
      map.set(`${ptr}/image`, s.image.loc);
    }
    // Exposure and port.
    const publishedPorts = s.ports.filter((p) => p.published);
    if (publishedPorts.length > 0) {
      svc.exposure = 'public';
      map.set(`${ptr}/exposure`, publishedPorts[0]!.loc);
      notes.push({ message: `${s.name}: public: publishes ${publishedPorts.map((p) => p.text).join(', ')} (${at(publishedPorts[0]!.loc)})`, loc: publishedPorts[0]!.loc, pointer: ptr });
    } else {
      map.set(`${ptr}/exposure`, s.ports[0]?.loc ?? s.expose[0]?.loc ?? s.nameLoc);
    }
    const portSource = publishedPorts.find((p) => p.target !== undefined) ?? s.ports.find((p) => p.target !== undefined);
    const exposeSource = s.expose.find((e) => e.value !== undefined);
    if (portSource) {
      svc.port = portSource.target!;
      map.set(`${ptr}/port`, portSource.loc);
    } else if (exposeSource) {
      svc.port = exposeSource.value!;
      map.set(`${ptr}/port`, exposeSource.loc);
    }
    if (s.replicas) {
      svc.replicas = s.replicas.value;
      map.set(`${ptr}/replicas`, s.replicas.loc);
    }
    // Protocols.
    const protocols: { p: Protocol; loc: Loc }[] = [];
    if (kind !== 'service') protocols.push({ p: 'tcp', loc: map.locator()(`${ptr}/kind`) });
    else {
      const grpcPort = [...s.ports, ...s.expose.map((e) => ({ target: e.value, loc: e.loc }))].find((p) => protocolForPort(p.target) === 'grpc');
      const grpcEnv = [...s.env.entries()].find(([k]) => /(^|_)GRPC(_|$)/i.test(k) && !/OTEL|OTLP|COLLECTOR|JAEGER|ZIPKIN/i.test(k));
      const httpEvidence = s.ports[0]?.loc ?? s.expose[0]?.loc ?? s.nameLoc;
      const grpcImage = s.image && /(^|[-_./])grpc([-_./:]|$)/i.test(s.image.value) ? s.image.loc : undefined;
      if (grpcPort || grpcEnv || s.grpcHealth || grpcImage) {
        const loc = grpcPort ? grpcPort.loc : grpcEnv ? grpcEnv[1].keyLoc : s.grpcHealth ?? grpcImage!;
        // A separate gRPC port next to the main one means both are served (eShop's GRPC_PORT=81 beside 80).
        if (grpcEnv && !grpcPort && (s.ports.length > 1 || s.env.has('PORT') || s.env.has('ASPNETCORE_URLS'))) protocols.push({ p: 'http', loc: httpEvidence });
        protocols.push({ p: 'grpc', loc });
        notes.push({ message: `${s.name}: speaks gRPC (${grpcPort ? `port ${grpcPort.target}` : grpcEnv ? `variable ${grpcEnv[0]}` : s.grpcHealth ? 'gRPC health probe' : 'image name'}, ${at(loc)})`, loc, pointer: ptr });
      } else {
        protocols.push({ p: 'http', loc: httpEvidence });
      }
    }
    svc.protocols = protocols.map((x) => x.p);
    protocols.forEach((x, j) => map.set(`${ptr}/protocols/${j}`, x.loc));
    services.push(svc);
    if (r.role === 'gateway') gateways.push({ index: i, product: r.product, s, c });
  });

  // Calls: environment addresses first (they carry protocol hints and precise positions), then depends_on and links.
  const droppedCalls = new Map<string, number>();
  kept.forEach((s, i) => {
    const svc = services[i]!;
    const ptr = `/services/${i}`;
    const add = (to: string, loc: Loc, how: string, protocol?: Protocol) => {
      if (to === s.name) return;
      if (!keptNames.has(to)) {
        if (allNames.has(to)) droppedCalls.set(to, (droppedCalls.get(to) ?? 0) + 1);
        return;
      }
      if (svc.calls.some((c) => c.to === to)) return;
      const target = services[keptIndex.get(to)!]!;
      const p = protocol ?? (target.kind === 'service' ? (target.protocols.includes('grpc') && !target.protocols.includes('http') ? 'grpc' : undefined) : 'tcp');
      const call: Call = p ? { to, protocol: p } : { to };
      const j = svc.calls.push(call) - 1;
      map.set(`${ptr}/calls/${j}`, loc);
      map.set(`${ptr}/calls/${j}/to`, loc);
      if (p) map.set(`${ptr}/calls/${j}/protocol`, loc);
      notes.push({ message: `${s.name} → ${to}: ${how} (${at(loc)})`, loc, pointer: `${ptr}/calls/${j}` });
    };
    for (const [key, e] of s.env) {
      // `- CART_ADDR` without a value takes it from the environment compose runs in, which .env feeds.
      const value = e.value === '' && !e.hasEquals ? vars.get(key) ?? '' : interpolate(e.value, vars).text;
      for (const t of findEnvTargets(key, value, allNames, s.name)) add(t.to, e.loc, `${t.how} in ${key}`, t.protocol);
    }
    for (const d of s.dependsOn) add(d.value, d.loc, 'depends_on');
    for (const l of s.links) add(l.value, l.loc, 'links');
    if (roles.get(s.name)!.role.role === 'gateway') {
      for (const cfg of mounted.filter((m) => m.service === s.name)) {
        for (const u of upstreamsInConfig(cfg, allNames)) add(u.to, u.loc, "upstream in its mounted config");
      }
      // Traefik routes to the containers that carry its router labels.
      const role = roles.get(s.name)!.role;
      if (role.role === 'gateway' && role.product === 'traefik') {
        for (const other of kept) {
          const router = traefikRouterLabel(other);
          if (router && other !== s) add(other.name, router.loc, 'Traefik router label');
        }
      }
    }
  });
  // Traefik middlewares attached to a service's routers: rate limits and forward auth.
  if (kept.some((k) => roles.get(k.name)!.role.role === 'gateway' && (roles.get(k.name)!.role as { product: string }).product === 'traefik')) {
    const middlewares = new Map<string, { kind: 'ratelimit' | 'forwardauth'; loc: Loc }>();
    for (const k of merged.values()) {
      for (const [key, l] of k.labels) {
        const m = /^traefik\.http\.middlewares\.([^.]+)\.(ratelimit|forwardauth)\./i.exec(key);
        if (m && !middlewares.has(m[1]!)) middlewares.set(m[1]!, { kind: m[2]!.toLowerCase() as 'ratelimit' | 'forwardauth', loc: l.loc });
      }
    }
    kept.forEach((k, i) => {
      for (const [key, l] of k.labels) {
        if (!/^traefik\.http\.routers\.[^.]+\.middlewares$/i.test(key)) continue;
        for (const ref of l.value.split(',').map((x) => x.trim().split('@')[0]!)) {
          const mw = middlewares.get(ref);
          const svc = services[i]!;
          if (mw?.kind === 'ratelimit' && svc.rateLimit === undefined) {
            svc.rateLimit = true;
            map.set(`/services/${i}/rateLimit`, l.loc);
            notes.push({ message: `${svc.name}: rate limited by Traefik middleware ${ref} (${at(l.loc)})`, loc: l.loc, pointer: `/services/${i}` });
          }
          if (mw?.kind === 'forwardauth' && svc.auth === undefined) {
            svc.auth = 'oauth2';
            map.set(`/services/${i}/auth`, l.loc);
            notes.push({ message: `${svc.name}: auth oauth2 through Traefik forward-auth middleware ${ref} (${at(l.loc)})`, loc: l.loc, pointer: `/services/${i}` });
          }
        }
      }
    });
  }
  for (const [to, n] of droppedCalls) {
    notes.push({ message: `${n} call${n === 1 ? '' : 's'} to ${to} not kept (${to} is not an application service)`, loc: dropped.get(to)?.nameLoc });
  }

  const architecture: Architecture = {
    apiVersion: 'meshgate/v1',
    kind: 'Architecture',
    metadata: { name },
    platform: 'containers',
    services,
  };
  map.set('/platform', firstDoc.locateKey('/services'));

  if (gateways.length > 0) {
    // The edge gateway: a published one first, then the one routing to most services.
    // Callers per service, counted once: the ranking below compares many gateway candidates.
    const callers = new Map<string, number>();
    for (const x of services) for (const to of new Set(x.calls.map((c) => c.to))) callers.set(to, (callers.get(to) ?? 0) + 1);
    const inbound = (n: string) => callers.get(n) ?? 0;
    const ranked = [...gateways].sort((a, b) =>
      Number(services[b.index]!.exposure === 'public') - Number(services[a.index]!.exposure === 'public') ||
      services[b.index]!.calls.length - services[a.index]!.calls.length ||
      inbound(services[b.index]!.name) - inbound(services[a.index]!.name) || a.index - b.index);
    const g = ranked[0]!;
    const gsvc = services[g.index]!;
    const kindOf = new Map(services.map((x) => [x.name, x.kind] as const));
    const routes = gsvc.calls.map((c, j) => ({ to: c.to, j })).filter((c) => kindOf.get(c.to) === 'service' && !isPlatformInfra(c.to));
    architecture.gateway = { product: g.product, service: gsvc.name, routes: routes.map((r) => r.to) };
    if (gsvc.replicas !== undefined) architecture.gateway.replicas = gsvc.replicas;
    const gLoc = g.c.by === 'image' && g.s.image ? g.s.image.loc : g.c.by === 'env' ? g.s.env.get(g.c.token!)?.keyLoc ?? g.s.nameLoc : g.s.nameLoc;
    map.set('/gateway', g.s.nameLoc);
    map.set('/gateway/product', gLoc);
    map.set('/gateway/service', g.s.nameLoc);
    if (g.s.replicas) map.set('/gateway/replicas', g.s.replicas.loc);
    routes.forEach((r, k) => map.set(`/gateway/routes/${k}`, map.locator()(`/services/${g.index}/calls/${r.j}`)));
    notes.push({
      message: `gateway: ${gsvc.name} runs ${g.product === 'unknown' ? 'an edge proxy of unknown product' : g.product} at the edge (${describe(g.c, g.s.image?.value)}); routes = the services it calls` +
        (routes.length === 0 ? ' (none found: name its routes in `gateway.routes`; only mounted config files are searched for upstreams)' : ''),
      loc: gLoc,
      pointer: '/gateway',
    });
    for (const other of ranked.slice(1)) {
      notes.push({ message: `${services[other.index]!.name}: also looks like a gateway (${describe(other.c, other.s.image?.value)}); kept as a service`, loc: other.s.nameLoc, pointer: `/services/${other.index}` });
    }
  }
  if (observability.metrics || observability.tracing) {
    architecture.observability = {};
    map.set('/observability', (observability.tracing ?? observability.metrics)!.s.nameLoc);
    for (const kind of ['tracing', 'metrics'] as const) {
      const o = observability[kind];
      if (!o) continue;
      architecture.observability[kind] = o.product;
      const loc = o.s.image && roles.get(o.s.name)!.by === 'image' ? o.s.image.loc : o.s.nameLoc;
      map.set(`/observability/${kind}`, loc);
      notes.push({ message: `observability: ${kind} with ${o.product} (${o.s.name}, ${at(loc)})`, loc, pointer: '/observability' });
    }
  }
  return { architecture, locate: map.locator(), notes };
}

/**
 * Parses a compose `.env` file: `KEY=VALUE` lines, `#` comments, optional `export `, single
 * quotes literal, double quotes with \\n escapes, and ` #` comments after unquoted values.
 */
export function parseDotEnv(text: string): Map<string, string> {
  const vars = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    let value = m[2]!;
    if (value.startsWith("'")) value = value.slice(1, value.indexOf("'", 1) >= 0 ? value.indexOf("'", 1) : undefined);
    else if (value.startsWith('"')) {
      const end = value.indexOf('"', 1);
      value = value.slice(1, end >= 0 ? end : undefined).replace(/\\n/g, '\n').replace(/\\"/g, '"');
    } else value = value.replace(/\s+#.*$/, '').trim();
    vars.set(m[1]!, value);
  }
  return vars;
}
