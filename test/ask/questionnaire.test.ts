// The pure questionnaire: skip logic, progress numbering, follow-ups after a change, conditions.
import { describe, it, expect } from 'vitest';
import { loadQuestions } from '../../src/shell/load-questions.js';
import {
  runFlow, evaluateCondition, progressAt, nextStep, answer, buildAnswers, checkQuestionSet, EMPTY_FLOW,
  type Step, type Values, type QuestionSet,
} from '../../src/core/questionnaire.js';

const { questions } = loadQuestions();
type AskStep = Extract<Step, { kind: 'ask' }>;

/** Answers from a table, the question's default otherwise. */
const scripted = (table: Values) => (step: AskStep) => (step.question.field in table ? table[step.question.field] : step.default);

describe('skip logic', () => {
  it('one service with north-south traffic and no outside callers skips everything that cannot matter', () => {
    const { state, steps } = runFlow(questions, scripted({ traffic: 'north-south', services: 1, consumers: [] }));
    const skipped = steps.filter((s) => s.kind === 'skip').map((s) => s.question.field);
    expect(skipped).toEqual(['edgeProtocols', 'edgeNeeds', 'serviceSecurity', 'compliance', 'authorization', 'communication', 'clusters', 'languages', 'budget']);
    const notes = steps.filter((s) => s.kind === 'skip').map((s) => (s as { note: string }).note);
    // The assumed value reads as the choice the user would have picked.
    expect(notes).toContain('skipped: Security between services — assumed Nothing special, because a single service has no service-to-service traffic');
    expect(state.values.serviceSecurity).toBe('none');
    expect(state.values.clusters).toBe(1);
    // internal traffic options are not even offered for a single service
    const tc = steps.find((s) => s.kind === 'ask' && s.question.field === 'trafficControl') as AskStep;
    expect(tc.choices.map((c) => c.value)).toEqual(['canary-edge', 'retries', 'timeouts']);
    expect(() => buildAnswers(state.values)).not.toThrow();
  });

  it('asks every question when nothing rules one out', () => {
    const { steps } = runFlow(questions, scripted({ traffic: 'both', services: 12, consumers: ['public'], serviceSecurity: 'mtls' }));
    expect(steps.every((s) => s.kind === 'ask')).toBe(true);
    expect(steps).toHaveLength(22);
    expect((steps.at(-1) as AskStep).progress).toEqual({ number: 22, total: 22 });
  });

  it('serverless skips clusters; serviceSecurity none skips compliance', () => {
    const { steps, state } = runFlow(questions, scripted({ services: 4, consumers: ['browser'], platform: 'serverless' }));
    const skipped = steps.filter((s) => s.kind === 'skip');
    expect(skipped.map((s) => s.question.field)).toEqual(['compliance', 'clusters']);
    expect((skipped[1] as { note: string }).note).toMatch(/serverless functions do not run in clusters/);
    expect(state.values.compliance).toBe(false);
  });
});

describe('progress numbering', () => {
  it('the total reflects the skips decided so far', () => {
    const totals: string[] = [];
    runFlow(questions, (step) => {
      totals.push(`${step.question.field} ${step.progress.number}/${step.progress.total}`);
      return scripted({ services: 1, consumers: [] })(step);
    });
    expect(totals.slice(0, 4)).toEqual(['traffic 1/22', 'services 2/22', 'consumers 3/15', 'observability 4/13']);
    expect(totals.at(-1)).toBe('licensing 13/13');
  });

  it('does not count a question as skipped while its condition is still undecided', () => {
    expect(progressAt(questions, 0, {})).toEqual({ number: 1, total: 22 });
  });
});

describe('changing an answer later', () => {
  it('a skipped question becomes a follow-up when an earlier change makes it relevant, and vice versa', () => {
    const first = runFlow(questions, scripted({ services: 1, consumers: [] }));
    const servicesIndex = questions.findIndex((q) => q.field === 'services');
    const changed = answer(first.state, questions[servicesIndex]!, 6);
    const asked: string[] = [];
    const again = runFlow(questions, (step) => {
      asked.push(step.question.field);
      expect(step.followUp).toBe(true);
      return step.question.field === 'serviceSecurity' ? 'mtls' : step.default;
    }, changed.values, changed, servicesIndex + 1);
    expect(asked).toEqual(['serviceSecurity', 'compliance', 'authorization', 'communication', 'clusters', 'languages', 'budget']);
    expect(again.state.values.serviceSecurity).toBe('mtls');

    // back to one service: the follow-ups are skipped again with their assumed values
    const back = answer(again.state, questions[servicesIndex]!, 1);
    const undo = runFlow(questions, () => { throw new Error('nothing should be asked'); }, back.values, back, servicesIndex + 1);
    expect(undo.steps.map((s) => `${s.kind} ${s.question.field}`)).toEqual([
      'skip serviceSecurity', 'skip compliance', 'skip authorization', 'skip communication', 'skip clusters', 'skip languages', 'skip budget',
    ]);
    expect(undo.state.values.serviceSecurity).toBe('none');
  });

  it('drops list entries that are no longer offered', () => {
    const first = runFlow(questions, scripted({ services: 5, trafficControl: ['retries', 'fault-injection'] }));
    const servicesIndex = questions.findIndex((q) => q.field === 'services');
    const changed = answer(first.state, questions[servicesIndex]!, 1);
    const step = nextStep(questions, changed, servicesIndex + 1, changed.values);
    const all = runFlow(questions, () => { throw new Error('nothing should be asked'); }, changed.values, changed, servicesIndex + 1);
    expect(step?.kind).toBe('skip');
    const adjust = all.steps.find((s) => s.kind === 'adjust')!;
    expect(adjust.question.field).toBe('trafficControl');
    expect(all.state.values.trafficControl).toEqual(['retries']);
  });
});

describe('prefill', () => {
  it('offers the prefilled answers as defaults, and falls back where one no longer fits', () => {
    const prefill: Values = { traffic: 'east-west', services: 9, trafficControl: ['fault-injection', 'timeouts'], cloud: 'gcp' };
    const defaults: Record<string, unknown> = {};
    runFlow(questions, (step) => {
      defaults[step.question.field] = step.default;
      return step.question.field === 'services' ? 1 : step.default;
    }, prefill);
    expect(defaults['traffic']).toBe('east-west');
    expect(defaults['services']).toBe(9);
    expect(defaults['trafficControl']).toEqual(['timeouts']); // fault-injection is not offered for one service
    expect(defaults['cloud']).toBe('gcp');
  });
});

describe('conditions', () => {
  const v: Values = { services: 3, consumers: ['mobile'], platform: 'vms', compliance: true };
  it.each([
    [{ field: 'services', atLeast: 3 }, true],
    [{ field: 'services', atMost: 2 }, false],
    [{ field: 'services', equals: 3 }, true],
    [{ field: 'consumers', includes: 'mobile' }, true],
    [{ field: 'consumers', includesAny: ['public', 'partners'] }, false],
    [{ field: 'consumers', isEmpty: false }, true],
    [{ field: 'platform', in: ['vms', 'mixed'] }, true],
    [{ field: 'compliance', equals: true }, true],
    [{ not: { field: 'platform', equals: 'vms' } }, false],
    [{ all: [{ field: 'services', atLeast: 2 }, { field: 'platform', equals: 'vms' }] }, true],
    [{ any: [{ field: 'services', atLeast: 20 }, { field: 'platform', equals: 'kubernetes' }] }, false],
    [{ field: 'team', equals: 'small' }, undefined],
    [{ all: [{ field: 'team', equals: 'small' }, { field: 'services', atLeast: 10 }] }, false],
    [{ any: [{ field: 'team', equals: 'small' }, { field: 'services', atLeast: 1 }] }, true],
    [{ not: { field: 'team', equals: 'small' } }, undefined],
  ])('%j → %s', (cond, expected) => {
    expect(evaluateCondition(cond as never, v)).toBe(expected);
  });
});

describe('checkQuestionSet', () => {
  it('reports every mismatch with the Answers format at once', () => {
    const broken = structuredClone({ apiVersion: 'meshgate/v1', kind: 'Questions', questions }) as QuestionSet;
    broken.questions[0]!.choices!.push({ value: 'sideways', name: 'Sideways', description: 'not a real direction' });
    broken.questions[1]!.default = 0;
    broken.questions[4]!.skip![0]!.assume = 'maybe';
    broken.questions[4]!.skip![0]!.when = { field: 'cloud', equals: 'aws' };
    broken.questions[6]!.kind = 'select';
    broken.questions.pop();
    const problems = checkQuestionSet(broken);
    expect(problems.map((p) => p.pointer)).toEqual([
      '/questions/0/choices/3/value',
      '/questions/1/default',
      '/questions/4/skip/0/when/field',
      '/questions/4/skip/0/assume',
      '/questions/6/kind',
      '/questions',
    ]);
    expect(problems.at(-1)!.message).toMatch(/no question for licensing/);
  });

  it('accepts the shipped questions', () => {
    expect(checkQuestionSet({ apiVersion: 'meshgate/v1', kind: 'Questions', questions })).toEqual([]);
  });
});

describe('buildAnswers', () => {
  it('refuses incomplete answers', () => {
    expect(() => buildAnswers({ traffic: 'both' })).toThrow(/incomplete/);
    expect(() => nextStep(questions, EMPTY_FLOW, 0)).not.toThrow();
  });
});
