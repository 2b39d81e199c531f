// The marker blocks `npm run docs` fills (src/format/doc-blocks.ts): found, replaced, and refused when broken.
import { describe, expect, it } from 'vitest';
import { fenced, findBlocks, replaceBlocks, runBody } from '../../src/format/doc-blocks.js';

const page = [
  'Intro.',
  '<!-- docs:run columns=80',
  '$ meshgate lint shop.yaml; echo $?',
  '$ meshgate rules show self-call',
  '-->',
  'stale output',
  '<!-- /docs:run -->',
  '<!-- docs:file docs/examples/shop.yaml -->',
  '<!-- /docs:file -->',
  'End.',
  '',
].join('\n');

describe('doc blocks', () => {
  it('finds run and file blocks with their options', () => {
    const found = findBlocks(page);
    expect(found.map((f) => f.block)).toEqual([
      { kind: 'run', commands: ['meshgate lint shop.yaml; echo $?', 'meshgate rules show self-call'], columns: 80, lang: 'console', prompt: true },
      { kind: 'file', path: 'docs/examples/shop.yaml', lang: 'yaml' },
    ]);
    expect(found.map((f) => f.line)).toEqual([2, 8]);
  });

  it('replaces only the bodies, and regenerating twice gives the same text', () => {
    const found = findBlocks(page);
    const bodies = [runBody(found[0]!.block as never, ['report\n1\n', 'rule\n']), fenced('a: 1\n', 'yaml')];
    const once = replaceBlocks(page, found, bodies);
    expect(once).toBe(page.replace('stale output\n', '```console\n$ meshgate lint shop.yaml; echo $?\nreport\n1\n$ meshgate rules show self-call\nrule\n```\n').replace('<!-- /docs:file -->', '```yaml\na: 1\n```\n<!-- /docs:file -->'));
    expect(replaceBlocks(once, findBlocks(once), bodies)).toBe(once);
  });

  it('a fence holding ``` gets a longer fence', () => {
    expect(fenced('```yaml\nx\n```', 'md')).toBe('````md\n```yaml\nx\n```\n````\n');
  });

  it('refuses a block without its end marker or without a command', () => {
    expect(() => findBlocks('<!-- docs:run\n$ meshgate x\n-->\n', 'p.md')).toThrow(/p\.md:1: .*no <!-- \/docs:run -->/);
    expect(() => findBlocks('<!-- docs:run -->\n<!-- /docs:run -->', 'p.md')).toThrow(/names no "\$ command"/);
  });
});
