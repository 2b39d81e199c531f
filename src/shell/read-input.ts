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

/** Decodes UTF-8 strictly; invalid bytes are reported with their line and column. */
export function decodeUtf8(bytes: Uint8Array, file: string): string {
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
    throw new UserError(`${file} is not valid UTF-8`, {
      loc: { file, line, column: decodedPrefix.length + 1 },
      hint: 'save the file as UTF-8 (e.g. `iconv -f latin1 -t utf-8`)',
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
