/**
 * `meshgate rules` (list every scoring and lint rule) and `meshgate rules show ID`: the
 * catalogue from src/app/rules.ts, printed.
 */
import type { Io } from '../io.js';
import { findRule, ruleCatalogue } from '../app/rules.js';

export interface RulesOptions {
  format?: 'text' | 'json' | 'markdown';
  kind?: 'scoring' | 'constraint' | 'lint';
  rules?: string | string[];
}

/** Runs `meshgate rules`. */
export async function runRulesList(opts: RulesOptions, io: Io): Promise<number> {
  const entries = await ruleCatalogue(opts);
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
  const entry = await findRule(id, opts);
  if (opts.format === 'json') {
    io.stdout(JSON.stringify(entry, null, 2) + '\n');
  } else {
    const { formatRuleShowText } = await import('../format/rule-text.js');
    io.stdout(formatRuleShowText(entry, { color: io.color, columns: io.columns }));
  }
  return 0;
}
