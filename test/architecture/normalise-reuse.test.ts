/**
 * The meshgate importer builds the model out of the parsed document's own objects (to keep one
 * tree in memory, not two). That must give exactly the model a copy gives, must not happen
 * when aliases can make one object appear twice, and the values it shares between services
 * must be impossible to change by accident.
 */
import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parseYamlDocuments } from '../../src/yaml/parse.js';
import { normaliseArchitecture, type RawArchitecture } from '../../src/core/architecture.js';
import { architectureFromDocument } from '../../src/shell/architecture-document.js';
import { syntheticArchitecture } from '../bench/synthetic.mjs';
import { repoRoot } from '../importers/helpers.js';

const validFixtures = readdirSync(join(repoRoot, 'test/fixtures/architecture'))
  .filter((f) => f.endsWith('.yaml') && !f.startsWith('invalid-'))
  .map((f) => readFileSync(join(repoRoot, 'test/fixtures/architecture', f), 'utf8'));

const parse = (text: string) => parseYamlDocuments(text, 'x.yaml')[0]!;

describe('normalising in place', () => {
  it('gives the same model as copying, for every valid fixture and a synthetic system', () => {
    const texts = [...validFixtures, syntheticArchitecture(300)];
    expect(texts.length).toBeGreaterThanOrEqual(4);
    for (const text of texts) {
      const copied = normaliseArchitecture(parse(text).value as RawArchitecture, 'x');
      const reused = normaliseArchitecture(parse(text).value as RawArchitecture, 'x', { reuse: true });
      expect(reused).toEqual(copied);
    }
  });

  it('leaves the document untouched when copying', () => {
    const doc = parse(syntheticArchitecture(50));
    const before = structuredClone(doc.value);
    normaliseArchitecture(doc.value as RawArchitecture, 'x');
    expect(isDeepStrictEqual(doc.value, before)).toBe(true);
  });

  it('copies a document whose aliases share objects, so each service keeps its own calls', () => {
    const text = [
      'apiVersion: meshgate/v1',
      'kind: Architecture',
      'services:',
      '  - name: a',
      '    calls: &shared [c]',
      '  - name: b',
      '    calls: *shared',
      '  - name: c',
      '',
    ].join('\n');
    const doc = parse(text);
    expect(doc.sharesNodes).toBe(true);
    const raw = doc.value as RawArchitecture;
    expect(raw.services[0]!.calls).toBe(raw.services[1]!.calls);
    const { architecture } = architectureFromDocument(doc, 'x.yaml', 'x');
    expect(architecture.services[0]!.calls).not.toBe(architecture.services[1]!.calls);
    expect(architecture.services.map((s) => s.calls)).toEqual([[{ to: 'c' }], [{ to: 'c' }], []]);
    // The document still reads as written.
    expect(raw.services[0]!.calls).toEqual(['c']);
  });

  it('reuses a plain document, which the fast path parsed without sharing', () => {
    const doc = parse(syntheticArchitecture(20));
    expect(doc.sharesNodes).toBe(false);
    const raw = doc.value as RawArchitecture;
    const { architecture } = architectureFromDocument(doc, 'x.yaml', 'x');
    expect(architecture.services).toBe(raw.services as unknown);
  });

  it('shares frozen call and protocol values between services', () => {
    const arch = normaliseArchitecture(parse(syntheticArchitecture(200)).value as RawArchitecture, 'x', { reuse: true });
    const callsTo = new Map<string, object>();
    let shared = 0;
    for (const s of arch.services) {
      expect(Object.isFrozen(s.protocols)).toBe(true);
      for (const c of s.calls) {
        expect(Object.isFrozen(c)).toBe(true);
        const seen = callsTo.get(c.to);
        if (seen) {
          expect(c).toBe(seen);
          shared++;
        } else callsTo.set(c.to, c);
      }
    }
    expect(shared).toBeGreaterThan(100);
    const http = arch.services.filter((s) => s.protocols.join() === 'http');
    expect(http.length).toBeGreaterThan(1);
    expect(http[0]!.protocols).toBe(http[1]!.protocols);
    expect(() => (http[0]!.protocols as string[]).push('grpc')).toThrow(TypeError);
  });
});
