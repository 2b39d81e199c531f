/**
 * Matching primitives every policy family shares: Kubernetes label selectors, CIDR blocks, and
 * object references. Pure functions over plain values.
 */
import type { ClusterObject, ObjectRef } from './types.js';

/** A Kubernetes LabelSelector as written in a manifest. */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}

/**
 * True when the labels satisfy the selector (Kubernetes LabelSelector semantics: matchLabels and
 * every matchExpressions requirement are ANDed; an empty selector selects everything). An
 * operator Kubernetes does not know makes the selector select nothing, as the API server would
 * have refused the object.
 */
export function selectorMatches(selector: LabelSelector | undefined | null, labels: Readonly<Record<string, string>>): boolean {
  if (!selector) return true;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const values = e.values ?? [];
    switch (e.operator) {
      case 'In':
        if (!has || !values.includes(labels[e.key]!)) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[e.key]!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** Parses an IPv4 or IPv6 address into a bigint and its width, or undefined. */
function parseIp(text: string): { value: bigint; bits: 32 | 128 } | undefined {
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(text)) {
    const parts = text.split('.').map(Number);
    if (parts.some((p) => p > 255)) return undefined;
    return { value: parts.reduce((acc, p) => (acc << 8n) | BigInt(p), 0n), bits: 32 };
  }
  if (!text.includes(':')) return undefined;
  let head = text;
  let tail = '';
  const dbl = text.indexOf('::');
  if (dbl >= 0) {
    head = text.slice(0, dbl);
    tail = text.slice(dbl + 2);
    if (tail.includes('::')) return undefined;
  }
  const groups = (s: string): string[] => (s === '' ? [] : s.split(':'));
  const h = groups(head);
  const t = groups(tail);
  const missing = 8 - h.length - t.length;
  if (missing < 0 || (dbl < 0 && missing !== 0)) return undefined;
  const all = [...h, ...Array<string>(missing).fill('0'), ...t];
  if (all.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return { value: all.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n), bits: 128 };
}

/** True when `ip` lies in `cidr` (a CIDR or a single address); false for anything unparsable. */
export function ipInCidr(ip: string, cidr: string): boolean {
  const [base, lenText] = cidr.split('/');
  const addr = parseIp(ip);
  const net = parseIp(base ?? '');
  if (!addr || !net || addr.bits !== net.bits) return false;
  const len = lenText === undefined ? net.bits : Number(lenText);
  if (!Number.isInteger(len) || len < 0 || len > net.bits) return false;
  const shift = BigInt(net.bits - len);
  return addr.value >> shift === net.value >> shift;
}

/** The reference a trace step carries for an object. */
export function refOf(o: ClusterObject): ObjectRef {
  const ref: ObjectRef = { apiVersion: o.object.apiVersion, kind: o.object.kind, name: o.object.metadata.name };
  if (o.object.metadata.namespace !== undefined) ref.namespace = o.object.metadata.namespace;
  if (o.source) ref.source = o.source;
  return ref;
}

/** "Kind namespace/name" for messages. */
export function describeRef(ref: ObjectRef): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}

/** The API group of an apiVersion ("" for the core group). */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** Reads a nested field of an unknown value without throwing. */
export function field(value: unknown, ...path: string[]): unknown {
  let v = value;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[p];
  }
  return v;
}

/** A field that should be an array, as an array (anything else becomes empty). */
export function list<T = unknown>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}

/** A field that should be a string map, as one (anything else becomes empty). */
export function stringMap(value: unknown): Record<string, string> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) if (typeof v === 'string') out[k] = v;
  return out;
}
