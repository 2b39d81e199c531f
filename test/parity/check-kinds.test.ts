// The check kind registry against its files, its generated page and its published schema:
// one file per kind under src/core/lint/kinds/, each registered once, and docs/check-kinds.md
// rendered from the registry.
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CHECK_KINDS } from '../../src/core/lint/checks.js';
import { lintRuleSchema } from '../../src/core/lint/rule-schema.js';
import { readBuiltinRules } from '../../src/shell/load-lint-rules.js';
import { renderCheckKindsDoc } from '../../src/format/check-kinds-doc.js';
import { readGolden } from '../support/golden.js';

const root = resolve(import.meta.dirname, '../..');
const kindsDir = join(root, 'src/core/lint/kinds');
/** Files in kinds/ that hold no kind: the CheckKind type and the parts kinds share. */
const NOT_KINDS = new Set(['check-kind.ts', 'common.ts']);

describe('check kind registry', () => {
  it('has one file per kind under src/core/lint/kinds, named after the kind, and registers each file', () => {
    const files = readdirSync(kindsDir).filter((f) => f.endsWith('.ts') && !NOT_KINDS.has(f)).map((f) => f.slice(0, -3)).sort();
    expect(Object.keys(CHECK_KINDS).sort()).toEqual(files);
  });

  it('gives every kind a params schema that rejects unknown params, a description and placeholders', () => {
    for (const kind of Object.values(CHECK_KINDS)) {
      expect(kind.paramsSchema['type'], kind.name).toBe('object');
      expect(kind.paramsSchema['additionalProperties'], kind.name).toBe(false);
      expect(kind.description.length, kind.name).toBeGreaterThan(10);
      expect(kind.placeholders.length, kind.name).toBeGreaterThan(0);
    }
  });

  it('the lint rule schema names exactly the registered kinds', () => {
    const schema = lintRuleSchema() as { properties: { check: { properties: { kind: { enum: string[] } } } }; allOf: unknown[] };
    expect(schema.properties.check.properties.kind.enum).toEqual(Object.keys(CHECK_KINDS));
    expect(schema.allOf).toHaveLength(Object.keys(CHECK_KINDS).length);
  });

  it('docs/check-kinds.md is the page rendered from the registry and the built-in rules', () => {
    const { rules, problems } = readBuiltinRules();
    expect(problems).toEqual([]);
    const page = renderCheckKindsDoc(Object.values(CHECK_KINDS), rules);
    for (const name of Object.keys(CHECK_KINDS)) expect(page).toContain(`## ${name}\n`);
    expect(page).toBe(readGolden(join(root, 'docs/check-kinds.md'), page, import.meta.filename));
  });
});
