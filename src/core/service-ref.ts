/**
 * How the model names a service, and the one place that resolves such a name. A service is
 * identified by namespace and name; a reference (a call's `to`, a gateway route, a mesh member,
 * a gateway rule's `service`) names it the way Kubernetes DNS does:
 *
 * - a bare name (`cart`) means the service of that name in the caller's namespace; when the
 *   caller has no namespace, or none of that name lives in it, the only service carrying the
 *   name (a bare name that two or more namespaces carry, none of them the caller's, resolves
 *   to nothing: it is ambiguous);
 * - `name.namespace`, optionally followed by `.svc` and a cluster domain
 *   (`cart.shop.svc.cluster.local`), means that namespace's service.
 *
 * An exact name always wins over the dotted reading, so compose names with dots
 * (`realtime-dev.supabase-realtime`) stay what they are. Lint, generate, diagram and
 * derive-answers all resolve through `resolveServiceRef`; the importers write references with
 * `serviceRef`. Pure; O(1) per lookup after an O(services) index.
 */
import type { Service } from './types.js';

/** Indexes over a service list, built once. */
export interface ServiceIndex {
  readonly services: readonly Pick<Service, 'name' | 'namespace'>[];
  /** Index of the first service with a given name. */
  readonly firstIndexByName: Map<string, number>;
  /**
   * Names carried by more than one service: all their indexes, in list order. Kept apart so
   * that the usual case costs one number per name.
   */
  readonly repeatedNames: Map<string, number[]>;
}

export function indexServices(services: readonly Pick<Service, 'name' | 'namespace'>[]): ServiceIndex {
  const firstIndexByName = new Map<string, number>();
  const repeatedNames = new Map<string, number[]>();
  for (let i = 0; i < services.length; i++) {
    const name = services[i]!.name;
    const first = firstIndexByName.get(name);
    if (first === undefined) firstIndexByName.set(name, i);
    else {
      const list = repeatedNames.get(name);
      if (list) list.push(i);
      else repeatedNames.set(name, [first, i]);
    }
  }
  return { services, firstIndexByName, repeatedNames };
}

/** Every index carrying `name` (empty when none). */
export function indexesNamed(index: ServiceIndex, name: string): readonly number[] {
  const repeated = index.repeatedNames.get(name);
  if (repeated) return repeated;
  const first = index.firstIndexByName.get(name);
  return first === undefined ? [] : [first];
}

/** Cluster DNS suffixes after `name.namespace`: `.svc`, `.svc.cluster.local`, `.svc.<domain>`. */
const DNS_TAIL = /^svc(\.[a-z0-9-]+)*\.?$/;

/** The service a reference names, seen from a caller in `fromNamespace`; undefined when none or ambiguous. */
export function resolveServiceRef(index: ServiceIndex, ref: string, fromNamespace?: string): number | undefined {
  const exact = indexesNamed(index, ref);
  if (exact.length === 1) return exact[0];
  if (exact.length > 1) {
    const here = exact.filter((i) => index.services[i]!.namespace === fromNamespace);
    if (here.length > 0) return here[0];
    // Without namespaces (compose files, hand-written models) repeated names are duplicates:
    // the first is the one meant, as lint's duplicate rule reports the rest.
    if (exact.every((i) => index.services[i]!.namespace === undefined)) return exact[0];
    return undefined;
  }
  const dot = ref.indexOf('.');
  if (dot <= 0) return undefined;
  const name = ref.slice(0, dot);
  const rest = ref.slice(dot + 1);
  const dot2 = rest.indexOf('.');
  const namespace = dot2 < 0 ? rest : rest.slice(0, dot2);
  if (dot2 >= 0 && !DNS_TAIL.test(rest.slice(dot2 + 1))) return undefined;
  for (const i of indexesNamed(index, name)) if (index.services[i]!.namespace === namespace) return i;
  return undefined;
}

/**
 * The name of the service a call from `from` to `ref` reaches, for consumers keyed by name
 * (generate); the reference itself when it names no known service.
 */
export function callTargetName(index: ServiceIndex, from: Pick<Service, 'namespace'>, ref: string): string {
  const i = resolveServiceRef(index, ref, from.namespace);
  return i === undefined ? ref : index.services[i]!.name;
}

/**
 * The reference a caller writes for `target`: the bare name when it resolves to the target from
 * the caller's namespace (same namespace, or the only service of that name); `name.namespace`
 * otherwise.
 */
export function serviceRef(index: ServiceIndex, target: Pick<Service, 'name' | 'namespace'>, fromNamespace?: string): string {
  if (target.namespace === undefined || target.namespace === fromNamespace) return target.name;
  const bare = resolveServiceRef(index, target.name, fromNamespace);
  if (bare !== undefined && index.services[bare]!.name === target.name && index.services[bare]!.namespace === target.namespace) return target.name;
  return `${target.name}.${target.namespace}`;
}

/** A key unique per service identity: duplicates share it. */
export function serviceKey(s: Pick<Service, 'name' | 'namespace'>): string {
  return s.namespace === undefined ? s.name : `${s.namespace}/${s.name}`;
}
