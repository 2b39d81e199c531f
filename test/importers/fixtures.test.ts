/**
 * Importer fixtures: each test/fixtures/{compose,kubernetes}/<name>/ folder is imported and
 * compared with <name>.expected.json: the whole model, the source position of chosen model
 * nodes (lint reports these as file:line:col), and the notes that explain inferences.
 */
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { fixtureCases, importFixture, repoRoot, showLoc } from './helpers.js';

for (const format of ['compose', 'kubernetes']) {
  const cases = fixtureCases(join(repoRoot, 'test/fixtures', format));
  describe(`${format} importer fixtures`, () => {
    it('has fixtures', () => {
      expect(cases.length).toBeGreaterThan(0);
    });
    for (const c of cases) {
      describe(c.name, () => {
        it('builds the expected model', async () => {
          const sys = await importFixture(c);
          expect(sys.format).toBe(format);
          expect(sys.architecture).toEqual(c.expected.architecture);
        });
        it('locates model nodes at their source', async () => {
          const sys = await importFixture(c);
          const actual = Object.fromEntries(Object.keys(c.expected.locations).map((p) => [p, showLoc(sys.locate(p), c.dir)]));
          expect(actual).toEqual(c.expected.locations);
        });
        it('explains what it inferred', async () => {
          const sys = await importFixture(c);
          const messages = sys.notes.map((n) => n.message);
          for (const n of c.expected.notes ?? []) expect(messages.some((m) => m.includes(n)), `note containing "${n}" in:\n${messages.join('\n')}`).toBe(true);
        });
      });
    }
  });
}
