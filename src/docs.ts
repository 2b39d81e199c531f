/**
 * `npm run docs`: regenerates the README's rule catalogue (between `<!-- rules:start -->` and
 * `<!-- rules:end -->`) from rules/scoring, rules/constraints and rules/lint.
 * `--check` writes nothing and exits 1 when the README is out of date.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadScoringRules } from './shell/load-scoring-rules.js';
import { loadLintRules } from './shell/load-lint-rules.js';
import { buildCatalogue, formatCatalogueMarkdown, replaceCatalogueSection } from './format/rule-catalogue.js';
import { UserError, renderUserError } from './errors.js';

const README = fileURLToPath(new URL('../README.md', import.meta.url));

/** The README text with a freshly generated catalogue. */
export async function renderReadme(readme: string): Promise<string> {
  const set = loadScoringRules();
  const catalogue = buildCatalogue(set.rules, await loadLintRules(), set.constraints);
  return replaceCatalogueSection(readme, formatCatalogueMarkdown(catalogue));
}

async function main(argv: string[]): Promise<number> {
  const current = readFileSync(README, 'utf8');
  const next = await renderReadme(current);
  if (argv.includes('--check')) {
    if (next === current) return 0;
    process.stderr.write('README.md rule catalogue is out of date: run `npm run docs`\n');
    return 1;
  }
  if (next !== current) writeFileSync(README, next);
  process.stdout.write(next === current ? 'README.md rule catalogue is up to date\n' : 'README.md rule catalogue regenerated\n');
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(err instanceof UserError ? renderUserError(err) : `${(err as Error).stack ?? err}\n`);
    process.exitCode = 2;
  },
);
