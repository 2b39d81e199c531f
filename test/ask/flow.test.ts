// The whole `meshgate ask` flow in-process, driven through @inquirer/testing's screen:
// skip logic, review-and-change, save, overwrite refusal, defaults only, --answers prefill, Ctrl-C.
import { screen } from '@inquirer/testing/vitest';
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { mkdtempSync, rmSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { runAsk, type AskOptions } from '../../src/commands/ask.js';
import { memoryIo } from '../../src/io.js';
import { exitCodeForError } from '../../src/cli.js';
import { UserError } from '../../src/errors.js';
import { parseAnswers } from '../../src/shell/load-answers.js';
import { decide } from '../../src/core/engine.js';
import { loadScoringRules } from '../../src/shell/load-scoring-rules.js';
import { formatRecommendationText } from '../../src/format/recommendation/text.js';
import { withDefaults } from '../../src/core/answers.js';
import type { Answers } from '../../src/core/types.js';

let cwd: string;
beforeEach(() => { cwd = mkdtempSync(join(tmpdir(), 'meshgate-ask-')); });
afterEach(() => rmSync(cwd, { recursive: true, force: true }));

/** Starts the flow and waits for the first prompt (runAsk loads rules before asking). */
async function start(opts: AskOptions = {}, color = false) {
  const io = memoryIo({ stdinIsTTY: true, stdoutIsTTY: true, cwd, color });
  const run = runAsk(opts, io);
  run.catch(() => undefined); // observed by the test; keeps an early rejection from being "unhandled"
  await next(run);
  return { io, run };
}

/** Waits for the next prompt (or for the run to end). */
async function next(run: Promise<number>): Promise<void> {
  await Promise.race([screen.next(), run.then(() => undefined, () => undefined)]);
}

/** Presses a key that ends the current prompt (Enter, Ctrl-C), then waits for what comes next. */
async function press(run: Promise<number>, key: string | { name: string; ctrl?: boolean }): Promise<void> {
  screen.keypress(key);
  await next(run);
}

/** Presses a key that moves within the prompt (arrows, space): it re-renders at once. */
function move(key: string, times = 1): void {
  for (let i = 0; i < times; i++) screen.keypress(key);
}

async function type(run: Promise<number>, text: string): Promise<void> {
  screen.type(text);
  screen.keypress('enter');
  await next(run);
}

/** Presses Enter until the screen matches (each press accepts the default shown). */
async function enterUntil(run: Promise<number>, pattern: RegExp, max = 30): Promise<void> {
  for (let i = 0; i < max && !pattern.test(screen.getScreen()); i++) await press(run, 'enter');
  expect(screen.getScreen()).toMatch(pattern);
}

/** The last offer: starter configs, default no. */
async function declineGenerate(run: Promise<number>): Promise<void> {
  expect(screen.getScreen()).toContain('Generate starter configs for this setup into a folder? (y/N)');
  await press(run, 'enter');
  await expect(run).resolves.toBe(0);
}

function expectedRecommendation(answers: Answers): string {
  return formatRecommendationText(decide(answers, loadScoringRules()), { color: false, source: 'your answers' });
}

const DEFAULTS = withDefaults({ traffic: 'north-south', services: 3 });

describe('meshgate ask (in-process)', () => {
  it('Enter on every question accepts every default, reaches the verdict and saves answers.yaml', async () => {
    const { io, run } = await start();
    expect(screen.getScreen()).toContain('Which traffic do you need to manage? (question 1 of 22)');
    // The reason in words, without the rubric's internal factor codes.
    expect(screen.getScreen()).toContain('why: Calls coming in from outside');
    expect(screen.getScreen()).not.toMatch(/\bF\d\b/);
    expect(screen.getScreen()).toContain('Clients outside your system call into it'); // the choice's description
    await enterUntil(run, /Review your answers/);
    await press(run, 'enter'); // Looks good
    expect(screen.getScreen()).toContain('Save your answers?');
    await press(run, 'enter'); // yes
    expect(screen.getScreen()).toContain('Save to which file? (answers.yaml)');
    await press(run, 'enter');
    await declineGenerate(run);

    expect(io.out).toContain(expectedRecommendation(DEFAULTS));
    const saved = parseAnswers(readFileSync(join(cwd, 'answers.yaml'), 'utf8'), 'answers.yaml');
    expect(saved.answers).toEqual(DEFAULTS);
    expect(io.out).toContain('saved your answers to answers.yaml');
    expect(io.err).toBe('');
  });

  it('skips what one service cannot need, says so, then re-asks follow-ups after a change in review', async () => {
    const { io, run } = await start({ save: 'out.yaml' });
    await press(run, 'enter'); // traffic: north-south
    expect(screen.getScreen()).toContain('(question 2 of 22)');
    await type(run, '1'); // services: 1
    expect(screen.getScreen()).toContain('Who calls your services from outside?');
    expect(screen.getScreen()).toContain('(question 3 of 15)');
    await press(run, 'enter'); // consumers: none
    expect(await screen.getFullOutput()).toContain('✔ Who calls your services from outside? (select none if nobody does) none');
    expect(io.out).toContain('skipped: What the edge must do — assumed none, because nobody calls in from outside');
    expect(io.out).toContain('skipped: Security between services — assumed Nothing special, because a single service has no service-to-service traffic');
    expect(io.out).toContain('skipped: Mandated by regulation — assumed no');
    expect(screen.getScreen()).toContain('How much do you need to see? (question 4 of 13)');
    await press(run, 'enter'); // observability
    expect(screen.getScreen()).toContain('Which traffic policies do you need?');
    expect(screen.getScreen()).not.toContain('Fault injection');
    expect(screen.getScreen()).not.toContain('Circuit breaking');
    await enterUntil(run, /Review your answers/);
    expect(io.out).toContain('skipped: Clusters — assumed 1');
    // The review shows each answer as the choice reads, not the stored value.
    expect(io.out).toMatch(/Security between services +Nothing special +\(not asked: a single service has no service-to-service traffic\)/);
    expect(io.out).toMatch(/Traffic to manage +From outside in \(north-south\)/);

    move('down', 2); // Looks good → Change traffic → Change services
    expect(screen.getScreen()).toMatch(/❯ Change services \(1\)/);
    await press(run, 'enter');
    expect(screen.getScreen()).toContain('changing your answer');
    await type(run, '6');
    // serviceSecurity is relevant now: a follow-up
    expect(screen.getScreen()).toContain('What must calls between your services have? (follow-up question)');
    move('down', 2);
    await press(run, 'enter'); // mtls
    expect(screen.getScreen()).toContain('Does a regulation or company policy mandate');
    await type(run, 'y');
    await enterUntil(run, /Review your answers/); // authorization, communication, clusters, languages, budget
    expect(screen.getScreen()).toMatch(/Change security between services \(Mutual TLS \(workload identity\)\)/);
    await press(run, 'enter');
    await declineGenerate(run);

    const saved = parseAnswers(readFileSync(join(cwd, 'out.yaml'), 'utf8'), 'out.yaml').answers;
    expect(saved).toMatchObject({ traffic: 'north-south', services: 6, consumers: [], serviceSecurity: 'mtls', compliance: true, clusters: 1, languages: 1 });
    expect(io.out).toContain(expectedRecommendation(saved));
    expect(screen.getScreen()).not.toContain('Save your answers?'); // --save does not ask
  });

  it('never overwrites an existing file without a yes, and offers another name', async () => {
    writeFileSync(join(cwd, 'answers.yaml'), 'keep: me\n');
    const { run } = await start();
    await enterUntil(run, /Review your answers/);
    await press(run, 'enter');
    await press(run, 'enter'); // save? yes
    await press(run, 'enter'); // answers.yaml
    expect(screen.getScreen()).toContain('answers.yaml already exists. Overwrite it? (y/N)');
    await press(run, 'enter'); // default: no
    expect(screen.getScreen()).toContain('Save under another name?');
    await press(run, 'enter');
    expect(screen.getScreen()).toContain('Save to which file instead? (answers-2.yaml)');
    await press(run, 'enter');
    await declineGenerate(run);
    expect(readFileSync(join(cwd, 'answers.yaml'), 'utf8')).toBe('keep: me\n');
    expect(parseAnswers(readFileSync(join(cwd, 'answers-2.yaml'), 'utf8'), 'a').answers).toEqual(DEFAULTS);
  });

  it('--save to an existing file asks before overwriting, and replaces it on yes', async () => {
    writeFileSync(join(cwd, 'mine.yaml'), 'old: file\n');
    const { run } = await start({ save: 'mine.yaml' });
    await enterUntil(run, /Review your answers/);
    await press(run, 'enter');
    expect(screen.getScreen()).toContain('mine.yaml already exists. Overwrite it? (y/N)');
    await type(run, 'y');
    await declineGenerate(run);
    expect(parseAnswers(readFileSync(join(cwd, 'mine.yaml'), 'utf8'), 'a').answers).toEqual(DEFAULTS);
    expect(readdirSync(cwd)).toEqual(['mine.yaml']);
  });

  it('--answers pre-fills every default from the file', async () => {
    const prior = withDefaults({
      traffic: 'east-west', services: 20, consumers: ['partners'], edgeNeeds: ['api-keys'], serviceSecurity: 'mtls',
      compliance: true, platform: 'mixed', clusters: 3, languages: 4, protocols: ['grpc'], team: 'platform', cloud: 'gcp',
    });
    writeFileSync(join(cwd, 'prior.yaml'), `apiVersion: meshgate/v1\nkind: Answers\n${Object.entries(prior).slice(2).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join('\n')}\n`);
    const { io, run } = await start({ answers: 'prior.yaml', save: 'again.yaml' });
    expect(screen.getScreen()).toMatch(/❯ Between services/);
    await press(run, 'enter');
    expect(screen.getScreen()).toContain('(20)');
    await enterUntil(run, /Review your answers/);
    await press(run, 'enter');
    await declineGenerate(run);
    expect(parseAnswers(readFileSync(join(cwd, 'again.yaml'), 'utf8'), 'a').answers).toEqual(prior);
    expect(io.out).toContain(expectedRecommendation(prior));
  });

  it('generates starter configs into a folder from the saved answers when asked', async () => {
    const { io, run } = await start({ save: 'answers.yaml' });
    await enterUntil(run, /Review your answers/);
    await press(run, 'enter');
    await type(run, 'y');
    expect(screen.getScreen()).toContain('Folder to write them into? (./meshgate-starter)');
    await press(run, 'enter');
    await expect(run).resolves.toBe(0);
    expect(io.out).toMatch(/wrote \d+ files? into \.\/meshgate-starter/);
    const written = readdirSync(join(cwd, 'meshgate-starter'), { recursive: true }) as string[];
    expect(written.length).toBeGreaterThan(0);
    expect(readdirSync(cwd).sort()).toEqual(['answers.yaml', 'meshgate-starter']);
  });

  it('saves unsaved answers before generating, since generate reads a file', async () => {
    const { io, run } = await start();
    await enterUntil(run, /Review your answers/);
    await press(run, 'enter');
    await type(run, 'n'); // don't save
    await type(run, 'y'); // but do generate
    screen.type('out');
    await press(run, 'enter');
    expect(io.out).toContain('generate reads your answers from a file, so save them first');
    expect(screen.getScreen()).toContain('Save to which file? (answers.yaml)');
    await press(run, 'enter');
    await expect(run).resolves.toBe(0);
    expect(parseAnswers(readFileSync(join(cwd, 'answers.yaml'), 'utf8'), 'a').answers).toEqual(DEFAULTS);
    expect(io.out).toMatch(/wrote \d+ files? into out/);
  });

  it('a bad --answers file fails with file:line:col before any prompt', async () => {
    writeFileSync(join(cwd, 'bad.yaml'), 'apiVersion: meshgate/v1\nkind: Answers\ntraffic: sideways\nservices: 2\n');
    const io = memoryIo({ stdinIsTTY: true, stdoutIsTTY: true, cwd });
    const err = await runAsk({ answers: 'bad.yaml' }, io).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect(exitCodeForError(err, io)).toBe(2);
    expect(io.err).toMatch(/^bad\.yaml:3:10: traffic: "sideways" is not allowed; allowed values: north-south, east-west, both$/m);
    expect(screen.getScreen()).toBe('');
    expect(io.out).toBe('');
  });

  it('an unusable --save target or --answers - fails before any prompt', async () => {
    const io = memoryIo({ stdinIsTTY: true, stdoutIsTTY: true, cwd });
    const noFolder = await runAsk({ save: 'missing/answers.yaml' }, io).catch((e: unknown) => e);
    expect(exitCodeForError(noFolder, io)).toBe(2);
    expect(io.err).toMatch(/--save: folder .*missing does not exist/);
    const stdin = await runAsk({ answers: '-' }, io).catch((e: unknown) => e);
    expect(exitCodeForError(stdin, io)).toBe(2);
    expect(io.err).toContain('--answers - (stdin) cannot be used with ask');
    expect(screen.getScreen()).toBe('');
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('refuses to run without a terminal, pointing to recommend and --answers', async () => {
    const io = memoryIo({ stdinIsTTY: false, stdoutIsTTY: true, cwd });
    const err = await runAsk({}, io).catch((e: unknown) => e);
    expect(exitCodeForError(err, io)).toBe(2);
    expect(io.err).toContain('needs an interactive terminal');
    expect(io.err).toContain('meshgate recommend FILE');
    expect(io.err).toContain('--answers FILE');
    expect(screen.getScreen()).toBe('');
  });

  it('Ctrl-C at a prompt ends with exit 130, one line, and writes nothing', async () => {
    const { io, run } = await start({ save: 'never.yaml' });
    await press(run, 'enter');
    await press(run, 'enter');
    await press(run, { name: 'c', ctrl: true });
    const err = await run.catch((e: unknown) => e);
    expect(exitCodeForError(err, io)).toBe(130);
    expect(io.err).toBe('meshgate: cancelled\n');
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('Ctrl-C while choosing where to save writes nothing', async () => {
    const { io, run } = await start();
    await enterUntil(run, /Review your answers/);
    await press(run, 'enter');
    await press(run, 'enter');
    expect(screen.getScreen()).toContain('Save to which file?');
    await press(run, { name: 'c', ctrl: true });
    expect(exitCodeForError(await run.catch((e: unknown) => e), io)).toBe(130);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('colours follow io.color, in our output and in the prompts', async () => {
    const plain = await start({ save: 'p.yaml' }, false);
    expect(screen.getScreen({ raw: true })).not.toMatch(/\x1b\[\d+(;\d+)*m/);
    await enterUntil(plain.run, /Review your answers/);
    expect(screen.getScreen({ raw: true })).not.toMatch(/\x1b\[\d+(;\d+)*m/);
    await press(plain.run, 'enter');
    await declineGenerate(plain.run);
    expect(plain.io.out).not.toMatch(/\x1b\[/);

    screen.clear();
    const coloured = await start({ save: 'c.yaml' }, true);
    expect(screen.getScreen({ raw: true })).toMatch(/\x1b\[\d+(;\d+)*m/);
    await enterUntil(coloured.run, /Review your answers/);
    await press(coloured.run, 'enter');
    await declineGenerate(coloured.run);
    expect(coloured.io.out).toMatch(/\x1b\[\d+m/);
  });
});
