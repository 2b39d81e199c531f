/**
 * SIGINT, SIGTERM and SIGHUP while meshgate has something of its own on disk (a temporary file,
 * a staging directory, a lock): the handler takes it all back and the process exits 128 + the
 * signal's number (130, 143, 129), as a shell reports a process it interrupted.
 *
 * Why handlers only while writing: JavaScript cannot run inside a signal, so once a handler is
 * installed a signal waits until the current synchronous work yields. During reading and linting
 * (long, synchronous, nothing on disk) the default action is better: the process ends at once.
 * The writers in this directory do every file-system step synchronously and yield only between
 * whole steps, so when the handler runs the bookkeeping says exactly what exists.
 *
 * A guard is released synchronously, but the handlers are removed only after the event loop has
 * passed its poll phase (where libuv delivers signals) once more: a signal that arrived during the
 * last synchronous write is still delivered to them (removing the last listener would otherwise
 * drop it), and ends the run as a signal should.
 */
import { writeSync } from 'node:fs';

export const GUARDED_SIGNALS = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const;
export type GuardedSignal = keyof typeof GUARDED_SIGNALS;

/** Takes back what a writer has put on disk; returns a few words on what it did, for the message. */
export type Cleanup = () => string | undefined;

export interface SignalGuard {
  /** Ends the guard: the cleanup will not run any more. */
  release(): void;
}

const active: { cleanup: Cleanup }[] = [];
let installed = false;
let removalPending = false;

function onSignal(signal: GuardedSignal): void {
  // No guard left: the signal came during or just after the last write, which is complete.
  const said: string[] = active.length === 0 ? ['what was written is complete'] : [];
  // Newest first: a staging directory goes before the lock that protects it.
  for (const guard of active.splice(0).reverse()) {
    try {
      const what = guard.cleanup();
      if (what) said.push(what);
    } catch {
      /* a cleanup that fails must not stop the others or the exit */
    }
  }
  try {
    // Synchronous and unchecked: after SIGHUP the terminal may be gone.
    writeSync(2, `meshgate: cancelled (${signal})${said.length > 0 ? `; ${said.join('; ')}` : ''}\n`);
  } catch {
    /* nowhere left to say it */
  }
  process.exit(128 + GUARDED_SIGNALS[signal]);
}

const listeners = Object.fromEntries(Object.keys(GUARDED_SIGNALS).map((s) => [s, () => onSignal(s as GuardedSignal)])) as Record<GuardedSignal, () => void>;

function install(): void {
  if (installed) return;
  installed = true;
  for (const s of Object.keys(listeners) as GuardedSignal[]) process.on(s, listeners[s]);
}

/**
 * Runs `fn` after the event loop has been through a poll phase: an immediate scheduled from the
 * check phase runs in the next iteration, after that iteration's poll.
 */
function afterPoll(fn: () => void): void {
  setImmediate(() => setImmediate(fn));
}

function scheduleRemoval(): void {
  if (removalPending) return;
  removalPending = true;
  afterPoll(() => {
    removalPending = false;
    if (active.length > 0 || !installed) return;
    installed = false;
    for (const s of Object.keys(listeners) as GuardedSignal[]) process.off(s, listeners[s]);
  });
}

/**
 * From now until `release()`, SIGINT, SIGTERM and SIGHUP run `cleanup` (synchronously, newest
 * guard first) and end the process with 128 + the signal number.
 */
export function guardAgainstSignals(cleanup: Cleanup): SignalGuard {
  const entry = { cleanup };
  active.push(entry);
  install();
  return {
    release() {
      const i = active.indexOf(entry);
      if (i >= 0) active.splice(i, 1);
      if (active.length === 0) scheduleRemoval();
    },
  };
}

/** Lets a pending signal reach its handler between two steps of a long write. */
export function yieldToSignals(): Promise<void> {
  return new Promise((resolve) => afterPoll(resolve));
}
