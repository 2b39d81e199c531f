/**
 * Reads architecture inputs (meshgate Architecture files, docker-compose files, Kubernetes
 * manifests, directories of them, or stdin) into the model, for `lint` (one system per
 * argument) and for recommend/generate/report/diagram (all arguments form one system).
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { InputAccess } from '../io.js';
import type { Answers, AnswerField, Architecture, InferredAnswer, Loc, Locator } from '../core/types.js';
import { UserError } from '../errors.js';
import type { YamlDocument } from '../yaml/parse.js';
import { parseYamlLikeCompose } from '../yaml/compose.js';
import { readInputText, fsError } from './read-input.js';
import type { ImportNote, ImportResult, SourceFile } from '../importers/common.js';
import type { ImportInventory } from '../core/import-inventory.js';
import type { Resource, ResourceNeed } from '../importers/compose.js';
import { architectureFromDocument } from './architecture-document.js';

/** What a parsed YAML file is. */
export interface ArchitectureInput {
  architecture: Architecture;
  locate: Locator;
  /** The files the architecture was read from. */
  files: string[];
  /** "meshgate" | "compose" | "kubernetes" */
  format: string;
}

export interface LoadedInput {
  kind: 'answers' | 'architecture';
  /** Effective answers, defaults applied. */
  answers: Answers;
  architecture?: ArchitectureInput;
  /** For architectures: answers derived from structure. */
  inferred: InferredAnswer[];
  /** Answers left at their defaults: worth confirming. */
  defaulted: AnswerField[];
  /** Human name of the input, for headers ("answers.yaml", "compose.yaml + override.yaml"). */
  source: string;
}

export type InputFormat = 'meshgate' | 'answers' | 'compose' | 'kubernetes' | 'unknown';

export interface FormatDetection {
  format: InputFormat;
  /** For `unknown`: where and why it is not one of the known formats. */
  loc?: Loc;
  reason?: string;
}

const EXPECTED =
  'expected a meshgate Architecture (kind: Architecture), a docker-compose file (top-level `services:` mapping) or Kubernetes manifests (apiVersion and kind in every document)';

function isMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Detects the format of a parsed file from its documents' shape. */
export function detectFormat(docs: YamlDocument[]): FormatDetection {
  const present = docs.filter((d) => d.value !== null && d.value !== undefined);
  const first = present[0];
  if (!first) return { format: 'unknown', loc: docs[0]?.locate(''), reason: 'holds only empty documents' };
  const v = first.value;
  if (present.length === 1 && isMap(v)) {
    if (v['kind'] === 'Architecture') return { format: 'meshgate' };
    if (v['kind'] === 'Answers') return { format: 'answers' };
    // A compose file: `services:`, or only `include:` (compose-spec 14-include.md).
    if (!('kind' in v) && !('apiVersion' in v) && (isMap(v['services']) || (Array.isArray(v['include']) && (v['services'] === undefined || v['services'] === null)))) return { format: 'compose' };
  }
  const answersAt = present.findIndex((d) => isMap(d.value) && d.value['kind'] === 'Answers');
  if (present.length > 1 && answersAt >= 0) {
    return { format: 'unknown', loc: present[answersAt === 0 ? 1 : answersAt]!.locate(''), reason: `an Answers file holds exactly one YAML document, this one holds ${present.length}` };
  }
  for (const d of present) {
    const m = d.value;
    if (!isMap(m)) {
      return { format: 'unknown', loc: d.locate(''), reason: `document ${d.index + 1} is not a mapping` };
    }
    if (typeof m['apiVersion'] !== 'string' || typeof m['kind'] !== 'string') {
      return {
        format: 'unknown',
        loc: d.locate(''),
        reason: present.length > 1 ? `document ${d.index + 1} has no apiVersion/kind` : 'it has no apiVersion/kind and no `services:` mapping or `include:` list',
      };
    }
  }
  return { format: 'kubernetes' };
}

function unknownFormatError(file: string, det: FormatDetection): UserError {
  return new UserError(`${file}: not a meshgate architecture, docker-compose file or Kubernetes manifest (${det.reason ?? 'unrecognised shape'})`, {
    loc: det.loc ?? { file, line: 1, column: 1 },
    hint: EXPECTED,
  });
}

function answersNotArchitecture(file: string, doc: YamlDocument): UserError {
  return new UserError(`${file} is an Answers file, not an architecture`, {
    loc: doc.locate('/kind'),
    hint: 'pass it with --answers FILE, and give an architecture (meshgate, compose or Kubernetes) as the input',
  });
}

export interface ClassifiedFile extends SourceFile {
  /** The text as read (lint looks for suppression comments in it). */
  text: string;
  format: InputFormat;
  detection: FormatDetection;
}

interface ReadContext {
  maxBytes: number | undefined;
  io: InputAccess;
  /**
   * For lint: a file in a directory that cannot be read or parsed is handed here and left out,
   * so the directory's other files are still read (ESLint's fatal message per file). Without it,
   * such a file stops the read.
   */
  onUnreadable?: (file: string, err: UserError) => void;
}

/**
 * Compose's own tags (`!reset`, `!override`; compose-spec 13-merge.md) are valid only in compose
 * files: a file that fails on one of them is parsed again with the parser's compose-tags option
 * and kept only if it is a compose file; anything else keeps the original error.
 */
function parseWithComposeTags(text: string, file: string): YamlDocument[] {
  try {
    return parseYamlLikeCompose(text, file);
  } catch (err) {
    if (!(err instanceof UserError) || !/!(reset|override)\b/.test(err.message + err.details.map((d) => d.message).join(' '))) throw err;
    let docs: YamlDocument[];
    try {
      docs = parseYamlLikeCompose(text, file, { composeTags: true });
    } catch {
      throw err;
    }
    if (detectFormat(docs).format !== 'compose') throw err;
    return docs;
  }
}

/** Reads, parses and classifies one input file (`-` is stdin). */
export async function readInputFile(path: string, opts: { maxBytes?: number }, io: InputAccess): Promise<ClassifiedFile> {
  return readFile(path, { maxBytes: opts.maxBytes, io });
}

async function readFile(path: string, ctx: ReadContext): Promise<ClassifiedFile> {
  const { file, text } = await readInputText(path, { maxBytes: ctx.maxBytes, readStdin: ctx.io.readStdin });
  const docs = parseWithComposeTags(text, file);
  const detection = detectFormat(docs);
  return { file, text, docs, format: detection.format, detection };
}

const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn']);

/** Every *.yaml / *.yml under `dir`, sorted, skipping hidden and vendored folders. */
function listYaml(dir: string, recursive: boolean): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    throw fsError(dir, err);
  }
  const out: string[] = [];
  for (const e of [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (recursive && !e.name.startsWith('.') && !SKIP_DIRS.has(e.name)) out.push(...listYaml(p, true));
    } else if ((e.isFile() || e.isSymbolicLink()) && /\.ya?ml$/i.test(e.name)) {
      out.push(p);
    }
  }
  return out;
}

/** Whether an input names a directory (`-` never does); an input that does not exist is a UserError. */
export function isDirectory(path: string): boolean {
  if (path === '-') return false;
  try {
    return statSync(path).isDirectory();
  } catch (err) {
    throw fsError(path, err);
  }
}

/** Compose base files `docker compose` picks up by itself, in its order of preference. */
const COMPOSE_BASE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];

function overrideNameFor(base: string): string[] {
  const ext = extname(base);
  const stem = base.slice(0, -ext.length);
  return [`${stem}.override.yaml`, `${stem}.override.yml`];
}

/**
 * Groups a directory's files into systems: every meshgate Architecture file is a system of its
 * own; all Kubernetes manifests (recursively) form one system; otherwise the compose base
 * file plus its override (as `docker compose` merges them) form one.
 */
async function readDirectory(dir: string, ctx: ReadContext): Promise<{ systems: ClassifiedFile[][]; notes: ImportNote[] }> {
  const files: ClassifiedFile[] = [];
  for (const p of listYaml(dir, true)) {
    try {
      files.push(await readFile(p, ctx));
    } catch (err) {
      if (!ctx.onUnreadable || !(err instanceof UserError)) throw err;
      ctx.onUnreadable(p, err);
    }
  }
  const notes: ImportNote[] = [];
  const systems: ClassifiedFile[][] = [];
  for (const f of files.filter((x) => x.format === 'meshgate')) systems.push([f]);
  const k8s = files.filter((x) => x.format === 'kubernetes');
  const compose = files.filter((x) => x.format === 'compose');
  if (k8s.length > 0) {
    systems.push(k8s);
    for (const c of compose) notes.push({ message: `${c.file}: compose file ignored; the directory is read as Kubernetes manifests (name the compose file to read it)`, loc: { file: c.file, line: 1, column: 1 } });
  } else if (compose.length > 0) {
    const chosen = chooseComposeFiles(dir, compose);
    systems.push(chosen);
    for (const c of compose) {
      if (!chosen.includes(c)) notes.push({ message: `${c.file}: compose file not merged (docker compose only merges the base file and its .override file; name it with the others to include it)`, loc: { file: c.file, line: 1, column: 1 } });
    }
  }
  for (const f of files) {
    if (f.format === 'unknown' || f.format === 'answers') {
      notes.push({ message: `${f.file}: skipped (${f.format === 'answers' ? 'an Answers file' : 'not an architecture, compose file or manifest'})`, loc: { file: f.file, line: 1, column: 1 } });
    }
  }
  if (systems.length === 0) {
    throw new UserError(`${dir}: no meshgate architecture, docker-compose file or Kubernetes manifest found in the directory`, {
      hint: `${EXPECTED}; files must end in .yaml or .yml`,
    });
  }
  return { systems, notes };
}

function chooseComposeFiles(dir: string, compose: ClassifiedFile[]): ClassifiedFile[] {
  const byName = new Map(compose.map((c) => [c.file, c]));
  // The shallowest folder holding a default-named base file (eShopOnContainers keeps it in src/).
  const depth = (f: string) => f.split('/').length;
  const bases = compose
    .filter((c) => COMPOSE_BASE_NAMES.includes(basename(c.file)))
    .sort((a, b) => depth(a.file) - depth(b.file) || COMPOSE_BASE_NAMES.indexOf(basename(a.file)) - COMPOSE_BASE_NAMES.indexOf(basename(b.file)));
  const base = bases[0];
  if (base) {
    const override = overrideNameFor(basename(base.file)).map((n) => byName.get(join(dirname(base.file), n))).find((x) => x !== undefined);
    return override ? [base, override] : [base];
  }
  const shallowest = Math.min(...compose.map((c) => depth(c.file)));
  const candidates = compose.filter((c) => depth(c.file) === shallowest);
  if (candidates.length === 1) return candidates;
  throw new UserError(`${dir}: ${candidates.length} compose files and none named compose.yaml or docker-compose.yml`, {
    hint: `name the files to merge, in order, e.g. ${candidates.slice(0, 2).map((c) => c.file).join(' ')}`,
  });
}

/**
 * The `.env` file docker compose reads from the project folder (the first compose file's
 * folder) for `${VAR}` values. The shell's own environment is deliberately not used, so the same
 * files always give the same model.
 */
async function readDotEnv(files: ClassifiedFile[], ctx: ReadContext): Promise<Map<string, string> | undefined> {
  const first = files[0];
  if (!first || first.format !== 'compose' || first.file === '<stdin>') return undefined;
  const path = join(dirname(first.file), '.env');
  try {
    if (!statSync(path).isFile()) return undefined;
  } catch {
    return undefined;
  }
  const { text } = await readInputText(path, { maxBytes: ctx.maxBytes, readStdin: ctx.io.readStdin });
  return (await composeImporter()).parseDotEnv(text);
}

/** Rounds of reading what a compose project refers to (includes of includes...). */
const MAX_RESOURCE_ROUNDS = 16;
/** Files read for one project beyond its own, at most. */
const MAX_RESOURCES = 400;

/**
 * Reads the files a compose project refers to: included and extended compose files, env files,
 * configs mounted into its services, and imports the project. The importer says what it needs,
 * so the shell reads exactly what the loader will use; a file that cannot be read is handed on
 * as such, and the importer decides whether that is an error (a missing include is; a missing
 * mounted config is not). The round that needs nothing more is the import itself; only when
 * the rounds run out or a required file is unreadable does a last import run, to refuse it.
 */
async function importComposeProject(files: ClassifiedFile[], name: string, dotEnv: Map<string, string> | undefined, ctx: ReadContext): Promise<ImportedSystem> {
  const resources = new Map<string, Resource>();
  const importer = await composeImporter();
  const vars = dotEnv ? { vars: dotEnv } : {};
  const used = () => new Set([...resources].filter(([, r]) => r.kind !== 'unreadable').map(([p]) => p));
  for (let round = 0; round < MAX_RESOURCE_ROUNDS; round++) {
    const pass = importer.collectOrImportCompose(files, name, { ...vars, resources });
    if (pass.result) return { result: pass.result, used: used() };
    const needs: ResourceNeed[] = pass.needs.filter((n) => !resources.has(n.path));
    if (needs.length === 0) break;
    for (const n of needs) {
      if (resources.size >= MAX_RESOURCES) {
        resources.set(n.path, { kind: 'unreadable', file: n.file, reason: `more than ${MAX_RESOURCES} files referred to; not read` });
        continue;
      }
      resources.set(n.path, await readResource(n, ctx));
    }
  }
  return { result: importer.importCompose(files, name, { ...vars, resources }), used: used() };
}

async function readResource(n: ResourceNeed, ctx: ReadContext): Promise<Resource> {
  try {
    if (n.kind === 'dir') {
      if (!statSync(n.path).isDirectory()) return { kind: 'unreadable', file: n.file, reason: 'not a folder' };
      return { kind: 'dir', file: n.file, entries: readdirSync(n.path) };
    }
    if (!statSync(n.path).isFile()) return { kind: 'unreadable', file: n.file, reason: 'not a file' };
    const { text } = await readInputText(n.path, { maxBytes: ctx.maxBytes, readStdin: ctx.io.readStdin });
    if (n.kind === 'text') return { kind: 'text', file: n.file, text };
    const docs = parseWithComposeTags(text, n.file);
    const detection = detectFormat(docs);
    if (detection.format !== 'compose') throw unknownFormatError(n.file, detection);
    return { kind: 'compose', file: { file: n.file, docs } };
  } catch (err) {
    if (err instanceof UserError) {
      if (n.kind === 'compose') throw err;
      return { kind: 'unreadable', file: n.file, reason: err.message };
    }
    const code = (err as NodeJS.ErrnoException).code;
    return { kind: 'unreadable', file: n.file, reason: code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (err as Error).message };
  }
}

/**
 * The compose and Kubernetes importers are loaded only for inputs in their format: a lint of a
 * meshgate file should not pay for parsing both (about a dozen modules) at start-up.
 */
const composeImporter = () => import('../importers/compose.js');
const kubernetesImporter = () => import('../importers/kubernetes.js');

/** Imports one system made of files that share one format. */
interface ImportedSystem {
  result: ImportResult;
  /** Absolute paths of further files the import read (mounted configs, env files, includes). */
  used: Set<string>;
}

/** Imports one system made of files that share one format. */
async function importSystem(files: ClassifiedFile[], ctx: ReadContext, name = systemName(files[0]!.file)): Promise<ImportedSystem> {
  const format = files[0]!.format;
  if (format === 'meshgate') {
    if (files.length > 1) {
      throw new UserError(`${files.map((f) => f.file).join(', ')}: more than one meshgate architecture for one system`, {
        loc: files[1]!.docs[0]!.locate(''),
        hint: 'give one Architecture file per system',
      });
    }
    const f = files[0]!;
    return { result: architectureFromDocument(f.docs[0]!, f.file, name), used: new Set() };
  }
  if (format === 'compose') {
    return importComposeProject(files, name, await readDotEnv(files, ctx), ctx);
  }
  return { result: (await kubernetesImporter()).importKubernetes(files, name), used: new Set() };
}

/** Directory notes about a skipped file that the import read after all (a mounted config) go. */
function stillTrue(notes: ImportNote[], used: Set<string>): ImportNote[] {
  return notes.filter((n) => !(n.loc && /: skipped \(/.test(n.message) && used.has(resolve(n.loc.file))));
}

/** Folder names that say where files live rather than what the system is called. */
const GENERIC_DIRS = /^(src|source|deploy|deployment|deployments|docker|docker-compose|compose|kubernetes|k8s|kube|manifests|kubernetes-manifests|platform|config|configs|infra|quickstart-k8s|base|overlays|\.)$/i;

/** A name for the system from a folder path: the innermost folder that is not a generic one. */
function dirName(dir: string): string {
  let p = resolve(dir);
  for (let i = 0; i < 4 && GENERIC_DIRS.test(basename(p)) && dirname(p) !== p; i++) p = dirname(p);
  return basename(p) || 'system';
}

/** A name for the system: the folder for default-named compose files, else the file's stem. */
function systemName(file: string): string {
  if (file === '<stdin>') return 'system';
  const base = basename(file).replace(/\.ya?ml$/i, '');
  if (/^(docker-)?compose(\.override)?$/i.test(base)) return dirName(dirname(file));
  return base;
}

/** A system as lint reads it: the model, what the import noticed, and the texts of its files. */
export type LintSystem = ArchitectureInput & { notes: ImportNote[]; texts: string[]; inventory?: ImportInventory };

function toInput(files: ClassifiedFile[], result: ImportResult): LintSystem {
  return {
    architecture: result.architecture,
    locate: result.locate,
    files: files.map((f) => f.file),
    // Handed on so that lint finds suppressions without reading every file a second time (and,
    // for a meshgate file, whose locator keeps its text anyway, without a second copy of it).
    texts: files.map((f) => f.text),
    format: files[0]!.format,
    notes: result.notes,
    // The objects, workloads and call evidence behind the model (plain data, for lint).
    ...(result.inventory ? { inventory: result.inventory } : {}),
  };
}

function checkFileFormat(f: ClassifiedFile): void {
  if (f.format === 'unknown') throw unknownFormatError(f.file, f.detection);
  if (f.format === 'answers') throw answersNotArchitecture(f.file, f.docs.find((d) => d.value !== null)!);
}

/**
 * For lint: each argument is its own system (a directory is one system, except that every
 * meshgate Architecture file in it is a system of its own); `-` reads stdin.
 */
export async function readSystems(
  inputs: string[],
  opts: { maxBytes?: number; onUnreadable?: (file: string, err: UserError) => void },
  io: InputAccess,
): Promise<LintSystem[]> {
  const ctx: ReadContext = { maxBytes: opts.maxBytes, io, onUnreadable: opts.onUnreadable };
  const out: LintSystem[] = [];
  for (const input of inputs) {
    if (isDirectory(input)) {
      const { systems, notes } = await readDirectory(input, ctx);
      for (const [i, files] of systems.entries()) {
        const imported = await importSystem(files, ctx, files[0]!.format === 'meshgate' ? undefined : dirName(input));
        const sys = toInput(files, imported.result);
        if (i === 0) sys.notes.unshift(...stillTrue(notes, imported.used));
        out.push(sys);
      }
    } else {
      const f = await readFile(input, ctx);
      checkFileFormat(f);
      out.push(toInput([f], (await importSystem([f], ctx)).result));
    }
  }
  return out;
}

/**
 * Reads all inputs as ONE system: compose files merge in order (like `docker compose -f a -f b`),
 * manifests and directories of manifests combine. Returns the model with its import notes.
 */
export async function readOneSystem(
  inputs: string[],
  opts: { maxBytes?: number },
  io: InputAccess,
  preloaded: ClassifiedFile[] = [],
): Promise<LintSystem> {
  const ctx: ReadContext = { maxBytes: opts.maxBytes, io };
  const files: ClassifiedFile[] = [];
  const dirNotes: ImportNote[] = [];
  let name: string | undefined;
  for (const input of inputs) {
    if (isDirectory(input)) {
      name ??= dirName(input);
      const { systems, notes } = await readDirectory(input, ctx);
      if (systems.length > 1) {
        throw new UserError(`${input}: the directory holds ${systems.length} systems (${systems.map((s) => s[0]!.file).join(', ')})`, {
          hint: 'name the one file or folder to read',
        });
      }
      files.push(...systems[0]!);
      dirNotes.push(...notes);
    } else {
      const f = preloaded.find((p) => p.file === input || (input === '-' && p.file === '<stdin>')) ?? (await readFile(input, ctx));
      checkFileFormat(f);
      files.push(f);
    }
  }
  const formats = [...new Set(files.map((f) => f.format))];
  if (formats.length > 1) {
    const other = files.find((f) => f.format !== files[0]!.format)!;
    throw new UserError(`${other.file} is a ${other.format} input but ${files[0]!.file} is ${files[0]!.format}: one system must come in one format`, {
      loc: other.docs[0]!.locate(''),
      hint: 'read compose files and Kubernetes manifests separately (they usually describe the same system twice)',
    });
  }
  const imported = await importSystem(files, ctx, files[0]!.format === 'meshgate' ? undefined : name);
  const sys = toInput(files, imported.result);
  sys.notes.unshift(...stillTrue(dirNotes, imported.used));
  if (sys.architecture.services.length === 0) {
    throw new UserError(`${sys.files.join(', ')}: no services found (${sys.format === 'kubernetes' ? 'no Deployment, StatefulSet, DaemonSet or selector-less Service' : 'no application service, datastore or queue under `services:`'})`, {
      loc: sys.locate(''),
      hint: sys.notes.length > 0 ? `what was skipped: ${sys.notes.slice(0, 3).map((n) => n.message).join('; ')}` : 'pass the files that define the workloads',
    });
  }
  return sys;
}
