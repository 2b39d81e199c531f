/**
 * The one context the compose import passes read and fill, in order: load the project
 * (include, extends, merge, tags, profiles: ./load.ts) → read services (ports, environment with
 * env_file, addresses each one answers to, ordering, command lines, mounted configs) → classify
 * roles and fold one product's many containers → derive calls → derive the edge → observability
 * → build the model. Plain data; no I/O.
 */
import type { AuthKind, Loc, Protocol } from '../../core/types.js';
import type { Classified } from '../../core/classify.js';
import type { ImportNote, SourceFile } from '../common.js';
import type { CallEvidence } from '../../core/import-inventory.js';
import type { GatewayConfig } from '../gateway-configs.js';
import type { LoadedProject, Resources } from './load.js';
import type { LMap } from './tree.js';

export interface PortEntry {
  published: boolean;
  target?: number;
  loc: Loc;
  text: string;
}

export interface EnvEntry {
  key: string;
  /** The value (interpolated); undefined when it comes from an environment the files do not show. */
  value?: string;
  loc: Loc;
  keyLoc: Loc;
  from: 'environment' | 'env_file' | 'environment (.env)';
  /** Variables the value needed and the project did not define. */
  unresolved: readonly string[];
}

export interface CService {
  name: string;
  def: LMap;
  nameLoc: Loc;
  image?: { value: string; loc: Loc };
  ports: PortEntry[];
  expose: { port?: number; loc: Loc }[];
  /** Container environment, env_file entries first, `environment` overriding them. */
  env: Map<string, EnvEntry>;
  labels: Map<string, { value: string; loc: Loc }>;
  /** Names other containers reach it by: its service name, container_name, hostname, network aliases. */
  aliases: { name: string; loc: Loc; how: string }[];
  dependsOn: { name: string; loc: Loc; how: 'depends_on' | 'links' }[];
  /** entrypoint then command, as arguments with positions. */
  argv: { value: string; loc: Loc }[];
  grpcHealth?: Loc;
  /** Ports a variable declares as gRPC (`GRPC_PORT=81`). */
  grpcPorts: Map<number, { loc: Loc; why: string }>;
  replicas?: { value: number; loc: Loc };
  /** Gateway configs bind-mounted into it. */
  configs: GatewayConfig[];
  role: Classified;
  leftOut?: string;
  /** Other services folded into this one (one product shipped as several containers). */
  folded: { service: CService; why: string }[];
  foldedInto?: CService;
  exposure: 'public' | 'internal';
  exposureLoc?: Loc;
  exposureWhy?: string;
  protocols: { protocol: Protocol; loc: Loc; why: string }[];
  portProtocols: Map<number, Protocol>;
  auth?: { kind: AuthKind; loc: Loc; why: string };
  rateLimit?: { loc: Loc; why: string };
  ordering: { to: CService; loc: Loc; how: string }[];
}

export interface CCall {
  from: CService;
  to: CService;
  protocol?: Protocol;
  port?: number;
  evidence: CallEvidence;
  how: string;
}

export interface CRoute {
  to: CService;
  loc: Loc;
  host?: string;
  path?: string;
  pathType?: 'Prefix' | 'Exact';
  port?: number;
  protocol?: Protocol;
  auth?: { kind: AuthKind; loc: Loc; why: string };
  rateLimit?: { loc: Loc; why: string };
}

export interface CEdge {
  service: CService;
  product: string;
  productLoc: Loc;
  what: string;
  routes: CRoute[];
}

export interface ComposeContext {
  name: string;
  files: SourceFile[];
  notes: ImportNote[];
  project: LoadedProject;
  resources: Resources;
  /** Listing the files the project needs rather than importing it (see load.ts). */
  collecting: boolean;
  services: CService[];
  kept: CService[];
  calls: CCall[];
  edges: CEdge[];
  tracing?: { product: string; loc: Loc; why: string; by: 'application' | 'collector' };
  metrics?: { product: string; loc: Loc; why: string; by: 'application' | 'collector' };
}
