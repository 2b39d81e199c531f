// The check kinds as functions: table-driven, over in-memory architectures with a fake locator,
// plus the load-time validation of their params.
import { describe, it, expect } from 'vitest';
import { CHECK_KINDS } from '../../src/core/lint/checks.js';
import { buildContext } from '../../src/core/lint/context.js';
import { matches } from '../../src/core/lint/predicate.js';
import { lintArchitecture } from '../../src/core/lint/runner.js';
import { validateRuleDocument } from '../../src/shell/load-lint-rules.js';
import { parseYamlDocument } from '../../src/yaml/parse.js';
import type { Architecture, Answers, Service } from '../../src/core/types.js';
import type { LintRule } from '../../src/core/lint/types.js';

function svc(name: string, extra: Partial<Service> = {}): Service {
  return { name, kind: 'service', exposure: 'internal', protocols: ['http'], calls: [], ...extra };
}
function arch(services: Service[], extra: Partial<Architecture> = {}): Architecture {
  return { apiVersion: 'meshgate/v1', kind: 'Architecture', metadata: { name: 't' }, platform: 'kubernetes', services, ...extra };
}
function run(kind: string, a: Architecture, params: Record<string, unknown> = {}, answers?: Partial<Answers>) {
  return CHECK_KINDS[kind]!.run(buildContext(a, answers), params).map((h) => h.pointer);
}

describe('matchers', () => {
  const table: [unknown, unknown, boolean][] = [
    ['public', 'public', true],
    ['public', 'internal', false],
    [undefined, null, true],
    ['none', { in: ['none', null] }, true],
    [undefined, { in: ['none', null] }, true],
    ['jwt', { in: ['none', null] }, false],
    ['jwt', { notIn: ['none'] }, true],
    [undefined, { absent: true }, true],
    [3, { absent: false }, true],
    [1, { lt: 2 }, true],
    [2, { lt: 2 }, false],
    [2, { lte: 2 }, true],
    [undefined, { lt: 2 }, false],
    [3, { gt: 2, gte: 3 }, true],
    [['http', 'grpc'], { includes: 'grpc' }, true],
    [['http'], { includes: 'grpc' }, false],
    [['http'], { excludes: 'grpc' }, true],
    [undefined, { excludes: 'grpc' }, true],
    ['registry.k8s.io/ingress-nginx/controller:v1', { matches: 'ingress-nginx' }, true],
    [undefined, { matches: '.*' }, false],
    ['nginx:1', { notMatches: '^envoy' }, true],
    [true, true, true],
    [false, true, false],
  ];
  it.each(table)('%j against %j is %s', (value, matcher, expected) => {
    expect(matches(value as never, matcher as never)).toBe(expected);
  });
});

describe('check kinds', () => {
  it('service-predicate: every matching service, pointing at the reported field', () => {
    const a = arch([svc('db', { kind: 'datastore', exposure: 'public' }), svc('api', { exposure: 'public' }), svc('cache', { kind: 'datastore' })]);
    expect(run('service-predicate', a, { where: { kind: 'datastore', exposure: 'public' }, report: 'exposure' })).toEqual(['/services/0/exposure']);
    expect(run('service-predicate', a, { where: { exposure: 'public' } })).toEqual(['/services/0', '/services/1']);
    expect(run('service-predicate', a, { where: { callers: { gt: 0 } } })).toEqual([]);
  });

  it('service-predicate: computed facts (routed, meshMember, isGateway, callers)', () => {
    const a = arch(
      [svc('edge', { exposure: 'public', calls: [{ to: 'api' }] }), svc('api', { exposure: 'public' }), svc('worker', { calls: [{ to: 'api' }] })],
      { gateway: { product: 'kong', service: 'edge', routes: [] }, mesh: { product: 'linkerd', mode: 'sidecar', mtls: 'strict', members: ['api'] } },
    );
    expect(run('service-predicate', a, { where: { routed: true } })).toEqual(['/services/1']);
    expect(run('service-predicate', a, { where: { isGateway: true } })).toEqual(['/services/0']);
    expect(run('service-predicate', a, { where: { meshMember: false } })).toEqual(['/services/0', '/services/2']);
    expect(run('service-predicate', a, { where: { callers: { gte: 2 } } })).toEqual(['/services/1']);
  });

  it('call-predicate: self calls, protocols from the call or the target, from./to. facts', () => {
    const a = arch([svc('a', { calls: [{ to: 'a' }, { to: 'b' }, { to: 'c', protocol: 'grpc' }] }), svc('b', { protocols: ['grpc'] }), svc('c')]);
    expect(run('call-predicate', a, { where: { self: true } })).toEqual(['/services/0/calls/0']);
    expect(run('call-predicate', a, { where: { protocols: { includes: 'grpc' } } })).toEqual(['/services/0/calls/1', '/services/0/calls/2']);
    expect(run('call-predicate', a, { where: { 'to.name': 'c' } })).toEqual(['/services/0/calls/2']);
  });

  const dangling = arch([svc('a', { calls: [{ to: 'b' }, { to: 'ghost' }] }), svc('b')], {
    gateway: { product: 'kong', service: 'nope', routes: ['a', 'x'] },
    mesh: { product: 'istio', mode: 'sidecar', mtls: 'strict', members: ['a', 'y'] },
  });
  it.each([
    ['calls', ['/services/0/calls/1/to']],
    ['gateway-routes', ['/gateway/routes/1']],
    ['mesh-members', ['/mesh/members/1']],
    ['gateway-service', ['/gateway/service']],
  ])('dangling-reference %s', (source, expected) => {
    expect(run('dangling-reference', dangling, { source })).toEqual(expected);
  });

  it('unique-names: every repeat after the first, with the first as related node', () => {
    const a = arch([svc('a'), svc('b'), svc('a'), svc('a')]);
    const hits = CHECK_KINDS['unique-names']!.run(buildContext(a), {});
    expect(hits.map((h) => h.pointer)).toEqual(['/services/2/name', '/services/3/name']);
    expect(hits[0]!.related).toEqual({ first: '/services/0/name' });
    expect(hits[0]!.data['count']).toBe(3);
  });

  it.each([
    ['ok-name', true],
    ['a', true],
    ['Bad', false],
    ['under_score', false],
    ['-lead', false],
    ['trail-', false],
    ['x'.repeat(64), false],
    ['x'.repeat(63), true],
  ])('name-format DNS-1123 label: %s valid=%s', (name, ok) => {
    const hits = run('name-format', arch([svc(name)]), { pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', maxLength: 63 });
    expect(hits.length === 0).toBe(ok);
  });

  it('mesh-coverage: services of the kinds outside the members; gateway service exempt; no mesh, no hits', () => {
    const services = [svc('edge'), svc('a'), svc('b'), svc('db', { kind: 'datastore' })];
    const withMesh = arch(services, { gateway: { product: 'kong', service: 'edge', routes: [] }, mesh: { product: 'istio', mode: 'sidecar', mtls: 'strict', members: ['a'] } });
    expect(run('mesh-coverage', withMesh, {})).toEqual(['/services/2/name']);
    expect(run('mesh-coverage', withMesh, { kinds: ['service', 'datastore'] })).toEqual(['/services/2/name', '/services/3/name']);
    expect(run('mesh-coverage', arch(services), {})).toEqual([]);
  });

  it.each([
    ['permissive', { modes: ['permissive'] }, undefined, ['/mesh/mtls']],
    ['strict', { modes: ['permissive', 'off'] }, undefined, []],
    ['permissive', { modes: ['permissive'], whenMandated: true }, undefined, []],
    ['permissive', { modes: ['permissive'], whenMandated: true }, { serviceSecurity: 'encryption' }, []],
    ['permissive', { modes: ['permissive'], whenMandated: true }, { serviceSecurity: 'mtls' }, ['/mesh/mtls']],
    ['off', { modes: ['off'], whenMandated: true }, { compliance: true }, ['/mesh/mtls']],
    ['off', { modes: ['off'], unlessMandated: true }, { compliance: true }, []],
    ['off', { modes: ['off'], unlessMandated: true }, { compliance: false }, ['/mesh/mtls']],
  ] as const)('mtls-mode: mesh %s with %j and answers %j', (mode, params, answers, expected) => {
    const a = arch([svc('a')], { mesh: { product: 'istio', mode: 'sidecar', mtls: mode, members: ['a'] } });
    expect(run('mtls-mode', a, params as never, answers as never)).toEqual(expected);
  });

  it('mtls-mode missingMesh: only when mandated and there is no mesh', () => {
    expect(run('mtls-mode', arch([svc('a')]), { missingMesh: true }, { compliance: true })).toEqual(['']);
    expect(run('mtls-mode', arch([svc('a')]), { missingMesh: true }, { compliance: false, serviceSecurity: 'none' })).toEqual([]);
    expect(run('mtls-mode', arch([svc('a')]), { missingMesh: true })).toEqual([]);
  });

  it('edge-hairpin: internal calls via or to the gateway service, not calls from public web fronts', () => {
    const a = arch(
      [
        svc('edge', { exposure: 'public', calls: [{ to: 'api' }] }),
        svc('web', { exposure: 'public', calls: [{ to: 'edge' }] }),
        svc('api', { calls: [{ to: 'edge' }, { to: 'db', via: 'edge' }, { to: 'db' }] }),
        svc('db', { kind: 'datastore' }),
      ],
      { gateway: { product: 'kong', service: 'edge', routes: ['web'] } },
    );
    expect(run('edge-hairpin', a, {})).toEqual(['/services/2/calls/0', '/services/2/calls/1/via']);
    expect(run('edge-hairpin', a, { fromExposures: ['public', 'internal'] })).toEqual(['/services/1/calls/0', '/services/2/calls/0', '/services/2/calls/1/via']);
    expect(run('edge-hairpin', arch(a.services), {})).toEqual([]);
  });

  it('gateway-routing: exposed services the gateway does not reach, and routes to datastores', () => {
    const a = arch(
      [svc('edge', { exposure: 'public', calls: [{ to: 'b' }] }), svc('a', { exposure: 'public' }), svc('b', { exposure: 'public' }), svc('c', { exposure: 'partner' }), svc('db', { kind: 'datastore', exposure: 'public' })],
      { gateway: { product: 'kong', service: 'edge', routes: ['a', 'db'] } },
    );
    expect(run('gateway-routing', a, { mode: 'exposed-not-routed' })).toEqual(['/services/3/exposure']);
    expect(run('gateway-routing', a, { mode: 'exposed-not-routed', exposures: ['public'] })).toEqual([]);
    expect(run('gateway-routing', a, { mode: 'routes-to-kind', kinds: ['datastore'] })).toEqual(['/gateway/routes/1']);
    expect(run('gateway-routing', arch(a.services), { mode: 'exposed-not-routed' })).toEqual([]);
  });

  it('gateway-routing: a second instance of the gateway image is not a bypass', () => {
    const a = arch([svc('web-gw', { exposure: 'public', image: 'envoyproxy/envoy:v1.11.1' }), svc('mobile-gw', { exposure: 'public', image: 'envoyproxy/envoy:v1.11.1' }), svc('api', { exposure: 'public', image: 'shop/api:1' })], {
      gateway: { product: 'envoy', service: 'web-gw', routes: [] },
    });
    expect(run('gateway-routing', a, { mode: 'exposed-not-routed' })).toEqual(['/services/2/exposure']);
  });

  it.each([
    ['gateway-replicas', { below: 2 }, { gateway: { product: 'kong', replicas: 1, routes: [] } }, ['/gateway/replicas']],
    ['gateway-replicas', { below: 2 }, { gateway: { product: 'kong', replicas: 2, routes: [] } }, []],
    ['gateway-replicas', { below: 2 }, { gateway: { product: 'kong', service: 'edge', routes: [] } }, ['/services/0/replicas']],
    ['gateway-replicas', { below: 2 }, { gateway: { product: 'kong', routes: [] } }, []],
    ['services', { atLeast: 3 }, {}, ['/services/0']],
    ['services', { atLeast: 3, when: { tracing: false } }, { observability: { tracing: 'otel' } }, []],
    ['services', { atLeast: 4 }, {}, []],
    ['mesh-members', { below: 5 }, { mesh: { product: 'linkerd', mode: 'sidecar', mtls: 'strict', members: ['edge', 'a'] } }, ['/mesh']],
    ['mesh-members', { below: 5 }, {}, []],
    ['public-services', { atLeast: 1, when: { gateway: false } }, {}, ['/services/0']],
  ] as const)('count-threshold %s %j', (metric, params, extra, expected) => {
    const a = arch([svc('edge', { exposure: 'public', replicas: 1 }), svc('a'), svc('b')], extra as never);
    expect(run('count-threshold', a, { metric, ...params })).toEqual(expected);
  });

  it('product-in-use: gateway and mesh products (any case) and images by pattern', () => {
    const a = arch([svc('ing', { image: 'registry.k8s.io/ingress-nginx/controller:v1.11.2' }), svc('web', { image: 'nginx:1.27' })], {
      gateway: { product: 'Ingress-NGINX', routes: [] },
      mesh: { product: 'osm', mode: 'sidecar', mtls: 'permissive', members: [] },
    });
    expect(run('product-in-use', a, { gatewayProducts: ['ingress-nginx'], images: ['(^|/)ingress-nginx/controller(:|@|$)'] })).toEqual(['/gateway/product', '/services/0/image']);
    expect(run('product-in-use', a, { meshProducts: ['osm'] })).toEqual(['/mesh/product']);
    expect(run('product-in-use', a, { gatewayProducts: ['kong'] })).toEqual([]);
  });
});

describe('runner', () => {
  const rule = (over: Partial<LintRule>): LintRule => ({
    id: 'r',
    severity: 'warning',
    title: 'T',
    message: 'service {{service}} is {{exposure}}',
    rationale: 'r',
    remediation: 'fix.',
    sources: ['https://example.org/a'],
    check: { kind: 'service-predicate', params: { where: { exposure: 'public' }, report: 'exposure' } },
    ...over,
  });
  const a = arch([svc('a', { exposure: 'public' }), svc('b')]);
  const located: string[] = [];
  const locate = (p: string) => {
    located.push(p);
    return { file: 'f.yaml', line: 10, column: 3 };
  };

  it('fills the message, applies severity overrides and locates only the hits', () => {
    const findings = lintArchitecture({ architecture: a, locate }, [rule({})], {});
    expect(findings).toEqual([
      { ruleId: 'r', severity: 'warning', message: 'service a is public', file: 'f.yaml', line: 10, column: 3, pointer: '/services/0/exposure', remediation: 'fix.', helpUri: 'https://example.org/a' },
    ]);
    expect(located).toEqual(['/services/0/exposure']);
    expect(lintArchitecture({ architecture: a, locate }, [rule({})], { severities: { r: 'error' } })[0]!.severity).toBe('error');
    expect(lintArchitecture({ architecture: a, locate }, [rule({})], { severities: { r: 'off' } })).toEqual([]);
  });

  it('a clean architecture resolves no positions', () => {
    located.length = 0;
    expect(lintArchitecture({ architecture: arch([svc('b')]), locate }, [rule({})], {})).toEqual([]);
    expect(located).toEqual([]);
  });
});

describe('params are validated at load, with positions', () => {
  const doc = (params: string, kind = 'service-predicate', message = 'x {{service}}') =>
    parseYamlDocument(
      `id: t\nseverity: warning\ntitle: A title\nmessage: '${message}'\nrationale: A rationale long enough to pass.\nremediation: Fix it.\nsources: [https://example.org]\ncheck:\n  kind: ${kind}\n  params:\n${params}`,
      't.yaml',
    );
  const problems = (params: string, kind?: string, message?: string) =>
    validateRuleDocument(doc(params, kind, message), 't.yaml', 't').problems.map((p) => `${p.loc?.line}:${p.loc?.column} ${p.message}`);

  it('accepts valid params', () => {
    expect(problems('    where: { exposure: public }\n')).toEqual([]);
  });
  it.each([
    ['    where: { nope: 1 }\n', undefined, undefined, /11:14 .*unknown service fact "nope"; known facts: name, kind/],
    ['    where: { image: { matches: "(" } }\n', undefined, undefined, /invalid regular expression/],
    ['    where: { exposure: public }\n    extra: 1\n', undefined, undefined, /12:5 .*unknown field "extra".*allowed fields: where, report/],
    ['    mode: sideways\n', 'gateway-routing', undefined, /11:11 .*mode: "sideways" is not allowed; allowed values: exposed-not-routed, routes-to-kind/],
    ['    metric: services\n', 'count-threshold', undefined, /below|atLeast/],
    ['    source: calls\n', 'no-such-kind', undefined, /9:9 unknown check kind "no-such-kind"; valid kinds: service-predicate, call-predicate, dangling-reference/],
    ['    where: { exposure: public }\n', undefined, 'x {{nope}}', /4:10 message uses \{\{nope\}\}, which check kind service-predicate does not provide; available: \{\{service\}\}/],
    ['    pattern: "["\n', 'name-format', 'x {{service}}', /invalid regular expression/],
  ])('rejects %j (kind %s)', (params, kind, message, expected) => {
    const p = problems(params, kind, message);
    expect(p.length).toBeGreaterThan(0);
    expect(p.join('\n')).toMatch(expected);
  });
});
