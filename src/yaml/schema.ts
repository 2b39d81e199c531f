/**
 * The schema meshgate reads YAML with, and the one place that says what a mapping key is called
 * once built, for everything that names nodes by JSON pointer (positions, compose tags).
 */
import { getScalarValue, CORE_SCHEMA, mergeTag, NOT_RESOLVED } from 'js-yaml';
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
