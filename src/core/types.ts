/**
 * Plain data types shared by the pure core (engine, importers, linters, generators)
 * and the CLI shell. Nothing here does I/O.
 */

// ---------------------------------------------------------------- answers (public contract v1)

export const TRAFFIC = ['north-south', 'east-west', 'both'] as const;
export const CONSUMERS = ['browser', 'mobile', 'partners', 'public'] as const;
export const EDGE_NEEDS = [
  'tls', 'auth', 'rate-limiting', 'api-keys', 'quotas', 'developer-portal',
  'aggregation', 'protocol-translation', 'waf', 'caching',
] as const;
export const SERVICE_SECURITY = ['none', 'encryption', 'mtls'] as const;
export const OBSERVABILITY = ['basic', 'edge', 'golden-metrics', 'tracing'] as const;
export const TRAFFIC_CONTROL = [
  'canary-edge', 'canary-internal', 'retries', 'timeouts', 'circuit-breaking',
  'fault-injection', 'grpc-load-balancing',
] as const;
export const PLATFORMS = ['kubernetes', 'vms', 'containers', 'serverless', 'mixed'] as const;
export const PROTOCOLS = ['http', 'grpc', 'websocket', 'tcp'] as const;
export const TEAMS = ['small', 'platform'] as const;
export const LATENCY = ['normal', 'sensitive', 'critical'] as const;
export const CLOUDS = ['aws', 'azure', 'gcp', 'other', 'none'] as const;

export type Traffic = (typeof TRAFFIC)[number];
export type Consumer = (typeof CONSUMERS)[number];
export type EdgeNeed = (typeof EDGE_NEEDS)[number];
export type ServiceSecurity = (typeof SERVICE_SECURITY)[number];
export type Observability = (typeof OBSERVABILITY)[number];
export type TrafficControl = (typeof TRAFFIC_CONTROL)[number];
export type Platform = (typeof PLATFORMS)[number];
export type Protocol = (typeof PROTOCOLS)[number];
export type Team = (typeof TEAMS)[number];
export type Latency = (typeof LATENCY)[number];
export type Cloud = (typeof CLOUDS)[number];

/** An Answers file after defaults are applied: every field present. */
export interface Answers {
  apiVersion: 'meshgate/v1';
  kind: 'Answers';
  traffic: Traffic;
  services: number;
  consumers: Consumer[];
  edgeNeeds: EdgeNeed[];
  serviceSecurity: ServiceSecurity;
  compliance: boolean;
  observability: Observability;
  trafficControl: TrafficControl[];
  platform: Platform;
  clusters: number;
  languages: number;
  protocols: Protocol[];
  team: Team;
  latency: Latency;
  cloud: Cloud;
}

export type AnswerField = Exclude<keyof Answers, 'apiVersion' | 'kind'>;

/** An answer derived from an architecture's structure, with the evidence. */
export interface InferredAnswer {
  field: AnswerField;
  value: unknown;
  /** Why it was inferred, e.g. "3 services published to the outside (compose.yaml:12:7)". */
  because: string;
}

// ---------------------------------------------------------------- decisions

export const OUTCOMES = ['gateway', 'mesh', 'both', 'neither'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export type Scores = Record<Outcome, number>;

/** One scoring rule that fired, with what it did and why. */
export interface Reason {
  rule: string;
  title: string;
  /** Points added to each outcome by this rule (missing = 0). */
  effect: Partial<Scores>;
  /** Largest absolute effect: used to order reasons. */
  weight: number;
  rationale: string;
  sources: string[];
  /** True when credible sources disagree on this factor; such rules can make a decision close. */
  contested?: boolean;
}

export interface ProductPick {
  /** What the product does in the recommended setup. */
  role: 'gateway' | 'mesh' | 'ingress' | 'proxy' | 'managed';
  /** Stable id used by `generate` to choose templates, e.g. "kong", "istio-ambient". */
  id: string;
  name: string;
  reason: string;
  sources: string[];
}

/** A single-answer change that flips the verdict. */
export interface WhatIf {
  field: AnswerField;
  value: unknown;
  recommendation: Outcome;
  scores: Scores;
}

export interface Decision {
  recommendation: Outcome;
  scores: Scores;
  runnerUp: Outcome;
  /** Winner's score minus runner-up's. */
  margin: number;
  /** True when the margin is small enough that the runner-up is a reasonable choice. */
  close: boolean;
  reasons: Reason[];
  products: ProductPick[];
  whatIf: WhatIf[];
  /** Caveats and contested points worth showing with the verdict. */
  notes: string[];
  /** The answers the decision was made from (defaults applied). */
  answers: Answers;
}

// ---------------------------------------------------------------- architecture model (format v1)

export const SERVICE_KINDS = ['service', 'datastore', 'queue', 'external'] as const;
export const EXPOSURES = ['public', 'partner', 'internal'] as const;
export const AUTH_KINDS = ['none', 'jwt', 'oauth2', 'api-key', 'basic', 'mtls'] as const;
export const MTLS_MODES = ['strict', 'permissive', 'off'] as const;

export type ServiceKind = (typeof SERVICE_KINDS)[number];
export type Exposure = (typeof EXPOSURES)[number];
export type AuthKind = (typeof AUTH_KINDS)[number];
export type MtlsMode = (typeof MTLS_MODES)[number];

export interface Call {
  to: string;
  protocol?: Protocol;
  /** Set when the call is routed through another hop, e.g. the edge gateway's name. */
  via?: string;
}

/** A service after normalisation: calls are always objects, defaults applied. */
export interface Service {
  name: string;
  /**
   * Kubernetes namespace, when known. A service is identified by namespace and name: two
   * Services called `cart` in namespaces `a` and `b` are two services.
   */
  namespace?: string;
  /** Identity the workload runs as (its ServiceAccount), when known; policies admit callers by it. */
  serviceAccount?: string;
  /** Pod labels that select the workload (the Kubernetes Service's selector), when known. */
  selector?: Record<string, string>;
  kind: ServiceKind;
  exposure: Exposure;
  port?: number;
  /** Port the containers listen on when it differs from `port` (the Service's targetPort). */
  targetPort?: number;
  protocols: Protocol[];
  replicas?: number;
  auth?: AuthKind;
  /** True when the service or its route declares rate limiting. */
  rateLimit?: boolean;
  image?: string;
  calls: Call[];
  /**
   * Services this one waits for at start-up (compose `depends_on` and `links`, Kubernetes init
   * containers that wait for an address). Ordering only: a call is in `calls` or nowhere.
   */
  dependsOn?: string[];
}

/** One host/path the existing gateway serves, and the service it sends that traffic to. */
export interface GatewayRule {
  service: string;
  host?: string;
  path?: string;
  /** How `path` matches; absent = Prefix. */
  pathType?: 'Prefix' | 'Exact';
  port?: number;
}

export interface GatewaySpec {
  product: string;
  /** Name of the service that runs the gateway, when it is one of `services`. */
  service?: string;
  replicas?: number;
  routes: string[];
  /** Gateway class or ingress class the gateway is configured with, when known. */
  className?: string;
  /** Namespace and identity of the gateway's proxies, when known (meshes admit the edge by them). */
  namespace?: string;
  serviceAccount?: string;
  /** Hosts and paths served today (absent = not known). */
  rules?: GatewayRule[];
}

export const MESH_MODES = ['sidecar', 'ambient'] as const;
export type MeshMode = (typeof MESH_MODES)[number];

export interface MeshSpec {
  product: string;
  /** Absent in the file = ambient for `istio-ambient`, sidecar otherwise. */
  mode: MeshMode;
  mtls: MtlsMode;
  /** Absent in the file = every service of kind `service`. */
  members: string[];
}

export interface Architecture {
  apiVersion: 'meshgate/v1';
  kind: 'Architecture';
  metadata: { name: string };
  platform: Platform;
  services: Service[];
  gateway?: GatewaySpec;
  mesh?: MeshSpec;
  observability?: { metrics?: string; tracing?: string };
}

// ---------------------------------------------------------------- positions and findings

/** A 1-based position in a source file. */
export interface Loc {
  file: string;
  line: number;
  column: number;
}

/**
 * Resolves a JSON pointer into the (normalised) model to where it came from.
 * Falls back to the nearest ancestor that has a position; never throws.
 */
export type Locator = (pointer: string) => Loc;

export const SEVERITIES = ['error', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  file: string;
  line: number;
  column: number;
  /** JSON pointer into the architecture model the finding is about. */
  pointer?: string;
  remediation?: string;
  helpUri?: string;
}
