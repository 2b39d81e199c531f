/**
 * The meshgate Architecture format: normalising a schema-valid document into the model every
 * other part of meshgate reads. Pure: plain values in, plain values out.
 *
 * Normalisation never reorders or drops list entries, so a JSON pointer into the model
 * (`/services/3/calls/1`) names the same node as in the file it came from.
 */
import type { Architecture, Call, GatewaySpec, MeshSpec, MtlsMode, Platform, Protocol, Service, ServiceKind, Exposure, AuthKind } from './types.js';

/** A schema-valid but not yet normalised Architecture document, as written by people. */
export interface RawArchitecture {
  apiVersion: 'meshgate/v1';
  kind: 'Architecture';
  metadata?: { name: string; description?: string };
  platform?: Platform;
  services: RawService[];
  gateway?: { product: string; service?: string; replicas?: number; routes?: string[] };
  mesh?: { product: string; mtls?: MtlsMode; members?: string[] };
  observability?: { metrics?: string; tracing?: string };
}

export interface RawService {
  name: string;
  kind?: ServiceKind;
  exposure?: Exposure;
  port?: number;
  protocols?: Protocol[];
  replicas?: number;
  auth?: AuthKind;
  rateLimit?: boolean;
  image?: string;
  calls?: (string | Call)[];
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

/** Datastores and queues speak their own wire protocols (tcp); everything else defaults to http. */
export function defaultProtocol(kind: ServiceKind): Protocol {
  return kind === 'datastore' || kind === 'queue' ? 'tcp' : 'http';
}

function normaliseCall(c: string | Call): Call {
  if (typeof c === 'string') return { to: c };
  const out: Call = { to: c.to };
  if (c.protocol !== undefined) out.protocol = c.protocol;
  if (c.via !== undefined) out.via = c.via;
  return out;
}

function normaliseService(s: RawService): Service {
  const kind = s.kind ?? 'service';
  const out: Service = {
    name: s.name,
    kind,
    exposure: s.exposure ?? 'internal',
    protocols: s.protocols && s.protocols.length > 0 ? [...s.protocols] : [defaultProtocol(kind)],
    calls: (s.calls ?? []).map(normaliseCall),
  };
  if (s.port !== undefined) out.port = s.port;
  if (s.replicas !== undefined) out.replicas = s.replicas;
  if (s.auth !== undefined) out.auth = s.auth;
  if (s.rateLimit !== undefined) out.rateLimit = s.rateLimit;
  if (s.image !== undefined) out.image = s.image;
  return out;
}

/**
 * Applies the format's defaults: calls become objects, kind `service`, exposure `internal`,
 * protocols `[http]` (`[tcp]` for datastores and queues), mesh members = every service of kind `service`, platform `kubernetes`.
 * `fallbackName` names the system when `metadata` is absent (usually the file's base name).
 */
export function normaliseArchitecture(raw: RawArchitecture, fallbackName: string): Architecture {
  const services = raw.services.map(normaliseService);
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
    out.gateway = g;
  }
  if (raw.mesh) {
    const m: MeshSpec = {
      product: raw.mesh.product,
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
      if (s.kind !== 'service') o['kind'] = s.kind;
      o['exposure'] = s.exposure;
      if (s.image !== undefined) o['image'] = s.image;
      if (s.port !== undefined) o['port'] = s.port;
      o['protocols'] = [...s.protocols];
      if (s.replicas !== undefined) o['replicas'] = s.replicas;
      if (s.auth !== undefined) o['auth'] = s.auth;
      if (s.rateLimit !== undefined) o['rateLimit'] = s.rateLimit;
      if (s.calls.length > 0) {
        o['calls'] = s.calls.map((c) => (c.protocol === undefined && c.via === undefined ? c.to : { ...c }));
      }
      return o;
    }),
  };
  if (arch.gateway) {
    const g: Record<string, unknown> = { product: arch.gateway.product };
    if (arch.gateway.service !== undefined) g['service'] = arch.gateway.service;
    if (arch.gateway.replicas !== undefined) g['replicas'] = arch.gateway.replicas;
    g['routes'] = [...arch.gateway.routes];
    doc['gateway'] = g;
  }
  if (arch.mesh) doc['mesh'] = { product: arch.mesh.product, mtls: arch.mesh.mtls, members: [...arch.mesh.members] };
  if (arch.observability) doc['observability'] = { ...arch.observability };
  return doc;
}
