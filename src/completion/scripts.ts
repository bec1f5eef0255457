/**
 * The completion scripts `atl completion SHELL` prints. Each is small: on TAB it passes the words
 * up to the cursor to `atl __complete` (./complete.ts), where all the logic lives, and hands the
 * lines back to the shell (`value<TAB>description`; a last `:files` line asks for file names).
 */
import { CURRENT_WORD_ENV, FILES_DIRECTIVE } from './complete.js';
import type { Shell } from './shells.js';

// bash splits words at COMP_WORDBREAKS (`=` and `:`); the words are taken from COMP_LINE instead,
// so `--profile=wo` is one word, and each candidate is cut to the part bash counts as its word.
const bash = `# atl completion for bash. Load it with: eval "$(atl completion bash)"
_atl_complete() {
  local line="\${COMP_LINE:0:COMP_POINT}" words cur
  read -ra words <<< "$line"
  if [[ -z "$line" || "$line" =~ [[:space:]]$ ]]; then words+=(""); fi
  cur="\${words[\${#words[@]}-1]}"
  local bashcur="\${COMP_WORDS[COMP_CWORD]}" out candidate files=0
  [[ "$cur" == *"$bashcur" ]] || bashcur="$cur"
  out="$("\${words[0]}" __complete "\${words[@]:1}" 2>/dev/null)" || return 0
  COMPREPLY=()
  while IFS= read -r candidate; do
    [[ -z "$candidate" ]] && continue
    if [[ "$candidate" == "${FILES_DIRECTIVE}" ]]; then files=1; continue; fi
    candidate="\${candidate%%$'\\t'*}"
    COMPREPLY+=("\${candidate:\${#cur}-\${#bashcur}}")
  done <<< "$out"
  if [[ $files == 1 ]]; then
    local file
    while IFS= read -r file; do COMPREPLY+=("$file"); done < <(compgen -f -- "$bashcur")
  fi
  return 0
}
complete -o nosort -F _atl_complete atl 2>/dev/null || complete -F _atl_complete atl
`;

const zsh = `#compdef atl
# atl completion for zsh. Load it with: source <(atl completion zsh)   (after compinit)
# or save it as _atl in a directory on $fpath.
_atl() {
  local -a lines candidates
  local line files=0
  lines=("\${(@f)$(atl __complete "\${(@)words[2,CURRENT]}" 2>/dev/null)}")
  for line in $lines; do
    [[ -z $line ]] && continue
    if [[ $line == "${FILES_DIRECTIVE}" ]]; then files=1; continue; fi
    if [[ $line == *$'\\t'* ]]; then
      candidates+=("\${\${line%%$'\\t'*}//:/\\\\:}:\${line#*$'\\t'}")
    else
      candidates+=("\${line//:/\\\\:}")
    fi
  done
  (( \${#candidates} )) && _describe -V atl candidates
  (( files )) && _files
  return 0
}
if [[ "\${funcstack[1]}" == "_atl" ]]; then _atl "$@"; else compdef _atl atl; fi
`;

const fish = `# atl completion for fish. Load it with: atl completion fish | source
function __atl_complete
    set -l words (commandline -opc) (commandline -ct)
    set -e words[1]
    set -l files 0
    for line in (atl __complete $words 2>/dev/null)
        if test "$line" = "${FILES_DIRECTIVE}"
            set files 1
        else if test -n "$line"
            printf '%s\\n' $line
        end
    end
    if test $files = 1
        __fish_complete_path (commandline -ct)
    end
end
complete -c atl -e
complete -c atl -f -a '(__atl_complete)'
`;

// PowerShell 5.1 drops empty arguments to native commands, so the word being completed goes in an
// environment variable rather than as the last argument.
const powershell = `# atl completion for PowerShell. Load it with: atl completion powershell | Out-String | Invoke-Expression
Register-ArgumentCompleter -Native -CommandName atl -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)
    $words = @()
    foreach ($element in $commandAst.CommandElements | Select-Object -Skip 1) {
        if ($element.Extent.StartOffset -ge $cursorPosition) { break }
        if ($element.Extent.EndOffset -ge $cursorPosition -and $wordToComplete -ne '') { break }
        $words += $element.Extent.Text
    }
    $previous = $env:${CURRENT_WORD_ENV}
    $env:${CURRENT_WORD_ENV} = $wordToComplete
    try { $lines = @(& atl __complete @words 2>$null) } finally { $env:${CURRENT_WORD_ENV} = $previous }
    $files = $false
    foreach ($line in $lines) {
        if ($line -eq '${FILES_DIRECTIVE}') { $files = $true; continue }
        if ($line -eq '') { continue }
        $parts = $line -split "\`t", 2
        $tip = if ($parts.Count -gt 1) { $parts[1] } else { $parts[0] }
        [System.Management.Automation.CompletionResult]::new($parts[0], $parts[0], 'ParameterValue', $tip)
    }
    if ($files) {
        Get-ChildItem -Path "$wordToComplete*" -ErrorAction SilentlyContinue | ForEach-Object {
            [System.Management.Automation.CompletionResult]::new($_.Name, $_.Name, 'ProviderItem', $_.Name)
        }
    }
}
`;

export const completionScripts: Readonly<Record<Shell, string>> = { bash, zsh, fish, powershell };
