/**
 * A fast path for the plain YAML most architecture files are written in: block mappings and
 * sequences, one-line scalars and one-line flow collections. It builds the values in one pass
 * and keeps no event per node, which is where js-yaml spends most of its time and memory on
 * large files; `PlainTree` finds positions in the text afterwards, only for the nodes asked for.
 *
 * It is strict: anything outside that subset (anchors, aliases, tags, block or multi-line
 * scalars, directives, several documents, tabs, CR line ends, duplicate keys, numbers other than
 * plain decimal integers, ...) makes it give up, and the caller parses with js-yaml as before,
 * which also reports every error with its position. A differential test checks that wherever the
 * fast path answers, values and positions equal js-yaml's.
 */
import { TreeIndex, type CompactEvents, type PathStep } from './events.js';

/** Event type codes, as js-yaml's EVENT_ID (the position index reads both alike). */
const SEQUENCE = 2;
const MAPPING = 3;
const SCALAR = 4;
const POP = 6;
const PLAIN = 1;
const SINGLE = 2;
const DOUBLE = 3;
const FLOW = 2;

class GiveUp extends Error {}
const giveUp = (): never => {
  throw new GiveUp();
};

const MAX_DEPTH = 200;
const INT = /^-?(0|[1-9][0-9]*)$/;
/** Plain scalars js-yaml's core schema would read as something other than a string (or we can't be sure). */
const NOT_PLAIN_STRING = /^(?:[-+]?(?:\.?[0-9]|\.(?:inf|Inf|INF|nan|NaN|NAN))|~$|null$|Null$|NULL$|true$|True$|TRUE$|false$|False$|FALSE$|<<$)/;

/** Where the parser sends its events: the Emitter keeps them, the NullSink drops them. */
interface EventSink {
  collection(type: number, style: number, start: number): void;
  scalar(style: number, vs: number, ve: number): void;
  pop(): void;
}

const NULL_SINK: EventSink = { collection() {}, scalar() {}, pop() {} };

class Emitter implements EventSink {
  count = 0;
  type = new Uint8Array(1024);
  style = new Uint8Array(1024);
  start = new Int32Array(1024);
  valueStart = new Int32Array(1024);
  valueEnd = new Int32Array(1024);
  end = new Int32Array(1024);
  private open: number[] = [];

  private grow(): void {
    const n = this.type.length * 2;
    const g8 = (a: Uint8Array) => { const b = new Uint8Array(n); b.set(a); return b; };
    const g32 = (a: Int32Array) => { const b = new Int32Array(n); b.set(a); return b; };
    this.type = g8(this.type);
    this.style = g8(this.style);
    this.start = g32(this.start);
    this.valueStart = g32(this.valueStart);
    this.valueEnd = g32(this.valueEnd);
    this.end = g32(this.end);
  }

  private push(type: number, style: number, start: number, vs: number, ve: number): number {
    if (this.count === this.type.length) this.grow();
    const i = this.count++;
    this.type[i] = type;
    this.style[i] = style;
    this.start[i] = start;
    this.valueStart[i] = vs;
    this.valueEnd[i] = ve;
    this.end[i] = i;
    return i;
  }

  collection(type: number, style: number, start: number): void {
    this.open.push(this.push(type, style, start, -1, -1));
  }

  scalar(style: number, vs: number, ve: number): void {
    const start = vs < 0 ? -1 : style === PLAIN ? vs : vs - 1;
    this.push(SCALAR, style, start, vs, ve);
  }

  pop(): void {
    const i = this.push(POP, 0, -1, -1, -1);
    this.end[this.open.pop()!] = i;
  }

  result(): CompactEvents {
    const n = this.count;
    return {
      count: n,
      type: this.type.subarray(0, n),
      style: this.style.subarray(0, n),
      start: this.start.subarray(0, n),
      valueStart: this.valueStart.subarray(0, n),
      valueEnd: this.valueEnd.subarray(0, n),
      end: this.end.subarray(0, n),
    };
  }
}

/**
 * An array grown by push keeps spare capacity (17 slots for one item); a copy holds exactly its
 * items. On a 100k-service file that is about 20 MB less for `protocols` and `calls` alone.
 */
function exactSize<T>(items: T[]): T[] {
  return items.length === 0 ? [] : items.slice();
}

/** The scalar a plain token stands for, as js-yaml's core schema would read it (or give up). */
function plainValue(token: string): unknown {
  if (!NOT_PLAIN_STRING.test(token)) return token;
  if (INT.test(token)) {
    const n = Number(token);
    return Number.isSafeInteger(n) && token !== '-0' ? n : giveUp();
  }
  if (token === 'null') return null;
  if (token === 'true') return true;
  if (token === 'false') return false;
  return giveUp();
}

/** Short scalars repeat (service names in every `calls:` list, `http`, `tcp`): keep one copy of each. */
const INTERN_MAX_LENGTH = 64;

class FastParser {
  pos = 0;
  private depth = 0;
  private readonly interned = new Map<string, string>();

  constructor(private readonly text: string, private readonly out: EventSink = NULL_SINK) {}

  private intern(s: string): string {
    if (s.length > INTERN_MAX_LENGTH) return s;
    const known = this.interned.get(s);
    if (known !== undefined) return known;
    this.interned.set(s, s);
    return s;
  }

  run(): unknown {
    const t = this.text;
    if (t.includes('\t') || t.includes('\r') || t.includes('\0')) giveUp();
    this.skipBlankLines();
    if (this.pos >= t.length) giveUp();
    const indent = this.indentAt(this.pos);
    if (t.startsWith('---', this.pos) || t.startsWith('...', this.pos) || t[this.pos + indent] === '%') giveUp();
    const value = this.blockNode(this.pos + indent, indent);
    this.skipBlankLines();
    if (this.pos < t.length) giveUp();
    return value;
  }

  /** Where the root node starts (the first character that is not blank or a comment). */
  rootStart(): number {
    this.pos = 0;
    this.skipBlankLines();
    return this.pos + this.indentAt(this.pos);
  }

  /** The events of the one-line flow collection at `at` (for position lookups inside it). */
  flowEvents(at: number): CompactEvents {
    const emitter = new Emitter();
    new FastParser(this.text, emitter).flow(at);
    return emitter.result();
  }

  /** Moves pos past empty and comment-only lines; pos ends at a line start. */
  skipBlankLines(): void {
    const t = this.text;
    while (this.pos < t.length) {
      let i = this.pos;
      while (t.charCodeAt(i) === 32) i++;
      if (i >= t.length) {
        this.pos = t.length;
        return;
      }
      const c = t[i];
      if (c === '\n') this.pos = i + 1;
      else if (c === '#') {
        const nl = t.indexOf('\n', i);
        this.pos = nl === -1 ? t.length : nl + 1;
      } else return;
    }
  }

  indentAt(lineStart: number): number {
    let i = lineStart;
    while (this.text.charCodeAt(i) === 32) i++;
    return i - lineStart;
  }

  /** The rest of the current line must be blank or a comment; moves pos to the next line. */
  private endLine(from: number): void {
    const t = this.text;
    let i = from;
    while (t.charCodeAt(i) === 32) i++;
    if (i < t.length && t[i] !== '\n') {
      if (t[i] !== '#' || i === from) giveUp();
      const nl = t.indexOf('\n', i);
      i = nl === -1 ? t.length : nl;
    }
    this.pos = i < t.length ? i + 1 : t.length;
  }

  /** A block node starting at offset `at` (on a line indented by `indent`). */
  private blockNode(at: number, indent: number): unknown {
    if (++this.depth > MAX_DEPTH) giveUp();
    const t = this.text;
    const c = t[at];
    let v: unknown;
    if (c === '-' && (t[at + 1] === ' ' || t[at + 1] === '\n' || at + 1 >= t.length)) v = this.blockSequence(at, indent);
    else v = this.blockMapping(at, indent);
    this.depth--;
    return v;
  }

  private blockSequence(at: number, indent: number): unknown[] {
    const t = this.text;
    const items: unknown[] = [];
    this.out.collection(SEQUENCE, 1, at);
    let dash = at;
    for (;;) {
      // After "-": a value on the same line, a compact mapping, or a node on the next lines.
      let i = dash + 1;
      while (t.charCodeAt(i) === 32) i++;
      if (i >= t.length || t[i] === '\n' || t[i] === '#') {
        this.endLine(dash + 1);
        this.skipBlankLines();
        const next = this.pos < t.length ? this.indentAt(this.pos) : -1;
        if (next > indent) items.push(this.blockNode(this.pos + next, next));
        else {
          this.out.scalar(PLAIN, -1, -1);
          items.push(null);
        }
      } else if (t[i] === '-' && (t[i + 1] === ' ' || t[i + 1] === '\n')) {
        giveUp();
      } else if (this.looksLikeKey(i)) {
        items.push(this.blockMapping(i, i - this.lineStart(i)));
      } else {
        const { value, end } = this.inlineValue(i, false);
        items.push(value);
        this.endLine(end);
        this.checkNoContinuation(indent);
      }
      this.skipBlankLines();
      if (this.pos >= t.length) break;
      const n = this.indentAt(this.pos);
      const p = this.pos + n;
      if (n > indent) giveUp();
      if (n < indent || !(t[p] === '-' && (t[p + 1] === ' ' || t[p + 1] === '\n' || p + 1 >= t.length))) break;
      dash = p;
    }
    this.out.pop();
    return exactSize(items);
  }

  private lineStart(i: number): number {
    return this.text.lastIndexOf('\n', i - 1) + 1;
  }

  /** Whether a mapping key (`key:` followed by a space or line end) starts at i. */
  looksLikeKey(i: number): boolean {
    const t = this.text;
    const c = t[i];
    if (c === '"' || c === "'") {
      const close = t.indexOf(c, i + 1);
      return close !== -1 && t[close + 1] === ':';
    }
    const nl = t.indexOf('\n', i);
    const lineEnd = nl === -1 ? t.length : nl;
    for (let j = i; j < lineEnd; j++) {
      if (t[j] === ':' && (j + 1 >= lineEnd || t[j + 1] === ' ')) return true;
      if (t[j] === '#' && t[j - 1] === ' ') return false;
    }
    return false;
  }

  private blockMapping(at: number, indent: number): Record<string, unknown> {
    const t = this.text;
    const map: Record<string, unknown> = {};
    this.out.collection(MAPPING, 1, at);
    let keyAt = at;
    for (;;) {
      const key = this.key(keyAt);
      if (Object.prototype.hasOwnProperty.call(map, key.name) || key.name === '__proto__') giveUp();
      let i = key.end + 1; // past ':'
      while (t.charCodeAt(i) === 32) i++;
      if (i >= t.length || t[i] === '\n' || t[i] === '#') {
        this.endLine(key.end + 1);
        this.skipBlankLines();
        const n = this.pos < t.length ? this.indentAt(this.pos) : -1;
        const p = this.pos + n;
        const seqHere = n === indent && t[p] === '-' && (t[p + 1] === ' ' || t[p + 1] === '\n' || p + 1 >= t.length);
        if (n > indent || seqHere) {
          if (++this.depth > MAX_DEPTH) giveUp();
          map[key.name] = n > indent ? this.blockNode(p, n) : this.blockSequence(p, n);
          this.depth--;
        } else {
          this.out.scalar(PLAIN, -1, -1);
          map[key.name] = null;
        }
      } else {
        if (i === key.end + 1) giveUp();
        const { value, end } = this.inlineValue(i, false);
        map[key.name] = value;
        this.endLine(end);
        this.checkNoContinuation(indent);
      }
      this.skipBlankLines();
      if (this.pos >= t.length) break;
      const n = this.indentAt(this.pos);
      if (n > indent) giveUp();
      if (n < indent) break;
      const p = this.pos + n;
      if (t[p] === '-') break; // a sequence at the key's own indentation ends a mapping nested in it
      if (!this.looksLikeKey(p)) giveUp();
      keyAt = p;
    }
    this.out.pop();
    return map;
  }

  /** A line indented deeper than its mapping/sequence after a one-line value would continue it: not ours. */
  private checkNoContinuation(indent: number): void {
    const save = this.pos;
    this.skipBlankLines();
    if (this.pos < this.text.length && this.indentAt(this.pos) > indent) {
      // A deeper line right after a scalar can only be a multi-line scalar (or an error).
      const p = this.pos + this.indentAt(this.pos);
      if (this.text[p] !== '-' || this.indentAt(this.pos) > indent) giveUp();
    }
    this.pos = save;
  }

  /**
   * The plain key from `at` up to its ':' at `colon` (trailing spaces dropped); emits the key
   * scalar. Keys js-yaml would read as anything but that same string (null, floats, `~`, `True`,
   * an empty key) are not ours.
   */
  private plainKey(at: number, colon: number): { name: string; end: number } {
    const t = this.text;
    let e = colon;
    while (t.charCodeAt(e - 1) === 32) e--;
    if (e <= at) giveUp();
    const token = t.slice(at, e);
    if (NOT_PLAIN_STRING.test(token) && !/^(0|[1-9][0-9]*)$/.test(token)) giveUp();
    this.out.scalar(PLAIN, at, e);
    return { name: token, end: colon };
  }

  /** A quoted mapping key, which must be followed directly by its ':'. */
  private quotedKey(at: number): { name: string; end: number } {
    const q = this.quoted(at);
    if (this.text[q.end] !== ':') giveUp();
    return { name: q.value, end: q.end };
  }

  /** A mapping key ending at its ':'; emits the key scalar. */
  key(at: number): { name: string; end: number } {
    const t = this.text;
    const c = t[at];
    if (c === '"' || c === "'") return this.quotedKey(at);
    if ('?&*!|>%@`[]{},#\'"'.includes(c!) || (c === '-' && t[at + 1] === ' ')) giveUp();
    let j = at;
    for (;;) {
      const ch = t[j];
      if (ch === undefined || ch === '\n') giveUp();
      if (ch === ':' && (j + 1 >= t.length || t[j + 1] === ' ' || t[j + 1] === '\n')) break;
      if (ch === '#' && t[j - 1] === ' ') giveUp();
      j++;
    }
    return this.plainKey(at, j);
  }

  /** A scalar or flow collection on one line; returns where it ends. */
  private inlineValue(at: number, inFlow: boolean): { value: unknown; end: number } {
    const t = this.text;
    const c = t[at];
    if (c === '"' || c === "'") {
      const q = this.quoted(at);
      return { value: q.value, end: q.end };
    }
    if (c === '[' || c === '{') return this.flow(at);
    if (c === undefined || '&*!|>%@`?,]}#'.includes(c) || (c === '-' && (t[at + 1] === ' ' || t[at + 1] === '\n'))) giveUp();
    if (c === ':') giveUp();
    let j = at;
    for (;;) {
      const ch = t[j];
      if (ch === undefined || ch === '\n') break;
      if (ch === '#' && t[j - 1] === ' ') break;
      // In a flow collection a ':' next to an indicator starts a pair; leave every such case to js-yaml.
      if (ch === ':' && (inFlow || t[j + 1] === ' ' || t[j + 1] === '\n' || j + 1 >= t.length)) giveUp();
      if (inFlow && (ch === ',' || ch === ']' || ch === '}' || ch === '[' || ch === '{')) break;
      j++;
    }
    let e = j;
    while (t.charCodeAt(e - 1) === 32) e--;
    if (e === at) giveUp();
    const token = t.slice(at, e);
    const value = plainValue(token);
    this.out.scalar(PLAIN, at, e);
    if (typeof value === 'string') return { value: this.intern(value), end: e };
    return { value, end: e };
  }

  /** A quoted scalar that closes on the same line. */
  private quoted(at: number): { value: string; end: number } {
    const t = this.text;
    const q = t[at];
    let out = '';
    let j = at + 1;
    for (;;) {
      const ch = t[j];
      if (ch === undefined || ch === '\n') giveUp();
      if (q === "'") {
        if (ch === "'") {
          if (t[j + 1] === "'") {
            out += "'";
            j += 2;
            continue;
          }
          break;
        }
      } else {
        if (ch === '"') break;
        if (ch === '\\') {
          const e = t[j + 1];
          const simple: Record<string, string> = { '\\': '\\', '"': '"', '/': '/', n: '\n', t: '\t', r: '\r', '0': '\0', b: '\b', f: '\f', ' ': ' ' };
          if (e !== undefined && simple[e] !== undefined) {
            out += simple[e];
            j += 2;
            continue;
          }
          if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(t.slice(j + 2, j + 6))) {
            out += String.fromCharCode(parseInt(t.slice(j + 2, j + 6), 16));
            j += 6;
            continue;
          }
          giveUp();
        }
      }
      out += ch;
      j++;
    }
    this.out.scalar(q === "'" ? SINGLE : DOUBLE, at + 1, j);
    return { value: this.intern(out), end: j + 1 };
  }

  /** A flow sequence or mapping that closes on the same line. */
  flow(at: number): { value: unknown; end: number } {
    if (++this.depth > MAX_DEPTH) giveUp();
    const t = this.text;
    const isMap = t[at] === '{';
    const close = isMap ? '}' : ']';
    this.out.collection(isMap ? MAPPING : SEQUENCE, FLOW, at);
    const seq: unknown[] = [];
    const map: Record<string, unknown> = {};
    let j = at + 1;
    const skip = () => {
      while (t.charCodeAt(j) === 32) j++;
    };
    skip();
    if (t[j] !== close) {
      for (;;) {
        skip();
        if (isMap) {
          const key = this.flowKey(j);
          if (Object.prototype.hasOwnProperty.call(map, key.name) || key.name === '__proto__') giveUp();
          j = key.end + 1;
          if (t[j] !== ' ') giveUp();
          skip();
          const v = this.inlineValue(j, true);
          map[key.name] = v.value;
          j = v.end;
        } else {
          const v = this.inlineValue(j, true);
          seq.push(v.value);
          j = v.end;
        }
        skip();
        if (t[j] === ',') {
          j++;
          skip();
          if (t[j] === close) giveUp();
          continue;
        }
        if (t[j] === close) break;
        giveUp();
      }
    }
    this.out.pop();
    this.depth--;
    return { value: isMap ? map : exactSize(seq), end: j + 1 };
  }

  private flowKey(at: number): { name: string; end: number } {
    const t = this.text;
    const c = t[at];
    if (c === '"' || c === "'") return this.quotedKey(at);
    let j = at;
    while (j < t.length && t[j] !== ':' && t[j] !== '\n' && !',[]{}#'.includes(t[j]!)) j++;
    if (t[j] !== ':' || j === at) giveUp();
    if ('?&*!|>%@`-'.includes(t[at]!)) giveUp();
    return this.plainKey(at, j);
  }
}

/**
 * Parses `text` if it is entirely within the plain subset; undefined means "use js-yaml".
 * Never throws. No positions are kept: `PlainTree` finds them in the text when asked.
 */
export function tryFastParse(text: string): { value: unknown } | undefined {
  try {
    return { value: new FastParser(text).run() };
  } catch (err) {
    if (err instanceof GiveUp || err instanceof RangeError) return undefined;
    throw err;
  }
}

/**
 * Finds nodes by JSON pointer in a text the fast path accepted, by reading its indentation
 * again instead of keeping an event per node: a 100k-service file would otherwise hold ~2 million
 * events (tens of MB) for the few thousand positions a lint run reports. Within that subset
 * every block entry starts its own line, so a mapping's keys and a sequence's items are the
 * lines at its column. Each collection walked into is indexed once; flow collections (one line
 * each) get a small event stream and the ordinary event lookup.
 *
 * Only valid for texts `tryFastParse` accepted: that is what makes reading by indentation exact.
 */
/**
 * Collections that take fewer lines to read are read again on every lookup: a few lines of
 * scanning, where caching them all would hold an index for each of thousands of small mappings
 * (about 2.5 MB for the findings of a 100k-service file).
 */
const MIN_CACHED_LINES = 64;

export class PlainTree {
  private readonly parser: FastParser;
  private readonly mappings = new Map<number, Map<string, PathStep>>();
  private readonly sequences = new Map<number, Int32Array>();
  private readonly flows = new Map<number, TreeIndex>();
  /** Lines the current mapping or sequence read took (decides whether to cache it). */
  private linesScanned = 0;
  readonly root: number;

  constructor(private readonly text: string) {
    this.parser = new FastParser(text);
    this.root = this.parser.rootStart();
  }

  /** Steps from the root down `segments` as far as they exist; `steps` starts with the root. */
  walk(segments: readonly string[], steps: PathStep[]): void {
    const t = this.text;
    let at = this.root;
    for (let s = 0; s < segments.length; s++) {
      const seg = segments[s]!;
      if (at < 0) return;
      const c = t[at];
      if (c === '[' || c === '{') {
        let tree = this.flows.get(at);
        if (!tree) this.flows.set(at, (tree = new TreeIndex(t, this.parser.flowEvents(at))));
        tree.walk(0, segments.slice(s), steps);
        return;
      }
      // As the parser decides: a node that starts its line is a block sequence or mapping; after
      // `- ` on the same line it is a mapping when it reads as a key; otherwise it is a scalar.
      const column = this.column(at);
      const startsLine = column === this.parser.indentAt(at - column);
      if (startsLine && this.isDash(at)) {
        if (!/^\d+$/.test(seg)) return;
        const item = this.sequenceItems(at)[Number(seg)];
        if (item === undefined) return;
        steps.push({ value: item, key: -1 });
        at = item;
      } else if (startsLine || this.parser.looksLikeKey(at)) {
        const entry = this.mappingEntries(at).get(seg);
        if (!entry) return;
        steps.push(entry);
        at = entry.value;
      } else {
        return; // a scalar has no children
      }
    }
  }

  private isDash(at: number): boolean {
    const t = this.text;
    return t[at] === '-' && (at + 1 >= t.length || t[at + 1] === ' ' || t[at + 1] === '\n');
  }

  private column(at: number): number {
    return at - (this.text.lastIndexOf('\n', at - 1) + 1);
  }

  private lineAfter(at: number): number {
    const nl = this.text.indexOf('\n', at);
    return nl === -1 ? this.text.length : nl + 1;
  }

  /** The first character of the next line at or after `lineStart` that is not blank or a comment, or -1. */
  private nextContent(lineStart: number): number {
    this.parser.pos = lineStart;
    this.parser.skipBlankLines();
    const p = this.parser.pos;
    return p < this.text.length ? p + this.parser.indentAt(p) : -1;
  }

  /** Where a node given after an indicator at `from` (a key's ':' or an item's '-') starts: same line, next deeper line, or -1 for an empty value. */
  private valueAfter(from: number, column: number, dashAtColumnCounts: boolean): number {
    const t = this.text;
    let i = from;
    while (t.charCodeAt(i) === 32) i++;
    if (i < t.length && t[i] !== '\n' && t[i] !== '#') return i;
    const next = this.nextContent(this.lineAfter(from));
    if (next < 0) return -1;
    const col = this.column(next);
    return col > column || (dashAtColumnCounts && col === column && this.isDash(next)) ? next : -1;
  }

  /** The next line at `column` after the one holding `at`, skipping deeper lines and, for a mapping, its sequences at the same column; -1 at the end. */
  private nextSibling(at: number, column: number, mapping: boolean): number {
    let p = this.nextContent(this.lineAfter(at));
    while (p >= 0) {
      this.linesScanned++;
      const col = this.column(p);
      if (col < column) return -1;
      if (col === column && !(mapping && this.isDash(p))) return p;
      p = this.nextContent(this.lineAfter(p));
    }
    return -1;
  }

  private sequenceItems(at: number): Int32Array {
    const known = this.sequences.get(at);
    if (known) return known;
    const column = this.column(at);
    this.linesScanned = 0;
    const items: number[] = [];
    for (let dash = at; dash >= 0; ) {
      items.push(this.valueAfter(dash + 1, column, false));
      dash = this.nextSibling(dash, column, false);
      if (dash >= 0 && !this.isDash(dash)) break;
    }
    const out = Int32Array.from(items);
    if (this.linesScanned >= MIN_CACHED_LINES) this.sequences.set(at, out);
    return out;
  }

  private mappingEntries(at: number): Map<string, PathStep> {
    const known = this.mappings.get(at);
    if (known) return known;
    const column = this.column(at);
    this.linesScanned = 0;
    const entries = new Map<string, PathStep>();
    for (let keyAt = at; keyAt >= 0; keyAt = this.nextSibling(keyAt, column, true)) {
      const key = this.parser.key(keyAt);
      if (!entries.has(key.name)) entries.set(key.name, { key: keyAt, value: this.valueAfter(key.end + 1, column, true) });
    }
    if (this.linesScanned >= MIN_CACHED_LINES) this.mappings.set(at, entries);
    return entries;
  }
}
