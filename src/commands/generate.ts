/**
 * `meshgate generate`: starter configs for the recommended setup. Reads the input, decides,
 * plans every file in the pure core, then writes them safely (or lists them, or streams them).
 */
import type { Io } from '../io.js';
import { UserError } from '../errors.js';
import { loadInput } from '../shell/load-input.js';
import { loadScoringRules } from '../shell/load-scoring-rules.js';
import { decide } from '../core/engine.js';
import { isTarget, planFiles, TARGETS, type GeneratedFile, type Target } from '../core/generate/index.js';
import { commentText } from '../core/generate/render.js';
import { showPath, termList, visible, wrapMessage } from '../format/terminal-text.js';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The options commander passes to `meshgate generate`. */
export interface GenerateOptions {
  out: string;
  target?: string[];
  dryRun?: boolean;
  force?: boolean;
  answers?: string;
  maxBytes?: string;
}

/** Checks --target values, reporting every unknown one with the valid list. */
export function parseTargets(raw: readonly string[]): Target[] {
  const values = raw.flatMap((t) => t.split(',')).map((t) => t.trim()).filter((t) => t !== '');
  const unknown = values.filter((t) => !isTarget(t));
  if (unknown.length > 0) {
    throw new UserError(`unknown target${unknown.length === 1 ? '' : 's'}: ${unknown.map((t) => JSON.stringify(t)).join(', ')}`, {
      hint: `valid targets: ${TARGETS.join(', ')}`,
    });
  }
  return values as Target[];
}

/** One YAML stream holding every file: YAML files as they are, other files as {file, content} documents. */
export async function toStream(files: readonly GeneratedFile[]): Promise<string> {
  const { dump } = await import('js-yaml');
  return files
    .map((f) => {
      const label = `# meshgate file: ${commentText(f.path)}\n`;
      if (f.path.endsWith('.yaml')) return label + f.content;
      return label + dump({ file: f.path, content: f.content }, { lineWidth: -1 });
    })
    .join('---\n');
}

/**
 * Runs `meshgate generate`: checks the targets and --out, reads and decides, plans every file,
 * then streams, lists (--dry-run) or writes them safely. Returns the exit code.
 */
export async function runGenerate(inputs: string[], opts: GenerateOptions, io: Io): Promise<number> {
  const targets = parseTargets(opts.target ?? []);
  const { prepareOutDir } = await import('../shell/write-files.js');
  const toStdout = opts.out === '-';
  // Fail on an unusable --out before doing any work.
  if (!toStdout) prepareOutDir(opts.out, io.cwd, false);

  const input = await loadInput(inputs, { answers: opts.answers, maxBytes: opts.maxBytes }, io);
  const decision = decide(input.answers, loadScoringRules());
  const { loadGenerateDefaults } = await import('../shell/load-generate-defaults.js');
  const plan = planFiles(
    { architecture: input.architecture?.architecture, answers: input.answers, decision, source: input.source, defaults: loadGenerateDefaults() },
    targets,
  );
  if (plan.nameProblems.length > 0) {
    const locate = input.architecture?.locate;
    throw new UserError(`${plan.nameProblems.length} service name${plan.nameProblems.length === 1 ? '' : 's'} cannot be used in generated configs`, {
      details: plan.nameProblems.map((p) => ({ message: p.message, loc: p.pointer && locate ? locate(p.pointer) : undefined })),
      hint: 'rename the service to a DNS-1123 label (e.g. "user_db" -> "user-db"); Kubernetes, Kong and nginx all need such names',
    });
  }
  const say = (note: string): void => io.stderr(`${wrapMessage(`meshgate: note: ${visible(note)}`, io.columns)}\n`);
  for (const note of plan.notes) say(note);

  if (toStdout) {
    io.stdout(await toStream(plan.files));
    return 0;
  }

  const { planWrites, writeFileSet } = await import('../shell/write-files.js');
  const targetList = `targets: ${plan.targets.join(', ')}`;
  if (opts.dryRun) {
    const root = prepareOutDir(opts.out, io.cwd, false);
    const entries = planWrites(root, plan.files, true, opts.out);
    io.stdout(`${wrapMessage(`would write ${plural(plan.files.length, 'file')} into ${showPath(opts.out)} (${targetList}):`, io.columns)}\n`);
    const rows = plan.files.map((f) => {
      const exists = entries.find((e) => e.path === f.path)?.exists ?? false;
      return [f.path, `${f.description}${exists ? (opts.force ? '  [exists: --force overwrites it]' : '  [exists: needs --force]') : ''}`] as const;
    });
    io.stdout(termList(rows, io.columns).join('\n') + '\n');
    return 0;
  }

  // All or nothing, under a lock on --out; SIGINT, SIGTERM and SIGHUP put everything back.
  const result = await writeFileSet(opts.out, io.cwd, { write: plan.files }, { force: opts.force ?? false });
  for (const note of result.notes) say(note);
  io.stdout(`${wrapMessage(`wrote ${plural(plan.files.length, 'file')} into ${showPath(opts.out)} (${targetList}):`, io.columns)}\n`);
  io.stdout(termList(plan.files.map((f) => [f.path, f.description] as const), io.columns).join('\n') + '\n');
  return 0;
}
