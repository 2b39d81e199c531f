/**
 * API gateway and service mesh side by side: the facts `meshgate compare` prints, each row with
 * the rubric sources it rests on. Pure data.
 */

/** A source from the research rubric (section 7). */
export interface ComparisonSource {
  id: string;
  title: string;
  url: string;
}

export interface ComparisonRow {
  aspect: string;
  gateway: string;
  mesh: string;
  sources: string[];
}

export const COMPARISON_SOURCES: ComparisonSource[] = [
  { id: 'S1', title: 'Azure Architecture Center: API gateways in microservices', url: 'https://learn.microsoft.com/azure/architecture/microservices/design/gateway' },
  { id: 'S2', title: 'Azure Architecture Center: interservice communication (service mesh)', url: 'https://learn.microsoft.com/azure/architecture/microservices/design/interservice-communication' },
  { id: 'S3', title: 'AKS: About service meshes', url: 'https://learn.microsoft.com/azure/aks/servicemesh-about' },
  { id: 'S4', title: 'Azure patterns: Gateway Aggregation', url: 'https://learn.microsoft.com/azure/architecture/patterns/gateway-aggregation' },
  { id: 'S5', title: 'NGINX: How to Choose a Service Mesh', url: 'https://www.nginx.com/blog/how-to-choose-a-service-mesh/' },
  { id: 'S6', title: 'Linkerd: What is a service mesh?', url: 'https://linkerd.io/what-is-a-service-mesh/' },
  { id: 'S8', title: 'Linkerd: gRPC load balancing on Kubernetes', url: 'https://linkerd.io/2018/11/14/grpc-load-balancing-on-kubernetes-without-tears/' },
  { id: 'S15', title: 'Istio: performance and scalability', url: 'https://istio.io/latest/docs/ops/deployment/performance-and-scalability/' },
  { id: 'S18', title: 'Istio: Introducing Ambient Mesh', url: 'https://istio.io/latest/blog/2022/introducing-ambient-mesh/' },
  { id: 'S23', title: 'Gateway API for Service Mesh (GAMMA)', url: 'https://gateway-api.sigs.k8s.io/mesh/' },
  { id: 'S26', title: 'Christian Posta: Do I need an API gateway if I use a service mesh?', url: 'https://blog.christianposta.com/microservices/do-i-need-an-api-gateway-if-i-have-a-service-mesh/' },
  { id: 'S27', title: 'Kong: the difference between API gateways and service mesh', url: 'https://konghq.com/blog/enterprise/the-difference-between-api-gateways-and-service-mesh' },
  { id: 'S31', title: 'Amazon API Gateway usage plans', url: 'https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-api-usage-plans.html' },
  { id: 'S35', title: 'Azure API Management key concepts', url: 'https://learn.microsoft.com/azure/api-management/api-management-key-concepts' },
  { id: 'S37', title: 'CNCF service mesh microsurvey (2022)', url: 'https://www.cncf.io/blog/2022/05/17/service-meshes-are-on-the-rise-but-greater-understanding-and-experience-are-required/' },
];

export const COMPARISON_ROWS: ComparisonRow[] = [
  {
    aspect: 'Focus',
    gateway: 'The boundary between your system and its consumers: exposing, securing, shaping and often selling APIs.',
    mesh: 'The connections between your own services: identity, encryption, reliability and telemetry on every hop.',
    sources: ['S26', 'S27', 'S6'],
  },
  {
    aspect: 'Traffic direction',
    gateway: 'Mostly north-south (into the system). Direction alone is a weak test: purpose matters more.',
    mesh: 'Mostly east-west (service to service, within or across clusters); mesh ingress gateways handle entry too.',
    sources: ['S23', 'S27'],
  },
  {
    aspect: 'Who calls',
    gateway: 'Outside clients: browsers, mobile apps, partners, the public.',
    mesh: 'Your own workloads, each with an identity the mesh issues.',
    sources: ['S1', 'S26'],
  },
  {
    aspect: 'Routing',
    gateway: 'By host, path and API version to backends; aggregation, backends for frontends, protocol translation.',
    mesh: 'Per request between services: weighted canaries, traffic splits, mirroring, fault injection.',
    sources: ['S1', 'S4', 'S3'],
  },
  {
    aspect: 'Discovery and load balancing',
    gateway: 'Routes to the backends it is configured with (Services, registries); balances the first hop.',
    mesh: 'Built-in discovery and per-request balancing on every hop, including gRPC over long-lived connections.',
    sources: ['S8', 'S6'],
  },
  {
    aspect: 'Rate limiting',
    gateway: 'Per consumer or API key: throttling, quotas, usage plans (AWS says its quotas are best-effort).',
    mesh: 'Between services where the proxy supports it; no notion of an outside consumer or a quota.',
    sources: ['S31', 'S35', 'S26'],
  },
  {
    aspect: 'Authentication',
    gateway: 'End users and client apps: OAuth/OIDC, JWT, API keys, TLS termination, WAF at the boundary.',
    mesh: 'Workloads: mutual TLS with rotated certificates and identity-based service-to-service policy.',
    sources: ['S1', 'S5', 'S26'],
  },
  {
    aspect: 'Monitoring',
    gateway: 'Edge metrics and logs per API and per consumer; API analytics.',
    mesh: 'Request rate, errors and latency for every hop, plus trace spans, without code changes.',
    sources: ['S2', 'S35'],
  },
  {
    aspect: 'Cost to run',
    gateway: 'One tier at the edge, managed or self-hosted; one extra hop per request.',
    mesh: 'A control plane plus a proxy per pod (sidecar) or per node (ambient): two proxies per call, low milliseconds at p90 in Istio\'s own tests.',
    sources: ['S15', 'S18'],
  },
  {
    aspect: 'When you don\'t need it',
    gateway: 'Clients face one service, or the edge only needs TLS and routing: an ingress / Gateway API controller or reverse proxy is enough.',
    mesh: 'Few services, no mTLS mandate, edge-only telemetry and canaries, one language with a shared library, sub-millisecond budgets, or no team to run it.',
    sources: ['S1', 'S3', 'S5', 'S37'],
  },
  {
    aspect: 'How they combine',
    gateway: 'Sits at the edge for outside consumers; can join the mesh so edge-to-service calls get mTLS too.',
    mesh: 'Runs inside behind the gateway; Gateway API (with GAMMA for mesh routes) gives both one routing API.',
    sources: ['S26', 'S27', 'S23'],
  },
];
