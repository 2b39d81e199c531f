/**
 * Who the edge gateway's proxies are, as a mesh sees them: the namespace and ServiceAccount the
 * picked implementation really runs them under, so that mesh policies admit an identity that
 * exists. Facts from the input win; otherwise each implementation's documented default:
 * - Istio (class `istio`): a Deployment and ServiceAccount `<gateway>-istio` in the Gateway's
 *   namespace (istio.io, "Gateway API" task: automated deployment);
 * - Envoy Gateway: proxies in `envoy-gateway-system`, ServiceAccount
 *   `envoy-<namespace>-<gateway>-<first 8 hex of sha256("<namespace>/<gateway>")>` (the name part
 *   cut to 48 characters), as its infrastructure provider names them (envoyproxy/gateway,
 *   internal/utils GetHashedName);
 * - Kong (Helm chart `kong/ingress`, release `kong` in namespace `kong`): ServiceAccount
 *   `kong-gateway`;
 * - NGINX Gateway Fabric: a data plane per Gateway in the Gateway's namespace, named
 *   `<gateway>-nginx`;
 * - Traefik (Helm chart, release `traefik` in namespace `traefik`): ServiceAccount `traefik`.
 * Cilium runs its gateway in the node's Envoy, and a cloud load balancer built from a Gateway
 * (GKE Gateway, Application Gateway for Containers, the AWS ALB) sends from outside the cluster:
 * neither has a workload identity a mesh can admit, and the headers say so.
 */
import { createHash } from 'node:crypto';
import { EDGE_GATEWAY_NAME, type GenModel } from './model.js';
import type { Picks } from './targets.js';

/** The edge proxies as a workload. */
export interface EdgeIdentity {
  namespace: string;
  serviceAccount: string;
  /** Pod labels of the proxies (for NetworkPolicy peers and the round-trip checks). */
  labels: Record<string, string>;
  /** istio-gateway: Istio's own gateway (skips waypoints unless told); endpoint-proxy: sends to pod addresses. */
  role: 'istio-gateway' | 'endpoint-proxy';
  /** True when the identity is a placeholder the user must confirm. */
  assumed: boolean;
  /** One line saying where the identity comes from. */
  how: string;
  /** True when the proxies run outside the workload namespaces and must be enrolled in the mesh there. */
  enrolNamespace: boolean;
  /**
   * The existing gateway's own identity, from the input, when it differs: admitted as well, so
   * that the proxy in place keeps working while the new edge takes over (say so in the headers).
   */
  existing?: { namespace: string; serviceAccount: string };
}

/** Envoy Gateway's name for the resources of one Gateway (its Deployment and ServiceAccount). */
export function envoyGatewayResourceName(namespace: string, gateway: string): string {
  const key = `${namespace}/${gateway}`;
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 8);
  let name = key.replace(/\//g, '-');
  if (name.length > 48) name = name.slice(0, 48).replace(/-+$/, '');
  return `envoy-${name}-${hash}`;
}

/** The identity of the edge gateway's proxies. */
export function edgeIdentity(model: GenModel, picks: Picks): EdgeIdentity {
  const id = generatedEdgeIdentity(model, picks);
  const existing = model.edge.existing;
  if (existing?.serviceAccount && existing.namespace && (existing.serviceAccount !== id.serviceAccount || existing.namespace !== id.namespace)) {
    // Without a known implementation, the input's identity is the best there is.
    if (id.assumed && picks.implementation === 'unknown') {
      return { ...id, namespace: existing.namespace, serviceAccount: existing.serviceAccount, assumed: false, how: `your gateway's identity, read from the input`, enrolNamespace: !model.namespaces.includes(existing.namespace) };
    }
    return { ...id, existing: { namespace: existing.namespace, serviceAccount: existing.serviceAccount } };
  }
  return id;
}

/** Why the edge has no identity a mesh can admit, for the implementations that have none. */
const PLACEHOLDER_HOW: Partial<Record<Picks['implementation'], string>> = {
  cilium: 'Cilium serves Gateways from the node\'s Envoy, which has no workload identity a mesh can admit: PLACEHOLDER, replace it with the identity of a meshed gateway',
  'external-lb':
    'the cloud load balancer built from this Gateway sends from outside the cluster and has no workload identity a mesh can admit (a STRICT mesh refuses its requests): PLACEHOLDER, put a meshed gateway behind it (for Istio, an ingress gateway Deployment) and admit that gateway\'s identity here',
};

/** The identity of the proxies of the Gateway meshgate writes, by implementation. */
function generatedEdgeIdentity(model: GenModel, picks: Picks): EdgeIdentity {
  const gwNs = model.edge.namespace;
  switch (picks.implementation) {
    case 'istio':
      return {
        namespace: gwNs,
        serviceAccount: `${EDGE_GATEWAY_NAME}-istio`,
        labels: { 'gateway.networking.k8s.io/gateway-name': EDGE_GATEWAY_NAME },
        role: 'istio-gateway',
        assumed: false,
        how: `Istio deploys Gateway ${EDGE_GATEWAY_NAME} as ServiceAccount ${EDGE_GATEWAY_NAME}-istio in namespace ${gwNs}`,
        enrolNamespace: false,
      };
    case 'envoy-gateway':
      return {
        namespace: 'envoy-gateway-system',
        serviceAccount: envoyGatewayResourceName(gwNs, EDGE_GATEWAY_NAME),
        labels: { 'app.kubernetes.io/name': 'envoy', 'gateway.envoyproxy.io/owning-gateway-name': EDGE_GATEWAY_NAME, 'gateway.envoyproxy.io/owning-gateway-namespace': gwNs },
        role: 'endpoint-proxy',
        assumed: false,
        how: `Envoy Gateway runs the proxies of Gateway ${gwNs}/${EDGE_GATEWAY_NAME} in namespace envoy-gateway-system as ServiceAccount ${envoyGatewayResourceName(gwNs, EDGE_GATEWAY_NAME)}`,
        enrolNamespace: true,
      };
    case 'kong':
      return {
        namespace: 'kong',
        serviceAccount: 'kong-gateway',
        labels: { 'app.kubernetes.io/name': 'gateway', 'app.kubernetes.io/instance': 'kong' },
        role: 'endpoint-proxy',
        assumed: false,
        how: 'the Kong Helm chart (helm install kong kong/ingress -n kong) runs the proxies in namespace kong as ServiceAccount kong-gateway; change it if you installed Kong otherwise',
        enrolNamespace: true,
      };
    case 'nginx-gateway-fabric':
      return {
        namespace: gwNs,
        serviceAccount: `${EDGE_GATEWAY_NAME}-nginx`,
        labels: { 'gateway.networking.k8s.io/gateway-name': EDGE_GATEWAY_NAME },
        role: 'endpoint-proxy',
        assumed: true,
        how: `NGINX Gateway Fabric provisions the data plane of Gateway ${EDGE_GATEWAY_NAME} in namespace ${gwNs} as ${EDGE_GATEWAY_NAME}-nginx; check with kubectl get sa -n ${gwNs}`,
        enrolNamespace: false,
      };
    case 'traefik':
      return {
        namespace: 'traefik',
        serviceAccount: 'traefik',
        labels: { 'app.kubernetes.io/name': 'traefik' },
        role: 'endpoint-proxy',
        assumed: true,
        how: 'the Traefik Helm chart (release traefik in namespace traefik) runs as ServiceAccount traefik; check with kubectl get sa -n traefik',
        enrolNamespace: true,
      };
    default:
      return {
        namespace: gwNs,
        serviceAccount: EDGE_GATEWAY_NAME,
        labels: { 'gateway.networking.k8s.io/gateway-name': EDGE_GATEWAY_NAME },
        role: 'endpoint-proxy',
        assumed: true,
        how: PLACEHOLDER_HOW[picks.implementation] ?? `PLACEHOLDER: run your gateway's proxies meshed, as ServiceAccount ${EDGE_GATEWAY_NAME} in namespace ${gwNs}, or change this identity`,
        enrolNamespace: false,
      };
  }
}
