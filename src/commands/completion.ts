/**
 * `meshgate completion bash|zsh|fish`: prints a completion script built from the commander program
 * that is running, so commands, options and their choices cannot drift from the CLI.
 */
import type { Argument, Command, Option } from 'commander';
import type { Io } from '../io.js';
import { COMPLETION_FORMATS, type ShellName } from '../format/completion/index.js';
import type { CommandSpec, CompletionSpec, OptionSpec, ValueKind } from '../format/completion/types.js';

/**
 * What a value completes to, by the placeholder its flag or argument is written with. A test holds
 * every placeholder the program uses to this table, so a new one gets a decision, not a guess.
 */
export const PLACEHOLDER_KINDS: Record<string, Exclude<ValueKind['kind'], 'choices'>> = {
  file: 'file',
  input: 'file',
  dir: 'dir',
  command: 'command',
  format: 'text',
  severity: 'text',
  kind: 'text',
  shell: 'text',
  n: 'text',
  size: 'text',
  'field=value': 'text',
  target: 'text',
  id: 'text',
  from: 'text',
  to: 'text',
  method: 'text',
  path: 'text',
};

/** The placeholder name in `--out <dir>`, `[command]` or `<input...>`. */
export function placeholderOf(text: string): string | undefined {
  return /[<[]([^>\]]+?)(?:\.\.\.)?[>\]]/.exec(text)?.[1];
}

function valueKind(choices: readonly string[] | undefined, placeholder: string | undefined): ValueKind {
  if (choices && choices.length > 0) return { kind: 'choices', choices: [...choices] };
  return { kind: placeholder === undefined ? 'text' : (PLACEHOLDER_KINDS[placeholder] ?? 'text') };
}

function optionSpec(o: Option): OptionSpec {
  const takesValue = o.required || o.optional;
  return {
    ...(o.short ? { short: o.short } : {}),
    ...(o.long ? { long: o.long } : {}),
    description: o.description,
    ...(takesValue ? { value: valueKind(o.argChoices, placeholderOf(o.flags)) } : {}),
    repeatable: Array.isArray(o.defaultValue),
  };
}

/** meshgate's commands take one kind of positional word each (`<input...>`, `<id>`, `[command]`). */
function positional(args: readonly Argument[]): CommandSpec['positional'] {
  const first = args[0];
  return first ? { value: valueKind(first.argChoices, first.name()), variadic: args.some((a) => a.variadic) || args.length > 1 } : undefined;
}

/** The spec of a commander program: every visible command, option, choice and argument. */
function completionSpec(program: Command, version: string): CompletionSpec {
  const help = program.createHelp();
  // Options of the program itself that commander accepts after any command (--no-color);
  // --help is each command's own, and --version belongs to the program alone.
  const everywhere = help.visibleOptions(program).filter((o) => o.long !== '--help' && o.long !== '--version').map(optionSpec);
  const describe = (cmd: Command, isRoot: boolean): CommandSpec => ({
    name: cmd.name(),
    description: cmd.description(),
    options: [...help.visibleOptions(cmd).map(optionSpec), ...(isRoot ? [] : everywhere)],
    ...(cmd.registeredArguments.length > 0 ? { positional: positional(cmd.registeredArguments) } : {}),
    commands: help.visibleCommands(cmd).map((sub) => describe(sub, false)),
  });
  return { program: program.name(), version, root: describe(program, true) };
}

/** Runs `meshgate completion SHELL`; returns the exit code. */
export async function runCompletion(shell: ShellName, program: Command, version: string, io: Io): Promise<number> {
  io.stdout(COMPLETION_FORMATS[shell](completionSpec(program, version)));
  return 0;
}
