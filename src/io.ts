/**
 * The seam between commands and the process: commands write through an Io, never to
 * process.stdout directly, so tests can run them in-process and capture everything.
 */
import { decideColumns } from './format/text-width.js';

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Reads all of stdin; with `maxBytes`, stops once more than that has arrived (endless input ends too). */
  readStdin(maxBytes?: number): Promise<Uint8Array>;
  stdinIsTTY: boolean;
  stdoutIsTTY: boolean;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Whether output may carry ANSI colours (decided once, in the shell). */
  color: boolean;
  /**
   * Width text output must fit (COLUMNS, else the terminal's width); undefined when stdout is
   * not a terminal and COLUMNS is unset: piped output keeps whole lines. See format/text-width.ts.
   */
  columns?: number;
}

/** What reading inputs needs of the process: stdin and the working directory, no terminal. */
export type InputAccess = Pick<Io, 'readStdin' | 'cwd'>;

/**
 * Colour is on only for a terminal, and off for NO_COLOR (non-empty), TERM=dumb or --no-color;
 * FORCE_COLOR (other than "0") forces it on. chalk 5 ignores NO_COLOR, hence this decision here.
 */
export function decideColor(argv: string[], env: Record<string, string | undefined>, stdoutIsTTY: boolean): boolean {
  if (argv.includes('--no-color')) return false;
  const force = env['FORCE_COLOR'];
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  if (env['NO_COLOR']) return false;
  if (env['TERM'] === 'dumb') return false;
  return stdoutIsTTY;
}

/**
 * The Io of the real process. Once stdout has failed (`stdoutFailed`, e.g. the reader of a pipe
 * left) nothing more is written to it: the work finishes and its exit code stands.
 */
export function nodeIo(argv: string[], stdoutFailed: () => boolean = () => false): Io {
  const stdoutIsTTY = Boolean(process.stdout.isTTY);
  return {
    stdout: (t) => {
      if (!stdoutFailed()) process.stdout.write(t);
    },
    stderr: (t) => void process.stderr.write(t),
    readStdin: async (maxBytes?: number) => {
      const { readAllStdin } = await import('./shell/read-input.js');
      return readAllStdin(maxBytes);
    },
    stdinIsTTY: Boolean(process.stdin.isTTY),
    stdoutIsTTY,
    env: process.env,
    cwd: process.cwd(),
    color: decideColor(argv, process.env, stdoutIsTTY),
    columns: decideColumns(process.env, stdoutIsTTY, process.stdout.columns),
  };
}

/** An Io that records output, for tests. */
export function memoryIo(opts: Partial<Io> & { stdin?: string } = {}): Io & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout(t: string) { io.out += t; },
    stderr(t: string) { io.err += t; },
    readStdin: async () => new TextEncoder().encode(opts.stdin ?? ''),
    stdinIsTTY: false,
    stdoutIsTTY: false,
    env: {},
    cwd: process.cwd(),
    color: false,
    ...opts,
  };
  return io;
}
