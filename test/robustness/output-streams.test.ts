/**
 * What happens when the standard streams fail, through real processes and real devices: a reader
 * that goes away (`| head -1`), a full disk behind stdout (/dev/full), a stderr that cannot be
 * written, and an error meshgate did not expect. CI reads exit 1 as "lint found problems", so a
 * lost report must never end that way, and a closed pipe must not turn success into failure.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exitCodeForError } from '../../src/cli.js';
import { memoryIo } from '../../src/io.js';
import { assertBuilt, cliPath, spawnEnv, tempDir } from './helpers.js';

let work: { dir: string; cleanup: () => void };

/** Runs a bash command line in the work directory; `$MESHGATE` is the built CLI. */
function bash(script: string, env: Record<string, string> = {}) {
  const r = spawnSync('bash', ['-c', script], { cwd: work.dir, encoding: 'utf8', env: { ...spawnEnv, MESHGATE: `${process.execPath} ${cliPath}`, ...env }, timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const STACK = /^\s+at .+[:(]/m;

beforeAll(() => {
  assertBuilt();
  work = tempDir('streams');
  // 3,000 findings: a report far larger than a pipe's 64 KiB buffer.
  const lines = ['apiVersion: meshgate/v1', 'kind: Architecture', 'metadata: {name: findings}', 'platform: kubernetes', 'services:'];
  for (let i = 0; i < 1000; i++) lines.push(`  - name: svc-${i}`, `    calls: [gone-${i}a, gone-${i}b, gone-${i}c]`);
  writeFileSync(join(work.dir, 'findings.yaml'), lines.join('\n') + '\n');
  writeFileSync(join(work.dir, 'clean.yaml'), 'apiVersion: meshgate/v1\nkind: Architecture\nmetadata: {name: c}\nplatform: kubernetes\nservices:\n  - name: api\n');
});
afterAll(() => work.cleanup());

describe('a reader that goes away (EPIPE)', () => {
  it.each([
    ['lint with errors, json', 1, '$MESHGATE lint findings.yaml -f json'],
    ['lint with errors, sarif', 1, '$MESHGATE lint findings.yaml -f sarif'],
    ['generate to stdout', 0, '$MESHGATE generate findings.yaml --out - -t istio'],
    ['import (exit 0)', 0, '$MESHGATE import findings.yaml'],
  ])('%s | head -1: quiet, with the exit code the work deserved (%i)', (_name, expected, command) => {
    const r = bash(`${command} | head -1; echo "exit=\${PIPESTATUS[0]}" >&2`);
    expect(r.stdout.split('\n').filter(Boolean)).toHaveLength(1);
    expect(r.stderr).toMatch(new RegExp(`exit=${expected}\\n$`));
    expect(r.stderr).not.toMatch(/EPIPE|broken pipe|internal error/i);
    expect(r.stderr).not.toMatch(STACK);
  });
});

describe('stdout on a full disk (/dev/full)', () => {
  it.each([
    ['lint -f sarif (with findings: would be exit 1)', '$MESHGATE lint findings.yaml -f sarif'],
    ['lint -f json of a clean file (would be exit 0)', '$MESHGATE lint clean.yaml -f json'],
    ['recommend', '$MESHGATE recommend clean.yaml'],
    ['generate --out -', '$MESHGATE generate clean.yaml --out - -t kong'],
  ])('%s > /dev/full: exit 2, one line saying so, no stack', (_name, command) => {
    const r = bash(`${command} > /dev/full`);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/(^|\n)meshgate: cannot write to standard output: no space left on the device \(ENOSPC\); the output is incomplete\n$/);
    expect(r.stderr.match(/cannot write to standard output/g)).toHaveLength(1);
    expect(r.stderr).not.toMatch(STACK);
    expect(r.stderr).not.toMatch(/internal error/);
  });
});

describe('stderr that cannot be written', () => {
  it('changes no exit code and crashes nothing (lint with findings stays 1, a usage error stays 2)', () => {
    expect(bash('$MESHGATE lint findings.yaml -f json 2>/dev/full >/dev/null').status).toBe(1);
    expect(bash('$MESHGATE lint missing.yaml 2>/dev/full >/dev/null').status).toBe(2);
    expect(bash('$MESHGATE lint clean.yaml 2>/dev/full').status).toBe(0);
  });
});

describe('an error meshgate did not expect', () => {
  it('inside a command: exit 2 (never 1), one line and where to report it, the stack only with MESHGATE_DEBUG', () => {
    const io = memoryIo();
    expect(exitCodeForError(new TypeError("Cannot read properties of undefined (reading 'x')\nsecond line"), io)).toBe(2);
    expect(io.err).toBe(
      "meshgate: internal error: Cannot read properties of undefined (reading 'x')\n" +
        'This is a bug in meshgate 0.1.0, not a problem with your input: please report it with the command you ran and its input (run it again with MESHGATE_DEBUG=1 to include the stack trace).\n',
    );
    const debug = memoryIo({ env: { MESHGATE_DEBUG: '1' } });
    exitCodeForError(new Error('boom'), debug);
    expect(debug.err).toMatch(STACK);
  });

  it('outside a command (an exception thrown from a callback): exit 2 with the same two lines', () => {
    // A module loaded before meshgate makes the first write to stdout throw later, from the event
    // loop, as a bug in a callback would; node alone would print a stack and exit 1.
    const preload = join(work.dir, 'throw-later.mjs');
    writeFileSync(
      preload,
      'const write = process.stdout.write.bind(process.stdout);\n' +
        "process.stdout.write = (...args) => { setImmediate(() => { throw new Error('thrown from a callback'); }); return write(...args); };\n",
    );
    const r = bash(`${process.execPath} --import ${preload} ${cliPath} lint findings.yaml > /dev/null`);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('meshgate: internal error: thrown from a callback\nThis is a bug in meshgate 0.1.0');
    expect(r.stderr).not.toMatch(STACK);
  });
});
