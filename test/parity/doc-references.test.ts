// Every page or README section that a message, hint or comment in src/ (or a schema description)
// sends the reader to must exist: `docs/....md` paths are files of the repository (and of the
// package), `README "X"` names a heading of README.md, and `docs/rules/<id>.md` exists for every
// rule lint output can name.
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadLintRules } from '../../src/shell/load-lint-rules.js';
import { ruleDocPath } from '../../src/format/rule-docs.js';

const root = resolve(import.meta.dirname, '../..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|json)$/.test(n) ? [p] : [];
  });
}

const sources = files(join(root, 'src')).map((f) => ({ file: f.slice(root.length + 1), text: readFileSync(f, 'utf8') }));
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const headings = readme.split('\n').filter((l) => /^#{1,6} /.test(l)).map((l) => l.replace(/^#+ /, ''));

describe('pages and sections named in src/ exist', () => {
  // Paths after -o / --out are where a help example writes its output, not pages to read.
  const pages = sources.flatMap(({ file, text }) => [...text.matchAll(/(?<!(?:-o|--out) )\bdocs\/[\w./-]*\.md\b/g)].map((m) => ({ file, page: m[0] })));
  const sections = sources.flatMap(({ file, text }) => [...text.matchAll(/README \\?"([^"\\]+)\\?"/g)].map((m) => ({ file, section: m[1]! })));

  it('finds the references it checks (the hints of the readers and of lint)', () => {
    expect(pages.map((p) => p.page)).toEqual(expect.arrayContaining(['docs/formats/answers.md', 'docs/formats/architecture.md', 'docs/design/yaml-reader.md', 'docs/formats/meshgate-yaml.md', 'docs/formats/lint-rules.md', 'docs/formats/scoring-rules.md', 'docs/formats/conditions.md']));
  });

  it('every docs/....md named in src/ is a file', () => {
    const missing = pages.filter((p) => !existsSync(join(root, p.page))).map((p) => `${p.file}: ${p.page}`);
    expect(missing).toEqual([]);
  });

  it('every README "section" named in src/ is a heading of README.md', () => {
    const missing = sections.filter((s) => !headings.some((h) => h.includes(s.section))).map((s) => `${s.file}: README "${s.section}"`);
    expect(missing).toEqual([]);
  });

  it('every built-in lint rule has the page lint output names (docs/rules/<id>.md)', async () => {
    for (const r of await loadLintRules()) {
      if (r.check.kind === 'suppression') continue;
      expect(existsSync(join(root, ruleDocPath(r.id))), ruleDocPath(r.id)).toBe(true);
    }
  });

  it('REPOSITORY_URL is package.json\'s repository, so rule page URLs lead somewhere', async () => {
    const { REPOSITORY_URL } = await import('../../src/format/rule-docs.js');
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { repository?: string | { url: string } };
    const repo = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
    const web = repo?.replace(/^git\+/, '').replace(/\.git$/, '').replace(/^github:/, 'https://github.com/');
    expect(REPOSITORY_URL).toBe(web);
  });
});
