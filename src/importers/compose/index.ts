/**
 * docker-compose → architecture: a pipeline of small passes over one context (./context.ts).
 * Pure: takes parsed documents, the project's `.env` values and the files the project refers
 * to (read beforehand by the shell; `composeNeeds` says which).
 *
 *   loadComposeProject  include, extends, merge of -f files, !reset/!override, profiles
 *   readServices        ports, environment (+ env_file), addresses, ordering, mounted configs
 *   classifyRoles       service, datastore, queue, gateway, platform; tooling left out; copies folded
 *   deriveProtocols     ports, gRPC port variables, health probes
 *   deriveCalls         calls from addresses only; depends_on/links as ordering
 *   deriveGateway       the edge, its routes, rules, auth and limits
 *   foldWorkers         one product's helper containers folded into it
 *   buildModel          the model, its source map, notes and inventory
 */
import type { ImportResult, SourceFile } from '../common.js';
import type { ComposeContext } from './context.js';
import { loadComposeProject, type ResourceNeed, type Resources } from './load.js';
import { readServices } from './services.js';
import { classifyRoles, foldWorkers } from './roles.js';
import { deriveCalls, deriveProtocols } from './calls.js';
import { deriveGateway } from './edge.js';
import { buildModel } from './build.js';

export { loadComposeProject, readServices, classifyRoles, deriveProtocols, deriveCalls, deriveGateway, foldWorkers, buildModel };
export type { Resource, ResourceNeed, Resources } from './load.js';

export interface ComposeImportOptions {
  /** The project's `.env` values (the first file's folder). */
  vars?: ReadonlyMap<string, string>;
  /** Files the project refers to, by absolute path. */
  resources?: Resources;
  /** Folder relative paths in `files` are taken from (default: the process's). */
  cwd?: string;
}

function context(files: SourceFile[], name: string, opts: ComposeImportOptions, collecting: boolean): ComposeContext {
  const resources = opts.resources ?? new Map();
  const project = loadComposeProject(files, opts.vars ?? new Map(), resources, { collecting, ...(opts.cwd ? { cwd: opts.cwd } : {}) });
  return { name, files, notes: project.notes, project, resources, collecting, services: [], kept: [], calls: [], edges: [] };
}

function run(ctx: ComposeContext): void {
  readServices(ctx);
  classifyRoles(ctx);
  deriveProtocols(ctx);
  deriveCalls(ctx);
  deriveGateway(ctx);
  foldWorkers(ctx);
}

/** The files a project refers to that are not in `resources` yet. */
export function composeNeeds(files: SourceFile[], opts: ComposeImportOptions = {}): ResourceNeed[] {
  const ctx = context(files, 'x', opts, true);
  run(ctx);
  return ctx.project.needs;
}

/**
 * One collecting pass that is also the import when it can be: the files the project refers to
 * that are not in `resources` yet (`needs`), and, when there are none and no required one was
 * unreadable, the import itself. Collecting and importing take the same path through every pass
 * except where a resource is missing or unreadable, so that pass's result is the import's, and
 * the shell need not run every pass a second time (half the import of a large compose file).
 */
export function collectOrImportCompose(files: SourceFile[], name: string, opts: ComposeImportOptions = {}): { needs: ResourceNeed[]; result?: ImportResult } {
  const ctx = context(files, name, opts, true);
  run(ctx);
  const { needs, refused } = ctx.project;
  if (needs.length > 0 || refused.length > 0) return { needs };
  return { needs, result: buildModel(ctx) };
}

/** Imports docker-compose files (merged in the given order) as one system named `name`. */
export function importCompose(files: SourceFile[], name: string, opts: ComposeImportOptions = {}): ImportResult {
  const ctx = context(files, name, opts, false);
  run(ctx);
  return buildModel(ctx);
}

export { parseDotEnv, parseEnvFile, interpolate } from './interpolate.js';
