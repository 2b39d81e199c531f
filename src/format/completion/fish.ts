/**
 * fish completion script: one `complete` line per option and command, each guarded by the command
 * path typed so far (a helper walks the words, skipping option values, as the bash script does).
 */
import { commandPaths, optionWords, type CompletionFormatter, type CompletionSpec, type OptionSpec, type ValueKind } from './types.js';

/** A fish single-quoted string: only \ and ' are special there. */
function quote(text: string): string {
  return `'${text.replace(/[\\']/g, (c) => `\\${c}`)}'`;
}

/** The `complete` arguments that say what a value completes to. */
function valueArgs(v: ValueKind, commands: string[]): string {
  switch (v.kind) {
    case 'choices': return `-x -a ${quote(v.choices.join(' '))}`;
    case 'file': return '-r -F';
    case 'dir': return `-x -a ${quote('(__fish_complete_directories (commandline -ct))')}`;
    case 'command': return `-x -a ${quote(commands.join(' '))}`;
    case 'text': return '-x';
  }
}

/** The `complete` arguments for positional words (files are off by default: `complete -f`). */
function positionalArgs(v: Exclude<ValueKind, { kind: 'text' }>, commands: string[]): string {
  return v.kind === 'file' ? '-F' : valueArgs(v, commands).replace(/^-x /, '');
}

function optionFlags(o: OptionSpec): string {
  return [o.short ? `-s ${o.short.slice(1)}` : '', o.long ? `-l ${o.long.slice(2)}` : ''].filter(Boolean).join(' ');
}

export const formatFish: CompletionFormatter = (spec: CompletionSpec): string => {
  const p = `__${spec.program.replace(/\W/g, '_')}`;
  const c = `complete -c ${spec.program}`;
  const paths = commandPaths(spec.root).map(({ path, command }) => ({ key: path.join(' '), command }));
  const topCommands = spec.root.commands.map((cmd) => cmd.name);
  const valueCases = paths.flatMap(({ key, command }) =>
    command.options.filter((o) => o.value).map((o) => `        case ${optionWords(o).map((w) => quote(`${key}|${w}`)).join(' ')}`));
  const commandCases = paths
    .filter(({ command }) => command.commands.length > 0)
    .map(({ key, command }) => `        case ${quote(key)}\n            printf '%s\\n' ${command.commands.map((s) => quote(s.name)).join(' ')}`);
  const lines: string[] = [
    `# fish completion for ${spec.program} ${spec.version}, written by \`${spec.program} completion fish\`.`,
    `# Always: ${spec.program} completion fish > ~/.config/fish/completions/${spec.program}.fish`,
    '',
    `function ${p}_takes_value --description 'PATH OPTION: whether the option takes a value'`,
    '    switch "$argv[1]|$argv[2]"',
    ...valueCases.map((l) => `${l}\n            return 0`),
    '    end',
    '    return 1',
    'end',
    '',
    `function ${p}_commands --description 'PATH: its subcommands'`,
    '    switch "$argv[1]"',
    ...commandCases,
    '    end',
    'end',
    '',
    `function ${p}_path --description 'the subcommands typed so far, e.g. "rules show"'`,
    '    set -l words (commandline -opc)',
    '    set -l path ""',
    '    set -l skip 0',
    '    for word in $words[2..-1]',
    '        if test $skip -eq 1',
    '            set skip 0',
    '        else if string match -q -- "-*" $word',
    `            if not string match -q -- "*=*" $word; and ${p}_takes_value "$path" $word`,
    '                set skip 1',
    '            end',
    `        else if contains -- $word (${p}_commands "$path")`,
    '            set path (string trim -- "$path $word")',
    '        end',
    '    end',
    '    echo $path',
    'end',
    '',
    `function ${p}_at --description 'whether the command typed so far is PATH'`,
    `    set -l path (${p}_path)`,
    '    test "$path" = "$argv[1]"',
    'end',
    '',
    `${c} -f`,
  ];
  for (const { key, command } of paths) {
    const at = `-n ${quote(`${p}_at ${quote(key)}`)}`;
    for (const sub of command.commands) lines.push(`${c} ${at} -a ${quote(sub.name)} -d ${quote(sub.description)}`);
    for (const o of command.options) {
      lines.push(`${c} ${at} ${optionFlags(o)}${o.value ? ` ${valueArgs(o.value, topCommands)}` : ''} -d ${quote(o.description)}`);
    }
    const pos = command.positional?.value;
    if (pos && pos.kind !== 'text') lines.push(`${c} ${at} ${positionalArgs(pos, topCommands)}`);
  }
  return lines.join('\n') + '\n';
};
