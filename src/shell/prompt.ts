/**
 * The one module that talks to @inquirer/prompts. It turns our question data into prompts and
 * gives every prompt a theme built on a chalk instance whose level follows `io.color`, because
 * inquirer's own styling (node:util styleText) would colour output even under NO_COLOR.
 */
import { select, checkbox, number, confirm, input } from '@inquirer/prompts';
import { Chalk } from 'chalk';
import { checkAnswer, displayName, type Choice, type Question, type Progress } from '../core/questionnaire.js';
import { wrapWords } from '../format/text-width.js';

/** A select choice as the seam takes it. */
export interface MenuChoice<T> {
  value: T;
  name: string;
  description?: string;
  /** Shown but not selectable; the string says why. */
  disabled?: string;
}

/** What to ask for one question. */
export interface QuestionPrompt {
  question: Question;
  choices: Choice[];
  default: unknown;
  progress: Progress;
  /** Replaces "question N of M", e.g. "follow-up question" or "changing your answer". */
  label?: string;
}

export interface Prompter {
  /** Asks one questionnaire question and resolves to a value of the field's type. */
  ask(p: QuestionPrompt): Promise<unknown>;
  select<T>(message: string, choices: MenuChoice<T>[], defaultValue?: T): Promise<T>;
  confirm(message: string, defaultValue: boolean): Promise<boolean>;
  input(message: string, defaultValue: string, validate?: (value: string) => string | true): Promise<string>;
}

type Painter = InstanceType<typeof Chalk>;

function baseTheme(c: Painter) {
  return {
    prefix: { idle: c.blue('?'), done: c.green('✔') },
    spinner: { interval: 80, frames: ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'].map((f) => c.yellow(f)) },
    style: {
      answer: (t: string) => c.cyan(t),
      message: (t: string) => c.bold(t),
      error: (t: string) => c.red(`> ${t}`),
      defaultAnswer: (t: string) => c.dim(`(${t})`),
      help: (t: string) => c.dim(t),
      highlight: (t: string) => c.cyan(t),
      key: (t: string) => c.cyan(c.bold(`<${t}>`)),
      description: (t: string) => c.cyan(t),
      disabled: (t: string) => c.dim(t),
      keysHelpTip: (keys: [string, string][]) => keys.map(([k, a]) => `${c.bold(k)} ${c.dim(a)}`).join(c.dim(' • ')),
    },
  };
}

/**
 * Creates the prompter; `color` decides whether any ANSI colour is written, `columns` is the
 * terminal width the explanations are wrapped to.
 */
export function createPrompter(color: boolean, columns = process.stdout.columns || 80): Prompter {
  const c = new Chalk({ level: color ? 1 : 0 });
  const theme = baseTheme(c);

  /** While a question is open it shows progress and the why line; once answered, just the question. */
  const questionTheme = (p: QuestionPrompt) => {
    const q = p.question;
    const where = p.label ?? `question ${p.progress.number} of ${p.progress.total}`;
    // The rubric factor ids (F1..F24) are for the docs; the user sees the reason in words.
    const why = wrapWords(`why: ${q.why}`, Math.max(40, columns - 4), '  ');
    return {
      ...theme,
      style: {
        ...theme.style,
        message: (text: string, status: string) =>
          status === 'done' ? c.bold(text) : `${c.bold(text)} ${c.dim(`(${where})`)}\n  ${why.split('\n').map((l) => c.dim(l)).join('\n  ')}`,
      },
    };
  };

  return {
    async ask(p) {
      const q = p.question;
      const themed = questionTheme(p);
      switch (q.kind) {
        case 'select':
          return select({
            message: q.message,
            choices: p.choices.map((ch) => ({ value: ch.value, name: displayName(ch.name), description: ch.description })),
            default: p.default as string,
            pageSize: Math.max(7, p.choices.length),
            theme: { ...themed, icon: { cursor: '❯' } },
          });
        case 'checkbox': {
          const checked = new Set(p.default as string[]);
          return checkbox({
            message: q.message,
            choices: p.choices.map((ch) => ({ value: ch.value, name: displayName(ch.name), description: ch.description, checked: checked.has(ch.value) })),
            pageSize: Math.max(7, p.choices.length),
            theme: {
              ...themed,
              icon: { checked: c.green('◉'), unchecked: '◯', cursor: '❯' },
              // inquirer shows nothing for an empty selection; say so instead.
              style: {
                ...themed.style,
                renderSelectedChoices: (selected: ReadonlyArray<{ short: string }>) =>
                  selected.length === 0 ? 'none' : selected.map((s) => s.short).join(', '),
              },
            },
          });
        }
        case 'number':
          return number({
            message: q.message,
            default: p.default as number,
            min: q.min ?? 1,
            step: 1,
            required: true,
            // The prompt accepts 1e30; the Answers format wants a safe whole number.
            validate: (v: number) => (checkAnswer(q.field, v) === undefined ? true : `Enter a whole number of at least ${q.min ?? 1}`),
            theme: themed,
          });
        case 'confirm':
          return confirm({ message: q.message, default: p.default as boolean, theme: themed });
      }
    },
    select(message, choices, defaultValue) {
      return select({
        message,
        choices: choices.map((ch) => ({ value: ch.value, name: ch.name, description: ch.description, disabled: ch.disabled ?? false })),
        ...(defaultValue === undefined ? {} : { default: defaultValue }),
        pageSize: Math.max(7, choices.length),
        loop: false,
        theme: { ...theme, icon: { cursor: '❯' } },
      }) as Promise<never>;
    },
    confirm(message, defaultValue) {
      return confirm({ message, default: defaultValue, theme });
    },
    input(message, defaultValue, validate) {
      return input({ message, default: defaultValue, ...(validate ? { validate } : {}), theme });
    },
  };
}
