/**
 * One view of every rule, scoring and lint, for `meshgate rules` and the README catalogue
 * (`npm run docs`). Pure: takes loaded rules, returns strings or plain objects.
 */
import type { ScoringRule } from '../core/engine.js';
import { effectiveEffect } from '../core/engine.js';
import type { Condition } from '../core/conditions.js';
import type { Scores, Severity } from '../core/types.js';

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
}

/** A rule of either kind, as `rules --format json` prints it. */
export interface CatalogueEntry {
  id: string;
  kind: 'scoring' | 'lint';
  title: string;
  /** Scoring: points per outcome (both derived). Absent for lint rules. */
  effect?: Partial<Scores>;
  /** Lint: default severity. Absent for scoring rules. */
  severity?: Severity;
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

const OPS: Record<string, string> = {
  equals: '=', in: 'is one of', includes: 'includes', includesAny: 'includes any of', includesAll: 'includes all of',
  only: 'has only', atLeast: '>=', atMost: '<=',
};

function showList(v: unknown): string {
  return Array.isArray(v) ? v.join(', ') : String(v);
}

/** A condition in words, e.g. "serviceSecurity = mtls and compliance = true". */
export function describeCondition(cond: Condition): string {
  if ('all' in cond) return cond.all.length === 0 ? 'always' : cond.all.map((c) => wrap(c)).join(' and ');
  if ('any' in cond) return cond.any.map((c) => wrap(c)).join(' or ');
  if ('not' in cond) return `not ${wrap(cond.not)}`;
  if ('always' in cond) return 'always';
  if ('fn' in cond) {
    const range = cond.min !== undefined && cond.max !== undefined ? `${cond.min}..${cond.max}` : cond.min !== undefined ? `>= ${cond.min}` : `<= ${cond.max}`;
    return `${cond.fn}() ${range}`;
  }
  if (cond.isEmpty !== undefined) return `${cond.field} is ${cond.isEmpty ? '' : 'not '}empty`;
  const op = Object.keys(OPS).find((k) => (cond as unknown as Record<string, unknown>)[k] !== undefined)!;
  const value = (cond as unknown as Record<string, unknown>)[op];
  return `${cond.field} ${OPS[op]} ${Array.isArray(value) ? `[${showList(value)}]` : String(value)}`;
}

function wrap(c: Condition): string {
  const s = describeCondition(c);
  return 'all' in c || 'any' in c ? `(${s})` : s;
}

function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}

/** "gateway +7, both +7" */
export function describeScores(effect: Partial<Scores>): string {
  return (['gateway', 'mesh', 'both', 'neither'] as const)
    .filter((o) => effect[o])
    .map((o) => `${o} ${signed(effect[o]!)}`)
    .join(', ');
}

/** Merges both kinds into one list, scoring first, each sorted by id. */
export function buildCatalogue(scoring: readonly ScoringRule[], lint: readonly LintRuleInfo[]): CatalogueEntry[] {
  const s: CatalogueEntry[] = [...scoring].sort((a, b) => a.id.localeCompare(b.id)).map((r) => {
    const eff = effectiveEffect(r.effect);
    const effect: Partial<Scores> = {};
    for (const o of ['gateway', 'mesh', 'both', 'neither'] as const) if (eff[o] !== 0) effect[o] = eff[o];
    return {
      id: r.id, kind: 'scoring', title: r.title, effect, factor: r.factor, when: describeCondition(r.when),
      contested: r.contested === true, rationale: r.rationale.trim(), sources: r.sources,
    };
  });
  const l: CatalogueEntry[] = [...lint].sort((a, b) => a.id.localeCompare(b.id)).map((r) => ({
    id: r.id, kind: 'lint', title: r.title, severity: r.severity, check: r.check.kind,
    rationale: r.rationale.trim(), remediation: r.remediation.trim(), sources: r.sources,
  }));
  return [...s, ...l];
}

/** The effect column: score deltas for scoring rules, the severity for lint rules. */
export function entryEffect(e: CatalogueEntry): string {
  return e.kind === 'scoring' ? describeScores(e.effect ?? {}) : (e.severity ?? '');
}

/** Escapes a string for a Markdown table cell. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').replace(/</g, '&lt;');
}

function links(urls: string[]): string {
  return urls.map((u, i) => `[${i + 1}](${u.replace(/[()\s]/g, encodeURIComponent)})`).join(' ');
}

/** The rule catalogue as Markdown: one table per kind. Used by `rules -f markdown` and the README. */
export function formatCatalogueMarkdown(entries: readonly CatalogueEntry[]): string {
  const out: string[] = [];
  const scoring = entries.filter((e) => e.kind === 'scoring');
  const lint = entries.filter((e) => e.kind === 'lint');
  if (scoring.length > 0) {
    out.push(`### Scoring rules (${scoring.length})`);
    out.push('');
    out.push('Effects include the derived "both" score (both = gateway + mesh + the rule\'s own "both" points). *Contested* marks factors where credible sources disagree.');
    out.push('');
    out.push('| Rule | Factor | Fires when | Effect | Why | Sources |');
    out.push('|---|---|---|---|---|---|');
    for (const e of scoring) {
      out.push(`| \`${e.id}\`${e.contested ? ' *contested*' : ''} | ${e.factor} | ${cell(e.when ?? '')} | ${cell(entryEffect(e))} | **${cell(e.title)}.** ${cell(e.rationale)} | ${links(e.sources)} |`);
    }
    out.push('');
  }
  if (lint.length > 0) {
    out.push(`### Lint rules (${lint.length})`);
    out.push('');
    out.push('| Rule | Severity | What it checks | Why | Fix | Sources |');
    out.push('|---|---|---|---|---|---|');
    for (const e of lint) {
      out.push(`| \`${e.id}\` | ${e.severity} | ${cell(e.title)} | ${cell(e.rationale)} | ${cell(e.remediation ?? '')} | ${links(e.sources)} |`);
    }
    out.push('');
  }
  return out.join('\n');
}

export const CATALOGUE_START = '<!-- rules:start -->';
export const CATALOGUE_END = '<!-- rules:end -->';

/** The README with the text between the catalogue markers replaced; throws if a marker is missing. */
export function replaceCatalogueSection(readme: string, catalogue: string): string {
  const start = readme.indexOf(CATALOGUE_START);
  const end = readme.indexOf(CATALOGUE_END);
  if (start < 0 || end < start) throw new Error(`README.md needs ${CATALOGUE_START} ... ${CATALOGUE_END} markers`);
  return `${readme.slice(0, start + CATALOGUE_START.length)}\n<!-- generated by \`npm run docs\` from rules/: do not edit by hand -->\n\n${catalogue.trimEnd()}\n\n${readme.slice(end)}`;
}
