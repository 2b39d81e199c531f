# Completes command lines in a real interactive zsh, as a person pressing TAB would:
#   COMPLETION_SCRIPT=FILE zsh -f zsh-complete.zsh 'meshgate li' 'meshgate lint -f ' ...
# prints one line per input: the line, a TAB, then every candidate zsh offered (space-separated).
# The inner shell runs under zsh/zpty with compinit and the script loaded; a compadd wrapper
# reports the matches each completion function adds, and TAB is bound to a widget that completes
# and then prints an end marker.
zmodload zsh/zpty || exit 3
zpty comp zsh -f -i
zpty -w comp 'PS1= RPROMPT=; autoload -Uz compinit && compinit -u -D'
zpty -w comp 'source ${(q)COMPLETION_SCRIPT}; zstyle ":completion:*" insert-tab false'
zpty -w comp 'compadd() { if [[ " $* " == *" -"[OAD]" "* ]]; then builtin compadd "$@"; return; fi; local -a found; builtin compadd -O found "$@"; local m; for m in $found; do print -r -- "MATCH:$m"; done; builtin compadd "$@"; }'
zpty -w comp 'complete-and-mark() { zle complete-word; print -r -- COMPLETION-END; }; zle -N complete-and-mark; bindkey "^I" complete-and-mark'
zpty -w comp "print -r -- RE''ADY"  # the echo of this line does not match *READY*
local out
zpty -r -m comp out '*READY*' || exit 4
for line in "$@"; do
  zpty -w -n comp "$line"$'\t'
  zpty -r -m comp out '*COMPLETION-END*' || exit 5
  local -a found=(${(f)out})
  found=(${${(M)found:#*MATCH:*}#*MATCH:})
  found=(${found%$'\r'})
  print -r -- "$line"$'\t'"${(j: :)found}"
  zpty -w -n comp $'\C-u'
done
zpty -d comp
