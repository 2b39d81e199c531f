/**
 * Scores an import against a ground-truth file written by reading a corpus system's files and
 * its SOURCE.md (test/fixtures/corpus/<system>[--<variant>].truth.yaml), never from what the
 * importer prints. Shared by the ground-truth test and the README table check.
 *
 * A truth file says, for one input variant:
 * - `roles`: every workload's role: service | platform | gateway | datastore | queue | external
 *   | left-out (not a service of the system: load generators, telemetry, tooling);
 * - `calls`: the real calls the files show (`from`, `to`, optional `protocol`, and `evidence`
 *   `file:line` relative to the system folder);
 * - `not-calls`: what a naive reader would take for calls, and why they are not;
 * - `ordering`: start-up ordering (depends_on, links) the model must keep apart from calls;
 * - `hidden`: calls SOURCE.md reports that no file shows (not expected from an import);
 * - `gateway` (product, optional service) or null; `mesh` (product, mode) or null;
 * - `verdicts`: the recommendations the ground truth supports, with `verdict-reason`.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { load } from 'js-yaml';
import { readOneSystem, type LintSystem } from '../../src/shell/load-architecture.js';
import { memoryIo } from '../../src/io.js';
import { isPlatformService } from '../../src/core/classify.js';
import { indexServices, resolveServiceRef } from '../../src/core/service-ref.js';
import type { Outcome } from '../../src/core/types.js';

export type Role = 'service' | 'platform' | 'gateway' | 'datastore' | 'queue' | 'external' | 'left-out';

export interface TruthCall {
  from: string;
  to: string;
  protocol?: string;
  evidence: string;
}

export interface Truth {
  file: string;
  system: string;
  variant: string;
  inputs: string[];
  format: 'compose' | 'kubernetes';
  roles: Partial<Record<Role, string[]>>;
  calls: TruthCall[];
  'not-calls'?: { from: string; to: string; why: string }[];
  ordering?: { from: string; to: string }[];
  hidden?: { from: string; to: string; source: string }[];
  gateway: { product: string; service?: string } | null;
  mesh: { product: string; mode: 'sidecar' | 'ambient' } | null;
  verdicts: Outcome[];
  'verdict-reason': string;
}

export interface Score {
  truth: Truth;
  realCalls: number;
  found: number;
  recall: number;
  invented: string[];
  wrongProtocol: string[];
  wrongEvidence: string[];
  roles: { total: number; wrong: string[] };
  ordering: { missing: string[] };
  gateway: { ok: boolean; got: string };
  mesh: { ok: boolean; got: string };
}

export const repoRoot = resolve(import.meta.dirname, '../..');
export const corpusRoot = resolve(repoRoot, '../shared/corpus');
export const truthDir = join(repoRoot, 'test/fixtures/corpus');

export function loadTruths(): Truth[] {
  return readdirSync(truthDir)
    .filter((f) => f.endsWith('.truth.yaml'))
    .sort()
    .map((f) => ({ ...(load(readFileSync(join(truthDir, f), 'utf8')) as Omit<Truth, 'file'>), file: f }));
}

export async function importTruth(t: Truth): Promise<LintSystem> {
  return readOneSystem(t.inputs.map((i) => join(corpusRoot, t.system, i)), {}, memoryIo());
}

/** The role the import gave a workload, by the same names the truth files use. */
function roleOf(sys: LintSystem, name: string): Role {
  const arch = sys.architecture;
  const index = indexServices(arch.services);
  const i = resolveServiceRef(index, name);
  if (i === undefined) return 'left-out';
  const s = arch.services[i]!;
  const isGateway = (arch.gateway?.service !== undefined && resolveServiceRef(index, arch.gateway.service, arch.gateway.namespace) === i) ||
    (sys.inventory?.gateways ?? []).some((g) => g.service === i);
  if (isGateway) return 'gateway';
  if (s.kind !== 'service') return s.kind;
  return isPlatformService(s) ? 'platform' : 'service';
}

export function score(t: Truth, sys: LintSystem): Score {
  const arch = sys.architecture;
  const index = indexServices(arch.services);
  const sysDir = join(corpusRoot, t.system);
  const modelCalls = arch.services.flatMap((s, i) => s.calls.map((c, j) => {
    const to = resolveServiceRef(index, c.to, s.namespace);
    return { from: s.name, to: to === undefined ? c.to : arch.services[to]!.name, protocol: c.protocol, pointer: `/services/${i}/calls/${j}` };
  }));
  const key = (c: { from: string; to: string }) => `${c.from} → ${c.to}`;
  const truthKeys = new Set(t.calls.map((c) => key(c)));
  const found = t.calls.filter((c) => modelCalls.some((m) => key(m) === key(c)));
  const invented = [...new Set(modelCalls.filter((m) => !truthKeys.has(key(m))).map(key))];
  const wrongProtocol: string[] = [];
  const wrongEvidence: string[] = [];
  for (const c of t.calls) {
    const matches = modelCalls.filter((m) => key(m) === key(c));
    if (matches.length === 0) continue;
    if (c.protocol !== undefined && !matches.some((m) => m.protocol === c.protocol)) wrongProtocol.push(`${key(c)} (${c.protocol}; got ${matches.map((m) => m.protocol ?? 'none').join(', ')})`);
    // The evidence the import cites for this call includes the truth's file:line.
    const cited = matches.flatMap((m) => (sys.inventory?.calls ?? []).filter((ic) => ic.pointer === m.pointer).flatMap((ic) => ic.evidence.map((e) => `${relative(sysDir, resolve(e.loc.file))}:${e.loc.line}`)));
    if (!cited.includes(c.evidence)) wrongEvidence.push(`${key(c)} (truth ${c.evidence}; cited ${cited.join(', ') || 'nothing'})`);
  }
  const wrongRoles: string[] = [];
  let total = 0;
  for (const [role, names] of Object.entries(t.roles) as [Role, string[]][]) {
    for (const n of names) {
      total++;
      const got = roleOf(sys, n);
      if (got !== role) wrongRoles.push(`${n}: ${role} (got ${got})`);
    }
  }
  const missingOrdering = (t.ordering ?? []).filter((o) => {
    const i = resolveServiceRef(index, o.from);
    return i === undefined || !(arch.services[i]!.dependsOn ?? []).includes(o.to);
  }).map(key);
  const gw = arch.gateway;
  const gotGateway = gw ? `${gw.product}${gw.service ? `/${gw.service}` : ''}` : 'none';
  const gatewayOk = t.gateway === null ? gw === undefined : gw !== undefined && gw.product === t.gateway.product && (t.gateway.service === undefined || gw.service === t.gateway.service);
  const m = arch.mesh;
  const gotMesh = m ? `${m.product} (${m.mode})` : 'none';
  const meshOk = t.mesh === null ? m === undefined : m !== undefined && m.product === t.mesh.product && m.mode === t.mesh.mode;
  return {
    truth: t,
    realCalls: t.calls.length,
    found: found.length,
    recall: t.calls.length === 0 ? 1 : found.length / t.calls.length,
    invented,
    wrongProtocol,
    wrongEvidence,
    roles: { total, wrong: wrongRoles },
    ordering: { missing: missingOrdering },
    gateway: { ok: gatewayOk, got: gotGateway },
    mesh: { ok: meshOk, got: gotMesh },
  };
}

/** The table the test prints and the README carries. */
export function table(scores: Score[]): string {
  const rows = scores.map((s) => {
    const t = s.truth;
    const name = t.variant === 'default' ? t.system : `${t.system} (${t.variant})`;
    const recall = s.realCalls === 0 ? 'n/a (0 in files)' : `${Math.round(s.recall * 100)}% (${s.found}/${s.realCalls})`;
    const gateway = t.gateway ? `${t.gateway.product}${t.gateway.service ? ` (${t.gateway.service})` : ''}` : 'none';
    const mesh = t.mesh ? `${t.mesh.product} ${t.mesh.mode}` : 'none';
    return `| ${name} | ${recall} | ${s.invented.length} | ${s.roles.total - s.roles.wrong.length}/${s.roles.total} | ${gateway} ${s.gateway.ok ? '✓' : '✗'} | ${mesh} ${s.mesh.ok ? '✓' : '✗'} |`;
  });
  return ['| system (variant) | recall of real calls | invented calls | roles right | gateway | mesh |', '|---|---|---|---|---|---|', ...rows].join('\n');
}
