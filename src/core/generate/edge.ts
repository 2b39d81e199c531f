/**
 * What the edge serves. An edge is built from what the existing gateway already serves (its
 * rules: hosts and paths; or at least the services it routes to), so clients keep their URLs.
 * When a gateway is in place but what it routes cannot be read, the new edge fronts it instead
 * of inventing routes. Without any gateway, the public and partner services are routed. In
 * every case datastores, queues, admin consoles and platform plumbing are never routed, and
 * services the edge cannot carry (plain TCP) are listed, not dropped silently.
 */
import type { Architecture, Service } from '../types.js';
import { isPlatformInfra } from '../classify.js';
import { indexesNamed, indexServices, resolveServiceRef } from '../service-ref.js';

/** The key of a service: namespace and name (see GenService.key). */
export function serviceKeyOf(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

/** One host/path the edge sends to one service. */
export interface EdgeRoute {
  /** The service's name as the notes show it. */
  service: string;
  /** The service's key (namespace/name, see GenService.key): what the route is looked up by. */
  serviceKey: string;
  /** The host the input names; absent means a placeholder host chosen per target. */
  host?: string;
  path: string;
  pathType: 'Prefix' | 'Exact';
  /** True when meshgate chose the path (the input did not say): a prefix invented this way is stripped before the service sees it. */
  invented: boolean;
  hostFromInput: boolean;
  /** Service port the rule names, when it names one. */
  port?: number;
  /** JSON pointer of the gateway rule it comes from (for error positions). */
  pointer?: string;
}

/** A service the edge does not route, and why. */
export interface SkippedRoute {
  service: string;
  why: string;
}

/** The edge plan. */
export interface GenEdge {
  /**
   * new: no gateway today; replace: the new edge serves what the existing gateway serves (its
   * service, if it is one of the services, is left out of the mesh policies); front: the
   * existing gateway's routes are unknown, so the new edge sends everything to it.
   */
  mode: 'new' | 'replace' | 'front';
  existing?: { product: string; service?: string; className?: string; namespace?: string; serviceAccount?: string };
  routes: EdgeRoute[];
  skipped: SkippedRoute[];
  /** Services published today that the existing gateway does not serve (not routed; said in the headers). */
  unrouted?: string[];
  /** Services that call the gateway being replaced (they will call the new edge's address instead). */
  callersOfGateway?: string[];
  /** Namespace the Gateway object goes to. */
  namespace: string;
  namespaceAssumed: boolean;
}

/** Consoles, dashboards and observability UIs that must not be published through the edge. */
// Named after the product (a name like "ui-dashboard" can be an application's own front end).
const ADMIN_CONSOLE = /(^|[-_])(grafana|prometheus|alertmanager|kibana|jaeger(-query|-ui)?|zipkin|pgadmin|phpmyadmin|adminer|mongo-express|redis-commander|kafka-ui|kafdrop|flagd-ui|webstatus|opensearch-dashboards|rabbitmq-management|portainer|traefik-dashboard|kubernetes-dashboard|otel-?collector)$/i;
const ADMIN_IMAGE = /(^|\/)(dashboard|kubernetes-dashboard|grafana|prometheus|alertmanager|kibana|jaeger(-query|-all-in-one)?|zipkin|pgadmin4?|phpmyadmin|adminer|mongo-express|redis-commander|kafka-ui|kafdrop|portainer|opentelemetry-collector(-contrib)?)(:|@|$)/i;

/** True for admin consoles, dashboards and platform plumbing (config servers, registries). */
export function isAdminOrPlumbing(s: Pick<Service, 'name' | 'image'>): boolean {
  return isPlatformInfra(s.name) || ADMIN_CONSOLE.test(s.name) || (s.image !== undefined && ADMIN_IMAGE.test(s.image));
}

function refusal(s: Service | undefined, name: string): string | undefined {
  if (!s) return `"${name}" is not one of the services`;
  if (s.kind === 'datastore' || s.kind === 'queue') return `a ${s.kind}: the edge never routes to it`;
  if (s.kind === 'external') return 'an external system';
  if (isAdminOrPlumbing(s)) return 'an admin console or platform service: not published through the edge (reach it privately: a VPN, an SSH tunnel or kubectl port-forward)';
  const protocols = s.protocols;
  if (!protocols.includes('http') && !protocols.includes('websocket') && !protocols.includes('grpc') && protocols.includes('tcp')) {
    return 'speaks plain TCP: the Gateway API standard channel has no TCPRoute and this edge routes HTTP and gRPC only; publish it with a LoadBalancer Service or the experimental TCPRoute';
  }
  return undefined;
}

/** Plans the edge for an architecture. */
export function planEdge(architecture: Architecture, fallbackNamespace: string): GenEdge {
  const g = architecture.gateway;
  // The gateway's references (rules, routes, its own service) are resolved like Kubernetes DNS
  // from the gateway's namespace: a bare name is the gateway namespace's service, or the only one.
  const refIndex = indexServices(architecture.services);
  const resolve = (ref: string, fromNamespace: string | undefined): Service | undefined => {
    const i = resolveServiceRef(refIndex, ref, fromNamespace);
    return i === undefined ? undefined : architecture.services[i];
  };
  const keyOf = (s: Service): string => serviceKeyOf(s.namespace ?? fallbackNamespace, s.name);
  const skipped: SkippedRoute[] = [];
  const routes: EdgeRoute[] = [];
  const seen = new Set<string>();
  const add = (target: Service | undefined, ref: string, route: Omit<EdgeRoute, 'service' | 'serviceKey'>): void => {
    const ambiguous = !target && indexesNamed(refIndex, ref).length > 1;
    const why = ambiguous ? `"${ref}" names services in several namespaces: write it as name.namespace` : refusal(target, ref);
    if (why || !target) {
      if (!skipped.some((x) => x.service === ref)) skipped.push({ service: ref, why: why! });
      return;
    }
    const key = `${keyOf(target)}\u0000${route.host ?? ''}\u0000${route.path}\u0000${route.pathType}`;
    if (seen.has(key)) return;
    seen.add(key);
    routes.push({ service: ref, serviceKey: keyOf(target), ...route });
  };
  const workloadNamespaces = new Set(architecture.services.map((s) => s.namespace ?? fallbackNamespace));
  const edgeNs = g?.namespace ?? (workloadNamespaces.has('edge') ? 'edge-gateway' : 'edge');
  const base: Pick<GenEdge, 'namespace' | 'namespaceAssumed'> = { namespace: edgeNs, namespaceAssumed: g?.namespace === undefined };
  const existing = g
    ? {
        product: g.product,
        ...(g.service !== undefined ? { service: g.service } : {}),
        ...(g.className !== undefined ? { className: g.className } : {}),
        ...(g.namespace !== undefined ? { namespace: g.namespace } : {}),
        ...(g.serviceAccount !== undefined ? { serviceAccount: g.serviceAccount } : {}),
      }
    : undefined;
  const invented = { path: '/', pathType: 'Prefix' as const, invented: true, hostFromInput: false };
  const gatewayEntry = g?.service !== undefined ? resolve(g.service, g.namespace) : undefined;
  if (g && (g.rules ?? []).length > 0) {
    for (const [j, r] of g.rules!.entries()) {
      add(resolve(r.service, g.namespace), r.service, {
        pointer: `/gateway/rules/${j}`,
        ...(r.host !== undefined ? { host: r.host } : {}),
        path: r.path ?? '/',
        pathType: r.pathType ?? 'Prefix',
        invented: r.path === undefined,
        hostFromInput: r.host !== undefined,
        ...(r.port !== undefined ? { port: r.port } : {}),
      });
    }
  } else if (g && g.routes.length > 0) {
    for (const ref of g.routes) add(resolve(ref, g.namespace), ref, invented);
  } else if (gatewayEntry) {
    routes.push({ service: gatewayEntry.name, serviceKey: keyOf(gatewayEntry), ...invented });
  } else {
    for (const s of architecture.services) if (s.exposure !== 'internal' && s.kind !== 'external' && s !== gatewayEntry) add(s, s.name, invented);
  }
  if (!g) return { mode: 'new', existing, routes, skipped, ...base };
  const routed = new Set(routes.map((r) => r.serviceKey));
  const behindGateway = new Set(gatewayEntry ? gatewayEntry.calls.map((c) => resolve(c.to, gatewayEntry.namespace)).filter((s): s is Service => s !== undefined) : []);
  const unrouted: string[] = [];
  for (const s of architecture.services) {
    if (s.exposure === 'internal' || s === gatewayEntry || routed.has(keyOf(s)) || behindGateway.has(s) || skipped.some((x) => x.service === s.name)) continue;
    // Published today but not behind the gateway: say why it stays unrouted.
    const why = refusal(s, s.name);
    if (why) skipped.push({ service: s.name, why });
    else if (s.kind === 'service') unrouted.push(s.name);
  }
  const mode: GenEdge['mode'] = g.rules?.length || g.routes.length ? 'replace' : gatewayEntry ? 'front' : 'new';
  const callersOfGateway = mode === 'replace' && gatewayEntry ? architecture.services.filter((s) => s.calls.some((c) => resolve(c.to, s.namespace) === gatewayEntry)).map((s) => s.name) : [];
  return { mode, existing, routes, skipped, ...(unrouted.length > 0 ? { unrouted } : {}), ...(callersOfGateway.length > 0 ? { callersOfGateway } : {}), ...base };
}
