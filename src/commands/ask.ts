/**
 * `meshgate ask`: the interactive questionnaire. Asks what the questions file says (skipping
 * what cannot matter), lets the user review and change answers, prints the recommendation
 * exactly as `recommend` does, then offers to save the answers. Nothing is written before the
 * save step, and the save itself is atomic, so Ctrl-C anywhere leaves no partial file.
 */
import { dirname, isAbsolute, resolve } from 'node:path';
import { Chalk } from 'chalk';
import type { Io } from '../io.js';
import { UserError } from '../errors.js';
import { VERSION } from '../version.js';
import {
  answer, applyStep, buildAnswers, nextStep, reviewItems, visibleChoices, EMPTY_FLOW,
  type FlowState, type Question, type Values,
} from '../core/questionnaire.js';
import type { Answers, AnswerField } from '../core/types.js';
import { loadQuestions } from '../shell/load-questions.js';
import { createPrompter, type Prompter } from '../shell/prompt.js';
import { checkTarget, serializeAnswers, writeFileAtomic, TargetExistsError } from '../shell/save-answers.js';
import { schemaModeline } from '../shell/schema-modeline.js';

export interface AskOptions {
  /** Pre-fill defaults from this answers file. */
  answers?: string;
  /** Save here without asking whether to save. */
  save?: string;
}

const DONE = '\u0000done';

/** Paths are relative to the Io's working directory (the process's, outside tests). */
function resolveFrom(io: Io, path: string): string {
  return isAbsolute(path) || io.cwd === process.cwd() ? path : resolve(io.cwd, path);
}

/** Shows a user-typed path in a message without letting control characters through. */
function showPath(path: string): string {
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u001f\u007f]/.test(path) ? JSON.stringify(path) : path;
}

export async function runAsk(opts: AskOptions, io: Io): Promise<number> {
  if (!io.stdinIsTTY || !io.stdoutIsTTY) {
    throw new UserError('meshgate ask needs an interactive terminal (stdin and stdout must both be a terminal)', {
      hint: 'in scripts and CI, write an answers file and run `meshgate recommend FILE`; ' +
        'to revisit saved answers, run `meshgate ask --answers FILE` in a terminal',
    });
  }
  if (opts.answers === '-') {
    throw new UserError('--answers - (stdin) cannot be used with ask: stdin is the terminal you answer on', {
      hint: 'name the answers file: meshgate ask --answers answers.yaml',
    });
  }
  // A --save target that can never work should fail now, not after fifteen questions.
  const saveProblem = opts.save === undefined ? undefined : checkTarget(resolveFrom(io, opts.save)).problem;
  if (saveProblem) throw new UserError(`--save: ${saveProblem}`, { hint: 'name a file in an existing folder' });
  const { questions } = loadQuestions();
  const prefill = opts.answers ? await loadPrefill(opts.answers, io) : {};
  // Load the scoring rules before the first question, so a broken install fails before any typing.
  const [{ decide }, { loadScoringRules }, { formatRecommendationText }] = await Promise.all([
    import('../core/engine.js'),
    import('../shell/load-scoring-rules.js'),
    import('../format/recommendation/text.js'),
  ]);
  const rules = loadScoringRules();
  const c = new Chalk({ level: io.color ? 1 : 0 });
  const prompter = createPrompter(io.color);

  io.stdout(
    `${c.bold('meshgate ask')}: up to ${questions.length} questions about your system, then a recommendation\n` +
      '(API gateway, service mesh, both or neither).\n' +
      c.dim('Enter accepts the default shown; Ctrl-C quits without writing anything.') + '\n\n',
  );

  let state = await walk(questions, EMPTY_FLOW, 0, prefill, prompter, io, c);
  state = await review(questions, state, prompter, io, c);

  const answers = buildAnswers(state.values);
  const decision = decide(answers, rules);
  io.stdout('\n' + formatRecommendationText(decision, { color: io.color, source: 'your answers', columns: io.columns }));

  const assumed: Partial<Record<AnswerField, string>> = {};
  for (const item of reviewItems(questions, state)) if (item.skippedBecause) assumed[item.field] = item.skippedBecause;
  const saved = await saveFlow(answers, assumed, opts.save, prompter, io, c, true);
  return offerGenerate(saved, () => saveFlow(answers, assumed, undefined, prompter, io, c, false), prompter, io, c);
}

/**
 * Offers starter configs (default no). `generate` reads answers from a file, so unsaved answers
 * are saved first: the generated files then name a file the user still has.
 */
async function offerGenerate(
  saved: string | undefined,
  save: () => Promise<string | undefined>,
  prompter: Prompter,
  io: Io,
  c: InstanceType<typeof Chalk>,
): Promise<number> {
  io.stdout('\n');
  if (!(await prompter.confirm('Generate starter configs for this setup into a folder?', false))) return 0;
  const folder = await prompter.input('Folder to write them into?', './meshgate-starter', (v) => (v.trim() === '' ? 'type a folder name' : true));
  let input = saved;
  if (input === undefined) {
    io.stdout(c.dim('generate reads your answers from a file, so save them first') + '\n');
    input = await save();
    if (input === undefined) {
      io.stdout(`nothing generated; later: ${c.bold('meshgate generate ANSWERS-FILE --out DIR')}\n`);
      return 0;
    }
  }
  const { runGenerate } = await import('./generate.js');
  return runGenerate([input], { out: folder, target: [], dryRun: false, force: false }, io);
}

async function loadPrefill(file: string, io: Io): Promise<Values> {
  const [{ readInputText }, { parseAnswers }] = await Promise.all([
    import('../shell/read-input.js'),
    import('../shell/load-answers.js'),
  ]);
  const { text } = await readInputText(resolveFrom(io, file), { readStdin: io.readStdin });
  const { answers } = parseAnswers(text, file);
  const { apiVersion: _v, kind: _k, ...values } = answers;
  return values;
}

/** Asks, skips and adjusts from question `from` on, until every question is settled. */
async function walk(
  questions: readonly Question[],
  start: FlowState,
  from: number,
  prefill: Values,
  prompter: Prompter,
  io: Io,
  c: InstanceType<typeof Chalk>,
  reviewing = false,
): Promise<FlowState> {
  let state = start;
  for (let step = nextStep(questions, state, from, prefill); step; step = nextStep(questions, state, step.index + 1, prefill)) {
    if (step.kind === 'ask') {
      const value = await prompter.ask({
        question: step.question,
        choices: step.choices,
        default: step.default,
        progress: step.progress,
        ...(reviewing || step.followUp ? { label: 'follow-up question' } : {}),
      });
      state = answer(state, step.question, value);
    } else {
      io.stdout(c.yellow(step.note) + '\n');
      state = applyStep(state, step);
    }
  }
  return state;
}

/** Shows every answer and lets the user change any asked one until they say it looks good. */
async function review(
  questions: readonly Question[],
  start: FlowState,
  prompter: Prompter,
  io: Io,
  c: InstanceType<typeof Chalk>,
): Promise<FlowState> {
  let state = start;
  for (;;) {
    const items = reviewItems(questions, state);
    const width = Math.max(...items.map((i) => i.title.length));
    io.stdout(
      '\n' + c.bold('Your answers') + '\n' +
        items
          .map((i) => `  ${i.title.padEnd(width)}  ${c.cyan(i.value)}${i.skippedBecause ? c.dim(`  (not asked: ${i.skippedBecause})`) : ''}`)
          .join('\n') + '\n\n',
    );
    const choice = await prompter.select<string>(
      'Review your answers',
      [
        { value: DONE, name: 'Looks good: show the recommendation' },
        ...items.map((i) => ({
          value: i.field as string,
          name: `Change ${i.title.toLowerCase()} (${i.value})`,
          ...(i.skippedBecause ? { disabled: '(not asked)' } : {}),
        })),
      ],
      DONE,
    );
    if (choice === DONE) return state;
    const index = questions.findIndex((q) => q.field === choice);
    const question = questions[index]!;
    const choices = visibleChoices(question, state.values);
    const value = await prompter.ask({
      question,
      choices,
      default: state.values[question.field],
      progress: { number: 1, total: 1 },
      label: 'changing your answer',
    });
    state = answer(state, question, value);
    state = await walk(questions, state, index + 1, state.values, prompter, io, c, true);
  }
}

/**
 * Offers to save (or saves to --save; `offer` false skips the "Save?" question), never
 * overwriting without a yes. Returns the path written, undefined when not saved.
 */
async function saveFlow(
  answers: Answers,
  assumed: Partial<Record<AnswerField, string>>,
  savePath: string | undefined,
  prompter: Prompter,
  io: Io,
  c: InstanceType<typeof Chalk>,
  offer: boolean,
): Promise<string | undefined> {
  const askPath = (message: string, suggestion: string) =>
    prompter.input(message, suggestion, (v) => (v.trim() === '' ? 'type a file name' : v.includes('\u0000') ? 'a file name cannot contain NUL' : true));
  let target = savePath;
  if (target === undefined) {
    io.stdout('\n');
    if (offer && !(await prompter.confirm('Save your answers?', true))) return undefined;
    target = await askPath('Save to which file?', 'answers.yaml');
  }
  for (;;) {
    const full = resolveFrom(io, target);
    const check = checkTarget(full);
    let overwrite = false;
    if (check.problem) {
      io.stdout(c.red(`cannot save there: ${check.problem}`) + '\n');
      target = await askPath('Save to which file instead?', suggestFreeName(io, 'answers.yaml'));
      continue;
    }
    if (check.exists) {
      overwrite = await prompter.confirm(`${showPath(target)} already exists. Overwrite it?`, false);
      if (!overwrite) {
        if (!(await prompter.confirm('Save under another name?', true))) return undefined;
        target = await askPath('Save to which file instead?', suggestFreeName(io, target));
        continue;
      }
    }
    const schemaLine = schemaModeline('answers.schema.json', dirname(full));
    const text = serializeAnswers(answers, { now: new Date(), displayPath: target, version: VERSION, assumed, schemaModeline: schemaLine });
    try {
      writeFileAtomic(full, text, { overwrite });
    } catch (err) {
      if (err instanceof TargetExistsError) continue;
      throw err;
    }
    io.stdout(
      c.green(`saved your answers to ${showPath(target)}`) + '\n' +
        c.dim(`see the recommendation again: meshgate recommend ${showPath(target)}`) + '\n',
    );
    return full;
  }
}

/** answers.yaml → answers-2.yaml, answers-3.yaml, ... whichever does not exist yet. */
function suggestFreeName(io: Io, taken: string): string {
  const m = /^(.*?)(?:-(\d+))?(\.ya?ml)?$/i.exec(taken)!;
  const stem = m[1] || 'answers';
  const ext = m[3] ?? '.yaml';
  for (let n = Number(m[2] ?? 1) + 1; ; n++) {
    const candidate = `${stem}-${n}${ext}`;
    if (!checkTarget(resolveFrom(io, candidate)).exists) return candidate;
  }
}
