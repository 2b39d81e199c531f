// The Answers format is a public contract: the JSON Schema, the TypeScript defaults and value
// lists, and the README "Answers format" section must agree.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import schema from '../../src/schema/answers.schema.json' with { type: 'json' };
import { ANSWER_DEFAULTS, ANSWER_FIELDS } from '../../src/core/answers.js';
import * as T from '../../src/core/types.js';

const root = resolve(import.meta.dirname, '../..');
const props = schema.properties as Record<string, { default?: unknown; enum?: string[]; items?: { enum?: string[] } }>;

describe('answers parity', () => {
  it('the fields in code are the schema fields', () => {
    expect([...ANSWER_FIELDS].sort()).toEqual(Object.keys(props).filter((k) => k !== 'apiVersion' && k !== 'kind').sort());
    expect(schema.required).toEqual(['apiVersion', 'kind', 'traffic', 'services']);
  });

  it('defaults in code equal the schema defaults', () => {
    for (const [field, value] of Object.entries(ANSWER_DEFAULTS)) expect(props[field]!.default, field).toEqual(value);
    for (const [field, p] of Object.entries(props)) if ('default' in p) expect(field in ANSWER_DEFAULTS, field).toBe(true);
  });

  it('allowed values in code equal the schema enums', () => {
    const pairs: Array<[string, readonly string[]]> = [
      ['traffic', T.TRAFFIC], ['consumers', T.CONSUMERS], ['edgeNeeds', T.EDGE_NEEDS], ['serviceSecurity', T.SERVICE_SECURITY],
      ['observability', T.OBSERVABILITY], ['trafficControl', T.TRAFFIC_CONTROL], ['platform', T.PLATFORMS], ['protocols', T.PROTOCOLS],
      ['team', T.TEAMS], ['latency', T.LATENCY], ['cloud', T.CLOUDS],
    ];
    for (const [field, values] of pairs) expect(props[field]!.enum ?? props[field]!.items?.enum, field).toEqual([...values]);
  });

  it('docs/formats/answers.md documents every field, its allowed values and its default', () => {
    const section = readFileSync(resolve(root, 'docs/formats/answers.md'), 'utf8');
    for (const field of ANSWER_FIELDS) {
      const row = section.split('\n').find((l) => l.startsWith(`| \`${field}\``));
      expect(row, `docs/formats/answers.md row for ${field}`).toBeDefined();
      const allowed = props[field]!.enum ?? props[field]!.items?.enum ?? [];
      for (const v of allowed) expect(row, `${field} value ${v}`).toContain(`\`${v}\``);
      if (field in ANSWER_DEFAULTS) {
        const d = (ANSWER_DEFAULTS as Record<string, unknown>)[field];
        const shown = Array.isArray(d) ? `[${d.join(', ')}]` : String(d);
        expect(row, `${field} default`).toContain(`\`${shown}\``);
      }
    }
  });
});
