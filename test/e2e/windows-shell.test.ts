// Git Bash/MSYS2 without a pseudo-console, and --web with a
// BROWSER that has arguments. Windows is simulated with a preload that makes process.platform
// report 'win32'; MSYSTEM in the environment makes it Git Bash. The test's pipes are what mintty
// gives a native program.
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, test } from 'vitest';
import { stateDirFrom } from '../../src/dirs.js';
import { ATL_RUN_TIMEOUT_MS } from '../support/atl.js';
import { jiraE2e } from './jira-support.js';

const e2e = await jiraE2e();
const WINDOWS_PRELOAD = resolve(import.meta.dirname, '../support/windows-platform.cjs');
const TTY_PRELOAD = resolve(import.meta.dirname, '../support/stdout-tty.cjs');
// The home's profiles were saved by Linux runs; a simulated Windows run would look for the file
// store's key in %LOCALAPPDATA% instead, so it is pointed at the same state dir.
const GIT_BASH = { NODE_OPTIONS: `--require ${WINDOWS_PRELOAD}`, MSYSTEM: 'MINGW64', ATL_STATE_DIR: stateDirFrom(e2e.home.env, 'linux') };

describe('Git Bash without a pseudo-console: the errors that need a terminal say to use winpty', () => {
  test.concurrent('auth login with missing flags', async () => {
    const result = await e2e.home.run(['auth', 'login', '--site', 'https://example.atlassian.net'], { env: GIT_BASH });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/^error: missing required flags: --email/m);
    expect(result.stderr).toMatch(
      /^hint: pass them \(or set ATL_SITE, ATL_EMAIL and ATL_API_TOKEN\), or run `atl auth login` in a terminal to be asked\n.*winpty atl …/m,
    );
    expect(result.stderr).toContain('Enable experimental support for pseudo consoles');
    expect(result.stderr).toContain('MSYS=enable_pcon');
  });

  test.concurrent('jira issue create with missing flags', async () => {
    const result = await e2e.home.run(['--profile', 'scoped-writer', 'jira', 'issue', 'create', '-P', 'DEMO'], { env: GIT_BASH });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/^error: missing --type, --summary$/m);
    expect(result.stderr).toContain('winpty atl');
  });

  test.concurrent.each([
    ['PowerShell or cmd on Windows (no MSYSTEM)', { NODE_OPTIONS: `--require ${WINDOWS_PRELOAD}` }],
    ['Linux with MSYSTEM in the environment', { MSYSTEM: 'MINGW64' }],
    ['Git Bash with --no-input (a choice, not a missing terminal)', GIT_BASH, ['--no-input']],
  ])('not with %s', async (_name, env, extra: string[] = []) => {
    const result = await e2e.home.run([...extra, 'auth', 'login', '--site', 'https://example.atlassian.net'], { env });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/^error: missing required flags/m);
    expect(result.stderr).not.toContain('winpty');
  });
});

/** A BROWSER program that records the arguments it was given, one per line. */
async function recordingBrowser(name: string): Promise<{ program: string; log: string; argv(): Promise<string[]> }> {
  const program = join(e2e.home.home, `${name} browser.sh`);
  const log = join(e2e.home.home, `${name}.argv`);
  await writeFile(program, `#!/bin/sh\nprintf '%s\\n' "$@" > "${log}.tmp" && mv "${log}.tmp" "${log}"\n`);
  await chmod(program, 0o755);
  return {
    program,
    log,
    // atl starts the browser detached and exits; the program writes its log shortly after (or, on
    // a loaded machine, a good while after: the wait is a safety net, not a measure).
    async argv() {
      for (let waited = 0; waited < ATL_RUN_TIMEOUT_MS; waited += 100) {
        const text = await readFile(log, 'utf8').catch(() => undefined);
        if (text !== undefined) return text.trimEnd().split('\n');
        await sleep(100);
      }
      throw new Error(`the browser was not started: ${log} never appeared`);
    },
  };
}

describe('--web opens BROWSER with its arguments, the URL as one argument of its own', () => {
  test.concurrent('at a terminal, BROWSER="<path with a space>" --new-window', async () => {
    const browser = await recordingBrowser('tty');
    const env = { NODE_OPTIONS: `--require ${TTY_PRELOAD}`, BROWSER: `"${browser.program}" --new-window` };
    const result = await e2e.home.run(['--profile', 'scoped', 'jira', 'issue', 'view', 'DEMO-1', '--web'], { env });
    expect(result.code, result.stderr).toBe(0);
    const url = `${e2e.sandbox.url}/browse/DEMO-1`;
    expect(result.stdout.trim()).toBe(url);
    expect(await browser.argv()).toEqual(['--new-window', url]);
  });

  test.concurrent('in Git Bash without a pseudo-console (no terminal anywhere), with %s placing the URL', async () => {
    const browser = await recordingBrowser('git-bash');
    const env = { ...GIT_BASH, BROWSER: `'${browser.program}' --app=%s --incognito` };
    const result = await e2e.home.run(['--profile', 'scoped', 'jira', 'issue', 'view', 'DEMO-2', '--web'], { env });
    expect(result.code, result.stderr).toBe(0);
    expect(await browser.argv()).toEqual([`--app=${e2e.sandbox.url}/browse/DEMO-2`, '--incognito']);
  });
});
