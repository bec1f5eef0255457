/**
 * Opening a URL in the user's browser, for every `--web`. BROWSER wins (split into words, so
 * `firefox --new-window` or `"C:\Program Files\x\browser.exe" --flag` work; a word with `%s` gets
 * the URL there, as Python's webbrowser and many tools do), else the platform's opener.
 *
 * No shell ever sees the URL unquoted: it is an argument of its own to the program. The one
 * exception Windows forces is a `.cmd`/`.bat` file, which only cmd.exe can run; that line is
 * built with every argument quoted and every cmd metacharacter escaped (as cross-spawn does).
 */
import type { ChildProcess, SpawnOptions } from 'node:child_process';
import parseArgsStringToArgv from 'string-argv';
import { isMsysWithoutPseudoConsole } from './msys.js';

/** The program and arguments that open a URL. */
export interface BrowserLaunch {
  file: string;
  args: string[];
  /** cmd.exe's line is quoted here; Node must pass it on as it is. */
  windowsVerbatimArguments?: boolean;
}

/** How `url` is opened: BROWSER, else the platform's opener; undefined when there is none (no display). */
export function browserLaunch(url: string, platform: NodeJS.Platform, env: NodeJS.ProcessEnv): BrowserLaunch | undefined {
  const words = env.BROWSER?.trim() ? parseArgsStringToArgv(env.BROWSER) : defaultOpener(platform, env);
  const [command, ...rest] = words;
  if (command === undefined || command === '') return undefined;
  // A function as replacement: a URL may contain `$&`, which a replacement string would expand.
  const args = rest.some((word) => word.includes('%s')) ? rest.map((word) => word.replaceAll('%s', () => url)) : [...rest, url];
  if (platform === 'win32' && /\.(cmd|bat)$/i.test(command)) return throughCmd(command, args);
  return { file: command, args };
}

function defaultOpener(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string[] {
  if (platform === 'darwin') return ['open'];
  if (platform === 'win32') return ['explorer'];
  return env.DISPLAY || env.WAYLAND_DISPLAY ? ['xdg-open'] : [];
}

/** cmd.exe metacharacters, escaped with `^` so that the line's parse leaves them literal. */
const CMD_META = /([()\][%!^"`<>&|;, *?])/g;

/** One argument as CommandLineToArgvW reads it back, then escaped for cmd.exe's own parse. */
export function quoteForCmd(arg: string): string {
  // Backslashes before a quote (and at the end, before the closing quote) are doubled; quotes escaped.
  const quoted = `"${arg.replace(/(\\*)"/g, '$1$1\\"').replace(/(\\*)$/, '$1$1')}"`;
  return quoted.replace(CMD_META, '^$1');
}

/**
 * A batch file run by cmd.exe: no AutoRun (/d), the line after /c taken as it is but for its outer
 * quotes (/s). The file's path is quoted plainly (a Windows path cannot hold `"`), so spaces and `&`
 * in it are literal; the arguments after it are escaped whole, so the quote state stays closed.
 */
function throughCmd(command: string, args: readonly string[]): BrowserLaunch {
  const line = [`"${command}"`, ...args.map(quoteForCmd)].join(' ');
  return { file: 'cmd.exe', args: ['/d', '/s', '/c', `"${line}"`], windowsVerbatimArguments: true };
}

export type Spawn = (file: string, args: readonly string[], options: SpawnOptions) => ChildProcess;

/** What openInBrowser looks at; the real process's unless a test says otherwise. */
export interface BrowserContext {
  env: NodeJS.ProcessEnv;
  io: { isStdoutTTY(): boolean; isStdinTTY(): boolean };
}

export interface BrowserDeps {
  platform?: NodeJS.Platform;
  spawn?: Spawn;
}

/**
 * Opens `url` only for a person: stdout a terminal, or Git Bash without a pseudo-console (where a
 * person at mintty has no terminal to show). Never in CI, where the printed URL is what is wanted.
 * A browser that cannot start is not an error: the URL is printed already.
 */
export async function openInBrowser(f: BrowserContext, url: string, deps: BrowserDeps = {}): Promise<boolean> {
  const platform = deps.platform ?? process.platform;
  if (f.env.CI) return false;
  const person = f.io.isStdoutTTY() || isMsysWithoutPseudoConsole({ platform, env: f.env, stdinIsTTY: f.io.isStdinTTY() });
  if (!person) return false;
  const launch = browserLaunch(url, platform, f.env);
  if (launch === undefined) return false;
  // Loaded here, not at the top: every command's start-up would pay for child_process.
  const spawn = deps.spawn ?? (await import('node:child_process')).spawn;
  try {
    const child = spawn(launch.file, launch.args, {
      stdio: 'ignore',
      detached: true,
      ...(launch.windowsVerbatimArguments ? { windowsVerbatimArguments: true } : {}),
    });
    // A browser that is not there (ENOENT) is reported asynchronously; the printed URL is enough.
    child.on('error', () => undefined);
    child.unref();
    return true;
  } catch {
    return false;
  }
}
