// One end-to-end run of `meshgate ask` in a real pseudo-terminal (tmux): arrow keys, Space and
// Enter as a user would press them; then the printed verdict, the saved file and `recommend` on it.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { parseAnswers } from '../../src/shell/load-answers.js';

const repoRoot = resolve(import.meta.dirname, '../..');
const cli = resolve(repoRoot, 'dist/main.js');
// A private tmux server: never touches anybody else's sessions.
const socket = `meshgate-ask-${process.pid}`;
const session = 'ask';
let dir: string;

function tmux(...args: string[]): string {
  const r = spawnSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`tmux ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

/** The whole scrollback, wrapped lines joined. */
function pane(): string {
  return tmux('capture-pane', '-p', '-J', '-S', '-', '-t', session);
}

/** Polls the pane until it matches (no fixed sleeps: the machine may be busy). */
async function waitFor(pattern: RegExp, what: string, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = pane();
    if (pattern.test(text)) return text;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (${pattern}); the terminal shows:\n${text}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Sends keys and waits until the screen has moved on to what is expected next. */
async function keys(expectNext: RegExp, what: string, ...k: string[]): Promise<void> {
  tmux('send-keys', '-t', session, ...k);
  await waitFor(expectNext, what);
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'meshgate-pty-'));
});

afterAll(() => {
  spawnSync('tmux', ['-L', socket, 'kill-server'], { stdio: 'ignore' });
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('meshgate ask in a real terminal', () => {
  it('answers with arrow keys, prints the verdict and saves a file that recommend agrees with', async () => {
    // Checked inside the test (not in a hook) so a missing tmux is a failed test, never a skipped one.
    const probe = spawnSync('tmux', ['-V'], { encoding: 'utf8' });
    if (probe.error || probe.status !== 0) {
      throw new Error('tmux is not installed: the real-terminal test of `meshgate ask` needs it (apt-get install -y tmux; CI installs it)');
    }
    if (!existsSync(cli)) throw new Error('dist/main.js is missing: run `npm run build` first (npm test does)');
    const saved = join(dir, 'a.yaml');
    const cmd = `cd '${dir}' && '${process.execPath}' '${cli}' ask --save '${saved}'; echo "ask exited $?"; sleep 600`;
    tmux('new-session', '-d', '-s', session, '-x', '120', '-y', '50', cmd);

    await waitFor(/Which traffic do you need to manage\? \(question 1 of 22\)/, 'the first question');
    await keys(/How many independently deployed/, 'the services question', 'Down', 'Down', 'Enter'); // both
    await keys(/Who calls your services from outside/, 'the consumers question', 'BSpace', '8', 'Enter');
    await keys(/Which protocols do outside callers use/, 'the edge protocol question', 'Down', 'Space', 'Down', 'Down', 'Space', 'Enter'); // mobile, public
    await keys(/What must the edge do/, 'the edge question', 'Enter'); // HTTP
    await keys(/What must calls between your services have/, 'the security question', 'Down', 'Space', 'Down', 'Down', 'Space', 'Enter'); // auth, api-keys
    await keys(/Does a regulation or company policy mandate/, 'the compliance question', 'Down', 'Down', 'Enter'); // mtls
    await keys(/Beyond encryption, who may call whom/, 'the authorization question', 'y', 'Enter');
    await keys(/How much do you need to see/, 'the observability question', 'Enter');
    await keys(/Which traffic policies do you need/, 'the traffic policy question', 'Down', 'Down', 'Down', 'Enter'); // tracing
    // the rest: defaults
    for (const next of [/How do your services mostly talk/, /Must calls from your services to outside hosts/, /Where do your workloads run/, /Across how many clusters/, /In how many programming languages/, /Which wire protocols/, /Who would run the gateway or mesh/, /How tight is your latency budget/, /How much CPU and memory/, /Which cloud provider/, /What already runs/, /Which licences and support/, /Review your answers/]) {
      await keys(next, String(next), 'Enter');
    }
    await keys(/Generate starter configs for this setup into a folder\? \(y\/N\)/, 'the offer to generate', 'Enter');
    const screenText = await keys(/ask exited \d+/, 'the end of the run', 'Enter').then(pane);
    expect(screenText).toContain('ask exited 0');
    expect(screenText).toMatch(/✔ How many independently deployed .*8/);

    const answers = parseAnswers(readFileSync(saved, 'utf8'), saved).answers;
    expect(answers).toMatchObject({
      traffic: 'both', services: 8, consumers: ['mobile', 'public'], edgeNeeds: ['auth', 'api-keys'],
      serviceSecurity: 'mtls', compliance: true, observability: 'tracing', trafficControl: [],
    });

    // The terminal above is 120 columns wide, so `ask` wrapped its text there: ask `recommend` for the same width.
    const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', COLUMNS: '120' };
    const json = spawnSync(process.execPath, [cli, 'recommend', saved, '--format', 'json'], { encoding: 'utf8', env });
    expect(json.status, json.stderr).toBe(0);
    const decision = JSON.parse(json.stdout) as { recommendation: string };
    const text = spawnSync(process.execPath, [cli, 'recommend', saved], { encoding: 'utf8', env });
    expect(text.status, text.stderr).toBe(0);
    // The verdict and score table `ask` printed are the ones `recommend` prints for the saved file
    // (everything after the header line, which names the source, up to the end of the table).
    const lines = text.stdout.split('\n');
    expect(lines[0]).toContain(saved);
    const block = lines.slice(1, lines.findIndex((l) => l.startsWith('└')) + 1).map((l) => l.trimEnd());
    expect(block.length).toBeGreaterThan(4);
    expect(block.join('\n').toLowerCase()).toContain(decision.recommendation);
    const paneLines = screenText.split('\n').map((l) => l.trimEnd());
    const at = paneLines.indexOf('Recommendation for your answers');
    expect(at, 'the pane shows the recommendation header').toBeGreaterThan(-1);
    expect(paneLines.slice(at + 1, at + 1 + block.length)).toEqual(block);
  });
});
