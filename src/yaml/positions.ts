/**
 * Where the nodes of a parsed YAML text are, kept small and found in bounded time.
 *
 * js-yaml's event objects (about 100 bytes each) die once the values are built; what stays is a
 * node table of 9 bytes a node: its kind, where it starts, and where its subtree (or scalar)
 * ends. A lookup walks a JSON pointer down the table. A collection of at most LINEAR_MAX entries
 * is read in place; a longer one is indexed once, the first time a lookup enters it, so every
 * step of a walk costs at most LINEAR_MAX key reads or one map probe, whatever the length of the
 * collection or of the line it is written on. Offsets become line:column by binary search in a
 * table of line starts, built on the first lookup.
 */
import { EVENT_ID } from 'js-yaml';
import type { Event, ScalarEvent } from 'js-yaml';
import { mappingKey } from './schema.js';
import type { Loc } from './loc.js';

/** Operation counts, so that tests can assert what parsing and lookups cost without timing them. */
export const yamlWork = { parses: 0, keyReads: 0, childSteps: 0, lineSteps: 0 };

/** Collections with more entries than this are indexed on first use instead of read in place. */
export const LINEAR_MAX = 16;

const SEQ: number = EVENT_ID.SEQUENCE;
const MAP: number = EVENT_ID.MAPPING;
const SCALAR: number = EVENT_ID.SCALAR;
const ALIAS: number = EVENT_ID.ALIAS;
const PLAIN = 1;
/** Set in `kind` for a scalar kept in `special`. */
const SPECIAL = 0x40;
const STYLE_BITS = 0x38;

/** 1-based line and column of offsets in one text. */
export class LineIndex {
  private starts: Int32Array | undefined;

  /**
   * `shifts`: spaces added in front of some lines (0-based line -> count) by the compose
   * fix-up; columns on those lines are given back as they are in the file.
   */
  constructor(private readonly text: string, readonly file: string, private readonly shifts?: ReadonlyMap<number, number>) {}

  loc(offset: number): Loc {
    const starts = (this.starts ??= lineStarts(this.text));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      yamlWork.lineSteps++;
      const mid = (lo + hi + 1) >>> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return this.at(lo, offset - starts[lo]!);
  }

  /** The Loc of a 0-based line and column (as js-yaml's error marks give them). */
  at(line: number, column: number): Loc {
    const shift = this.shifts?.get(line) ?? 0;
    return { file: this.file, line: line + 1, column: Math.max(0, column - shift) + 1 };
  }
}

/** Offsets where lines start; a line ends at \n, \r\n or a lone \r, as js-yaml counts them. */
function lineStarts(text: string): Int32Array {
  const isBreak = (i: number): boolean => {
    const c = text.charCodeAt(i);
    return c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10);
  };
  const hasCr = text.includes('\r');
  let count = 1;
  if (hasCr) {
    for (let i = 0; i < text.length; i++) if (isBreak(i)) count++;
  } else {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
  }
  const starts = new Int32Array(count);
  let n = 1;
  if (hasCr) {
    for (let i = 0; i < text.length; i++) if (isBreak(i)) starts[n++] = i + 1;
  } else {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts[n++] = i + 1;
  }
  return starts;
}

interface Entry {
  /** Node index of the entry's value (or sequence item). */
  value: number;
  /** Node index of its key; -1 in a sequence. */
  key: number;
}

/**
 * Whether the plain scalar text[start, end) is a word the core schema leaves a string as written:
 * it starts with a letter, is on one line, and is not null, true or false in any of their
 * spellings (every other non-string form of the core schema starts with a digit, a sign, `.`,
 * `~` or `<`).
 */
function isPlainWord(text: string, start: number, end: number): boolean {
  const c = text.charCodeAt(start) | 0x20;
  if (c < 97 || c > 122) return false;
  for (let i = start + 1; i < end; i++) {
    const x = text.charCodeAt(i);
    if (x === 10 || x === 13) return false;
  }
  if ((c === 110 || c === 116 || c === 102) && end - start <= 5) return !/^(null|Null|NULL|true|True|TRUE|false|False|FALSE)$/.test(text.slice(start, end));
  return true;
}

/** Where a tag or anchor in front of a node starts (the `!` or `&`), or -1. */
function propertiesStart(ev: { tagStart: number; anchorStart: number }): number {
  const anchor = ev.anchorStart >= 0 ? ev.anchorStart - 1 : -1;
  if (ev.tagStart < 0) return anchor;
  return anchor >= 0 && anchor < ev.tagStart ? anchor : ev.tagStart;
}

/** Thrown while the table is built: a collection nests deeper than allowed; `offset` is where it starts. */
export class NestedTooDeep extends Error {
  constructor(readonly offset: number) {
    super('nested too deep');
  }
}

/** Merges (`<<`) nested deeper than this are not followed by lookups (js-yaml builds them; positions fall back to the mapping). */
const MAX_MERGE_FOLLOW = 32;

/**
 * The nodes of every document of one text, in document order (preorder), without the events'
 * DOCUMENT and POP markers.
 */
export class NodeTable {
  /** Per document: the index of its root node. */
  readonly roots: number[] = [];
  /** Per document: whether it holds an alias (only those can expand beyond their own size). */
  readonly hasAliases: boolean[] = [];
  /** Node type (EVENT_ID) in bits 0-2, its style in bits 3-5, SPECIAL in bit 6. */
  private readonly kind: Uint8Array;
  /** Where the node starts, counting a tag or anchor in front of it; -1 for an empty scalar. */
  private readonly start: Int32Array;
  /** A collection: the index just past its subtree. A scalar: where its value ends. An alias: where its name ends. */
  private readonly end: Int32Array;
  /** Scalars with a tag, an anchor or block style: the event itself, the only exact way to read them as keys. Rare. */
  private special: Map<number, ScalarEvent> | undefined;
  /** Anchored nodes by anchor name, in document order. */
  private anchors: Map<string, number[]> | undefined;
  /** Per long mapping a lookup has entered: its key nodes by property name, and its merge (`<<`) keys. */
  private longMappings: Map<number, { keys: Map<string, number>; merges: number[] }> | undefined;
  /** Items of the long sequences lookups have entered. */
  private longSequences: Map<number, Int32Array> | undefined;
  /** The previous lookup's pointer and, for the first `depth` segments it resolved, where each ends and what it found. */
  private readonly lastPath = { doc: -1, pointer: '', depth: 0, ends: [] as number[], nodes: [] as number[], fallbacks: [] as number[], keys: [] as number[] };

  /** `maxDepth`: how deep mappings and sequences may nest (NestedTooDeep past it). */
  constructor(private readonly text: string, events: readonly Event[], maxDepth = Infinity) {
    let count = 0;
    for (const ev of events) if (ev.type !== EVENT_ID.DOCUMENT && ev.type !== EVENT_ID.POP) count++;
    const kind = (this.kind = new Uint8Array(count));
    const start = (this.start = new Int32Array(count));
    const end = (this.end = new Int32Array(count));
    const open: number[] = [];
    /** Open collections of the current document. */
    let depth = 0;
    let i = 0;
    for (const ev of events) {
      switch (ev.type) {
        case EVENT_ID.DOCUMENT:
          depth = 0;
          open.push(-1);
          this.roots.push(i);
          this.hasAliases.push(false);
          break;
        case EVENT_ID.POP: {
          const c = open.pop()!;
          if (c >= 0) {
            end[c] = i;
            depth--;
          }
          break;
        }
        case EVENT_ID.SEQUENCE:
        case EVENT_ID.MAPPING: {
          kind[i] = ev.type | (ev.style << 3);
          const props = propertiesStart(ev);
          start[i] = props >= 0 ? props : ev.start;
          if (ev.anchorStart >= 0) this.addAnchor(text.slice(ev.anchorStart, ev.anchorEnd), i);
          if (++depth > maxDepth) throw new NestedTooDeep(start[i]!);
          open.push(i++);
          break;
        }
        case EVENT_ID.SCALAR: {
          const special = ev.tagStart >= 0 || ev.anchorStart >= 0 || ev.style > 3;
          kind[i] = SCALAR | (ev.style << 3) | (special ? SPECIAL : 0);
          const props = propertiesStart(ev);
          // A quoted scalar's value starts inside the quotes; the node starts at the opening quote.
          start[i] = props >= 0 ? props : ev.valueStart < 0 ? -1 : ev.style === 2 || ev.style === 3 ? ev.valueStart - 1 : ev.valueStart;
          end[i] = ev.valueEnd;
          if (special) (this.special ??= new Map()).set(i, ev);
          if (ev.anchorStart >= 0) this.addAnchor(text.slice(ev.anchorStart, ev.anchorEnd), i);
          i++;
          break;
        }
        case EVENT_ID.ALIAS:
          kind[i] = ALIAS;
          start[i] = ev.anchorStart - 1;
          end[i] = ev.anchorEnd;
          this.hasAliases[this.hasAliases.length - 1] = true;
          i++;
          break;
      }
    }
  }

  private addAnchor(name: string, node: number): void {
    const anchors = (this.anchors ??= new Map());
    const list = anchors.get(name);
    if (list) list.push(node);
    else anchors.set(name, [node]);
  }

  private type(i: number): number {
    return this.kind[i]! & 7;
  }

  /** The node after `i` and its subtree. */
  private after(i: number): number {
    const t = this.type(i);
    return t === SEQ || t === MAP ? this.end[i]! : i + 1;
  }

  /** The anchored node an alias refers to: the last one of that name before it, as js-yaml resolves it. */
  private aliasTarget(alias: number): number | undefined {
    const list = this.anchors?.get(this.text.slice(this.start[alias]! + 1, this.end[alias]!));
    if (!list) return undefined;
    let lo = 0;
    let hi = list.length - 1;
    let found: number | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (list[mid]! < alias) {
        found = list[mid];
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  /** The property name a key node stands for; undefined for a key that is a collection. */
  private keyOf(i: number): string | undefined {
    const t = this.type(i);
    if (t === ALIAS) {
      const target = this.aliasTarget(i);
      return target === undefined ? undefined : this.keyOf(target);
    }
    if (t !== SCALAR) return undefined;
    yamlWork.keyReads++;
    const ev = this.special?.get(i) ?? this.scalarEvent(i);
    return mappingKey(this.text, ev);
  }

  /**
   * Whether key node `i` stands for the property `name`. Most keys are plain words (`image`,
   * `metadata`), which the core schema keeps as they are written: those are compared in the text
   * without building the key. Everything else is built as js-yaml builds it.
   */
  private keyIs(i: number, name: string): boolean {
    if (this.kind[i] === (SCALAR | (PLAIN << 3))) {
      const s = this.start[i]!;
      const e = this.end[i]!;
      if (s >= 0 && isPlainWord(this.text, s, e)) {
        yamlWork.keyReads++;
        return e - s === name.length && this.text.startsWith(name, s);
      }
    }
    return this.keyOf(i) === name;
  }

  /** A plain or quoted scalar without properties, as the event js-yaml gave for it. */
  private scalarEvent(i: number): ScalarEvent {
    const style = (this.kind[i]! & STYLE_BITS) >> 3;
    const s = this.start[i]!;
    const valueStart = s < 0 ? -1 : style === PLAIN ? s : s + 1;
    return {
      type: EVENT_ID.SCALAR, valueStart, valueEnd: s < 0 ? -1 : this.end[i]!, anchorStart: -1, anchorEnd: -1, tagStart: -1, tagEnd: -1,
      style: style as ScalarEvent['style'], chomping: 1, indent: -1, fast: false,
    };
  }

  private isMergeKey(i: number): boolean {
    if (this.type(i) !== SCALAR) return false;
    const ev = this.special?.get(i);
    if (ev) return ev.tagStart >= 0 && this.text.slice(ev.tagStart, ev.tagEnd) === '!!merge';
    return this.kind[i] === (SCALAR | (PLAIN << 3)) && this.end[i]! - this.start[i]! === 2 && this.text.startsWith('<<', this.start[i]!);
  }

  /** Entry `seg` of collection `c`, looking through merge keys as js-yaml applies them. */
  private entry(c: number, seg: string, merges = 0): Entry | undefined {
    const t = this.type(c);
    if (t === SEQ) return /^(0|[1-9][0-9]*)$/.test(seg) ? this.item(c, Number(seg)) : undefined;
    if (t !== MAP) return undefined;
    const own = this.member(c, seg);
    if (own !== undefined || merges >= MAX_MERGE_FOLLOW) return own;
    // A key written in the mapping wins over merged ones; among merge sources the first wins.
    for (const mergeKey of this.mergeKeys(c)) {
      const value = this.after(mergeKey);
      const sources = this.type(value) === SEQ ? this.children(value) : [value];
      for (let source of sources) {
        if (this.type(source) === ALIAS) source = this.aliasTarget(source) ?? -1;
        if (source < 0) continue;
        const found = this.entry(source, seg, merges + 1);
        if (found) return found;
      }
    }
    return undefined;
  }

  private children(c: number): number[] {
    const out: number[] = [];
    for (let j = c + 1; j < this.end[c]!; j = this.after(j)) out.push(j);
    return out;
  }

  /** Item `index` of sequence `c`. */
  private item(c: number, index: number): Entry | undefined {
    const long = this.longSequences?.get(c);
    if (long) {
      yamlWork.childSteps++;
      return index < long.length ? { value: long[index]!, key: -1 } : undefined;
    }
    let n = 0;
    for (let j = c + 1; j < this.end[c]!; j = this.after(j), n++) {
      if (n === LINEAR_MAX) {
        this.indexSequence(c);
        return this.item(c, index);
      }
      yamlWork.childSteps++;
      if (n === index) return { value: j, key: -1 };
    }
    return undefined;
  }

  /** The entry written in mapping `c` under key `seg` (merges aside). */
  private member(c: number, seg: string): Entry | undefined {
    const long = this.longMappings?.get(c);
    if (long) {
      yamlWork.childSteps++;
      const key = long.keys.get(seg);
      return key === undefined ? undefined : { value: this.after(key), key };
    }
    let n = 0;
    for (let j = c + 1; j < this.end[c]!; n++) {
      if (n === LINEAR_MAX) {
        this.indexMapping(c);
        return this.member(c, seg);
      }
      yamlWork.childSteps++;
      const value = this.after(j);
      if (this.keyIs(j, seg)) return { value, key: j };
      j = this.after(value);
    }
    return undefined;
  }

  private mergeKeys(c: number): number[] {
    const indexed = this.longMappings?.get(c);
    if (indexed) return indexed.merges;
    const out: number[] = [];
    for (let j = c + 1, n = 0; j < this.end[c]! && n < LINEAR_MAX; n++) {
      if (this.isMergeKey(j)) out.push(j);
      j = this.after(this.after(j));
    }
    return out;
  }

  private indexSequence(c: number): void {
    const items = this.children(c);
    (this.longSequences ??= new Map()).set(c, Int32Array.from(items));
  }

  private indexMapping(c: number): void {
    const keys = new Map<string, number>();
    const merges: number[] = [];
    for (let j = c + 1; j < this.end[c]!; j = this.after(this.after(j))) {
      if (this.isMergeKey(j)) merges.push(j);
      const name = this.keyOf(j);
      // js-yaml refuses duplicate keys, so the first one is the only one (merges aside).
      if (name !== undefined && !keys.has(name)) keys.set(name, j);
    }
    (this.longMappings ??= new Map()).set(c, { keys, merges });
  }

  /**
   * Where the node at a JSON pointer starts in document `doc` (`which`: its value, or in a
   * mapping its key), or, when the pointer names nothing, the nearest node on its way that has
   * text: a pointer below a scalar, a missing key or an empty value falls back to its parent,
   * its key or further up. An alias on the way is followed to the node it names, so positions
   * inside it point at its anchor's text. Reads the pointer in place; allocates nothing per step,
   * and starts below the part it shares with the previous lookup.
   */
  locate(doc: number, pointer: string, which: 'value' | 'key'): number {
    const path = this.lastPath;
    let node = this.roots[doc]!;
    /** Best position so far: the deepest node (or key) on the way with text. */
    let fallback = this.start[node]! >= 0 ? this.start[node]! : 0;
    let key = -1;
    let at = 1;
    let depth = 0;
    // Lookups come in runs under one node (`.../env/3/name`, then `.../env/3/value`): resume
    // below the deepest segment this pointer shares with the previous one.
    if (path.doc === doc) {
      const limit = Math.min(pointer.length, path.pointer.length);
      let common = 0;
      while (common < limit && pointer.charCodeAt(common) === path.pointer.charCodeAt(common)) common++;
      for (let d = path.depth - 1; d >= 0; d--) {
        const end = path.ends[d]!;
        if (end <= common && (end === pointer.length || pointer.charCodeAt(end) === 47)) {
          node = path.nodes[d]!;
          fallback = path.fallbacks[d]!;
          key = path.keys[d]!;
          at = end + 1;
          depth = d + 1;
          break;
        }
      }
    }
    path.doc = doc;
    path.pointer = pointer;
    path.depth = depth;
    while (at <= pointer.length && pointer.length > 0) {
      const slash = pointer.indexOf('/', at);
      const end = slash < 0 ? pointer.length : slash;
      let seg = pointer.slice(at, end);
      if (seg.includes('~')) seg = seg.replace(/~1/g, '/').replace(/~0/g, '~');
      at = end + 1;
      if (this.type(node) === ALIAS) node = this.aliasTarget(node) ?? node;
      const found = this.entry(node, seg);
      if (!found) return fallback;
      node = found.value;
      key = found.key >= 0 ? this.start[found.key]! : -1;
      const value = this.start[node]!;
      // A key without a value of its own (`key:` with nothing after it) stands for its value.
      if (value >= 0) fallback = value;
      else if (key >= 0) fallback = key;
      // Written by index, not pushed after truncating: shortening an array's length is slow in V8.
      path.ends[path.depth] = end;
      path.nodes[path.depth] = node;
      path.fallbacks[path.depth] = fallback;
      path.keys[path.depth++] = key;
    }
    return which === 'key' && key >= 0 ? key : fallback;
  }

  /** Block scalars as [valueStart, valueEnd) ranges: text in them is content, not structure. */
  blockScalarRanges(): [number, number][] {
    const out: [number, number][] = [];
    for (const ev of this.special?.values() ?? []) if (ev.style > 3 && ev.valueStart >= 0) out.push([ev.valueStart, ev.valueEnd]);
    return out;
  }

  /**
   * For every flow collection that sits in block context: where it starts and a point before
   * which everything is surely inside it (the end of its last node).
   */
  outerFlowSpans(): [number, number][] {
    const out: [number, number][] = [];
    for (let i = 0; i < this.kind.length; ) {
      const t = this.type(i);
      if ((t === SEQ || t === MAP) && (this.kind[i]! & STYLE_BITS) >> 3 === 2) {
        let last = this.start[i]! + 1;
        for (let j = i + 1; j < this.end[i]!; j++) last = Math.max(last, this.start[j]! + 1, this.type(j) === SCALAR || this.type(j) === ALIAS ? this.end[j]! : 0);
        out.push([this.start[i]!, last]);
        i = this.end[i]!;
      } else i++;
    }
    return out;
  }
}
