/**
 * Finds network addresses in configuration values: the only evidence from which the importers
 * make a call. A value names another workload only as
 *
 * - a URL (`http://cart:8080/x`, `jdbc:mysql://db:3306/x`, `mongodb://a:27017,b/x`),
 * - `host:port` (`cart:7070`),
 * - a connection string (`Server=sqldata;...`, `Host=db;...`, `host=db port=5432`),
 * - a DNS name (`catalog.shop.svc.cluster.local`, or any dotted name the caller resolves), or
 * - a bare name in a variable whose name says it holds an address (`*_HOST`, `*_ADDR`, `*_URL`,
 *   `*_ENDPOINT`, `*_SERVER`, `*_BROKERS`, `*ConnectionString`, `identityUrl`, ...).
 *
 * Anything else that happens to equal a service name (`POSTGRES_DB=orders`,
 * `_APP_DB_SCHEMA=appwrite`, `OTEL_SERVICE_NAME=cart`) is not an address. Pure: the importers
 * decide which hosts are theirs.
 */
import type { Protocol } from '../core/types.js';

export type AddressHow = 'URL' | 'host:port' | 'connection string' | 'DNS name' | 'address variable' | 'address argument';

export interface Address {
  /** Host as written, lower-cased, without a trailing dot. */
  host: string;
  port?: number;
  /** URL scheme (`http`, `grpc`, `postgres`...), when written. */
  scheme?: string;
  how: AddressHow;
  /** Offset of the host in the value (for a precise column). */
  offset: number;
}

// scheme://[userinfo@]authority, the authority ending where a path, query or the value does.
const URL_RE = /([a-z][a-z0-9+.-]*(?::[a-z][a-z0-9+.-]*)?):\/\/(?:[^@/\s]*@)?([^/\s?#;'"@]+)(?=[/?#;\s'"]|$)/gi;
const HOST_PORT_RE = /(?<![\w.@/:-])([a-z0-9](?:[a-z0-9_.-]*[a-z0-9])?):(\d{2,5})(?![\w.])/gi;
const CONN_STRING_RE = /(?:^|;)\s*(?:server|host|hostname|data source|address|addr|contact points?)\s*=\s*(?:tcp:)?([^;,\s]+)/gi;
/** libpq keyword/value form: `host=db port=5432 dbname=x`. */
const KEYWORD_HOST_RE = /(?:^|\s)host\s*=\s*([^\s;]+)/gi;
const HOSTNAME = /^[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?)*\.?$/i;

/**
 * Variable names that say their value is an address. Words are matched on the parts of the
 * name split at `_`, `__`, `.`, `-` and lower→upper case changes (`identityUrl`, `urls__basket`).
 */
const ADDRESS_WORDS = new Set([
  'host', 'hostname', 'hosts', 'addr', 'address', 'addresses', 'url', 'urls', 'uri', 'uris', 'endpoint', 'endpoints',
  'server', 'servers', 'broker', 'brokers', 'upstream', 'upstreams', 'dsn', 'connection', 'connectionstring',
  'seeds', 'contactpoints',
]);
/** Last words that say the value is something else (`DB_NAME`, `SERVER_PORT`, `URL_PATH`). */
const NOT_ADDRESS_WORDS = new Set([
  'name', 'names', 'user', 'username', 'password', 'pass', 'pwd', 'secret', 'key', 'token', 'db', 'database', 'schema',
  'domain', 'network', 'topic', 'topics', 'queue', 'exchange', 'path', 'dir', 'file', 'port', 'ports', 'protocol',
  'enabled', 'enable', 'timeout', 'id', 'region', 'bucket', 'prefix', 'suffix', 'version', 'mode', 'level', 'size', 'count',
  'external', 'public', 'callback', 'redirect', 'self', 'site',
]);

/** The words of a variable name: `PRODUCT_CATALOG_SERVICE_ADDR` → product, catalog, service, addr. */
export function nameWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .split(/[_.\-\s]+/)
    .map((w) => w.toLowerCase())
    .filter((w) => w !== '');
}

/** Whether a variable (or flag) name says its value is an address. */
export function isAddressName(key: string): boolean {
  const words = nameWords(key);
  if (words.length === 0) return false;
  const last = words[words.length - 1]!;
  // The last word decides (`DB_HOST` yes, `HOST_NAME`... `HOSTNAME` yes, `DB_NAME` no); a
  // compound like `ConnectionString` or `BOOTSTRAP_SERVERS` ends in an address word too.
  if (NOT_ADDRESS_WORDS.has(last)) return last === 'name' && words.length >= 2 && words[words.length - 2] === 'host';
  if (ADDRESS_WORDS.has(last)) return true;
  if (last === 'string' && words.includes('connection')) return true;
  // `urls__basket`, `identityUrl`: an address word anywhere before a plain last word, as in
  // .NET configuration sections (`Urls:Basket`).
  return words.slice(0, -1).some((w) => w === 'urls' || w === 'endpoints' || w === 'hosts');
}

function schemeProtocol(scheme: string): Protocol | undefined {
  const s = scheme.toLowerCase().replace(/^jdbc:/, '').split('+')[0]!;
  if (s === 'grpc' || s === 'grpcs' || s === 'dns' || s === 'xds') return 'grpc';
  if (s === 'http' || s === 'https' || s === 'h2c') return 'http';
  if (s === 'ws' || s === 'wss') return 'websocket';
  if (/^(tcp|amqp|amqps|redis|rediss|mongodb|mysql|mariadb|postgres|postgresql|kafka|nats|memcached|sqlserver|ecto|mqtt|mqtts|cassandra|clickhouse|zookeeper|thrift)$/.test(s)) return 'tcp';
  return undefined;
}

/** The protocol a URL scheme states, if it states one. */
export function protocolOfScheme(scheme: string | undefined): Protocol | undefined {
  return scheme ? schemeProtocol(scheme) : undefined;
}

function cleanHost(h: string): string {
  return h.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
}

function looksLikeHost(h: string): boolean {
  return HOSTNAME.test(h) && !/^\d+(\.\d+)*$/.test(h) && h !== 'localhost' && !h.startsWith('0.');
}

/**
 * Every address in one value. `key` is the variable (or flag) it is assigned to, when there is
 * one: it decides whether a bare name counts.
 */
export function findAddresses(value: string, key?: string): Address[] {
  const out: Address[] = [];
  const add = (hostRaw: string, offset: number, how: AddressHow, port?: number, scheme?: string) => {
    const host = cleanHost(hostRaw);
    if (!looksLikeHost(host)) return;
    const same = out.find((a) => a.host === host && a.offset === offset);
    if (same) {
      if (same.port === undefined && port !== undefined) same.port = port;
      return;
    }
    const a: Address = { host, how, offset };
    if (port !== undefined && Number.isInteger(port) && port > 0 && port < 65536) a.port = port;
    if (scheme !== undefined) a.scheme = scheme.toLowerCase();
    out.push(a);
  };
  const covered: [number, number][] = [];
  for (const m of value.matchAll(URL_RE)) {
    covered.push([m.index!, m.index! + m[0].length]);
    const authority = m[2]!;
    const authorityAt = m.index! + m[0].length - authority.length;
    let at = 0;
    for (const part of authority.split(',')) {
      // host, host:port or [v6]:port; anything else (`CONTROLLER:` in a listener list) is no host.
      const hp = /^(\[[^\]]*\]|[^:]+)(?::(\d+))?$/.exec(part);
      if (hp) add(hp[1]!, authorityAt + at, 'URL', hp[2] ? Number(hp[2]) : undefined, m[1]!);
      at += part.length + 1;
    }
  }
  const outside = (i: number) => !covered.some(([a, b]) => i >= a && i < b);
  for (const m of value.matchAll(HOST_PORT_RE)) if (outside(m.index!)) add(m[1]!, m.index!, 'host:port', Number(m[2]));
  for (const m of value.matchAll(CONN_STRING_RE)) {
    if (!outside(m.index!)) continue;
    const raw = m[1]!;
    const [h, p] = raw.split(/[:,]/);
    add(h!, m.index! + m[0].length - raw.length, 'connection string', p && /^\d+$/.test(p) ? Number(p) : undefined);
  }
  for (const m of value.matchAll(KEYWORD_HOST_RE)) {
    if (!outside(m.index!)) continue;
    const raw = m[1]!;
    const port = /(?:^|\s)port\s*=\s*(\d+)/i.exec(value);
    add(raw, m.index! + m[0].length - raw.length, 'connection string', port ? Number(port[1]) : undefined);
  }
  const trimmed = value.trim();
  if (out.length === 0 && trimmed !== '') {
    const lead = value.indexOf(trimmed);
    if (/\.svc(\.|$)/i.test(trimmed) && looksLikeHost(trimmed)) add(trimmed, lead, 'DNS name');
    else if (key !== undefined && isAddressName(key)) {
      // A bare name, or a comma-separated list of them (`KAFKA_BROKERS=kafka-1,kafka-2`).
      let at = lead;
      for (const part of trimmed.split(/\s*,\s*/)) {
        if (looksLikeHost(part)) add(part, value.indexOf(part, at), 'address variable');
        at = value.indexOf(part, at) + part.length;
      }
    } else if (looksLikeHost(trimmed) && trimmed.includes('.')) {
      // A dotted name is a DNS name: whether it is one of ours is the importer's to decide.
      add(trimmed, lead, 'DNS name');
    }
  }
  return out;
}

/**
 * Addresses in a command line (`command`, `entrypoint`, container `args`): flags whose name says
 * address (`-h edge-router`, `--host=db`, `--upstream cart:80`) and URLs or `host:port` anywhere.
 * `argv` is the command split into arguments.
 */
export function findArgAddresses(argv: readonly string[]): { index: number; address: Address }[] {
  const out: { index: number; address: Address }[] = [];
  argv.forEach((arg, i) => {
    const flag = /^--?([A-Za-z][\w.-]*)(?:=(.*))?$/.exec(arg);
    if (flag) {
      const name = flag[1]!;
      const inline = flag[2];
      const addressy = name === 'h' || isAddressName(name) || /^(addr|host|server|url|endpoint|upstream|broker|target)/i.test(name);
      if (inline !== undefined) {
        for (const a of findAddresses(inline, addressy ? 'host' : undefined)) {
          out.push({ index: i, address: { ...a, offset: a.offset + arg.length - inline.length, how: a.how === 'address variable' ? 'address argument' : a.how } });
        }
        return;
      }
      const next = argv[i + 1];
      if (addressy && next !== undefined && !next.startsWith('-')) {
        for (const a of findAddresses(next, 'host')) out.push({ index: i + 1, address: { ...a, how: a.how === 'address variable' ? 'address argument' : a.how } });
      }
      return;
    }
    if (i > 0 && /^--?[A-Za-z]/.test(argv[i - 1] ?? '')) {
      // Already read as the previous flag's value when that flag named an address.
      const prev = /^--?([A-Za-z][\w.-]*)$/.exec(argv[i - 1]!);
      if (prev && (prev[1] === 'h' || isAddressName(prev[1]!))) return;
    }
    for (const a of findAddresses(arg)) if (a.how !== 'DNS name') out.push({ index: i, address: a });
    // A shell script (`sh -c "until nc -z db 5432; ..."`): probes name a host and a port apart.
    if (/\s/.test(arg)) {
      for (const m of arg.matchAll(/\b(?:nc|netcat|ncat|telnet)\s+(?:-\w+\s+)*([a-z0-9][a-z0-9.-]*[a-z0-9])\s+(\d{2,5})\b/gi)) {
        const host = m[1]!.toLowerCase();
        if (host !== 'localhost' && !/^[\d.]+$/.test(host)) out.push({ index: i, address: { host, port: Number(m[2]), how: 'address argument', offset: m.index! + m[0].indexOf(m[1]!) } });
      }
      for (const m of arg.matchAll(/\b(?:pg_isready|mysqladmin|redis-cli|mongosh|mongo)\b[^;&|]*?\s-h\s*([a-z0-9][a-z0-9.-]*[a-z0-9])/gi)) {
        const host = m[1]!.toLowerCase();
        if (host !== 'localhost' && !/^[\d.]+$/.test(host)) out.push({ index: i, address: { host, how: 'address argument', offset: m.index! + m[0].lastIndexOf(m[1]!) } });
      }
    }
  });
  return out;
}

/** Splits a shell-like command string into arguments (quotes respected, no expansion). */
export function splitCommand(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | undefined;
  let any = false;
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = undefined;
      else cur += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      any = true;
    } else if (/\s/.test(ch)) {
      if (cur !== '' || any) out.push(cur);
      cur = '';
      any = false;
    } else cur += ch;
  }
  if (cur !== '' || any) out.push(cur);
  return out;
}
