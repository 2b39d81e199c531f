/**
 * Safe writing: never outside --out, never overwrite without force (and then change nothing),
 * atomic replace, no temporary file left behind, and a clean stop on interrupt.
 */
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { writeFilesSafely, planWrites, prepareOutDir } from '../../src/shell/write-files.js';
import { CancelledError, UserError } from '../../src/errors.js';
import { repoRoot } from './support.js';

let base: string;
let out: string;
let elsewhere: string;

beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'meshgate-write-'));
  out = join(base, 'out');
  elsewhere = join(base, 'elsewhere');
  mkdirSync(elsewhere);
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

/** Every file under a directory, relative, sorted (hidden temporary files included). */
function tree(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as Array<{ isFile(): boolean; isSymbolicLink(): boolean; parentPath: string; name: string }>)
    .filter((e) => e.isFile() || e.isSymbolicLink())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

const files = [
  { path: 'a/one.yaml', content: 'one: 1\n' },
  { path: 'a/b/two.yaml', content: 'two: 2\n' },
  { path: 'three.conf', content: 'events {}\n' },
];

async function expectUserError(p: Promise<unknown>, pattern: RegExp): Promise<UserError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(UserError);
  const text = [(err as UserError).message, ...(err as UserError).details.map((d) => d.message)].join('\n');
  expect(text).toMatch(pattern);
  return err as UserError;
}

describe('writeFilesSafely', () => {
  it('creates --out and nested directories and writes exact contents, leaving no temporary files', async () => {
    await writeFilesSafely(out, base, files, { force: false });
    expect(tree(out)).toEqual(['a/b/two.yaml', 'a/one.yaml', 'three.conf']);
    for (const f of files) expect(readFileSync(join(out, f.path), 'utf8')).toBe(f.content);
  });

  it.each([['../escape.yaml'], ['a/../../escape.yaml'], ['/tmp/abs.yaml'], ['a//b.yaml'], ['./x.yaml'], ['a\\..\\x.yaml']])('refuses the path %j and writes nothing', async (path) => {
    await expectUserError(writeFilesSafely(out, base, [files[0]!, { path, content: 'x' }], { force: true }), /not a plain relative path|outside/);
    expect(tree(base)).toEqual([]);
  });

  it('refuses a symlink inside --out that leads elsewhere, writing nothing (not even the other files)', async () => {
    mkdirSync(out);
    symlinkSync(elsewhere, join(out, 'a'));
    await expectUserError(writeFilesSafely(out, base, files, { force: true }), /symlink that leads outside/);
    expect(tree(elsewhere)).toEqual([]);
    expect(tree(out)).toEqual(['a']);
  });

  it('refuses an existing file that is a symlink to a file elsewhere, even with force', async () => {
    mkdirSync(out);
    writeFileSync(join(elsewhere, 'target'), 'keep\n');
    symlinkSync(join(elsewhere, 'target'), join(out, 'three.conf'));
    await expectUserError(writeFilesSafely(out, base, files, { force: true }), /symlink that leads outside/);
    expect(readFileSync(join(elsewhere, 'target'), 'utf8')).toBe('keep\n');
  });

  it('follows a symlink that stays inside --out', async () => {
    mkdirSync(join(out, 'real'), { recursive: true });
    symlinkSync(join(out, 'real'), join(out, 'a'));
    await writeFilesSafely(out, base, files, { force: false });
    expect(readFileSync(join(out, 'real/one.yaml'), 'utf8')).toBe('one: 1\n');
  });

  it('resolves --out itself when it is a symlink, and writes into its target', async () => {
    symlinkSync(elsewhere, out);
    await writeFilesSafely(out, base, files, { force: false });
    expect(tree(elsewhere)).toEqual(['a/b/two.yaml', 'a/one.yaml', 'three.conf']);
    expect(prepareOutDir(out, base, false)).toBe(elsewhere);
  });

  it('never overwrites without force: lists every existing file and changes nothing', async () => {
    mkdirSync(join(out, 'a'), { recursive: true });
    writeFileSync(join(out, 'a/one.yaml'), 'mine\n');
    writeFileSync(join(out, 'three.conf'), 'mine too\n');
    const err = await expectUserError(writeFilesSafely(out, base, files, { force: false }), /2 files already exist; nothing was written/);
    expect(err.details.map((d) => d.message)).toEqual([`exists: ${join(out, 'a/one.yaml')}`, `exists: ${join(out, 'three.conf')}`]);
    expect(err.hint).toMatch(/--force/);
    expect(tree(out)).toEqual(['a/one.yaml', 'three.conf']);
    expect(readFileSync(join(out, 'a/one.yaml'), 'utf8')).toBe('mine\n');
  });

  it('overwrites with force, atomically: every file is staged inside --out before the first one replaces an old file', async () => {
    mkdirSync(join(out, 'a'), { recursive: true });
    writeFileSync(join(out, 'a/one.yaml'), 'old\n');
    const seen: Array<{ temp: string; tempContent: string; final: string }> = [];
    await writeFilesSafely(out, base, files, {
      force: true,
      afterTempWrite: (temp) => seen.push({ temp, tempContent: readFileSync(temp, 'utf8'), final: readFileSync(join(out, 'a/one.yaml'), 'utf8') }),
    });
    expect(seen).toHaveLength(files.length);
    expect(seen.every((s) => s.temp.startsWith(join(out, '.meshgate-staging-')))).toBe(true);
    expect(seen.map((s) => s.tempContent).sort()).toEqual(files.map((f) => f.content).sort());
    expect(seen.every((s) => s.final === 'old\n')).toBe(true);
    expect(readFileSync(join(out, 'a/one.yaml'), 'utf8')).toBe('one: 1\n');
    expect(tree(out)).toEqual(['a/b/two.yaml', 'a/one.yaml', 'three.conf']);
  });

  // All or nothing (issue 16): an interrupted write leaves the directory as it was, not a partial set.
  it('on interrupt writes nothing at all, removes what it created and throws CancelledError', async () => {
    const controller = new AbortController();
    let calls = 0;
    const err = await writeFilesSafely(out, base, files, {
      force: false,
      signal: controller.signal,
      afterTempWrite: () => {
        calls++;
        if (calls === 2) controller.abort();
      },
    }).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(CancelledError);
    expect(existsSync(out)).toBe(false);
    expect(tree(base)).toEqual([]);
  });

  it('a real SIGINT while writing stops cleanly: exit 130, nothing written, no temporary file or lock', () => {
    // A child process runs the built writer and sends itself SIGINT right after the first file is staged.
    const writer = pathToFileURL(join(repoRoot, 'dist/shell/write-files.js')).href;
    const script = `
      import { writeFilesSafely } from ${JSON.stringify(writer)};
      const files = ${JSON.stringify(files)};
      let sent = false;
      await writeFilesSafely(${JSON.stringify(out)}, '/', files, {
        force: false,
        afterTempWrite: () => { if (!sent) { sent = true; process.kill(process.pid, 'SIGINT'); } },
      });
      process.exit(0);`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(r.stderr).toMatch(/^meshgate: cancelled \(SIGINT\); nothing was changed in .*out\n$/);
    expect(r.status).toBe(130);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses when --out is a file', async () => {
    writeFileSync(out, 'x');
    await expectUserError(writeFilesSafely(out, base, files, { force: true }), /is not a directory/);
  });

  it('refuses when a planned directory is an existing file', () => {
    mkdirSync(out);
    writeFileSync(join(out, 'a'), 'x');
    let err: unknown;
    try {
      planWrites(out, files, true, out);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).details.map((d) => d.message)).toEqual([
      `${join(out, 'a')} is a file, but a/one.yaml needs it to be a directory`,
      `${join(out, 'a')} is a file, but a/b/two.yaml needs it to be a directory`,
    ]);
  });
});
