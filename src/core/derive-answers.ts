/**
 * Derives Answers from an architecture's structure. Pure. Every inferred answer says why, with
 * the file:line:col of the evidence; what structure cannot show is left to defaults (listed,
 * so the user can confirm them) unless the user's own answers set it, and those always win.
 */
import { ANSWER_DEFAULTS, ANSWER_FIELDS } from './answers.js';
import { classify, isPlatformService } from './classify.js';
import { indexServices, resolveServiceRef } from './service-ref.js';
import type {
  Answers, AnswerField, Architecture, Consumer, EdgeNeed, Existing, InferredAnswer, Locator, Observability,
  Platform, Protocol, Service, ServiceSecurity, Traffic, TrafficControl,
} from './types.js';
import { EXISTING } from './types.js';
import { plural } from './plural.js';

export interface DeriveContext {
  locate: Locator;
  /** "meshgate" | "compose" | "kubernetes": decides how the platform is known. */
  format: string;
  /** Answers the user gave explicitly (from --answers); they win over inferred ones. */
  overrides?: Partial<Answers>;
}

export interface DerivedAnswers {
  answers: Answers;
  inferred: InferredAnswer[];
  /** Fields neither inferred nor given: defaults worth confirming. */
  defaulted: AnswerField[];
}

const MAX_LISTED = 5;

function where(locate: Locator, pointer: string): string {
  const l = locate(pointer);
  return `${l.file}:${l.line}:${l.column}`;
}

/** "a (f:1:2), b (f:3:4) and 3 more" */
function listWithLocs(items: { name: string; pointer: string }[], locate: Locator): string {
  const shown = items.slice(0, MAX_LISTED).map((i) => `${i.name} (${where(locate, i.pointer)})`);
  const more = items.length - shown.length;
  return shown.join(', ') + (more > 0 ? ` and ${more} more` : '');
}

/** Names that front ends carry: their callers are browsers rather than API clients. */
const BROWSER_FACING = /(^|[-_.])(web|www|ui|frontend|front-end|front|site|spa|portal|dashboard|storefront|shop|store|client|app|webui|webmvc|webspa|wordpress)([-_.]|$)/i;

/** Services that authenticate users for the others (eShop's identity-api, train-ticket's ts-auth-service). */
const IDENTITY = /(^|[-_.])(identity|auth|oauth2?|sso|keycloak|login|idp|uaa)([-_.]|$)/i;
/** Backend-for-frontend aggregators (eShop's webshoppingagg, "*-bff"). */
const AGGREGATOR = /(^|[-_.])(bff|aggregator|agg)([-_.]|$)|shoppingagg$|[-_]agg$/i;

/** Derives answers from the architecture; see the module comment. */
export function deriveAnswers(arch: Architecture, ctx: DeriveContext): DerivedAnswers {
  const { locate } = ctx;
  const overrides = ctx.overrides ?? {};
  const inferred: InferredAnswer[] = [];
  const values: Partial<Answers> = {};
  const infer = <F extends AnswerField>(field: F, value: Answers[F], because: string): void => {
    values[field] = value;
    inferred.push({ field, value, because });
  };

  const indexed = arch.services.map((s, i) => ({ s, i, pointer: `/services/${i}` }));
  const app = indexed.filter((x) => x.s.kind === 'service');
  // Every reference resolves through the model's one resolver (namespace-aware).
  const refs = indexServices(arch.services);
  const target = (ref: string, fromNamespace?: string) => {
    const i = resolveServiceRef(refs, ref, fromNamespace);
    return i === undefined ? undefined : indexed[i]!;
  };
  const gatewayIndex = arch.gateway?.service !== undefined ? resolveServiceRef(refs, arch.gateway.service, arch.gateway.namespace) : undefined;
  const isGatewayEntry = (x: { i: number }) => x.i === gatewayIndex;
  // A further edge proxy (eShop's second Envoy) is not application code either.
  const isEdgeProxy = (x: { s: Service; i: number }) => isGatewayEntry(x) || (x.s.image !== undefined && classify(x.s.name, x.s.image).role.role === 'gateway');
  const exposed = (e: Service['exposure']) => indexed.filter((x) => x.s.exposure === e && x.s.kind !== 'datastore' && x.s.kind !== 'queue');
  const publicOnes = exposed('public');
  const partnerOnes = exposed('partner');

  // Calls between application services (the gateway's own proxying is north-south, not east-west).
  const eastWest: { name: string; pointer: string }[] = [];
  for (const x of app) {
    if (isEdgeProxy(x)) continue;
    x.s.calls.forEach((c, j) => {
      const t = target(c.to, x.s.namespace);
      if (t && t.s.kind === 'service' && !isEdgeProxy(t) && t.i !== x.i) eastWest.push({ name: `${x.s.name} → ${c.to}`, pointer: `${x.pointer}/calls/${j}` });
    });
  }

  // services: application code only; the edge proxy and platform plumbing (config servers,
  // registries, admin consoles) run as services but are not what the team builds and ships.
  {
    const counted = app.filter((x) => !isEdgeProxy(x) && !isPlatformService(x.s));
    const left = app.filter((x) => !counted.includes(x));
    const n = Math.max(counted.length, app.length > 0 ? 1 : 0);
    if (app.length > 0) {
      infer('services', n, `${plural(counted.length, 'application service')} (${listWithLocs(counted.map((x) => ({ name: x.s.name, pointer: x.pointer })), locate)})` +
        (left.length > 0 ? `; not counted: ${left.map((x) => x.s.name).join(', ')} (edge proxy or platform plumbing)` : '') + '; datastores, queues and external systems not counted');
    }
  }

  // traffic
  const edge = [...publicOnes, ...partnerOnes].map((x) => ({ name: x.s.name, pointer: `${x.pointer}/exposure` }));
  const appOnly = app.filter((x) => !isEdgeProxy(x) && !isPlatformService(x.s));
  if (eastWest.length === 0 && appOnly.length >= 3) {
    // Compose files and manifests often carry no addresses at all (they live in code or config),
    // yet several application services almost always call each other.
    const traffic: Traffic = edge.length > 0 ? 'both' : 'east-west';
    infer('traffic', traffic, `${appOnly.length} application services but no calls between them are visible in the input (addresses often live in code or config): assumed they call each other, confirm it` +
      (edge.length > 0 ? `; reachable from outside: ${listWithLocs(edge, locate)}` : ''));
  } else if (edge.length > 0 || eastWest.length > 0) {
    const traffic: Traffic = edge.length > 0 && eastWest.length > 0 ? 'both' : edge.length > 0 ? 'north-south' : 'east-west';
    const why: string[] = [];
    if (edge.length > 0) why.push(`${plural(edge.length, 'service')} reachable from outside: ${listWithLocs(edge, locate)}`);
    if (eastWest.length > 0) why.push(`${plural(eastWest.length, 'call')} between services: ${listWithLocs(eastWest, locate)}`);
    infer('traffic', traffic, why.join('; '));
  }

  // consumers
  if (edge.length > 0) {
    const consumers: Consumer[] = [];
    // A published gateway stands for the services it routes to: their kind says who calls in.
    const gw = publicOnes.find((x) => isGatewayEntry(x));
    const routedIdx = new Set((arch.gateway?.routes ?? []).map((r) => target(r, gw?.s.namespace ?? arch.gateway?.namespace)?.i).filter((i): i is number => i !== undefined));
    const routed = gw ? indexed.filter((x) => routedIdx.has(x.i)) : [];
    const facing = [...publicOnes.filter((x) => x !== gw || routed.length === 0), ...routed.filter((x) => !publicOnes.includes(x))];
    const browser = facing.filter((x) => BROWSER_FACING.test(x.s.name) || (x.s.image !== undefined && /wordpress|nginx|frontend|webui|web-?app/i.test(x.s.image)));
    const api = facing.filter((x) => !browser.includes(x));
    const why: string[] = [];
    if (browser.length > 0) {
      consumers.push('browser');
      why.push(`front end${browser.length === 1 ? '' : 's'} reachable from outside: ${listWithLocs(browser.map((x) => ({ name: x.s.name, pointer: `${x.pointer}/exposure` })), locate)}`);
    }
    if (api.length > 0) {
      consumers.push('public');
      why.push(`${plural(api.length, 'other service')} reachable from outside: ${listWithLocs(api.map((x) => ({ name: x.s.name, pointer: `${x.pointer}/exposure` })), locate)}`);
    }
    if (partnerOnes.length > 0) {
      consumers.push('partners');
      why.push(`partner-facing: ${listWithLocs(partnerOnes.map((x) => ({ name: x.s.name, pointer: `${x.pointer}/exposure` })), locate)}`);
    }
    infer('consumers', consumers, why.join('; '));
  }

  // edgeNeeds: what the published services already rely on.
  {
    const needs: EdgeNeed[] = [];
    const why: string[] = [];
    const authed = indexed.filter((x) => x.s.auth !== undefined && x.s.auth !== 'none' && x.s.exposure !== 'internal');
    if (authed.length > 0) {
      needs.push('auth');
      why.push(`authentication on ${listWithLocs(authed.map((x) => ({ name: `${x.s.name}: ${x.s.auth}`, pointer: `${x.pointer}/auth` })), locate)}`);
    }
    const keyed = authed.filter((x) => x.s.auth === 'api-key');
    if (keyed.length > 0) needs.push('api-keys');
    // Structure that exists only to serve the edge: identity providers and BFF aggregators.
    const identity = app.filter((x) => IDENTITY.test(x.s.name) || (x.s.image !== undefined && /keycloak|dex|hydra|authelia|oauth2-proxy|identityserver/i.test(x.s.image)));
    if (identity.length > 0 && !needs.includes('auth')) {
      needs.push('auth');
      why.push(`an identity service: ${listWithLocs(identity.map((x) => ({ name: x.s.name, pointer: x.pointer })), locate)}`);
    }
    const aggregators = app.filter((x) => AGGREGATOR.test(x.s.name));
    if (aggregators.length > 0) {
      needs.push('aggregation');
      why.push(`backend-for-frontend aggregators: ${listWithLocs(aggregators.map((x) => ({ name: x.s.name, pointer: x.pointer })), locate)}`);
    }
    const limited = indexed.filter((x) => x.s.rateLimit === true);
    if (limited.length > 0) {
      needs.push('rate-limiting');
      why.push(`rate limiting on ${listWithLocs(limited.map((x) => ({ name: x.s.name, pointer: `${x.pointer}/rateLimit` })), locate)}`);
    }
    if (needs.length > 0) infer('edgeNeeds', needs, why.join('; '));
  }

  // serviceSecurity
  if (arch.mesh) {
    const security: ServiceSecurity = arch.mesh.mtls === 'strict' ? 'mtls' : arch.mesh.mtls === 'permissive' ? 'encryption' : 'none';
    const stated = where(locate, '/mesh/mtls') !== where(locate, '/mesh');
    infer('serviceSecurity', security, `${arch.mesh.product} mesh with mTLS ${arch.mesh.mtls}${stated ? '' : ` (${arch.mesh.product}'s default; no mode stated)`} (${where(locate, stated ? '/mesh/mtls' : '/mesh')})` +
      (arch.mesh.mtls === 'permissive' ? ': traffic between meshed pods is encrypted but plaintext is still accepted' : ''));
  }

  // observability: telemetry already in place. With a mesh, the mesh is part of how it is met;
  // without one, the application (or a collector it reports to) already meets the need, and a
  // need already met is no reason to add a mesh.
  if (arch.observability?.tracing || arch.observability?.metrics) {
    const o = arch.observability;
    const have = [o.tracing ? `tracing with ${o.tracing} (${where(locate, '/observability/tracing')})` : '', o.metrics ? `metrics with ${o.metrics} (${where(locate, '/observability/metrics')})` : ''].filter((x) => x !== '').join(' and ');
    if (arch.mesh) {
      if (o.tracing) infer('observability', 'tracing' as Observability, `${have}, beside the ${arch.mesh.product} mesh`);
      else infer('observability', 'golden-metrics' as Observability, `${have} and no tracing, beside the ${arch.mesh.product} mesh`);
    } else {
      infer('observability', 'basic' as Observability, `already in place without a mesh: ${have}; the system meets that need itself, so it is not counted as a reason for a mesh (set observability yourself if you want more than it has)`);
    }
  }

  // platform
  if (ctx.format === 'compose') {
    infer('platform', 'containers' as Platform, `docker-compose input (${where(locate, '')})`);
  } else if (ctx.format === 'kubernetes') {
    infer('platform', 'kubernetes' as Platform, `Kubernetes manifests (${where(locate, '')})`);
  } else if (ctx.format === 'meshgate' && where(locate, '/platform') !== where(locate, '')) {
    infer('platform', arch.platform, `platform: ${arch.platform} (${where(locate, '/platform')})`);
  }

  // protocols and the gRPC balancing need that follows from them.
  {
    const seen = new Map<Protocol, { name: string; pointer: string }[]>();
    const add = (p: Protocol, name: string, pointer: string) => {
      const list = seen.get(p) ?? [];
      list.push({ name, pointer });
      seen.set(p, list);
    };
    for (const x of app) {
      const { s, pointer } = x;
      s.protocols.forEach((p, j) => add(p, s.name, `${pointer}/protocols/${j}`));
      s.calls.forEach((c, j) => {
        const t = target(c.to, s.namespace);
        if (c.protocol && t && t.s.kind === 'service') add(c.protocol, `${s.name} → ${c.to}`, `${pointer}/calls/${j}`);
      });
    }
    if (seen.size > 0) {
      const order: Protocol[] = ['http', 'grpc', 'websocket', 'tcp'];
      const protocols = order.filter((p) => seen.has(p));
      infer('protocols', protocols, protocols.map((p) => `${p}: ${listWithLocs(seen.get(p)!, locate)}`).join('; '));
      const grpc = seen.get('grpc');
      if (grpc && eastWest.length > 0) {
        infer('trafficControl', ['grpc-load-balancing'] as TrafficControl[],
          `gRPC between services needs per-request (L7) balancing; long-lived HTTP/2 connections defeat connection-level balancing: ${listWithLocs(grpc, locate)}`);
      }
    }
  }

  // existing: see deriveExisting below (what already runs, from the model's gateway, mesh and observability).
  {
    const existing = deriveExisting(arch, locate);
    if (existing) infer('existing', existing.value, existing.because);
  }

  // Explicit answers win; whatever is left is a default to confirm.
  for (const [k, v] of Object.entries(overrides)) {
    if (v === undefined) continue;
    const field = k as AnswerField;
    (values as Record<string, unknown>)[field] = v;
    const at = inferred.findIndex((x) => x.field === field);
    if (at >= 0) inferred.splice(at, 1);
  }
  const defaulted = ANSWER_FIELDS.filter((f) => values[f] === undefined);
  const fallback = { traffic: 'north-south' as Traffic, services: 1 };
  const answers = { apiVersion: 'meshgate/v1', kind: 'Answers', ...fallback, ...ANSWER_DEFAULTS, ...values } as Answers;
  return { answers, inferred, defaulted };
}

// ---------------------------------------------------------------- existing investment
// Kept apart from the inference above so the importers' changes to this file and the decision
// model's merge cleanly: this reads only the model's gateway, mesh and observability.

/** Importer product names -> Answers `existing` values (names not listed are not claimed). */
const EXISTING_EDGES: Readonly<Record<string, Existing>> = {
  nginx: 'nginx', openresty: 'nginx', 'ingress-nginx': 'ingress-nginx', 'nginx-gateway-fabric': 'nginx-gateway-fabric',
  'envoy-gateway': 'envoy-gateway', envoy: 'envoy', haproxy: 'haproxy', traefik: 'traefik', caddy: 'caddy', kong: 'kong',
  apisix: 'apisix', tyk: 'tyk', krakend: 'krakend', zuul: 'zuul', 'spring-cloud-gateway': 'spring-cloud-gateway',
  'aws-api-gateway': 'aws-api-gateway', 'azure-apim': 'azure-apim', apigee: 'apigee',
};
const EXISTING_MESHES: Readonly<Record<string, Existing>> = {
  istio: 'istio', 'istio-ambient': 'istio', 'istio-sidecar': 'istio', linkerd: 'linkerd', consul: 'consul', kuma: 'kuma',
  'kong-mesh': 'kuma', cilium: 'cilium', 'aws-app-mesh': 'aws-app-mesh', 'app-mesh': 'aws-app-mesh',
  'open-service-mesh': 'open-service-mesh', osm: 'open-service-mesh', 'nginx-service-mesh': 'nginx-service-mesh',
};

/**
 * What already runs, as the Answers `existing` list: the edge product and the mesh the model
 * records, and instrumentation a declared tracing or metrics backend implies (services that send
 * spans to Jaeger or expose metrics to Prometheus are already instrumented, so tracing and metrics
 * are not a need a mesh would fill). Undefined when the model shows none of these.
 */
export function deriveExisting(arch: Architecture, locate: Locator): { value: Existing[]; because: string } | undefined {
  const found: { value: Existing; why: string }[] = [];
  const add = (value: Existing | undefined, why: string) => {
    if (value && !found.some((f) => f.value === value)) found.push({ value, why });
  };
  const gw = arch.gateway;
  if (gw) {
    const istioGateway = gw.product === 'istio-gateway';
    add(istioGateway ? 'istio' : Object.hasOwn(EXISTING_EDGES, gw.product) ? EXISTING_EDGES[gw.product] : undefined,
      `edge ${gw.product}${gw.service ? ` (${gw.service})` : ''} (${where(locate, '/gateway')})`);
  }
  if (arch.mesh) {
    const m = arch.mesh.product;
    add(Object.hasOwn(EXISTING_MESHES, m) ? EXISTING_MESHES[m] : undefined, `${m} mesh (${where(locate, '/mesh')})`);
  }
  if (arch.observability?.tracing) add('app-tracing', `tracing backend ${arch.observability.tracing} (${where(locate, '/observability/tracing')}): the services already emit spans`);
  if (arch.observability?.metrics) add('app-metrics', `metrics backend ${arch.observability.metrics} (${where(locate, '/observability/metrics')}): the services already expose metrics`);
  if (found.length === 0) return undefined;
  const order = (v: Existing) => (EXISTING as readonly string[]).indexOf(v);
  const value = found.map((f) => f.value).sort((a, b) => order(a) - order(b));
  return { value, because: found.map((f) => f.why).join('; ') };
}
