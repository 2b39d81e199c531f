/**
 * Recognises what a workload is from its image, name and environment: application service,
 * datastore, queue, gateway, observability tooling or load generator. Shared by the compose
 * and Kubernetes importers. Pure tables and functions.
 */
import type { Protocol } from '../core/types.js';

export type Role =
  | { role: 'service' }
  | { role: 'datastore'; product: string }
  | { role: 'queue'; product: string }
  | { role: 'gateway'; product: string }
  | { role: 'tracing'; product: string }
  | { role: 'metrics'; product: string }
  | { role: 'telemetry'; product: string }
  | { role: 'loadgen'; product: string };

/** Where a classification came from, so notes can cite it. */
export interface Classified {
  role: Role;
  /** 'image' | 'name' | 'env' | 'none' */
  by: 'image' | 'name' | 'env' | 'none';
  /** The token that matched, e.g. "redis". */
  token?: string;
}

const DATASTORES: Record<string, string> = {
  postgres: 'postgres', postgresql: 'postgres', postgis: 'postgres', mysql: 'mysql', mariadb: 'mariadb',
  mongo: 'mongodb', mongodb: 'mongodb', redis: 'redis', redismod: 'redis', valkey: 'valkey', memcached: 'memcached',
  cassandra: 'cassandra', scylla: 'scylla', elasticsearch: 'elasticsearch', opensearch: 'opensearch',
  mssql: 'sqlserver', sqlserver: 'sqlserver', couchdb: 'couchdb', couchbase: 'couchbase', neo4j: 'neo4j',
  influxdb: 'influxdb', clickhouse: 'clickhouse', cockroach: 'cockroachdb', cockroachdb: 'cockroachdb',
  minio: 'minio', etcd: 'etcd', dynamodb: 'dynamodb', oracle: 'oracle', db2: 'db2', hazelcast: 'hazelcast',
  keydb: 'keydb', dragonfly: 'dragonfly', solr: 'solr', arangodb: 'arangodb', rethinkdb: 'rethinkdb',
};
/** Name parts that mark a datastore when the image says nothing (e.g. `catalogue-db`). */
const DATASTORE_NAME_TOKENS = new Set(['db', 'database', 'sqldata', 'nosqldata', 'basketdata', 'cache', 'datastore']);

const QUEUES: Record<string, string> = {
  rabbitmq: 'rabbitmq', kafka: 'kafka', 'cp-kafka': 'kafka', redpanda: 'redpanda', nats: 'nats', zookeeper: 'zookeeper',
  activemq: 'activemq', artemis: 'activemq', pulsar: 'pulsar', nsq: 'nsq', nsqd: 'nsq', mosquitto: 'mosquitto', emqx: 'emqx',
  'service-bus': 'servicebus', sqs: 'sqs', kinesis: 'kinesis',
};

const GATEWAYS: Record<string, string> = {
  nginx: 'nginx', 'ingress-nginx': 'nginx', envoy: 'envoy', envoyproxy: 'envoy', traefik: 'traefik', kong: 'kong',
  openresty: 'openresty', haproxy: 'haproxy', apisix: 'apisix', tyk: 'tyk', krakend: 'krakend', caddy: 'caddy',
  'spring-cloud-gateway': 'spring-cloud-gateway', gloo: 'gloo', emissary: 'emissary', ambassador: 'emissary',
  zuul: 'zuul', ocelot: 'ocelot', yarp: 'yarp',
};
/** Name parts that mark an edge component whose product the name does not reveal. */
const GATEWAY_NAME_TOKENS = new Set(['gateway', 'apigw', 'api-gateway', 'edge-router', 'ingress']);
/** The Istio ingress gateway's usual names (its image, proxyv2, says nothing). */
const ISTIO_GATEWAY_NAMES = /^istio-(ingress|egress)?gateway$|^istio-ingress$/;

const TRACING: Record<string, string> = {
  jaeger: 'jaeger', 'all-in-one': 'jaeger', zipkin: 'zipkin', tempo: 'tempo', 'otel-collector': 'otel',
  'opentelemetry-collector': 'otel', 'opentelemetry-collector-contrib': 'otel', otelcol: 'otel', 'otelcol-contrib': 'otel',
  'otel-collector-contrib': 'otel', skywalking: 'skywalking', 'skywalking-oap-server': 'skywalking',
};
const METRICS: Record<string, string> = { prometheus: 'prometheus', victoriametrics: 'victoriametrics', 'victoria-metrics': 'victoriametrics' };
/** Observability tooling that is neither tracing nor metrics storage, and not an application service. */
const TELEMETRY = new Set([
  'grafana', 'alertmanager', 'node-exporter', 'kibana', 'loki', 'promtail', 'fluentd', 'fluent-bit', 'logstash', 'seq',
  'cadvisor', 'log-server', 'opamp-server', 'kube-state-metrics', 'pushgateway', 'filebeat', 'metricbeat', 'vector',
  'rabbitmq-exporter', 'redis-exporter', 'mysqld-exporter', 'postgres-exporter', 'blackbox-exporter', 'statsd-exporter',
  'elastalert', 'hystrix-dashboard', 'turbine', 'zipkin-ui',
]);
const LOADGEN = new Set(['locust', 'k6', 'loadgenerator', 'load-generator', 'load-test', 'loadtest', 'wrk', 'wrk2', 'jmeter', 'vegeta', 'gatling', 'user-sim', 'artillery', 'hey']);

/** Repository part of an image reference, without registry path, tag or digest: `docker.io/library/redis:7` → `redis`. */
export function imageBase(image: string): string {
  const noDigest = image.split('@')[0]!;
  const lastSlash = noDigest.lastIndexOf('/');
  const last = noDigest.slice(lastSlash + 1);
  const colon = last.indexOf(':');
  return (colon >= 0 ? last.slice(0, colon) : last).toLowerCase();
}

/** The candidate words of an image or name: the whole thing, then its '-'/'_'-separated parts and adjacent pairs. */
function tokens(word: string): string[] {
  const w = word.toLowerCase();
  const parts = w.split(/[-_.]+/).filter((p) => p !== '');
  const pairs: string[] = [];
  for (let i = 0; i + 1 < parts.length; i++) pairs.push(`${parts[i]}-${parts[i + 1]}`);
  for (let i = 0; i + 2 < parts.length; i++) pairs.push(`${parts[i]}-${parts[i + 1]}-${parts[i + 2]}`);
  return [w.replace(/_/g, '-'), ...pairs, ...parts];
}

/** A table entry for a word from the input; own keys only, so "constructor" or "__proto__" find nothing. */
function lookup(table: Record<string, string>, key: string): string | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

function match(word: string): Classified | undefined {
  for (const t of tokens(word)) {
    if (LOADGEN.has(t)) return { role: { role: 'loadgen', product: t }, by: 'none', token: t };
    if (TELEMETRY.has(t) || /-exporter$/.test(t)) return { role: { role: 'telemetry', product: t }, by: 'none', token: t };
    const tracing = lookup(TRACING, t);
    if (tracing) return { role: { role: 'tracing', product: tracing }, by: 'none', token: t };
    const metrics = lookup(METRICS, t);
    if (metrics) return { role: { role: 'metrics', product: metrics }, by: 'none', token: t };
    const gateway = lookup(GATEWAYS, t);
    if (gateway) return { role: { role: 'gateway', product: gateway }, by: 'none', token: t };
    const queue = lookup(QUEUES, t);
    if (queue) return { role: { role: 'queue', product: queue }, by: 'none', token: t };
    const datastore = lookup(DATASTORES, t);
    if (datastore) return { role: { role: 'datastore', product: datastore }, by: 'none', token: t };
  }
  return undefined;
}

/** True for an image reference that is only unresolved variables (nothing to learn from). */
function opaque(image: string | undefined): boolean {
  return image === undefined || imageBase(image).replace(/\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*/g, '').replace(/[-_:.]/g, '') === '';
}

/**
 * Classifies a workload. The image decides when it names a known product; the name decides
 * otherwise (`catalogue-db`, `otel-collector`); environment variable names (ENVOY_PORT) are the
 * last hint for edge proxies.
 */
export function classify(name: string, image: string | undefined, envNames: string[] = [], opts: { published?: boolean } = {}): Classified {
  // Auth helpers carry proxy names (traefik-forward-auth, oauth2-proxy) but are services behind the edge.
  if (AUTH_SERVICES.test(name) || (image !== undefined && AUTH_SERVICES.test(image))) return { role: { role: 'service' }, by: 'none' };
  if (!opaque(image)) {
    // The repository name first (`redis`), then its path (`mssql/server`, `prometheus/node-exporter`).
    const segments = image!.split('@')[0]!.split(':')[0]!.split('/').slice(1).reverse();
    for (const word of [imageBase(image!), ...segments]) {
      const byImage = match(word);
      if (byImage) return { ...byImage, by: 'image' };
    }
  }
  if (ISTIO_GATEWAY_NAMES.test(name.toLowerCase())) return { role: { role: 'gateway', product: 'istio-gateway' }, by: 'name', token: name };
  const byName = match(name);
  if (byName) return { ...byName, by: 'name' };
  for (const t of tokens(name)) {
    if (GATEWAY_NAME_TOKENS.has(t)) {
      const spring = image !== undefined && /spring/i.test(image);
      return { role: { role: 'gateway', product: spring ? 'spring-cloud-gateway' : 'unknown' }, by: 'name', token: t };
    }
  }
  if (image !== undefined && !opaque(image)) {
    for (const t of tokens(imageBase(image))) {
      if (GATEWAY_NAME_TOKENS.has(t)) {
        return { role: { role: 'gateway', product: /spring/i.test(image) ? 'spring-cloud-gateway' : 'unknown' }, by: 'image', token: t };
      }
    }
  }
  for (const t of tokens(name)) {
    if (DATASTORE_NAME_TOKENS.has(t) || /db$/.test(t) && t.length > 2 && !/^(app|web)db$/.test(t)) {
      return { role: { role: 'datastore', product: 'unknown' }, by: 'name', token: t };
    }
  }
  for (const env of envNames) {
    const m = /^(ENVOY|NGINX|KONG|TRAEFIK|HAPROXY|APISIX)_/.exec(env);
    if (m) return { role: { role: 'gateway', product: GATEWAYS[m[1]!.toLowerCase()]! }, by: 'env', token: env };
  }
  // A published workload called "proxy" is an edge proxy of some kind (awesome-compose's nginx `proxy`).
  if (opts.published) {
    for (const t of tokens(name)) {
      if (t === 'proxy' || t === 'reverse-proxy' || t === 'edge') return { role: { role: 'gateway', product: 'unknown' }, by: 'name', token: t };
    }
  }
  return { role: { role: 'service' }, by: 'none' };
}

/** Identity and auth helpers, whatever proxy their name mentions. */
const AUTH_SERVICES = /forward-?auth|oauth2-proxy|authelia|keycloak|dex\b|ory\/(kratos|hydra|oathkeeper)/i;

/** gRPC's conventional port: a workload listening on it almost surely speaks gRPC. */
export function protocolForPort(port: number | undefined): Protocol | undefined {
  return port === 50051 ? 'grpc' : undefined;
}

/**
 * Platform plumbing that runs as a service but is no route target: config servers, service
 * registries, admin consoles. A gateway's start-up dependency on them is not a route.
 */
export function isPlatformInfra(name: string): boolean {
  return /(^|[-_])(config-?server|discovery(-server)?|eureka(-server)?|consul|registry|admin-server|spring-boot-admin|vault)$/i.test(name);
}
