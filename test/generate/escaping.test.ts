/**
 * Hostile names never reach generated text: planFiles refuses non-DNS-1123 names (reported with
 * their pointer, for file:line:col), nginx tokens are quoted or refused, and header comments
 * cannot be broken out of.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { planFiles, TARGETS } from '../../src/core/generate/index.js';
import { quoteNginx, renderNginx, directive, user, NginxQuoteError } from '../../src/core/generate/nginx-syntax.js';
import { commentText, fileHeader } from '../../src/core/generate/render.js';
import { isDnsLabel } from '../../src/core/generate/names.js';
import type { Architecture } from '../../src/core/types.js';
import { makeDecision, nginxTest, defaults } from './support.js';

const HOSTILE = ['a;b', 'x\n  evil: true', '../x', '{}', 'UPPER', 'with space', 'a"b', '$host', '-lead', 'trail-', 'a'.repeat(64), 'name#c', 'a\u2028b'];

function architectureWith(name: string): Architecture {
  return {
    apiVersion: 'meshgate/v1',
    kind: 'Architecture',
    metadata: { name: 'hostile' },
    platform: 'kubernetes',
    services: [
      { name: 'front', kind: 'service', exposure: 'public', protocols: ['http'], port: 80, calls: [{ to: name }] },
      { name, kind: 'service', exposure: 'partner', protocols: ['http'], port: 8080, calls: [] },
    ],
  };
}

describe('hostile service names', () => {
  it.each(HOSTILE)('%j is refused before any file is built, with its pointer', (name) => {
    const decision = makeDecision('both', [{ role: 'gateway', id: 'kong' }, { role: 'mesh', id: 'istio-ambient' }]);
    const plan = planFiles({ architecture: architectureWith(name), answers: decision.answers, decision, source: 'x.yaml', defaults }, [...TARGETS]);
    expect(plan.files).toEqual([]);
    expect(plan.nameProblems).toHaveLength(1);
    expect(plan.nameProblems[0]!.pointer).toBe('/services/1/name');
    expect(plan.nameProblems[0]!.message).toContain(JSON.stringify(name));
  });

  it('a valid label of 63 characters is accepted and written only through serialisers', () => {
    const name = `a${'-b'.repeat(31)}`;
    expect(name).toHaveLength(63);
    const decision = makeDecision('both', [{ role: 'gateway', id: 'kong' }, { role: 'mesh', id: 'linkerd' }]);
    const plan = planFiles({ architecture: architectureWith(name), answers: decision.answers, decision, source: 'x.yaml', defaults }, [...TARGETS]);
    expect(plan.nameProblems).toEqual([]);
    expect(plan.files.some((f) => f.content.includes(name))).toBe(true);
  });

  it('isDnsLabel agrees with the Kubernetes definition on random strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 70 }), (s) => {
        const expected = s.length >= 1 && s.length <= 63 && /^[a-z0-9]$|^[a-z0-9][-a-z0-9]*[a-z0-9]$/.test(s);
        expect(isDnsLabel(s)).toBe(expected);
      }),
    );
  });
});

describe('nginx quoting', () => {
  it.each(['a;b', 'a{', 'b}', 'a"b', "a'b", '$x', 'a\\b', 'a b', 'a\nb', 'a\tb', '', 'a#b'])('refuses %j', (value) => {
    expect(() => quoteNginx(value)).toThrow(NginxQuoteError);
  });

  it('quotes a safe token', () => {
    expect(quoteNginx('storefront.default.svc.cluster.local:8080')).toBe('"storefront.default.svc.cluster.local:8080"');
  });

  it('any accepted token stays one token: nginx -t accepts it as a set value', () => {
    // Every printable-ASCII string quoteNginx accepts must parse as exactly one argument.
    const samples = fc.sample(fc.string({ minLength: 1, maxLength: 12, unit: fc.constantFrom(...'ab-._:/=@!%&*()[]<>?~^|`+,'.split('')) }), 30);
    let accepted = 0;
    const body = samples.flatMap((s) => {
      try {
        quoteNginx(s);
        accepted++;
        return [directive('set', { raw: '$v' }, user(s))];
      } catch {
        return [];
      }
    });
    expect(accepted).toBeGreaterThan(0);
    const conf = `events {}\nhttp { server { listen 127.0.0.1:18080; location / {\n${renderNginx(body)} return 204; } } }\n`;
    const r = nginxTest(conf);
    expect(r.output).toMatch(/test is successful/);
  });
});

describe('header comments', () => {
  it('cannot be broken out of by a file name', () => {
    expect(commentText('a\nkind: Secret\r\u2028x')).toBe('a?kind: Secret??x');
    const decision = makeDecision('neither', []);
    const header = fileHeader({
      title: 'T',
      model: { source: 'evil\napiVersion: v1\nkind: Secret', fromArchitecture: false, decision } as never,
      fillIn: [],
      apply: [],
    });
    for (const line of header.split('\n').filter((l) => l !== '')) expect(line.startsWith('#')).toBe(true);
  });
});
