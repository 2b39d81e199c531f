import { describe, expect, it } from 'vitest';
import { evaluateCondition, countEastWestNeeds, countApiProductNeeds, type Condition } from '../../src/core/conditions.js';
import { withDefaults } from '../../src/core/answers.js';

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
const ev = (c: Condition) => evaluateCondition(c, a);

describe('condition operators', () => {
  it('equals compares scalars, numbers and booleans', () => {
    expect(ev({ field: 'serviceSecurity', equals: 'mtls' })).toBe(true);
    expect(ev({ field: 'serviceSecurity', equals: 'none' })).toBe(false);
    expect(ev({ field: 'services', equals: 12 })).toBe(true);
    expect(ev({ field: 'compliance', equals: true })).toBe(true);
    expect(ev({ field: 'compliance', equals: false })).toBe(false);
  });
  it('in matches one of several values', () => {
    expect(ev({ field: 'traffic', in: ['east-west', 'both'] })).toBe(true);
    expect(ev({ field: 'traffic', in: ['north-south'] })).toBe(false);
  });
  it('includes / includesAny / includesAll test list membership', () => {
    expect(ev({ field: 'consumers', includes: 'mobile' })).toBe(true);
    expect(ev({ field: 'consumers', includes: 'browser' })).toBe(false);
    expect(ev({ field: 'consumers', includesAny: ['browser', 'partners'] })).toBe(true);
    expect(ev({ field: 'consumers', includesAny: ['browser', 'public'] })).toBe(false);
    expect(ev({ field: 'consumers', includesAll: ['mobile', 'partners'] })).toBe(true);
    expect(ev({ field: 'consumers', includesAll: ['mobile', 'public'] })).toBe(false);
  });
  it('only holds when every element is allowed, including for an empty list', () => {
    expect(ev({ field: 'edgeNeeds', only: ['tls', 'api-keys', 'waf'] })).toBe(true);
    expect(ev({ field: 'edgeNeeds', only: ['tls'] })).toBe(false);
    expect(evaluateCondition({ field: 'edgeNeeds', only: ['tls'] }, { ...a, edgeNeeds: [] })).toBe(true);
  });
  it('isEmpty tests for empty and non-empty lists', () => {
    expect(ev({ field: 'consumers', isEmpty: false })).toBe(true);
    expect(ev({ field: 'consumers', isEmpty: true })).toBe(false);
    expect(evaluateCondition({ field: 'consumers', isEmpty: true }, { ...a, consumers: [] })).toBe(true);
  });
  it('atLeast / atMost are inclusive bounds', () => {
    expect(ev({ field: 'services', atLeast: 12 })).toBe(true);
    expect(ev({ field: 'services', atLeast: 13 })).toBe(false);
    expect(ev({ field: 'services', atMost: 12 })).toBe(true);
    expect(ev({ field: 'services', atMost: 11 })).toBe(false);
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
});

describe('named functions', () => {
  it('apiProductNeeds counts keys, quotas and portal', () => {
    expect(countApiProductNeeds(a)).toBe(1);
    expect(countApiProductNeeds({ ...a, edgeNeeds: ['api-keys', 'quotas', 'developer-portal', 'tls'] })).toBe(3);
    expect(ev({ fn: 'apiProductNeeds', min: 1 })).toBe(true);
    expect(ev({ fn: 'apiProductNeeds', min: 2 })).toBe(false);
    expect(ev({ fn: 'apiProductNeeds', max: 0 })).toBe(false);
  });
  it('eastWestNeeds counts independent mesh needs', () => {
    // mtls, and polyglot retries.
    expect(countEastWestNeeds(a)).toBe(2);
    expect(countEastWestNeeds(withDefaults({ traffic: 'north-south', services: 1 }))).toBe(0);
    expect(countEastWestNeeds({ ...a, clusters: 2, observability: 'tracing', trafficControl: ['canary-internal', 'grpc-load-balancing', 'retries'] })).toBe(6);
    // Clusters only count when east-west traffic is in scope.
    expect(countEastWestNeeds({ ...a, traffic: 'north-south', clusters: 3, serviceSecurity: 'none', languages: 1 })).toBe(0);
  });
});
