// The one condition language: the same operators, validator and evaluator serve scoring rules
// (answers), questionnaire skip logic (answers given so far) and lint `where` (services, calls).
import { describe, expect, it } from 'vitest';
import {
  checkCondition, checkWhere, compileCondition, conditionFields, describeCondition, evaluate, partialGetter, recordGetter,
  whereToCondition, UNKNOWN, type Condition, type Where,
} from '../../src/core/conditions.js';
import { ANSWERS_TABLE, ANSWER_FUNCTIONS, holds, withDefaults } from '../../src/core/answers.js';
import { SERVICE_TABLE, CALL_TABLE } from '../../src/core/lint/predicate.js';
import { evaluateCondition as questionnaireEvaluate } from '../../src/core/questionnaire.js';

const a = withDefaults({
  traffic: 'both',
  services: 12,
  consumers: ['mobile', 'partners'],
  edgeNeeds: ['tls', 'api-keys'],
  serviceSecurity: 'mtls',
  compliance: true,
  trafficControl: ['retries'],
  languages: 3,
});
const ev = (c: Condition) => holds(c, a);

describe('operators over complete answers', () => {
  it('equals compares scalars, numbers and booleans', () => {
    expect(ev({ field: 'serviceSecurity', equals: 'mtls' })).toBe(true);
    expect(ev({ field: 'serviceSecurity', equals: 'none' })).toBe(false);
    expect(ev({ field: 'services', equals: 12 })).toBe(true);
    expect(ev({ field: 'compliance', equals: true })).toBe(true);
    expect(ev({ field: 'compliance', equals: false })).toBe(false);
  });
  it('in / notIn match one (none) of several values', () => {
    expect(ev({ field: 'traffic', in: ['east-west', 'both'] })).toBe(true);
    expect(ev({ field: 'traffic', in: ['north-south'] })).toBe(false);
    expect(ev({ field: 'platform', notIn: ['serverless', 'vms'] })).toBe(true);
    expect(ev({ field: 'platform', notIn: ['kubernetes'] })).toBe(false);
  });
  it('includes / excludes / includesAny / includesAll test list membership', () => {
    expect(ev({ field: 'consumers', includes: 'mobile' })).toBe(true);
    expect(ev({ field: 'consumers', includes: 'browser' })).toBe(false);
    expect(ev({ field: 'consumers', excludes: 'browser' })).toBe(true);
    expect(ev({ field: 'consumers', includesAny: ['browser', 'partners'] })).toBe(true);
    expect(ev({ field: 'consumers', includesAny: ['browser', 'public'] })).toBe(false);
    expect(ev({ field: 'consumers', includesAll: ['mobile', 'partners'] })).toBe(true);
    expect(ev({ field: 'consumers', includesAll: ['mobile', 'public'] })).toBe(false);
  });
  it('only holds when every element is allowed, including for an empty list', () => {
    expect(ev({ field: 'edgeNeeds', only: ['tls', 'api-keys', 'waf'] })).toBe(true);
    expect(ev({ field: 'edgeNeeds', only: ['tls'] })).toBe(false);
    expect(holds({ field: 'edgeNeeds', only: ['tls'] }, { ...a, edgeNeeds: [] })).toBe(true);
  });
  it('isEmpty tests for empty and non-empty lists', () => {
    expect(ev({ field: 'consumers', isEmpty: false })).toBe(true);
    expect(holds({ field: 'consumers', isEmpty: true }, { ...a, consumers: [] })).toBe(true);
  });
  it('atLeast / atMost are inclusive, above / below exclusive', () => {
    expect(ev({ field: 'services', atLeast: 12 })).toBe(true);
    expect(ev({ field: 'services', atLeast: 13 })).toBe(false);
    expect(ev({ field: 'services', atMost: 12 })).toBe(true);
    expect(ev({ field: 'services', above: 12 })).toBe(false);
    expect(ev({ field: 'services', below: 13 })).toBe(true);
  });
  it('all / any / not combine, with all [] true and always true', () => {
    const yes: Condition = { field: 'services', atLeast: 1 };
    const no: Condition = { field: 'services', atLeast: 100 };
    expect(ev({ all: [yes, yes] })).toBe(true);
    expect(ev({ all: [yes, no] })).toBe(false);
    expect(ev({ all: [] })).toBe(true);
    expect(ev({ any: [no, yes] })).toBe(true);
    expect(ev({ any: [no, no] })).toBe(false);
    expect(ev({ not: no })).toBe(true);
    expect(ev({ not: { all: [yes, { not: no }] } })).toBe(false);
    expect(ev({ always: true })).toBe(true);
  });
  it('named functions count and hold within min..max', () => {
    expect(ev({ fn: 'apiProductNeeds', min: 1 })).toBe(true);
    expect(ev({ fn: 'apiProductNeeds', min: 2 })).toBe(false);
    expect(holds({ fn: 'apiProductNeeds', min: 3, max: 3 }, { ...a, edgeNeeds: ['api-keys', 'quotas', 'developer-portal'] })).toBe(true);
    expect(ANSWER_FUNCTIONS['apiProductNeeds']!(recordGetter({ edgeNeeds: ['tls'] }))).toBe(0);
  });
});

describe('three-valued evaluation (answers not given yet)', () => {
  const given = partialGetter({ services: 1 });
  const cases: Array<[Condition, boolean | undefined]> = [
    [{ field: 'services', atMost: 1 }, true],
    [{ field: 'consumers', isEmpty: true }, undefined],
    [{ any: [{ field: 'services', atMost: 1 }, { field: 'consumers', isEmpty: true }] }, true],
    [{ all: [{ field: 'services', atMost: 1 }, { field: 'consumers', isEmpty: true }] }, undefined],
    [{ all: [{ field: 'services', atLeast: 2 }, { field: 'consumers', isEmpty: true }] }, false],
    [{ not: { field: 'consumers', isEmpty: true } }, undefined],
  ];
  it.each(cases)('%j is %s', (cond, expected) => {
    expect(evaluate(cond, given)).toBe(expected);
    // The questionnaire evaluates with this very function.
    expect(questionnaireEvaluate(cond as never, { services: 1 })).toBe(expected);
  });
  it('UNKNOWN is distinct from an unset value', () => {
    expect(compileCondition({ field: 'auth', absent: true })((f) => (f === 'auth' ? undefined : UNKNOWN))).toBe(true);
    expect(compileCondition({ field: 'auth', absent: true })(() => UNKNOWN)).toBeUndefined();
  });
});

describe('the where shorthand is the same language', () => {
  it('turns into field tests, with the older operator spellings as aliases', () => {
    expect(whereToCondition({ kind: 'service', callers: { gt: 0, lte: 5 }, auth: null } as Where)).toEqual({
      all: [{ field: 'kind', equals: 'service' }, { field: 'callers', above: 0 }, { field: 'callers', atMost: 5 }, { field: 'auth', absent: true }],
    });
    expect(conditionFields({ kind: 'service', 'to.exposure': 'public' } as Where)).toEqual(['kind', 'to.exposure']);
  });
  it('may also be written in the full form', () => {
    const full = { any: [{ field: 'exposure', equals: 'public' }, { field: 'exposure', equals: 'partner' }] };
    expect(checkWhere(full, '/where', SERVICE_TABLE)).toEqual([]);
    expect(compileCondition(full as never)(recordGetter({ exposure: 'partner' }))).toBe(true);
  });
});

describe('one validator, a field table per subject', () => {
  const pointers = (ps: { pointer: string; message: string }[]) => ps.map((p) => `${p.pointer} ${p.message}`);

  it('answers: unknown fields, wrong operators, values outside the field', () => {
    expect(pointers(checkCondition({ field: 'colour', equals: 'blue' }, '/when', ANSWERS_TABLE))).toEqual([expect.stringMatching(/^\/when\/field unknown answers field "colour"/)]);
    expect(pointers(checkCondition({ field: 'consumers', atLeast: 2 }, '/when', ANSWERS_TABLE))).toEqual([expect.stringMatching(/^\/when\/atLeast operator "atLeast" does not apply to consumers/)]);
    expect(pointers(checkCondition({ all: [{ field: 'platform', in: ['kubernetes', 'mainframe'] }] }, '/when', ANSWERS_TABLE))).toEqual([expect.stringMatching(/^\/when\/all\/0\/in\/1 "mainframe" is not a value of platform/)]);
    expect(pointers(checkCondition({ field: 'services', equals: 3, atLeast: 2 }, '/w', ANSWERS_TABLE))).toEqual([expect.stringMatching(/^\/w a test of services needs exactly one operator/)]);
    expect(pointers(checkCondition({ fn: 'vibes', min: 1 }, '/w', ANSWERS_TABLE))).toEqual([expect.stringMatching(/unknown function "vibes"/)]);
    expect(checkCondition({ field: 'existing', excludes: 'app-tracing' }, '/w', ANSWERS_TABLE)).toEqual([]);
  });

  it('answers given earlier only (the questionnaire)', () => {
    const problems = checkCondition({ field: 'team', equals: 'small' }, '/q', ANSWERS_TABLE, { available: { fields: new Set(['services']), why: (f) => `"${f}" is not asked before this question` } });
    expect(pointers(problems)).toEqual(['/q/field "team" is not asked before this question']);
  });

  it('services and calls: facts, optional facts, regular expressions, from./to. prefixes', () => {
    expect(checkWhere({ kind: 'service', auth: { in: ['none', null] }, image: { matches: 'ingress-nginx' } }, '/where', SERVICE_TABLE)).toEqual([]);
    expect(pointers(checkWhere({ nope: 1 }, '/where', SERVICE_TABLE))).toEqual([expect.stringMatching(/^\/where\/nope unknown service fact "nope"; known facts: name, kind/)]);
    expect(pointers(checkWhere({ image: { matches: '(' } }, '/where', SERVICE_TABLE))).toEqual([expect.stringMatching(/invalid regular expression/)]);
    expect(pointers(checkWhere({ kind: 'database' }, '/where', SERVICE_TABLE))).toEqual([expect.stringMatching(/"database" is not a value of kind/)]);
    expect(pointers(checkWhere({ kind: null }, '/where', SERVICE_TABLE))).toEqual([expect.stringMatching(/operator "absent" does not apply to kind/)]);
    expect(checkWhere({ self: true, 'to.exposure': 'public', 'from.meshMember': false }, '/where', CALL_TABLE)).toEqual([]);
    expect(pointers(checkWhere({ 'to.colour': 1 }, '/where', CALL_TABLE))).toEqual([expect.stringMatching(/unknown call fact "to.colour"/)]);
  });
});

describe('words', () => {
  it('describes conditions for the catalogue', () => {
    expect(describeCondition({ all: [{ field: 'serviceSecurity', equals: 'mtls' }, { field: 'compliance', equals: true }] })).toBe('serviceSecurity = mtls and compliance = true');
    expect(describeCondition({ any: [{ field: 'consumers', isEmpty: true }, { not: { field: 'services', atLeast: 2 } }] })).toBe('consumers is empty or not services >= 2');
    expect(describeCondition({ kind: 'service', auth: { in: ['none', null] } } as Where)).toBe('kind = service and auth is one of [none, unset]');
  });
});
