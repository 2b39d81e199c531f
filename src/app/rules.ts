/**
 * `rules`: the catalogue of scoring rules, constraints and lint rules (built-in and from
 * `--rules` directories), or one rule of it by id.
 */
import { UserError } from '../errors.js';
import { buildCatalogue, type CatalogueEntry } from '../format/rule-catalogue.js';
import { loadScoringRules } from '../shell/load-scoring-rules.js';

export interface CatalogueRequest {
  /** Only one kind of rule. */
  kind?: 'scoring' | 'constraint' | 'lint';
  /** Custom lint rule directories. */
  rules?: string | string[];
}

/** The catalogue entries asked for. */
export async function ruleCatalogue(req: CatalogueRequest): Promise<CatalogueEntry[]> {
  const wantLint = req.kind === undefined || req.kind === 'lint';
  const wantScoring = req.kind === undefined || req.kind === 'scoring';
  const extra = req.rules === undefined ? [] : Array.isArray(req.rules) ? req.rules : [req.rules];
  // Loaded only when lint rules are listed: `rules --kind scoring` reads no lint rule file.
  const lint = wantLint ? await (await import('../shell/load-lint-rules.js')).loadLintRules(extra) : [];
  const set = wantScoring || req.kind === 'constraint' ? loadScoringRules() : undefined;
  const scoring = set && req.kind !== 'constraint' ? set.rules : [];
  const constraints = set && (req.kind === undefined || req.kind === 'constraint') ? set.constraints : [];
  return buildCatalogue(scoring, lint, constraints);
}

/** One rule by id; an unknown id is a UserError suggesting the closest ids. */
export async function findRule(id: string, req: Pick<CatalogueRequest, 'rules'>): Promise<CatalogueEntry> {
  const entries = await ruleCatalogue({ rules: req.rules });
  const entry = entries.find((e) => e.id === id);
  if (entry) return entry;
  const { closestIds } = await import('../format/rule-text.js');
  const near = closestIds(id, entries.map((e) => e.id));
  throw new UserError(`no rule with id "${id}"`, {
    hint: near.length > 0 ? `did you mean ${near.join(', ')}? (meshgate rules lists them all)` : 'meshgate rules lists every rule id',
  });
}
