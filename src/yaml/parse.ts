/**
 * YAML with positions from one parse: js-yaml 5 `parseEvents` gives a flat event stream with
 * source offsets; `constructFromEvents` builds the values from those same events. Positions
 * are indexed lazily, the first time somebody asks where a node is, so a clean run never pays
 * for them.
 */
import { parseEvents, constructFromEvents, getScalarValue, YAMLException, EVENT_ID } from 'js-yaml';
import type { Event, ScalarEvent } from 'js-yaml';
import { UserError } from '../errors.js';
import type { Loc, Locator } from '../core/types.js';

export interface YamlDocument {
  /** 0-based index of the document within its file. */
  index: number;
  value: unknown;
  /** Position of the value at a JSON pointer (nearest ancestor when absent). */
  locate: Locator;
  /** Position of the key of the mapping entry at a JSON pointer (falls back to `locate`). */
  locateKey: Locator;
}

export interface YamlParseOptions {
  /** Collections nested deeper than this are rejected (js-yaml's default is 100). */
  maxDepth?: number;
  /** Upper bound on nodes after expanding aliases: stops "billion laughs" documents. */
  maxExpandedNodes?: number;
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

/** Turns offsets into 1-based line:column. */
export class LineIndex {
  private starts: number[] | undefined;
  constructor(private readonly text: string, readonly file: string) {}

  loc(offset: number): Loc {
    const starts = (this.starts ??= computeLineStarts(this.text));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { file: this.file, line: lo + 1, column: offset - starts[lo]! + 1 };
  }
}

function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

interface Frame {
  kind: 'map' | 'seq';
  pointer: string;
  index: number;
  expectingKey: boolean;
  pendingKey: string;
}

interface PositionIndex {
  values: Map<string, number>;
  keys: Map<string, number>;
}

/** Where a node starts, counting a tag or anchor in front of it as part of it. */
function nodeStart(ev: Event): number {
  if (ev.type === EVENT_ID.ALIAS) return ev.anchorStart;
  if (ev.type === EVENT_ID.SCALAR) {
    if (ev.tagStart >= 0) return ev.tagStart;
    if (ev.anchorStart >= 0) return ev.anchorStart;
    // js-yaml's valueStart is inside the quotes; point at the opening quote instead.
    return ev.style === 2 || ev.style === 3 ? Math.max(0, ev.valueStart - 1) : ev.valueStart;
  }
  if (ev.type === EVENT_ID.MAPPING || ev.type === EVENT_ID.SEQUENCE) {
    if (ev.tagStart >= 0) return ev.tagStart;
    if (ev.anchorStart >= 0) return ev.anchorStart;
    return ev.start;
  }
  return 0;
}

/** Walks the events of one document (from just after its DOCUMENT event to its POP). */
function indexDocument(text: string, events: Event[], from: number, to: number): PositionIndex {
  const values = new Map<string, number>();
  const keys = new Map<string, number>();
  const stack: Frame[] = [];

  const pointerForNewNode = (): string | null => {
    const top = stack[stack.length - 1];
    if (!top) return '';
    if (top.kind === 'seq') return childPointer(top.pointer, top.index);
    if (top.expectingKey) return null;
    return childPointer(top.pointer, top.pendingKey);
  };
  const nodeDone = (): void => {
    const top = stack[stack.length - 1];
    if (!top) return;
    if (top.kind === 'seq') top.index++;
    else top.expectingKey = !top.expectingKey;
  };

  for (let i = from; i < to; i++) {
    const ev = events[i]!;
    switch (ev.type) {
      case EVENT_ID.SCALAR:
      case EVENT_ID.ALIAS: {
        const top = stack[stack.length - 1];
        if (top && top.kind === 'map' && top.expectingKey) {
          top.pendingKey = ev.type === EVENT_ID.SCALAR ? getScalarValue(text, ev as ScalarEvent) : '<alias>';
          keys.set(childPointer(top.pointer, top.pendingKey), nodeStart(ev));
        } else {
          const p = pointerForNewNode();
          // An empty value (`key:`) has no source range; the locator then falls back to its key.
          const start = nodeStart(ev);
          if (p !== null && start >= 0) values.set(p, start);
        }
        nodeDone();
        break;
      }
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE: {
        const p = pointerForNewNode();
        // A collection used as a mapping key: index it under a placeholder so the walk stays in step.
        const pointer = p ?? childPointer(stack[stack.length - 1]!.pointer, '<complex-key>');
        if (p !== null) values.set(pointer, nodeStart(ev));
        stack.push({ kind: ev.type === EVENT_ID.MAPPING ? 'map' : 'seq', pointer, index: 0, expectingKey: true, pendingKey: '' });
        break;
      }
      case EVENT_ID.POP: {
        const frame = stack.pop();
        if (!frame) return { values, keys };
        const parent = stack[stack.length - 1];
        if (parent && parent.kind === 'map' && parent.expectingKey) parent.pendingKey = '<complex-key>';
        nodeDone();
        break;
      }
      default:
        break;
    }
  }
  return { values, keys };
}

function parentPointer(pointer: string): string {
  const i = pointer.lastIndexOf('/');
  return i <= 0 ? '' : pointer.slice(0, i);
}

function makeLocator(lines: LineIndex, getIndex: () => PositionIndex, which: 'values' | 'keys'): Locator {
  return (pointer: string) => {
    const index = getIndex();
    if (which === 'keys') {
      const k = index.keys.get(pointer);
      if (k !== undefined) return lines.loc(k);
    }
    let p = pointer;
    for (;;) {
      const off = index.values.get(p);
      if (off !== undefined) return lines.loc(off);
      if (p === '') return lines.loc(0);
      // A key without a usable value position (e.g. `key:` with an empty value) still has its key.
      const k = index.keys.get(p);
      if (k !== undefined) return lines.loc(k);
      p = parentPointer(p);
    }
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
    if (/nesting depth|maximum depth|too deep/i.test(reason)) {
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
 * Parses every document in a YAML text. Throws UserError (with file:line:col) for invalid
 * YAML, an empty text, or an alias bomb.
 */
export function parseYamlDocuments(text: string, file: string, opts: YamlParseOptions = {}): YamlDocument[] {
  let events: Event[];
  let values: unknown[];
  try {
    events = parseEvents(text, { filename: file, maxDepth: opts.maxDepth ?? DEFAULT_MAX_DEPTH });
    values = constructFromEvents(events, { source: text, filename: file });
  } catch (err) {
    throw yamlErrorToUserError(err, file);
  }
  if (values.length === 0) {
    throw new UserError(`${file} is empty`, {
      loc: { file, line: 1, column: 1 },
      hint: 'give the file content (see README "File formats"), or pass the right file',
    });
  }
  const lines = new LineIndex(text, file);
  const docStarts: number[] = [];
  {
    let depth = 0;
    for (let i = 0; i < events.length; i++) {
      const t = events[i]!.type;
      if (t === EVENT_ID.DOCUMENT) {
        if (depth === 0) docStarts.push(i);
        depth++;
      } else if (t === EVENT_ID.MAPPING || t === EVENT_ID.SEQUENCE) depth++;
      else if (t === EVENT_ID.POP) depth--;
    }
  }
  const maxNodes = opts.maxExpandedNodes ?? DEFAULT_MAX_EXPANDED_NODES;
  return values.map((value, index) => {
    if (expandedSize(value, maxNodes) > maxNodes) {
      throw new UserError(`document ${index + 1} expands to more than ${maxNodes} nodes through aliases`, {
        loc: { file, line: 1, column: 1 },
        hint: 'this looks like an alias bomb ("billion laughs"); remove the nested aliases',
      });
    }
    const from = (docStarts[index] ?? 0) + 1;
    const to = docStarts[index + 1] ?? events.length;
    let cached: PositionIndex | undefined;
    const getIndex = (): PositionIndex => (cached ??= indexDocument(text, events, from, to));
    return {
      index,
      value,
      locate: makeLocator(lines, getIndex, 'values'),
      locateKey: makeLocator(lines, getIndex, 'keys'),
    };
  });
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
