/**
 * Writing longer text (an issue description) in the user's editor, as git commit does: VISUAL, else
 * EDITOR (split into words, so `code --wait` works), else the platform's plain editor. The text goes
 * through a file of its own in a fresh private temporary folder, which is removed afterwards.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import parseArgsStringToArgv from 'string-argv';
import { AtlError } from './errors.js';

/** The editor command line: `editor` of config.yaml's defaults, VISUAL, EDITOR, else notepad on Windows and vi elsewhere. */
export function editorCommand(env: NodeJS.ProcessEnv, platform: NodeJS.Platform, configured?: string): string[] {
  const chosen = configured?.trim() || env.VISUAL?.trim() || env.EDITOR?.trim();
  if (chosen) return parseArgsStringToArgv(chosen);
  return platform === 'win32' ? ['notepad'] : ['vi'];
}

/**
 * Opens `initial` in the editor (on the terminal atl runs in) and returns what was saved; `name`
 * gives the file its extension, so the editor highlights Markdown; `alternative` names the flags the
 * hints offer instead. An editor that fails or cannot be started is an error naming it, and nothing is sent.
 */
export async function editText(
  env: NodeJS.ProcessEnv,
  initial: string,
  name = 'atl.md',
  alternative = '--description or --description-file',
  configured?: string,
): Promise<string> {
  const [command, ...args] = editorCommand(env, process.platform, configured);
  const dir = await mkdtemp(join(tmpdir(), 'atl-edit-'));
  const file = join(dir, name);
  try {
    await writeFile(file, initial, { mode: 0o600 });
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(command!, [...args, file], { stdio: 'inherit' });
      child.on('error', reject);
      child.on('exit', (exitCode) => resolve(exitCode));
    }).catch((err: NodeJS.ErrnoException) => {
      throw new AtlError('usage', `could not start the editor ${JSON.stringify(command)}: ${err.code ?? err.message}`, {
        hint: `set VISUAL or EDITOR to an editor installed here, or give ${alternative}`,
      });
    });
    if (code !== 0) {
      throw new AtlError('failure', `the editor ${JSON.stringify(command)} exited with ${code}; nothing was sent`, {
        hint: `save and quit the editor normally, or give ${alternative}`,
      });
    }
    return await readFile(file, 'utf8');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
