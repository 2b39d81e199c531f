/**
 * `generate`'s pure core: from an architecture or answers, a decision and the chosen targets,
 * the list of files to write. Nothing here touches the file system.
 */
import { loadAll } from 'js-yaml';
import type { Answers, Architecture, Decision } from '../types.js';
import { modelFromAnswers, modelFromArchitecture, type GenModel } from './model.js';
import { checkNames, showName, type NameProblem } from './names.js';
import type { GeneratedFile } from './render.js';
import { defaultTargets, readPicks, type ProductHandling, type Target } from './targets.js';
import { edgeNotes, gatewayApiFiles, type GenContext } from './gateway-api.js';
import { nameList } from './render.js';
import { kongFiles } from './kong.js';
import { nginxFiles } from './nginx.js';
import { traefikFiles } from './traefik.js';
import { istioFiles } from './istio.js';
import { linkerdFiles } from './linkerd.js';
import { ingressFiles } from './ingress.js';
import { edgeIdentity } from './edge-identity.js';
import type { GenerateDefaults } from './defaults.js';

export type { GeneratedFile } from './render.js';
export { TARGETS, isTarget, defaultTargets, PRODUCT_SUPPORT, type ProductHandling, type Target } from './targets.js';
export type { NameProblem } from './names.js';
export type { GenerateDefaults } from './defaults.js';
export type { GenModel, GenService } from './model.js';
export type { EdgeIdentity } from './edge-identity.js';

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
  /** Things to tell the user on stderr (substituted products, placeholders, what is not enforced). */
  notes: string[];
  /** Values that cannot be used; when non-empty, `files` is empty. */
  nameProblems: NameProblem[];
  /** The edge configuration(s) written, one line each, for the summary. */
  edge: string[];
  /** What the files were built from (for the round-trip checks and explain-call). */
  context: GenContext;
  /**
   * Every product the decision picked and what is written for it: the files of its targets, or
   * why no starter config is written (for the summary and the .meshgate-generated.json record).
   */
  products: PlannedProduct[];
}

/** A pick and what this run wrote for it. */
export interface PlannedProduct {
  id: string;
  role: ProductHandling['role'];
  name: string;
  outcome: ProductHandling['outcome'];
  /** Files written for it (empty when declined, or when --target left its targets out). */
  files: string[];
  detail: string;
}

/** The picks with the files this run writes for each. */
function plannedProducts(handling: readonly ProductHandling[], files: readonly GeneratedFile[]): PlannedProduct[] {
  return handling.map((h) => ({ id: h.id, role: h.role, name: h.name, outcome: h.outcome, files: files.filter((f) => (h.targets as readonly string[]).includes(f.target)).map((f) => f.path), detail: h.detail }));
}

const GENERATORS: Record<Target, (ctx: GenContext) => GeneratedFile[]> = {
  'gateway-api': (ctx) => gatewayApiFiles(ctx),
  kong: kongFiles,
  nginx: nginxFiles,
  traefik: traefikFiles,
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
 * Two objects of one kind with one name in one namespace would overwrite each other on apply:
 * a service name that collides with an object meshgate derives from another name. Reported as
 * a name problem against the service whose name the colliding object starts with.
 */
function collisions(files: readonly GeneratedFile[], model: GenModel): NameProblem[] {
  const problems: NameProblem[] = [];
  const seen = new Map<string, string>();
  for (const f of files) {
    if (!f.path.endsWith('.yaml') || f.target === 'kong' || f.target === 'traefik') continue;
    for (const o of loadAll(f.content) as Array<{ apiVersion?: string; kind?: string; metadata?: { name?: string; namespace?: string } }>) {
      if (!o?.metadata?.name) continue;
      const key = `${f.target}\u0000${o.apiVersion}\u0000${o.kind}\u0000${o.metadata.namespace ?? ''}\u0000${o.metadata.name}`;
      if (!seen.has(key)) {
        seen.set(key, f.path);
        continue;
      }
      const name = o.metadata.name;
      // The service whose name the object's starts with, in the object's namespace when it has one.
      const culprit = [...model.services]
        .filter((s) => o.metadata!.namespace === undefined || s.namespace === o.metadata!.namespace)
        .sort((a, b) => b.name.length - a.name.length)
        .find((s) => name === s.name || name.startsWith(`${s.name}-`));
      problems.push({
        name: culprit?.name ?? name,
        pointer: culprit?.pointer ? `${culprit.pointer}/name` : culprit ? model.namePointers.get(culprit.name) : undefined,
        message: `service name ${showName(culprit?.name ?? name)} makes two ${o.kind} objects named ${showName(name)} in ${f.path} (another service's name, or a name meshgate derives, collides with it): rename one of them`,
      });
    }
  }
  return problems;
}

/** The picked edge product's name, when one is picked. */
function edgeProductName(ctx: GenContext): string | undefined {
  return ctx.picks.products.find((p) => p.id === ctx.picks.gatewayId)?.name;
}

/** The summary line for each edge configuration written. */
function edgeSummary(ctx: GenContext, targets: readonly Target[]): string[] {
  const out: string[] = [];
  const impl: Record<string, string> = { 'envoy-gateway': 'Envoy Gateway', kong: 'Kong Ingress Controller', istio: 'Istio', 'nginx-gateway-fabric': 'NGINX Gateway Fabric', traefik: 'Traefik', cilium: 'Cilium', apisix: 'APISIX Ingress Controller', 'external-lb': edgeProductName(ctx) ?? 'your cloud load balancer controller', unknown: 'your Gateway API controller' };
  for (const t of targets) {
    if (t === 'gateway-api' || t === 'ingress') out.push(`${t}/ for ${impl[ctx.picks.implementation]} (gatewayClassName ${ctx.picks.gatewayClassName})`);
    if (t === 'kong') out.push('kong/kong.yaml for Kong Gateway (decK)');
    if (t === 'nginx') out.push('nginx/nginx.conf for nginx');
    if (t === 'traefik') out.push('traefik/dynamic.yaml for Traefik (file provider)');
  }
  return out;
}

/**
 * Plans every file for the given targets (or the decision's default targets when none are
 * given). Bad names are returned, not thrown, so the shell can point at each one.
 */
export function planFiles(input: GenerateInput, targets: readonly Target[] = []): FilePlan {
  const model = buildModel(input);
  const chosen = targets.length > 0 ? [...new Set(targets)] : defaultTargets(input.decision, model.platform);
  const picks = readPicks(input.decision, model);
  const context: GenContext = { model, picks, defaults: input.defaults, edgeId: edgeIdentity(model, picks) };
  const nameProblems = checkNames(model);
  if (nameProblems.length > 0) return { files: [], targets: chosen, notes: picks.notes, nameProblems, edge: [], context, products: plannedProducts(picks.products, []) };
  const files = chosen.flatMap((t) => GENERATORS[t](context));
  const clashes = collisions(files, model);
  if (clashes.length > 0) return { files: [], targets: chosen, notes: picks.notes, nameProblems: clashes, edge: [], context, products: plannedProducts(picks.products, []) };
  const notes = [...(picks.istioModeNote && chosen.includes('istio') ? [picks.istioModeNote] : []), ...picks.notes];
  const edgeConfigs = edgeSummary(context, chosen);
  if (edgeConfigs.length > 1) notes.push(`${edgeConfigs.length} edge configurations are written (${edgeConfigs.join('; ')}): they are alternatives for one edge${model.platform === 'mixed' ? ' (on a mixed platform, one for the Kubernetes part and one for the rest)' : ''}: apply one per place, not both.`);
  // A cloud load balancer in front of a mesh reaches the pods from outside it: said as loudly as a missing auth object.
  const edgeName = edgeProductName(context);
  if (picks.implementation === 'external-lb' && chosen.some((t) => t === 'istio' || t === 'linkerd') && chosen.some((t) => t === 'gateway-api' || t === 'ingress')) {
    notes.push(`WARNING: ${edgeName ?? 'the cloud load balancer'} sends to the pods from outside the cluster, with no mesh identity: the mesh's mutual TLS refuses its requests. Put a meshed gateway behind it (for Istio, an ingress gateway Deployment; Linkerd: a meshed ingress controller), route the load balancer to that gateway, and admit the gateway's identity where the policies name the edge.`);
  }
  if (chosen.some((t) => t !== 'istio' && t !== 'linkerd')) {
    notes.push(...edgeNotes(context).filter((n) => n.startsWith('KEEP YOUR PROXY')));
    const skipped = model.edge.skipped.map((x) => x.service);
    if (skipped.length > 0) notes.push(`not routed from the edge: ${nameList(skipped)} (datastores, queues, admin consoles or plain TCP; each file's header says why)`);
  }
  // What the files cannot enforce, and what they had to assume, is said on stderr too (once each).
  for (const f of files) {
    for (const line of f.content.split('\n')) {
      const w = /^# WARNING: (.*)$/.exec(line);
      if (w && !notes.includes(`WARNING: ${w[1]}`)) notes.push(`WARNING: ${w[1]}`);
    }
  }
  // Placeholders are said only when some file holds them (with no file, the notes above say why).
  if (files.length > 0 && !model.fromArchitecture) notes.push('built from answers alone: the files use placeholder services (service-1, ...); replace them with your real services');
  else if (files.length > 0) {
    const mesh = chosen.some((t) => t === 'istio' || t === 'linkerd');
    const gateway = chosen.some((t) => t === 'gateway-api' || t === 'ingress');
    const parts: string[] = [];
    const unknown = mesh ? model.services.filter((s) => s.assumed.namespace || s.assumed.serviceAccount || s.assumed.selector) : gateway ? model.routed.filter((s) => s.assumed.namespace) : [];
    if (unknown.length > 0) parts.push(`the namespace, ServiceAccount or pod labels of ${unknown.length} service(s)`);
    if (gateway && model.edge.namespaceAssumed) parts.push(`the Gateway's namespace ("${model.edge.namespace}")`);
    if ((mesh || gateway) && context.edgeId.assumed) parts.push(`the edge gateway's identity (${context.edgeId.namespace}/${context.edgeId.serviceAccount})`);
    if (parts.length > 0) notes.push(`the input does not give ${parts.join(', ')}: the files use placeholders, listed under PLACEHOLDERS in each file's header; check them before applying`);
  }
  return { files, targets: chosen, notes, nameProblems, edge: edgeConfigs, context, products: plannedProducts(picks.products, files) };
}
