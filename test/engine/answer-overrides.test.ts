// --set parsing: every valid value of every field round-trips; every problem is reported together.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import schema from '../../src/schema/answers.schema.json' with { type: 'json' };
import { parseAnswerOverrides, applyAnswerOverrides } from '../../src/shell/answer-overrides.js';
import { withDefaults } from '../../src/core/answers.js';
import { UserError } from '../../src/errors.js';

const props = schema.properties as Record<string, { enum?: string[]; type?: string; items?: { enum: string[] } }>;
const fields = Object.keys(props).filter((k) => k !== 'apiVersion' && k !== 'kind');

function valueArb(field: string): fc.Arbitrary<unknown> {
  const p = props[field]!;
  if (p.enum) return fc.constantFrom(...p.enum);
  if (p.type === 'integer') return fc.integer({ min: 1, max: 100000 });
  if (p.type === 'boolean') return fc.boolean();
  return fc.subarray(p.items!.enum);
}

describe('--set', () => {
  it('round-trips every valid value of every field', () => {
    fc.assert(
      fc.property(fc.constantFrom(...fields).chain((f) => valueArb(f).map((v) => [f, v] as const)), ([field, value]) => {
        const text = Array.isArray(value) ? value.join(',') : String(value);
        const [o] = parseAnswerOverrides([`${field}=${text}`]);
        expect(o).toEqual({ field, value });
        const applied = applyAnswerOverrides(withDefaults({ traffic: 'both', services: 3 }), [o!]);
        expect((applied as unknown as Record<string, unknown>)[field]).toEqual(value);
      }),
      { numRuns: 300 },
    );
  });

  it('reports every bad --set at once', () => {
    try {
      parseAnswerOverrides(['colour=red', 'services=-1', 'team=platform', 'protocols=http,http']);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(UserError);
      const e = err as UserError;
      expect(e.message).toBe('3 problems in --set');
      expect(e.details.map((d) => d.message)).toEqual([
        expect.stringMatching(/unknown field "colour"/),
        expect.stringMatching(/services must be a whole number >= 1/),
        expect.stringMatching(/protocols lists the same value twice/),
      ]);
    }
  });

  it('a later --set of the same field wins', () => {
    const applied = applyAnswerOverrides(withDefaults({ traffic: 'both', services: 3 }), parseAnswerOverrides(['team=platform', 'team=small']));
    expect(applied.team).toBe('small');
  });
});
