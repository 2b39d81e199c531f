// js-yaml as the judge of YAML: what its own loadAll says about a text (values, or the error and
// where), and, independently of src/yaml/positions.ts, where every node written in a text starts,
// read straight off js-yaml's events by a plain walk that indexes nothing.
import { isDeepStrictEqual } from 'node:util';
import { loadAll, parseEvents, constructFromEvents, EVENT_ID, YAMLException, type Event, type ScalarEvent } from 'js-yaml';
import { expect } from 'vitest';
import { parseYamlDocuments, childPointer, YAML_LIMITS, type YamlDocument } from '../../src/yaml/parse.js';
import { SCHEMA } from '../../src/yaml/schema.js';
import { UserError } from '../../src/errors.js';

export type Verdict = { ok: true; values: unknown[] } | { ok: false; line: number; column: number; reason: string };

/** The one thing meshgate does before js-yaml: drop a leading byte-order mark, which editors do not show. */
const withoutBom = (text: string): string => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

/** Deep enough for every test input; meshgate's own limit of 200 levels is checked apart. */
const JS_YAML_DEPTH = 500;

/** How deep mappings and sequences nest in a text js-yaml parses, from its events. */
export function collectionDepth(text: string): number {
  let depth = 0;
  let max = 0;
  for (const ev of parseEvents(withoutBom(text), { maxDepth: JS_YAML_DEPTH })) {
    if (ev.type === EVENT_ID.MAPPING || ev.type === EVENT_ID.SEQUENCE) max = Math.max(max, ++depth);
    else if (ev.type === EVENT_ID.POP) depth = Math.max(0, depth - 1);
  }
  return max;
}

/** js-yaml's loadAll with meshgate's schema and merge limit. */
export function jsYamlVerdict(text: string): Verdict {
  try {
    return { ok: true, values: loadAll(withoutBom(text), { schema: SCHEMA, maxDepth: JS_YAML_DEPTH, maxTotalMergeKeys: YAML_LIMITS.mergedKeys }) };
  } catch (err) {
    if (!(err instanceof YAMLException)) throw err;
    return { ok: false, line: (err.mark?.line ?? 0) + 1, column: (err.mark?.column ?? 0) + 1, reason: err.reason };
  }
}

/** meshgate's reader on the same text, as a verdict; anything but a UserError fails the test. */
export function ourVerdict(text: string, parse: (t: string) => YamlDocument[] = (t) => parseYamlDocuments(t, 'x.yaml')): { verdict: Verdict; docs?: YamlDocument[]; error?: UserError } {
  try {
    const docs = parse(text);
    return { verdict: { ok: true, values: docs.map((d) => d.value) }, docs };
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    const loc = err.details[0]?.loc ?? { line: 0, column: 0 };
    return { verdict: { ok: false, line: loc.line, column: loc.column, reason: err.message }, error: err };
  }
}

/**
 * Asserts that meshgate reads `text` exactly as js-yaml does: the same values, or an error at the
 * same line and column. The only differences are meshgate's own refusals, each checked for its
 * message: an empty text, a document that expands past the alias limit or nests past the depth
 * limit; and the position of
 * a collection used as a key, which meshgate finds where js-yaml does not.
 */
export function expectJsYamlVerdict(text: string, parse?: (t: string) => YamlDocument[]): { docs?: YamlDocument[]; error?: UserError } {
  const theirs = jsYamlVerdict(text);
  const ours = ourVerdict(text, parse);
  const context = `text: ${JSON.stringify(text.length > 600 ? text.slice(0, 600) + '...' : text)}\njs-yaml: ${JSON.stringify(theirs).slice(0, 400)}\nmeshgate: ${JSON.stringify(ours.verdict).slice(0, 400)}`;
  if (theirs.ok && theirs.values.length === 0) {
    expect(ours.verdict.ok, context).toBe(false);
    expect(ours.error!.message, context).toMatch(/ is empty$/);
  } else if (theirs.ok && !ours.verdict.ok && /expands to more than \d+ nodes through aliases/.test(ours.error!.message)) {
    // meshgate's alias-bomb limit, which js-yaml does not have.
  } else if (theirs.ok && !ours.verdict.ok && ours.error!.message === `YAML nested more than ${YAML_LIMITS.depth} levels deep`) {
    // meshgate's depth limit, checked against the nesting js-yaml's events show.
    expect(collectionDepth(text), context).toBeGreaterThan(YAML_LIMITS.depth);
  } else {
    expect(ours.verdict.ok, context).toBe(theirs.ok);
    if (theirs.ok) expect(isDeepStrictEqual((ours.verdict as { values: unknown[] }).values, theirs.values), context).toBe(true);
    // js-yaml reports a collection used as a key where its construction happens to stand (often
    // 1:1); meshgate points at the key itself and names it (unrendered templates, mostly).
    else if (/complex keys/.test(theirs.reason)) expect(ours.error!.message, context).toMatch(/used as a mapping key|unrendered template/);
    else expect([ours.verdict as { line: number; column: number }].map((v) => [v.line, v.column]), context).toEqual([[theirs.line, theirs.column]]);
  }
  return ours;
}

/** Where one node written in the text starts, and (in a mapping) where its key starts; -1 when it has no text. */
export interface ReferencePosition {
  value: number;
  key: number;
}

/** A node's start, counting a tag or anchor property in front of it (the `!` or `&`). */
function nodeStart(ev: Event): number {
  if (ev.type === EVENT_ID.ALIAS) return ev.anchorStart - 1;
  if (ev.type !== EVENT_ID.SCALAR && ev.type !== EVENT_ID.MAPPING && ev.type !== EVENT_ID.SEQUENCE) return -1;
  const props = [ev.tagStart, ev.anchorStart >= 0 ? ev.anchorStart - 1 : -1].filter((p) => p >= 0);
  if (props.length > 0) return Math.min(...props);
  if (ev.type !== EVENT_ID.SCALAR) return ev.start;
  if (ev.valueStart < 0) return -1;
  return ev.style === 2 || ev.style === 3 ? ev.valueStart - 1 : ev.valueStart;
}

/** The property name js-yaml gives a scalar key: built on its own by js-yaml, then String() as its objects do. */
function builtKey(text: string, ev: ScalarEvent): string {
  const doc: Event[] = [{ type: EVENT_ID.DOCUMENT, explicitStart: false, explicitEnd: false, directives: [] }, ev, { type: EVENT_ID.POP }];
  return String(constructFromEvents(doc, { source: text, schema: SCHEMA })[0]);
}

/**
 * Per document, the position of every node written in the text by its JSON pointer. Keys that are
 * collections, merge keys (`<<`) and anything under them are left out (no pointer names them).
 */
export function referencePositions(text: string): Map<string, ReferencePosition>[] {
  const events = parseEvents(withoutBom(text), { maxDepth: JS_YAML_DEPTH });
  const source = withoutBom(text);
  const out: Map<string, ReferencePosition>[] = [];
  type Frame = { kind: number; pointer: string | undefined; index: number; key: string | undefined; keyStart: number; atKey: boolean };
  const stack: Frame[] = [];
  for (const ev of events) {
    if (ev.type === EVENT_ID.DOCUMENT) {
      out.push(new Map());
      stack.push({ kind: EVENT_ID.DOCUMENT, pointer: '', index: 0, key: undefined, keyStart: -1, atKey: false });
      continue;
    }
    if (ev.type === EVENT_ID.POP) {
      stack.pop();
      continue;
    }
    const top = stack[stack.length - 1]!;
    let pointer: string | undefined;
    let keyStart = -1;
    if (top.kind === EVENT_ID.DOCUMENT) pointer = '';
    else if (top.kind === EVENT_ID.SEQUENCE) pointer = top.pointer === undefined ? undefined : childPointer(top.pointer, top.index++);
    else if (top.atKey) {
      top.atKey = false;
      top.key = ev.type === EVENT_ID.SCALAR && !(ev.style === 1 && source.slice(ev.valueStart, ev.valueEnd) === '<<') ? builtKey(source, ev) : undefined;
      top.keyStart = nodeStart(ev);
      pointer = undefined;
    } else {
      top.atKey = true;
      pointer = top.pointer === undefined || top.key === undefined ? undefined : childPointer(top.pointer, top.key);
      keyStart = top.keyStart;
    }
    const map = out[out.length - 1]!;
    if (pointer !== undefined && !map.has(pointer)) map.set(pointer, { value: nodeStart(ev), key: keyStart });
    if (ev.type === EVENT_ID.MAPPING || ev.type === EVENT_ID.SEQUENCE) stack.push({ kind: ev.type, pointer, index: 0, key: undefined, keyStart: -1, atKey: true });
  }
  return out;
}

/** 1-based line and column of an offset, counting \n, \r\n and a lone \r as js-yaml does, from the start. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

/**
 * Asserts that every node written in the text is located where the reference walk says, for
 * values and keys, and that a pointer below a node that has no children falls back to that node.
 */
export function expectReferencePositions(text: string, docs: YamlDocument[]): number {
  const body = withoutBom(text);
  const refs = referencePositions(text);
  let checked = 0;
  refs.forEach((map, d) => {
    const doc = docs[d]!;
    for (const [pointer, ref] of map) {
      const at = (offset: number) => ({ file: 'x.yaml', ...lineColumn(body, offset) });
      const value = ref.value >= 0 ? at(ref.value) : ref.key >= 0 ? at(ref.key) : undefined;
      if (value) expect(doc.locate(pointer), `locate ${pointer} in\n${text}`).toEqual(value);
      if (ref.key >= 0) expect(doc.locateKey(pointer), `locateKey ${pointer} in\n${text}`).toEqual(at(ref.key));
      checked++;
    }
  });
  return checked;
}
