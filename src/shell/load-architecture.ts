/**
 * Reads architecture inputs (meshgate Architecture files, docker-compose files, Kubernetes
 * manifests, directories of them, or stdin) into the model, for `lint` (one system per
 * argument) and for recommend/generate/report/diagram (all arguments form one system).
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { ANSWERS_OVERRIDES_SCHEMA } from './answers-overrides-schema.js';
import { compileSchema } from './ajv.js';
import type { Io } from '../io.js';
import type { Answers, Loc } from '../core/types.js';
import { UserError } from '../errors.js';
import { parseYamlDocuments, type YamlDocument } from '../yaml/parse.js';
import { parseYamlLikeCompose } from '../yaml/compose.js';
import { readInputText, fsError } from './read-input.js';
import { schemaErrorsToDetails } from './schema-errors.js';
import type { ArchitectureInput, LoadedInput } from './load-input.js';
import type { ImportNote, ImportResult, SourceFile } from '../importers/common.js';
import type { MountedConfig } from '../importers/compose.js';
import { architectureFromDocument } from '../importers/meshgate.js';
import { deriveAnswers } from '../core/derive-answers.js';
import { defaultedFields } from '../core/answers.js';
import { answersFromDocument } from './load-answers.js';

/** What a parsed YAML file is. */
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
    if (!('kind' in v) && !('apiVersion' in v) && isMap(v['services'])) return { format: 'compose' };
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
        reason: present.length > 1 ? `document ${d.index + 1} has no apiVersion/kind` : 'it has no apiVersion/kind and no `services:` mapping',
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

interface ClassifiedFile extends SourceFile {
  /** The text as read (lint looks for suppression comments in it). */
  text: string;
  format: InputFormat;
  detection: FormatDetection;
}

interface ReadContext {
  maxBytes: number | undefined;
  io: Io;
}

/** Re-exported where it used to live: readers and tests of the corpus parse through it. */
export { parseYamlLikeCompose };

async function readFile(path: string, ctx: ReadContext): Promise<ClassifiedFile> {
  const { file, text } = await readInputText(path, { maxBytes: ctx.maxBytes, readStdin: ctx.io.readStdin });
  const docs = parseYamlLikeCompose(text, file);
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

function isDirectory(path: string): boolean {
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
  for (const p of listYaml(dir, true)) files.push(await readFile(p, ctx));
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

const CONFIG_EXT = /\.(ya?ml|conf|json|toml|cfg|tmpl)$/i;

/**
 * Config files bind-mounted into compose services that look like gateways (Envoy, nginx,
 * Traefik...): their upstreams are the gateway's routes. Missing or unreadable paths are skipped.
 */
async function readMountedConfigs(files: ClassifiedFile[], ctx: ReadContext): Promise<MountedConfig[]> {
  if (files[0]?.format !== 'compose') return [];
  const { classify } = await import('../importers/classify.js');
  const out: MountedConfig[] = [];
  const servicesOf = (f: ClassifiedFile): Record<string, unknown> => {
    const root = f.docs.find((d) => d.value !== null)?.value;
    return isMap(root) && isMap(root['services']) ? root['services'] : {};
  };
  // The image may come from the base file and the volumes from an override: merge first.
  const images = new Map<string, string>();
  const envNames = new Map<string, string[]>();
  for (const f of files) {
    if (f.format !== 'compose') continue;
    for (const [svc, def] of Object.entries(servicesOf(f))) {
      if (!isMap(def)) continue;
      if (typeof def['image'] === 'string') images.set(svc, def['image']);
      const env = Array.isArray(def['environment']) ? def['environment'].map((e) => String(e).split('=')[0]!) : isMap(def['environment']) ? Object.keys(def['environment']) : [];
      envNames.set(svc, [...(envNames.get(svc) ?? []), ...env]);
    }
  }
  for (const f of files) {
    if (f.format !== 'compose' || f.file === '<stdin>') continue;
    for (const [svc, def] of Object.entries(servicesOf(f))) {
      if (!isMap(def) || !Array.isArray(def['volumes'])) continue;
      if (classify(svc, images.get(svc), envNames.get(svc) ?? [], { published: true }).role.role !== 'gateway') continue;
      for (const v of def['volumes']) {
        const source = typeof v === 'string' ? v.split(':')[0]! : isMap(v) && v['type'] === 'bind' && typeof v['source'] === 'string' ? v['source'] : undefined;
        if (!source || !/^(\.{1,2}\/|\/|~)/.test(source) || source.startsWith('~')) continue;
        const path = resolve(dirname(f.file), source);
        let paths: string[];
        try {
          paths = statSync(path).isDirectory()
            ? readdirSync(path).filter((n) => CONFIG_EXT.test(n)).sort().slice(0, 20).map((n) => join(path, n))
            : CONFIG_EXT.test(path) ? [path] : [];
        } catch {
          continue;
        }
        for (const p of paths) {
          try {
            const shown = join(dirname(f.file), source, p === path ? '' : basename(p)).replace(/\/$/, '');
            const { text } = await readInputText(p, { maxBytes: ctx.maxBytes, readStdin: ctx.io.readStdin });
            out.push({ service: svc, file: shown, text });
          } catch {
            /* a mount that cannot be read only costs the routes it would have shown */
          }
        }
      }
    }
  }
  return out;
}

/**
 * The compose and Kubernetes importers are loaded only for inputs in their format: a lint of a
 * meshgate file should not pay for parsing both (about a dozen modules) at start-up.
 */
const composeImporter = () => import('../importers/compose.js');
const kubernetesImporter = () => import('../importers/kubernetes.js');

/** Imports one system made of files that share one format. */
async function importSystem(files: ClassifiedFile[], name = systemName(files[0]!.file), mounts: MountedConfig[] = [], dotEnv?: Map<string, string>): Promise<ImportResult> {
  const format = files[0]!.format;
  if (format === 'meshgate') {
    if (files.length > 1) {
      throw new UserError(`${files.map((f) => f.file).join(', ')}: more than one meshgate architecture for one system`, {
        loc: files[1]!.docs[0]!.locate(''),
        hint: 'give one Architecture file per system',
      });
    }
    const f = files[0]!;
    return architectureFromDocument(f.docs[0]!, f.file, name);
  }
  if (format === 'compose') return (await composeImporter()).importCompose(files, name, mounts, dotEnv);
  return (await kubernetesImporter()).importKubernetes(files, name);
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
export type LintSystem = ArchitectureInput & { notes: ImportNote[]; texts: string[] };

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
  opts: { maxBytes?: number },
  io: Io,
): Promise<LintSystem[]> {
  const ctx: ReadContext = { maxBytes: opts.maxBytes, io };
  const out: LintSystem[] = [];
  for (const input of inputs) {
    if (isDirectory(input)) {
      const { systems, notes } = await readDirectory(input, ctx);
      for (const [i, files] of systems.entries()) {
        const sys = toInput(files, await importSystem(files, files[0]!.format === 'meshgate' ? undefined : dirName(input), await readMountedConfigs(files, ctx), await readDotEnv(files, ctx)));
        if (i === 0) sys.notes.unshift(...notes);
        out.push(sys);
      }
    } else {
      const f = await readFile(input, ctx);
      checkFileFormat(f);
      out.push(toInput([f], await importSystem([f], undefined, await readMountedConfigs([f], ctx), await readDotEnv([f], ctx))));
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
  io: Io,
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
  const sys = toInput(files, await importSystem(files, files[0]!.format === 'meshgate' ? undefined : name, await readMountedConfigs(files, ctx), await readDotEnv(files, ctx)));
  sys.notes.unshift(...dirNotes);
  if (sys.architecture.services.length === 0) {
    throw new UserError(`${sys.files.join(', ')}: no services found (${sys.format === 'kubernetes' ? 'no Deployment, StatefulSet, DaemonSet or selector-less Service' : 'no application service, datastore or queue under `services:`'})`, {
      loc: sys.locate(''),
      hint: sys.notes.length > 0 ? `what was skipped: ${sys.notes.slice(0, 3).map((n) => n.message).join('; ')}` : 'pass the files that define the workloads',
    });
  }
  return sys;
}

/** The Answers schema without its required fields: a file of answers that override inferred ones. */
let overridesValidator: ReturnType<typeof compileSchema> | undefined;

async function readAnswerOverrides(path: string, ctx: ReadContext): Promise<Partial<Answers>> {
  const { file, text } = await readInputText(path, { maxBytes: ctx.maxBytes, readStdin: ctx.io.readStdin });
  const docs = parseYamlDocuments(text, file);
  const doc = docs[0]!;
  if (docs.length !== 1 || !isMap(doc.value) || doc.value['kind'] !== 'Answers') {
    throw new UserError(`${file} is not an Answers file`, {
      loc: doc.locate(''),
      hint: 'the --answers file needs apiVersion: meshgate/v1, kind: Answers and the fields to set (traffic and services may be left out)',
    });
  }
  overridesValidator ??= compileSchema(ANSWERS_OVERRIDES_SCHEMA);
  if (!(overridesValidator(doc.value) as boolean)) {
    const details = schemaErrorsToDetails(overridesValidator.errors ?? [], doc);
    throw new UserError(`${file}: ${details.length} problem${details.length === 1 ? '' : 's'} in the answers`, {
      details,
      hint: 'fix the fields named above; README "Answers format" lists every field and its allowed values',
    });
  }
  const { apiVersion: _v, kind: _k, ...rest } = doc.value as Record<string, unknown>;
  return rest as Partial<Answers>;
}

/**
 * For recommend/generate/report/diagram: all inputs are one system; answers are derived from
 * its structure, and `--answers FILE` supplies (and wins for) what structure cannot show.
 */
export async function loadArchitectureInput(inputs: string[], opts: { answers?: string; maxBytes?: number }, io: Io): Promise<LoadedInput> {
  const preloaded: ClassifiedFile[] = [];
  if (inputs.length === 1 && !isDirectory(inputs[0]!)) {
    const f = await readFile(inputs[0]!, { maxBytes: opts.maxBytes, io });
    if (f.format === 'answers') {
      const loaded = answersFromDocument(f.docs.find((d) => d.value !== null)!, f.file);
      return { kind: 'answers', answers: loaded.answers, inferred: [], defaulted: defaultedFields(loaded.raw), source: f.file };
    }
    preloaded.push(f);
  }
  const sys = await readOneSystem(inputs, { maxBytes: opts.maxBytes }, io, preloaded);
  const overrides = opts.answers ? await readAnswerOverrides(opts.answers, { maxBytes: opts.maxBytes, io }) : {};
  const derived = deriveAnswers(sys.architecture, { locate: sys.locate, format: sys.format, overrides });
  const { notes: _notes, texts: _texts, ...architecture } = sys;
  return {
    kind: 'architecture',
    answers: derived.answers,
    architecture,
    inferred: derived.inferred,
    defaulted: derived.defaulted,
    source: inputs.map((i) => (i === '-' ? '<stdin>' : i)).join(' + '),
  };
}
