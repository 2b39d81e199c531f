#!/usr/bin/env node
/**
 * The only module that touches `process` for exit codes: it runs the CLI and sets exitCode.
 * Kept tiny so that `meshgate --help` loads little more than commander.
 */
import { run } from './cli.js';
import { nodeIo } from './io.js';

// `meshgate ... | head` closes the pipe early; that is not an error worth a stack trace.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

const argv = process.argv.slice(2);
process.exitCode = await run(argv, nodeIo(argv));
