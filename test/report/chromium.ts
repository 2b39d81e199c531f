/**
 * Drives Debian's `chromium` headless over the DevTools protocol on a pipe
 * (--remote-debugging-pipe: file descriptors 3 and 4, NUL-separated JSON), so no WebSocket
 * client or npm package is needed. Collects console errors, uncaught exceptions, browser log
 * errors (CSP violations, failed loads) and every network request a page makes.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Readable, Writable } from 'node:stream';

export interface PageReport {
  /** console.error/assert calls, uncaught exceptions and error-level browser log entries. */
  errors: string[];
  /** Every URL the page requested, the page itself included. */
  requests: string[];
  /** The value of `expression` evaluated in the loaded page. */
  value: unknown;
}

/** Finds the chromium binary; throws (never skips) when it is missing, as CI installs it. */
export function chromiumPath(): string {
  for (const candidate of [process.env['CHROMIUM'], 'chromium', 'chromium-browser', 'google-chrome']) {
    if (!candidate) continue;
    const r = spawnSync(candidate, ['--version'], { encoding: 'utf8' });
    if (r.status === 0) return candidate;
  }
  throw new Error('chromium not found: install it (Debian: apt-get install -y chromium) or set CHROMIUM=/path/to/chrome');
}

type Message = { id?: number; method?: string; params?: Record<string, unknown>; result?: Record<string, unknown>; error?: { message: string }; sessionId?: string };

export class Chromium {
  private readonly proc: ChildProcess;
  private readonly profile: string;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (m: Message) => void; reject: (e: Error) => void }>();
  private readonly listeners: ((m: Message) => void)[] = [];
  private buffer = '';
  private stderr = '';

  private constructor(binary: string) {
    this.profile = mkdtempSync(join(tmpdir(), 'meshgate-chromium-'));
    this.proc = spawn(
      binary,
      [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run',
        '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', `--user-data-dir=${this.profile}`,
        '--remote-debugging-pipe', 'about:blank',
      ],
      { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] },
    );
    (this.proc.stdio[2] as Readable).on('data', (d: Buffer) => {
      this.stderr = (this.stderr + d.toString()).slice(-4000);
    });
    (this.proc.stdio[4] as Readable).on('data', (d: Buffer) => this.onData(d.toString('utf8')));
    this.proc.on('exit', () => {
      for (const p of this.pending.values()) p.reject(new Error(`chromium exited; stderr:\n${this.stderr}`));
      this.pending.clear();
    });
  }

  static async launch(): Promise<Chromium> {
    const browser = new Chromium(chromiumPath());
    await browser.send('Browser.getVersion');
    return browser;
  }

  private onData(chunk: string): void {
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf('\0')) >= 0) {
      const msg = JSON.parse(this.buffer.slice(0, end)) as Message;
      this.buffer = this.buffer.slice(end + 1);
      if (msg.id !== undefined && this.pending.has(msg.id)) {
        const p = this.pending.get(msg.id)!;
        this.pending.delete(msg.id);
        if (msg.error) p.reject(new Error(msg.error.message));
        else p.resolve(msg);
      } else {
        for (const l of this.listeners) l(msg);
      }
    }
  }

  send(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<Message> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      (this.proc.stdio[3] as Writable).write(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }) + '\0');
    });
  }

  /** Opens a file in a fresh tab, waits for load, evaluates `expression`, and reports what happened. */
  async open(file: string, expression: string, timeoutMs = 20000): Promise<PageReport> {
    const { result: created } = await this.send('Target.createTarget', { url: 'about:blank' });
    const targetId = created!['targetId'] as string;
    const { result: attached } = await this.send('Target.attachToTarget', { targetId, flatten: true });
    const sessionId = attached!['sessionId'] as string;
    const report: PageReport = { errors: [], requests: [], value: undefined };
    let loaded!: () => void;
    const load = new Promise<void>((resolve) => (loaded = resolve));
    const listener = (m: Message) => {
      if (m.sessionId !== sessionId) return;
      const p = m.params ?? {};
      if (m.method === 'Runtime.consoleAPICalled' && (p['type'] === 'error' || p['type'] === 'assert')) {
        report.errors.push(`console.${p['type']}: ${JSON.stringify((p['args'] as { value?: unknown; description?: string }[]).map((a) => a.value ?? a.description))}`);
      } else if (m.method === 'Runtime.exceptionThrown') {
        const d = p['exceptionDetails'] as { text: string; exception?: { description?: string } };
        report.errors.push(`exception: ${d.exception?.description ?? d.text}`);
      } else if (m.method === 'Log.entryAdded') {
        const e = p['entry'] as { level: string; text: string; url?: string };
        if (e.level === 'error') report.errors.push(`log: ${e.text}${e.url ? ` (${e.url})` : ''}`);
      } else if (m.method === 'Network.requestWillBeSent') {
        report.requests.push((p['request'] as { url: string }).url);
      } else if (m.method === 'Page.loadEventFired') {
        loaded();
      }
    };
    this.listeners.push(listener);
    try {
      for (const domain of ['Runtime', 'Log', 'Network', 'Page']) await this.send(`${domain}.enable`, {}, sessionId);
      await this.send('Page.navigate', { url: pathToFileURL(file).href }, sessionId);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        load,
        new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`${file} did not load in ${timeoutMs} ms`)), timeoutMs))),
      ]).finally(() => clearTimeout(timer));
      // Let late console messages and log entries arrive before reading them.
      await new Promise((r) => setTimeout(r, 150));
      const { result } = await this.send('Runtime.evaluate', { expression, returnByValue: true }, sessionId);
      const r = result as { result: { value?: unknown }; exceptionDetails?: { text: string } };
      if (r.exceptionDetails) throw new Error(`evaluating in the page failed: ${r.exceptionDetails.text}`);
      report.value = r.result.value;
      return report;
    } finally {
      this.listeners.splice(this.listeners.indexOf(listener), 1);
      await this.send('Target.closeTarget', { targetId }).catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    const exited = new Promise((r) => this.proc.once('exit', r));
    await this.send('Browser.close').catch(() => undefined);
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    rmSync(this.profile, { recursive: true, force: true });
  }
}

/** Evaluated in the page: what a reader would see of the diagram. */
export const DIAGRAM_PROBE = `(() => {
  const svg = document.querySelector('figure.diagram > svg');
  const nodes = svg ? [...svg.querySelectorAll('g.node')].map((g) => [...g.querySelectorAll('text')].map((t) => t.textContent)) : [];
  const box = svg ? svg.getBoundingClientRect() : null;
  return {
    svgCount: document.querySelectorAll('svg').length,
    svgNamespace: svg ? svg.namespaceURI : null,
    width: box ? box.width : 0,
    nodes,
    scripts: document.scripts.length,
    title: document.title,
    h2: [...document.querySelectorAll('h2')].map((h) => h.textContent),
  };
})()`;

export interface DiagramProbe {
  svgCount: number;
  svgNamespace: string | null;
  width: number;
  nodes: string[][];
  scripts: number;
  title: string;
  h2: string[];
}
