#!/usr/bin/env node
/**
 * The only module that touches `process` for exit codes: it runs the CLI, sets exitCode, and
 * decides what failures of the standard streams mean. Kept tiny so that `meshgate --help`
 * loads little more than commander.
 */
import { writeSync } from 'node:fs';
import { EXIT, internalErrorText, outputFailureText, run } from './cli.js';
import { nodeIo } from './io.js';

/** Writes to stderr without ever throwing: it may be a closed terminal or a full disk. */
function say(text: string): void {
  try {
    writeSync(2, text);
  } catch {
    /* nowhere left to say it */
  }
}

// Errors of the standard streams arrive as events, after the write that failed.
let stdoutFailure: NodeJS.ErrnoException | undefined;
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  stdoutFailure ??= err;
});
// When stderr fails nothing can be said; the exit code still tells.
process.stderr.on('error', () => undefined);

process.on('exit', () => {
  // EPIPE: the reader went away (`| head`), which is no failure of the work: its exit code stands.
  if (!stdoutFailure || stdoutFailure.code === 'EPIPE') return;
  // A full disk or an I/O error lost part of the output: that must not pass as success (or as "findings").
  say(outputFailureText(stdoutFailure));
  process.exitCode = EXIT.usage;
});

// Anything that escapes outside the command itself is a bug too: one message, exit 2, never node's exit 1.
const internalError = (err: unknown): void => {
  say(internalErrorText(err, process.env));
  process.exit(EXIT.usage);
};
process.on('uncaughtException', internalError);
process.on('unhandledRejection', internalError);

const argv = process.argv.slice(2);
process.exitCode = await run(argv, nodeIo(argv, () => stdoutFailure !== undefined));
