/**
 * The one context the Kubernetes import passes read and fill, in order: index objects →
 * resolve namespaces, ConfigMaps/Secrets and ServiceAccounts → resolve workloads and their
 * environment → group workloads behind Services → classify roles → derive calls → derive the
 * gateway → derive the mesh → observability → build the model. Each pass is a function of this
 * context (see index.ts) and can be run and tested alone. Plain data; no I/O.
 */
import type { AuthKind, Loc, MeshMode, Protocol } from '../../core/types.js';
import type { YamlDocument } from '../../yaml/parse.js';
import type { Classified } from '../../core/classify.js';
import type { ImportNote, SourceFile } from '../common.js';
import type { CallEvidence } from '../../core/import-inventory.js';
import { asMap, asString } from '../common.js';

/** One Kubernetes object with where it lives. */
export interface K8sObject {
  obj: Record<string, unknown>;
  kind: string;
  apiVersion: string;
  name: string;
  /** metadata.namespace as written. */
  explicitNamespace?: string;
  /** The namespace it lives in (see `K8sContext.implicitNamespace`). */
  namespace: string | undefined;
  doc: YamlDocument;
  /** Pointer of the object inside its document ('' or /items/3 in a List). */
  base: string;
  file: string;
}

export interface NamespaceInfo {
  name: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  object?: K8sObject;
}

export interface ConfigEntry {
  value: string;
  loc: Loc;
  /** Where the key is (a block scalar's value has no exact column of its own). */
  keyLoc: Loc;
}

/** A ConfigMap or Secret: its keys with their (decoded) values and positions. */
export interface ConfigData {
  object: K8sObject;
  kind: 'ConfigMap' | 'Secret';
  entries: Map<string, ConfigEntry>;
}

/** Where an environment variable's value comes from. */
export type EnvSource =
  | { kind: 'literal' }
  | { kind: 'configmap' | 'secret'; name: string; key: string; entryLoc?: Loc; via: 'envFrom' | 'valueFrom' }
  | { kind: 'field' };

export interface EnvVar {
  key: string;
  /** The value, after `$(VAR)` expansion; undefined when it could not be resolved. */
  value?: string;
  /** Where the value is written (the ConfigMap key for values taken from one). */
  loc: Loc;
  /** Where the variable is named in the container. */
  keyLoc: Loc;
  source: EnvSource;
}

export interface ContainerPort {
  port: number;
  name?: string;
  protocol?: string;
  loc: Loc;
}

export interface ContainerInfo {
  name: string;
  image?: string;
  imageLoc: Loc;
  pointer: string;
  init: boolean;
  env: EnvVar[];
  /** command followed by args, each with its position. */
  argv: { value: string; loc: Loc }[];
  ports: ContainerPort[];
  /** Ports probed with a gRPC probe: they serve gRPC. */
  grpcProbePorts: { port: number; loc: Loc }[];
}

export interface Workload {
  object: K8sObject;
  namespace: string | undefined;
  templatePointer: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  serviceAccount: { name: string; loc?: Loc };
  /** Application containers (sidecars included: `isSidecar` tells them apart). */
  containers: ContainerInfo[];
  initContainers: ContainerInfo[];
  replicas?: { value: number; loc: Loc };
  /** ConfigMaps mounted as volumes (a proxy's nginx.conf, envoy.yaml or kong.yml lives there). */
  configMapVolumes: string[];
}

export interface ServicePort {
  name?: string;
  port: number;
  targetPort?: number | string;
  appProtocol?: string;
  pointer: string;
}

export interface KService {
  object: K8sObject;
  namespace: string | undefined;
  type: string;
  selector: Record<string, string>;
  ports: ServicePort[];
  externalName?: string;
}

/** An authentication or rate limit an edge object or policy declares. */
export interface EdgePolicy {
  auth?: { kind: AuthKind; loc: Loc; why: string };
  rateLimit?: { loc: Loc; why: string };
}

/** One or more workloads the Services treat as one: a service of the model. */
export interface Unit {
  id: number;
  namespace: string | undefined;
  workloads: Workload[];
  services: KService[];
  /** A Service without selector (or ExternalName): something outside the manifests. */
  external?: KService;
  name: string;
  nameLoc: Loc;
  role: Classified;
  /** Why it is left out of the model, when it is. */
  leftOut?: string;
  exposure: 'public' | 'internal';
  exposureLoc?: Loc;
  exposureWhy?: string;
  port?: { value: number; loc: Loc };
  targetPort?: { value: number; loc: Loc };
  /** Protocols it serves, with evidence. */
  protocols: { protocol: Protocol; loc: Loc; why: string }[];
  /** Port number → protocol it serves there (from port names, appProtocol, gRPC probes). */
  portProtocols: Map<number, Protocol>;
  auth?: EdgePolicy['auth'];
  rateLimit?: EdgePolicy['rateLimit'];
  dependsOn: { to: Unit; loc: Loc; why: string }[];
  /** Routes read from gateway configs mounted into it from ConfigMaps. */
  configRoutes: RouteFact[];
}

export interface CallFact {
  from: Unit;
  to: Unit;
  protocol?: Protocol;
  port?: number;
  evidence: CallEvidence;
  how: string;
}

export interface RouteFact {
  to: Unit;
  loc: Loc;
  host?: string;
  path?: string;
  pathType?: 'Prefix' | 'Exact';
  port?: number;
  grpc?: boolean;
  policy?: EdgePolicy;
}

export interface EdgeFact {
  product: string;
  className?: string;
  productLoc: Loc;
  nameLoc: Loc;
  what: string;
  namespace?: string;
  routes: RouteFact[];
  /** Policy that applies to every route (a RequestAuthentication on the gateway's pods). */
  policy?: EdgePolicy;
  /** The workload running it, when in the manifests. */
  controller?: Unit;
}

export interface MeshFact {
  product: string;
  mode: MeshMode;
  loc: Loc;
  what: string;
  mtls?: { mode: 'strict' | 'permissive' | 'off'; loc: Loc };
  members: Unit[];
  /** Per workload: how it is known to be in the mesh. */
  membership: Map<Workload, { product: string; mode: MeshMode; because: string; loc: Loc }>;
}

export interface ObservabilityFact {
  product: string;
  loc: Loc;
  why: string;
  /** 'application': the services are instrumented; 'mesh': the mesh proxies report it. */
  by: 'application' | 'mesh' | 'collector';
}

export interface K8sContext {
  name: string;
  files: SourceFile[];
  notes: ImportNote[];
  objects: K8sObject[];
  byKind: Map<string, K8sObject[]>;
  /** Namespace of objects that name none: `default` when any object names one, else unknown. */
  implicitNamespace: string | undefined;
  namespaces: Map<string, NamespaceInfo>;
  /** `namespace/name` → data, for ConfigMaps and Secrets separately. */
  configMaps: Map<string, ConfigData>;
  secrets: Map<string, ConfigData>;
  serviceAccounts: Map<string, K8sObject>;
  workloads: Workload[];
  services: KService[];
  units: Unit[];
  /** Units that are in the model, in model order. */
  kept: Unit[];
  calls: CallFact[];
  edges: EdgeFact[];
  mesh?: MeshFact;
  tracing?: ObservabilityFact;
  metrics?: ObservabilityFact;
}

// ---------------------------------------------------------------- helpers shared by the passes

export const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Pod', 'DeploymentConfig', 'Rollout', 'Job', 'CronJob']);
/** Workload kinds that run to completion: jobs are not services. */
export const BATCH_KINDS = new Set(['Job', 'CronJob']);

/** Sidecar container names a mesh or tooling injects; not the application. */
export const SIDECARS = new Set(['istio-proxy', 'linkerd-proxy', 'envoy-sidecar', 'istio-init', 'linkerd-init', 'istio-validation', 'linkerd-network-validator']);

export function str(v: unknown): string | undefined {
  return asString(v);
}

export function labelsOf(m: unknown): Record<string, string> {
  // No prototype: a label called "__proto__" or "constructor" is just a label.
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [k, v] of Object.entries(asMap(m) ?? {})) {
    const s = asString(v);
    if (s !== undefined) out[k] = s;
  }
  return out;
}

/** JSON pointer segment for an annotation or label key (`a/b` → `a~1b`). */
export function keySegment(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function locOf(o: K8sObject, rel = ''): Loc {
  return o.doc.locate(o.base + rel);
}

export function nameLocOf(o: K8sObject): Loc {
  return o.doc.locate(`${o.base}/metadata/name`);
}

export function annotationsOf(o: K8sObject): Record<string, string> {
  return labelsOf(asMap(o.obj['metadata'])?.['annotations']);
}

export function annotationLoc(o: K8sObject, key: string): Loc {
  return o.doc.locate(`${o.base}/metadata/annotations/${keySegment(key)}`);
}

export function specOf(o: K8sObject): Record<string, unknown> {
  return asMap(o.obj['spec']) ?? {};
}

export function validPort(v: unknown): number | undefined {
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 && n < 65536 ? n : undefined;
}

export function selectorMatches(selector: Record<string, string>, labels: Record<string, string>): boolean {
  const keys = Object.keys(selector);
  return keys.length > 0 && keys.every((k) => labels[k] === selector[k]);
}

/** `namespace/name` key for per-namespace maps. */
export function nsKey(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}/${name}`;
}

export function objectsOf(ctx: K8sContext, ...kinds: string[]): K8sObject[] {
  return kinds.flatMap((k) => ctx.byKind.get(k) ?? []);
}

export { plural } from '../../core/plural.js';
