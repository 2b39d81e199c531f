/**
 * `meshgate explain-call FROM TO FILE|DIR...`: reads Kubernetes manifests as one system and
 * prints, for each workload of FROM and of TO, every policy object the evaluator looked at and
 * its verdict, in order, so a user sees why the call is allowed or denied. Exit 0 when every pair
 * is allowed, 1 when one is denied (like a finding), 2 for bad input.
 */
import type { Io } from '../io.js';
import { UserError } from '../errors.js';
import { parseByteSize } from '../shell/read-input.js';
import { readOneSystem } from '../shell/load-architecture.js';
import { appliedNamespace, inventoryObjects, pairQuestions, pickWorkloads } from '../core/policy/inventory.js';
import { evaluateCall, indexCluster } from '../core/policy/index.js';
import { closest } from '../core/lint/closest.js';
import { formatExplainJson, formatExplainText, type ExplainedPair } from '../format/explain-call.js';
import { visible } from '../format/terminal-text.js';

export interface ExplainCallOptions {
  format?: 'text' | 'json';
  port?: number;
  method?: string;
  path?: string;
  maxBytes?: string;
}

export async function runExplainCall(from: string, to: string, inputs: string[], opts: ExplainCallOptions, io: Io): Promise<number> {
  const maxBytes = opts.maxBytes ? parseByteSize(opts.maxBytes) : undefined;
  if (opts.path !== undefined && !opts.path.startsWith('/')) throw new UserError(`--path must start with "/" (got "${visible(opts.path)}")`, { hint: 'give the request path, e.g. --path /api/cart' });
  const sys = await readOneSystem(inputs, { maxBytes }, io);
  const inventory = sys.inventory;
  if (!inventory || inventory.format !== 'kubernetes') {
    throw new UserError(`explain-call reads Kubernetes manifests; ${sys.files.map(visible).join(', ')} ${sys.files.length === 1 ? 'is' : 'are'} ${sys.format}`, {
      hint: 'pass the manifests (a directory, or rendered Helm or Kustomize output) that hold the workloads and their policies',
    });
  }
  const namespace = appliedNamespace(inventory);
  const pick = (ref: string, role: string) => {
    const picked = pickWorkloads(inventory, sys.architecture, ref, namespace);
    if ('workloads' in picked) return picked.workloads;
    const near = closest(ref, picked.candidates);
    throw new UserError(`${role} ${picked.problem}`, {
      hint: near ? `did you mean ${visible(near)}? (name a service or workload as NAME, NAMESPACE/NAME or NAME.NAMESPACE)` : `name one of: ${picked.candidates.slice(0, 8).map(visible).join(', ')}${picked.candidates.length > 8 ? ', ...' : ''}`,
    });
  };
  const callers = pick(from, 'caller:');
  const callees = pick(to, 'callee:');
  const http = opts.method !== undefined || opts.path !== undefined ? { ...(opts.method ? { method: opts.method.toUpperCase() } : {}), ...(opts.path ? { path: opts.path } : {}) } : undefined;
  const questions = pairQuestions(inventory, sys.architecture, callers, callees, { ...(opts.port !== undefined ? { port: opts.port } : {}), ...(http ? { http } : {}) }, namespace);
  if (questions.length === 0) throw new UserError(`callee: no port is known for ${visible(to)}`, { hint: 'give the pod port with --port' });
  const cluster = indexCluster(inventoryObjects(inventory, namespace), { unlistedNamespaceLabels: 'any' });
  const pairs: ExplainedPair[] = questions.map((q) => ({
    from: { name: q.request.from.name, namespace: q.request.from.namespace, serviceAccount: q.request.from.serviceAccount },
    to: { name: q.request.to.name, namespace: q.request.to.namespace, serviceAccount: q.request.to.serviceAccount },
    port: q.request.port,
    ...(q.request.protocol ? { protocol: q.request.protocol } : {}),
    ...(q.call ? { declared: q.call.evidence.map((e) => ({ loc: e.loc, name: e.name })) } : {}),
    verdict: evaluateCall(cluster, q.request),
  }));
  io.stdout(opts.format === 'json' ? formatExplainJson(pairs) : formatExplainText(pairs, io.columns));
  return pairs.every((p) => p.verdict.allowed) ? 0 : 1;
}
