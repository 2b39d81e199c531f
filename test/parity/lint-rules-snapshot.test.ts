// The build's snapshot of the built-in lint rules must be exactly what reading rules/lint gives,
// and must be ignored as soon as a rule file's content changes, and only then.
import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync, readdirSync, mkdtempSync, cpSync, writeFileSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve, basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinRulesFingerprint, readBuiltinRules } from '../../src/shell/load-lint-rules.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const snapshotFile = join(root, 'dist/generated/lint-rules.json');

describe('built-in lint rules snapshot', () => {
  it('holds the same rules as the YAML files, and matches their fingerprint', () => {
    if (!existsSync(snapshotFile)) throw new Error('dist/generated/lint-rules.json is missing: run `npm run build` (npm test does)');
    const snap = JSON.parse(readFileSync(snapshotFile, 'utf8'));
    expect(snap.fingerprint).toBe(builtinRulesFingerprint());
    const { rules, problems } = readBuiltinRules();
    expect(problems).toEqual([]);
    expect(snap.rules).toEqual(rules.map(({ file, ...r }) => ({ ...r, fileName: basename(file!) })));
  });

  it('changes its fingerprint when a rule file is edited, even to the same size', () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshgate-rules-'));
    cpSync(join(root, 'rules/lint'), dir, { recursive: true });
    const before = builtinRulesFingerprint(dir);
    const f = join(dir, 'self-call.yaml');
    const text = readFileSync(f, 'utf8');
    expect(text).toContain('severity: warning');
    writeFileSync(f, text.replace('severity: warning', 'severity: warnin_'));
    expect(builtinRulesFingerprint(dir)).not.toBe(before);
    writeFileSync(f, text);
    expect(builtinRulesFingerprint(dir)).toBe(before);
  });

  it('keeps its fingerprint when only modification times change, as in an installed package', () => {
    // npm writes the files of an installed package with a fixed old time (1985-10-26).
    const dir = mkdtempSync(join(tmpdir(), 'meshgate-rules-'));
    cpSync(join(root, 'rules/lint'), dir, { recursive: true });
    for (const n of readdirSync(dir)) utimesSync(join(dir, n), new Date(1985, 9, 26), new Date(1985, 9, 26));
    const snap = JSON.parse(readFileSync(snapshotFile, 'utf8'));
    expect(builtinRulesFingerprint(dir)).toBe(snap.fingerprint);
  });
});
