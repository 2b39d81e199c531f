/**
 * The policy evaluator's plain data: the Kubernetes objects it reads, the workloads it is asked
 * about, and the trace it answers with. Nothing here does I/O; callers (generate's round-trip
 * tests, the policy-drift lint) parse their files and hand the objects over, each with an
 * optional position so a verdict can point back at the line that decided it.
 */

/** A 1-based position in a source file, supplied by the caller. */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

/** Any Kubernetes object, as parsed from YAML (only the fields the evaluator reads are typed). */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: Record<string, unknown>;
  [field: string]: unknown;
}

/** An object handed to the evaluator, with where it was read from (when the caller knows). */
export interface ClusterObject {
  object: KubeObject;
  source?: SourcePosition;
}

/** How a workload's traffic is handled: no proxy, an Istio sidecar, Istio ambient (ztunnel), or a Linkerd proxy. */
export type Dataplane = 'none' | 'istio-sidecar' | 'istio-ambient' | 'linkerd';

/** A port a workload's containers declare (the pod spec's `ports`). */
export interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol?: 'TCP' | 'UDP' | 'SCTP';
}

/**
 * One workload (the pods of a Deployment or the like), described by what policies match on.
 * `dataplane`, when absent, is derived from the pod's and its namespace's labels and annotations
 * as Istio and Linkerd read them.
 */
export interface Workload {
  /** A name for traces and messages, e.g. the Deployment's name. */
  name: string;
  namespace: string;
  serviceAccount: string;
  /** Pod labels. */
  labels: Record<string, string>;
  /** Pod annotations (Linkerd reads injection and its default inbound policy from them). */
  annotations?: Record<string, string>;
  /** Container ports; a Linkerd Server or a NetworkPolicy port given by name is resolved against them. */
  ports?: ContainerPort[];
  /** Pod IP, when a policy matches on addresses (NetworkPolicy ipBlock, Linkerd NetworkAuthentication). */
  ip?: string;
  /** Forces the dataplane instead of deriving it from labels and annotations. */
  dataplane?: Dataplane;
  /**
   * What the workload is, when it is not an ordinary application: an Istio-managed gateway
   * (class `istio`; sends to endpoints without a waypoint unless `istio.io/ingress-use-waypoint`
   * says otherwise) or another edge proxy that sends to pod endpoints directly (Envoy Gateway,
   * Kong, NGINX Gateway Fabric), bypassing service-addressed waypoints.
   */
  role?: 'workload' | 'istio-gateway' | 'endpoint-proxy';
  /** True for a workload outside the cluster (Linkerd's cluster-* default policies refuse it). */
  outsideCluster?: boolean;
}

/** The Kubernetes Service a call is addressed to, when the caller uses one. */
export interface ServiceRef {
  name: string;
  /** Defaults to the callee's namespace. */
  namespace?: string;
  /** The Service port the caller dials (the call's `port` is the pod port behind it). */
  port?: number;
}

/** The question: may `from` call `to` on pod port `port` (with, optionally, an HTTP request)? */
export interface CallRequest {
  from: Workload;
  to: Workload;
  /** The destination pod port (a Service's targetPort). */
  port: number;
  /** The Service the caller addresses; a waypoint only sees service-addressed traffic. */
  service?: ServiceRef;
  /** What the connection carries; `http` and `grpc` make HTTP attributes visible to L7 proxies. */
  protocol?: 'http' | 'grpc' | 'tcp';
  /**
   * The request, for policies that match on method, path or host. Absent, the question is about
   * the call as a whole (any of its requests): a rule that depends on the request is taken to
   * admit some of them (ALLOW) and not to refuse all of them (DENY), and the verdict says so.
   */
  http?: { method?: string; path?: string; host?: string };
}

/** Settings the cluster was installed with. */
export interface EvaluatorOptions {
  /** Istio's root namespace (meshConfig.rootNamespace); policies there apply mesh-wide. Default `istio-system`. */
  istioRootNamespace?: string;
  /** Istio trust domain in principals. Default `cluster.local`. */
  istioTrustDomain?: string;
  /** Linkerd's cluster-wide default (`proxy.defaultInboundPolicy`). Default `all-unauthenticated`. */
  linkerdDefaultInboundPolicy?: LinkerdDefaultPolicy;
  /** Linkerd identity trust domain. Default `cluster.local`. */
  linkerdTrustDomain?: string;
  /** Linkerd's clusterNetworks (for cluster-* policies). Default the private ranges Linkerd installs with. */
  linkerdClusterNetworks?: string[];
  /**
   * What an Istio CUSTOM policy's external authorizer answers. It cannot be known from the
   * objects, so the trace records it as an assumption. Default `allow`.
   */
  istioCustomVerdict?: 'allow' | 'deny';
  /**
   * The labels of a namespace with no Namespace object among the objects: `none` (only the
   * `kubernetes.io/metadata.name` label Kubernetes sets; the default) or `any` (a
   * namespaceSelector's requirements on other labels are taken to hold, and the verdict says so:
   * for files that leave namespaces to be created elsewhere).
   */
  unlistedNamespaceLabels?: 'none' | 'any';
}

/** Linkerd's default inbound policies (the annotation `config.linkerd.io/default-inbound-policy`). */
export type LinkerdDefaultPolicy = 'all-unauthenticated' | 'all-authenticated' | 'cluster-authenticated' | 'cluster-unauthenticated' | 'deny' | 'audit';

/** Which enforcement point a trace step belongs to. */
export type Layer =
  | 'networkpolicy-egress'
  | 'networkpolicy-ingress'
  | 'istio-routing'
  | 'istio-peer-authentication'
  | 'istio-authorization'
  | 'linkerd-inbound'
  | 'mesh';

/** A reference to the object a step evaluated. */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  source?: SourcePosition;
}

/**
 * One step of the evaluation: the object looked at and what it said. `allow` and `deny` decide
 * (for their layer); `match` and `no-match` are the verdicts of policies that do not decide alone
 * (an ALLOW policy that does not match does not deny by itself); `skip` says why an object that
 * looks relevant does not apply; `info` records a fact (the hop taken, the mTLS mode in force).
 */
export interface TraceStep {
  layer: Layer;
  /** Which hop of the call, e.g. "frontend -> waypoint" (a call through a waypoint has two). */
  hop: string;
  object?: ObjectRef;
  verdict: 'allow' | 'deny' | 'match' | 'no-match' | 'skip' | 'info';
  reason: string;
}

/** The answer: allowed or not, the object that decided, and every step in order. */
export interface CallVerdict {
  allowed: boolean;
  /** The object whose verdict decided the call (absent when a default decided, e.g. nothing selects the pod). */
  decidedBy?: ObjectRef;
  /** One sentence saying why. */
  reason: string;
  /** The hops the call takes, e.g. ["frontend", "waypoint", "cart"]. */
  path: string[];
  trace: TraceStep[];
  /** Things the evaluator had to assume (a CUSTOM authorizer's answer, an unknown pod IP). */
  assumptions: string[];
}
