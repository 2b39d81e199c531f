/**
 * `meshgate generate`: starter configs for the recommended setup. The plan comes from
 * src/app/generate.ts; this writes it safely (or lists it, or streams it).
 */
import type { Io } from '../io.js';
import type { GeneratedFile } from '../core/generate/index.js';
import { parseTargets, planGeneration } from '../app/generate.js';
import { commentText } from '../core/generate/render.js';
import { showPath, termList, wrapMessage } from '../format/terminal-text.js';
import { plural } from '../core/plural.js';


/** The options commander passes to `meshgate generate`. */
export interface GenerateOptions {
  out: string;
  target?: string[];
  dryRun?: boolean;
  force?: boolean;
  answers?: string;
  maxBytes?: string;
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

  const plan = await planGeneration(inputs, { targets, answers: opts.answers, maxBytes: opts.maxBytes }, io);
  // Notes can quote the input (a gateway product's name): control characters never reach the terminal.
  const say = (kind: 'note' | 'warning', text: string): void => io.stderr(`${wrapMessage(`meshgate: ${kind}: ${text}`, io.columns)}\n`);
  for (const note of plan.notes.map(commentText)) {
    if (note.startsWith('WARNING: ')) say('warning', note.slice(9));
    else say('note', note);
  }

  if (toStdout) {
    io.stdout(await toStream(plan.files));
    return 0;
  }

  const { planWrites, writeFileSet } = await import('../shell/write-files.js');
  const { MANIFEST_NAME, contentHash, manifestText, readManifest, staleFiles } = await import('../shell/generated-manifest.js');
  // Each pick meshgate writes nothing for is named in the summary too, not only on stderr.
  const declinedLines = plan.products.filter((p) => p.outcome === 'declined').map((p) => `${wrapMessage(`no starter config: ${commentText(p.name)} (${p.role}): ${commentText(p.detail)}`, io.columns)}\n`).join('');
  const edgeLines = plan.edge.map((e) => `edge: ${e}\n`).join('') + declinedLines;
  const targetList = `targets: ${plan.targets.join(', ')}`;
  const planned = new Set(plan.files.map((f) => f.path));

  /** What an earlier run wrote (the record in --out) that this one does not: removable, or edited and kept. */
  const earlier = (root: string) => {
    const previous = readManifest(root);
    if (previous.problem) say('note', previous.problem);
    const stale = staleFiles(root, previous.manifest, planned);
    return {
      previous,
      removable: stale.filter((f) => f.state === 'remove').map((f) => f.path),
      kept: stale.filter((f) => f.state === 'changed' || f.state === 'unsafe').map((f) => f.path),
    };
  };

  if (opts.dryRun) {
    const root = prepareOutDir(opts.out, io.cwd, false);
    const { removable } = earlier(root);
    const entries = planWrites(root, plan.files, true, opts.out);
    io.stdout(`${wrapMessage(`would write ${plural(plan.files.length, 'file')} into ${showPath(opts.out)} (${targetList}):`, io.columns)}\n`);
    const rows = plan.files.map((f) => {
      const exists = entries.find((e) => e.path === f.path)?.exists ?? false;
      return [f.path, `${f.description}${exists ? (opts.force ? '  [exists: --force overwrites it]' : '  [exists: needs --force]') : ''}`] as const;
    });
    for (const p of removable) rows.push([p, opts.force ? 'would be removed: written by an earlier run, no longer generated' : 'written by an earlier run, no longer generated: --force removes it']);
    io.stdout(termList(rows, io.columns).join('\n') + '\n' + edgeLines);
    return 0;
  }

  // All or nothing, under a lock on --out; SIGINT, SIGTERM and SIGHUP put everything back. What an
  // earlier run left is read under the lock, so a concurrent run cannot change it in between.
  let removable: string[] = [];
  let kept: string[] = [];
  const result = await writeFileSet(
    opts.out,
    io.cwd,
    (root) => {
      const found = earlier(root);
      removable = found.removable;
      kept = found.kept;
      // Without --force, unchanged files of earlier runs stay meshgate's (a later --force removes
      // them); a file the user edited is theirs from then on.
      const record: Record<string, string> = {};
      if (!opts.force) for (const p of removable) record[p] = found.previous.manifest!.files[p]!;
      for (const f of plan.files) record[f.path] = contentHash(f.content);
      // The record is meshgate's own bookkeeping: always rewritten, never counted as the user's file.
      return { write: [...plan.files, { path: MANIFEST_NAME, content: manifestText(record, plan.products), replace: true }], remove: opts.force ? removable : [] };
    },
    { force: opts.force ?? false },
  );
  for (const note of result.notes) say('note', note);
  const rows: (readonly [string, string])[] = plan.files.map((f) => [f.path, f.description] as const);
  for (const p of result.removed) rows.push([p, 'removed: written by an earlier run, no longer generated']);
  if (plan.files.length === 0) {
    io.stdout(`${wrapMessage(`wrote no config into ${showPath(opts.out)}: none of the picked products has a meshgate target (each is listed below; ${MANIFEST_NAME} records them)`, io.columns)}\n`);
    io.stdout((rows.length > 0 ? termList(rows, io.columns).join('\n') + '\n' : '') + edgeLines);
  } else {
    io.stdout(`${wrapMessage(`wrote ${plural(plan.files.length, 'file')} into ${showPath(opts.out)} (${targetList}):`, io.columns)}\n`);
    io.stdout(termList(rows, io.columns).join('\n') + '\n' + edgeLines);
  }
  const them = (n: number, one: string, many: string) => (n === 1 ? one : many);
  if (!opts.force && removable.length > 0) {
    say('note', `${plural(removable.length, 'file')} written by an earlier run ${them(removable.length, 'is', 'are')} no longer generated (kubectl apply -f ${showPath(opts.out)} would still apply ${them(removable.length, 'it', 'them')}): ${removable.join(', ')}; --force removes ${them(removable.length, 'it', 'them')}`);
  }
  if (kept.length > 0) say('note', `left in place, changed since meshgate wrote ${them(kept.length, 'it', 'them')}: ${kept.join(', ')}`);
  return 0;
}
