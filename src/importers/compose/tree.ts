/**
 * A compose document as a tree whose every node remembers where it came from, so that files
 * can be merged, extended and included the way `docker compose config` does and each merged
 * value still points at the line that set it. Scalars are interpolated when the tree is built
 * (compose interpolates every value, never keys). Positions are looked up only when asked.
 *
 * Short syntaxes that compose-go turns into mappings before merging (`environment`, `labels`,
 * `depends_on`, `networks`, `extra_hosts` as lists) are turned into mappings here too, so that
 * merging them is a plain mapping merge.
 */
import type { Loc } from '../../core/types.js';
import { childPointer, type ComposeTag, type YamlDocument } from '../../yaml/parse.js';
import { interpolate } from './interpolate.js';

export type { ComposeTag } from '../../yaml/parse.js';

interface Origin {
  doc: YamlDocument;
  pointer: string;
  /** The entry's key is where a mapping entry is shown (its value may be null). */
  atKey?: boolean;
}

abstract class Located {
  tag?: ComposeTag;
  constructor(readonly origin: Origin) {}
  /** Where the value is (for an entry written as a key alone, the key). */
  get loc(): Loc {
    return this.origin.atKey ? this.origin.doc.locateKey(this.origin.pointer) : this.origin.doc.locate(this.origin.pointer);
  }
  /** Where the node's key is, when it is a mapping entry. */
  get keyLoc(): Loc {
    return this.origin.doc.locateKey(this.origin.pointer);
  }
}

export class LScalar extends Located {
  readonly t = 'scalar';
  constructor(
    origin: Origin,
    /** Interpolated value; null for an explicit null or an empty value. */
    readonly value: string | number | boolean | null,
    /** Variables the interpolation could not resolve and no default stood in for (they became empty). */
    readonly unresolved: readonly string[] = [],
    /** The text as written, when interpolation left variables unresolved. */
    readonly raw?: string,
  ) {
    super(origin);
  }
  /** The value as text ('' for null). */
  get text(): string {
    return this.value === null ? '' : String(this.value);
  }
}

export class LSeq extends Located {
  readonly t = 'seq';
  constructor(origin: Origin, readonly items: LNode[]) {
    super(origin);
  }
}

export class LMap extends Located {
  readonly t = 'map';
  /** Written as a list in short syntax (`- KEY=VALUE`): its entries' positions are the items'. */
  fromList?: boolean;
  constructor(origin: Origin, readonly entries: Map<string, LNode>) {
    super(origin);
  }
  get(key: string): LNode | undefined {
    return this.entries.get(key);
  }
}

export type LNode = LScalar | LSeq | LMap;

/** Mapping fields written as lists in short syntax: `KEY=VALUE` or bare names. */
const LIST_AS_MAP: Record<string, 'kv' | 'names' | 'hosts'> = {
  environment: 'kv',
  labels: 'kv',
  annotations: 'kv',
  sysctls: 'kv',
  depends_on: 'names',
  networks: 'names',
  extra_hosts: 'hosts',
};

export interface BuildOptions {
  /** Values for `${VAR}` (the project's .env); unresolved ones interpolate as compose does. */
  vars: ReadonlyMap<string, string>;
  /** JSON pointer → tag, from the YAML parser's compose-tags option. */
  tags?: ReadonlyMap<string, ComposeTag>;
}

/** Builds the located tree of one document. */
export function treeOf(doc: YamlDocument, opts: BuildOptions): LNode {
  return build(doc.value, { doc, pointer: '' }, opts, []);
}

function build(value: unknown, origin: Origin, opts: BuildOptions, path: readonly string[]): LNode {
  const node = buildUntagged(value, origin, opts, path);
  const tag = opts.tags?.get(origin.pointer);
  if (tag) node.tag = tag;
  return node;
}

function buildUntagged(value: unknown, origin: Origin, opts: BuildOptions, path: readonly string[]): LNode {
  const { doc, pointer } = origin;
  if (Array.isArray(value)) {
    const shape = path.length === 3 && path[0] === 'services' ? LIST_AS_MAP[path[2]!] : undefined;
    if (shape) return listAsMap(value, origin, opts, shape);
    return new LSeq(origin, value.map((v, i) => build(v, { doc, pointer: childPointer(pointer, i) }, opts, [...path, String(i)])));
  }
  if (value !== null && typeof value === 'object') {
    const entries = new Map<string, LNode>();
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const p = childPointer(pointer, k);
      entries.set(k, build(v, { doc, pointer: p, atKey: v === null }, opts, [...path, k]));
    }
    return new LMap(origin, entries);
  }
  if (typeof value === 'string') {
    const r = interpolate(value, opts.vars);
    return new LScalar(origin, r.text, r.missing, r.missing.length > 0 ? value : undefined);
  }
  if (typeof value === 'number' || typeof value === 'boolean') return new LScalar(origin, value);
  return new LScalar(origin, null);
}

/** `["A=1", "B"]` → `{A: "1", B: null}`; `[a, b]` → `{a: {}, b: {}}`; `["host:ip"]` → `{host: ip}`. */
function listAsMap(list: unknown[], origin: Origin, opts: BuildOptions, shape: 'kv' | 'names' | 'hosts'): LMap {
  const entries = new Map<string, LNode>();
  list.forEach((item, i) => {
    const p = childPointer(origin.pointer, i);
    const itemOrigin: Origin = { doc: origin.doc, pointer: p };
    if (typeof item !== 'string' && typeof item !== 'number') return;
    const raw = interpolate(String(item), opts.vars);
    const text = raw.text;
    if (shape === 'names') {
      entries.set(text, new LMap(itemOrigin, new Map()));
      return;
    }
    const sep = shape === 'hosts' ? text.search(/[=:]/) : text.indexOf('=');
    if (sep < 0) {
      entries.set(text, new LScalar(itemOrigin, null, raw.missing));
      return;
    }
    // The value keeps the variables of the whole item as unresolved evidence.
    entries.set(text.slice(0, sep), new LScalar(itemOrigin, text.slice(sep + 1), raw.missing));
  });
  const map = new LMap(origin, entries);
  map.fromList = true;
  return map;
}

// ---------------------------------------------------------------- reading helpers

export function asMapNode(n: LNode | undefined): LMap | undefined {
  return n?.t === 'map' ? n : undefined;
}

export function asSeqNode(n: LNode | undefined): LSeq | undefined {
  return n?.t === 'seq' ? n : undefined;
}

export function asScalarNode(n: LNode | undefined): LScalar | undefined {
  return n?.t === 'scalar' ? n : undefined;
}

/** A scalar's text, or undefined for collections and nulls. */
export function textOf(n: LNode | undefined): string | undefined {
  return n?.t === 'scalar' && n.value !== null ? String(n.value) : undefined;
}

/** A list's items, or a lone scalar as a one-item list (compose accepts both for many fields). */
export function itemsOf(n: LNode | undefined): LNode[] {
  if (!n) return [];
  if (n.t === 'seq') return n.items;
  if (n.t === 'scalar' && n.value !== null) return [n];
  return [];
}

/** A deep copy that keeps every origin (extends copies a base service before merging into it). */
export function cloneNode(n: LNode): LNode {
  let c: LNode;
  if (n.t === 'scalar') c = new LScalar(n.origin, n.value, n.unresolved, n.raw);
  else if (n.t === 'seq') c = new LSeq(n.origin, n.items.map(cloneNode));
  else c = new LMap(n.origin, new Map([...n.entries].map(([k, v]) => [k, cloneNode(v)])));
  if (n.tag) c.tag = n.tag;
  return c;
}
