// `meshgate explain-call`: every object the evaluator looked at, in order, with its verdict, the
// answer and the deciding object's line, in text (fitting the width) and JSON; exit 0 allowed,
// 1 denied, 2 bad input. The verdicts are those of the evaluator, whose fixtures cite the docs.
import { describe, it, expect } from 'vitest';
import { resolve } from 'node:path';
import { run } from '../../../src/cli.js';
import { memoryIo } from '../../../src/io.js';

const fixtures = resolve(import.meta.dirname, '../../fixtures/lint/call-denied-by-policy');
const waypointDrift = resolve(fixtures, 'invalid-istio-waypoint.yaml');
const namespaces = resolve(fixtures, 'valid-namespaces.yaml');

async function explain(args: string[], columns?: number) {
  const io = memoryIo(columns === undefined ? {} : { columns });
  const code = await run(['explain-call', ...args], io);
  return { code, out: io.out, err: io.err };
}

describe('meshgate explain-call', () => {
  it('prints each hop and object in order and names the object that denies (ambient with a waypoint)', async () => {
    const { code, out } = await explain(['frontend', 'cart', waypointDrift]);
    expect(code).toBe(1);
    const lines = out.split('\n');
    const at = (text: string) => lines.findIndex((l) => l.includes(text));
    expect(at('path: frontend → waypoint (waypoint) → cart')).toBeGreaterThan(0);
    // The waypoint hop skips the selector policy (a waypoint enforces only attached ones) ...
    expect(at('SKIP AuthorizationPolicy shop/cart')).toBeGreaterThan(at('hop frontend -> waypoint (waypoint)'));
    // ... and the destination's ztunnel, which sees the waypoint's identity, does not match it.
    expect(at('NO-MATCH AuthorizationPolicy shop/cart')).toBeGreaterThan(at('hop waypoint (waypoint) -> cart'));
    expect(lines[at('NO-MATCH AuthorizationPolicy shop/cart')]).toContain('cluster.local/ns/shop/sa/waypoint');
    expect(out).toContain(`DENIED by AuthorizationPolicy shop/cart (${waypointDrift}:143:1)`);
    expect(out).toContain('declared call: ');
    expect(out.trimEnd().split('\n').at(-1)).toBe('denied: 1 of 1 workload pair');
  });

  it('takes NAMESPACE/NAME and NAME.NAMESPACE, and exits 0 when the call is allowed', async () => {
    for (const [a, b] of [['web/frontend', 'shop/cart'], ['frontend.web', 'cart.shop']]) {
      const { code, out } = await explain([a!, b!, namespaces]);
      expect(code, out).toBe(0);
      expect(out).toContain('web/frontend (ServiceAccount frontend) → shop/cart (ServiceAccount cart), port 7070 grpc');
      expect(out).toMatch(/ALLOWED by AuthorizationPolicy shop\/cart \(.*valid-namespaces\.yaml:\d+:1\)/);
    }
  });

  it('fits the text to the width it is given', async () => {
    const { out } = await explain(['frontend', 'cart', waypointDrift], 60);
    for (const line of out.split('\n')) if (!line.includes('/')) expect(line.length, line).toBeLessThanOrEqual(60);
    expect(out.split('\n').length).toBeGreaterThan((await explain(['frontend', 'cart', waypointDrift])).out.split('\n').length);
  });

  it('--format json holds the same trace, step by step', async () => {
    const text = await explain(['frontend', 'cart', waypointDrift]);
    const { code, out } = await explain(['frontend', 'cart', waypointDrift, '-f', 'json']);
    expect(code).toBe(1);
    const report = JSON.parse(out) as { allowed: boolean; pairs: { verdict: { allowed: boolean; decidedBy: { kind: string; name: string; source: { line: number } }; trace: { verdict: string }[] } }[] };
    expect(report.allowed).toBe(false);
    expect(report.pairs).toHaveLength(1);
    const v = report.pairs[0]!.verdict;
    expect(v.decidedBy).toMatchObject({ kind: 'AuthorizationPolicy', name: 'cart', source: { line: 143 } });
    expect(text.out.split('\n').filter((l) => /^\s+\d+\. \[/.test(l))).toHaveLength(v.trace.length);
  });

  it('without a request, a rule on paths admits the call; with one, it decides', async () => {
    // https://istio.io/latest/docs/reference/config/security/authorization-policy/#Operation
    const l7 = resolve(fixtures, 'valid-istio-sidecar-l7.yaml');
    const any = await explain(['frontend', 'cart', l7]);
    expect(any.code, any.out).toBe(0);
    expect(any.out).toContain('assumed: rule 1 of AuthorizationPolicy shop/cart depends on the request');
    expect((await explain(['frontend', 'cart', l7, '--path', '/hipstershop.CartService/GetCart'])).code).toBe(0);
    const other = await explain(['frontend', 'cart', l7, '--path', '/hipstershop.AdminService/Reset']);
    expect(other.code).toBe(1);
    expect(other.out).toMatch(/DENIED by AuthorizationPolicy shop\/cart/);
  });

  it('an unknown name is an input error with the closest name', async () => {
    const { code, err } = await explain(['web/frontnd', 'shop/cart', namespaces]);
    expect(code).toBe(2);
    expect(err).toContain('no service or workload "web/frontnd"');
    expect(err).toContain('did you mean web/frontend?');
  });

  it('refuses a compose file: policies live in Kubernetes manifests', async () => {
    const compose = resolve(import.meta.dirname, '../../fixtures/lint/datastore-published/invalid-compose.yaml');
    const { code, err } = await explain(['a', 'b', compose]);
    expect(code).toBe(2);
    expect(err).toMatch(/explain-call reads Kubernetes manifests/);
  });
});
