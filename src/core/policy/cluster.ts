/**
 * The cluster as the evaluator sees it: every object handed in, indexed by kind and namespace
 * once, plus the facts several policy families need (namespace labels, which dataplane a pod
 * runs, which Service fronts a workload). Built once and reused for every pair evaluated.
 */
import { field, groupOf, selectorMatches, stringMap, type LabelSelector } from './match.js';
import type { ClusterObject, Dataplane, EvaluatorOptions, KubeObject, Workload } from './types.js';

/** Options with every default applied. */
export type ResolvedOptions = Required<EvaluatorOptions>;

/** The address ranges Linkerd's `clusterNetworks` holds by default. */
export const LINKERD_DEFAULT_CLUSTER_NETWORKS = ['10.0.0.0/8', '100.64.0.0/10', '172.16.0.0/12', '192.168.0.0/16', 'fd00::/8'];

/** An indexed set of objects. Build it with `indexCluster`. */
export interface ClusterIndex {
  readonly options: ResolvedOptions;
  /** Objects of one group and kind in one namespace (cluster-scoped objects under ""), in the order given. */
  objects(group: string, kind: string, namespace: string): readonly ClusterObject[];
  /** Every object of one group and kind, in the order given. */
  all(group: string, kind: string): readonly ClusterObject[];
  /** A namespace's labels, including the `kubernetes.io/metadata.name` label Kubernetes always sets. */
  namespaceLabels(namespace: string): Record<string, string>;
  /** A namespace's annotations. */
  namespaceAnnotations(namespace: string): Record<string, string>;
  /** The Namespace object, when one was handed in. */
  namespaceObject(namespace: string): ClusterObject | undefined;
}

function key(group: string, kind: string, namespace: string): string {
  return `${group}\u0000${kind}\u0000${namespace}`;
}

/** Indexes the objects once; every evaluation then looks them up by kind and namespace. */
export function indexCluster(objects: readonly ClusterObject[], options: EvaluatorOptions = {}): ClusterIndex {
  const byKey = new Map<string, ClusterObject[]>();
  const byKind = new Map<string, ClusterObject[]>();
  const namespaces = new Map<string, ClusterObject>();
  for (const o of objects) {
    const obj = o.object;
    if (!obj || typeof obj !== 'object' || typeof obj.kind !== 'string' || typeof obj.apiVersion !== 'string' || !obj.metadata?.name) continue;
    const group = groupOf(obj.apiVersion);
    const k = key(group, obj.kind, obj.metadata.namespace ?? '');
    (byKey.get(k) ?? byKey.set(k, []).get(k)!).push(o);
    const kk = key(group, obj.kind, '*');
    (byKind.get(kk) ?? byKind.set(kk, []).get(kk)!).push(o);
    if (group === '' && obj.kind === 'Namespace') namespaces.set(obj.metadata.name, o);
  }
  const resolved: ResolvedOptions = {
    istioRootNamespace: options.istioRootNamespace ?? 'istio-system',
    istioTrustDomain: options.istioTrustDomain ?? 'cluster.local',
    linkerdDefaultInboundPolicy: options.linkerdDefaultInboundPolicy ?? 'all-unauthenticated',
    linkerdTrustDomain: options.linkerdTrustDomain ?? 'cluster.local',
    linkerdClusterNetworks: options.linkerdClusterNetworks ?? LINKERD_DEFAULT_CLUSTER_NETWORKS,
    istioCustomVerdict: options.istioCustomVerdict ?? 'allow',
    unlistedNamespaceLabels: options.unlistedNamespaceLabels ?? 'none',
  };
  return {
    options: resolved,
    objects: (group, kind, namespace) => byKey.get(key(group, kind, namespace)) ?? [],
    all: (group, kind) => byKind.get(key(group, kind, '*')) ?? [],
    namespaceLabels: (ns) => ({ ...stringMap(namespaces.get(ns)?.object.metadata.labels), 'kubernetes.io/metadata.name': ns }),
    namespaceAnnotations: (ns) => stringMap(namespaces.get(ns)?.object.metadata.annotations),
    namespaceObject: (ns) => namespaces.get(ns),
  };
}

/** A dataplane with where the evaluator read it from (for the trace). */
export interface DataplaneFact {
  dataplane: Dataplane;
  because: string;
}

/**
 * Which dataplane handles a workload's traffic, as Istio and Linkerd decide it: Istio injects a
 * sidecar when the pod label `sidecar.istio.io/inject` says "true", or the namespace carries
 * `istio-injection=enabled` (or an `istio.io/rev` revision label) and the pod does not opt out;
 * ztunnel captures pods whose label or namespace label `istio.io/dataplane-mode` is `ambient`
 * (a pod label `none` opts out; a pod with a sidecar is never captured); Linkerd injects a proxy
 * when `linkerd.io/inject` is `enabled` (or `ingress`) on the pod or its namespace and the pod
 * does not say `disabled`.
 */
export function dataplaneOf(cluster: ClusterIndex, w: Workload): DataplaneFact {
  if (w.dataplane) return { dataplane: w.dataplane, because: 'given for the workload' };
  const podLabels = w.labels;
  const podAnn = w.annotations ?? {};
  const nsLabels = cluster.namespaceLabels(w.namespace);
  const nsAnn = cluster.namespaceAnnotations(w.namespace);
  const podInject = podLabels['sidecar.istio.io/inject'] ?? podAnn['sidecar.istio.io/inject'];
  if (podInject === 'true') return { dataplane: 'istio-sidecar', because: 'pod label sidecar.istio.io/inject=true' };
  if (podInject !== 'false') {
    if (nsLabels['istio-injection'] === 'enabled') return { dataplane: 'istio-sidecar', because: `namespace ${w.namespace} label istio-injection=enabled` };
    if (nsLabels['istio-injection'] !== 'disabled' && nsLabels['istio.io/rev'] !== undefined && nsLabels['istio.io/dataplane-mode'] !== 'ambient') {
      return { dataplane: 'istio-sidecar', because: `namespace ${w.namespace} label istio.io/rev=${nsLabels['istio.io/rev']}` };
    }
  }
  const podMode = podLabels['istio.io/dataplane-mode'];
  if (podMode === 'ambient') return { dataplane: 'istio-ambient', because: 'pod label istio.io/dataplane-mode=ambient' };
  if (podMode !== 'none' && nsLabels['istio.io/dataplane-mode'] === 'ambient') {
    return { dataplane: 'istio-ambient', because: `namespace ${w.namespace} label istio.io/dataplane-mode=ambient` };
  }
  const podLinkerd = podAnn['linkerd.io/inject'];
  if (podLinkerd === 'enabled' || podLinkerd === 'ingress') return { dataplane: 'linkerd', because: `pod annotation linkerd.io/inject=${podLinkerd}` };
  if (podLinkerd !== 'disabled' && (nsAnn['linkerd.io/inject'] === 'enabled' || nsAnn['linkerd.io/inject'] === 'ingress')) {
    return { dataplane: 'linkerd', because: `namespace ${w.namespace} annotation linkerd.io/inject=${nsAnn['linkerd.io/inject']}` };
  }
  return { dataplane: 'none', because: 'no injection or ambient label on the pod or its namespace' };
}

/** The Service object a call addresses: the one named, or else the first whose selector picks the workload. */
export function serviceFor(cluster: ClusterIndex, w: Workload, name: string | undefined, namespace: string | undefined): ClusterObject | undefined {
  const ns = namespace ?? w.namespace;
  const services = cluster.objects('', 'Service', ns);
  if (name !== undefined) return services.find((s) => s.object.metadata.name === name);
  return services.find((s) => {
    const sel = stringMap(field(s.object, 'spec', 'selector'));
    return Object.keys(sel).length > 0 && selectorMatches({ matchLabels: sel } as LabelSelector, w.labels);
  });
}

/** A namespace name for an object (cluster-scoped objects have none). */
export function namespaceOf(o: KubeObject): string {
  return o.metadata.namespace ?? '';
}
