/**
 * Recognises what a workload is from its image, name and environment: application service,
 * datastore, queue, gateway, platform plumbing, observability tooling, developer tooling or a
 * load generator. Shared by the compose and Kubernetes importers (and by derive-answers, which
 * must not count platform plumbing as application services). Pure tables and functions.
 *
 * Order matters: an admin UI or an API in front of a database (`postgres-meta`, `kafka-ui`,
 * `pgadmin`, `postgrest`) is a service even though its name carries the database's; a
 * connection pooler (`pgbouncer`, `supavisor`) and a local DynamoDB are datastores.
 */
import type { Protocol, Service } from './types.js';

export type Role =
  | { role: 'service' }
  | { role: 'datastore'; product: string }
  | { role: 'queue'; product: string }
  | { role: 'gateway'; product: string }
  | { role: 'platform'; product: string }
  | { role: 'tracing'; product: string }
  | { role: 'metrics'; product: string }
  | { role: 'telemetry'; product: string }
  | { role: 'tooling'; product: string }
  | { role: 'loadgen'; product: string };

/** Roles that are not part of the system's traffic: left out of the model with a note. */
export const LEFT_OUT_ROLES = new Set<Role['role']>(['tracing', 'metrics', 'telemetry', 'tooling', 'loadgen']);

/** Where a classification came from, so notes can cite it. */
export interface Classified {
  role: Role;
  by: 'image' | 'name' | 'env' | 'none';
  /** The token that matched, e.g. "redis". */
  token?: string;
}

/** Services whose names carry a datastore's or broker's: UIs, APIs and admin consoles in front of them. */
const FRONT_OF_DATA: Record<string, string> = {
  'postgres-meta': 'postgres-meta', 'pg-meta': 'postgres-meta', postgrest: 'postgrest', pgadmin: 'pgadmin', pgadmin4: 'pgadmin',
  'kafka-ui': 'kafka-ui', kafdrop: 'kafdrop', akhq: 'akhq', 'kafka-rest': 'kafka-rest', 'schema-registry': 'schema-registry',
  'mongo-express': 'mongo-express', 'redis-commander': 'redis-commander', redisinsight: 'redisinsight', phpmyadmin: 'phpmyadmin',
  adminer: 'adminer', 'graphql-engine': 'hasura', hasura: 'hasura', 'dynamodb-admin': 'dynamodb-admin', 'elasticvue': 'elasticvue',
  'elasticsearch-hq': 'elasticsearch-hq', cerebro: 'cerebro', 'redpanda-console': 'redpanda-console', 'rabbitmq-admin': 'rabbitmq-admin',
  studio: 'studio', mailhog: 'mailhog', mailpit: 'mailpit', imgproxy: 'imgproxy', 'flagd-ui': 'flagd-ui', 'unleash-proxy': 'unleash-proxy',
};

const DATASTORES: Record<string, string> = {
  postgres: 'postgres', postgresql: 'postgres', postgis: 'postgres', mysql: 'mysql', mariadb: 'mariadb', percona: 'mysql',
  mongo: 'mongodb', mongodb: 'mongodb', redis: 'redis', redismod: 'redis', 'redis-stack': 'redis', valkey: 'valkey', memcached: 'memcached',
  cassandra: 'cassandra', scylla: 'scylla', elasticsearch: 'elasticsearch', opensearch: 'opensearch',
  mssql: 'sqlserver', sqlserver: 'sqlserver', couchdb: 'couchdb', couchbase: 'couchbase', neo4j: 'neo4j',
  influxdb: 'influxdb', clickhouse: 'clickhouse', cockroach: 'cockroachdb', cockroachdb: 'cockroachdb',
  minio: 'minio', etcd: 'etcd', dynamodb: 'dynamodb', 'dynamodb-local': 'dynamodb', localstack: 'localstack', oracle: 'oracle', db2: 'db2',
  hazelcast: 'hazelcast', keydb: 'keydb', dragonfly: 'dragonfly', solr: 'solr', arangodb: 'arangodb', rethinkdb: 'rethinkdb',
  timescaledb: 'postgres', yugabyte: 'yugabytedb', tidb: 'tidb', meilisearch: 'meilisearch', typesense: 'typesense', qdrant: 'qdrant',
  weaviate: 'weaviate', milvus: 'milvus', chroma: 'chroma', azurite: 'azurite', 'fake-gcs-server': 'gcs',
  // Connection poolers and database proxies speak the database's wire protocol: they are the datastore to their callers.
  pgbouncer: 'pgbouncer', supavisor: 'supavisor', pgpool: 'pgpool', 'pgpool-ii': 'pgpool', odyssey: 'odyssey', proxysql: 'proxysql',
  pgcat: 'pgcat', 'cloud-sql-proxy': 'cloud-sql-proxy', twemproxy: 'twemproxy',
};
/** Name parts that mark a datastore when the image says nothing (e.g. `catalogue-db`). */
const DATASTORE_NAME_TOKENS = new Set(['db', 'database', 'sqldata', 'nosqldata', 'basketdata', 'cache', 'datastore', 'pooler']);

const QUEUES: Record<string, string> = {
  rabbitmq: 'rabbitmq', kafka: 'kafka', 'cp-kafka': 'kafka', redpanda: 'redpanda', nats: 'nats', zookeeper: 'zookeeper',
  activemq: 'activemq', artemis: 'activemq', pulsar: 'pulsar', nsq: 'nsq', nsqd: 'nsq', mosquitto: 'mosquitto', emqx: 'emqx',
  'service-bus': 'servicebus', sqs: 'sqs', kinesis: 'kinesis', 'elasticmq': 'sqs', vernemq: 'vernemq', hivemq: 'hivemq',
};

const GATEWAYS: Record<string, string> = {
  nginx: 'nginx', 'ingress-nginx': 'nginx', envoy: 'envoy', envoyproxy: 'envoy', traefik: 'traefik', kong: 'kong',
  openresty: 'openresty', haproxy: 'haproxy', apisix: 'apisix', tyk: 'tyk', 'tyk-gateway': 'tyk', krakend: 'krakend', caddy: 'caddy',
  'spring-cloud-gateway': 'spring-cloud-gateway', gloo: 'gloo', emissary: 'emissary', ambassador: 'emissary',
  zuul: 'zuul', ocelot: 'ocelot', yarp: 'yarp', 'api-umbrella': 'api-umbrella', gravitee: 'gravitee', wso2am: 'wso2',
};
/** Name parts that mark an edge component whose product the name does not reveal. */
const GATEWAY_NAME_TOKENS = new Set(['gateway', 'apigw', 'api-gateway', 'edge-router', 'ingress']);
/** The Istio ingress gateway's usual names (its image, proxyv2, says nothing). */
const ISTIO_GATEWAY_NAMES = /^istio-(ingress|egress)?gateway$|^istio-ingress$/;

/** Platform plumbing: runs as a service, but is no application code and no route target. */
const PLATFORM: Record<string, string> = {
  consul: 'consul', eureka: 'eureka', 'config-server': 'spring-cloud-config', 'configserver': 'spring-cloud-config',
  'discovery-server': 'eureka', 'admin-server': 'spring-boot-admin', 'spring-boot-admin': 'spring-boot-admin',
  flagd: 'flagd', unleash: 'unleash', flipt: 'flipt', vault: 'vault', nacos: 'nacos', 'apollo-configservice': 'apollo',
};

const TRACING: Record<string, string> = {
  jaeger: 'jaeger', 'all-in-one': 'jaeger', 'jaeger-agent': 'jaeger', 'jaeger-collector': 'jaeger', zipkin: 'zipkin', tempo: 'tempo',
  'otel-collector': 'otel', 'opentelemetry-collector': 'otel', 'opentelemetry-collector-contrib': 'otel', otelcol: 'otel',
  'otelcol-contrib': 'otel', 'otel-collector-contrib': 'otel', skywalking: 'skywalking', 'skywalking-oap-server': 'skywalking',
  'grafana-agent': 'otel', alloy: 'otel',
};
const METRICS: Record<string, string> = { prometheus: 'prometheus', victoriametrics: 'victoriametrics', 'victoria-metrics': 'victoriametrics', mimir: 'mimir', thanos: 'thanos' };
/** Observability tooling that is neither tracing nor metrics storage, and not an application service. */
const TELEMETRY = new Set([
  'grafana', 'alertmanager', 'node-exporter', 'kibana', 'loki', 'promtail', 'fluentd', 'fluent-bit', 'logstash', 'seq',
  'cadvisor', 'log-server', 'opamp-server', 'kube-state-metrics', 'pushgateway', 'filebeat', 'metricbeat', 'vector',
  'rabbitmq-exporter', 'redis-exporter', 'mysqld-exporter', 'postgres-exporter', 'blackbox-exporter', 'statsd-exporter',
  'elastalert', 'hystrix-dashboard', 'turbine', 'zipkin-ui', 'logflare', 'uptime-kuma', 'netdata', 'graylog', 'splunk',
  'datadog-agent', 'dd-agent', 'newrelic-infra', 'otel-lgtm', 'pyroscope', 'parca',
]);
/** Developer and host tooling: DNS helpers, updaters, container consoles. */
const TOOLING = new Set([
  'dns-proxy-server', 'watchtower', 'portainer', 'autoheal', 'docker-socket-proxy', 'dozzle', 'ofelia', 'docker-gc', 'socat',
  'busybox', 'wait-for-it', 'dockerize',
]);
const LOADGEN = new Set([
  'locust', 'k6', 'loadgenerator', 'load-generator', 'loadgen', 'load-gen', 'load-test', 'loadtest', 'wrk', 'wrk2', 'jmeter',
  'vegeta', 'gatling', 'user-sim', 'user-simulator', 'artillery', 'hey', 'siege', 'traffic-generator', 'traffic-simulator',
  'traffic-sim', 'simulator', 'loadtester', 'load-tester', 'stress-test',
]);

/** Repository part of an image reference, without registry path, tag or digest: `docker.io/library/redis:7` → `redis`. */
export function imageBase(image: string): string {
  const noDigest = image.split('@')[0]!;
  const lastSlash = noDigest.lastIndexOf('/');
  const last = noDigest.slice(lastSlash + 1);
  const colon = last.indexOf(':');
  return (colon >= 0 ? last.slice(0, colon) : last).toLowerCase();
}

/**
 * Words recur: a service's name is usually its image's repository, every service of a project
 * shares the registry path, and each importer pass and derive-answers classify the same service
 * again. match and isPlatformService are pure, so each keeps its answers (one small entry per
 * distinct word or name and image of the input). Callers only read what they are given.
 */
const matchCache = new Map<string, Classified | null>();
/** Keyed by `platformKey`. */
const platformCache = new Map<string, boolean>();

/** One key per name and image, never the same for two different pairs (the name's length comes first). */
function platformKey(name: string, image: string | undefined): string {
  return image === undefined ? `${name.length}:${name}` : `${name.length}:${name}\u0000${image}`;
}

/** The candidate words of an image or name: the whole thing, then its runs of 3, 2 and 1 parts. */
function tokens(word: string): string[] {
  const w = word.toLowerCase();
  const parts = w.split(/[-_.]+/).filter((p) => p !== '');
  const triples: string[] = [];
  const pairs: string[] = [];
  for (let i = 0; i + 2 < parts.length; i++) triples.push(`${parts[i]}-${parts[i + 1]}-${parts[i + 2]}`);
  for (let i = 0; i + 1 < parts.length; i++) pairs.push(`${parts[i]}-${parts[i + 1]}`);
  return [w.replace(/_/g, '-'), ...triples, ...pairs, ...parts];
}

/** A table entry for a word from the input; own keys only, so "constructor" or "__proto__" find nothing. */
function lookup(table: Record<string, string>, key: string): string | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

function match(word: string): Classified | undefined {
  let known = matchCache.get(word);
  if (known === undefined) {
    known = matchTokens(word) ?? null;
    matchCache.set(word, known);
  }
  return known ?? undefined;
}

function matchTokens(word: string): Classified | undefined {
  const ts = tokens(word);
  // Longer tokens decide before their parts: `postgres-meta` before `postgres`, `kafka-ui` before `kafka`.
  for (const t of ts) {
    const front = lookup(FRONT_OF_DATA, t);
    if (front) return { role: { role: 'service' }, by: 'none', token: t };
    if (LOADGEN.has(t)) return { role: { role: 'loadgen', product: t }, by: 'none', token: t };
    if (TOOLING.has(t)) return { role: { role: 'tooling', product: t }, by: 'none', token: t };
    if (TELEMETRY.has(t) || /.-exporter$/.test(t)) return { role: { role: 'telemetry', product: t }, by: 'none', token: t };
    const tracing = lookup(TRACING, t);
    if (tracing) return { role: { role: 'tracing', product: tracing }, by: 'none', token: t };
    const metrics = lookup(METRICS, t);
    if (metrics) return { role: { role: 'metrics', product: metrics }, by: 'none', token: t };
    const platform = lookup(PLATFORM, t);
    if (platform) return { role: { role: 'platform', product: platform }, by: 'none', token: t };
    const gateway = lookup(GATEWAYS, t);
    if (gateway) return { role: { role: 'gateway', product: gateway }, by: 'none', token: t };
    const datastore = lookup(DATASTORES, t);
    if (datastore) return { role: { role: 'datastore', product: datastore }, by: 'none', token: t };
    const queue = lookup(QUEUES, t);
    if (queue) return { role: { role: 'queue', product: queue }, by: 'none', token: t };
  }
  return undefined;
}

/** True for an image reference that is only unresolved variables (nothing to learn from). */
function opaque(image: string | undefined): boolean {
  return image === undefined || imageBase(image).replace(/\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*/g, '').replace(/[-_:.]/g, '') === '';
}

/** Identity and auth helpers, whatever proxy their name mentions. */
const AUTH_SERVICES = /forward-?auth|oauth2-proxy|authelia|keycloak|dex\b|ory\/(kratos|hydra|oathkeeper)|gotrue/i;

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
    const segments = image!.split('@')[0]!.split(':')[0]!.split('/').slice(0, -1).reverse();
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
  if (/(^|[-_])(config-?server|discovery(-server)?|eureka(-server)?|registry|admin-server)$/i.test(name)) {
    return { role: { role: 'platform', product: name.toLowerCase() }, by: 'name', token: name };
  }
  for (const t of tokens(name)) {
    if (DATASTORE_NAME_TOKENS.has(t) || (/db$/.test(t) && t.length > 2 && !/^(app|web)db$/.test(t))) {
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

/** gRPC's conventional port: a workload listening on it almost surely speaks gRPC. */
export function protocolForPort(port: number | undefined): Protocol | undefined {
  return port === 50051 ? 'grpc' : undefined;
}

/**
 * Platform plumbing that runs as a service but is neither application code nor a route target:
 * config servers, service registries and discovery, feature-flag servers, admin consoles. Read
 * from the service's name and image, so a model file says it without a field of its own.
 */
export function isPlatformService(s: Pick<Service, 'name' | 'image'>): boolean {
  const key = platformKey(s.name, s.image);
  let known = platformCache.get(key);
  if (known === undefined) {
    known = platformOf(s);
    platformCache.set(key, known);
  }
  return known;
}

function platformOf(s: Pick<Service, 'name' | 'image'>): boolean {
  if (/(^|[-_])(config-?server|discovery(-server)?|eureka(-server)?|consul|registry|admin-server|spring-boot-admin|vault|flagd)$/i.test(s.name)) return true;
  if (s.image === undefined || opaque(s.image)) return false;
  return classify(s.name, s.image).role.role === 'platform';
}

/** Name-only form kept for callers that have no image. */
export function isPlatformInfra(name: string): boolean {
  return isPlatformService({ name });
}
