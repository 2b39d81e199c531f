/**
 * zsh completion script: one `_arguments` function per command (zsh's own option and value
 * handling), commands with subcommands dispatching on the word after them. Works both from
 * $fpath (autoloaded as _meshgate) and sourced after compinit.
 */
import { commandPaths, type CommandSpec, type CompletionFormatter, type CompletionSpec, type OptionSpec, type ValueKind } from './types.js';

/** A zsh single-quoted string. */
function quote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** Text inside an `_arguments` [description]: a backslash or `]` would end or bend it. */
function bracketText(text: string): string {
  return text.replace(/[\\\]]/g, (c) => `\\${c}`);
}

/** `:message:action` for a value. */
function valueAction(v: ValueKind, label: string, commands: readonly string[]): string {
  const message = label.replace(/[\\:]/g, (c) => `\\${c}`);
  switch (v.kind) {
    case 'choices': return `:${message}:(${v.choices.map((x) => x.replace(/[\\\s()]/g, (ch) => `\\${ch}`)).join(' ')})`;
    case 'file': return `:${message}:_files`;
    case 'dir': return `:${message}:_files -/`;
    case 'command': return `:${message}:(${commands.join(' ')})`;
    case 'text': return `:${message}: `;
  }
}

/** One option as `_arguments` specs: exclusive with its other spelling, `*` when repeatable. */
function optionSpecs(o: OptionSpec, commands: readonly string[]): string {
  const isHelp = o.long === '--help' || o.long === '--version';
  const words = [o.short && (o.value ? `${o.short}+` : o.short), o.long && (o.value ? `${o.long}=` : o.long)].filter((w): w is string => Boolean(w));
  const label = (o.long ?? o.short ?? '').replace(/^-+/, '');
  const tail = `[${bracketText(o.description)}]${o.value ? valueAction(o.value, label, commands) : ''}`;
  const exclusive = isHelp ? '(- *)' : o.repeatable ? '*' : words.length > 1 ? `(${[o.short, o.long].join(' ')})` : '';
  if (words.length === 1) return quote(`${exclusive}${words[0]}${tail}`);
  return `${quote(exclusive)}{${words.join(',')}}${quote(tail)}`;
}

function functionName(program: string, path: string[]): string {
  return ['_' + program.replace(/\W/g, '_'), ...path.map((w) => w.replace(/\W/g, '_'))].join('_');
}

function commandFunction(program: string, path: string[], command: CommandSpec, topCommands: readonly string[]): string {
  const specs = command.options.map((o) => `    ${optionSpecs(o, topCommands)}`);
  const name = functionName(program, path);
  if (command.commands.length === 0) {
    const pos = command.positional;
    if (pos) specs.push(`    ${quote(`${pos.variadic ? '*' : '1'}${valueAction(pos.value, pos.value.kind === 'command' ? 'command' : pos.value.kind === 'text' ? 'argument' : 'input', topCommands)}`)}`);
    return [`${name}() {`, '  _arguments -s -S \\', specs.join(' \\\n'), '}'].join('\n');
  }
  // _describe splits each item at its first unescaped colon: name, then description.
  const items = command.commands.map((c) => `        ${quote(`${c.name.replace(/:/g, '\\:')}:${c.description}`)}`);
  return [
    `${name}() {`,
    '  local curcontext="$curcontext" state state_descr line ret=1',
    '  typeset -A opt_args',
    "  _arguments -C -s -S -A '-*' \\",
    [...specs, `    ${quote('1: :->command')}`, `    ${quote('*:: :->args')}`].join(' \\\n') + ' && ret=0',
    '  case $state in',
    '    command)',
    '      local -a commands',
    '      commands=(',
    ...items,
    '      )',
    `      _describe -t commands ${quote(`${[program, ...path].join(' ')} command`)} commands && ret=0`,
    '      ;;',
    '    args)',
    `      curcontext="\${curcontext%:*:*}:${[program, ...path].join('-')}-$words[1]:"`,
    '      case $words[1] in',
    ...command.commands.map((c) => `        ${quote(c.name)}) ${functionName(program, [...path, c.name])} && ret=0 ;;`),
    '      esac',
    '      ;;',
    '  esac',
    '  return ret',
    '}',
  ].join('\n');
}

export const formatZsh: CompletionFormatter = (spec: CompletionSpec): string => {
  const topCommands = spec.root.commands.map((c) => c.name);
  const main = functionName(spec.program, []);
  return [
    `#compdef ${spec.program}`,
    `# zsh completion for ${spec.program} ${spec.version}, written by \`${spec.program} completion zsh\`.`,
    `# Always: ${spec.program} completion zsh > "\${fpath[1]}/_${spec.program}", then start a new zsh.`,
    `# Now (after compinit): source <(${spec.program} completion zsh)`,
    '',
    ...commandPaths(spec.root).map(({ path, command }) => commandFunction(spec.program, path, command, topCommands) + '\n'),
    `# Autoloaded from $fpath, this file is the body of ${main}: run it. Sourced, register it.`,
    `if [[ $funcstack[1] == ${main} ]]; then`,
    `  ${main} "$@"`,
    'elif (( $+functions[compdef] )); then',
    `  compdef ${main} ${spec.program}`,
    'fi',
    '',
  ].join('\n');
};
