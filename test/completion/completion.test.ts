// `meshgate completion bash|zsh|fish`, judged in the real shells: every case below is typed into
// bash (the completion function with COMP_WORDS, as bash calls it), fish (`complete -C`) and an
// interactive zsh (TAB under zsh/zpty), and what each offers is compared with the commander
// program itself, so a command, option or choice added to the CLI is checked without editing this.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { createProgram } from '../../src/cli.js';
import { memoryIo } from '../../src/io.js';
import { PLACEHOLDER_KINDS, placeholderOf } from '../../src/commands/completion.js';
import { SHELLS } from '../../src/format/completion/index.js';

const root = resolve(import.meta.dirname, '../..');
const cli = join(root, 'dist/main.js');
const program = createProgram(memoryIo(), () => undefined);
const help = program.createHelp();

/** [words leading to the command, the command], for the program and every (sub)command. */
function commands(cmd: Command = program, path: string[] = []): [string[], Command][] {
  return [[path, cmd], ...help.visibleCommands(cmd).flatMap((sub) => commands(sub, [...path, sub.name()]))];
}
const longOptions = (cmd: Command, isRoot: boolean) =>
  [...help.visibleOptions(cmd), ...(isRoot ? [] : help.visibleOptions(program).filter((o) => o.long !== '--help' && o.long !== '--version'))]
    .map((o) => o.long!)
    .filter(Boolean);
const names = (cmd: Command) => help.visibleCommands(cmd).map((c) => c.name());

/** Each case: the command line as typed (completion happens at its end) and what must be offered. */
const cases: [line: string, expected: string[]][] = [['meshgate ', names(program)], ['meshgate help re', names(program).filter((n) => n.startsWith('re'))]];
for (const [path, cmd] of commands()) {
  const at = ['meshgate', ...path].join(' ');
  cases.push([`${at} --`, longOptions(cmd, path.length === 0)]);
  if (path.length === 1) cases.push([`meshgate ${path[0]!.slice(0, 2)}`, names(program).filter((n) => n.startsWith(path[0]!.slice(0, 2)))]);
  if (cmd.commands.length > 0 && path.length > 0) cases.push([`${at} `, names(cmd)]);
  for (const o of help.visibleOptions(cmd)) {
    if (!o.argChoices) continue;
    for (const flag of [o.short, o.long].filter(Boolean)) cases.push([`${at} ${flag} `, o.argChoices]);
    cases.push([`${at} ${o.long}=`, o.argChoices]);
  }
}
const lint = program.commands.find((c) => c.name() === 'lint')!;
const failOn = lint.options.find((o) => o.long === '--fail-on')!.argChoices!;
const lintFormats = lint.options.find((o) => o.long === '--format')!.argChoices!;
cases.push(
  ['meshgate --no-color lint --fail-on ', failOn], // a program option before the command
  [`meshgate lint --format=${lintFormats[1]!.slice(0, 2)}`, lintFormats.filter((f) => f.startsWith(lintFormats[1]!.slice(0, 2)))],
  ['meshgate lint -f json ', ['configs', 'shop.yaml']], // after an option's value: files again
  ['meshgate lint shop.yaml --max-warnings ', []], // a number: nothing to offer
  ['meshgate generate --out ', ['configs']], // a folder: folders only
  ['meshgate completion ', [...SHELLS]],
);

let work: string;
/** Where the cases are typed: one file and one folder, to see files and folders offered. */
let cwd: string;
const scripts: Record<string, string> = {};
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'meshgate-completion-'));
  cwd = join(work, 'project');
  mkdirSync(join(cwd, 'configs'), { recursive: true });
  writeFileSync(join(cwd, 'shop.yaml'), 'apiVersion: meshgate/v1\n');
  for (const shell of SHELLS) {
    const r = spawnSync(process.execPath, [cli, 'completion', shell], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    scripts[shell] = join(work, `meshgate.${shell}`);
    writeFileSync(scripts[shell]!, r.stdout);
  }
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** "line<TAB>a b c" lines → line → the set offered (a trailing / on folders and a --opt= prefix dropped). */
function parseOffers(out: string): Map<string, string[]> {
  const offers = new Map<string, string[]>();
  for (const row of out.split('\n').filter(Boolean)) {
    const [line, found = ''] = row.split('\t');
    const prefix = /(--[\w-]+=)[^ ]*$/.exec(line!)?.[1] ?? '';
    offers.set(line!, [...new Set(found.split(' ').filter(Boolean).map((w) => w.replace(/\/$/, '').replace(prefix, '')))].sort());
  }
  return offers;
}

function installed(shell: string): boolean {
  return spawnSync(shell, ['-c', 'exit 0']).status === 0;
}

// bash splits the line into COMP_WORDS at blanks and at "=" (COMP_WORDBREAKS), "=" being a word.
const BASH_HARNESS = `
source "$1"; shift
for line in "$@"; do
  COMP_WORDS=(); word=""
  while IFS= read -r -n1 ch; do
    case "$ch" in
      " ") [[ -n $word ]] && COMP_WORDS+=("$word"); word="" ;;
      "=") [[ -n $word ]] && COMP_WORDS+=("$word"); COMP_WORDS+=("="); word="" ;;
      *) word+="$ch" ;;
    esac
  done < <(printf '%s' "$line")
  COMP_WORDS+=("$word"); COMP_CWORD=$(( \${#COMP_WORDS[@]} - 1 ))
  [[ $word == "" && \${COMP_WORDS[COMP_CWORD-1]} == "=" ]] && { unset 'COMP_WORDS[COMP_CWORD]'; COMP_CWORD=$((COMP_CWORD - 1)); }
  COMPREPLY=(); _meshgate
  printf '%s\\t%s\\n' "$line" "\${COMPREPLY[*]}"
done`;

const FISH_HARNESS = `source $argv[1]
for line in $argv[2..-1]
  printf '%s\\t%s\\n' $line (complete -C $line | string replace -r '\\t.*' '' | string join ' ')
end`;

function runShell(shell: (typeof SHELLS)[number]): { status: number | null; out: string; err: string } {
  const lines = cases.map(([line]) => line);
  const opts = { cwd, encoding: 'utf8' as const, timeout: 30_000, env: { ...process.env, COMPLETION_SCRIPT: scripts[shell] } };
  const r =
    shell === 'bash' ? spawnSync('bash', ['--norc', '--noprofile', '-c', BASH_HARNESS, 'bash', scripts[shell]!, ...lines], opts)
    : shell === 'fish' ? spawnSync('fish', ['--no-config', '-c', FISH_HARNESS, scripts[shell]!, ...lines], opts)
    : spawnSync('zsh', ['-f', join(import.meta.dirname, 'zsh-complete.zsh'), ...lines], opts);
  return { status: r.status, out: r.stdout, err: r.stderr };
}

describe('meshgate completion', () => {
  it('offers exactly the shells it has scripts for, and knows what every value placeholder completes to', () => {
    const completion = program.commands.find((c) => c.name() === 'completion')!;
    expect(completion.registeredArguments[0]!.argChoices).toEqual([...SHELLS]);
    const placeholders = commands().flatMap(([, cmd]) => [
      ...cmd.options.filter((o) => o.required || o.optional).map((o) => placeholderOf(o.flags)),
      ...cmd.registeredArguments.map((a) => a.name()),
    ]);
    expect(placeholders.filter((p) => p === undefined || !(p in PLACEHOLDER_KINDS))).toEqual([]);
  });

  it.each(SHELLS)('the %s script parses (%s -n)', (shell) => {
    expect(installed(shell), `${shell} is not installed (.ci/run installs it from Debian)`).toBe(true);
    const r = spawnSync(shell, ['-n', scripts[shell]!], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
  });

  it.each(SHELLS)('%s offers what the program accepts, case by case', (shell) => {
    expect(cases.length).toBeGreaterThan(40);
    const r = runShell(shell);
    expect(r.status, r.err).toBe(0);
    const offers = parseOffers(r.out);
    const wrong = cases
      .map(([line, expected]) => ({ line, expected: [...expected].sort(), offered: offers.get(line) }))
      .filter(({ expected, offered }) => JSON.stringify(expected) !== JSON.stringify(offered));
    expect(wrong).toEqual([]);
  });

  it('the zsh script also registers itself when sourced after compinit', () => {
    const r = spawnSync('zsh', ['-f', '-c', `autoload -Uz compinit && compinit -u -D; source ${JSON.stringify(scripts['zsh'])}; print -r -- $_comps[meshgate]`], { encoding: 'utf8' });
    expect(r.stdout.trim()).toBe('_meshgate');
  });
});
