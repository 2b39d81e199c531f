/**
 * Which targets to generate: from the recommendation and its product picks by default, or
 * from --target. Every product the decision can pick has an entry in PRODUCT_SUPPORT: either
 * the targets that configure that very product (Gateway API objects with its own class, its
 * decK file, nginx.conf, Traefik's file-provider configuration, Istio or Linkerd policy), or a plain statement that meshgate writes no
 * starter config for it and why. A product without a target is never replaced by another
 * product's config: it is declined out loud (stderr, the file headers, the summary and the
 * .meshgate-generated.json record). What the input already runs wins over a guess: an imported
 * gateway class is kept, and an existing Istio installation keeps its data-plane mode.
 */
import type { Decision, Platform, ProductPick } from '../types.js';
import type { GenModel } from './model.js';

/** Every target `generate` knows, in the order they are listed to the user. */
export const TARGETS = ['gateway-api', 'kong', 'nginx', 'traefik', 'istio', 'linkerd', 'ingress'] as const;
/** One of TARGETS. */
export type Target = (typeof TARGETS)[number];

/** True when the value names a target. */
export function isTarget(value: string): value is Target {
  return (TARGETS as readonly string[]).includes(value);
}

/**
 * The Gateway API implementations meshgate knows the objects and identities of. `external-lb`
 * is a cloud load balancer that a controller builds from the Gateway (GKE Gateway, Application
 * Gateway for Containers, the AWS Load Balancer Controller's ALB): it sends from outside the
 * cluster.
 */
export type EdgeImplementation = 'envoy-gateway' | 'kong' | 'istio' | 'nginx-gateway-fabric' | 'traefik' | 'cilium' | 'apisix' | 'external-lb' | 'unknown';

/** What generate does for one picked product. */
export interface ProductHandling {
  id: string;
  role: ProductPick['role'];
  name: string;
  /** written: the targets below configure this product; declined: meshgate writes no starter config for it. */
  outcome: 'written' | 'declined';
  /** The targets written for it (empty when declined). */
  targets: Target[];
  /** One sentence: what is written for it, or why nothing is and where it is configured instead. */
  detail: string;
}

/** How meshgate supports a product on a platform. */
interface Support {
  /** Targets that configure the product itself; none means declined. */
  targets: Target[];
  /** Gateway API class the product's controller serves, when a target is gateway-api. */
  className?: string;
  implementation?: EdgeImplementation;
  /** What to check about the class (when it is not installed by default). */
  classNote?: string;
  /** Why nothing is written (declined), or a caveat about what is written. */
  detail: string;
  /** For the istio target: the data-plane mode the product runs. */
  istioMode?: 'ambient' | 'sidecar';
}

const k8sOnly = (platform: Platform): boolean => platform === 'kubernetes' || platform === 'mixed';
const declined = (detail: string): Support => ({ targets: [], detail });

/**
 * Every product the catalogue (rules/products.yaml) can pick, and what generate writes for it
 * per platform. The parity test (test/generate/products.test.ts) holds this table and the
 * catalogue together.
 */
export const PRODUCT_SUPPORT: Readonly<Record<string, (platform: Platform) => Support>> = {
  // ---------------------------------------------------------------- edges and gateways
  kong: (p) =>
    p === 'mixed'
      ? { targets: ['gateway-api', 'kong'], className: 'kong', implementation: 'kong', detail: 'Gateway API objects and KongPlugins for the Kong Ingress Controller on Kubernetes, and a decK file for Kong Gateway elsewhere' }
      : k8sOnly(p)
        ? { targets: ['gateway-api'], className: 'kong', implementation: 'kong', detail: 'Gateway API objects (class kong) and KongPlugins for the Kong Ingress Controller' }
        : { targets: ['kong'], detail: 'a decK declarative file for Kong Gateway' },
  'envoy-gateway': (p) =>
    k8sOnly(p)
      ? { targets: ['gateway-api'], className: 'eg', implementation: 'envoy-gateway', detail: 'Gateway API objects (class eg) with SecurityPolicy and BackendTrafficPolicy' }
      : declined('Envoy Gateway runs only on Kubernetes'),
  'nginx-gateway-fabric': (p) =>
    k8sOnly(p) ? { targets: ['gateway-api'], className: 'nginx', implementation: 'nginx-gateway-fabric', detail: 'Gateway API objects (class nginx) for NGINX Gateway Fabric' } : declined('NGINX Gateway Fabric runs only on Kubernetes'),
  nginx: (p) => ({
    targets: ['nginx'],
    detail: k8sOnly(p) ? 'nginx.conf for nginx itself; run it in the cluster (a Deployment with this file in a ConfigMap) so cluster DNS resolves the service names' : 'nginx.conf for nginx itself',
  }),
  traefik: (p) =>
    p === 'mixed'
      ? { targets: ['gateway-api', 'traefik'], className: 'traefik', implementation: 'traefik', detail: 'Gateway API objects (class traefik) for Traefik\'s Kubernetes Gateway provider, and a file-provider dynamic configuration for Traefik elsewhere' }
      : k8sOnly(p)
        ? { targets: ['gateway-api'], className: 'traefik', implementation: 'traefik', detail: 'Gateway API objects (class traefik) for Traefik\'s Kubernetes Gateway provider' }
        : { targets: ['traefik'], detail: 'a Traefik v3 file-provider dynamic configuration (routers, services, middlewares)' },
  envoy: (p) =>
    k8sOnly(p)
      ? { targets: ['gateway-api'], className: 'eg', implementation: 'envoy-gateway', detail: 'Gateway API objects for Envoy Gateway, the Kubernetes control plane that runs and configures the same Envoy proxy (a move from a hand-written Envoy config, not that config itself)' }
      : declined('a standalone Envoy is configured by its bootstrap file (listeners, routes, clusters) or your own xDS control plane, and meshgate has no Envoy bootstrap target'),
  haproxy: () => declined('HAProxy is configured in haproxy.cfg (on Kubernetes, through the HAProxy Kubernetes Ingress Controller\'s annotations and CRDs), and meshgate has no HAProxy target'),
  caddy: () => declined('Caddy is configured in a Caddyfile (or its JSON config), and meshgate has no Caddy target'),
  'spring-cloud-gateway': () => declined('Spring Cloud Gateway routes and filters live in your application (Java route definitions or application.yml)'),
  zuul: () => declined('Zuul routes and filters are Java (or Groovy) code in your Zuul application'),
  apisix: (p) =>
    k8sOnly(p)
      ? {
          targets: ['gateway-api'],
          className: 'apisix',
          implementation: 'apisix',
          classNote: 'gatewayClassName "apisix": create the GatewayClass apisix with controllerName apisix.apache.org/apisix-ingress-controller (APISIX Ingress Controller 2.x)',
          detail: 'Gateway API objects (class apisix) for the APISIX Ingress Controller; its auth and limit plugins are its own CRDs, not written',
        }
      : declined('off Kubernetes APISIX is configured through its Admin API or apisix.yaml (standalone mode), and meshgate has no APISIX target'),
  tyk: () => declined('Tyk is configured with API definitions (Tyk Dashboard, the Tyk Operator\'s ApiDefinition objects or JSON files), and meshgate has no Tyk target'),
  krakend: () => declined('KrakenD is configured in krakend.json (endpoints and backends), and meshgate has no KrakenD target'),
  'aws-api-gateway': () => declined('Amazon API Gateway is configured through AWS (an OpenAPI import, CloudFormation, CDK or Terraform)'),
  'azure-apim': () => declined('Azure API Management is configured through Azure (APIs and policies in Bicep, ARM or Terraform, or APIOps)'),
  apigee: () => declined('Apigee is configured with API proxies (proxy bundles deployed through the Apigee API, or Terraform)'),
  'aws-elb': (p) =>
    k8sOnly(p)
      ? {
          targets: ['gateway-api'],
          className: 'aws-alb',
          implementation: 'external-lb',
          classNote: 'gatewayClassName "aws-alb": create a GatewayClass of that name with controllerName gateway.k8s.aws/alb (AWS Load Balancer Controller 3.x, Gateway API support GA); the ALB sends to pod IPs with the VPC CNI',
          detail: 'Gateway API objects for the AWS Load Balancer Controller, which builds an Application Load Balancer from them',
        }
      : declined(`on platform "${p}" the load balancer, its listeners and target groups are configured through AWS (console, CloudFormation, CDK or Terraform), not with files meshgate writes`),
  'gcp-load-balancer': () => declined('the Google Cloud load balancer (serverless NEGs, URL map, backend services) is configured through Google Cloud (gcloud or Terraform)'),
  'gke-gateway': (p) =>
    k8sOnly(p)
      ? { targets: ['gateway-api'], className: 'gke-l7-global-external-managed', implementation: 'external-lb', detail: 'Gateway API objects (class gke-l7-global-external-managed) for the GKE Gateway controller, which builds a global external Application Load Balancer from them' }
      : declined('the GKE Gateway controller runs only on GKE'),
  'azure-app-gateway': (p) =>
    k8sOnly(p)
      ? {
          targets: ['gateway-api'],
          className: 'azure-alb-external',
          implementation: 'external-lb',
          classNote: 'gatewayClassName "azure-alb-external" is installed by the ALB Controller; annotate the Gateway with alb.networking.azure.io/alb-namespace and alb-name (an ApplicationLoadBalancer you let it manage) or alb.networking.azure.io/alb-id (one you deployed)',
          detail: 'Gateway API objects (class azure-alb-external) for Application Gateway for Containers',
        }
      : declined('Application Gateway for Containers serves AKS only'),
  'aca-ingress': () => declined('Container Apps ingress is a setting of each container app (its ingress block in the app\'s YAML, Bicep or Terraform), not objects meshgate writes'),
  // ---------------------------------------------------------------- meshes and managed service networks
  'istio-ambient': (p) =>
    k8sOnly(p)
      ? { targets: ['istio'], istioMode: 'ambient', detail: 'Istio ambient mode: namespace enrolment, STRICT mTLS and per-service AuthorizationPolicies (waypoints where L7 is asked for)' }
      : declined('Istio ambient mode runs only on Kubernetes'),
  'istio-sidecar': () => ({ targets: ['istio'], istioMode: 'sidecar', detail: 'Istio sidecar mode: injection, STRICT mTLS, per-service AuthorizationPolicies and traffic rules' }),
  linkerd: () => ({ targets: ['linkerd'], detail: 'Linkerd: injection, default deny, and per service a Server, MeshTLSAuthentication and AuthorizationPolicy' }),
  'cloud-service-mesh': () => ({
    targets: ['istio'],
    istioMode: 'sidecar',
    detail: 'Istio sidecar mode policy: Cloud Service Mesh is managed Istio and takes the Istio APIs (PeerAuthentication, AuthorizationPolicy, DestinationRule, VirtualService); Google runs the control plane, so nothing is installed with istioctl',
  }),
  consul: () => declined('Consul service mesh is configured with its own config entries (ServiceIntentions, ServiceDefaults; CRDs on Kubernetes), and meshgate has no Consul target'),
  kuma: () => declined('Kuma is configured with its own policies (MeshTrafficPermission, MeshTimeout, ...), and meshgate has no Kuma target'),
  cilium: () => declined('Cilium is configured with CiliumNetworkPolicy and its Helm values (encryption, mutual authentication), and meshgate has no Cilium target'),
  'ecs-service-connect': () => declined('ECS Service Connect is configured in the ECS services and task definitions (serviceConnectConfiguration), not with files meshgate writes'),
  'vpc-lattice': () => declined('VPC Lattice is configured through AWS (service networks and IAM auth policies; on EKS through the AWS Gateway API Controller), and meshgate has no VPC Lattice target'),
  // ---------------------------------------------------------------- companions
  'aws-waf': () => declined('a web ACL is attached to CloudFront, the load balancer or API Gateway through AWS; meshgate writes no WAF rules'),
  'azure-waf': () => declined('a WAF policy is attached to Front Door or Application Gateway through Azure; meshgate writes no WAF rules'),
  'cloud-armor': () => declined('a Cloud Armor security policy is attached to the load balancer\'s backend services through Google Cloud; meshgate writes no WAF rules'),
  coraza: () => declined('Coraza runs the OWASP Core Rule Set inside your edge proxy (Envoy, Caddy or HAProxy), set up in that proxy; meshgate writes no WAF rules'),
  bff: () => declined('a backend for frontends is application code you write, one small service per kind of client'),
  'graphql-router': () => declined('a GraphQL router is configured by your composed supergraph schema and its router config; meshgate writes neither'),
  'cilium-wireguard': () => declined('WireGuard encryption is a Cilium install setting (Helm values encryption.enabled=true, encryption.type=wireguard), not objects to apply'),
  'calico-wireguard': () => declined('WireGuard encryption is a Calico setting (wireguardEnabled: true in FelixConfiguration default), set once per cluster'),
  'gke-dataplane-v2': () => declined('inter-node transparent encryption is a GKE cluster setting (gcloud container clusters create or update with --in-transit-encryption=inter-node-transparent)'),
  'aca-built-ins': () => declined('peer-to-peer encryption and Dapr are settings of the Container Apps environment and of each app, not objects meshgate writes'),
  'cloud-run-iam': () => declined('service-to-service auth on Cloud Run is IAM: grant roles/run.invoker to each caller\'s service account and require authentication (gcloud or Terraform)'),
  'lambda-iam': () => declined('IAM-authorized function URLs are configured through AWS (AuthType AWS_IAM and resource-based policies)'),
  'functions-easy-auth': () => declined('built-in authentication is a setting of each function app (Entra ID provider and allowed identities)'),
};

/** What generate does with one pick on a platform. */
function supportFor(pick: Pick<ProductPick, 'id'>, platform: Platform): Support {
  const entry = PRODUCT_SUPPORT[pick.id];
  // A product added to the catalogue without an entry here is declined, never replaced (the parity test fails until it has one).
  return entry ? entry(platform) : declined('meshgate has no target for it yet');
}

/** What the generators need to know about the picks, beyond the model. */
export interface Picks {
  /** Gateway product id the edge is set up for, when there is one. */
  gatewayId?: string;
  /** Mesh product id, when there is one. */
  meshId?: string;
  /** Istio data-plane mode for the istio target. */
  istioMode: 'ambient' | 'sidecar';
  /** Whose Istio the istio target is for: open-source Istio, or Google's managed Cloud Service Mesh. */
  istioFlavour: 'istio' | 'cloud-service-mesh';
  /** The mesh target the pick leads to (an existing Istio installation counts), if any. */
  meshTarget?: 'istio' | 'linkerd';
  /** gatewayClassName for Gateway API objects. */
  gatewayClassName: string;
  /** True when the class name is a guess the user must confirm. */
  gatewayClassGuessed: boolean;
  /** True when the class name is the one the input's gateway already uses. */
  gatewayClassFromInput: boolean;
  /** What to check or create for the class, when the product does not install it by default. */
  gatewayClassNote?: string;
  /** Which implementation the class belongs to (decides edge policy objects and the edge identity). */
  implementation: EdgeImplementation;
  /** Substitutions and other things to say on stderr and in the headers. */
  notes: string[];
  /** Said by the istio target only: the existing installation's mode wins over the pick. */
  istioModeNote?: string;
  /** Every pick of the decision and what is written for it (or why nothing is). */
  products: ProductHandling[];
}

/** gatewayClassName of the mesh's own Gateway API implementation, used when no edge product is picked. */
const MESH_GATEWAY_CLASSES: Record<string, string> = { 'istio-ambient': 'istio', 'istio-sidecar': 'istio' };

/** The implementation behind a gateway class name (the default class names of each project). */
const IMPLEMENTATION_OF_CLASS: Record<string, EdgeImplementation> = {
  eg: 'envoy-gateway',
  'envoy-gateway': 'envoy-gateway',
  kong: 'kong',
  istio: 'istio',
  nginx: 'nginx-gateway-fabric',
  traefik: 'traefik',
  cilium: 'cilium',
  apisix: 'apisix',
  'aws-alb': 'external-lb',
  'azure-alb-external': 'external-lb',
};

function implementationOfClass(className: string): EdgeImplementation {
  // GKE installs one class per load balancer flavour: gke-l7-global-external-managed, gke-l7-rilb, ...
  if (/^gke-l7-/.test(className)) return 'external-lb';
  return IMPLEMENTATION_OF_CLASS[className] ?? 'unknown';
}

const isEdge = (p: ProductPick): boolean => p.role === 'gateway' || p.role === 'ingress' || p.role === 'proxy';
const isMesh = (p: ProductPick): boolean => p.role === 'mesh' || p.role === 'managed';

/** Every pick of a decision with what generate writes for it on the platform. */
export function productHandling(decision: Decision, platform: Platform): ProductHandling[] {
  return decision.products.map((p) => {
    const s = supportFor(p, platform);
    const targets = isEdge(p) ? s.targets.map((t) => edgeDirectory(t, decision)) : s.targets;
    return { id: p.id, role: p.role, name: p.name, outcome: targets.length > 0 ? 'written' : 'declined', targets, detail: s.detail };
  });
}

/** The "neither" edge on Kubernetes goes to ingress/ (the same Gateway API objects, named for what they are). */
function edgeDirectory(t: Target, decision: Pick<Decision, 'recommendation'>): Target {
  return t === 'gateway-api' && decision.recommendation === 'neither' ? 'ingress' : t;
}

/** The sentence that says a pick gets no starter config, and why. */
export function declinedNote(h: Pick<ProductHandling, 'name' | 'role' | 'detail'>): string {
  return `no starter config is written for ${h.name} (${h.role}): ${h.detail}.`;
}

/**
 * Reads the picks out of a decision, then lets the input's facts win: the gateway class its
 * edge already uses, and the data-plane mode of an Istio installation it already runs.
 */
export function readPicks(decision: Decision, model?: GenModel): Picks {
  const platform = model?.platform ?? decision.answers.platform;
  const gateway = decision.products.find(isEdge);
  const mesh = decision.products.find(isMesh);
  const products = productHandling(decision, platform);
  const notes: string[] = products.filter((h) => h.outcome === 'declined').map(declinedNote);
  const gatewaySupport = gateway ? supportFor(gateway, platform) : undefined;
  const meshSupport = mesh ? supportFor(mesh, platform) : undefined;
  // Written, but not the product's own usual config: said once, in every header and on stderr.
  if (gateway?.id === 'envoy' && gatewaySupport!.targets.length > 0) notes.push(`${gateway.name}: ${gatewaySupport!.detail}.`);
  if (mesh?.id === 'cloud-service-mesh') notes.push(`${mesh.name}: ${meshSupport!.detail}.`);
  // On a mixed platform an edge written only as Gateway API objects covers the Kubernetes part alone.
  if (platform === 'mixed' && gatewaySupport && gatewaySupport.targets.length > 0 && gatewaySupport.targets.every((t) => t === 'gateway-api')) {
    notes.push(`${gateway!.name} is written for the Kubernetes part of this mixed platform only (Gateway API objects); meshgate writes no config for it off Kubernetes.`);
  }
  const meshIstio = meshSupport?.targets.includes('istio') === true;
  let istioMode: Picks['istioMode'] = meshSupport?.istioMode ?? 'ambient';
  let gatewayClassName: string | undefined = gatewaySupport?.className;
  // Without an edge pick, the edge runs on the mesh's own Gateway API implementation when it has one.
  if (!gateway && mesh && MESH_GATEWAY_CLASSES[mesh.id]) gatewayClassName = MESH_GATEWAY_CLASSES[mesh.id];

  let fromInput = false;
  let istioModeNote: string | undefined;
  const existingClass = model?.edge.existing?.className;
  if (existingClass !== undefined) {
    if (gatewayClassName !== undefined && gatewayClassName !== existingClass) {
      notes.push(`your gateway uses class "${existingClass}", which is kept; the recommendation's pick would use "${gatewayClassName}": change gatewayClassName (and the edge policy objects) to switch.`);
    }
    gatewayClassName = existingClass;
    fromInput = true;
  }
  const existingMesh = model?.existingMesh;
  const existingIstio = existingMesh !== undefined && /istio/i.test(existingMesh.product);
  if (existingIstio && (mesh === undefined || meshIstio)) {
    if (existingMesh.mode !== istioMode) istioModeNote = `your Istio installation runs in ${existingMesh.mode} mode, which is kept${mesh ? ` (the recommendation's pick is ${istioMode} mode)` : ''}.`;
    istioMode = existingMesh.mode;
  }
  const meshTarget: Picks['meshTarget'] = meshSupport?.targets.includes('linkerd') ? 'linkerd' : meshIstio || (mesh === undefined && existingIstio) ? 'istio' : undefined;
  return {
    gatewayId: gateway?.id,
    meshId: mesh?.id,
    istioMode,
    istioFlavour: mesh?.id === 'cloud-service-mesh' ? 'cloud-service-mesh' : 'istio',
    meshTarget,
    gatewayClassName: gatewayClassName ?? 'example-gateway-class',
    gatewayClassGuessed: gatewayClassName === undefined,
    gatewayClassFromInput: fromInput,
    ...(!fromInput && gatewaySupport?.classNote ? { gatewayClassNote: gatewaySupport.classNote } : {}),
    implementation: gatewayClassName ? implementationOfClass(gatewayClassName) : 'unknown',
    notes,
    ...(istioModeNote ? { istioModeNote } : {}),
    products,
  };
}

/**
 * Default targets for a decision, in the order they should be applied: the targets of each
 * picked product (the edge first, then the mesh), never another product's in place of one that
 * has none. One edge configuration per pick: Kong on Kubernetes is configured through Gateway
 * API objects plus KongPlugins (the Kong Ingress Controller), not a second time as a decK file.
 * Only when the decision picks no product for a layer it needs (answers with no fitting
 * product) does the layer get meshgate's portable default: Gateway API (or nginx.conf off
 * Kubernetes) at the edge, Istio inside.
 */
export function defaultTargets(decision: Decision, platform: Platform): Target[] {
  const k8s = k8sOnly(platform);
  const edgePick = decision.products.find(isEdge);
  const meshPick = decision.products.find(isMesh);
  const out: Target[] = [];
  if (edgePick) out.push(...supportFor(edgePick, platform).targets.map((t) => edgeDirectory(t, decision)));
  else if (decision.recommendation === 'gateway' || decision.recommendation === 'both') out.push(...(platform === 'mixed' ? (['gateway-api', 'nginx'] as const) : k8s ? (['gateway-api'] as const) : (['nginx'] as const)));
  else if (decision.recommendation === 'neither') out.push(...(platform === 'mixed' ? (['ingress', 'nginx'] as const) : k8s ? (['ingress'] as const) : (['nginx'] as const)));
  const meshTargets = meshPick ? supportFor(meshPick, platform).targets : decision.recommendation === 'mesh' || decision.recommendation === 'both' ? (['istio'] as Target[]) : [];
  // A mesh that someone calls into still needs a way in: without an edge pick, a Gateway API
  // Gateway (on the mesh's own implementation when it has one, a class to fill in otherwise).
  if (meshTargets.length > 0 && !edgePick && decision.recommendation === 'mesh' && k8s && decision.answers.consumers.length > 0) out.push('gateway-api');
  out.push(...meshTargets);
  return [...new Set(out)];
}
