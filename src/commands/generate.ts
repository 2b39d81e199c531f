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
    const onlyNames = plan.nameProblems.every((p) => p.message.startsWith('service name '));
    const n = plan.nameProblems.length;
    throw new UserError(onlyNames ? `${n} service name${n === 1 ? '' : 's'} cannot be used in generated configs` : `${n} value${n === 1 ? '' : 's'} from the input cannot be used in generated configs`, {
      details: plan.nameProblems.map((p) => ({ message: p.message, loc: p.pointer && locate ? locate(p.pointer) : undefined })),
      hint: onlyNames
        ? 'rename the service to a DNS-1123 label (e.g. "user_db" -> "user-db"); Kubernetes, Kong and nginx all need such names'
        : 'fix each value named above (DNS-1123 names for services and ServiceAccounts, Kubernetes label syntax for selectors, hostnames and plain URL paths for gateway rules)',
    });
  }
  // Notes can quote the input (a gateway product's name): control characters never reach the terminal.
  for (const note of plan.notes.map(commentText)) io.stderr(note.startsWith('WARNING: ') ? `meshgate: warning: ${note.slice(9)}\n` : `meshgate: note: ${note}\n`);

  if (toStdout) {
    io.stdout(await toStream(plan.files));
    return 0;
  }

  const { planWrites, writePlanned, withInterruptSignal } = await import('../shell/write-files.js');
  const { MANIFEST_NAME, contentHash, manifestText, readManifest, removeStale, staleFiles } = await import('../shell/generated-manifest.js');
  const edgeLines = plan.edge.map((e) => `edge: ${e}\n`).join('');
  const root = prepareOutDir(opts.out, io.cwd, false);
  const previous = readManifest(root);
  if (previous.problem) io.stderr(`meshgate: note: ${previous.problem}\n`);
  const stale = staleFiles(root, previous.manifest, new Set(plan.files.map((f) => f.path)));
  const removable = stale.filter((s) => s.state === 'remove').map((s) => s.path);
  const kept = stale.filter((s) => s.state === 'changed' || s.state === 'unsafe').map((s) => s.path);
  const width = Math.max(...plan.files.map((f) => f.path.length), ...removable.map((p) => p.length));

  if (opts.dryRun) {
    const entries = planWrites(root, plan.files, true, opts.out);
    io.stdout(`would write ${plan.files.length} file${plan.files.length === 1 ? '' : 's'} into ${opts.out} (targets: ${plan.targets.join(', ')}):\n`);
    for (const f of plan.files) {
      const exists = entries.find((e) => e.path === f.path)?.exists ?? false;
      io.stdout(`  ${f.path.padEnd(width)}  ${f.description}${exists ? (opts.force ? '  [exists: --force overwrites it]' : '  [exists: needs --force]') : ''}\n`);
    }
    for (const p of removable) io.stdout(`  ${p.padEnd(width)}  ${opts.force ? 'would be removed: written by an earlier run, no longer generated' : 'written by an earlier run, no longer generated: --force removes it'}\n`);
    io.stdout(edgeLines);
    return 0;
  }

  const entries = planWrites(root, plan.files, opts.force ?? false, opts.out);
  const written = new Map(plan.files.map((f) => [f.path, f.content]));
  // The manifest is meshgate's own bookkeeping: always rewritten, never counted as the user's file.
  const manifestEntries = planWrites(root, [{ path: MANIFEST_NAME, content: '' }], true, opts.out);
  let removed: string[] = [];
  // The Ctrl-C handler is in place before --out is created, so once anything exists on disk an
  // interrupt always ends in the cleanup path (exit 130), never in node's default kill.
  await withInterruptSignal(async (signal) => {
    prepareOutDir(opts.out, io.cwd, true);
    await writePlanned(entries, written, { force: opts.force ?? false, signal }, opts.out);
    if (opts.force) removed = removeStale(root, stale);
    const files: Record<string, string> = {};
    // Without --force, unchanged files of earlier runs stay meshgate's (a later --force removes
    // them); a file the user edited is theirs from then on.
    for (const s of stale) if (s.state === 'remove' && !removed.includes(s.path)) files[s.path] = previous.manifest!.files[s.path]!;
    for (const f of plan.files) files[f.path] = contentHash(f.content);
    await writePlanned(manifestEntries, new Map([[MANIFEST_NAME, manifestText(files)]]), { force: true, signal }, opts.out);
  });
  io.stdout(`wrote ${plan.files.length} file${plan.files.length === 1 ? '' : 's'} into ${opts.out} (targets: ${plan.targets.join(', ')}):\n`);
  for (const f of plan.files) io.stdout(`  ${f.path.padEnd(width)}  ${f.description}\n`);
  for (const p of removed) io.stdout(`  ${p.padEnd(width)}  removed: written by an earlier run, no longer generated\n`);
  io.stdout(edgeLines);
  if (!opts.force && removable.length > 0) io.stderr(`meshgate: note: ${removable.length} file${removable.length === 1 ? '' : 's'} written by an earlier run ${removable.length === 1 ? 'is' : 'are'} no longer generated (kubectl apply -f ${opts.out} would still apply ${removable.length === 1 ? 'it' : 'them'}): ${removable.join(', ')}; --force removes ${removable.length === 1 ? 'it' : 'them'}\n`);
  if (kept.length > 0) io.stderr(`meshgate: note: left in place, changed since meshgate wrote ${kept.length === 1 ? 'it' : 'them'}: ${kept.join(', ')}\n`);
  return 0;
}
