/**
 * Plain data types shared by the pure core (engine, importers, linters, generators)
 * and the CLI shell. Nothing here does I/O.
 */
import type { Loc, Locator } from '../yaml/loc.js';

// ---------------------------------------------------------------- answers (public contract v1)

export const TRAFFIC = ['north-south', 'east-west', 'both'] as const;
export const CONSUMERS = ['browser', 'mobile', 'partners', 'public'] as const;
export const EDGE_NEEDS = [
  'tls', 'auth', 'rate-limiting', 'api-keys', 'quotas', 'developer-portal',
  'aggregation', 'protocol-translation', 'waf', 'caching', 'client-certificates',
] as const;
export const SERVICE_SECURITY = ['none', 'encryption', 'mtls'] as const;
export const OBSERVABILITY = ['basic', 'edge', 'golden-metrics', 'tracing'] as const;
export const TRAFFIC_CONTROL = [
  'canary-edge', 'canary-internal', 'retries', 'timeouts', 'circuit-breaking',
  'fault-injection', 'grpc-load-balancing',
] as const;
/**
 * Where the workloads run. `containers` (containers without Kubernetes) stays valid; the more
 * precise values say which container platform, because the products differ: `ecs` (Amazon ECS),
 * `nomad` (HashiCorp Nomad), `container-apps` (Azure Container Apps), `cloud-run` (Google Cloud Run).
 */
export const PLATFORMS = ['kubernetes', 'vms', 'containers', 'serverless', 'mixed', 'ecs', 'nomad', 'container-apps', 'cloud-run'] as const;
export const PROTOCOLS = ['http', 'grpc', 'websocket', 'tcp'] as const;
export const TEAMS = ['small', 'platform'] as const;
export const LATENCY = ['normal', 'sensitive', 'critical'] as const;
export const CLOUDS = ['aws', 'azure', 'gcp', 'other', 'none'] as const;
/** How much CPU and memory the platform can spare for proxies. */
export const BUDGETS = ['normal', 'tight'] as const;
/** What already runs: meshes, CNIs, edge proxies and gateways, and instrumentation in the services. */
export const EXISTING = [
  'istio', 'linkerd', 'consul', 'kuma', 'cilium', 'calico',
  'aws-app-mesh', 'open-service-mesh', 'nginx-service-mesh',
  'nginx', 'ingress-nginx', 'nginx-gateway-fabric', 'envoy-gateway', 'envoy', 'haproxy', 'traefik', 'caddy',
  'kong', 'apisix', 'tyk', 'krakend', 'zuul', 'spring-cloud-gateway', 'aws-api-gateway', 'azure-apim', 'apigee',
  'app-tracing', 'app-metrics',
] as const;
/** How services talk to each other: synchronous requests, messages through a broker, or both. */
export const COMMUNICATION = ['sync', 'mixed', 'async'] as const;
/** What outside callers speak at the edge. */
export const EDGE_PROTOCOLS = ['http', 'grpc', 'websocket', 'mqtt', 'tcp'] as const;
/** Authorization between services beyond "encrypted and authenticated". */
export const AUTHORIZATION = ['none', 'per-service', 'multi-team'] as const;
/** Which licences and support the organisation accepts or needs. */
export const LICENSING = ['any', 'open-source', 'vendor-support'] as const;

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
export type Budget = (typeof BUDGETS)[number];
export type Existing = (typeof EXISTING)[number];
export type Communication = (typeof COMMUNICATION)[number];
export type EdgeProtocol = (typeof EDGE_PROTOCOLS)[number];
export type Authorization = (typeof AUTHORIZATION)[number];
export type Licensing = (typeof LICENSING)[number];

/**
 * An Answers file after defaults are applied: every field present. The fields after `cloud`
 * were added later; each is optional in a file, and its default keeps the meaning of a file
 * written before it existed.
 */
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
  budget: Budget;
  existing: Existing[];
  communication: Communication;
  edgeProtocols: EdgeProtocol[];
  authorization: Authorization;
  egressControl: boolean;
  licensing: Licensing;
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

/** The two layers meshgate decides separately: the edge, and the layer between services. */
export const LAYERS = ['edge', 'mesh'] as const;
export type Layer = (typeof LAYERS)[number];

/**
 * What a scoring rule says about its layer: a hard need (on its own a reason for the layer), a
 * soft need (a reason, but one that other tools also meet), an adjustment (direction, size,
 * team, managed options: it counts only when the layer has a need), or a point against.
 */
export const SIGNALS = ['hard', 'soft', 'adjust', 'against'] as const;
export type Signal = (typeof SIGNALS)[number];

/** One scoring rule (or cost constraint) that fired, with what it did and why. */
export interface Reason {
  rule: string;
  title: string;
  /** Points added to each outcome by this rule (missing = 0). */
  effect: Partial<Scores>;
  /** Largest absolute effect. */
  weight: number;
  rationale: string;
  sources: string[];
  /** True when credible sources disagree on this factor; such rules can make a decision close. */
  contested?: boolean;
  /** The layer the rule is about. */
  layer: Layer;
  signal: Signal;
  /** Whether it argues for the verdict or against it. */
  stance: 'for' | 'against';
  /** `constraint` for a cost that a constraint adds; `rule` otherwise. */
  source: 'rule' | 'constraint';
  /**
   * True when every outcome the reason moves was ruled out before scoring (say, a mesh need on
   * functions): the need is real, but it decided nothing; such reasons come last.
   */
  ruledOut?: boolean;
}

export interface ProductPick {
  /**
   * What the product does in the recommended setup. `gateway`, `mesh`, `managed`, `ingress` and
   * `proxy` fill the verdict's layers; `waf`, `aggregator` and `encryption` are companions that
   * meet one need (a cloud WAF, a BFF or GraphQL router, CNI encryption); `built-in` is what a
   * managed platform provides in place of a mesh.
   */
  role: 'gateway' | 'mesh' | 'ingress' | 'proxy' | 'managed' | 'waf' | 'aggregator' | 'encryption' | 'built-in';
  /** Stable id used by `generate` to choose templates, e.g. "kong", "istio-ambient". */
  id: string;
  name: string;
  reason: string;
  sources: string[];
  /** The needs (capabilities) this pick was chosen to meet. */
  meets?: string[];
  /** Needs it was expected to meet but cannot (none when the catalogue has a product that can). */
  unmet?: string[];
  /** True when the product already runs (from `existing`). */
  existing?: boolean;
}

/** A single-answer change that flips the verdict. */
export interface WhatIf {
  field: AnswerField;
  value: unknown;
  recommendation: Outcome;
  scores: Scores;
  /** The change in plain words, e.g. "if calls between services had to use mutual TLS". */
  description?: string;
  /** How far-fetched the change is: 1 a changed requirement, higher for team, scale and platform changes. */
  effort?: number;
}

/** An outcome a constraint (or the two-hard-needs rule) ruled out, and why. */
export interface Veto {
  outcome: Outcome;
  /** The constraint id, or `both-needs-two-hard-needs`. */
  constraint: string;
  title: string;
  reason: string;
  sources: string[];
}

/** How one layer was decided. */
export interface LayerDecision {
  layer: Layer;
  /** The layer is part of the verdict. */
  needed: boolean;
  /**
   * Edge: `api-management`, `gateway` (a gateway, or a Gateway API / ingress controller with
   * gateway policies), `proxy` (an ingress / Gateway API controller or reverse proxy for TLS and
   * routing), `platform` (nothing beyond the platform's load balancer or built-in ingress) or
   * `none` (nothing calls in). Mesh: `sidecar`, `ambient`, `ebpf`, `managed` (a managed service
   * network), or without a mesh `built-in` (the platform's own features), `cni-encryption`,
   * `libraries` or `none`.
   */
  tier: string;
  /** Sum of the points of the layer's rules that counted. */
  score: number;
  /** Rule ids of the hard and soft needs that fired. */
  hardNeeds: string[];
  softNeeds: string[];
  /** Mesh kinds the constraints left (sidecar, ambient, ebpf, managed). */
  feasibleKinds?: string[];
  /** The product the layer uses, or would use (mesh layer: also when the verdict has no mesh). */
  product?: string;
  /** One or two plain sentences. */
  summary: string;
}

/** What the mesh would cost this system, from published figures (architectures only). */
export interface DataPlaneCost {
  kind: string;
  product?: string;
  /** Proxies the data plane adds (sidecars: one per replica; per-node kinds: one per node). */
  proxies?: number;
  /** The assumptions the estimate rests on (replicas assumed, nodes unknown...). */
  assumptions: string[];
  /** value: the result; what: the computation; basis: what the published figure measures. */
  lines: { what: string; value: string; basis: string; source: string; date: string }[];
  /** The deepest chain of synchronous calls found, and the latency added along it. */
  deepestChain?: { services: string[]; hops: number; addedLatency?: string };
}

export interface Decision {
  recommendation: Outcome;
  scores: Scores;
  runnerUp: Outcome;
  /**
   * False when no alternative has a need behind it (every other outcome is vetoed, or its layer
   * has nothing to do): the runner-up is then only the next score, not a contender.
   */
  runnerUpReal: boolean;
  /** Winner's score minus runner-up's (0 when every alternative is vetoed). */
  margin: number;
  /** True when the margin is small enough that the runner-up is a reasonable choice. */
  close: boolean;
  /** Why the call is close (empty when it is not). */
  closeBecause: string[];
  reasons: Reason[];
  products: ProductPick[];
  whatIf: WhatIf[];
  /** Caveats and contested points worth showing with the verdict. */
  notes: string[];
  /** The answers the decision was made from (defaults applied). */
  answers: Answers;
  /** The two layer decisions the verdict combines. */
  layers: Record<Layer, LayerDecision>;
  /** Outcomes ruled out before scoring, with the constraint that removed them. */
  vetoed: Veto[];
  /** Data-plane cost for this system, when the input was an architecture with a mesh verdict. */
  dataPlaneCost?: DataPlaneCost;
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

// Defined by the YAML reader (the bottom layer); re-exported for everything above it.
export type { Loc, Locator };

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
  /** Other places the finding involves (e.g. the call a policy denies), each with what it is. */
  related?: (Loc & { message: string })[];
}
