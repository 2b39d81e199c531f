/**
 * Reads user-named inputs (files or stdin) as UTF-8 text with a size limit. Every failure
 * becomes a UserError that names the file and, for bad bytes, the line and column.
 */
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { UserError } from '../errors.js';

/** 20 MiB: an architecture of 100k services is about 15 MB; larger inputs are almost surely mistakes. */
export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;

export interface InputText {
  /** Name used in messages: the path as given, or "<stdin>". */
  file: string;
  text: string;
}

/** Parses a --max-bytes value such as 1048576, 512k, 20m or 1g. */
export function parseByteSize(raw: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kmg]i?b?|b)?$/i.exec(raw.trim());
  if (!m) throw new UserError(`invalid size "${raw}"`, { hint: 'use a number of bytes or a suffix: 512k, 20m, 1g' });
  const unit = (m[2] ?? 'b').toLowerCase()[0];
  const mult = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1;
  return Math.floor(Number(m[1]) * mult);
}

/** A path as one shell word for a suggested command; FILE when it holds characters a terminal would act on. */
function shellWord(path: string): string {
  if (path === '<stdin>' || /[\u0000-\u001f\u007f-\u009f]/.test(path)) return 'FILE';
  if (/^[\w./@%+=:,-]+$/.test(path)) return path;
  return `'${path.replace(/'/g, `'\\''`)}'`;
}

export type WideEncoding = 'UTF-16LE' | 'UTF-16BE' | 'UTF-32LE' | 'UTF-32BE';

/**
 * Recognises UTF-16 and UTF-32 text, which editors on Windows (and PowerShell's `>`) write: by
 * its byte-order mark, or without one by the NUL bytes that ASCII characters carry in it (every
 * other byte for UTF-16, three in four for UTF-32). Such text is valid UTF-8 byte for byte when
 * it is ASCII, so decoding alone cannot tell; and converting it "from latin1" would keep the NULs.
 */
export function detectWideEncoding(bytes: Uint8Array): { encoding: WideEncoding; by: 'byte-order mark' | 'NUL bytes' } | undefined {
  const b = bytes;
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xfe && b[2] === 0 && b[3] === 0) return { encoding: 'UTF-32LE', by: 'byte-order mark' };
  if (b.length >= 4 && b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff) return { encoding: 'UTF-32BE', by: 'byte-order mark' };
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return { encoding: 'UTF-16LE', by: 'byte-order mark' };
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return { encoding: 'UTF-16BE', by: 'byte-order mark' };
  const n = Math.min(b.length, 4096) & ~3;
  if (n < 4) return undefined;
  const zerosAt = [0, 0, 0, 0];
  for (let i = 0; i < n; i++) if (b[i] === 0) zerosAt[i % 4]!++;
  const quarter = n / 4;
  const mostly = (k: number): boolean => zerosAt[k]! >= 0.9 * quarter;
  const rarely = (k: number): boolean => zerosAt[k]! <= 0.1 * quarter;
  if (rarely(0) && mostly(1) && mostly(2) && mostly(3)) return { encoding: 'UTF-32LE', by: 'NUL bytes' };
  if (mostly(0) && mostly(1) && mostly(2) && rarely(3)) return { encoding: 'UTF-32BE', by: 'NUL bytes' };
  const even = zerosAt[0]! + zerosAt[2]!;
  const odd = zerosAt[1]! + zerosAt[3]!;
  if (odd >= 0.6 * (n / 2) && even <= 0.1 * (n / 2)) return { encoding: 'UTF-16LE', by: 'NUL bytes' };
  if (even >= 0.6 * (n / 2) && odd <= 0.1 * (n / 2)) return { encoding: 'UTF-16BE', by: 'NUL bytes' };
  return undefined;
}

/**
 * Decodes UTF-8 strictly; invalid bytes are reported with their line and column, and UTF-16 or
 * UTF-32 text with the `iconv` command that converts it.
 */
export function decodeUtf8(bytes: Uint8Array, file: string): string {
  const wide = detectWideEncoding(bytes);
  if (wide) {
    const word = shellWord(file);
    throw new UserError(`${file} is ${wide.encoding} text (by its ${wide.by}), not UTF-8`, {
      loc: { file, line: 1, column: 1 },
      hint: file === '<stdin>'
        ? `convert it before it reaches meshgate: ... | iconv -f ${wide.encoding} -t UTF-8 | meshgate ...`
        : `convert it to UTF-8: iconv -f ${wide.encoding} -t UTF-8 ${word} > ${word === 'FILE' ? 'FILE' : `${word}.utf8`}, then use that file`,
    });
  }
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    // Find the first bad byte: decode growing prefixes line by line.
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < bytes.length; i++) {
      if (bytes[i] === 10) {
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(lineStart, i));
        } catch {
          break;
        }
        line++;
        lineStart = i + 1;
      }
    }
    const lineBytes = bytes.subarray(lineStart, bytes.indexOf(10, lineStart) === -1 ? bytes.length : bytes.indexOf(10, lineStart));
    let col = 1;
    for (let j = 1; j <= lineBytes.length; j++) {
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(lineBytes.subarray(0, j));
        col = j + 1;
      } catch {
        /* incomplete sequence or bad byte: keep growing until it decodes again or ends */
      }
    }
    const decodedPrefix = new TextDecoder('utf-8').decode(lineBytes.subarray(0, col - 1));
    const word = shellWord(file);
    throw new UserError(`${file} is not valid UTF-8`, {
      loc: { file, line, column: decodedPrefix.length + 1 },
      hint: `save it as UTF-8: \`file -bi ${word}\` names its encoding, then \`iconv -f THAT-ENCODING -t UTF-8\` converts it (-f latin1 for Latin-1, -f windows-1252 for Windows Western)`,
    });
  }
}

/** Reads a file (or stdin for "-") as UTF-8 text. */
export async function readInputText(
  path: string,
  opts: { maxBytes?: number; readStdin: (maxBytes?: number) => Promise<Uint8Array> },
): Promise<InputText> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  if (path === '-') {
    const bytes = await opts.readStdin(maxBytes);
    if (bytes.length > maxBytes) throw tooLarge('<stdin>', bytes.length, maxBytes, false);
    return { file: '<stdin>', text: decodeUtf8(bytes, '<stdin>') };
  }
  const bytes = readFileWithLimit(path, maxBytes);
  return { file: path, text: decodeUtf8(bytes, path) };
}

/**
 * Reads a file's bytes, refusing more than `maxBytes`: a regular file by its size before reading,
 * a pipe or device (`<(helm template ...)`, /dev/zero) by reading with a cap. Every failure is a
 * UserError naming `shown` (the path as the user wrote it).
 */
export function readFileWithLimit(path: string, maxBytes: number = DEFAULT_MAX_BYTES, shown: string = path): Uint8Array {
  let size: number;
  let regular: boolean;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new UserError(`${shown} is a directory`, { hint: 'name a YAML file' });
    size = st.size;
    regular = st.isFile();
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw fsError(shown, err);
  }
  if (size > maxBytes) throw tooLarge(shown, size, maxBytes, true);
  let bytes: Uint8Array;
  try {
    bytes = regular ? readFileSync(path) : readCapped(path, maxBytes);
  } catch (err) {
    throw fsError(shown, err);
  }
  if (bytes.length > maxBytes) throw tooLarge(shown, bytes.length, maxBytes, regular);
  return bytes;
}

/** Reads a file that has no size (pipe, device) until its end or until more than `maxBytes` arrived. */
function readCapped(path: string, maxBytes: number): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(64 * 1024);
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > maxBytes) break;
    }
    return Buffer.concat(chunks);
  } finally {
    closeSync(fd);
  }
}

/**
 * `size` is exact when the file system knew it; for stdin, pipes and devices reading stops just
 * past the limit, so the message gives the limit only.
 */
function tooLarge(file: string, size: number, max: number, exact: boolean): UserError {
  const mib = exact ? Math.ceil(size / 1024 / 1024) + 1 : 2 * Math.ceil(max / 1024 / 1024);
  return new UserError(exact ? `${file} is ${size} bytes, over the ${max}-byte limit` : `${file} is over the ${max}-byte limit`, {
    loc: { file, line: 1, column: 1 },
    hint: `raise the limit with --max-bytes (e.g. --max-bytes ${mib}m) if the input is genuine`,
  });
}

export function fsError(path: string, err: unknown): UserError {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return new UserError(`${path}: no such file`, { hint: 'check the path (relative paths start at the current directory)' });
  if (code === 'EACCES' || code === 'EPERM') return new UserError(`${path}: permission denied`, { hint: 'make the file readable' });
  if (code === 'EISDIR') return new UserError(`${path} is a directory`, { hint: 'name a YAML file' });
  return new UserError(`${path}: cannot read (${code ?? (err as Error)?.message ?? err})`);
}

/** Reads all of stdin, or stops once more than `maxBytes` has arrived (so `yes | meshgate lint -` ends). */
export async function readAllStdin(maxBytes = Infinity): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
    total += (chunk as Buffer).length;
    if (total > maxBytes) break;
  }
  return Buffer.concat(chunks);
}
