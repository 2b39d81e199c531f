/**
 * The meshgate Architecture format: normalising a schema-valid document into the model every
 * other part of meshgate reads. Pure: plain values in, plain values out.
 *
 * Normalisation never reorders or drops list entries, so a JSON pointer into the model
 * (`/services/3/calls/1`) names the same node as in the file it came from.
 */
import type { Architecture, Call, GatewayRule, GatewaySpec, MeshMode, MeshSpec, MtlsMode, Platform, Protocol, Service, ServiceKind, Exposure, AuthKind } from './types.js';

/** A schema-valid but not yet normalised Architecture document, as written by people. */
export interface RawArchitecture {
  apiVersion: 'meshgate/v1';
  kind: 'Architecture';
  metadata?: { name: string; description?: string };
  platform?: Platform;
  services: RawService[];
  gateway?: { product: string; service?: string; replicas?: number; routes?: string[]; className?: string; namespace?: string; serviceAccount?: string; rules?: GatewayRule[] };
  mesh?: { product: string; mode?: MeshMode; mtls?: MtlsMode; members?: string[] };
  observability?: { metrics?: string; tracing?: string };
}

export interface RawService {
  name: string;
  namespace?: string;
  serviceAccount?: string;
  selector?: Record<string, string>;
  kind?: ServiceKind;
  exposure?: Exposure;
  port?: number;
  targetPort?: number;
  protocols?: Protocol[];
  replicas?: number;
  auth?: AuthKind;
  rateLimit?: boolean;
  image?: string;
  calls?: (string | Call)[];
  dependsOn?: string[];
}

/** Platform when the file does not say (the same default as Answers). */
export const DEFAULT_PLATFORM: Platform = 'kubernetes';

/**
 * The mTLS mode a mesh runs in when nobody configured it: Linkerd turns on mTLS for every
 * meshed pod; Istio (sidecar and ambient) and most others start PERMISSIVE.
 */
export function defaultMtls(product: string): MtlsMode {
  return /^linkerd/i.test(product) ? 'strict' : 'permissive';
}

/** How workloads join a mesh when the file does not say: only `istio-ambient` implies ambient. */
export function defaultMeshMode(product: string): MeshMode {
  return /ambient/i.test(product) ? 'ambient' : 'sidecar';
}

/** Datastores and queues speak their own wire protocols (tcp); everything else defaults to http. */
export function defaultProtocol(kind: ServiceKind): Protocol {
  return kind === 'datastore' || kind === 'queue' ? 'tcp' : 'http';
}

function normaliseCall(c: string | Call, sharedCalls: Map<string, Call>): Call {
  if (typeof c === 'string') {
    // Every plain call to one service is the same value: one frozen object per target instead
    // of one per call (400k objects, ~13 MB, in a 100k-service file with four calls each).
    let shared = sharedCalls.get(c);
    if (!shared) sharedCalls.set(c, (shared = Object.freeze({ to: c })));
    return shared;
  }
  const out: Call = { to: c.to };
  if (c.protocol !== undefined) out.protocol = c.protocol;
  if (c.via !== undefined) out.via = c.via;
  return out;
}

/** Values that many services hold alike, kept once per normalisation. */
interface Shared {
  calls: Map<string, Call>;
  protocols: Map<string, readonly Protocol[]>;
}

/**
 * Most services list the same one or two protocols: one frozen array per distinct list instead
 * of one per service (~5 MB on 100k services).
 */
function sharedProtocols(list: readonly Protocol[], shared: Shared): Protocol[] {
  const key = list.join(',');
  let known = shared.protocols.get(key);
  if (!known) shared.protocols.set(key, (known = Object.freeze([...list])));
  return known as Protocol[];
}

/**
 * With `reuse`, the raw service object and its arrays become the model's (calls given as
 * strings are replaced by objects in the same array); otherwise everything is copied.
 */
function normaliseService(s: RawService, reuse: boolean, shared: Shared): Service {
  const kind = s.kind ?? 'service';
  const protocols = sharedProtocols(s.protocols && s.protocols.length > 0 ? s.protocols : [defaultProtocol(kind)], shared);
  const rawCalls = s.calls ?? [];
  const calls: Call[] = reuse ? (rawCalls as Call[]) : new Array<Call>(rawCalls.length);
  for (let i = 0; i < rawCalls.length; i++) {
    const c = rawCalls[i]!;
    calls[i] = reuse && typeof c !== 'string' ? c : normaliseCall(c, shared.calls);
  }
  // A schema-valid raw service holds only fields the model has, so a spread copies exactly those.
  const out = (reuse ? s : { ...s }) as Service;
  out.kind = kind;
  out.exposure = s.exposure ?? 'internal';
  out.protocols = protocols;
  out.calls = calls;
  return out;
}

export interface NormaliseOptions {
  /**
   * Build the model out of the raw document's own objects instead of copying them. The caller
   * gives the document up: it must not read it again, and no object may occur in it twice (as
   * aliases can make happen). Copying would hold two trees at once, which on a 100k-service
   * file is about 35 MB more at the peak.
   */
  reuse?: boolean;
}

/**
 * Applies the format's defaults: calls become objects, kind `service`, exposure `internal`,
 * protocols `[http]` (`[tcp]` for datastores and queues), mesh members = every service of kind `service`, platform `kubernetes`.
 * `fallbackName` names the system when `metadata` is absent (usually the file's base name).
 */
export function normaliseArchitecture(raw: RawArchitecture, fallbackName: string, options: NormaliseOptions = {}): Architecture {
  const reuse = options.reuse === true;
  const services = reuse ? (raw.services as unknown as Service[]) : new Array<Service>(raw.services.length);
  const shared: Shared = { calls: new Map(), protocols: new Map() };
  for (let i = 0; i < raw.services.length; i++) services[i] = normaliseService(raw.services[i]!, reuse, shared);
  const out: Architecture = {
    apiVersion: 'meshgate/v1',
    kind: 'Architecture',
    metadata: { name: raw.metadata?.name ?? fallbackName },
    platform: raw.platform ?? DEFAULT_PLATFORM,
    services,
  };
  if (raw.gateway) {
    const g: GatewaySpec = { product: raw.gateway.product, routes: [...(raw.gateway.routes ?? [])] };
    if (raw.gateway.service !== undefined) g.service = raw.gateway.service;
    if (raw.gateway.replicas !== undefined) g.replicas = raw.gateway.replicas;
    if (raw.gateway.className !== undefined) g.className = raw.gateway.className;
    if (raw.gateway.namespace !== undefined) g.namespace = raw.gateway.namespace;
    if (raw.gateway.serviceAccount !== undefined) g.serviceAccount = raw.gateway.serviceAccount;
    if (raw.gateway.rules !== undefined) g.rules = raw.gateway.rules.map((r) => ({ ...r }));
    out.gateway = g;
  }
  if (raw.mesh) {
    const m: MeshSpec = {
      product: raw.mesh.product,
      mode: raw.mesh.mode ?? defaultMeshMode(raw.mesh.product),
      mtls: raw.mesh.mtls ?? defaultMtls(raw.mesh.product),
      members: raw.mesh.members ? [...raw.mesh.members] : services.filter((s) => s.kind === 'service').map((s) => s.name),
    };
    out.mesh = m;
  }
  if (raw.observability && (raw.observability.metrics !== undefined || raw.observability.tracing !== undefined)) {
    out.observability = { ...raw.observability };
  }
  return out;
}

/**
 * The model as a plain document in the file format, with defaults left out where they add
 * nothing, ready to serialise (used by `meshgate import`).
 */
export function toDocument(arch: Architecture): Record<string, unknown> {
  const doc: Record<string, unknown> = {
    apiVersion: arch.apiVersion,
    kind: arch.kind,
    metadata: { name: arch.metadata.name },
    platform: arch.platform,
    services: arch.services.map((s) => {
      const o: Record<string, unknown> = { name: s.name };
      if (s.namespace !== undefined) o['namespace'] = s.namespace;
      if (s.kind !== 'service') o['kind'] = s.kind;
      o['exposure'] = s.exposure;
      if (s.image !== undefined) o['image'] = s.image;
      if (s.port !== undefined) o['port'] = s.port;
      if (s.targetPort !== undefined) o['targetPort'] = s.targetPort;
      o['protocols'] = [...s.protocols];
      if (s.replicas !== undefined) o['replicas'] = s.replicas;
      if (s.auth !== undefined) o['auth'] = s.auth;
      if (s.rateLimit !== undefined) o['rateLimit'] = s.rateLimit;
      if (s.serviceAccount !== undefined) o['serviceAccount'] = s.serviceAccount;
      if (s.selector !== undefined) o['selector'] = { ...s.selector };
      if (s.calls.length > 0) {
        o['calls'] = s.calls.map((c) => (c.protocol === undefined && c.via === undefined ? c.to : { ...c }));
      }
      if (s.dependsOn !== undefined) o['dependsOn'] = [...s.dependsOn];
      return o;
    }),
  };
  if (arch.gateway) {
    const g: Record<string, unknown> = { product: arch.gateway.product };
    if (arch.gateway.service !== undefined) g['service'] = arch.gateway.service;
    if (arch.gateway.replicas !== undefined) g['replicas'] = arch.gateway.replicas;
    if (arch.gateway.className !== undefined) g['className'] = arch.gateway.className;
    if (arch.gateway.namespace !== undefined) g['namespace'] = arch.gateway.namespace;
    if (arch.gateway.serviceAccount !== undefined) g['serviceAccount'] = arch.gateway.serviceAccount;
    g['routes'] = [...arch.gateway.routes];
    if (arch.gateway.rules !== undefined) g['rules'] = arch.gateway.rules.map((r) => ({ ...r }));
    doc['gateway'] = g;
  }
  if (arch.mesh) {
    const m: Record<string, unknown> = { product: arch.mesh.product };
    if (arch.mesh.mode !== defaultMeshMode(arch.mesh.product)) m['mode'] = arch.mesh.mode;
    m['mtls'] = arch.mesh.mtls;
    m['members'] = [...arch.mesh.members];
    doc['mesh'] = m;
  }
  if (arch.observability) doc['observability'] = { ...arch.observability };
  return doc;
}
