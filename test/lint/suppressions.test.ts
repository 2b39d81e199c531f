// Inline suppressions, thresholds, ignore globs and "did you mean": the pure parts of a lint run.
import { describe, it, expect } from 'vitest';
import { parseSuppressions, applySuppressions, SUPPRESSION_RULES } from '../../src/core/lint/suppressions.js';
import { exitCodeFor } from '../../src/core/lint/threshold.js';
import { matchesAnyGlob } from '../../src/core/lint/glob.js';
import { closest } from '../../src/core/lint/closest.js';
import type { Finding } from '../../src/core/types.js';

const finding = (ruleId: string, line: number, severity: Finding['severity'] = 'error', file = 'a.yaml'): Finding => ({
  ruleId, severity, message: `${ruleId} at ${line}`, file, line, column: 5,
});
const known = ['datastore-published', 'self-call', ...SUPPRESSION_RULES.map((r) => r.id)];

describe('parseSuppressions', () => {
  it('reads ids, reason and the position of the comment', () => {
    const text = [
      'services:',
      '  # meshgate-disable-next-line datastore-published -- dev only, not deployed',
      '  - name: db',
      '    calls: [db] # meshgate-disable-next-line self-call, datastore-published --   health check  ',
      '# meshgate-disable-next-line self-call',
      'x: "# meshgate-disable-next-line not-a-comment"',
      '#meshgate-disable-next-line',
    ].join('\n');
    expect(parseSuppressions(text, 'a.yaml')).toEqual([
      { file: 'a.yaml', line: 2, column: 3, ruleIds: ['datastore-published'], reason: 'dev only, not deployed' },
      { file: 'a.yaml', line: 4, column: 17, ruleIds: ['self-call', 'datastore-published'], reason: 'health check' },
      { file: 'a.yaml', line: 5, column: 1, ruleIds: ['self-call'], reason: '' },
      { file: 'a.yaml', line: 7, column: 1, ruleIds: [], reason: '' },
    ]);
  });

  it('ignores texts without the marker and similar words', () => {
    expect(parseSuppressions('a: 1\n# meshgate-disable-next-lines x -- y\n', 'a.yaml')).toEqual([]);
  });
});

describe('applySuppressions', () => {
  const apply = (findings: Finding[], text: string, severities = {}) =>
    applySuppressions(findings, parseSuppressions(text, 'a.yaml'), { knownRuleIds: known, severities });

  it('a suppression with a reason removes the finding on the next line only', () => {
    const text = 'a\n# meshgate-disable-next-line datastore-published -- dev only\nb\nc\n';
    const out = apply([finding('datastore-published', 3), finding('datastore-published', 4)], text);
    expect(out.map((f) => `${f.ruleId}@${f.line}`)).toEqual(['datastore-published@4']);
  });

  it('only the named rules are suppressed, in the same file', () => {
    const text = 'a\n# meshgate-disable-next-line self-call -- recursion is intended\nb\n';
    const out = apply([finding('datastore-published', 3), finding('self-call', 3), finding('self-call', 3, 'error', 'b.yaml')], text);
    expect(out.map((f) => `${f.ruleId}@${f.file}:${f.line}`)).toEqual(['datastore-published@a.yaml:3', 'self-call@b.yaml:3']);
  });

  it('without a reason it does not suppress and is reported as an error', () => {
    const text = 'a\n  # meshgate-disable-next-line datastore-published\nb\n';
    const out = apply([finding('datastore-published', 3)], text);
    expect(out.map((f) => [f.ruleId, f.severity, f.line, f.column])).toEqual([
      ['datastore-published', 'error', 3, 5],
      ['meshgate/suppression-missing-reason', 'error', 2, 3],
    ]);
  });

  it('an unused suppression is a warning; an unknown rule id an error with a suggestion', () => {
    const text = 'a\n# meshgate-disable-next-line self-call, datastore-publish -- typo\nb\n';
    const out = apply([], text);
    expect(out.map((f) => [f.ruleId, f.severity, f.message])).toEqual([
      ['meshgate/unknown-suppression-rule', 'error', 'suppression names unknown rule "datastore-publish"; did you mean "datastore-published"?'],
      ['meshgate/unused-suppression', 'warning', 'unused suppression of self-call: no self-call finding on line 3'],
    ]);
  });

  it('a suppression naming no rule is reported', () => {
    expect(apply([], '# meshgate-disable-next-line -- why\nx\n').map((f) => f.ruleId)).toEqual(['meshgate/unknown-suppression-rule']);
  });

  it('pseudo-rules follow severity overrides, and suppressing a rule that is off is not "unused"', () => {
    const text = '# meshgate-disable-next-line self-call\nx\n# meshgate-disable-next-line datastore-published -- off anyway\ny\n';
    const out = apply([], text, { 'meshgate/suppression-missing-reason': 'warning', 'datastore-published': 'off' });
    expect(out.map((f) => [f.ruleId, f.severity])).toEqual([['meshgate/suppression-missing-reason', 'warning']]);
  });
});

describe('exitCodeFor', () => {
  const e = finding('x', 1, 'error');
  const w = finding('x', 1, 'warning');
  const i = finding('x', 1, 'info');
  it.each([
    [[], {}, 0],
    [[w, i], {}, 0],
    [[e], {}, 1],
    [[w], { failOn: 'warning' }, 1],
    [[i], { failOn: 'warning' }, 0],
    [[i], { failOn: 'info' }, 1],
    [[w, w], { maxWarnings: 2 }, 0],
    [[w, w, w], { maxWarnings: 2 }, 1],
    [[w], { maxWarnings: 0 }, 1],
    [[i, i], { maxWarnings: 0 }, 0],
  ] as const)('%#: %j', (findings, opts, code) => {
    expect(exitCodeFor([...findings], opts as never)).toBe(code);
  });
});

describe('ignore globs', () => {
  it.each([
    ['legacy/a.yaml', ['legacy/**'], true],
    ['legacy/deep/a.yaml', ['legacy/'], true],
    ['src/legacy/a.yaml', ['legacy/**'], false],
    ['src/legacy/a.yaml', ['**/legacy/**'], true],
    ['deploy/a.generated.yaml', ['*.generated.yaml'], true],
    ['a.yaml', ['*.generated.yaml'], false],
    ['k8s/dev/x.yaml', ['k8s/{dev,test}/*.yaml'], true],
    ['k8s/prod/x.yaml', ['k8s/{dev,test}/*.yaml'], false],
    ['./compose.yaml', ['compose.yaml'], true],
    ['a/b.yaml', ['a/?.yaml'], true],
  ] as const)('%s against %j: %s', (path, globs, expected) => {
    expect(matchesAnyGlob(path, globs)).toBe(expected);
  });
});

describe('closest', () => {
  it('suggests near ids and nothing for unrelated ones', () => {
    const ids = ['datastore-published', 'self-call', 'mesh-mtls-off'];
    expect(closest('datastore-publshed', ids)).toBe('datastore-published');
    expect(closest('self-cal', ids)).toBe('self-call');
    expect(closest('completely-different-thing', ids)).toBeUndefined();
  });
});
