/**
 * Git Bash and MSYS2 on Windows, in their default terminal (mintty) without a pseudo-console, hand
 * a native program like Node pipes instead of a console. atl then sees no terminal: it cannot
 * prompt, shows no colour and would not open a browser, and nothing says why. `MSYSTEM` (MINGW64,
 * UCRT64, MSYS, ...) is set in every such shell, so that case can be told apart and explained.
 * With `winpty` or a pseudo-console, stdin is a console again and none of this applies.
 */

/** What the detection looks at; passed in so the logic is tested on any OS. */
export interface ConsoleFacts {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  stdinIsTTY: boolean;
}

/** Windows, inside an MSYS2 shell (Git Bash is one), with no console on stdin. */
export function isMsysWithoutPseudoConsole({ platform, env, stdinIsTTY }: ConsoleFacts): boolean {
  return platform === 'win32' && (env.MSYSTEM ?? '') !== '' && !stdinIsTTY;
}

export const MSYS_NO_CONSOLE_HINT =
  'Git Bash/MSYS2 without a pseudo-console gives atl pipes, not a terminal (no prompts, colour or browser): ' +
  'run it as `winpty atl …`, or enable the pseudo-console (Git for Windows installer: "Enable experimental ' +
  'support for pseudo consoles"; MSYS2: MSYS=enable_pcon)';

/** `hint`, plus the winpty advice when the missing terminal is Git Bash's doing. */
export function withConsoleHint(hint: string, facts: ConsoleFacts): string {
  return isMsysWithoutPseudoConsole(facts) ? `${hint}\n${MSYS_NO_CONSOLE_HINT}` : hint;
}

/** The parts of the Factory the hint needs (a structural subset, so fakes need no more). */
export interface PromptContext {
  env: NodeJS.ProcessEnv;
  io: { isStdinTTY(): boolean };
  globals: { noInput: boolean };
}

/**
 * The hint of an error raised because atl could not prompt. With --no-input the user chose not to
 * be asked, so the terminal is not what is missing. `platform` is the running OS unless a test says.
 */
export function noPromptHint(f: PromptContext, hint: string, platform: NodeJS.Platform = process.platform): string {
  if (f.globals.noInput) return hint;
  return withConsoleHint(hint, { platform, env: f.env, stdinIsTTY: f.io.isStdinTTY() });
}
