// The build's snapshot of the built-in lint rules must be exactly what reading rules/lint gives,
// and must be ignored as soon as a rule file changes.
import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync, mkdtempSync, cpSync, writeFileSync, utimesSync } from 'node:fs';
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

  it('changes its fingerprint when a rule file is edited or touched', () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshgate-rules-'));
    cpSync(join(root, 'rules/lint'), dir, { recursive: true });
    const before = builtinRulesFingerprint(dir);
    const f = join(dir, 'self-call.yaml');
    writeFileSync(f, readFileSync(f, 'utf8').replace('severity: warning', 'severity: error'));
    expect(builtinRulesFingerprint(dir)).not.toBe(before);
    const edited = builtinRulesFingerprint(dir);
    utimesSync(f, new Date(2001, 1, 1), new Date(2001, 1, 1));
    expect(builtinRulesFingerprint(dir)).not.toBe(edited);
  });
});
