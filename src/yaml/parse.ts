/**
 * YAML with positions from one parse: js-yaml 5 `parseEvents` gives a flat event stream with
 * source offsets; `constructFromEvents` builds the values from those same events. Positions
 * are indexed lazily, the first time somebody asks where a node is, so a clean run never pays
 * for them.
 */
import { parseEvents, constructFromEvents, YAMLException, EVENT_ID } from 'js-yaml';
import type { Event } from 'js-yaml';
import { UserError } from '../errors.js';
import { tryFastParse, PlainTree } from './fast.js';
import { TreeIndex, mappingKey, SCHEMA, type CompactEvents, type PathStep } from './events.js';
import type { Loc, Locator } from '../core/types.js';

export interface YamlDocument {
  /** 0-based index of the document within its file. */
  index: number;
  value: unknown;
  /** Position of the value at a JSON pointer (nearest ancestor when absent). */
  locate: Locator;
  /** Position of the key of the mapping entry at a JSON pointer (falls back to `locate`). */
  locateKey: Locator;
  /**
   * Whether one object may sit at several places in `value` (the document uses aliases, or may:
   * the chunked path does not track them). Only a value without sharing may be changed in place.
   */
  sharesNodes: boolean;
  /**
   * With `composeTags`: the JSON pointer of every node tagged `!reset` or `!override` (docker
   * compose's merge tags), to its tag. The values themselves are built as if the tag were absent.
   * Empty without the option.
   */
  tags: ReadonlyMap<string, ComposeTag>;
}

/** docker compose's own YAML tags: how a later file replaces (`!override`) or removes (`!reset`) a value. */
export type ComposeTag = '!reset' | '!override';

export interface YamlParseOptions {
  /** Collections nested deeper than this are rejected (js-yaml's default is 100). */
  maxDepth?: number;
  /** Upper bound on nodes after expanding aliases: stops "billion laughs" documents. */
  maxExpandedNodes?: number;
  /** Texts at least this long try the chunked parse (tests lower it; default 4 MiB). */
  chunkedMinChars?: number;
  /** Try the fast path for plain YAML first (src/yaml/fast.ts); tests turn it off to compare. */
  fast?: boolean;
  /**
   * Accept docker compose's `!reset` and `!override` tags on any node and report them in
   * `YamlDocument.tags`; without it they are unknown tags, an error like any other.
   */
  composeTags?: boolean;
}

const DEFAULT_MAX_DEPTH = 200;
const DEFAULT_MAX_EXPANDED_NODES = 5_000_000;

/** Escapes one JSON pointer segment (RFC 6901). */
export function escapePointerSegment(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Joins a parent pointer and a key or index. */
export function childPointer(parent: string, key: string | number): string {
  return `${parent}/${typeof key === 'number' ? key : escapePointerSegment(key)}`;
}

/**
 * Turns offsets into 1-based line:column. It keeps the start of every LINE_SAMPLE-th line and
 * counts the few lines after the nearest one: a full table costs 4 bytes a line (2.8 MB for a
 * 100k-service file) to answer the few thousand lookups a lint run makes.
 */
export class LineIndex {
  private samples: Int32Array | undefined;
  constructor(private readonly text: string, readonly file: string) {}

  loc(offset: number): Loc {
    const samples = (this.samples ??= sampleLineStarts(this.text));
    let lo = 0;
    let hi = samples.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (samples[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    let line = lo * LINE_SAMPLE;
    let start = samples[lo]!;
    for (let nl = this.text.indexOf('\n', start); nl !== -1 && nl < offset; nl = this.text.indexOf('\n', nl + 1)) {
      line++;
      start = nl + 1;
    }
    return { file: this.file, line: line + 1, column: offset - start + 1 };
  }
}

const LINE_SAMPLE = 64;

/** Offsets where lines 0, LINE_SAMPLE, 2*LINE_SAMPLE, ... start. */
function sampleLineStarts(text: string): Int32Array {
  const starts: number[] = [0];
  let line = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    if (++line % LINE_SAMPLE === 0) starts.push(i + 1);
  }
  return Int32Array.from(starts);
}

/** Copies events [from, to) into typed arrays, shifting offsets by `base`. */
function compactEvents(events: Event[], from: number, to: number, base: number): CompactEvents {
  const count = Math.max(0, to - from);
  const ce: CompactEvents = {
    count,
    type: new Uint8Array(count),
    style: new Uint8Array(count),
    start: new Int32Array(count),
    valueStart: new Int32Array(count),
    valueEnd: new Int32Array(count),
    end: new Int32Array(count),
  };
  const open: number[] = [];
  for (let i = 0; i < count; i++) {
    const ev = events[from + i]!;
    ce.type[i] = ev.type;
    const st = nodeStart(ev);
    ce.start[i] = st >= 0 && ev.type !== EVENT_ID.POP && ev.type !== EVENT_ID.DOCUMENT ? st + base : -1;
    if (ev.type === EVENT_ID.SCALAR) {
      ce.style[i] = ev.style;
      ce.valueStart[i] = ev.valueStart >= 0 ? ev.valueStart + base : -1;
      ce.valueEnd[i] = ev.valueEnd >= 0 ? ev.valueEnd + base : -1;
    }
    ce.end[i] = i;
    if (ev.type === EVENT_ID.MAPPING || ev.type === EVENT_ID.SEQUENCE) open.push(i);
    else if (ev.type === EVENT_ID.POP && open.length > 0) ce.end[open.pop()!] = i;
  }
  return ce;
}

/** Where a node starts, counting a tag or anchor in front of it as part of it; -1 when it has no text. */
function nodeStart(ev: Event): number {
  if (ev.type === EVENT_ID.ALIAS) return ev.anchorStart;
  if (ev.type === EVENT_ID.SCALAR) {
    if (ev.tagStart >= 0) return ev.tagStart;
    if (ev.anchorStart >= 0) return ev.anchorStart;
    if (ev.valueStart < 0) return -1;
    // js-yaml's valueStart is inside the quotes; point at the opening quote instead.
    return ev.style === 2 || ev.style === 3 ? Math.max(0, ev.valueStart - 1) : ev.valueStart;
  }
  if (ev.type === EVENT_ID.MAPPING || ev.type === EVENT_ID.SEQUENCE) {
    if (ev.tagStart >= 0) return ev.tagStart;
    if (ev.anchorStart >= 0) return ev.anchorStart;
    return ev.start;
  }
  return -1;
}

function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Resolves a pointer to the chain of nodes from the root down to the deepest one that exists. */
type PathResolver = (segments: string[]) => { steps: PathStep[]; exact: boolean };

function treeResolver(text: string, ce: CompactEvents): PathResolver {
  let tree: TreeIndex | undefined;
  return (segments) => {
    tree ??= new TreeIndex(text, ce);
    const steps: PathStep[] = [{ value: ce.count > 0 ? ce.start[0]! : 0, key: -1 }];
    tree.walk(0, segments, steps);
    return { steps, exact: steps.length === segments.length + 1 };
  };
}

function plainResolver(text: string): PathResolver {
  let tree: PlainTree | undefined;
  return (segments) => {
    tree ??= new PlainTree(text);
    const steps: PathStep[] = [{ value: tree.root, key: -1 }];
    tree.walk(segments, steps);
    return { steps, exact: steps.length === segments.length + 1 };
  };
}

function makeLocator(lines: LineIndex, resolve: PathResolver, which: 'values' | 'keys'): Locator {
  return (pointer: string) => {
    const { steps, exact } = resolve(pointerSegments(pointer));
    const last = steps[steps.length - 1]!;
    if (which === 'keys' && exact && last.key >= 0) return lines.loc(last.key);
    for (let i = steps.length - 1; i >= 0; i--) {
      const st = steps[i]!;
      if (st.value >= 0) return lines.loc(st.value);
      // A key without a usable value position (e.g. `key:` with an empty value) still has its key.
      if (st.key >= 0) return lines.loc(st.key);
    }
    return lines.loc(0);
  };
}

/** Converts a js-yaml exception into a UserError with file:line:col. */
export function yamlErrorToUserError(err: unknown, file: string): UserError {
  if (err instanceof YAMLException) {
    const mark = (err as YAMLException & { mark?: { line: number; column: number } }).mark;
    const reason = (err as YAMLException & { reason?: string }).reason ?? err.message;
    if (/input is empty/.test(reason)) {
      return new UserError(`${file} is empty`, {
        loc: { file, line: 1, column: 1 },
        hint: 'give the file content (see README "File formats"), or pass the right file',
      });
    }
    if (/nesting|maxDepth|maximum depth|too deep/i.test(reason)) {
      return new UserError(`YAML nested too deeply: ${reason}`, {
        loc: { file, line: (mark?.line ?? 0) + 1, column: (mark?.column ?? 0) + 1 },
        hint: `meshgate accepts at most ${DEFAULT_MAX_DEPTH} levels of nesting; flatten the document`,
      });
    }
    return new UserError(`invalid YAML: ${reason}`, {
      loc: { file, line: (mark?.line ?? 0) + 1, column: (mark?.column ?? 0) + 1 },
      hint: 'fix the YAML syntax at that position (a YAML-aware editor shows it too)',
    });
  }
  return err instanceof UserError ? err : new UserError(`cannot parse ${file}: ${(err as Error)?.message ?? String(err)}`);
}

/**
 * js-yaml's construct step reports some errors at offset 0. The one users meet is a mapping used
 * as a key, which is what an unrendered Helm/Go template (`name: {{ .Values.name }}`) parses to;
 * find that key in the events and say what it probably is.
 */
function constructErrorPosition(err: unknown, text: string, file: string): UserError | undefined {
  const reason = (err as { reason?: string })?.reason ?? '';
  if (!/complex keys/.test(reason)) return undefined;
  let events: Event[];
  try {
    events = parseEvents(text, { filename: file, maxDepth: DEFAULT_MAX_DEPTH });
  } catch {
    return undefined;
  }
  // Per open collection: for mappings, whether the next node is a key.
  const stack: { map: boolean; expectingKey: boolean }[] = [];
  const done = () => {
    const top = stack[stack.length - 1];
    if (top?.map) top.expectingKey = !top.expectingKey;
  };
  for (const ev of events) {
    if (ev.type === EVENT_ID.MAPPING || ev.type === EVENT_ID.SEQUENCE) {
      const top = stack[stack.length - 1];
      if (top?.map && top.expectingKey) {
        // In `{{ x }}` the key is the inner `{ x }`; the template starts one character earlier.
        const template = text[ev.start] === '{' && text[ev.start - 1] === '{';
        const at = new LineIndex(text, file).loc(template ? ev.start - 1 : nodeStart(ev));
        return new UserError(template ? 'unrendered template: `{{ ... }}` is not YAML' : `a ${ev.type === EVENT_ID.MAPPING ? 'mapping' : 'list'} used as a mapping key is not supported`, {
          loc: at,
          hint: template ? 'render the chart first (e.g. `helm template . > rendered.yaml`) and pass the rendered manifests' : 'use a plain string as the key',
        });
      }
      stack.push({ map: ev.type === EVENT_ID.MAPPING, expectingKey: true });
    } else if (ev.type === EVENT_ID.POP) {
      if (stack.length > 0) {
        stack.pop();
        done();
      }
    } else if (ev.type === EVENT_ID.SCALAR || ev.type === EVENT_ID.ALIAS) {
      done();
    }
  }
  return undefined;
}

/** Counts nodes as if every alias were expanded, sharing work between repeated references. */
function expandedSize(value: unknown, limit: number): number {
  const memo = new Map<object, number>();
  const visit = (v: unknown, depth: number): number => {
    if (v === null || typeof v !== 'object') return 1;
    const known = memo.get(v);
    if (known !== undefined) return known;
    if (depth > 10_000) return limit + 1;
    memo.set(v, limit + 1); // a cycle counts as too large
    let n = 1;
    const children = Array.isArray(v) ? v : Object.values(v as Record<string, unknown>);
    for (const c of children) {
      n += visit(c, depth + 1);
      if (n > limit) break;
    }
    memo.set(v, n);
    return n;
  };
  return visit(value, 0);
}

/**
 * Above this size a single-document file with a long top-level `services:` list is parsed in
 * chunks. Chunks cap the live event objects (a 13.6 MB, 100k-service file peaks at ~255 MB instead
 * of ~450 MB) but cost CPU: js-yaml's first parseEvents call runs about twice as fast as later ones
 * in the same process, so below a few MB one whole parse is the better trade.
 */
const CHUNKED_PARSE_MIN_CHARS = 4 << 20;
const ITEMS_PER_CHUNK = 1000;

function checkExpansion(value: unknown, index: number, file: string, maxNodes: number): void {
  if (expandedSize(value, maxNodes) > maxNodes) {
    throw new UserError(`document ${index + 1} expands to more than ${maxNodes} nodes through aliases`, {
      loc: { file, line: 1, column: 1 },
      hint: 'this looks like an alias bomb ("billion laughs"); remove the nested aliases',
    });
  }
}

const NO_TAGS: ReadonlyMap<string, ComposeTag> = new Map();

const mayHoldComposeTags = (text: string): boolean => text.includes('!reset') || text.includes('!override');

/** Where the walk in takeComposeTags stands inside one open node. */
interface TagFrame {
  kind: 'document' | 'sequence' | 'mapping';
  /** The node's JSON pointer; undefined inside a mapping key, which no pointer can name. */
  pointer: string | undefined;
  index: number;
  /** In a mapping: whether the next node is a key. */
  expectKey: boolean;
  /** In a mapping: the key whose value comes next (undefined for a complex key). */
  key: string | undefined;
}

/**
 * Takes docker compose's `!reset` and `!override` tags off the events, so that every value is
 * constructed (and every position found) exactly as if the tag were not there, and returns, per
 * document, the JSON pointer of each node that carried one. A tag on a mapping key names no node
 * a pointer can reach; it is taken off and not reported (compose gives it no meaning either).
 */
function takeComposeTags(events: Event[], text: string): Map<string, ComposeTag>[] {
  const perDocument: Map<string, ComposeTag>[] = [];
  const stack: TagFrame[] = [];
  const frame = (kind: TagFrame['kind'], pointer: string | undefined): TagFrame => ({ kind, pointer, index: 0, expectKey: true, key: undefined });
  for (const ev of events) {
    if (ev.type === EVENT_ID.DOCUMENT) {
      perDocument.push(new Map());
      stack.push(frame('document', ''));
      continue;
    }
    if (ev.type === EVENT_ID.POP) {
      stack.pop();
      continue;
    }
    const top = stack[stack.length - 1]!;
    let pointer: string | undefined;
    let isKey = false;
    if (top.kind === 'document') pointer = '';
    else if (top.kind === 'sequence') pointer = top.pointer === undefined ? undefined : childPointer(top.pointer, top.index++);
    else if (top.expectKey) {
      isKey = true;
      top.expectKey = false;
    } else {
      pointer = top.pointer === undefined || top.key === undefined ? undefined : childPointer(top.pointer, top.key);
      top.expectKey = true;
    }
    if (ev.type !== EVENT_ID.ALIAS && ev.tagStart >= 0) {
      const tag = text.slice(ev.tagStart, ev.tagEnd);
      if (tag === '!reset' || tag === '!override') {
        ev.tagStart = -1;
        ev.tagEnd = -1;
        if (pointer !== undefined) perDocument[perDocument.length - 1]!.set(pointer, tag);
      }
    }
    if (isKey) top.key = ev.type === EVENT_ID.SCALAR ? mappingKey(text, ev) : undefined;
    if (ev.type === EVENT_ID.MAPPING || ev.type === EVENT_ID.SEQUENCE) stack.push(frame(ev.type === EVENT_ID.MAPPING ? 'mapping' : 'sequence', pointer));
  }
  return perDocument;
}

/**
 * Parses every document in a YAML text. Throws UserError (with file:line:col) for invalid
 * YAML, an empty text, or an alias bomb.
 */
export function parseYamlDocuments(text: string, file: string, opts: YamlParseOptions = {}): YamlDocument[] {
  const maxNodes = opts.maxExpandedNodes ?? DEFAULT_MAX_EXPANDED_NODES;
  const lines = new LineIndex(text, file);
  // Neither shortcut knows compose's tags: a text that may hold them goes the whole way.
  const plainOnly = opts.composeTags && mayHoldComposeTags(text);
  const fast = opts.fast === false || plainOnly ? undefined : tryFastParse(text);
  if (fast) {
    const resolve = plainResolver(text);
    // The fast path gives up on anchors and aliases, so its values share nothing.
    return [{ index: 0, value: fast.value, locate: makeLocator(lines, resolve, 'values'), locateKey: makeLocator(lines, resolve, 'keys'), sharesNodes: false, tags: NO_TAGS }];
  }
  if (!plainOnly && text.length >= (opts.chunkedMinChars ?? CHUNKED_PARSE_MIN_CHARS)) {
    const chunked = parseChunked(text, file, lines, opts);
    if (chunked) {
      checkExpansion(chunked.value, 0, file, maxNodes);
      return [chunked];
    }
  }
  let events: Event[];
  let values: unknown[];
  let tags: Map<string, ComposeTag>[] | undefined;
  try {
    events = parseEvents(text, { filename: file, maxDepth: opts.maxDepth ?? DEFAULT_MAX_DEPTH });
    if (opts.composeTags && mayHoldComposeTags(text)) tags = takeComposeTags(events, text);
    values = constructFromEvents(events, { source: text, filename: file, schema: SCHEMA });
  } catch (err) {
    throw constructErrorPosition(err, text, file) ?? yamlErrorToUserError(err, file);
  }
  if (values.length === 0) {
    throw new UserError(`${file} is empty`, {
      loc: { file, line: 1, column: 1 },
      hint: 'give the file content (see README "File formats"), or pass the right file',
    });
  }
  const docStarts: number[] = [];
  /** Documents that use aliases: only those can expand beyond their own size. */
  const withAliases = new Set<number>();
  {
    let depth = 0;
    for (let i = 0; i < events.length; i++) {
      const t = events[i]!.type;
      if (t === EVENT_ID.DOCUMENT) {
        if (depth === 0) docStarts.push(i);
        depth++;
      } else if (t === EVENT_ID.MAPPING || t === EVENT_ID.SEQUENCE) depth++;
      else if (t === EVENT_ID.POP) depth--;
      else if (t === EVENT_ID.ALIAS) withAliases.add(docStarts.length - 1);
    }
  }
  return values.map((value, index) => {
    if (withAliases.has(index)) checkExpansion(value, index, file, maxNodes);
    const ce = compactEvents(events, (docStarts[index] ?? 0) + 1, docStarts[index + 1] ?? events.length, 0);
    const resolve = treeResolver(text, ce);
    return { index, value, locate: makeLocator(lines, resolve, 'values'), locateKey: makeLocator(lines, resolve, 'keys'), sharesNodes: withAliases.has(index), tags: tags?.[index] ?? NO_TAGS };
  });
}

interface ServicesBlock {
  /** Offset just after the `services:` line. */
  seqStart: number;
  /** Offsets of the lines that start each sequence item. */
  items: number[];
  /** Offset of the first line after the sequence. */
  seqEnd: number;
  /** Indentation of the items' `-`. */
  itemIndent: number;
}

/**
 * Finds a block sequence under a top-level `services:` key by looking at indentation only.
 * Returns undefined whenever the layout is anything but the plain, common one; the caller then
 * parses the whole text the ordinary way.
 */
function findServicesBlock(text: string): ServicesBlock | undefined {
  if (/^(---|\.\.\.)(\s|$)/m.test(text) || text.includes('\t')) return undefined;
  const key = /^services:[ ]*(#[^\n]*)?\r?\n/m.exec(text);
  if (!key) return undefined;
  const seqStart = key.index + key[0].length;
  const items: number[] = [];
  let itemIndent = -1;
  let pos = seqStart;
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    const lineEnd = nl === -1 ? text.length : nl;
    let indent = 0;
    while (text.charCodeAt(pos + indent) === 32) indent++;
    const first = text[pos + indent];
    const blank = pos + indent >= lineEnd || first === '\r' || first === '#';
    if (!blank) {
      const isItem = first === '-' && (pos + indent + 1 >= lineEnd || text[pos + indent + 1] === ' ' || text[pos + indent + 1] === '\r');
      if (itemIndent < 0) {
        if (!isItem) return undefined;
        itemIndent = indent;
      }
      if (indent < itemIndent || (indent === itemIndent && !isItem)) break;
      if (indent === itemIndent) items.push(pos);
    }
    pos = nl === -1 ? text.length : nl + 1;
  }
  if (items.length < 2 * ITEMS_PER_CHUNK) return undefined;
  return { seqStart, items, seqEnd: pos, itemIndent };
}

/** Parses one slice of the text; offsets in the result are shifted to the whole text. */
function parseSlice(text: string, from: number, to: number, maxDepth: number): { value: unknown; ce: CompactEvents } | undefined {
  const slice = text.slice(from, to);
  if (slice.trim() === '' || /^\s*(#[^\n]*\n\s*)*$/.test(slice)) return { value: null, ce: compactEvents([], 0, 0, 0) };
  const events = parseEvents(slice, { maxDepth });
  const values = constructFromEvents(events, { source: slice, schema: SCHEMA });
  if (values.length !== 1) return undefined;
  // Skip the DOCUMENT event and its closing POP: the compact stream starts at the root node.
  return { value: values[0], ce: compactEvents(events, 1, events.length - 1, from) };
}

/**
 * Parses a large document in pieces: the part before `services:`, the service items in chunks of
 * ITEMS_PER_CHUNK, and the part after. Each piece is parsed once, and no more than one chunk's
 * event objects are alive at a time. Any surprise (a parse error, an alias across chunks, a key in
 * two pieces) makes it give up, so that the ordinary parse reports the problem with its real position.
 */
function parseChunked(text: string, file: string, lines: LineIndex, opts: YamlParseOptions): YamlDocument | undefined {
  const block = findServicesBlock(text);
  if (!block) return undefined;
  const maxDepth = opts.maxDepth ?? DEFAULT_MAX_DEPTH;
  try {
    const head = parseSlice(text, 0, block.seqStart, maxDepth);
    const tail = parseSlice(text, block.seqEnd, text.length, maxDepth);
    if (!head || !tail) return undefined;
    const headMap = head.value as Record<string, unknown> | null;
    const tailMap = tail.value as Record<string, unknown> | null;
    if (!headMap || typeof headMap !== 'object' || Array.isArray(headMap) || headMap['services'] !== null) return undefined;
    if (tailMap !== null && (typeof tailMap !== 'object' || Array.isArray(tailMap))) return undefined;
    for (const k of Object.keys(tailMap ?? {})) if (Object.prototype.hasOwnProperty.call(headMap, k)) return undefined;

    const services: unknown[] = [];
    const chunks: CompactEvents[] = [];
    for (let i = 0; i < block.items.length; i += ITEMS_PER_CHUNK) {
      const from = block.items[i]!;
      const to = block.items[i + ITEMS_PER_CHUNK] ?? block.seqEnd;
      const piece = parseSlice(text, from, to, maxDepth);
      if (!piece || !Array.isArray(piece.value) || piece.value.length !== Math.min(ITEMS_PER_CHUNK, block.items.length - i)) return undefined;
      for (const item of piece.value) services.push(item);
      chunks.push(piece.ce);
    }
    const value: Record<string, unknown> = { ...headMap, services, ...(tailMap ?? {}) };

    const headResolve = treeResolver(text, head.ce);
    const tailResolve = treeResolver(text, tail.ce);
    const chunkTrees: (TreeIndex | undefined)[] = [];
    const resolve: PathResolver = (segments) => {
      const [top, index, ...rest] = segments;
      if (top === 'services' && index !== undefined && /^\d+$/.test(index)) {
        const steps = headResolve(['services']).steps;
        steps[steps.length - 1] = { ...steps[steps.length - 1]!, value: block.items[0]! + block.itemIndent };
        const c = Math.floor(Number(index) / ITEMS_PER_CHUNK);
        const ce = chunks[c];
        if (ce) {
          const tree = (chunkTrees[c] ??= new TreeIndex(text, ce));
          tree.walk(0, [index, ...rest], steps, c * ITEMS_PER_CHUNK);
        }
        return { steps, exact: steps.length === segments.length + 1 };
      }
      if (top !== undefined && tailMap && Object.prototype.hasOwnProperty.call(tailMap, top)) {
        const r = tailResolve(segments);
        r.steps[0] = headResolve([]).steps[0]!;
        return r;
      }
      const r = headResolve(segments);
      if (top === 'services' && segments.length === 1) r.steps[1] = { ...r.steps[1]!, value: block.items[0]! + block.itemIndent };
      return r;
    };
    return { index: 0, value, locate: makeLocator(lines, resolve, 'values'), locateKey: makeLocator(lines, resolve, 'keys'), sharesNodes: true, tags: NO_TAGS };
  } catch {
    return undefined;
  }
}

/** Parses a text that must hold exactly one YAML document. */
export function parseYamlDocument(text: string, file: string, opts: YamlParseOptions = {}): YamlDocument {
  const docs = parseYamlDocuments(text, file, opts);
  if (docs.length !== 1) {
    const second = docs[1];
    throw new UserError(`${file} holds ${docs.length} YAML documents; expected one`, {
      loc: second ? second.locate('') : { file, line: 1, column: 1 },
      hint: 'keep one document per file (remove the extra `---` sections)',
    });
  }
  return docs[0]!;
}
