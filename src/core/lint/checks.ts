/**
 * The check kinds: a few named, parameterised functions that every lint rule is built from
 * (many rules, few kinds). Each kind declares a JSON Schema for its params, the placeholders
 * its hits fill, and a pure `run` that is linear in the size of the architecture.
 */
import type { MtlsMode, Service, ServiceKind, Exposure } from '../types.js';
import type { Hit } from './types.js';
import type { LintContext } from './context.js';
import { mtlsMandate, serviceNamed } from './context.js';
import { resolveServiceRef, serviceKey } from '../service-ref.js';
import type { Where } from './predicate.js';
import { callFacts, compileWhere, matchesAll, serviceFacts, showFact, SERVICE_TABLE, CALL_TABLE } from './predicate.js';
import { checkWhere } from '../conditions.js';
import { policyDrift } from './policy-drift.js';

/** A problem with a rule's params, at a JSON pointer relative to `check.params`. */
export interface ParamProblem {
  pointer: string;
  message: string;
}

export interface CheckKind<P = any> {
  name: string;
  description: string;
  /** JSON Schema for `check.params` (validated at load, with positions). */
  paramsSchema: Record<string, unknown>;
  /** Placeholders a message template may use. */
  placeholders: readonly string[];
  /** Checks the schema cannot express (regexes compile, fact names exist). */
  validate?: (params: P) => ParamProblem[];
  run: (ctx: LintContext, params: P) => Hit[];
}

// The `where` is checked by the one condition validator (src/core/conditions.ts), which knows
// each fact's type and values; the schema only asks for a non-empty mapping.
const WHERE_SCHEMA = { type: 'object', minProperties: 1 };
const SERVICE_KIND_LIST = { type: 'array', minItems: 1, uniqueItems: true, items: { enum: ['service', 'datastore', 'queue', 'external'] } };
const EXPOSURE_LIST = { type: 'array', minItems: 1, uniqueItems: true, items: { enum: ['public', 'partner', 'internal'] } };

function regexProblem(source: string, pointer: string): ParamProblem | undefined {
  try {
    new RegExp(source);
    return undefined;
  } catch (err) {
    return { pointer, message: `invalid regular expression ${JSON.stringify(source)}: ${(err as Error).message}` };
  }
}

function validateWhere(where: Where, subject: 'service' | 'call'): ParamProblem[] {
  return checkWhere(where, '/where', subject === 'service' ? SERVICE_TABLE : CALL_TABLE).map((p) => ({ pointer: p.pointer, message: p.message }));
}

function servicePointer(i: number, field?: string): string {
  return field ? `/services/${i}/${field}` : `/services/${i}`;
}

function serviceData(ctx: LintContext, s: Service): Record<string, string | number> {
  return {
    service: s.name,
    kind: s.kind,
    exposure: s.exposure,
    port: showFact(s.port),
    replicas: showFact(s.replicas),
    auth: showFact(s.auth),
    image: showFact(s.image),
    protocols: showFact(s.protocols),
    gateway: ctx.arch.gateway?.product ?? 'none',
    mesh: ctx.arch.mesh?.product ?? 'none',
  };
}
const SERVICE_PLACEHOLDERS = ['service', 'kind', 'exposure', 'port', 'replicas', 'auth', 'image', 'protocols', 'gateway', 'mesh'] as const;

// ---------------------------------------------------------------- service-predicate

interface ServicePredicateParams {
  where: Where;
  /** Field of the service the finding points at (default: the service itself). */
  report?: string;
}

const servicePredicate: CheckKind<ServicePredicateParams> = {
  name: 'service-predicate',
  description: 'one hit per service whose facts match every condition in `where`',
  paramsSchema: {
    type: 'object',
    required: ['where'],
    additionalProperties: false,
    properties: {
      where: WHERE_SCHEMA,
      report: { enum: ['name', 'kind', 'exposure', 'port', 'protocols', 'replicas', 'auth', 'rateLimit', 'image', 'calls'] },
    },
  },
  placeholders: [...SERVICE_PLACEHOLDERS, 'value'],
  validate: (p) => validateWhere(p.where, 'service'),
  run(ctx, p) {
    const hits: Hit[] = [];
    const where = compileWhere(p.where);
    ctx.arch.services.forEach((s, i) => {
      const facts = serviceFacts(ctx, s);
      if (!matchesAll(facts, where)) return;
      hits.push({
        pointer: servicePointer(i, p.report),
        data: { ...serviceData(ctx, s), value: p.report ? showFact(facts(p.report)) : s.name },
      });
    });
    return hits;
  },
};

// ---------------------------------------------------------------- call-predicate

interface CallPredicateParams {
  where: Where;
}

const callPredicate: CheckKind<CallPredicateParams> = {
  name: 'call-predicate',
  description: 'one hit per call whose facts (and `from.*` / `to.*` service facts) match every condition in `where`',
  paramsSchema: {
    type: 'object',
    required: ['where'],
    additionalProperties: false,
    properties: { where: WHERE_SCHEMA },
  },
  placeholders: ['service', 'to', 'protocol', 'via', 'gateway', 'mesh'],
  validate: (p) => validateWhere(p.where, 'call'),
  run(ctx, p) {
    const hits: Hit[] = [];
    const where = compileWhere(p.where);
    ctx.arch.services.forEach((s, i) => {
      s.calls.forEach((c, j) => {
        const facts = callFacts(ctx, s, c);
        if (!matchesAll(facts, where)) return;
        hits.push({
          pointer: `/services/${i}/calls/${j}`,
          data: {
            service: s.name,
            to: c.to,
            protocol: showFact(facts('protocols')),
            via: showFact(c.via),
            gateway: ctx.arch.gateway?.product ?? 'none',
            mesh: ctx.arch.mesh?.product ?? 'none',
          },
        });
      });
    });
    return hits;
  },
};

// ---------------------------------------------------------------- dangling-reference

type ReferenceSource = 'calls' | 'gateway-routes' | 'mesh-members' | 'gateway-service';
interface DanglingParams {
  source: ReferenceSource;
}

const danglingReference: CheckKind<DanglingParams> = {
  name: 'dangling-reference',
  description: 'a name that should refer to a declared service but does not (calls, gateway routes or service, mesh members)',
  paramsSchema: {
    type: 'object',
    required: ['source'],
    additionalProperties: false,
    properties: { source: { enum: ['calls', 'gateway-routes', 'mesh-members', 'gateway-service'] } },
  },
  placeholders: ['service', 'target', 'gateway', 'mesh'],
  run(ctx, p) {
    const hits: Hit[] = [];
    const gateway = ctx.arch.gateway?.product ?? 'none';
    const mesh = ctx.arch.mesh?.product ?? 'none';
    // Every reference resolves the way Kubernetes DNS does (src/core/service-ref.ts), from the
    // namespace of whoever names it.
    const dangling = (ref: string, fromNamespace?: string) => resolveServiceRef(ctx.index, ref, fromNamespace) === undefined;
    const gatewayNamespace = ctx.gatewayIndex !== undefined ? ctx.arch.services[ctx.gatewayIndex]!.namespace : ctx.arch.gateway?.namespace;
    switch (p.source) {
      case 'calls':
        ctx.arch.services.forEach((s, i) =>
          s.calls.forEach((c, j) => {
            if (dangling(c.to, s.namespace)) hits.push({ pointer: `/services/${i}/calls/${j}/to`, data: { service: s.name, target: c.to, gateway, mesh } });
          }),
        );
        break;
      case 'gateway-routes':
        ctx.arch.gateway?.routes.forEach((r, k) => {
          if (dangling(r, gatewayNamespace)) hits.push({ pointer: `/gateway/routes/${k}`, data: { service: r, target: r, gateway, mesh } });
        });
        break;
      case 'mesh-members':
        ctx.arch.mesh?.members.forEach((m, k) => {
          if (dangling(m)) hits.push({ pointer: `/mesh/members/${k}`, data: { service: m, target: m, gateway, mesh } });
        });
        break;
      case 'gateway-service': {
        const name = ctx.arch.gateway?.service;
        if (name !== undefined && dangling(name, ctx.arch.gateway?.namespace)) hits.push({ pointer: '/gateway/service', data: { service: name, target: name, gateway, mesh } });
        break;
      }
    }
    return hits;
  },
};

// ---------------------------------------------------------------- unique-names

const uniqueNames: CheckKind<Record<string, never>> = {
  name: 'unique-names',
  description: 'every service name after the first use of that name',
  paramsSchema: { type: 'object', additionalProperties: false, properties: {} },
  placeholders: ['service', 'count', 'firstLoc'],
  run(ctx) {
    const hits: Hit[] = [];
    // A true duplicate shares namespace and name: `cart` in namespaces a and b are two services.
    for (const [name, indexes] of ctx.repeatedNames) {
      const byKey = new Map<string, number[]>();
      for (const i of indexes) {
        const key = serviceKey(ctx.arch.services[i]!);
        const list = byKey.get(key);
        if (list) list.push(i);
        else byKey.set(key, [i]);
      }
      for (const same of byKey.values()) {
        for (const i of same.slice(1)) {
          hits.push({
            pointer: servicePointer(i, 'name'),
            data: { service: name, count: same.length },
            related: { first: servicePointer(same[0]!, 'name') },
          });
        }
      }
    }
    return hits;
  },
};

// ---------------------------------------------------------------- name-format

interface NameFormatParams {
  pattern: string;
  maxLength?: number;
  /** What the pattern means, for the message (e.g. "a DNS-1123 label"). */
  describe?: string;
}

const nameFormat: CheckKind<NameFormatParams> = {
  name: 'name-format',
  description: 'service names that do not match `pattern` or are longer than `maxLength`',
  paramsSchema: {
    type: 'object',
    required: ['pattern'],
    additionalProperties: false,
    properties: {
      pattern: { type: 'string', minLength: 1 },
      maxLength: { type: 'integer', minimum: 1 },
      describe: { type: 'string', minLength: 1 },
    },
  },
  placeholders: ['service', 'reason', 'pattern', 'maxLength'],
  validate: (p) => {
    const problem = regexProblem(p.pattern, '/pattern');
    return problem ? [problem] : [];
  },
  run(ctx, p) {
    const re = new RegExp(p.pattern);
    const hits: Hit[] = [];
    const describe = p.describe ?? `the pattern ${p.pattern}`;
    ctx.arch.services.forEach((s, i) => {
      let reason: string | undefined;
      if (p.maxLength !== undefined && s.name.length > p.maxLength) reason = `it is ${s.name.length} characters long, over the limit of ${p.maxLength}`;
      else if (!re.test(s.name)) reason = `it is not ${describe}`;
      if (reason) hits.push({ pointer: servicePointer(i, 'name'), data: { service: s.name, reason, pattern: p.pattern, maxLength: p.maxLength ?? 'none' } });
    });
    return hits;
  },
};

// ---------------------------------------------------------------- mesh-coverage

interface MeshCoverageParams {
  kinds?: ServiceKind[];
}

const meshCoverage: CheckKind<MeshCoverageParams> = {
  name: 'mesh-coverage',
  description: 'services of the given kinds that a declared mesh leaves out (the gateway service is exempt)',
  paramsSchema: { type: 'object', additionalProperties: false, properties: { kinds: SERVICE_KIND_LIST } },
  placeholders: [...SERVICE_PLACEHOLDERS, 'members'],
  run(ctx, p) {
    const mesh = ctx.arch.mesh;
    if (!mesh) return [];
    const kinds = new Set<ServiceKind>(p.kinds ?? ['service']);
    const hits: Hit[] = [];
    ctx.arch.services.forEach((s, i) => {
      if (!kinds.has(s.kind) || ctx.meshMember[i] === 1 || i === ctx.gatewayIndex) return;
      hits.push({ pointer: servicePointer(i, 'name'), data: { ...serviceData(ctx, s), members: ctx.memberCount } });
    });
    return hits;
  },
};

// ---------------------------------------------------------------- mtls-mode

interface MtlsModeParams {
  /** Mesh mTLS modes that are a hit. */
  modes?: MtlsMode[];
  /** Only when the answers mandate mTLS (serviceSecurity: mtls or compliance: true). */
  whenMandated?: boolean;
  /** Only when they do not (so a mandate rule and a general rule do not report the same mode twice). */
  unlessMandated?: boolean;
  /** Hit when mTLS is mandated and there is no mesh at all (implies whenMandated). */
  missingMesh?: boolean;
}

const mtlsMode: CheckKind<MtlsModeParams> = {
  name: 'mtls-mode',
  description: 'the mesh mTLS mode is one of `modes` (optionally only when the answers mandate mTLS), or mTLS is mandated and no mesh is declared',
  paramsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      modes: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: ['strict', 'permissive', 'off'] } },
      whenMandated: { type: 'boolean' },
      unlessMandated: { type: 'boolean' },
      missingMesh: { type: 'boolean' },
    },
    anyOf: [{ required: ['modes'] }, { required: ['missingMesh'] }],
  },
  placeholders: ['mesh', 'mode', 'mandate'],
  run(ctx, p) {
    const mandate = mtlsMandate(ctx.answers);
    const mesh = ctx.arch.mesh;
    if (p.missingMesh) {
      if (mesh || !mandate) return [];
      return [{ pointer: '', data: { mesh: 'none', mode: 'none', mandate } }];
    }
    if (!mesh || !(p.modes ?? []).includes(mesh.mtls)) return [];
    if (p.whenMandated && !mandate) return [];
    if (p.unlessMandated && mandate) return [];
    return [{ pointer: '/mesh/mtls', data: { mesh: mesh.product, mode: mesh.mtls, mandate: mandate ?? 'not mandated' } }];
  },
};

// ---------------------------------------------------------------- edge-hairpin

interface EdgeHairpinParams {
  /** Only calls from services with these exposures (default: internal). */
  fromExposures?: Exposure[];
}

const edgeHairpin: CheckKind<EdgeHairpinParams> = {
  name: 'edge-hairpin',
  description: 'east-west calls that go through the edge gateway: a call `via` the gateway, or a call to the gateway service',
  paramsSchema: { type: 'object', additionalProperties: false, properties: { fromExposures: EXPOSURE_LIST } },
  placeholders: ['service', 'to', 'gateway'],
  run(ctx, p) {
    const gw = ctx.arch.gateway;
    if (!gw) return [];
    const from = new Set<Exposure>(p.fromExposures ?? ['internal']);
    const hits: Hit[] = [];
    ctx.arch.services.forEach((s, i) => {
      if (i === ctx.gatewayIndex || !from.has(s.exposure) || s.kind !== 'service') return;
      s.calls.forEach((c, j) => {
        const viaGateway = c.via !== undefined && (c.via === gw.service || c.via === gw.product);
        const toGateway = ctx.gatewayIndex !== undefined && resolveServiceRef(ctx.index, c.to, s.namespace) === ctx.gatewayIndex;
        if (!viaGateway && !toGateway) return;
        hits.push({
          pointer: viaGateway ? `/services/${i}/calls/${j}/via` : `/services/${i}/calls/${j}`,
          data: { service: s.name, to: c.to, gateway: gw.service ?? gw.product },
        });
      });
    });
    return hits;
  },
};

// ---------------------------------------------------------------- gateway-routing

interface GatewayRoutingParams {
  /** exposed-not-routed: exposed services the gateway does not route to; routes-to-kind: routes naming services of `kinds`. */
  mode: 'exposed-not-routed' | 'routes-to-kind';
  exposures?: Exposure[];
  kinds?: ServiceKind[];
}

const gatewayRouting: CheckKind<GatewayRoutingParams> = {
  name: 'gateway-routing',
  description: 'with a declared gateway: exposed services it does not route to (other instances of the gateway image exempt), or routes to services of the wrong kind',
  paramsSchema: {
    type: 'object',
    required: ['mode'],
    additionalProperties: false,
    properties: { mode: { enum: ['exposed-not-routed', 'routes-to-kind'] }, exposures: EXPOSURE_LIST, kinds: SERVICE_KIND_LIST },
  },
  placeholders: [...SERVICE_PLACEHOLDERS],
  run(ctx, p) {
    const gw = ctx.arch.gateway;
    if (!gw) return [];
    const hits: Hit[] = [];
    if (p.mode === 'exposed-not-routed') {
      const exposures = new Set<Exposure>(p.exposures ?? ['public', 'partner']);
      const kinds = new Set<ServiceKind>(p.kinds ?? ['service']);
      // Another service running the gateway's own image is a second gateway (e.g. one per client type), not a bypass.
      const gatewayImage = ctx.gatewayIndex !== undefined ? ctx.arch.services[ctx.gatewayIndex]!.image : undefined;
      ctx.arch.services.forEach((s, i) => {
        if (!exposures.has(s.exposure) || !kinds.has(s.kind) || ctx.routed[i] === 1 || i === ctx.gatewayIndex) return;
        if (gatewayImage !== undefined && s.image === gatewayImage) return;
        hits.push({ pointer: servicePointer(i, 'exposure'), data: serviceData(ctx, s) });
      });
    } else {
      const kinds = new Set<ServiceKind>(p.kinds ?? ['datastore', 'queue']);
      const from = ctx.gatewayIndex !== undefined ? ctx.arch.services[ctx.gatewayIndex] : undefined;
      gw.routes.forEach((r, k) => {
        const s = serviceNamed(ctx, r, from);
        if (s && kinds.has(s.kind)) hits.push({ pointer: `/gateway/routes/${k}`, data: serviceData(ctx, s) });
      });
    }
    return hits;
  },
};

// ---------------------------------------------------------------- count-threshold

type Metric = 'services' | 'mesh-members' | 'gateway-replicas' | 'public-services';
interface CountThresholdParams {
  metric: Metric;
  /** Hit when the value is below this. */
  below?: number;
  /** Hit when the value is at least this. */
  atLeast?: number;
  /** Only when these parts of the architecture are present (true) or absent (false). */
  when?: { mesh?: boolean; gateway?: boolean; tracing?: boolean };
}

const countThreshold: CheckKind<CountThresholdParams> = {
  name: 'count-threshold',
  description: 'a count (services, mesh members, gateway replicas, public services) below or at/above a threshold',
  paramsSchema: {
    type: 'object',
    required: ['metric'],
    additionalProperties: false,
    properties: {
      metric: { enum: ['services', 'mesh-members', 'gateway-replicas', 'public-services'] },
      below: { type: 'integer', minimum: 0 },
      atLeast: { type: 'integer', minimum: 0 },
      when: {
        type: 'object',
        additionalProperties: false,
        minProperties: 1,
        properties: { mesh: { type: 'boolean' }, gateway: { type: 'boolean' }, tracing: { type: 'boolean' } },
      },
    },
    anyOf: [{ required: ['below'] }, { required: ['atLeast'] }],
  },
  placeholders: ['value', 'below', 'atLeast', 'gateway', 'mesh', 'service'],
  run(ctx, p) {
    const { arch } = ctx;
    if (p.when) {
      if (p.when.mesh !== undefined && (arch.mesh !== undefined) !== p.when.mesh) return [];
      if (p.when.gateway !== undefined && (arch.gateway !== undefined) !== p.when.gateway) return [];
      if (p.when.tracing !== undefined && ctx.tracing !== p.when.tracing) return [];
    }
    let value: number | undefined;
    let pointer = '';
    let service = 'none';
    switch (p.metric) {
      case 'services':
        value = arch.services.filter((s) => s.kind === 'service').length;
        // The first service, not the list: imported Kubernetes systems have no single "services" node.
        pointer = '/services/0';
        break;
      case 'public-services':
        value = arch.services.filter((s) => s.kind === 'service' && s.exposure !== 'internal').length;
        pointer = '/services/0';
        break;
      case 'mesh-members':
        if (!arch.mesh) return [];
        value = arch.mesh.members.length;
        pointer = '/mesh';
        break;
      case 'gateway-replicas': {
        const gw = arch.gateway;
        if (!gw) return [];
        if (gw.replicas !== undefined) {
          value = gw.replicas;
          pointer = '/gateway/replicas';
        } else if (gw.service !== undefined) {
          const i = ctx.gatewayIndex;
          const s = i === undefined ? undefined : arch.services[i];
          if (s?.replicas !== undefined) {
            value = s.replicas;
            pointer = servicePointer(i!, 'replicas');
            service = s.name;
          }
        }
        break;
      }
    }
    if (value === undefined) return [];
    const hit = (p.below !== undefined && value < p.below) || (p.atLeast !== undefined && value >= p.atLeast);
    if (!hit) return [];
    return [{
      pointer,
      data: {
        value,
        below: p.below ?? 'none',
        atLeast: p.atLeast ?? 'none',
        gateway: arch.gateway?.product ?? 'none',
        mesh: arch.mesh?.product ?? 'none',
        service: service === 'none' ? arch.gateway?.service ?? 'none' : service,
      },
    }];
  },
};

// ---------------------------------------------------------------- product-in-use

interface ProductInUseParams {
  /** Gateway products (compared case-insensitively). */
  gatewayProducts?: string[];
  meshProducts?: string[];
  /** Regular expressions matched against service images. */
  images?: string[];
}

const productInUse: CheckKind<ProductInUseParams> = {
  name: 'product-in-use',
  description: 'a named gateway or mesh product, or a service image matching a pattern, is in use',
  paramsSchema: {
    type: 'object',
    additionalProperties: false,
    minProperties: 1,
    properties: {
      gatewayProducts: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
      meshProducts: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
      images: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
    },
  },
  placeholders: ['product', 'service', 'where'],
  validate: (p) => (p.images ?? []).flatMap((src, k) => regexProblem(src, `/images/${k}`) ?? []),
  run(ctx, p) {
    const hits: Hit[] = [];
    const lower = (xs?: string[]) => new Set((xs ?? []).map((x) => x.toLowerCase()));
    const gws = lower(p.gatewayProducts);
    const meshes = lower(p.meshProducts);
    const gw = ctx.arch.gateway;
    if (gw && gws.has(gw.product.toLowerCase())) hits.push({ pointer: '/gateway/product', data: { product: gw.product, service: gw.service ?? 'none', where: 'gateway' } });
    const mesh = ctx.arch.mesh;
    if (mesh && meshes.has(mesh.product.toLowerCase())) hits.push({ pointer: '/mesh/product', data: { product: mesh.product, service: 'none', where: 'mesh' } });
    if (p.images?.length) {
      const res = p.images.map((src) => new RegExp(src));
      ctx.arch.services.forEach((s, i) => {
        if (s.image && res.some((re) => re.test(s.image!))) hits.push({ pointer: servicePointer(i, 'image'), data: { product: s.image, service: s.name, where: `service ${s.name}` } });
      });
    }
    return hits;
  },
};

/** Every check kind by name. */
export const CHECK_KINDS: Record<string, CheckKind> = Object.fromEntries(
  [servicePredicate, callPredicate, danglingReference, uniqueNames, nameFormat, meshCoverage, mtlsMode, edgeHairpin, gatewayRouting, countThreshold, productInUse, policyDrift].map(
    (k) => [k.name, k as CheckKind],
  ),
);

