/**
 * Pass 2: what each enabled service of the loaded project says. Ports (short and long syntax),
 * `expose`, the container environment (`env_file` entries, then `environment`, a variable
 * without a value taken from the project's `.env`), labels, the names other containers reach
 * it by (service name, `container_name`, `hostname`, network `aliases`), start-up ordering
 * (`depends_on`, `links`), its command line, a gRPC health probe, replicas (`deploy.replicas`,
 * `scale`) and the gateway configs bind-mounted into it.
 */
import { dirname, isAbsolute, join, normalize, resolve } from 'node:path';
import type { Loc } from '../../core/types.js';
import { UserError } from '../../errors.js';
import { isAddressName, splitCommand } from '../addresses.js';
import { readGatewayConfig } from '../gateway-configs.js';
import { at } from '../common.js';
import type { ComposeContext, CService, EnvEntry, PortEntry } from './context.js';
import { parseEnvFile } from './interpolate.js';
import type { Resource, ResourceNeed } from './load.js';
import { asMapNode, itemsOf, textOf, type LMap, type LNode } from './tree.js';

/** Config files worth reading when mounted into a container. */
const CONFIG_EXT = /\.(ya?ml|json|conf|toml|cfg|tmpl|template)$|(^|\/)(nginx\.conf|Caddyfile|haproxy\.cfg|envoy\.ya?ml)$/i;
/** Per mounted folder, at most this many files are read. */
const MAX_FILES_PER_DIR = 20;

/** A resource the project refers to; lists it as needed when the shell has not read it. */
export function fetchResource(ctx: ComposeContext, n: ResourceNeed): Resource | undefined {
  const r = ctx.resources.get(n.path);
  if (r) {
    if (r.kind === 'unreadable') {
      if (n.required && ctx.collecting) ctx.project.refused.push(n);
      else if (n.required) throw new UserError(`${n.file} cannot be read: ${r.reason}`, { ...(n.loc ? { loc: n.loc } : {}), hint: 'fix the path (relative to the compose file that names it) or mark it `required: false`' });
      return undefined;
    }
    return r;
  }
  if (!ctx.project.needs.some((x) => x.path === n.path)) ctx.project.needs.push(n);
  if (n.required && !ctx.collecting) throw new UserError(`${n.file} was not read`, { ...(n.loc ? { loc: n.loc } : {}), hint: 'read the project through the CLI so the files it names are read with it' });
  return undefined;
}

function portNumber(raw: string): number | undefined {
  const n = Number(raw.split('-')[0]!.split('/')[0]);
  return Number.isInteger(n) && n > 0 && n < 65536 ? n : undefined;
}

/** One `ports:` entry in short ("8080", "80:80", "127.0.0.1:80:80/tcp") or long syntax. */
function readPort(n: LNode): PortEntry | undefined {
  const m = asMapNode(n);
  if (m) {
    const target = textOf(m.get('target'));
    const pub = textOf(m.get('published'));
    return { published: pub !== undefined && pub !== '', ...(target ? { target: portNumber(target) } : {}), loc: n.loc, text: `${pub ?? ''}${pub ? ':' : ''}${target ?? '?'}` };
  }
  const value = textOf(n);
  if (value === undefined) return undefined;
  // Unset variables leave `:`; the text as written says more in notes.
  const raw = n.t === 'scalar' && n.raw !== undefined ? n.raw : value;
  const text = value.replace(/\[[^\]]*\]/g, 'ip');
  const parts = text.split(':');
  const target = portNumber(parts[parts.length - 1]!);
  return { published: parts.length > 1, ...(target !== undefined ? { target } : {}), loc: n.loc, text: raw };
}

/** The folder of the file a node was written in. */
function dirOfNode(ctx: ComposeContext, n: LNode): { abs: string; shown: string } {
  const info = ctx.project.dirOf(n.origin.doc);
  return { abs: dirname(info.abs), shown: dirname(info.shown) };
}

function resolvePath(base: { abs: string; shown: string }, written: string): { abs: string; shown: string } {
  if (isAbsolute(written)) return { abs: normalize(written), shown: normalize(written) };
  return { abs: resolve(base.abs, written), shown: normalize(join(base.shown, written)) };
}

function readEnv(ctx: ComposeContext, def: LMap): Map<string, EnvEntry> {
  const env = new Map<string, EnvEntry>();
  const vars = ctx.project.vars;
  for (const item of itemsOf(def.get('env_file'))) {
    const m = asMapNode(item);
    const path = m ? textOf(m.get('path')) : textOf(item);
    if (path === undefined || path === '') continue;
    const required = m ? textOf(m.get('required')) !== 'false' : true;
    const p = resolvePath(dirOfNode(ctx, item), path);
    const r = fetchResource(ctx, { kind: 'text', path: p.abs, file: p.shown, required, loc: item.loc });
    if (r?.kind !== 'text') continue;
    // `format: raw`: values as written, no quotes or ${VAR} taken apart (compose-spec 05-services.md env_file).
    const raw = m && textOf(m.get('format')) === 'raw';
    const entries = raw
      ? r.text.split(/\r?\n/).flatMap((line, i) => {
        const eq = line.indexOf('=');
        return line.trim() === '' || line.trimStart().startsWith('#') || eq <= 0 ? [] : [{ key: line.slice(0, eq).trim(), value: line.slice(eq + 1), line: i + 1, column: line.search(/\S/) + 1, unresolved: [] as string[] }];
      })
      : parseEnvFile(r.text, vars);
    for (const e of entries) {
      const loc = { file: p.shown, line: e.line, column: e.column };
      env.set(e.key, { key: e.key, value: e.value, loc, keyLoc: loc, from: 'env_file', unresolved: e.unresolved });
    }
  }
  const environment = asMapNode(def.get('environment'));
  for (const [key, v] of environment?.entries ?? []) {
    const scalar = v.t === 'scalar' ? v : undefined;
    if (scalar && scalar.value === null) {
      // `- KEY` / `KEY:` takes the value from the environment compose runs in, which .env feeds.
      const fromDotEnv = vars.get(key);
      if (fromDotEnv !== undefined) env.set(key, { key, value: fromDotEnv, loc: v.loc, keyLoc: v.keyLoc, from: 'environment (.env)', unresolved: [] });
      else if (!env.has(key)) env.set(key, { key, loc: v.loc, keyLoc: v.keyLoc, from: 'environment', unresolved: [key] });
      continue;
    }
    env.set(key, { key, value: textOf(v) ?? '', loc: v.loc, keyLoc: environment?.fromList ? v.loc : v.keyLoc, from: 'environment', unresolved: scalar?.unresolved ?? [] });
  }
  return env;
}

function readArgv(n: LNode | undefined): { value: string; loc: Loc }[] {
  if (!n) return [];
  if (n.t === 'seq') return n.items.flatMap((i) => (textOf(i) !== undefined ? [{ value: textOf(i)!, loc: i.loc }] : []));
  const text = textOf(n);
  return text === undefined ? [] : splitCommand(text).map((value) => ({ value, loc: n.loc }));
}

function readMounts(ctx: ComposeContext, s: CService): void {
  let budget = MAX_FILES_PER_DIR;
  for (const v of itemsOf(s.def.get('volumes'))) {
    const m = asMapNode(v);
    let source: string | undefined;
    if (m) source = textOf(m.get('type')) === 'bind' || textOf(m.get('type')) === undefined ? textOf(m.get('source')) : undefined;
    else {
      const text = textOf(v);
      source = text?.split(':')[0];
    }
    // A bind mount's source is a path; anything else is a named volume.
    if (!source || !/^(\.{1,2}(\/|$)|\/)/.test(source)) continue;
    const p = resolvePath(dirOfNode(ctx, v), source);
    if (CONFIG_EXT.test(p.abs)) {
      const r = fetchResource(ctx, { kind: 'text', path: p.abs, file: p.shown, required: false, loc: v.loc });
      if (r?.kind === 'text') addConfig(s, p.shown, r.text);
      continue;
    }
    if (/\.[a-z0-9]+$/i.test(p.abs) && !/\/\.[^/]*$/.test(p.abs)) continue; // some other file (a .sql, a socket)
    const dir = fetchResource(ctx, { kind: 'dir', path: p.abs, file: p.shown, required: false, loc: v.loc });
    if (dir?.kind !== 'dir') continue;
    for (const entry of dir.entries.filter((e) => CONFIG_EXT.test(e)).sort().slice(0, budget)) {
      budget--;
      const f = { abs: join(p.abs, entry), shown: join(p.shown, entry) };
      const r = fetchResource(ctx, { kind: 'text', path: f.abs, file: f.shown, required: false, loc: v.loc });
      if (r?.kind === 'text') addConfig(s, f.shown, r.text);
    }
  }
}

function addConfig(s: CService, file: string, text: string): void {
  const cfg = readGatewayConfig(file, text);
  if (cfg) s.configs.push(cfg);
}

/** Pass 2: every enabled service's facts. */
export function readServices(ctx: ComposeContext): void {
  const envGaps: { service: string; keys: string[]; vars: string[]; loc: Loc }[] = [];
  for (const ls of ctx.project.services) {
    const def = ls.def;
    const s: CService = {
      name: ls.name, def, nameLoc: ls.nameLoc, ports: [], expose: [], env: new Map(), labels: new Map(), aliases: [], dependsOn: [], argv: [],
      grpcPorts: new Map(), configs: [], role: { role: { role: 'service' }, by: 'none' }, folded: [], exposure: 'internal', protocols: [],
      portProtocols: new Map(), ordering: [],
    };
    if (ls.name.trim() === '') {
      throw new UserError(`a service has an empty name`, { loc: ls.nameLoc, hint: 'give every service under `services:` a name' });
    }
    const image = def.get('image');
    // An image with unset variables (`${REPO}/rs-web:${TAG}`) is kept as written: the empty parts say nothing.
    const imageText = image?.t === 'scalar' ? image.raw ?? textOf(image) : undefined;
    if (imageText !== undefined && imageText.trim() !== '') s.image = { value: imageText, loc: image!.loc };
    for (const p of itemsOf(def.get('ports'))) {
      const port = readPort(p);
      if (port && !s.ports.some((q) => q.text === port.text)) s.ports.push(port);
    }
    for (const e of itemsOf(def.get('expose'))) {
      const raw = textOf(e);
      if (raw !== undefined) s.expose.push({ ...(portNumber(raw) !== undefined ? { port: portNumber(raw)! } : {}), loc: e.loc });
    }
    const published = s.ports.filter((p) => p.published);
    if (published.length > 0) {
      s.exposure = 'public';
      s.exposureLoc = published[0]!.loc;
      s.exposureWhy = `publishes ${published.map((p) => p.text).join(', ')} (${at(published[0]!.loc)})`;
    }
    s.env = readEnv(ctx, def);
    for (const [k, v] of asMapNode(def.get('labels'))?.entries ?? []) s.labels.set(k, { value: textOf(v) ?? '', loc: asMapNode(def.get('labels'))?.fromList ? v.loc : v.keyLoc });
    s.aliases.push({ name: ls.name, loc: ls.nameLoc, how: 'service name' });
    const containerName = def.get('container_name');
    if (textOf(containerName)) s.aliases.push({ name: textOf(containerName)!, loc: containerName!.loc, how: 'container_name' });
    const hostname = def.get('hostname');
    if (textOf(hostname)) s.aliases.push({ name: textOf(hostname)!, loc: hostname!.loc, how: 'hostname' });
    for (const [net, cfg] of asMapNode(def.get('networks'))?.entries ?? []) {
      for (const a of itemsOf(asMapNode(cfg)?.get('aliases'))) {
        if (textOf(a)) s.aliases.push({ name: textOf(a)!, loc: a.loc, how: `alias on network ${net}` });
      }
    }
    for (const [dep, v] of asMapNode(def.get('depends_on'))?.entries ?? []) {
      if (!s.dependsOn.some((d) => d.name === dep)) s.dependsOn.push({ name: dep, loc: asMapNode(def.get('depends_on'))?.fromList ? v.loc : v.keyLoc, how: 'depends_on' });
    }
    for (const l of itemsOf(def.get('links'))) {
      const target = textOf(l)?.split(':')[0];
      if (target && !s.dependsOn.some((d) => d.name === target)) s.dependsOn.push({ name: target, loc: l.loc, how: 'links' });
    }
    s.argv = [...readArgv(def.get('entrypoint')), ...readArgv(def.get('command'))];
    const test = asMapNode(def.get('healthcheck'))?.get('test');
    const testText = itemsOf(test).map((t) => textOf(t) ?? '').join(' ');
    if (/grpc[-_]health[-_]probe|grpcurl|grpc_health/i.test(testText)) s.grpcHealth = test!.loc;
    const deploy = asMapNode(def.get('deploy'));
    const count = (n: LNode | undefined) => {
      const t = textOf(n);
      return t !== undefined && /^\d+$/.test(t) ? Number(t) : undefined;
    };
    if (count(deploy?.get('replicas')) !== undefined) s.replicas = { value: count(deploy!.get('replicas'))!, loc: deploy!.get('replicas')!.loc };
    else if (count(def.get('scale')) !== undefined) s.replicas = { value: count(def.get('scale'))!, loc: def.get('scale')!.loc };
    for (const e of s.env.values()) {
      if (/(^|_)GRPC_?PORT$/i.test(e.key) && e.value !== undefined && /^\d+$/.test(e.value)) s.grpcPorts.set(Number(e.value), { loc: e.loc, why: `variable ${e.key}=${e.value}` });
    }
    readMounts(ctx, s);
    // Addresses that depend on variables the project does not set: said once for the project.
    const gaps = [...s.env.values()].filter((e) => isAddressName(e.key) && (e.value === undefined || e.unresolved.length > 0));
    if (gaps.length > 0) envGaps.push({ service: s.name, keys: gaps.map((e) => e.key), vars: [...new Set(gaps.flatMap((e) => (e.unresolved.length > 0 ? e.unresolved : [e.key])))], loc: gaps[0]!.loc });
    ctx.services.push(s);
  }
  if (envGaps.length > 0) {
    const vars = [...new Set(envGaps.flatMap((g) => g.vars))];
    const shown = envGaps.slice(0, 6).map((g) => `${g.service} (${g.keys.join(', ')})`).join('; ');
    ctx.notes.push({
      message: `addresses that depend on variables the project does not set (no value in .env): ${shown}${envGaps.length > 6 ? `; and ${envGaps.length - 6} more services` : ''}. Add ${vars.slice(0, 8).join(', ')}${vars.length > 8 ? ` and ${vars.length - 8} more` : ''} to the .env beside ${ctx.files[0]!.file} to read the calls they make`,
      loc: envGaps[0]!.loc,
    });
  }
}
