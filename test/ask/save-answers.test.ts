// Saved answers are a valid Answers file that reads back to the same answers; writes are atomic
// and never replace an existing file unless told to.
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { mkdtempSync, rmSync, readFileSync, writeFileSync, readdirSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { serializeAnswers, writeFileAtomic, checkTarget, TargetExistsError } from '../../src/shell/save-answers.js';
import { parseAnswers } from '../../src/shell/load-answers.js';
import { withDefaults } from '../../src/core/answers.js';
import type { Answers } from '../../src/core/types.js';

const sample: Answers = withDefaults({
  traffic: 'both', services: 14, consumers: ['mobile', 'partners'], edgeNeeds: ['api-keys', 'quotas'],
  serviceSecurity: 'mtls', compliance: true, protocols: ['http', 'grpc'], cloud: 'aws', trafficControl: [],
});
const now = new Date('2026-11-27T02:00:00Z');

describe('serializeAnswers', () => {
  it('reads back to the same answers, with a header saying how to use the file', () => {
    const text = serializeAnswers(sample, { now, displayPath: 'answers.yaml', version: '0.1.0', assumed: { languages: 'a single service is written in one language' } });
    expect(parseAnswers(text, 'answers.yaml').answers).toEqual(sample);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^# meshgate answers/);
    expect(text).toContain('# Written 2026-11-27T02:00:00.000Z by meshgate 0.1.0.');
    expect(text).toContain('meshgate recommend answers.yaml');
    expect(text).toContain('meshgate ask --answers answers.yaml');
    expect(text).toContain('# not asked: a single service is written in one language\nlanguages: 1');
    expect(text).toContain('consumers: [mobile, partners]');
    expect(text).toContain('trafficControl: []');
  });

  it('never lets a path break out of its comment line', () => {
    const text = serializeAnswers(sample, { now, displayPath: 'evil\nkind: Architecture', version: '0.1.0', assumed: { clusters: 'x\ny: 1' } });
    expect(parseAnswers(text, 'f').answers).toEqual(sample);
    expect(text).toContain('meshgate recommend FILE');
    const quoted = serializeAnswers(sample, { now, displayPath: "my answers/it's.yaml", version: '0.1.0' });
    expect(quoted).toContain(`meshgate recommend 'my answers/it'\\''s.yaml'`);
  });
});

describe('writeFileAtomic', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'meshgate-save-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a new file and leaves no temporary file behind', () => {
    const target = join(dir, 'a.yaml');
    writeFileAtomic(target, 'x: 1\n', { overwrite: false });
    expect(readFileSync(target, 'utf8')).toBe('x: 1\n');
    expect(readdirSync(dir)).toEqual(['a.yaml']);
  });

  it('refuses to replace an existing file unless overwrite is set', () => {
    const target = join(dir, 'a.yaml');
    writeFileSync(target, 'old\n');
    expect(() => writeFileAtomic(target, 'new\n', { overwrite: false })).toThrow(TargetExistsError);
    expect(readFileSync(target, 'utf8')).toBe('old\n');
    expect(readdirSync(dir)).toEqual(['a.yaml']);
    writeFileAtomic(target, 'new\n', { overwrite: true });
    expect(readFileSync(target, 'utf8')).toBe('new\n');
    expect(readdirSync(dir)).toEqual(['a.yaml']);
  });

  it('checkTarget tells existing files, directories and missing folders apart', () => {
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'f.yaml'), '');
    expect(checkTarget(join(dir, 'new.yaml'))).toEqual({ exists: false });
    expect(checkTarget(join(dir, 'f.yaml'))).toEqual({ exists: true });
    expect(checkTarget(join(dir, 'sub')).problem).toMatch(/is a directory/);
    expect(checkTarget(join(dir, 'nope', 'a.yaml')).problem).toMatch(/does not exist/);
  });
});
