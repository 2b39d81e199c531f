/**
 * Finds the services an environment variable points at: URLs (`http://cart:8080`,
 * `jdbc:mysql://db:3306/x`, `mongodb://a:27017,b/x`), `host:port` pairs, connection strings
 * (`Server=sqldata;...`), bare service names, and address variables named after a service
 * (`CART_ADDR`). Also interpolates compose-style `${VAR:-default}`. Pure.
 */
import type { Protocol } from '../core/types.js';

/**
 * Interpolates `${VAR:-default}`, `${VAR-default}`, `${VAR:?msg}`, `${VAR}` and `$VAR` the way
 * compose does, with `vars` (the project's `.env`) as the environment: a set value, else the
 * default where given, else the empty string. `$$` is a literal `$`. Returns the text and the
 * names left unresolved.
 */
export function interpolate(text: string, vars: ReadonlyMap<string, string> = new Map()): { text: string; unresolved: string[] } {
  const unresolved: string[] = [];
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch !== '$') {
      out += ch;
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      out += '$';
      i += 2;
      continue;
    }
    if (next === '{') {
      // Find the matching brace, allowing nested ${...} in the default.
      let depth = 1;
      let j = i + 2;
      while (j < text.length && depth > 0) {
        if (text[j] === '{') depth++;
        else if (text[j] === '}') depth--;
        if (depth > 0) j++;
      }
      const body = text.slice(i + 2, j);
      const m = /^([A-Za-z_][A-Za-z0-9_]*)(:?)(?:([-?+])([\s\S]*))?$/.exec(body);
      if (m) {
        const value = vars.get(m[1]!);
        const usable = value !== undefined && (m[2] !== ':' || value !== '');
        if (m[3] === '+') {
          if (usable) {
            const inner = interpolate(m[4] ?? '', vars);
            unresolved.push(...inner.unresolved);
            out += inner.text;
          }
        } else if (usable) {
          out += value;
        } else {
          unresolved.push(m[1]!);
          if (m[3] === '-') {
            const inner = interpolate(m[4] ?? '', vars);
            unresolved.push(...inner.unresolved);
            out += inner.text;
          }
        }
      }
      i = j + 1;
      continue;
    }
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 1));
    if (m) {
      const value = vars.get(m[0]);
      if (value !== undefined) out += value;
      else unresolved.push(m[0]);
      i += 1 + m[0].length;
      continue;
    }
    out += '$';
    i++;
  }
  return { text: out, unresolved };
}

export interface EnvTarget {
  /** Name of the service pointed at. */
  to: string;
  protocol?: Protocol;
  /** How it was found, for notes: "URL", "host:port", "connection string", "service name", "variable name". */
  how: string;
}

const URL_RE = /([a-z][a-z0-9+.-]*):\/\/(?:[^@/\s]*@)?([^/\s?#;]+)/gi;
const HOST_PORT_RE = /(?<![\w.@/-])([a-z0-9][a-z0-9_.-]*):(\d{2,5})(?![\w.])/gi;
const CONN_STRING_RE = /(?:^|;)\s*(?:server|host|hostname|data source|address|addr|contact points?)\s*=\s*(?:tcp:)?([^;,\s]+)/gi;
const ADDRESS_KEY_RE = /^(.+?)_(?:SERVICE_)?(?:ADDR|ADDRESS|HOST|HOSTNAME|URL|URI|ENDPOINT|SERVER|SERVICE)$/i;
const NAME_KEY_RE = /(^|_)(NAME|SERVICE_NAME|USER|USERNAME|PASSWORD|DATABASE|DB_NAME|QUEUE|TOPIC|EXCHANGE)$/i;

/** Maps a host name to a known service: exact, or the first label of a cluster DNS name. */
export function resolveHost(host: string, services: Set<string>): string | undefined {
  const h = host.toLowerCase().replace(/\.$/, '');
  if (services.has(h)) return h;
  const first = h.split('.')[0]!;
  if (first !== h && services.has(first) && /\.(svc|cluster\.local|[a-z0-9-]+\.svc)(\.|$)|^[^.]+\.[a-z0-9-]+$/.test(h)) return first;
  return undefined;
}

function schemeProtocol(scheme: string): Protocol | undefined {
  const s = scheme.toLowerCase();
  if (s === 'grpc' || s === 'grpcs' || s === 'dns') return 'grpc';
  if (s === 'http' || s === 'https') return 'http';
  if (s === 'ws' || s === 'wss') return 'websocket';
  if (/^(tcp|amqp|amqps|redis|rediss|mongodb|mongodb\+srv|mysql|postgres|postgresql|kafka|nats|memcached|sqlserver|jdbc)$/.test(s)) return 'tcp';
  return undefined;
}

/**
 * Targets of one environment variable. `value` is the interpolated value (may be empty);
 * `self` is excluded.
 */
export function findEnvTargets(key: string, value: string, services: Set<string>, self: string): EnvTarget[] {
  const out: EnvTarget[] = [];
  const seen = new Set<string>();
  const grpcKey = /grpc/i.test(key);
  const add = (host: string, how: string, protocol?: Protocol, port?: number) => {
    const to = resolveHost(host, services);
    if (!to || to === self || seen.has(to)) return;
    seen.add(to);
    const p = protocol ?? (grpcKey || port === 50051 ? 'grpc' : undefined);
    out.push(p ? { to, protocol: p, how } : { to, how });
  };
  let covered = '';
  for (const m of value.matchAll(URL_RE)) {
    covered += m[0];
    for (const hostPort of m[2]!.split(',')) {
      const [host, port] = hostPort.split(':');
      if (host) add(host, 'URL', schemeProtocol(m[1]!.split('+')[0]!) ?? (port === '50051' ? 'grpc' : undefined), port ? Number(port) : undefined);
    }
  }
  const rest = value.replace(URL_RE, ' ');
  for (const m of rest.matchAll(HOST_PORT_RE)) add(m[1]!, 'host:port', undefined, Number(m[2]));
  for (const m of rest.matchAll(CONN_STRING_RE)) add(m[1]!, 'connection string');
  const trimmed = value.trim();
  if (trimmed !== '' && !covered && !NAME_KEY_RE.test(key) && /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(trimmed)) add(trimmed, 'service name');
  if (trimmed === '') {
    const m = ADDRESS_KEY_RE.exec(key);
    if (m) add(m[1]!.toLowerCase().replace(/_/g, '-'), 'variable name');
  }
  return out;
}
