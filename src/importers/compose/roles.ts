/**
 * Pass 3: roles. Each service is an application service, a datastore or queue, an edge gateway
 * (by image, name, variables, or a gateway config mounted into it), platform plumbing, or no
 * part of the system's traffic (tracing and metrics backends, log tooling, developer tooling,
 * load generators), which is left out with a note. One product shipped as several containers
 * is one logical service: numbered copies of one image (`kafka1`, `kafka2`) become one service
 * with replicas here; helper containers of one image that nobody calls (`app-worker-*`) are
 * folded into it after the calls are known (see `foldWorkers`).
 */
import { LEFT_OUT_ROLES, classify, imageBase, type Classified } from '../../core/classify.js';
import { at } from '../common.js';
import type { ComposeContext, CService } from './context.js';

const ROLE_WORDS: Record<string, string> = {
  tracing: 'tracing backend', metrics: 'metrics backend', telemetry: 'telemetry tooling', tooling: 'developer tooling', loadgen: 'load generator',
  service: 'application service', datastore: 'datastore', queue: 'queue', gateway: 'edge gateway', platform: 'platform service',
};

export function describeRole(c: Classified, s: CService): string {
  const r = c.role;
  const what = r.role === 'service' ? ROLE_WORDS['service']! : `${ROLE_WORDS[r.role]} (${(r as { product: string }).product})`;
  const why = c.by === 'image' ? `image ${s.image?.value ?? ''}` : c.by === 'name' ? `name (“${c.token}”)` : c.by === 'env' ? `variable ${c.token}` : '';
  return why ? `${what}, from its ${why}` : what;
}

export function roleLoc(s: CService): CService['nameLoc'] {
  if (s.role.by === 'image' && s.image) return s.image.loc;
  if (s.role.by === 'env') return s.env.get(s.role.token ?? '')?.keyLoc ?? s.nameLoc;
  return s.nameLoc;
}

/** `kafka1`, `kafka-2`, `node_03` → `kafka` / `node`; undefined when the name ends in no number. */
function numberedStem(name: string): string | undefined {
  const m = /^(.*?[a-z])[-_]?\d+$/i.exec(name);
  return m ? m[1]! : undefined;
}

/** Pass 3: classify every service, leave out what is not the system, fold numbered copies. */
export function classifyRoles(ctx: ComposeContext): void {
  for (const s of ctx.services) {
    s.role = classify(s.name, s.image?.value, [...s.env.keys()], { published: s.ports.some((p) => p.published) });
    // A gateway config mounted into it says what it is, whatever its image is called.
    const cfg = s.configs.find((c) => c.product !== 'unknown' && c.routes.length > 0);
    if (cfg && s.role.role.role !== 'gateway' && s.role.role.role !== 'tracing' && s.role.role.role !== 'metrics' && s.role.role.role !== 'telemetry') {
      s.role = { role: { role: 'gateway', product: cfg.product === 'nginx' && /openresty/i.test(s.image?.value ?? '') ? 'openresty' : cfg.product }, by: 'none', token: cfg.file };
    } else if (cfg && s.role.role.role === 'gateway' && (s.role.role as { product: string }).product === 'unknown') {
      s.role = { role: { role: 'gateway', product: cfg.product }, by: s.role.by, ...(s.role.token ? { token: s.role.token } : {}) };
    }
  }
  // Numbered copies of one image: one logical service with replicas.
  const groups = new Map<string, CService[]>();
  for (const s of ctx.services) {
    const stem = numberedStem(s.name);
    if (!stem || !s.image) continue;
    const key = `${stem}\u0000${s.image.value}`;
    const list = groups.get(key);
    if (list) list.push(s);
    else groups.set(key, [s]);
  }
  for (const [key, list] of groups) {
    if (list.length < 2) continue;
    const [head, ...rest] = list;
    const stem = key.split('\u0000')[0]!;
    for (const other of rest) {
      other.foldedInto = head;
      head!.folded.push({ service: other, why: `another copy of image ${imageBase(head!.image!.value)}` });
      head!.aliases.push(...other.aliases);
    }
    const total = list.reduce((n, s) => n + (s.replicas?.value ?? 1), 0);
    head!.replicas = { value: total, loc: head!.nameLoc };
    ctx.notes.push({
      message: `${list.map((s) => s.name).join(', ')}: ${list.length} numbered containers of one image (${head!.image!.value}) are one service with ${total} replicas; modelled as ${head!.name}${stem !== head!.name ? ` (addresses of each copy resolve to it)` : ''}`,
      loc: head!.nameLoc,
    });
  }
  for (const s of ctx.services) {
    if (s.foldedInto) continue;
    const r = s.role.role;
    if (LEFT_OUT_ROLES.has(r.role)) {
      const product = (r as { product: string }).product;
      s.leftOut = `${ROLE_WORDS[r.role]} (${product})`;
      const loc = roleLoc(s);
      if (r.role === 'tracing' && (!ctx.tracing || (ctx.tracing.product !== 'otel' && product === 'otel'))) ctx.tracing = { product, loc, why: `${s.name} runs ${product} (${at(loc)})`, by: 'collector' };
      if (r.role === 'metrics' && !ctx.metrics) ctx.metrics = { product, loc, why: `${s.name} runs ${product} (${at(loc)})`, by: 'collector' };
      ctx.notes.push({ message: `${s.name}: not a service of the system (${describeRole(s.role, s)}); left out of services`, loc: s.nameLoc });
      continue;
    }
    ctx.kept.push(s);
  }
}

/**
 * After the calls: containers of one image whose name extends another's (`appwrite-worker-mails`
 * beside `appwrite`), that nothing calls or routes to and that publish nothing, are background
 * processes of that product: folded into it, their calls becoming its calls.
 */
export function foldWorkers(ctx: ComposeContext): void {
  const called = new Set(ctx.calls.map((c) => c.to));
  const byImage = new Map<string, CService[]>();
  for (const s of ctx.kept) {
    if (!s.image) continue;
    const list = byImage.get(s.image.value);
    if (list) list.push(s);
    else byImage.set(s.image.value, [s]);
  }
  for (const list of byImage.values()) {
    if (list.length < 2) continue;
    for (const base of list) {
      if (base.foldedInto) continue;
      const workers = list.filter((w) => w !== base && !w.foldedInto && w.name.startsWith(`${base.name}-`) && !called.has(w) && w.exposure === 'internal' && !w.ports.some((p) => p.published) && w.role.role.role === base.role.role.role);
      if (workers.length === 0) continue;
      for (const w of workers) {
        w.foldedInto = base;
        base.folded.push({ service: w, why: 'a helper process of the same image that nothing calls' });
      }
      ctx.notes.push({
        message: `${base.name}: ${workers.length} more container${workers.length === 1 ? '' : 's'} of its image (${workers.map((w) => w.name).join(', ')}) run background work for it and take no calls; one logical service (their calls are its calls)`,
        loc: base.nameLoc,
      });
    }
  }
  ctx.kept = ctx.kept.filter((s) => !s.foldedInto);
  for (const c of ctx.calls) {
    if (c.from.foldedInto) c.from = c.from.foldedInto;
    if (c.to.foldedInto) c.to = c.to.foldedInto;
  }
  ctx.calls = ctx.calls.filter((c) => c.from !== c.to);
}
