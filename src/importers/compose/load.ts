/**
 * The compose loader: the application model `docker compose config` would print, with every
 * value's position kept. The semantics come from the Compose Specification
 * (compose-spec/compose-spec: 05-services.md `extends`, 12-interpolation.md, 13-merge.md,
 * 14-include.md, 15-profiles.md) and its reference loader compose-go (loader/loader.go,
 * loader/include.go, loader/extends.go, override/merge.go, loader/reset.go):
 *
 * - each file is interpolated with the project's variables, then its `include:` entries are
 *   loaded as projects of their own (their own folder and `.env`, the including project's
 *   variables winning) and their resources imported, the including file's definitions
 *   winning over an included one of the same name; then `extends` is resolved (same file or
 *   another file, recursively, cycles refused); then the file is merged over the files before
 *   it;
 * - merging: mappings merge key by key, sequences append, scalars are replaced; `command`,
 *   `entrypoint` and `healthcheck.test` are replaced whole; `ports` are unique by their
 *   published/target/protocol, `volumes`, `secrets` and `configs` by target; `environment`,
 *   `labels`, `depends_on`, `networks` merge as mappings whichever syntax each file uses;
 *   `!reset` removes a value, `!override` replaces it without merging;
 * - profiles: a service with `profiles` is enabled only when one of them is active
 *   (`COMPOSE_PROFILES` in the project's `.env`).
 *
 * Pure: files the project refers to (included and extended compose files, env files, configs
 * mounted into services) are given in `resources`, read beforehand by the shell. Loading with
 * resources missing reports what to read (`needs`), so the shell and the loader never disagree
 * about which files a project uses.
 */
import { dirname, isAbsolute, join, normalize, resolve } from 'node:path';
import type { Loc } from '../../core/types.js';
import { UserError } from '../../errors.js';
import type { YamlDocument } from '../../yaml/parse.js';
import type { ImportNote, SourceFile } from '../common.js';
import { parseDotEnv } from './interpolate.js';
import { LMap, LScalar, LSeq, asMapNode, cloneNode, itemsOf, textOf, treeOf, type ComposeTag, type LNode } from './tree.js';

/** A file the project refers to, as the shell read it. */
export type Resource =
  | { kind: 'compose'; file: SourceFile }
  | { kind: 'text'; file: string; text: string }
  | { kind: 'dir'; file: string; entries: string[] }
  | { kind: 'unreadable'; file: string; reason: string };

/** Files the project refers to, by absolute path. */
export type Resources = ReadonlyMap<string, Resource>;

/** Something the loader needs read before it can finish. */
export interface ResourceNeed {
  kind: 'compose' | 'text' | 'dir';
  /** Absolute path. */
  path: string;
  /** The path as shown in messages. */
  file: string;
  /** Missing is an error (an include, an extends file, a required env_file) rather than a gap. */
  required: boolean;
  loc?: Loc;
}

export interface LoadedService {
  name: string;
  def: LMap;
  /** Where its name is first written. */
  nameLoc: Loc;
}

export interface LoadedProject {
  services: LoadedService[];
  /** Services left out because none of their profiles is active. */
  disabled: { name: string; profiles: string[]; loc: Loc }[];
  notes: ImportNote[];
  needs: ResourceNeed[];
  /**
   * While collecting: resources that were read but could not be, and that an import would
   * refuse (a required one). Empty when not collecting (the import throws instead).
   */
  refused: ResourceNeed[];
  /** Folder (absolute) and display folder of the file each node came from. */
  dirOf(doc: YamlDocument): { abs: string; shown: string };
  /** The project's variables (its `.env`). */
  vars: ReadonlyMap<string, string>;
  activeProfiles: string[];
}

interface FileInfo {
  abs: string;
  shown: string;
}

interface LoadState {
  resources: Resources;
  needs: ResourceNeed[];
  refused: ResourceNeed[];
  notes: ImportNote[];
  info: WeakMap<YamlDocument, FileInfo>;
  /** Set while collecting needs: missing resources are listed instead of refused. */
  collecting: boolean;
}

const REMOTE = /^(git@|https?:\/\/|oci:\/\/|ssh:\/\/|github\.com\/|git:\/\/)/i;

function tagsOf(doc: YamlDocument): ReadonlyMap<string, ComposeTag> | undefined {
  return doc.tags.size > 0 ? doc.tags : undefined;
}

function firstDoc(f: SourceFile): YamlDocument | undefined {
  return f.docs.find((d) => d.value !== null && d.value !== undefined);
}

/** Absolute path and display path of a path written in a file. */
function resolveRef(from: FileInfo, written: string): { abs: string; shown: string } {
  if (isAbsolute(written)) return { abs: normalize(written), shown: normalize(written) };
  return { abs: resolve(dirname(from.abs), written), shown: normalize(join(dirname(from.shown), written)) };
}

function need(st: LoadState, n: ResourceNeed): Resource | undefined {
  const r = st.resources.get(n.path);
  if (r) {
    if (r.kind === 'unreadable' && n.required) {
      if (st.collecting) st.refused.push(n);
      else throw new UserError(`${n.file} cannot be read: ${r.reason}`, { ...(n.loc ? { loc: n.loc } : {}), hint: 'fix the path (it is relative to the file that names it) or make the file readable' });
    }
    return r.kind === 'unreadable' ? undefined : r;
  }
  if (!st.needs.some((x) => x.path === n.path)) st.needs.push(n);
  if (n.required && !st.collecting) {
    throw new UserError(`${n.file} was not read`, { ...(n.loc ? { loc: n.loc } : {}), hint: 'name the files the project refers to, or read the project through the CLI so they are read with it' });
  }
  return undefined;
}

const SPECIAL_REPLACE = new Set(['command', 'entrypoint']);

/** Removes `!reset` nodes and `!override` tags from a tree taken as it is. */
function strip(n: LNode): LNode | undefined {
  if (n.tag === '!reset') return undefined;
  let out: LNode;
  if (n.t === 'map') {
    const entries = new Map<string, LNode>();
    for (const [k, v] of n.entries) {
      const s = strip(v);
      if (s) entries.set(k, s);
    }
    out = new LMap(n.origin, entries);
    if (n.fromList) out.fromList = true;
  } else if (n.t === 'seq') out = new LSeq(n.origin, n.items.map(strip).filter((x): x is LNode => x !== undefined));
  else out = n;
  return out;
}

/** The unique key of a `ports` entry (published, target, protocol, host ip). */
function portKey(n: LNode): string {
  if (n.t === 'scalar') return n.text.replace(/\/tcp$/, '');
  if (n.t === 'map') return ['host_ip', 'published', 'target', 'protocol'].map((k) => textOf(n.get(k)) ?? '').join('|');
  return '';
}

/** The unique key of a `volumes`/`secrets`/`configs` entry: its target. */
function targetKey(n: LNode, field: string): string {
  if (n.t === 'map') return textOf(n.get('target')) ?? textOf(n.get('source')) ?? '';
  const t = n.t === 'scalar' ? n.text : '';
  if (field === 'volumes') {
    const parts = t.split(':');
    return parts.length >= 2 ? parts[1]! : parts[0]!;
  }
  return t;
}

/** Merges `over` onto `base` with compose's rules; undefined = the value is removed. */
export function mergeNodes(base: LNode | undefined, over: LNode, path: readonly string[]): LNode | undefined {
  if (over.tag === '!reset') return undefined;
  if (base === undefined || over.tag === '!override') return strip(over);
  const field = path.length === 3 && path[0] === 'services' ? path[2]! : undefined;
  if (field && SPECIAL_REPLACE.has(field)) return strip(over);
  if (path.length === 4 && path[0] === 'services' && path[2] === 'healthcheck' && path[3] === 'test') return strip(over);
  if (base.t === 'map' && over.t === 'map') {
    const entries = new Map(base.entries);
    for (const [k, v] of over.entries) {
      const m = mergeNodes(entries.get(k), v, [...path, k]);
      if (m === undefined) entries.delete(k);
      else entries.set(k, m);
    }
    const out = new LMap(base.origin, entries);
    if (base.fromList) out.fromList = true;
    return out;
  }
  if (base.t === 'seq' && over.t === 'seq') {
    const items = [...base.items];
    const overItems = over.items.map(strip).filter((x): x is LNode => x !== undefined);
    if (field === 'ports' || field === 'volumes' || field === 'secrets' || field === 'configs') {
      const key = (n: LNode) => (field === 'ports' ? portKey(n) : targetKey(n, field));
      for (const o of overItems) {
        const at_ = items.findIndex((b) => key(b) === key(o));
        if (at_ >= 0) items[at_] = o;
        else items.push(o);
      }
    } else items.push(...overItems);
    return new LSeq(base.origin, items);
  }
  return strip(over);
}

/** One file's services after include and extends, ready to merge over the files before it. */
function loadFile(st: LoadState, f: SourceFile, info: FileInfo, vars: ReadonlyMap<string, string>, chain: readonly string[]): LMap | undefined {
  const doc = firstDoc(f);
  if (!doc) return undefined;
  st.info.set(doc, info);
  const root = asMapNode(treeOf(doc, { vars, ...(tagsOf(doc) ? { tags: tagsOf(doc)! } : {}) }));
  if (!root) return undefined;
  const services = asMapNode(root.get('services')) ?? new LMap({ doc, pointer: '/services' }, new Map());
  const included = applyInclude(st, root, info, vars, chain);
  for (const [name, def] of included) {
    const local = services.get(name);
    services.entries.set(name, local ? mergeNodes(def, local, ['services', name]) ?? def : def);
  }
  applyExtends(st, services, info, vars, [...chain, info.abs]);
  return services;
}

function applyInclude(st: LoadState, root: LMap, info: FileInfo, vars: ReadonlyMap<string, string>, chain: readonly string[]): Map<string, LNode> {
  const out = new Map<string, LNode>();
  const include = root.get('include');
  if (!include) return out;
  for (const entry of itemsOf(include)) {
    const m = asMapNode(entry);
    const pathNodes = m ? itemsOf(m.get('path')) : [entry];
    const loc = entry.loc;
    const paths = pathNodes.map((p) => textOf(p)).filter((p): p is string => p !== undefined && p !== '');
    if (paths.length === 0) continue;
    for (const p of paths) {
      if (REMOTE.test(p)) {
        throw new UserError(`include from a remote source (${p}) is not supported`, { loc, hint: 'check the project out locally and include it by path' });
      }
    }
    const files = paths.map((p) => resolveRef(info, p));
    const projectDirNode = m ? textOf(m.get('project_directory')) : undefined;
    const projectDir = projectDirNode !== undefined ? resolveRef(info, projectDirNode).abs : dirname(files[0]!.abs);
    const projectShown = projectDirNode !== undefined ? resolveRef(info, projectDirNode).shown : dirname(files[0]!.shown);
    for (const f of files) {
      if (chain.includes(f.abs) || f.abs === info.abs) {
        throw new UserError(`include cycle: ${[...chain, info.abs, f.abs].map((x) => x).join(' includes ')}`, { loc, hint: 'remove the include that leads back to a file already included' });
      }
    }
    // The included project's variables: its env_file(s) or its folder's .env, under the includer's.
    const envFiles = m && m.get('env_file') ? itemsOf(m.get('env_file')).map((n) => textOf(n)).filter((x): x is string => x !== undefined).map((p) => ({ ...resolveRef(info, p), required: true }))
      : [{ abs: join(projectDir, '.env'), shown: join(projectShown, '.env'), required: false }];
    let ownVars = new Map<string, string>();
    for (const e of envFiles) {
      const r = need(st, { kind: 'text', path: e.abs, file: e.shown, required: e.required, loc });
      if (r?.kind === 'text') ownVars = new Map([...ownVars, ...parseDotEnv(r.text, vars)]);
    }
    const projectVars = new Map([...ownVars, ...vars]);
    let merged: LMap | undefined;
    for (const f of files) {
      const r = need(st, { kind: 'compose', path: f.abs, file: f.shown, required: true, loc });
      if (r?.kind !== 'compose') continue;
      const services = loadFile(st, r.file, { abs: f.abs, shown: f.shown }, projectVars, [...chain, info.abs]);
      if (!services) continue;
      merged = merged ? (mergeNodes(merged, services, ['services']) as LMap | undefined) ?? merged : services;
    }
    for (const [name, def] of merged?.entries ?? []) {
      if (out.has(name)) st.notes.push({ message: `${name}: defined by two included projects; the later include wins`, loc: def.keyLoc });
      out.set(name, def);
    }
  }
  return out;
}

function applyExtends(st: LoadState, services: LMap, info: FileInfo, vars: ReadonlyMap<string, string>, chain: readonly string[]): void {
  const done = new Set<string>();
  const resolving: string[] = [];
  const resolveOne = (name: string, table: LMap, tableInfo: FileInfo, tableChain: readonly string[]): LNode | undefined => {
    const def = table.get(name);
    const m = asMapNode(def);
    if (!m) return def;
    const ext = m.get('extends');
    if (!ext) return def;
    const key = `${tableInfo.abs}#${name}`;
    if (table === services && done.has(name)) return def;
    if (resolving.includes(key)) {
      throw new UserError(`extends cycle: ${[...resolving, key].map((k) => k.split('#')[1]).join(' extends ')}`, { loc: ext.loc, hint: 'remove the extends that leads back to a service already extended' });
    }
    resolving.push(key);
    const ref = textOf(ext) ?? textOf(asMapNode(ext)?.get('service'));
    const fileRef = textOf(asMapNode(ext)?.get('file'));
    if (ref === undefined) throw new UserError(`${name}: extends needs a service`, { loc: ext.loc, hint: 'write `extends: <service>` or `extends: {service: <service>, file: <path>}`' });
    let base: LNode | undefined;
    if (fileRef !== undefined) {
      if (REMOTE.test(fileRef)) throw new UserError(`extends from a remote file (${fileRef}) is not supported`, { loc: ext.loc, hint: 'check the file out locally and extend it by path' });
      const target = resolveRef(tableInfo, fileRef);
      const r = need(st, { kind: 'compose', path: target.abs, file: target.shown, required: true, loc: ext.loc });
      if (r?.kind === 'compose') {
        const doc = firstDoc(r.file);
        const other = doc ? asMapNode(asMapNode(treeOf(doc, { vars, ...(tagsOf(doc) ? { tags: tagsOf(doc)! } : {}) }))?.get('services')) : undefined;
        if (doc) st.info.set(doc, target);
        if (!other?.get(ref)) {
          resolving.pop();
          throw new UserError(`cannot extend service ${ref}: ${target.shown} has no service ${ref}`, { loc: ext.loc, hint: `name a service defined in ${target.shown}` });
        }
        base = resolveOne(ref, other, target, [...tableChain, target.abs]);
      }
    } else {
      if (!table.get(ref)) {
        resolving.pop();
        throw new UserError(`cannot extend service ${ref}: no service ${ref} in ${tableInfo.shown}`, { loc: ext.loc, hint: 'name a service of the same file, or add `file:`' });
      }
      base = resolveOne(ref, table, tableInfo, tableChain);
    }
    resolving.pop();
    const own = new LMap(m.origin, new Map([...m.entries].filter(([k]) => k !== 'extends')));
    const merged = base ? (mergeNodes(cloneNode(base), own, ['services', name]) as LMap) : own;
    // The service keeps its own position; what it inherits keeps the base's.
    const result = new LMap(m.origin, asMapNode(merged)?.entries ?? own.entries);
    if (table === services) {
      services.entries.set(name, result);
      done.add(name);
    }
    return result;
  };
  for (const name of [...services.entries.keys()]) resolveOne(name, services, info, chain);
}

/**
 * Loads a project: `files` merged in order (like `docker compose -f a -f b`), with `vars` (the
 * first file's folder's `.env`) and the files it refers to in `resources`.
 */
export function loadComposeProject(files: SourceFile[], vars: ReadonlyMap<string, string>, resources: Resources, opts: { collecting?: boolean; cwd?: string } = {}): LoadedProject {
  const st: LoadState = { resources, needs: [], refused: [], notes: [], info: new WeakMap(), collecting: opts.collecting === true };
  const cwd = opts.cwd ?? process.cwd();
  let merged: LMap | undefined;
  const nameLocs = new Map<string, Loc>();
  for (const f of files) {
    const abs = f.file === '<stdin>' ? join(cwd, '<stdin>') : resolve(cwd, f.file);
    const services = loadFile(st, f, { abs, shown: f.file }, vars, []);
    if (!services) continue;
    for (const [name, def] of services.entries) if (!nameLocs.has(name)) nameLocs.set(name, def.keyLoc);
    merged = merged ? (mergeNodes(merged, services, ['services']) as LMap | undefined) ?? merged : (strip(services) as LMap);
  }
  const active = (vars.get('COMPOSE_PROFILES') ?? '').split(',').map((p) => p.trim()).filter((p) => p !== '');
  const out: LoadedProject = {
    services: [], disabled: [], notes: st.notes, needs: st.needs, refused: st.refused, vars, activeProfiles: active,
    dirOf: (doc) => st.info.get(doc) ?? { abs: cwd, shown: '.' },
  };
  for (const [name, def] of merged?.entries ?? []) {
    if (name.trim() === '') throw new UserError('a service has an empty name', { loc: nameLocs.get(name) ?? def.keyLoc, hint: 'give every service under `services:` a name' });
    const m = asMapNode(def) ?? new LMap(def.origin, new Map());
    const profiles = itemsOf(m.get('profiles')).map((p) => textOf(p)).filter((p): p is string => p !== undefined);
    const loc = nameLocs.get(name) ?? def.keyLoc;
    if (profiles.length > 0 && !profiles.some((p) => active.includes(p) || p === '*' || active.includes('*'))) {
      out.disabled.push({ name, profiles, loc });
      continue;
    }
    out.services.push({ name, def: m, nameLoc: loc });
  }
  for (const d of out.disabled) {
    const wanted = out.services.filter((s) => asMapNode(s.def.get('depends_on'))?.get(d.name) !== undefined);
    st.notes.push({
      message: `${d.name}: in profile${d.profiles.length > 1 ? 's' : ''} ${d.profiles.join(', ')}, which docker compose leaves out unless it is active; not in the model (set COMPOSE_PROFILES=${d.profiles[0]} in .env to include it)` +
        (wanted.length > 0 ? `; ${wanted.map((s) => s.name).join(', ')} depend${wanted.length === 1 ? 's' : ''} on it, so docker compose refuses to start ${wanted.length === 1 ? 'it' : 'them'} without that profile` : ''),
      loc: d.loc,
    });
  }
  return out;
}

/** A compose file with `include:` and no `services:` of its own is still a compose file. */
export function isIncludeOnly(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Array.isArray((value as Record<string, unknown>)['include']);
}

/** Where a list entry with an unresolved variable is: for notes. */
export function unresolvedIn(n: LNode | undefined): string[] {
  if (!n) return [];
  if (n instanceof LScalar) return [...n.unresolved];
  if (n.t === 'seq') return n.items.flatMap(unresolvedIn);
  return [...n.entries.values()].flatMap(unresolvedIn);
}

