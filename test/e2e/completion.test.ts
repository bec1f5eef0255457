import { execFile, execFileSync } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { ATL_BIN } from '../support/atl.js';
import { skipWithout } from '../support/prerequisite.js';
import { noteSpawn } from '../support/spawn-log.js';
import { jiraE2e, seedIssues } from './jira-support.js';

// The completion scripts loaded into real bash, zsh and fish, asking the built atl. The logic
// (which flags, values and keys) is unit-tested in src/completion/complete.test.ts; here: each
// script loads without error, completes a subcommand, and offers what a real run saw.
// zsh and fish: .ci/run installs them; under CI a missing shell fails, outside CI it skips, saying so.

const e2e = await jiraE2e();
const LABEL = 'completion-e2e';
const seeded = seedIssues(e2e, 3, LABEL);
// A listing records the keys it showed for completion (the state dir is the home's, whatever the profile).
const listed = await e2e.atl('cloud', ['jira', 'search', '--label', LABEL]);
if (listed.code !== 0) throw new Error(`search failed: ${listed.stderr}`);

// `atl` on PATH, as a user has it: the built CLI.
const bin = await mkdtemp(join(tmpdir(), 'atl-bin-'));
afterAll(() => rm(bin, { recursive: true, force: true }));
await writeFile(join(bin, 'atl'), `#!/bin/sh\nexec "${process.execPath}" "${ATL_BIN}" "$@"\n`);
await chmod(join(bin, 'atl'), 0o755);
const env = { ...e2e.home.env, PATH: `${bin}:${e2e.home.env.PATH}` };

function missing(shell: string): string | null {
  try {
    execFileSync('sh', ['-c', `command -v ${shell}`], { stdio: 'ignore' });
    return null;
  } catch {
    return `${shell} is not installed (.ci/run installs it with apt-get)`;
  }
}

/** Runs a shell script; resolves with its stdout, rejects with its stderr if it fails. */
function shell(command: string, args: readonly string[]): Promise<string> {
  noteSpawn(`${command} completion`);
  return new Promise((resolve, reject) => {
    execFile(command, [...args], { env, cwd: e2e.home.home, timeout: 90_000, encoding: 'utf8' }, (err, stdout, stderr) =>
      err ? reject(new Error(`${command} failed: ${err.message}\n${stdout}\n${stderr}`)) : resolve(stdout),
    );
  });
}

const sortedKeys = [...seeded].sort();

describe('bash', () => {
  test('the script loads; a subcommand, seen issue keys and profile names complete', async () => {
    // _atl_complete is what bash calls on TAB, with COMP_* set as bash sets them.
    const script = `set -e
eval "$(atl completion bash)"
complete -p atl
comp() {
  COMP_LINE="$1"; COMP_POINT=\${#COMP_LINE}; read -ra COMP_WORDS <<< "$COMP_LINE"
  [[ "$COMP_LINE" == *" " ]] && COMP_WORDS+=("")
  COMP_CWORD=$(( \${#COMP_WORDS[@]} - 1 )); COMPREPLY=()
  _atl_complete
  echo "$1|\${COMPREPLY[*]}"
}
comp "atl jira is"
comp "atl jira issue view DEMO-"
comp "atl --profile scoped"
`;
    const lines = (await shell('bash', ['--norc', '--noprofile', '-c', script])).trimEnd().split('\n');
    expect(lines[0]).toBe('complete -o nosort -F _atl_complete atl');
    expect(lines[1]).toBe('atl jira is|issue');
    expect(lines[2]!.split('|')[1]!.split(' ').sort()).toEqual(sortedKeys);
    expect(lines[3]).toBe('atl --profile scoped|scoped scoped-writer');
  });
});

describe.skipIf(skipWithout('zsh completion', missing('zsh')))('zsh', () => {
  test('the script loads after compinit; TAB completes a subcommand and a profile name on a real zsh line editor', async () => {
    // An interactive zsh on a pseudo-terminal (zsh/zpty): TAB runs the completion system for real;
    // then Ctrl-A and `print BUF:` show what the line became. After TAB the test waits for the
    // inserted end of the word ("sue", "riter"), which zle echoes whether it redraws the line or not.
    const script = `zmodload zsh/zpty || exit 3
zpty z zsh -f -i
zpty -w z "PS1='> '; autoload -U compinit; compinit -u -D; source <(atl completion zsh) && print LOAD''ED || print FAIL''ED"
zpty -r z out '*(LOADED|FAILED)*'
[[ $out == *LOADED* ]] || { print -r -- "load: $out"; exit 4; }
zpty -w -n z $'atl jira is\\t'
zpty -r z out '*sue*'
zpty -w -n z $'\\C-aprint -r -- BUF:\\n'
zpty -r z out '*BUF:atl jira issue*'
print -r -- LINE1:\${\${out##*BUF:}%%$'\\r'*}
zpty -w -n z $'atl --profile scoped-w\\t'
zpty -r z out '*riter*'
zpty -w -n z $'\\C-aprint -r -- BUF:\\n'
zpty -r z out '*BUF:atl --profile scoped-writer*'
print -r -- LINE2:\${\${out##*BUF:}%%$'\\r'*}
zpty -d z
`;
    const out = await shell('zsh', ['-f', '-c', script]);
    expect(out).toContain('LINE1:atl jira issue');
    expect(out).toContain('LINE2:atl --profile scoped-writer');
  });
});

describe.skipIf(skipWithout('fish completion', missing('fish')))('fish', () => {
  test('the script loads; fish completes a subcommand (with its summary) and the seen issue keys', async () => {
    const script = `atl completion fish | source
echo "--1"
complete -C "atl jira is"
echo "--2"
complete -C "atl jira issue view "
`;
    const [, first, second] = (await shell('fish', ['--no-config', '-c', script])).split(/--\d\n/);
    expect(first).toBe('issue\tView, create, edit, transition, assign and delete issues\n');
    expect(second!.trimEnd().split('\n').sort()).toEqual(sortedKeys.map((key) => `${key}\tissue, seen recently`));
  });
});
