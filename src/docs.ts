/**
 * `npm run docs`: regenerates everything in docs/ (and README.md) that shows real output or data.
 *
 * - `docs/rules/<id>.md`, one page per built-in lint rule, scoring rule and constraint, and the
 *   index `docs/rules/README.md`, from rules/ and the rules' fixtures (test/fixtures/lint/<id>/,
 *   test/fixtures/rules/<id>.yaml), with real runs of the built CLI on those fixtures.
 * - In every hand-written page of docs/ and in README.md, the `<!-- docs:run -->` and
 *   `<!-- docs:file -->` blocks (src/format/doc-blocks.ts): each command is run by the built CLI
 *   (`dist/main.js`, as `meshgate` on PATH) in a scratch folder that holds `docs/examples/` and
 *   links to the repository's test/, templates/, rules/ and schemas/, with NO_COLOR, a fixed
 *   SOURCE_DATE_EPOCH and TZ=UTC, so the pages are the same on every machine.
 *
 * - `docs/commands/<command>.md` for a command of `meshgate --help` that has no page yet: a page
 *   with its `--help` output, to be written by hand later (every command page shows its `--help`).
 *
 * `--check` writes nothing: it lists every page that is out of date (or left over) and exits 1.
 * Other exit codes: 0 up to date (or regenerated), 2 a page that cannot be generated.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, copyFileSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScoringRules } from './shell/load-scoring-rules.js';
import { loadLintRules } from './shell/load-lint-rules.js';
import { buildCatalogue } from './format/rule-catalogue.js';
import { findBlocks, fenced, replaceBlocks, runBody, type FoundBlock } from './format/doc-blocks.js';
import { formatRuleIndex, formatRulePage, type RuleExample } from './format/rule-page.js';
import { UserError, renderUserError } from './errors.js';

const ROOT = realpathSync(fileURLToPath(new URL('..', import.meta.url)));
const MAIN = join(ROOT, 'dist', 'main.js');
/** The fixed date generated records carry (2026-11-27), so pages do not change with the day. */
const SOURCE_DATE_EPOCH = '1795737600';
/** Folders of the repository a scratch folder links to, so documented paths resolve as in the repository. */
const LINKED = ['test', 'templates', 'rules', 'schemas'];

const posix = (p: string): string => p.split(sep).join('/');

// ------------------------------------------------------------------------------------------
// Running documented commands

interface Scratch {
  dir: string;
  env: NodeJS.ProcessEnv;
}

function makeScratch(): Scratch {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'meshgate-docs-')));
  for (const d of LINKED) symlinkSync(join(ROOT, d), join(dir, d));
  const examples = join(ROOT, 'docs', 'examples');
  if (existsSync(examples)) copyTree(examples, dir);
  mkdirSync(join(dir, '.bin'));
  const shim = join(dir, '.bin', 'meshgate');
  writeFileSync(shim, `#!/bin/sh\nexec "${process.execPath}" "${MAIN}" "$@"\n`);
  chmodSync(shim, 0o755);
  const env: NodeJS.ProcessEnv = {
    PATH: `${join(dir, '.bin')}:/usr/local/bin:/usr/bin:/bin`,
    HOME: dir,
    NO_COLOR: '1',
    TZ: 'UTC',
    LC_ALL: 'C.UTF-8',
    SOURCE_DATE_EPOCH,
  };
  return { dir, env };
}

function copyTree(from: string, to: string): void {
  for (const name of readdirSync(from)) {
    const src = join(from, name);
    if (statSync(src).isDirectory()) {
      mkdirSync(join(to, name), { recursive: true });
      copyTree(src, join(to, name));
    } else copyFileSync(src, join(to, name));
  }
}

/** Runs one shell command line in the scratch folder: stdout and stderr in one stream, as a terminal shows them. */
function runCommand(command: string, scratch: Scratch, columns?: number, cwd?: string): Promise<string> {
  const env = { ...scratch.env, ...(columns ? { COLUMNS: String(columns) } : {}) };
  return new Promise((resolve, reject) => {
    execFile('bash', ['-c', `exec 2>&1 </dev/null\n${command}`], { cwd: cwd !== undefined ? join(scratch.dir, cwd) : scratch.dir, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 120_000 }, (err, stdout) => {
      if (err && (err as { killed?: boolean }).killed) return reject(new Error(`timed out: ${command}`));
      const leaked = [scratch.dir, ROOT, join(realpathSync(tmpdir()), 'meshgate-docs-')].find((p) => stdout.includes(p));
      if (leaked) return reject(new UserError(`the output of \`${command}\` holds an absolute path (${leaked}); documented commands must name files relative to the repository`, { hint: 'change the command (or the code that prints the path) so the page stays the same on every machine' }));
      resolve(stdout);
    });
  });
}

/** Runs a block's commands one after another in one fresh scratch folder. */
async function runBlock(commands: readonly string[], columns?: number, cwd?: string): Promise<string[]> {
  const scratch = makeScratch();
  try {
    const out: string[] = [];
    for (const c of commands) out.push(await runCommand(c, scratch, columns, cwd));
    return out;
  } finally {
    rmSync(scratch.dir, { recursive: true, force: true });
  }
}

/** How many documented commands run at once: one per core of a small CI machine, so the check does not starve the tests beside it. */
const JOBS = 2;

/** Runs tasks with at most `limit` at a time, keeping their order. */
async function pool<T>(tasks: ReadonlyArray<() => Promise<T>>, limit = JOBS): Promise<T[]> {
  const results = new Array<T>(tasks.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

// ------------------------------------------------------------------------------------------
// Rule pages

const read = (rel: string): string => readFileSync(join(ROOT, rel), 'utf8');

function lintExamples(id: string): Array<{ example: Omit<RuleExample, 'output'>; args: string[] }> {
  const dir = `test/fixtures/lint/${id}`;
  if (!existsSync(join(ROOT, dir))) return [];
  const files = readdirSync(join(ROOT, dir)).sort();
  const answers = files.includes('answers.yaml') ? ` --answers ${dir}/answers.yaml` : '';
  const shown = [...files.filter((f) => /^invalid.*\.ya?ml$/.test(f)), ...files.filter((f) => /^valid.*\.ya?ml$/.test(f))];
  return shown.map((f) => {
    const flagged = f.startsWith('invalid');
    const expected = flagged ? (JSON.parse(read(`${dir}/${f.replace(/\.ya?ml$/, '.expected.json')}`)) as Array<{ line: number; column: number }>) : [];
    const note = flagged
      ? `Flagged by \`${id}\` at ${expected.map((x) => `${x.line}:${x.column}`).join(', ')} (the test suite holds it to \`${f.replace(/\.ya?ml$/, '.expected.json')}\`).`
      : `Not flagged by \`${id}\`${answers ? ', with the same answers' : ''}.`;
    const command = `meshgate lint ${dir}/${f}${answers}`;
    return { example: { heading: flagged ? 'Flagged' : 'Not flagged', file: `${dir}/${f}`, text: read(`${dir}/${f}`), note, command }, args: [command] };
  });
}

interface Expected {
  rule?: string;
  constraint?: string;
  recommendation: string;
  withoutIt?: string;
  [k: string]: unknown;
}

function scoringExample(id: string, kind: 'scoring' | 'constraint'): { example: Omit<RuleExample, 'output'>; command: string } | undefined {
  const file = `test/fixtures/rules/${id}.yaml`;
  if (!existsSync(join(ROOT, file))) return undefined;
  const expectedFile = file.replace(/\.yaml$/, '.expected.json');
  const expected = existsSync(join(ROOT, expectedFile)) ? (JSON.parse(read(expectedFile)) as Expected) : undefined;
  const verdict = expected
    ? `The test suite holds this fixture to \`${id}.expected.json\`: ${Object.entries(expected).filter(([k]) => k !== 'rule' && k !== 'constraint').map(([k, v]) => `${k} ${JSON.stringify(v)}`).join(', ')}.`
    : undefined;
  const command = `meshgate recommend ${file} -f json`;
  return {
    example: {
      heading: kind === 'scoring' ? 'Decides the verdict' : 'Applies',
      file,
      text: read(file),
      note: [verdict, `Below, picked from the output of \`${command}\`: the verdict, the scores and ${kind === 'scoring' ? 'this rule\'s reason' : 'what this constraint ruled out or cost'}.`].filter(Boolean).join(' '),
      command,
      outputLang: 'json',
    },
    command,
  };
}

/** From `recommend -f json`: the verdict, scores, and what the rule did. */
function pickDecision(json: string, id: string): string {
  const d = JSON.parse(json) as { recommendation: string; scores: unknown; reasons: Array<{ rule: string }>; vetoed?: Array<{ constraint: string }> };
  const shown = {
    recommendation: d.recommendation,
    scores: d.scores,
    reasons: d.reasons.filter((r) => r.rule === id),
    vetoed: (d.vetoed ?? []).filter((v) => v.constraint === id),
  };
  if (shown.vetoed.length === 0) delete (shown as { vetoed?: unknown }).vetoed;
  if (shown.reasons.length === 0) delete (shown as { reasons?: unknown }).reasons;
  return JSON.stringify(shown, null, 2);
}

async function rulePages(): Promise<Map<string, string>> {
  const set = loadScoringRules();
  const lint = (await loadLintRules()).filter((r) => r.builtin !== false && r.check.kind !== 'suppression');
  const entries = buildCatalogue(set.rules, lint, set.constraints);
  const pages = new Map<string, string>();
  const jobs: Array<() => Promise<void>> = [];
  for (const entry of entries) {
    const dir = entry.kind === 'scoring' ? 'rules/scoring' : entry.kind === 'constraint' ? 'rules/constraints' : 'rules/lint';
    const ruleFile = `${dir}/${entry.id}.yaml`;
    const ruleText = existsSync(join(ROOT, ruleFile)) ? read(ruleFile) : '';
    const instead = entry.kind === 'constraint' ? set.constraints.find((c) => c.id === entry.id)?.instead : undefined;
    jobs.push(async () => {
      let examples: RuleExample[] = [];
      let fixtureSource: string | undefined;
      if (entry.kind === 'lint') {
        const found = lintExamples(entry.id);
        if (found.length > 0) fixtureSource = `test/fixtures/lint/${entry.id}/`;
        for (const f of found) examples.push({ ...f.example, output: (await runBlock(f.args))[0]!.replace(/\n+$/, '') });
      } else {
        const found = scoringExample(entry.id, entry.kind);
        if (found) {
          fixtureSource = found.example.file;
          const [json] = await runBlock([found.command]);
          examples = [{ ...found.example, output: pickDecision(json!, entry.id) }];
        }
      }
      pages.set(`docs/rules/${entry.id}.md`, formatRulePage({ entry, ruleFile, ruleText, instead, examples, fixtureSource }));
    });
  }
  await pool(jobs);
  pages.set('docs/rules/README.md', formatRuleIndex(entries));
  return new Map([...pages].sort(([a], [b]) => a.localeCompare(b)));
}

// ------------------------------------------------------------------------------------------
// Hand-written pages with generated blocks

function markdownFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === 'examples' || name === 'rules' ? [] : markdownFiles(p);
    return name.endsWith('.md') ? [p] : [];
  });
}

async function fillPage(rel: string, text: string): Promise<string> {
  let found: FoundBlock[];
  try {
    found = findBlocks(text, rel);
  } catch (e) {
    throw new UserError((e as Error).message, { hint: 'close every <!-- docs:run --> and <!-- docs:file --> block with its end marker' });
  }
  if (found.length === 0) return text;
  const bodies = await pool(found.map((f) => async () => {
    const b = f.block;
    if (b.kind === 'file') {
      if (!existsSync(join(ROOT, b.path))) throw new UserError(`${rel}:${f.line}: ${b.path} does not exist`, { hint: 'name a file relative to the repository root' });
      return fenced(read(b.path), b.lang);
    }
    return runBody(b, await runBlock(b.commands, b.columns, b.cwd));
  }));
  return replaceBlocks(text, found, bodies);
}

/** The commands `meshgate --help` lists (the CLI's own definition), without `help`. */
async function commandNames(): Promise<Array<{ name: string; summary: string }>> {
  const [help] = await runBlock(['meshgate --help']);
  const list = help!.slice(help!.indexOf('\nCommands:\n') + 11).split('\n\n')[0]!;
  return [...list.matchAll(/^ {2}([a-z][\w-]*)\b.*? {2,}(\S.*)$/gm)].map((m) => ({ name: m[1]!, summary: m[2]! })).filter((c) => c.name !== 'help');
}

/** The page of a command that has no hand-written page yet: its summary and its `--help`, generated. */
function commandStub(name: string, summary: string): string {
  return [
    `<!-- ${'generated by `npm run docs`'} because this command had no page: write the page by hand, keeping the --help block -->`,
    `# \`meshgate ${name}\``,
    '',
    `${summary[0]!.toUpperCase()}${summary.slice(1)}.`,
    '',
    '## Options (`--help`)',
    '',
    '<!-- docs:run columns=100',
    `$ meshgate ${name} --help`,
    '-->',
    '<!-- /docs:run -->',
    '',
  ].join('\n');
}

/** Every generated page: repository-relative path to its text. */
export async function renderDocs(): Promise<Map<string, string>> {
  const pages = await rulePages();
  for (const { name, summary } of await commandNames()) {
    const rel = `docs/commands/${name}.md`;
    if (!existsSync(join(ROOT, rel))) pages.set(rel, await fillPage(rel, commandStub(name, summary)));
  }
  const handWritten = [join(ROOT, 'README.md'), ...markdownFiles(join(ROOT, 'docs'))].sort();
  for (const file of handWritten) {
    const rel = posix(relative(ROOT, file));
    pages.set(rel, await fillPage(rel, readFileSync(file, 'utf8')));
  }
  return pages;
}

/** Rule pages on disk that no rule generates any more. */
function leftOver(pages: Map<string, string>): string[] {
  const dir = join(ROOT, 'docs', 'rules');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((n) => n.endsWith('.md')).map((n) => `docs/rules/${n}`).filter((p) => !pages.has(p));
}

async function main(argv: string[]): Promise<number> {
  if (!existsSync(MAIN)) throw new UserError('dist/main.js is missing', { hint: 'run `npm run build` first (`npm run docs` does)' });
  const check = argv.includes('--check');
  const pages = await renderDocs();
  const stale = [...pages].filter(([rel, text]) => !existsSync(join(ROOT, rel)) || readFileSync(join(ROOT, rel), 'utf8') !== text).map(([rel]) => rel);
  const extra = leftOver(pages);
  if (check) {
    if (stale.length === 0 && extra.length === 0) return 0;
    for (const rel of stale) process.stderr.write(`out of date: ${rel}\n`);
    for (const rel of extra) process.stderr.write(`left over (no rule generates it): ${rel}\n`);
    process.stderr.write('docs are out of date: run `npm run docs`\n');
    return 1;
  }
  for (const rel of stale) {
    mkdirSync(dirname(join(ROOT, rel)), { recursive: true });
    writeFileSync(join(ROOT, rel), pages.get(rel)!);
  }
  for (const rel of extra) rmSync(join(ROOT, rel));
  process.stdout.write(stale.length + extra.length === 0
    ? `docs are up to date (${pages.size} pages)\n`
    : `docs regenerated: ${stale.length} of ${pages.size} pages written${extra.length ? `, ${extra.length} left-over rule pages removed` : ''}\n`);
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
