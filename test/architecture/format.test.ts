/**
 * The meshgate Architecture format: each test/fixtures/architecture/x.yaml is read by the real
 * loader and compared with x.expected.json, which holds either the normalised model (plus
 * positions of chosen nodes and the answers derived from it) or the exact errors, every one with
 * line:col, that a broken file must produce.
 */
import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { readSystems } from '../../src/shell/load-architecture.js';
import { loadArchitectureInput } from '../../src/app/input.js';
import { memoryIo } from '../../src/io.js';
import { UserError } from '../../src/errors.js';
import { repoRoot } from '../importers/helpers.js';

interface Expected {
  errors?: string[];
  architecture?: unknown;
  locations?: Record<string, string>;
  derived?: { answers: Record<string, unknown>; inferred: string[]; defaulted: string[] };
}

const dir = join(repoRoot, 'test/fixtures/architecture');
const cases = readdirSync(dir)
  .filter((f) => f.endsWith('.expected.json'))
  .map((f) => ({ yaml: f.replace(/\.expected\.json$/, '.yaml'), expected: JSON.parse(readFileSync(join(dir, f), 'utf8')) as Expected }));

describe('architecture format fixtures', () => {
  it('covers valid and invalid files', () => {
    expect(cases.filter((c) => c.expected.errors).length).toBeGreaterThanOrEqual(2);
    expect(cases.filter((c) => c.expected.architecture).length).toBeGreaterThanOrEqual(2);
  });
  for (const c of cases) {
    const file = relative(process.cwd(), join(dir, c.yaml));
    if (c.expected.errors) {
      it(`${c.yaml}: reports every problem with line:col`, async () => {
        const err = await readSystems([file], {}, memoryIo()).then(() => undefined, (e: unknown) => e);
        expect(err).toBeInstanceOf(UserError);
        const u = err as UserError;
        expect(u.exitCode).toBe(2);
        expect(u.details.map((d) => `${d.loc!.file === file ? '' : d.loc!.file}${d.loc!.line}:${d.loc!.column}: ${d.message}`)).toEqual(c.expected.errors);
      });
    } else {
      it(`${c.yaml}: normalises to the expected model`, async () => {
        const [sys] = await readSystems([file], {}, memoryIo());
        expect(sys!.format).toBe('meshgate');
        expect(sys!.architecture).toEqual(c.expected.architecture);
        const locs = Object.fromEntries(Object.keys(c.expected.locations ?? {}).map((p) => {
          const l = sys!.locate(p);
          return [p, `${l.line}:${l.column}`];
        }));
        expect(locs).toEqual(c.expected.locations ?? {});
      });
      if (c.expected.derived) {
        it(`${c.yaml}: derives the expected answers`, async () => {
          const input = await loadArchitectureInput([file], {}, memoryIo());
          expect(input.kind).toBe('architecture');
          expect(input.answers).toEqual(c.expected.derived!.answers);
          expect(input.inferred.map((i) => i.field).sort()).toEqual([...c.expected.derived!.inferred].sort());
          expect(input.defaulted).toEqual(c.expected.derived!.defaulted);
          for (const i of input.inferred) expect(i.because).toMatch(new RegExp(`${c.yaml.replace('.', '\\.')}:\\d+:\\d+`));
        });
      }
    }
  }
});
