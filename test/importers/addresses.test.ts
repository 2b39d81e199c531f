/**
 * What counts as an address (src/importers/addresses.ts), compose interpolation and .env
 * parsing (src/importers/compose/interpolate.ts). The address rules are the issue's: a value
 * names another workload only as a URL, host:port, a connection string, a DNS name, or a bare
 * name in a variable whose name says it holds an address.
 */
import { describe, it, expect } from 'vitest';
import { findAddresses, findArgAddresses, isAddressName, splitCommand } from '../../src/importers/addresses.js';
import { interpolate, parseDotEnv, parseEnvFile } from '../../src/importers/compose/interpolate.js';

describe('interpolate', () => {
  const vars = new Map([['SET', 'value'], ['EMPTY', '']]);
  it.each([
    ['${SET}', 'value'],
    ['$SET/x', 'value/x'],
    ['${UNSET}', ''],
    ['${UNSET:-dflt}', 'dflt'],
    ['${EMPTY:-dflt}', 'dflt'],
    ['${EMPTY-dflt}', ''],
    ['${SET:-dflt}', 'value'],
    ['${SET:+alt}', 'alt'],
    ['${UNSET:+alt}', ''],
    ['${UNSET:-${SET}}', 'value'],
    ['${UNSET:-${ALSO_UNSET:-deep}}:80', 'deep:80'],
    ['$$SET', '$SET'],
    ['${UNSET:?must be set}', ''],
  ])('%s → %s', (text, expected) => {
    expect(interpolate(text, vars).text).toBe(expected);
  });

  it('lists what stayed unresolved, and apart what no default stood in for', () => {
    const r = interpolate('${A}:${SET}:${B:-x}', vars);
    expect(r.unresolved).toEqual(['A', 'B']);
    expect(r.missing).toEqual(['A']);
  });
});

describe('.env and env_file', () => {
  it('reads the forms docker compose accepts', () => {
    const vars = parseDotEnv('# comment\n\nA=1\nexport B="two words"\nC=\'$literal\'\nD=plain # trailing comment\nE=\nnot a line\n');
    expect([...vars]).toEqual([['A', '1'], ['B', 'two words'], ['C', '$literal'], ['D', 'plain'], ['E', '']]);
  });

  it('expands ${VAR} from earlier lines and the project, except in single quotes, with positions', () => {
    const entries = parseEnvFile('HOST=db\nURL=postgres://${HOST}:${PORT}/x\nRAW=\'${HOST}\'\n  LATE=${NOPE}\n', new Map([['PORT', '5432']]));
    expect(entries.map((e) => [e.key, e.value, e.line, e.column, e.unresolved])).toEqual([
      ['HOST', 'db', 1, 1, []],
      ['URL', 'postgres://db:5432/x', 2, 1, []],
      ['RAW', '${HOST}', 3, 1, []],
      ['LATE', '', 4, 3, ['NOPE']],
    ]);
  });
});

describe('isAddressName: the variable says its value is an address', () => {
  it.each([
    ['PRODUCT_CATALOG_SERVICE_ADDR', true], ['DB_HOST', true], ['REDIS_HOSTNAME', true], ['HOST_NAME', true], ['API_URL', true],
    ['OTEL_EXPORTER_OTLP_ENDPOINT', true], ['KAFKA_BOOTSTRAP_SERVERS', true], ['KAFKA_BROKERS', true], ['ConnectionString', true],
    ['EventBusConnection', true], ['identityUrl', true], ['urls__basket', true], ['CASSANDRA_SEEDS', true],
    ['POSTGRES_DB', false], ['_APP_DB_SCHEMA', false], ['_APP_DOMAIN', false], ['ORCHESTRATOR_NETWORK', false], ['OTEL_SERVICE_NAME', false],
    ['DB_NAME', false], ['SERVER_PORT', false], ['GRPC_DEFAULT_SSL_ROOTS_FILE_PATH_ENV_VAR', false], ['KAFKA_TOPIC', false], ['MYSQL_USER', false],
  ])('%s → %s', (key, expected) => {
    expect(isAddressName(key)).toBe(expected);
  });
});

describe('findAddresses', () => {
  const hosts = (value: string, key?: string) => findAddresses(value, key).map((a) => [a.host, a.port ?? null, a.scheme ?? null, a.how]);
  it.each<[string, string | undefined, unknown[]]>([
    ['http://catalog:8080/api', 'CATALOG_URL', [['catalog', 8080, 'http', 'URL']]],
    ['cart:7070', 'CART_ADDR', [['cart', 7070, null, 'host:port']]],
    ['jdbc:mysql://db:3306/shop?useSSL=false', 'DB', [['db', 3306, 'jdbc:mysql', 'URL']]],
    ['mongodb://user:pw@db:27017,redis:27018/x', 'MONGO', [['db', 27017, 'mongodb', 'URL'], ['redis', 27018, 'mongodb', 'URL']]],
    ['Server=sqldata;Database=x;User Id=sa', 'ConnectionString', [['sqldata', null, null, 'connection string']]],
    ['Host=db;Username=u;Database=d', 'DB_CONNECTION_STRING', [['db', null, null, 'connection string']]],
    ['host=db port=5432 dbname=x', 'PG', [['db', 5432, null, 'connection string']]],
    ['rabbitmq', 'EventBusConnection', [['rabbitmq', null, null, 'address variable']]],
    ['kafka-1,kafka-2', 'KAFKA_BROKERS', [['kafka-1', null, null, 'address variable'], ['kafka-2', null, null, 'address variable']]],
    ['catalog.shop.svc.cluster.local', 'WHATEVER', [['catalog.shop.svc.cluster.local', null, null, 'DNS name']]],
    ['realtime-dev.supabase-realtime', 'X', [['realtime-dev.supabase-realtime', null, null, 'DNS name']]],
    // Values that equal a service name are not addresses unless the variable says so.
    ['orders', 'POSTGRES_DB', []],
    ['appwrite', '_APP_DB_SCHEMA', []],
    ['cart', 'OTEL_SERVICE_NAME', []],
    ['localhost:8080', 'URL', []],
    ['http://0.0.0.0:80', 'ASPNETCORE_URLS', []],
    ['postgres://astronomy_user:@/astronomy_db', 'DB', []],
    ['PLAINTEXT://:9092,CONTROLLER://:9093', 'KAFKA_LISTENERS', []],
    ['-Xms64m -Djava.security.egd=file:/dev/urandom', 'JAVA_OPTS', []],
  ])('%s (%s)', (value, key, expected) => {
    expect(hosts(value, key)).toEqual(expected);
  });
});

describe('command lines', () => {
  it('reads address flags and addresses anywhere, not bare words', () => {
    const argv = splitCommand('-d 60 -r 200 -c 2 -h edge-router --upstream=cart:80 serve http://api:8080/x plain');
    expect(findArgAddresses(argv).map((x) => [argv[x.index], x.address.host, x.address.how])).toEqual([
      ['edge-router', 'edge-router', 'address argument'],
      ['--upstream=cart:80', 'cart', 'host:port'],
      ['http://api:8080/x', 'api', 'URL'],
    ]);
  });

  it('splits quoted arguments as a shell does', () => {
    expect(splitCommand(`bash -c 'echo "a b" > x' --flag="q r"`)).toEqual(['bash', '-c', 'echo "a b" > x', '--flag=q r']);
  });
});
