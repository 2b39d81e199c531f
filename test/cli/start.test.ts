// `npm start` (dist/start.js) off a terminal recommends for the bundled example, named relative
// to the working directory like every path meshgate prints, and exits 0.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');

describe('npm start', () => {
  it('prints the recommendation for templates/examples/answers.yaml, its path relative to the package', () => {
    const r = spawnSync(process.execPath, [join(root, 'dist/start.js')], { cwd: root, encoding: 'utf8', input: '', env: { ...process.env, NO_COLOR: '1' } });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n')[0]).toBe('Recommendation for templates/examples/answers.yaml');
    expect(r.stdout).toMatch(/^ {2}(GATEWAY|MESH|BOTH|NEITHER): /m);
  });
});
