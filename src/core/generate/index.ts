/**
 * `generate`'s pure core: from an architecture or answers, a decision and the chosen targets,
 * the list of files to write. Nothing here touches the file system.
 */
import type { Answers, Architecture, Decision } from '../types.js';
import { modelFromAnswers, modelFromArchitecture, type GenModel } from './model.js';
import { checkNames, type NameProblem } from './names.js';
import type { GeneratedFile } from './render.js';
import { defaultTargets, readPicks, type Target } from './targets.js';
import { gatewayApiFiles, type GenContext } from './gateway-api.js';
import { kongFiles } from './kong.js';
import { nginxFiles } from './nginx.js';
import { istioFiles } from './istio.js';
import { linkerdFiles } from './linkerd.js';
import { ingressFiles } from './ingress.js';
import type { GenerateDefaults } from './defaults.js';

/** One file `generate` writes. */
export type { GeneratedFile } from './render.js';
export { TARGETS, isTarget, defaultTargets, type Target } from './targets.js';
/** A service name that cannot be used, with where it is written. */
export type { NameProblem } from './names.js';
/** The tunable values from templates/<target>/defaults.yaml. */
export type { GenerateDefaults } from './defaults.js';

/** Everything planFiles needs: the input, the decision and the defaults. */
export interface GenerateInput {
  architecture?: Architecture;
  answers: Answers;
  decision: Decision;
  /** Human name of the input (file names, never content), for headers. */
  source: string;
  /** Tunable values from templates/<target>/defaults.yaml. */
  defaults: GenerateDefaults;
}

/** What planFiles returns: the files, the targets chosen, notes for stderr and name problems. */
export interface FilePlan {
  files: GeneratedFile[];
  targets: Target[];
  /** Things to tell the user on stderr (substituted products and the like). */
  notes: string[];
  /** Names that cannot be used; when non-empty, `files` is empty. */
  nameProblems: NameProblem[];
}

const GENERATORS: Record<Target, (ctx: GenContext) => GeneratedFile[]> = {
  'gateway-api': (ctx) => gatewayApiFiles(ctx),
  kong: kongFiles,
  nginx: nginxFiles,
  istio: istioFiles,
  linkerd: linkerdFiles,
  ingress: ingressFiles,
};

/** The model every target is built from: the architecture when there is one, placeholders otherwise. */
export function buildModel(input: GenerateInput): GenModel {
  return input.architecture
    ? modelFromArchitecture(input.architecture, input.answers, input.decision, input.source)
    : modelFromAnswers(input.answers, input.decision, input.source);
}

/**
 * Plans every file for the given targets (or the decision's default targets when none are
 * given). Bad names are returned, not thrown, so the shell can point at each one.
 */
export function planFiles(input: GenerateInput, targets: readonly Target[] = []): FilePlan {
  const model = buildModel(input);
  const chosen = targets.length > 0 ? [...new Set(targets)] : defaultTargets(input.decision, model.platform);
  const picks = readPicks(input.decision);
  const nameProblems = checkNames(model);
  if (nameProblems.length > 0) return { files: [], targets: chosen, notes: picks.notes, nameProblems };
  const ctx: GenContext = { model, picks, defaults: input.defaults };
  const files = chosen.flatMap((t) => GENERATORS[t](ctx));
  const notes = [...picks.notes];
  const k8s = model.platform === 'kubernetes' || model.platform === 'mixed';
  const gatewayPick = input.decision.products.find((p) => p.id === picks.gatewayId);
  if (targets.length === 0 && !k8s && gatewayPick && chosen.includes('nginx') && picks.gatewayId !== 'nginx') {
    notes.push(`${gatewayPick.name} has no meshgate target for platform "${model.platform}"; the nginx target stands in as the closest portable reverse proxy: it shows the routes, TLS and rate limits to set up.`);
  }
  if (!model.fromArchitecture) notes.push('built from answers alone: the files use placeholder services (service-1, ...); replace them with your real services');
  return { files, targets: chosen, notes, nameProblems };
}
