/**
 * What an importer read beyond the model, as plain data (`ImportResult.inventory`): the source
 * objects themselves, for checks that need them (policy drift, explain-call). Types only; the
 * importers fill it, core reads it.
 */
import type { Loc } from './types.js';

/** Plain data about the files behind a model: see `ImportResult.inventory`. */
export interface ImportInventory {
  format: 'compose' | 'kubernetes';
  /** Namespaces named by the manifests (explicitly or as Namespace objects), with their labels. */
  namespaces: InventoryNamespace[];
  /**
   * Objects that decide who may talk to whom (Istio AuthorizationPolicy, PeerAuthentication,
   * RequestAuthentication, Sidecar; Linkerd Server, ServerAuthorization, AuthorizationPolicy,
   * MeshTLSAuthentication, NetworkAuthentication, HTTPRoute; NetworkPolicy; Cilium network
   * policies), each with its value and the position of every node in it.
   */
  policies: InventoryObject[];
  /**
   * Objects that decide how a call is addressed and which proxy sees it, as a policy evaluator
   * reads them: Namespaces, Services, and Gateway API Gateways and routes (waypoints, their
   * `istio.io/use-waypoint` labels, Linkerd's per-route policy targets). Same shape as `policies`.
   */
  routing: InventoryObject[];
  /** Every workload read (Deployments, StatefulSets, compose services...), kept or left out. */
  workloads: InventoryWorkload[];
  /** Every modelled call with the evidence that makes it. */
  calls: InventoryCall[];
  /** Every edge component found, the modelled gateway first. */
  gateways: InventoryGateway[];
}

export interface InventoryNamespace {
  name: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** The Namespace object, when the manifests hold one. */
  loc?: Loc;
}

export interface InventoryObject {
  kind: string;
  apiVersion: string;
  name: string;
  /** metadata.namespace as written (absent: the namespace the manifests are applied to). */
  namespace?: string;
  /** Where the object starts. */
  loc: Loc;
  /** The object as parsed (a copy). */
  value: unknown;
  /** JSON pointer inside `value` → position of that node. */
  positions: Record<string, Loc>;
}

export interface InventoryWorkload {
  kind: string;
  name: string;
  namespace?: string;
  /** Index into `architecture.services` of the service it belongs to; absent when left out. */
  service?: number;
  /** Why it is not in the model (load generator, telemetry...), when left out. */
  leftOut?: string;
  /** Identity the pods run as (Kubernetes ServiceAccount; `default` when none is named). */
  serviceAccount?: string;
  /** Where the ServiceAccount is named (absent when it is the implicit `default`). */
  serviceAccountLoc?: Loc;
  /** Pod labels (what policies and Services select by). */
  labels: Record<string, string>;
  annotations: Record<string, string>;
  containerPorts: { container: string; port: number; name?: string; protocol?: string; loc: Loc }[];
  /** Mesh membership and how it is known. */
  mesh?: { product: string; mode: 'sidecar' | 'ambient'; because: string; loc: Loc };
  loc: Loc;
}

/** What makes one call: the variable, ConfigMap key, argument or config line holding the address. */
export interface CallEvidence {
  /** `env`: a container/service variable; `configmap`/`secret`: a key there (through envFrom or valueFrom); `arg`: command or args; `config`: a mounted config file; `label`: a routing label. */
  kind: 'env' | 'configmap' | 'secret' | 'arg' | 'config' | 'label' | 'env-file';
  /** The variable, key or argument name. */
  name: string;
  /** The address as written. */
  value: string;
  loc: Loc;
  /** For a value taken from a ConfigMap or Secret: the variable that takes it, in the container. */
  via?: { name: string; loc: Loc };
}

export interface InventoryCall {
  /** Indexes into `architecture.services`. */
  from: number;
  to: number;
  /** The call's pointer in the model (`/services/2/calls/0`). */
  pointer: string;
  port?: number;
  protocol?: string;
  evidence: CallEvidence[];
}

export interface InventoryGateway {
  product: string;
  /** Index into `architecture.services` of the service running it, when it is one. */
  service?: number;
  /** What it is (`Ingress shop (class nginx)`, `workload frontend-proxy`). */
  what: string;
  loc: Loc;
  /** Indexes of the services it routes to. */
  routes: number[];
}
