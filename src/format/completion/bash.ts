/**
 * bash completion script. The data sits in `case` tables keyed by the command path ("", "lint",
 * "rules show"); one function walks the words typed so far to find the path, skipping the values
 * of options that take one, so `meshgate lint -f json <TAB>` completes files, not commands.
 */
import { commandPaths, optionWords, type CompletionFormatter, type CompletionSpec, type ValueKind } from './types.js';

/** A word for a bash script, single-quoted unless it is plainly safe. */
function quote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A value kind as the script carries it: `choices:a b c`, `file`, `dir`, `command` or `text`. */
function kindWord(v: ValueKind): string {
  return v.kind === 'choices' ? `choices:${v.choices.join(' ')}` : v.kind;
}

function caseTable(name: string, doc: string, key: string, rows: [pattern: string[], out: string][]): string {
  const body = rows.map(([patterns, out]) => `    ${patterns.map(quote).join('|')}) printf '%s\\n' ${quote(out)} ;;`);
  return [`# ${doc}`, `${name}() {`, `  case "${key}" in`, ...body, '    *) return 1 ;;', '  esac', '}'].join('\n');
}

export const formatBash: CompletionFormatter = (spec: CompletionSpec): string => {
  const p = `__${spec.program.replace(/\W/g, '_')}`;
  const paths = commandPaths(spec.root).map(({ path, command }) => ({ key: path.join(' '), command }));
  const valueRows: [string[], string][] = [];
  for (const { key, command } of paths) {
    for (const o of command.options) if (o.value) valueRows.push([optionWords(o).map((w) => `${key}|${w}`), kindWord(o.value)]);
  }
  return [
    `# bash completion for ${spec.program} ${spec.version}, written by \`${spec.program} completion bash\`.`,
    `# Now:    source <(${spec.program} completion bash)`,
    `# Always: ${spec.program} completion bash > ~/.local/share/bash-completion/completions/${spec.program}`,
    '',
    caseTable(`${p}_value_kind`, 'PATH|OPTION -> what the option\'s value completes to; fails for options without a value', '$1|$2', valueRows),
    '',
    caseTable(`${p}_options`, 'PATH -> its options', '$1', paths.map(({ key, command }) => [[key], command.options.flatMap(optionWords).join(' ')])),
    '',
    caseTable(`${p}_commands`, 'PATH -> its subcommands', '$1', paths.filter(({ command }) => command.commands.length > 0).map(({ key, command }) => [[key], command.commands.map((c) => c.name).join(' ')])),
    '',
    caseTable(`${p}_positional`, 'PATH -> what its positional words complete to', '$1', paths.filter(({ command }) => command.positional).map(({ key, command }) => [[key], kindWord(command.positional!.value)])),
    '',
    `# Fills COMPREPLY with the completions of kind $1 for the prefix $2.`,
    `${p}_complete_kind() {`,
    '  case "$1" in',
    `    choices:*) mapfile -t COMPREPLY < <(compgen -W "\${1#choices:}" -- "$2") ;;`,
    `    file) compopt -o filenames 2>/dev/null; mapfile -t COMPREPLY < <(compgen -f -- "$2") ;;`,
    `    dir) compopt -o filenames 2>/dev/null; mapfile -t COMPREPLY < <(compgen -d -- "$2") ;;`,
    `    command) mapfile -t COMPREPLY < <(compgen -W "$(${p}_commands '')" -- "$2") ;;`,
    '    *) COMPREPLY=() ;;',
    '  esac',
    '}',
    '',
    `_${spec.program.replace(/\W/g, '_')}() {`,
    '  local n=$COMP_CWORD cur=${COMP_WORDS[COMP_CWORD]} path="" word i=1 kind',
    '  COMPREPLY=()',
    '  # The command path: the subcommands typed so far. bash splits --format=json at "=", so an',
    '  # option followed by "=" takes the two words after it, and one that takes a value the next.',
    '  while (( i < n )); do',
    '    word=${COMP_WORDS[i]}',
    '    if [[ ${COMP_WORDS[i+1]} == "=" ]]; then',
    '      (( i += 3 ))',
    `    elif [[ $word == -* ]] && ${p}_value_kind "$path" "$word" >/dev/null; then`,
    '      (( i += 2 ))',
    `    elif [[ $word != -* ]] && [[ " $(${p}_commands "$path") " == *" $word "* ]]; then`,
    '      path="${path:+$path }$word"',
    '      (( i += 1 ))',
    '    else',
    '      (( i += 1 ))',
    '    fi',
    '  done',
    '  # The value of an option: "-f <TAB>", "--format=<TAB>", "--format=js<TAB>".',
    '  local opt="" prefix=$cur',
    '  if [[ $cur == "=" ]]; then',
    '    opt=${COMP_WORDS[n-1]} prefix=""',
    '  elif [[ ${COMP_WORDS[n-1]} == "=" ]]; then',
    '    opt=${COMP_WORDS[n-2]}',
    '  elif (( n > 1 )); then',
    '    opt=${COMP_WORDS[n-1]}',
    '  fi',
    `  if [[ $opt == -* ]] && kind=$(${p}_value_kind "$path" "$opt"); then`,
    `    ${p}_complete_kind "$kind" "$prefix"`,
    '    return 0',
    '  fi',
    '  if [[ $cur == -* ]]; then',
    `    mapfile -t COMPREPLY < <(compgen -W "$(${p}_options "$path")" -- "$cur")`,
    `  elif kind=$(${p}_commands "$path"); then`,
    '    mapfile -t COMPREPLY < <(compgen -W "$kind" -- "$cur")',
    `  elif kind=$(${p}_positional "$path"); then`,
    `    ${p}_complete_kind "$kind" "$cur"`,
    '  fi',
    '  return 0',
    '}',
    '',
    `complete -F _${spec.program.replace(/\W/g, '_')} ${quote(spec.program)}`,
    '',
  ].join('\n');
};
