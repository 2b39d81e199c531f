/**
 * Every value from the input that a generator writes into a Kubernetes object, a Kong entity
 * or an nginx directive is checked once, up front: service names must be DNS-1123 labels,
 * ServiceAccounts and class names DNS-1123 subdomains, selector labels Kubernetes label syntax,
 * hosts hostnames and paths plain URL paths. Names meshgate reserves for its own objects are
 * refused too (a service called `https-redirect` would replace the redirect route). A hostile
 * value never reaches a serialiser and the user gets every bad value at once, with its position.
 */
import type { GenModel } from './model.js';

const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const HOSTNAME = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** A URL path nginx, Kong and Gateway API all take as one literal token. */
const URL_PATH = /^\/[A-Za-z0-9._~%!*+,=:@/-]*$/;

/** Names of objects meshgate writes itself: no service may take them. */
export const RESERVED_NAMES = ['https-redirect', 'edge-gateway', 'waypoint', 'allow-nothing'] as const;

/** True for a valid DNS-1123 label (lower-case alphanumerics and '-', at most 63 characters). */
export function isDnsLabel(name: string): boolean {
  return name.length <= 63 && DNS_1123_LABEL.test(name);
}

/** True for a valid DNS-1123 subdomain (labels joined by dots, at most 253 characters). */
export function isDnsSubdomain(name: string): boolean {
  return name.length <= 253 && DNS_1123_SUBDOMAIN.test(name);
}

/** True for a Kubernetes label key (optional DNS-subdomain prefix and '/', then a name). */
export function isLabelKey(key: string): boolean {
  const slash = key.lastIndexOf('/');
  if (slash < 0) return LABEL_NAME.test(key);
  return isDnsSubdomain(key.slice(0, slash)) && key.slice(0, slash).length <= 253 && LABEL_NAME.test(key.slice(slash + 1));
}

/** True for a Kubernetes label value (empty, or a label name of at most 63 characters). */
export function isLabelValue(value: string): boolean {
  return value === '' || LABEL_NAME.test(value);
}

/** A value from the input that cannot be used, with where it is written. */
export interface NameProblem {
  name: string;
  /** JSON pointer into the architecture where the value is written. */
  pointer?: string;
  message: string;
}

/** Shows a name safely inside a one-line message (control characters made visible). */
export function showName(name: string): string {
  return JSON.stringify(name);
}

/** Lists every value in the model that cannot be written into a config, with why. */
export function checkNames(model: GenModel): NameProblem[] {
  const problems: NameProblem[] = [];
  const seen = new Set<string>();
  const report = (name: string, pointer: string | undefined, message: string): void => {
    const key = `${pointer ?? ''}\u0000${message}`;
    if (seen.has(key)) return;
    seen.add(key);
    problems.push({ name, pointer, message });
  };
  const checkService = (name: string, pointer: string | undefined): void => {
    if (!isDnsLabel(name)) {
      const why = name.length > 63 ? `is ${name.length} characters long (at most 63)` : 'is not a DNS-1123 label (lower-case letters, digits and "-", starting and ending with a letter or digit)';
      report(name, pointer, `service name ${showName(name)} ${why}`);
    } else if ((RESERVED_NAMES as readonly string[]).includes(name)) {
      report(name, pointer, `service name ${showName(name)} is the name of an object meshgate writes itself (reserved: ${RESERVED_NAMES.join(', ')}); it would overwrite it`);
    }
  };
  for (const s of model.services) {
    // Callers are services of the model too: each is checked as itself.
    checkService(s.name, s.pointer ? `${s.pointer}/name` : model.namePointers.get(s.name));
    const at = (field: string) => (s.pointer ? `${s.pointer}/${field}` : undefined);
    if (!s.assumed.serviceAccount && !isDnsSubdomain(s.serviceAccount)) report(s.serviceAccount, at('serviceAccount'), `serviceAccount ${showName(s.serviceAccount)} of ${showName(s.name)} is not a DNS-1123 subdomain`);
    if (!s.assumed.serviceAccount && s.serviceAccount === 'waypoint') report(s.serviceAccount, at('serviceAccount'), `serviceAccount "waypoint" of ${showName(s.name)} is the identity Istio gives waypoint proxies: policies could not tell them apart`);
    for (const [k, v] of s.assumed.selector ? [] : Object.entries(s.selector)) {
      if (!isLabelKey(k)) report(k, at('selector'), `selector key ${showName(k)} of ${showName(s.name)} is not a Kubernetes label key`);
      if (!isLabelValue(v)) report(v, at('selector'), `selector value ${showName(v)} of ${showName(s.name)} is not a Kubernetes label value`);
    }
  }
  const e = model.edge;
  if (e.existing?.className !== undefined && !isDnsSubdomain(e.existing.className)) report(e.existing.className, '/gateway/className', `gateway className ${showName(e.existing.className)} is not a DNS-1123 subdomain`);
  if (e.existing?.serviceAccount !== undefined && !isDnsSubdomain(e.existing.serviceAccount)) report(e.existing.serviceAccount, '/gateway/serviceAccount', `gateway serviceAccount ${showName(e.existing.serviceAccount)} is not a DNS-1123 subdomain`);
  for (const r of e.routes) {
    if (r.host !== undefined && !(r.host.length <= 253 && HOSTNAME.test(r.host))) report(r.host, r.pointer ? `${r.pointer}/host` : undefined, `host ${showName(r.host)} is not a hostname (lower-case letters, digits, "-" and ".", optionally starting with "*.")`);
    if (!r.invented && !URL_PATH.test(r.path)) report(r.path, r.pointer ? `${r.pointer}/path` : undefined, `path ${showName(r.path)} is not a plain URL path (it must start with "/" and hold no spaces, quotes, ";", "$", "#", "{" or "}")`);
  }
  // In file order, so the messages read top to bottom.
  const index = (p: NameProblem): number => Number(/^\/services\/(\d+)(\/|$)/.exec(p.pointer ?? '')?.[1] ?? Infinity);
  return problems.sort((a, b) => index(a) - index(b));
}

/** Throws when a name that reached a generator is not a label: a bug, since checkNames runs first. */
export function assertDnsLabel(name: string): string {
  if (!isDnsLabel(name)) throw new Error(`internal: unchecked name ${showName(name)} reached a generator`);
  return name;
}

/** Throws when a value that reached a generator is not a DNS-1123 subdomain (checked up front). */
export function assertSubdomain(name: string): string {
  if (!isDnsSubdomain(name)) throw new Error(`internal: unchecked name ${showName(name)} reached a generator`);
  return name;
}
