/**
 * One view of every rule (scoring rules, constraints and lint rules) for `meshgate rules` and
 * the rule catalogue in docs/rules/ (`npm run docs`). Pure: takes loaded rules, returns strings or plain objects.
 */
import type { Constraint, ScoringRule } from '../core/engine.js';
import { describeCondition } from '../core/conditions.js';
import type { Layer, Scores, Severity, Signal } from '../core/types.js';

export { describeCondition } from '../core/conditions.js';

/** The fields of a lint rule the catalogue shows. */
export interface LintRuleInfo {
  id: string;
  severity: Severity;
  title: string;
  rationale: string;
  remediation: string;
  sources: string[];
  check: { kind: string };
  builtin?: boolean;
  disabledByDefault?: string;
}

/** A rule of any kind, as `rules --format json` prints it. */
export interface CatalogueEntry {
  id: string;
  kind: 'scoring' | 'constraint' | 'lint';
  title: string;
  /** Scoring: points per outcome (a layer's points count for every outcome that includes it). Absent for lint rules. */
  effect?: Partial<Scores>;
  /** Scoring: the layer the rule is about, what kind of signal it is, and its points. */
  layer?: Layer;
  signal?: Signal;
  points?: number;
  /** Constraint: what it removes and what cost it adds, in words. */
  removes?: string;
  /** Lint: default severity. Absent for scoring rules. */
  severity?: Severity;
  /** Lint: why the rule is off unless a config turns it on (absent: on by default). */
  disabledByDefault?: string;
  /** Scoring: rubric factor F1..F24. */
  factor?: string;
  /** Scoring: when the rule fires, in words. */
  when?: string;
  contested?: boolean;
  /** Lint: the check kind the rule runs. */
  check?: string;
  rationale: string;
  remediation?: string;
  sources: string[];
}

function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}

/** A scoring rule's points as effects on the outcomes that include its layer. */
export function ruleEffect(r: Pick<ScoringRule, 'layer' | 'points'>): Partial<Scores> {
  return r.layer === 'edge' ? { gateway: r.points, both: r.points } : { mesh: r.points, both: r.points };
}

/** What a constraint does, in words: "removes mesh, both; removes mesh kinds ambient, ebpf; mesh -2". */
export function describeConstraint(c: Constraint): string {
  const parts: string[] = [];
  if (c.removes?.outcomes) parts.push(`removes ${c.removes.outcomes.join(', ')}`);
  if (c.removes?.meshKinds) parts.push(c.removes.meshKinds.length === 4 ? 'removes every mesh kind (so mesh and both)' : `removes mesh kinds ${c.removes.meshKinds.join(', ')}`);
  if (c.cost) parts.push(`${c.cost.layer} ${signed(c.cost.points)} when the ${c.cost.layer === 'edge' ? 'edge' : 'mesh layer'} has a need`);
  return parts.join('; ');
}

/** Merges every kind into one list (scoring, then constraints, then lint), each sorted by id. */
export function buildCatalogue(scoring: readonly ScoringRule[], lint: readonly LintRuleInfo[], constraints: readonly Constraint[] = []): CatalogueEntry[] {
  const s: CatalogueEntry[] = [...scoring].sort((a, b) => a.id.localeCompare(b.id)).map((r) => ({
    id: r.id, kind: 'scoring', title: r.title, effect: ruleEffect(r), layer: r.layer, signal: r.signal, points: r.points,
    factor: r.factor, when: describeCondition(r.when), contested: r.contested === true, rationale: r.rationale.trim(), sources: r.sources,
  }));
  const c: CatalogueEntry[] = [...constraints].sort((a, b) => a.id.localeCompare(b.id)).map((x) => ({
    id: x.id, kind: 'constraint', title: x.title, factor: x.factor, when: describeCondition(x.when), removes: describeConstraint(x),
    rationale: x.rationale.trim(), sources: x.sources,
  }));
  const l: CatalogueEntry[] = [...lint].sort((a, b) => a.id.localeCompare(b.id)).map((r) => ({
    id: r.id, kind: 'lint', title: r.title, severity: r.severity, ...(r.disabledByDefault !== undefined ? { disabledByDefault: r.disabledByDefault.trim() } : {}), check: r.check.kind,
    rationale: r.rationale.trim(), remediation: r.remediation.trim(), sources: r.sources,
  }));
  return [...s, ...c, ...l];
}

/** The effect column: layer and points (with the signal) for scoring rules, what a constraint does, the severity for lint rules. */
export function entryEffect(e: CatalogueEntry): string {
  if (e.kind === 'scoring') return `${e.layer} ${signed(e.points ?? 0)} ${e.signal}`;
  if (e.kind === 'constraint') return e.removes ?? '';
  return e.severity ?? '';
}

/** Escapes a string for a Markdown table cell. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').replace(/</g, '&lt;');
}

function links(urls: string[]): string {
  return urls.map((u, i) => `[${i + 1}](${u.replace(/[()\s]/g, encodeURIComponent)})`).join(' ');
}

/** The rule catalogue as Markdown: one table per kind. Used by `rules -f markdown` and docs/rules/README.md. */
export function formatCatalogueMarkdown(entries: readonly CatalogueEntry[]): string {
  const out: string[] = [];
  const scoring = entries.filter((e) => e.kind === 'scoring');
  const constraints = entries.filter((e) => e.kind === 'constraint');
  const lint = entries.filter((e) => e.kind === 'lint');
  if (scoring.length > 0) {
    out.push(`### Scoring rules (${scoring.length})`);
    out.push('');
    out.push('Each rule adds its points to one layer: `edge` (counted in gateway and both) or `mesh` (counted in mesh and both). *hard* and *soft* are needs; *adjust* and *against* count only when the layer has a need. *Contested* marks factors where credible sources disagree.');
    out.push('');
    out.push('| Rule | Factor | Fires when | Layer, points | Why | Sources |');
    out.push('|---|---|---|---|---|---|');
    for (const e of scoring) {
      out.push(`| \`${e.id}\`${e.contested ? ' *contested*' : ''} | ${e.factor} | ${cell(e.when ?? '')} | ${cell(entryEffect(e))} | **${cell(e.title)}.** ${cell(e.rationale)} | ${links(e.sources)} |`);
    }
    out.push('');
  }
  if (constraints.length > 0) {
    out.push(`### Constraints (${constraints.length})`);
    out.push('');
    out.push('Checked before any points count: a constraint removes outcomes or mesh kinds (when no kind is left, mesh and both are out), or adds a cost to a layer.');
    out.push('');
    out.push('| Constraint | Factor | Applies when | What it does | Why | Sources |');
    out.push('|---|---|---|---|---|---|');
    for (const e of constraints) {
      out.push(`| \`${e.id}\` | ${e.factor} | ${cell(e.when ?? '')} | ${cell(e.removes ?? '')} | **${cell(e.title)}.** ${cell(e.rationale)} | ${links(e.sources)} |`);
    }
    out.push('');
  }
  if (lint.length > 0) {
    out.push(`### Lint rules (${lint.length})`);
    out.push('');
    out.push('| Rule | Severity | What it checks | Why | Fix | Sources |');
    out.push('|---|---|---|---|---|---|');
    for (const e of lint) {
      out.push(`| \`${e.id}\` | ${e.severity}${e.disabledByDefault ? ` (off by default: ${cell(e.disabledByDefault)})` : ''} | ${cell(e.title)} | ${cell(e.rationale)} | ${cell(e.remediation ?? '')} | ${links(e.sources)} |`);
    }
    out.push('');
  }
  return out.join('\n');
}
