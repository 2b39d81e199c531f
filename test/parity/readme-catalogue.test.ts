// The README rule catalogue is generated: it must match the rules on disk (run `npm run docs`).
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { loadScoringRules } from '../../src/shell/load-scoring-rules.js';
import { loadLintRules } from '../../src/shell/load-lint-rules.js';
import { buildCatalogue, formatCatalogueMarkdown, replaceCatalogueSection } from '../../src/format/rule-catalogue.js';

const root = resolve(import.meta.dirname, '../..');

describe('README rule catalogue', () => {
  it('is up to date with rules/ (run `npm run docs` if this fails)', async () => {
    const readme = readFileSync(resolve(root, 'README.md'), 'utf8');
    const set = loadScoringRules();
    const catalogue = buildCatalogue(set.rules, await loadLintRules(), set.constraints);
    expect(replaceCatalogueSection(readme, formatCatalogueMarkdown(catalogue))).toBe(readme);
  });

  it('lists every scoring rule, constraint and lint rule id', async () => {
    const readme = readFileSync(resolve(root, 'README.md'), 'utf8');
    for (const r of loadScoringRules().rules) expect(readme).toContain(`| \`${r.id}\``);
    for (const c of loadScoringRules().constraints) expect(readme).toContain(`| \`${c.id}\``);
    for (const r of await loadLintRules()) expect(readme).toContain(`| \`${r.id}\``);
  });

  it('`node dist/docs.js --check` agrees (exit 0, writes nothing)', () => {
    if (!existsSync(resolve(root, 'dist/docs.js'))) throw new Error('dist/docs.js is missing: run `npm run build` first (npm test does)');
    const before = readFileSync(resolve(root, 'README.md'), 'utf8');
    const r = spawnSync(process.execPath, [resolve(root, 'dist/docs.js'), '--check'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readFileSync(resolve(root, 'README.md'), 'utf8')).toBe(before);
  });
});
