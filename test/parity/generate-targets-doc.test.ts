// Every generate target has its section in docs/formats/generate-targets.md, and the page names
// no target that does not exist: a target added without its documentation fails here.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { TARGETS } from '../../src/core/generate/targets.js';

const root = resolve(import.meta.dirname, '../..');
const page = readFileSync(join(root, 'docs/formats/generate-targets.md'), 'utf8');
const documented = [...page.matchAll(/^# Target `([^`]+)`$/gm)].map((m) => m[1]);

describe('docs/formats/generate-targets.md', () => {
  it('has one section per target, and only for real targets', () => {
    expect([...documented].sort()).toEqual([...TARGETS].sort());
  });
});
