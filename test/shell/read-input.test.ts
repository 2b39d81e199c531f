import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readInputText, decodeUtf8, parseByteSize } from '../../src/shell/read-input.js';
import { UserError } from '../../src/errors.js';

const noStdin = async () => new Uint8Array();
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'meshgate-read-'));
});

async function failure(p: Promise<unknown>): Promise<UserError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return e as UserError;
  }
  throw new Error('expected a UserError');
}

describe('readInputText', () => {
  it('reads a UTF-8 file and strips a byte-order mark', async () => {
    const f = join(dir, 'bom.yaml');
    writeFileSync(f, '\ufeffa: ü\n');
    expect(await readInputText(f, { readStdin: noStdin })).toEqual({ file: f, text: 'a: ü\n' });
  });

  it('reads stdin for "-" and names it <stdin>', async () => {
    const r = await readInputText('-', { readStdin: async () => new TextEncoder().encode('x: 1\n') });
    expect(r).toEqual({ file: '<stdin>', text: 'x: 1\n' });
  });

  it('names a missing file and a directory', async () => {
    expect((await failure(readInputText(join(dir, 'nope.yaml'), { readStdin: noStdin }))).message).toMatch(/no such file/);
    mkdirSync(join(dir, 'sub'), { recursive: true });
    expect((await failure(readInputText(join(dir, 'sub'), { readStdin: noStdin }))).message).toMatch(/is a directory/);
  });

  it('refuses files over --max-bytes before reading them, with the fix', async () => {
    const f = join(dir, 'big.yaml');
    writeFileSync(f, 'a: ' + 'x'.repeat(5000) + '\n');
    const e = await failure(readInputText(f, { maxBytes: 1024, readStdin: noStdin }));
    expect(e.message).toMatch(/over the 1024-byte limit/);
    expect(e.hint).toMatch(/--max-bytes/);
  });

  it('applies the limit to stdin too', async () => {
    const e = await failure(readInputText('-', { maxBytes: 4, readStdin: async () => new Uint8Array(10) }));
    expect(e.message).toMatch(/<stdin>/);
  });
});

describe('decodeUtf8', () => {
  it('reports the line and column of the first invalid byte', () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('ok: 1\nname: ab'), 0xff, ...new TextEncoder().encode('c\n')]);
    try {
      decodeUtf8(bytes, 'latin.yaml');
      throw new Error('expected failure');
    } catch (e) {
      expect((e as UserError).details[0]!.loc).toEqual({ file: 'latin.yaml', line: 2, column: 9 });
      expect((e as UserError).message).toMatch(/not valid UTF-8/);
    }
  });
});

describe('parseByteSize', () => {
  it.each([
    ['1024', 1024],
    ['512k', 512 * 1024],
    ['20m', 20 * 1024 * 1024],
    ['1g', 1024 ** 3],
    ['2MiB', 2 * 1024 * 1024],
  ])('%s = %d bytes', (raw, bytes) => expect(parseByteSize(raw)).toBe(bytes));

  it('rejects nonsense', () => expect(() => parseByteSize('lots')).toThrow(UserError));
});
