/**
 * What a shell needs to complete meshgate's command line, as plain data taken from the commander
 * program (src/commands/completion.ts), so each shell's script is a pure function of it.
 */

/** What the word after an option, or a positional word, completes to. */
export type ValueKind =
  | { kind: 'choices'; choices: readonly string[] }
  | { kind: 'file' }
  | { kind: 'dir' }
  /** The names of the program's commands (`meshgate help <command>`). */
  | { kind: 'command' }
  /** Free text: nothing to offer. */
  | { kind: 'text' };

export interface OptionSpec {
  short?: string;
  long?: string;
  description: string;
  /** Absent for a flag that takes no value. */
  value?: ValueKind;
  /** May be given more than once (its values are collected). */
  repeatable: boolean;
}

export interface CommandSpec {
  name: string;
  description: string;
  /** Its own options, then the program's options that work everywhere (--no-color, --help). */
  options: OptionSpec[];
  /** What its positional words complete to, and whether there may be several; absent when it takes none. */
  positional?: { value: ValueKind; variadic: boolean };
  commands: CommandSpec[];
}

export interface CompletionSpec {
  program: string;
  version: string;
  root: CommandSpec;
}

/** One shell's script from the spec. */
export type CompletionFormatter = (spec: CompletionSpec) => string;

/** Every word an option is known by, short first. */
export function optionWords(o: OptionSpec): string[] {
  return [o.short, o.long].filter((w): w is string => w !== undefined);
}

/** Each command with the words that lead to it: [] for the program itself, ['rules', 'show'], ... */
export function commandPaths(root: CommandSpec): { path: string[]; command: CommandSpec }[] {
  const out: { path: string[]; command: CommandSpec }[] = [];
  const walk = (command: CommandSpec, path: string[]) => {
    out.push({ path, command });
    for (const sub of command.commands) walk(sub, [...path, sub.name]);
  };
  walk(root, []);
  return out;
}
