/**
 * Positions of YAML nodes kept as compact events (typed arrays, no object per event), and the
 * lookup of a JSON pointer in them. The js-yaml path keeps one stream per document; the fast
 * path for plain YAML keeps none and builds a small stream only for the flow collections a
 * lookup walks into.
 */
import { getScalarValue, EVENT_ID, CORE_SCHEMA, mergeTag, NOT_RESOLVED } from 'js-yaml';
import type { ScalarEvent } from 'js-yaml';

/**
 * The YAML 1.2 core schema plus merge keys (`<<: *defaults`): docker-compose files rely on them
 * (`x-` extension fields merged into services), and without this they would silently vanish.
 */
export const SCHEMA = CORE_SCHEMA.withTags(mergeTag);

/**
 * The property name a scalar mapping key becomes in the constructed object: js-yaml builds the
 * key's value (`0x10` is 16, `~` is null, 2^53+1 rounds) and the object takes `String()` of it,
 * so a pointer built from the value names the key by that, not by its text.
 */
export function mappingKey(text: string, ev: ScalarEvent): string {
  const source = getScalarValue(text, ev);
  if (ev.tagStart < 0) return ev.style === 1 ? String(SCHEMA.resolveImplicitScalarTag(source).value) : source;
  const raw = text.slice(ev.tagStart, ev.tagEnd);
  const name = raw.startsWith('!<') ? raw.slice(2, -1) : raw.startsWith('!!') ? `tag:yaml.org,2002:${raw.slice(2)}` : raw;
  const tag = raw === '!' ? undefined : SCHEMA.lookupScalarTag(name);
  const value = tag ? tag.resolve(source, true, name) : source;
  return value === NOT_RESOLVED ? source : String(value);
}

/**
 * Events kept for position lookups, in typed arrays: about 18 bytes an event instead of a
 * ~100-byte object.
 */
export interface CompactEvents {
  count: number;
  type: Uint8Array;
  style: Uint8Array;
  /** Where the node starts, counting a tag or anchor in front of it; -1 for an empty scalar. */
  start: Int32Array;
  valueStart: Int32Array;
  valueEnd: Int32Array;
  /** For a mapping or sequence: the index of its closing POP; otherwise the event's own index. */
  end: Int32Array;
}

/** The property name of a scalar mapping key kept in compact events. */
function keyText(text: string, ce: CompactEvents, i: number): string {
  const vs = ce.valueStart[i]!;
  const ve = ce.valueEnd[i]!;
  const ev = {
    type: EVENT_ID.SCALAR, valueStart: vs, valueEnd: ve, anchorStart: -1, anchorEnd: -1, tagStart: -1, tagEnd: -1,
    style: ce.style[i], chomping: 1, indent: -1, fast: false,
  } as unknown as ScalarEvent;
  return mappingKey(text, ev);
}

/** One node on the way down a JSON pointer: where its value and (in a mapping) its key start. */
export interface PathStep {
  value: number;
  key: number;
}

/**
 * Finds nodes by JSON pointer in compact events without building an index of every node: each
 * mapping or sequence on a looked-up path gets its children indexed once, on first use. A lint
 * run that reports a handful of findings in a 100k-service file touches a few hundred containers.
 */
export class TreeIndex {
  private readonly seqChildren = new Map<number, Int32Array>();
  private readonly mapChildren = new Map<number, Map<string, number>>();

  constructor(private readonly text: string, private readonly ce: CompactEvents) {}

  private children(idx: number): number[] {
    const out: number[] = [];
    const end = this.ce.end[idx]!;
    for (let j = idx + 1; j < end; j = this.ce.end[j]! + 1) out.push(j);
    return out;
  }

  /** Steps from the node at `rootIdx` down `segments`, as far as they exist. */
  walk(rootIdx: number, segments: string[], steps: PathStep[], indexBase = 0): void {
    const { ce } = this;
    let idx = rootIdx;
    for (const seg of segments) {
      const type = ce.type[idx];
      if (type === EVENT_ID.SEQUENCE) {
        if (!/^\d+$/.test(seg)) return;
        let kids = this.seqChildren.get(idx);
        if (!kids) this.seqChildren.set(idx, (kids = Int32Array.from(this.children(idx))));
        const child = kids[Number(seg) - (idx === rootIdx ? indexBase : 0)];
        if (child === undefined) return;
        idx = child;
        steps.push({ value: ce.start[idx]!, key: -1 });
      } else if (type === EVENT_ID.MAPPING) {
        let keys = this.mapChildren.get(idx);
        if (!keys) {
          keys = new Map();
          const kids = this.children(idx);
          for (let k = 0; k + 1 < kids.length; k += 2) {
            const keyIdx = kids[k]!;
            const name = ce.type[keyIdx] === EVENT_ID.SCALAR ? keyText(this.text, ce, keyIdx) : '<complex-key>';
            if (!keys.has(name)) keys.set(name, keyIdx);
          }
          this.mapChildren.set(idx, keys);
        }
        const keyIdx = keys.get(seg);
        if (keyIdx === undefined) return;
        idx = this.ce.end[keyIdx]! + 1;
        steps.push({ value: ce.start[idx]!, key: ce.start[keyIdx]! });
      } else {
        return;
      }
    }
  }
}

