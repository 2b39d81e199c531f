/**
 * Pass 5: roles. Each unit is an application service, a datastore or queue, an edge gateway,
 * platform plumbing, or something that is no part of the system's traffic (tracing and metrics
 * backends, log tooling, developer tooling, load generators), which is left out with a note.
 * Tracing and metrics backends found this way are recorded as observability already present.
 */
import { LEFT_OUT_ROLES, classify, type Classified } from '../../core/classify.js';
import { at } from '../common.js';
import { mainContainer } from './services.js';
import type { K8sContext, Unit } from './context.js';

const ROLE_WORDS: Record<string, string> = {
  tracing: 'tracing backend', metrics: 'metrics backend', telemetry: 'telemetry tooling', tooling: 'developer tooling', loadgen: 'load generator',
};

/** Why a unit is what it is, for notes: "image redis:7", "name “catalogue-db”". */
export function roleEvidence(u: Unit, c: Classified): string {
  const main = u.workloads[0] ? mainContainer(u.workloads[0]) : undefined;
  if (c.by === 'image') return `image ${main?.image ?? ''}`;
  if (c.by === 'env') return `variable ${c.token}`;
  if (c.by === 'name') return `name “${c.token ?? u.name}”`;
  return '';
}

export function roleLoc(u: Unit, c: Classified) {
  const main = u.workloads[0] ? mainContainer(u.workloads[0]) : undefined;
  return c.by === 'image' && main ? main.imageLoc : u.nameLoc;
}

/** Pass 5: classify every unit; decide what stays in the model. */
export function classifyRoles(ctx: K8sContext): void {
  for (const u of ctx.units) {
    if (u.external) {
      u.role = { role: { role: 'service' }, by: 'none' };
      ctx.kept.push(u);
      continue;
    }
    const main = u.workloads[0] ? mainContainer(u.workloads[0]) : undefined;
    u.role = classify(u.name, main?.image, main?.env.map((e) => e.key) ?? [], { published: u.exposure === 'public' });
    const r = u.role.role;
    if (LEFT_OUT_ROLES.has(r.role)) {
      const product = (r as { product: string }).product;
      const loc = roleLoc(u, u.role);
      u.leftOut = `${ROLE_WORDS[r.role]} (${product})`;
      if (r.role === 'tracing' && !ctx.tracing) ctx.tracing = { product, loc, why: `${u.name} runs ${product}`, by: 'collector' };
      if (r.role === 'metrics' && !ctx.metrics) ctx.metrics = { product, loc, why: `${u.name} runs ${product}`, by: 'collector' };
      ctx.notes.push({ message: `${u.name}: not a service of the system (${u.leftOut}, from its ${roleEvidence(u, u.role)}, ${at(loc)}); left out of services`, loc });
      continue;
    }
    ctx.kept.push(u);
  }
}
