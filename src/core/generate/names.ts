/**
 * Every name a generator writes into a Kubernetes object, a Kong entity or an nginx directive
 * must be a DNS-1123 label. Checking once, up front, means a hostile name never reaches a
 * serialiser and the user gets every bad name at once, each with its position.
 */
import type { GenModel } from './model.js';

const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** True for a valid DNS-1123 label (lower-case alphanumerics and '-', at most 63 characters). */
export function isDnsLabel(name: string): boolean {
  return name.length <= 63 && DNS_1123_LABEL.test(name);
}

/** A service name that cannot be used in generated configs. */
export interface NameProblem {
  name: string;
  /** JSON pointer into the architecture where the name is written. */
  pointer?: string;
  message: string;
}

/** Shows a name safely inside a one-line message (control characters made visible). */
export function showName(name: string): string {
  return JSON.stringify(name);
}

/** Lists every service name in the model that is not a DNS-1123 label, with why. */
export function checkNames(model: GenModel): NameProblem[] {
  const problems: NameProblem[] = [];
  const seen = new Set<string>();
  const check = (name: string): void => {
    if (seen.has(name)) return;
    seen.add(name);
    if (isDnsLabel(name)) return;
    const why =
      name.length > 63
        ? `is ${name.length} characters long (at most 63)`
        : 'is not a DNS-1123 label (lower-case letters, digits and "-", starting and ending with a letter or digit)';
    problems.push({ name, pointer: model.namePointers.get(name), message: `service name ${showName(name)} ${why}` });
  };
  for (const s of model.services) {
    check(s.name);
    s.callers.forEach(check);
  }
  // In file order, so the messages read top to bottom.
  const index = (p: NameProblem): number => Number(/^\/services\/(\d+)\//.exec(p.pointer ?? '')?.[1] ?? Infinity);
  return problems.sort((a, b) => index(a) - index(b));
}

/** Throws when a name that reached a generator is not a label: a bug, since checkNames runs first. */
export function assertDnsLabel(name: string): string {
  if (!isDnsLabel(name)) throw new Error(`internal: unchecked name ${showName(name)} reached a generator`);
  return name;
}
