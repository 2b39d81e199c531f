/**
 * YAML with positions, read by js-yaml and nothing else: `parseEvents` gives a flat event stream
 * with source offsets and `constructFromEvents` builds the values from those same events, with the
 * limits below on every path. What stays for positions is a compact node table (positions.ts),
 * searched only when somebody asks where a node is. docs/design/yaml-reader.md says why there is no
 * faster parser of our own.
 */
import { parseEvents, constructFromEvents, YAMLException, EVENT_ID } from 'js-yaml';
import type { Event } from 'js-yaml';
import { UserError } from '../errors.js';
import { LineIndex, NodeTable, NestedTooDeep, yamlWork } from './positions.js';
import { mappingKey, SCHEMA } from './schema.js';
import type { Loc, Locator } from './loc.js';

export interface YamlDocument {
  /** 0-based index of the document within its file. */
  index: number;
  value: unknown;
  /** Position of the value at a JSON pointer (nearest ancestor when absent). */
  locate: Locator;
  /** Position of the key of the mapping entry at a JSON pointer (falls back to `locate`). */
  locateKey: Locator;
  /** Whether one object may sit at several places in `value` (the document uses aliases). Only a value without sharing may be changed in place. */
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
  /**
   * Accept docker compose's `!reset` and `!override` tags on any node and report them in
   * `YamlDocument.tags`; without it they are unknown tags, an error like any other.
   */
  composeTags?: boolean;
  /**
   * Spaces the compose fix-up (compose.ts) put in front of lines of `text` (0-based line ->
   * count): positions and error marks on those lines are given as they are in the file.
   */
  lineShifts?: ReadonlyMap<number, number>;
}

/**
 * The limits every YAML text meshgate reads is held to (docs/design/yaml-reader.md and docs/design/limits.md). The
 * same on every path, for inputs, rules, config and answers alike.
 */
export const YAML_LIMITS = {
  /** Nested mappings and sequences; architecture, compose and Kubernetes files need fewer than 20. */
  depth: 200,
  /** Nodes of one document once every alias is counted as a copy: stops "billion laughs". */
  expandedNodes: 5_000_000,
  /**
   * Keys copied by merge keys (`<<: *base`) in one text, each merge source counting one more, as
   * js-yaml counts them. js-yaml's own default (10,000) refuses real compose files (90 services
   * merging a 120-variable anchor). A hundred times that leaves room for 5,000 services merging
   * 200 keys each while a text still cannot merge its way to millions of properties before the
   * alias limit is checked.
   */
  mergedKeys: 1_000_000,
} as const;

const MAX_DEPTH = YAML_LIMITS.depth;
/**
 * How deep js-yaml may recurse (it counts every node on the way down, scalars too). Far enough
 * past MAX_DEPTH that the exact count of collections below decides, short of the call stack.
 */
const PARSER_DEPTH = 500;

const NO_TAGS: ReadonlyMap<string, ComposeTag> = new Map();

/** Escapes one JSON pointer segment (RFC 6901). */
export function escapePointerSegment(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Joins a parent pointer and a key or index. */
export function childPointer(parent: string, key: string | number): string {
  return `${parent}/${typeof key === 'number' ? key : escapePointerSegment(key)}`;
}

function makeLocator(lines: LineIndex, nodes: NodeTable, doc: number, which: 'value' | 'key'): Locator {
  return (pointer: string) => lines.loc(nodes.locate(doc, pointer, which));
}

const README_LIMITS = 'docs/design/yaml-reader.md lists the limits and why';

/** Converts a js-yaml exception into a UserError with file:line:col. */
function yamlErrorToUserError(err: unknown, file: string, lines: LineIndex): UserError {
  if (err instanceof YAMLException) {
    const mark = err.mark;
    const reason = err.reason ?? err.message;
    const loc = lines.at(mark?.line ?? 0, mark?.column ?? 0);
    if (/input is empty/.test(reason)) return emptyError(file);
    if (/maxDepth/.test(reason)) return tooDeep(loc);
    if (/maxTotalMergeKeys/.test(reason)) {
      return new UserError(`YAML merges more than ${YAML_LIMITS.mergedKeys} keys through \`<<\` merge keys`, {
        loc,
        hint: `meshgate copies at most ${YAML_LIMITS.mergedKeys} merged keys per file (${README_LIMITS}); merge smaller anchors or write the keys out`,
      });
    }
    return new UserError(`invalid YAML: ${reason}`, {
      loc,
      hint: 'fix the YAML syntax at that position (a YAML-aware editor shows it too)',
    });
  }
  return err instanceof UserError ? err : new UserError(`cannot parse ${file}: ${(err as Error)?.message ?? String(err)}`);
}

function tooDeep(loc: Loc): UserError {
  return new UserError(`YAML nested more than ${MAX_DEPTH} levels deep`, {
    loc,
    hint: `meshgate reads at most ${MAX_DEPTH} levels of nested mappings and sequences (${README_LIMITS}); flatten the document`,
  });
}

function emptyError(file: string): UserError {
  return new UserError(`${file} is empty`, {
    loc: { file, line: 1, column: 1 },
    hint: 'give the file content (docs/README.md lists the file formats), or pass the right file',
  });
}

/**
 * js-yaml's construct step reports some errors at offset 0. The one users meet is a mapping used
 * as a key, which is what an unrendered Helm/Go template (`name: {{ .Values.name }}`) parses to;
 * find that key in the events and say what it probably is.
 */
function constructErrorPosition(err: unknown, text: string, file: string, lines: LineIndex): UserError | undefined {
  const reason = (err as { reason?: string })?.reason ?? '';
  if (!/complex keys/.test(reason)) return undefined;
  let events: Event[];
  try {
    events = parseEvents(text, { filename: file, maxDepth: PARSER_DEPTH });
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
        const at = lines.loc(template ? ev.start - 1 : ev.tagStart >= 0 ? ev.tagStart : ev.anchorStart >= 0 ? ev.anchorStart - 1 : ev.start);
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


function checkExpansion(value: unknown, index: number, file: string): void {
  const max = YAML_LIMITS.expandedNodes;
  if (expandedSize(value, max) > max) {
    throw new UserError(`document ${index + 1} expands to more than ${max} nodes through aliases`, {
      loc: { file, line: 1, column: 1 },
      hint: `this looks like an alias bomb ("billion laughs"); remove the nested aliases (${README_LIMITS})`,
    });
  }
}

/**
 * Parses every document in a YAML text. Throws UserError (with file:line:col) for invalid
 * YAML, an empty text, or a text past one of YAML_LIMITS.
 */
export function parseYamlDocuments(text: string, file: string, opts: YamlParseOptions = {}): YamlDocument[] {
  return parseWithNodes(text, file, opts).docs;
}

/** parseYamlDocuments, with the node table its positions come from (for the compose fix-up's check). */
export function parseWithNodes(source: string, file: string, opts: YamlParseOptions = {}): { docs: YamlDocument[]; nodes: NodeTable } {
  // js-yaml skips a byte-order mark but counts it in columns; editors show none.
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  const lines = new LineIndex(text, file, opts.lineShifts);
  let events: Event[];
  let values: unknown[];
  let tags: Map<string, ComposeTag>[] | undefined;
  let nodes: NodeTable;
  try {
    yamlWork.parses++;
    events = parseEvents(text, { filename: file, maxDepth: PARSER_DEPTH });
    if (opts.composeTags && mayHoldComposeTags(text)) tags = takeComposeTags(events, text);
    // Before construction: the table also counts how deep collections nest.
    nodes = new NodeTable(text, events, MAX_DEPTH);
    values = constructFromEvents(events, { source: text, filename: file, schema: SCHEMA, maxTotalMergeKeys: YAML_LIMITS.mergedKeys });
  } catch (err) {
    if (err instanceof NestedTooDeep) throw tooDeep(lines.loc(err.offset));
    throw constructErrorPosition(err, text, file, lines) ?? yamlErrorToUserError(err, file, lines);
  }
  if (values.length === 0) throw emptyError(file);
  const docs = values.map((value, index): YamlDocument => {
    const sharesNodes = nodes.hasAliases[index]!;
    if (sharesNodes) checkExpansion(value, index, file);
    return {
      index,
      value,
      locate: makeLocator(lines, nodes, index, 'value'),
      locateKey: makeLocator(lines, nodes, index, 'key'),
      sharesNodes,
      tags: tags?.[index] ?? NO_TAGS,
    };
  });
  return { docs, nodes };
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
