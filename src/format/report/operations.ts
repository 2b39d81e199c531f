/**
 * What adopting a picked product means day to day: the components someone must run and the
 * chores someone must own. Written in our own words from the product landscape in the decision
 * rubric; shown under "Consequences" in the decision record.
 */
import type { ProductPick } from '../../core/types.js';

export interface Operations {
  /** The components that must run. */
  run: string;
  /** The recurring work the team takes on. */
  operate: string;
}

/** Per product id; matched by exact id first, then by the id's first word (e.g. "istio-ambient" → "istio"). */
const BY_PRODUCT: Record<string, Operations> = {
  kong: {
    run: 'Kong Gateway data-plane replicas (with the Kong Ingress Controller on Kubernetes), plus its database or a declarative config, or a Konnect control plane.',
    operate: 'plugin configuration per route (auth, rate limits, keys), upgrades of Kong and its plugins, and deciding which features need the enterprise tier.',
  },
  'envoy-gateway': {
    run: 'the Envoy Gateway controller and the Envoy proxy deployment it manages for each Gateway.',
    operate: 'Gateway API resources (Gateway, HTTPRoute, policies), controller upgrades, and Envoy-specific extensions where the Gateway API stops.',
  },
  nginx: {
    run: 'NGINX reverse-proxy replicas, or NGINX Gateway Fabric on Kubernetes.',
    operate: 'the proxy configuration, TLS certificates and reloads; note that the community ingress-nginx controller is retired, so do not start new work on it.',
  },
  'nginx-gateway-fabric': {
    run: 'the NGINX Gateway Fabric controller and its NGINX data plane.',
    operate: 'Gateway API resources, certificates and controller upgrades.',
  },
  traefik: {
    run: 'Traefik replicas with a provider (Docker labels, Kubernetes CRDs or Ingress) for discovery.',
    operate: 'routing labels or CRDs next to each service, middlewares (auth, rate limits), certificates and Traefik upgrades.',
  },
  apisix: {
    run: 'Apache APISIX nodes and the etcd cluster that stores their configuration.',
    operate: 'routes and plugins through the Admin API or ingress controller, and etcd backups and upgrades.',
  },
  tyk: {
    run: 'the Tyk gateway and the Redis it needs for tokens and rate limits (plus dashboard and portal if used).',
    operate: 'API definitions, keys and policies, and Redis availability.',
  },
  'aws-api-gateway': {
    run: 'nothing yourself: AWS API Gateway is managed; you own stages, routes and integrations.',
    operate: 'usage plans and API keys (throttles are best effort), stage deployments, and cost per request.',
  },
  'azure-apim': {
    run: 'an Azure API Management instance (and a self-hosted gateway for hybrid setups), with Application Gateway or Front Door in front for load balancing.',
    operate: 'products, subscriptions and policies, the developer portal, and tier sizing.',
  },
  'spring-cloud-gateway': {
    run: 'a Spring Cloud Gateway application built and deployed like your other Spring services.',
    operate: 'routes and filters in application code or config, and its Spring Boot upgrade cycle.',
  },
  'istio-ambient': {
    run: 'istiod, the ztunnel DaemonSet on every node, the Istio CNI agent, and waypoint proxies in the namespaces that need L7 policy.',
    operate: 'Istio upgrades (revisions), mesh-wide mTLS and authorization policies, waypoints where L7 routing is needed, and certificate rotation.',
  },
  'istio-sidecar': {
    run: 'istiod and an Envoy sidecar in every meshed pod (injected at deploy time).',
    operate: 'sidecar resource requests, pod restarts on injection and upgrades, Istio upgrades (revisions), and mTLS and authorization policies.',
  },
  istio: {
    run: 'istiod plus the data plane of the chosen mode (ztunnel and waypoints in ambient mode, or an Envoy sidecar per pod).',
    operate: 'Istio upgrades, mTLS and authorization policies, and certificate rotation.',
  },
  linkerd: {
    run: 'the Linkerd control plane and a Rust micro-proxy sidecar in every meshed pod; an ingress of your choice in front, since Linkerd ships none.',
    operate: 'the trust anchor and issuer certificates (they expire), upgrades (stable releases now come from vendors), and proxy injection per namespace.',
  },
  consul: {
    run: 'Consul servers, a client or dataplane per node or pod, Envoy sidecars, and mesh gateways between datacenters.',
    operate: 'the Consul server quorum and its backups, intentions (service-to-service authorization), and cluster peering.',
  },
  cilium: {
    run: 'Cilium as the cluster CNI with its per-node Envoy for L7, and Hubble for visibility.',
    operate: 'CNI upgrades (they touch every node\'s networking), L7 policies, and mutual authentication only where its beta limits are acceptable.',
  },
  kuma: {
    run: 'the Kuma (or Kong Mesh) control plane, Envoy sidecars, and zone control planes for multi-zone setups.',
    operate: 'mesh policies (mTLS, traffic permissions, retries), zone ingress/egress, and upgrades.',
  },
  'ecs-service-connect': {
    run: 'nothing extra yourself: ECS Service Connect adds a managed proxy to each task.',
    operate: 'Service Connect namespaces and service names in task definitions; it only covers ECS.',
  },
  'vpc-lattice': {
    run: 'nothing yourself: VPC Lattice is managed; on EKS, the AWS Gateway API controller maps routes to it.',
    operate: 'service networks, auth policies (SigV4 signing may need application changes), and cross-account sharing.',
  },
};

const BY_ROLE: Record<ProductPick['role'], Operations> = {
  gateway: {
    run: 'at least two gateway replicas at the edge, with their configuration stored and reviewed like code.',
    operate: 'routes, authentication and rate limits per API, TLS certificates, and gateway upgrades.',
  },
  mesh: {
    run: 'a mesh control plane and a proxy next to (or on the node of) every meshed workload.',
    operate: 'mesh upgrades, mTLS certificates, traffic and authorization policies, and proxy resources.',
  },
  ingress: {
    run: 'an ingress controller (Gateway API) with at least two replicas.',
    operate: 'Gateway and route resources, TLS certificates and controller upgrades.',
  },
  proxy: {
    run: 'a reverse proxy or load balancer in front of the public services.',
    operate: 'its configuration and TLS certificates.',
  },
  managed: {
    run: 'nothing yourself: the cloud provider runs it.',
    operate: 'its configuration, quotas and cost, and the lock-in that comes with a provider-specific API.',
  },
  waf: {
    run: 'a WAF in front of the edge: the cloud\'s managed WAF, or a WAF engine inside your edge proxy.',
    operate: 'rule sets and their updates, false positives, and exceptions per route.',
  },
  aggregator: {
    run: 'a backend for frontend or GraphQL router between the clients and the services.',
    operate: 'its schema or per-client endpoints, kept in step with the services it calls.',
  },
  encryption: {
    run: 'nothing extra: the CNI encrypts traffic between nodes.',
    operate: 'the CNI\'s encryption setting, key rotation and its CPU cost on the nodes.',
  },
  'built-in': {
    run: 'nothing yourself: the platform provides it.',
    operate: 'the platform settings that turn it on, and the identities and policies it checks.',
  },
};

/** The operating consequences of one picked product. */
export function operationsFor(pick: ProductPick): Operations {
  return BY_PRODUCT[pick.id] ?? BY_PRODUCT[pick.id.split('-')[0]!] ?? BY_ROLE[pick.role];
}
