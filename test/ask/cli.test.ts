// `meshgate ask` without a terminal: exits 2 at once, reads nothing from stdin, prompts nothing.
import { describe, it, expect, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { openSync, closeSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';

const repoRoot = resolve(import.meta.dirname, '../..');
const cli = resolve(repoRoot, 'dist/main.js');
const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };

beforeAll(() => {
  if (!existsSync(cli)) throw new Error('dist/main.js is missing: run `npm run build` first (npm test does)');
});

describe('meshgate ask, not a terminal', () => {
  it('exits 2 with a pointer to recommend and --answers when stdin is a pipe', () => {
    // The piped text would answer prompts if ask read it; it must not.
    const r = spawnSync(process.execPath, [cli, 'ask'], { input: 'north-south\n3\n', encoding: 'utf8', env, timeout: 20_000 });
    expect(r.signal).toBeNull(); // not killed by the timeout: it did not wait for input
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'meshgate: meshgate ask needs an interactive terminal (stdin and stdout must both be a terminal)\n' +
        'fix: in scripts and CI, write an answers file and run `meshgate recommend FILE`; ' +
        'to revisit saved answers, run `meshgate ask --answers FILE` in a terminal\n',
    );
  });

  it('exits 2 with stdin from /dev/null, even with --save and --answers', () => {
    const fd = openSync('/dev/null', 'r');
    try {
      const r = spawnSync(process.execPath, [cli, 'ask', '--save', 'x.yaml', '--answers', 'y.yaml'], { stdio: [fd, 'pipe', 'pipe'], encoding: 'utf8', env, timeout: 20_000 });
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('needs an interactive terminal');
      expect(r.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
    } finally {
      closeSync(fd);
    }
  });
});
