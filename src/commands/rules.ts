/**
 * `meshgate rules` (list every scoring and lint rule) and `meshgate rules show ID`.
 */
import type { Io } from '../io.js';
import { UserError } from '../errors.js';
import { loadScoringRules } from '../shell/load-scoring-rules.js';
import { buildCatalogue, type CatalogueEntry } from '../format/rule-catalogue.js';

export interface RulesOptions {
  format?: 'text' | 'json' | 'markdown';
  kind?: 'scoring' | 'constraint' | 'lint';
  rules?: string | string[];
}

async function catalogue(opts: RulesOptions): Promise<CatalogueEntry[]> {
  const wantLint = opts.kind === undefined || opts.kind === 'lint';
  const wantScoring = opts.kind === undefined || opts.kind === 'scoring';
  const extra = opts.rules === undefined ? [] : Array.isArray(opts.rules) ? opts.rules : [opts.rules];
  const { loadLintRules } = await import('../shell/load-lint-rules.js');
  const lint = wantLint ? await loadLintRules(extra) : [];
  const set = wantScoring || opts.kind === 'constraint' ? loadScoringRules() : undefined;
  const scoring = set && opts.kind !== 'constraint' ? set.rules : [];
  const constraints = set && (opts.kind === undefined || opts.kind === 'constraint') ? set.constraints : [];
  return buildCatalogue(scoring, lint, constraints);
}

/** Runs `meshgate rules`. */
export async function runRulesList(opts: RulesOptions, io: Io): Promise<number> {
  const entries = await catalogue(opts);
  const format = opts.format ?? 'text';
  if (format === 'json') {
    io.stdout(JSON.stringify(entries, null, 2) + '\n');
  } else if (format === 'markdown') {
    const { formatCatalogueMarkdown } = await import('../format/rule-catalogue.js');
    io.stdout(formatCatalogueMarkdown(entries));
  } else {
    const { formatRuleListText } = await import('../format/rule-text.js');
    io.stdout(formatRuleListText(entries, { color: io.color, columns: io.columns }));
  }
  return 0;
}

/** Runs `meshgate rules show ID`. */
export async function runRulesShow(id: string, opts: RulesOptions, io: Io): Promise<number> {
  const entries = await catalogue({ rules: opts.rules });
  const entry = entries.find((e) => e.id === id);
  if (!entry) {
    const { closestIds } = await import('../format/rule-text.js');
    const near = closestIds(id, entries.map((e) => e.id));
    throw new UserError(`no rule with id "${id}"`, {
      hint: near.length > 0 ? `did you mean ${near.join(', ')}? (meshgate rules lists them all)` : 'meshgate rules lists every rule id',
    });
  }
  if (opts.format === 'json') {
    io.stdout(JSON.stringify(entry, null, 2) + '\n');
  } else {
    const { formatRuleShowText } = await import('../format/rule-text.js');
    io.stdout(formatRuleShowText(entry, { color: io.color, columns: io.columns }));
  }
  return 0;
}
