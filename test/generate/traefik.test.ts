/**
 * The traefik target: every generated file validates against SchemaStore's Traefik v3
 * file-provider schema, and every route the model holds reaches the right backend when the
 * generated rules are evaluated with Traefik's documented matcher semantics (traefik-rules.ts).
 * Checked on a fixture whose expected routing sits beside it, on the bundled compose fixtures,
 * and on the corpus compose systems where Traefik is the edge pick.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { loadInput } from '../../src/app/input.js';
import { loadScoringRules } from '../../src/shell/load-scoring-rules.js';
import { decide } from '../../src/core/engine.js';
import { memoryIo } from '../../src/io.js';
import { planFiles, type FilePlan } from '../../src/core/generate/index.js';
import { resolveRoutes, type ResolvedRoute } from '../../src/core/generate/gateway-api.js';
import { ruleValue } from '../../src/core/generate/traefik.js';
import type { Architecture, Decision } from '../../src/core/types.js';
import { corpusDir, defaults, makeDecision, repoRoot, validateFiles } from './support.js';
import { parseRule, evaluate, winners, type Router } from './traefik-rules.js';

interface Dynamic {
  http: { routers: Record<string, Router & { middlewares?: string[]; tls?: { options?: string } }>; services: Record<string, { loadBalancer: { servers: Array<{ url: string }> } }>; middlewares?: Record<string, Record<string, unknown>> };
  tls: { options?: Record<string, { clientAuth?: { clientAuthType?: string; caFiles?: string[] } }> };
}

const rules = loadScoringRules();

function dynamicOf(plan: FilePlan): Dynamic {
  const file = plan.files.find((f) => f.target === 'traefik');
  expect(file, 'a traefik/dynamic.yaml is written').toBeDefined();
  return load(file!.content) as Dynamic;
}

/** The backend URL of the router that wins a request on the HTTPS entry point, or null when none matches. */
function backendFor(doc: Dynamic, host: string, path: string): string | null {
  const won = winners(doc.http.routers, defaults.traefik.entryPoints.websecure, { host, path });
  expect(won.length, `one router wins ${host}${path} (got ${won.join(', ') || 'none'})`).toBeLessThanOrEqual(1);
  if (won.length === 0) return null;
  const service = doc.http.routers[won[0]!]!.service;
  return doc.http.services[service]!.loadBalancer.servers.map((s) => s.url).join(' ');
}

/** The route the Gateway API's precedence picks for a request among the model's routes (the oracle). */
function expectedRoute(routes: readonly ResolvedRoute[], host: string, path: string): ResolvedRoute | null | 'ambiguous' {
  const h = host.toLowerCase();
  const scored = routes
    .map((r) => {
      const wildcard = r.host.startsWith('*.');
      const hostOk = wildcard ? h.endsWith(r.host.slice(1)) && h.length > r.host.length - 1 : h === r.host;
      if (!hostOk) return undefined;
      if (r.service.protocol === 'grpc') return { r, rank: [wildcard ? r.host.length : 1000, 0, 0] };
      const trimmed = r.path.replace(/\/+$/, '');
      const pathOk = r.pathType === 'Exact' ? path === r.path : trimmed === '' || path === trimmed || path.startsWith(`${trimmed}/`);
      return pathOk ? { r, rank: [wildcard ? r.host.length : 1000, r.pathType === 'Exact' ? 1 : 0, trimmed.length] } : undefined;
    })
    .filter((x): x is { r: ResolvedRoute; rank: number[] } => x !== undefined)
    .sort((a, b) => b.rank[0]! - a.rank[0]! || b.rank[1]! - a.rank[1]! || b.rank[2]! - a.rank[2]!);
  if (scored.length === 0) return null;
  if (scored.length > 1 && scored[0]!.rank.join() === scored[1]!.rank.join()) return 'ambiguous';
  return scored[0]!.r;
}

/**
 * For every modelled route: requests at its path, under it, and next to it (a longer name that
 * only a string prefix would take) reach the backend the oracle picks, at the service's name and
 * the port of the architecture (the rule's port, else the service's, else 8080).
 */
function checkEveryRoute(plan: FilePlan, architecture: Architecture): number {
  const doc = dynamicOf(plan);
  const routes = resolveRoutes(plan.context);
  const portOf = (r: ResolvedRoute): number => r.route.port ?? architecture.services.find((s) => s.name === r.service.name && (s.namespace ?? r.service.namespace) === r.service.namespace)?.port ?? 8080;
  let checked = 0;
  for (const r of routes) {
    const hosts = r.host.startsWith('*.') ? [`a${r.host.slice(1)}`, `a.b${r.host.slice(1)}`] : [r.host];
    const trimmed = r.path.replace(/\/+$/, '');
    const paths = r.pathType === 'Exact' ? [r.path] : [trimmed || '/', `${trimmed}/`, `${trimmed}/x`, ...(trimmed ? [`${trimmed}x`] : [])];
    for (const host of hosts) {
      for (const path of paths) {
        const want = expectedRoute(routes, host, path);
        if (want === 'ambiguous') continue;
        const url = want === null ? null : `${want.service.protocol === 'grpc' ? 'h2c' : 'http'}://${want.service.name}:${portOf(want)}`;
        expect(backendFor(doc, host, path), `${host}${path} (route ${r.service.label} ${r.host}${r.path})`).toBe(url);
        checked++;
      }
    }
    // Plain HTTP only redirects: the redirect router takes the host on the web entry point.
    expect(winners(doc.http.routers, defaults.traefik.entryPoints.web, { host: hosts[0]!, path: r.path })).toEqual(['https_redirect']);
  }
  return checked;
}

describe('rule values are Go string literals', () => {
  it.each(['/plain', '/with`backtick', '/quote"and\\backslash', 'tab\there', '`'])('%j reads back unchanged', (value) => {
    const literal = ruleValue(value);
    if (value.includes('`')) expect(literal.startsWith('"')).toBe(true);
    else expect(literal).toBe(`\`${value}\``);
    const tree = parseRule(`Path(${literal})`);
    expect(evaluate(tree, { host: 'h', path: value })).toBe(true);
    expect(evaluate(tree, { host: 'h', path: `${value}x` })).toBe(false);
  });
});

describe('traefik target: the fixture with its expected routing', () => {
  const dir = join(repoRoot, 'test/fixtures/traefik');
  const expected = JSON.parse(readFileSync(join(dir, 'routes.expected.json'), 'utf8')) as {
    requests: Array<{ host: string; path: string; backend: string | null }>;
    middlewares: Record<string, string[]>;
    clientCertificates: string[];
  };

  it('routes each request to the expected backend, with the declared middlewares, and validates', async () => {
    const input = await loadInput([join(dir, 'routes.yaml')], {}, memoryIo());
    const decision = decide(input.answers, rules);
    const plan = planFiles({ architecture: input.architecture!.architecture, answers: input.answers, decision, source: 'routes.yaml', defaults }, ['traefik']);
    expect(plan.nameProblems).toEqual([]);
    expect(validateFiles(plan.files)).toEqual([]);
    const doc = dynamicOf(plan);
    for (const q of expected.requests) expect(backendFor(doc, q.host, q.path), `${q.host}${q.path}`).toBe(q.backend);
    for (const [service, kinds] of Object.entries(expected.middlewares)) {
      const names = doc.http.routers[service]!.middlewares ?? [];
      expect(names.map((n) => Object.keys(doc.http.middlewares![n]!)[0])).toEqual(kinds);
    }
    for (const service of expected.clientCertificates) {
      const option = doc.http.routers[service]!.tls!.options!;
      expect(doc.tls.options![option]!.clientAuth!.clientAuthType).toBe('RequireAndVerifyClientCert');
    }
    // No secret is invented: basicAuth names a file, forwardAuth a placeholder marked as such.
    const text = plan.files[0]!.content;
    expect(text).not.toMatch(/users:/);
    expect(text).toMatch(/# PLACEHOLDER: address http:\/\/forward-auth\.example\.invalid\/verify/);
    expect(text).toMatch(/# PLACEHOLDER: usersFile/);
    expect(checkEveryRoute(plan, input.architecture!.architecture)).toBeGreaterThan(15);
  });
});

describe('traefik target: what Traefik cannot enforce is said', () => {
  it('client certificates on a host shared with other routes, or on a wildcard host, are warned about', () => {
    const architecture: Architecture = {
      apiVersion: 'meshgate/v1',
      kind: 'Architecture',
      metadata: { name: 'mtls-hosts' },
      platform: 'vms',
      services: [
        { name: 'shop', kind: 'service', exposure: 'public', protocols: ['http'], port: 8080, calls: [] },
        { name: 'settle', kind: 'service', exposure: 'partner', protocols: ['http'], port: 8443, auth: 'mtls', calls: [] },
        { name: 'fleet', kind: 'service', exposure: 'partner', protocols: ['http'], port: 9443, auth: 'mtls', calls: [] },
      ],
      gateway: {
        product: 'traefik',
        routes: ['shop', 'settle', 'fleet'],
        rules: [
          { service: 'shop', host: 'api.example.com', path: '/' },
          { service: 'settle', host: 'api.example.com', path: '/settle' },
          { service: 'fleet', host: '*.fleet.example.com', path: '/' },
        ],
      },
    } as Architecture;
    const decision = makeDecision('gateway', [{ role: 'gateway', id: 'traefik' }], { platform: 'vms', consumers: ['browser', 'partners'] });
    const plan = planFiles({ architecture, answers: decision.answers, decision, source: 'mtls-hosts.yaml', defaults }, ['traefik']);
    expect(validateFiles(plan.files)).toEqual([]);
    expect(plan.notes).toContainEqual(expect.stringMatching(/^WARNING: client certificates are NOT required on api\.example\.com: Traefik picks TLS options per host name/));
    expect(plan.notes).toContainEqual(expect.stringMatching(/^WARNING: client certificates are NOT required on \*\.fleet\.example\.com: .*HostRegexp/));
  });
});

describe('traefik target: retries are written, timeouts are said to be elsewhere', () => {
  it('answers asking for retries and timeouts get a retry middleware and a note on timeouts', () => {
    const decision = makeDecision('gateway', [{ role: 'gateway', id: 'traefik' }], { platform: 'containers', consumers: ['browser'], services: 2, trafficControl: ['retries', 'timeouts'] });
    const plan = planFiles({ answers: decision.answers, decision, source: 'answers.yaml', defaults });
    expect(plan.targets).toEqual(['traefik']);
    expect(validateFiles(plan.files)).toEqual([]);
    const doc = dynamicOf(plan);
    const router = Object.values(doc.http.routers).find((r) => r.service === 'service-1')!;
    expect(router.middlewares!.map((m) => doc.http.middlewares![m])).toContainEqual({ retry: { attempts: defaults.traefik.retryAttempts } });
    expect(plan.files[0]!.content).toMatch(/^# {3}- timeouts are not written: Traefik sets them on the entry point/m);
    expect(plan.files[0]!.content).toMatch(/^# {3}- retry reissues a request only when the backend does not answer/m);
  });
});

describe('traefik target: bundled compose fixtures', () => {
  const dir = join(repoRoot, 'test/fixtures/compose');
  const systems = readdirSync(dir).filter((d) => statSync(join(dir, d)).isDirectory()).sort();
  it.each(systems)('%s: every modelled route reaches its backend; the file validates', async (system) => {
    const input = await loadInput([join(dir, system)], {}, memoryIo());
    const decision = decide(input.answers, rules);
    const plan = planFiles({ architecture: input.architecture!.architecture, answers: input.answers, decision, source: system, defaults }, ['traefik']);
    expect(plan.nameProblems).toEqual([]);
    expect(validateFiles(plan.files)).toEqual([]);
    const routes = resolveRoutes(plan.context);
    expect(Object.keys(dynamicOf(plan).http.routers).length).toBe(routes.length + (routes.length > 0 ? 1 : 0));
    checkEveryRoute(plan, input.architecture!.architecture);
  });
});

const corpusPresent = existsSync(corpusDir);
if (!corpusPresent) console.warn(`SKIPPED traefik corpus checks: ${corpusDir} is absent`);

describe.skipIf(!corpusPresent)('traefik target: corpus systems where Traefik is the edge pick off Kubernetes', () => {
  const picked: Array<{ system: string; architecture: Architecture; decision: Decision; answers: Parameters<typeof planFiles>[0]['answers'] }> = [];

  it('finds them, and generate writes Traefik for each by default (recorded as written)', async () => {
    for (const system of readdirSync(corpusDir).filter((d) => statSync(join(corpusDir, d)).isDirectory()).sort()) {
      const input = await loadInput([join(corpusDir, system)], {}, memoryIo());
      const architecture = input.architecture!.architecture;
      const decision = decide(input.answers, rules);
      if (architecture.platform === 'kubernetes' || !decision.products.some((p) => p.id === 'traefik')) continue;
      picked.push({ system, architecture, decision, answers: input.answers });
    }
    expect(picked.length).toBeGreaterThanOrEqual(5);
    for (const c of picked) {
      const plan = planFiles({ architecture: c.architecture, answers: c.answers, decision: c.decision, source: c.system, defaults });
      expect(plan.targets, c.system).toContain('traefik');
      expect(plan.products.find((p) => p.id === 'traefik'), c.system).toMatchObject({ outcome: 'written', files: ['traefik/dynamic.yaml'] });
      expect(validateFiles(plan.files.filter((f) => f.target === 'traefik')), c.system).toEqual([]);
      checkEveryRoute(plan, c.architecture);
    }
  });
});
