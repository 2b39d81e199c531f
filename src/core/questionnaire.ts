/**
 * The questionnaire behind `meshgate ask`, as pure functions over the question data in
 * rules/questions.yaml: which question comes next, which are skipped and what is assumed
 * for them, progress numbering, answer validation and the Answers object at the end.
 * No prompts and no I/O here: the shell asks, this module decides.
 */
import type { Answers, AnswerField } from './types.js';
import { ANSWER_FIELDS, ANSWERS_TABLE, FIELD_SPECS, checkAnswer } from './answers.js';
import {
  checkCondition as checkConditionIn, conditionFields as fieldsOf, evaluate, partialGetter,
  type Condition, type ConditionProblem,
} from './conditions.js';

export { FIELD_SPECS, checkAnswer } from './answers.js';
export type { Condition } from './conditions.js';

// ---------------------------------------------------------------- data shapes

export type QuestionKind = 'select' | 'checkbox' | 'number' | 'confirm';

export interface Choice {
  value: string;
  name: string;
  description: string;
  /** The choice is offered only when this holds over earlier answers. */
  when?: Condition;
}

export interface SkipRule {
  when: Condition;
  assume: unknown;
  /** Completes "assumed X, because ...". */
  because: string;
}

export interface Question {
  field: AnswerField;
  kind: QuestionKind;
  /** Rubric factor ids (F1..F24) the question informs. */
  factors: string[];
  /** Short label for the review list and skip notes. */
  title: string;
  message: string;
  /** One line: why the answer matters. */
  why: string;
  default: unknown;
  min?: number;
  choices?: Choice[];
  skip?: SkipRule[];
}

export interface QuestionSet {
  apiVersion: 'meshgate/v1';
  kind: 'Questions';
  questions: Question[];
}

/** Answers given (or assumed) so far. */
export type Values = Partial<Record<AnswerField, unknown>>;

const KIND_FOR_TYPE: Record<string, QuestionKind> = {
  enum: 'select',
  list: 'checkbox',
  integer: 'number',
  boolean: 'confirm',
};

function isAnswerField(name: unknown): name is AnswerField {
  return typeof name === 'string' && (ANSWER_FIELDS as string[]).includes(name);
}

// ---------------------------------------------------------------- conditions

/**
 * Evaluates a condition (the one condition language, src/core/conditions.ts) over the answers
 * so far. Three-valued: `undefined` when it depends on an answer not given yet (used to
 * estimate how many questions are still to come).
 */
export function evaluateCondition(cond: Condition, values: Values): boolean | undefined {
  return evaluate(cond, partialGetter(values as Record<string, unknown>));
}

/** The answer fields a condition reads. */
export function conditionFields(cond: Condition): AnswerField[] {
  return fieldsOf(cond) as AnswerField[];
}

// ---------------------------------------------------------------- checking the question data

/** A problem in the question data, at a JSON pointer into the questions file. */
export interface QuestionProblem {
  pointer: string;
  message: string;
}

function checkCondition(cond: Condition, pointer: string, earlier: ReadonlySet<AnswerField>, out: QuestionProblem[]): void {
  const problems: ConditionProblem[] = checkConditionIn(cond, pointer, ANSWERS_TABLE, {
    available: { fields: earlier as ReadonlySet<string>, why: (f) => `"${f}" is not asked before this question, so the condition cannot be decided yet` },
  });
  for (const p of problems) out.push({ pointer: p.pointer, message: p.message });
}

/**
 * Checks what a JSON Schema cannot: every Answers field has exactly one question of the right
 * kind, choices offer exactly the allowed values, defaults and assumed values are valid, and
 * conditions only read answers given earlier. Returns every problem found.
 */
export function checkQuestionSet(set: QuestionSet): QuestionProblem[] {
  const out: QuestionProblem[] = [];
  const earlier = new Set<AnswerField>();
  set.questions.forEach((q, i) => {
    const at = `/questions/${i}`;
    if (!isAnswerField(q.field)) {
      out.push({ pointer: `${at}/field`, message: `"${String(q.field)}" is not an Answers field; fields: ${ANSWER_FIELDS.join(', ')}` });
      return;
    }
    if (earlier.has(q.field)) {
      out.push({ pointer: `${at}/field`, message: `${q.field} is asked twice` });
      return;
    }
    const spec = FIELD_SPECS[q.field];
    if (q.kind !== KIND_FOR_TYPE[spec.type]) {
      out.push({ pointer: `${at}/kind`, message: `${q.field} needs kind ${KIND_FOR_TYPE[spec.type]}, not ${q.kind}` });
    }
    if (spec.type === 'enum' || spec.type === 'list') {
      const offered = (q.choices ?? []).map((c) => c.value);
      (q.choices ?? []).forEach((c, j) => {
        if (!spec.values!.includes(c.value)) {
          out.push({ pointer: `${at}/choices/${j}/value`, message: `"${c.value}" is not an allowed value of ${q.field}; allowed: ${spec.values!.join(', ')}` });
        } else if (offered.indexOf(c.value) !== j) {
          out.push({ pointer: `${at}/choices/${j}/value`, message: `"${c.value}" is offered twice` });
        }
        if (c.when) checkCondition(c.when, `${at}/choices/${j}/when`, earlier, out);
      });
      const missing = spec.values!.filter((v) => !offered.includes(v));
      if (missing.length > 0) out.push({ pointer: `${at}/choices`, message: `${q.field} must offer every allowed value; missing: ${missing.join(', ')}` });
    }
    if (spec.type === 'integer' && q.min !== spec.min) {
      out.push({ pointer: `${at}/min`, message: `${q.field} accepts whole numbers >= ${spec.min}, so min must be ${spec.min}` });
    }
    const badDefault = checkAnswer(q.field, q.default);
    if (badDefault) out.push({ pointer: `${at}/default`, message: `default: ${badDefault}` });
    (q.skip ?? []).forEach((s, j) => {
      checkCondition(s.when, `${at}/skip/${j}/when`, earlier, out);
      const badAssume = checkAnswer(q.field, s.assume);
      if (badAssume) out.push({ pointer: `${at}/skip/${j}/assume`, message: `assume: ${badAssume}` });
    });
    earlier.add(q.field);
  });
  const missing = ANSWER_FIELDS.filter((f) => !earlier.has(f));
  if (missing.length > 0) out.push({ pointer: '/questions', message: `no question for ${missing.join(', ')}; every Answers field needs one` });
  return out;
}

// ---------------------------------------------------------------- the flow

/** The first skip rule that holds over the answers so far, if any. */
export function skipFor(q: Question, values: Values): SkipRule | undefined {
  return (q.skip ?? []).find((s) => evaluateCondition(s.when, values) === true);
}

/** The choices offered given the answers so far (a choice whose `when` fails is hidden). */
export function visibleChoices(q: Question, values: Values): Choice[] {
  return (q.choices ?? []).filter((c) => !c.when || evaluateCondition(c.when, values) !== false);
}

/** How a question was settled. */
export type Status = { kind: 'asked' } | { kind: 'skipped'; rule: SkipRule };

export interface FlowState {
  values: Values;
  status: Partial<Record<AnswerField, Status>>;
}

export const EMPTY_FLOW: FlowState = { values: {}, status: {} };

export interface Progress {
  /** 1-based number of this question among those asked. */
  number: number;
  /** Questions asked in all, given the skips that can be decided so far. */
  total: number;
}

/**
 * "Question 4 of 13": counts the questions before `index` that were not skipped, and the ones
 * after it that are not yet known to be skipped. The total shrinks as answers rule questions out.
 */
export function progressAt(questions: readonly Question[], index: number, values: Values): Progress {
  let number = 1;
  let total = 1;
  // A question known to be skipped contributes its assumed value, which may decide later skips.
  const known: Values = { ...values };
  questions.forEach((q, i) => {
    if (i === index) return;
    const rule = skipFor(q, known);
    if (rule) {
      if (!(q.field in known)) known[q.field] = rule.assume;
      return;
    }
    total++;
    if (i < index) number++;
  });
  return { number, total };
}

export type Step =
  | {
      kind: 'ask';
      index: number;
      question: Question;
      choices: Choice[];
      default: unknown;
      progress: Progress;
      /** True when an earlier change made a skipped question relevant again. */
      followUp: boolean;
    }
  | { kind: 'skip'; index: number; question: Question; rule: SkipRule; note: string }
  | { kind: 'adjust'; index: number; question: Question; value: unknown; note: string };

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * A choice name as the prompt shows it. Names are written as they read mid-sentence (so
 * what-ifs can quote them); a list starts them with a capital.
 */
export function displayName(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/**
 * Shows an answer the way the review list and notes do: as the choice the user picked (its
 * name), not the stored value; numbers as numbers, yes/no for confirms.
 */
export function formatValue(value: unknown, q?: Pick<Question, 'choices'>): string {
  const name = (v: unknown) => {
    const choice = q?.choices?.find((c) => c.value === v);
    return choice ? displayName(choice.name) : String(v);
  };
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.map(name).join(', ');
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return name(value);
}

/** "skipped: Security between services — assumed Nothing special, because a single service has ..." */
export function skipNote(q: Question, rule: SkipRule): string {
  return `skipped: ${q.title} — assumed ${formatValue(rule.assume, q)}, because ${rule.because}`;
}

/** The default to offer: the prefilled answer when it still fits, else the question's default. */
export function defaultFor(q: Question, choices: readonly Choice[], prefill: unknown): unknown {
  const offered = choices.map((c) => c.value);
  const fits = (v: unknown): boolean => {
    if (v === undefined || checkAnswer(q.field, v) !== undefined) return false;
    if (q.kind === 'select') return offered.includes(v as string);
    return true;
  };
  const base = fits(prefill) ? prefill : q.default;
  if (q.kind === 'checkbox') return (base as string[]).filter((v) => offered.includes(v));
  if (q.kind === 'select' && !offered.includes(base as string)) return offered[0];
  return base;
}

/**
 * The next thing to do from question `from` on: ask a question, note a skip, or drop list
 * entries no longer offered. Questions already settled and still consistent are passed over,
 * so the same function drives the first pass and the follow-ups after a change in review.
 * `prefill` supplies defaults (from --answers, or the current answers when revisiting).
 */
export function nextStep(questions: readonly Question[], state: FlowState, from: number, prefill: Values = {}): Step | undefined {
  for (let index = from; index < questions.length; index++) {
    const question = questions[index]!;
    const { field } = question;
    const status = state.status[field];
    const rule = skipFor(question, state.values);
    if (rule) {
      if (status?.kind === 'skipped' && sameValue(state.values[field], rule.assume)) continue;
      return { kind: 'skip', index, question, rule, note: skipNote(question, rule) };
    }
    const choices = visibleChoices(question, state.values);
    if (status?.kind !== 'asked') {
      return {
        kind: 'ask',
        index,
        question,
        choices,
        default: defaultFor(question, choices, field in state.values ? state.values[field] : prefill[field]),
        progress: progressAt(questions, index, state.values),
        followUp: status?.kind === 'skipped',
      };
    }
    const current = state.values[field];
    if (question.kind === 'checkbox' && Array.isArray(current)) {
      const offered = new Set(choices.map((c) => c.value));
      const dropped = current.filter((v) => !offered.has(v as string));
      if (dropped.length > 0) {
        return {
          kind: 'adjust',
          index,
          question,
          value: current.filter((v) => offered.has(v as string)),
          note: `changed: ${question.title} — dropped ${dropped.join(', ')}, which no longer applies given your other answers`,
        };
      }
    }
  }
  return undefined;
}

/** Records an answer the user gave. Throws on an invalid value (the prompt should not allow one). */
export function answer(state: FlowState, question: Question, value: unknown): FlowState {
  const problem = checkAnswer(question.field, value);
  if (problem) throw new Error(`invalid answer: ${problem}`);
  return {
    values: { ...state.values, [question.field]: value },
    status: { ...state.status, [question.field]: { kind: 'asked' } },
  };
}

/** Applies a skip or adjust step. */
export function applyStep(state: FlowState, step: Step): FlowState {
  if (step.kind === 'skip') {
    return {
      values: { ...state.values, [step.question.field]: step.rule.assume },
      status: { ...state.status, [step.question.field]: { kind: 'skipped', rule: step.rule } },
    };
  }
  if (step.kind === 'adjust') return { ...state, values: { ...state.values, [step.question.field]: step.value } };
  throw new Error('an ask step needs an answer');
}

/** Runs the whole flow with a synchronous answerer: used to test skip logic without prompts. */
export function runFlow(
  questions: readonly Question[],
  answerer: (step: Extract<Step, { kind: 'ask' }>) => unknown,
  prefill: Values = {},
  start: FlowState = EMPTY_FLOW,
  from = 0,
): { state: FlowState; steps: Step[] } {
  let state = start;
  const steps: Step[] = [];
  let index = from;
  for (let step = nextStep(questions, state, index, prefill); step; step = nextStep(questions, state, index, prefill)) {
    steps.push(step);
    state = step.kind === 'ask' ? answer(state, step.question, answerer(step)) : applyStep(state, step);
    index = step.index + 1;
  }
  return { state, steps };
}

/** One line of the review list. */
export interface ReviewItem {
  field: AnswerField;
  title: string;
  value: string;
  /** Set when the question was skipped: why the value was assumed. */
  skippedBecause?: string;
}

export function reviewItems(questions: readonly Question[], state: FlowState): ReviewItem[] {
  return questions.map((q) => {
    const status = state.status[q.field];
    const item: ReviewItem = { field: q.field, title: q.title, value: formatValue(state.values[q.field], q) };
    if (status?.kind === 'skipped') item.skippedBecause = status.rule.because;
    return item;
  });
}

/** The Answers object, fields in schema order. Throws when a field is still missing. */
export function buildAnswers(values: Values): Answers {
  const missing = ANSWER_FIELDS.filter((f) => !(f in values));
  if (missing.length > 0) throw new Error(`answers incomplete: ${missing.join(', ')}`);
  const out: Record<string, unknown> = { apiVersion: 'meshgate/v1', kind: 'Answers' };
  for (const f of ANSWER_FIELDS) {
    const problem = checkAnswer(f, values[f]);
    if (problem) throw new Error(`invalid answer: ${problem}`);
    out[f] = values[f];
  }
  return out as unknown as Answers;
}
