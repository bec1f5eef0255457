import { EventEmitter } from 'node:events';
import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { browserLaunch, openInBrowser, quoteForCmd, type Spawn } from './browser.js';

const URL_WITH_METACHARACTERS = 'https://example.atlassian.net/browse/ABC-1?focusedCommentId=10&x=%20(y)!^';

describe('browserLaunch', () => {
  test('BROWSER with arguments is split into words, the URL appended as one more argument', () => {
    expect(browserLaunch('https://x/browse/A-1', 'linux', { BROWSER: 'firefox --new-window' })).toEqual({
      file: 'firefox',
      args: ['--new-window', 'https://x/browse/A-1'],
    });
  });

  test('a quoted Windows path with spaces keeps its backslashes; a flag after it stays a flag', () => {
    expect(browserLaunch('https://x/a', 'win32', { BROWSER: '"C:\\Program Files\\x\\browser.exe" --flag' })).toEqual({
      file: 'C:\\Program Files\\x\\browser.exe',
      args: ['--flag', 'https://x/a'],
    });
  });

  test('%s in a word is replaced by the URL (all of it, even `$&`) instead of appending it', () => {
    expect(browserLaunch('https://x/a?b=$&', 'linux', { BROWSER: "chromium --app='%s' --x" })).toEqual({
      file: 'chromium',
      args: ['--app=https://x/a?b=$&', '--x'],
    });
  });

  test('a URL with shell metacharacters is passed to an ordinary program as one untouched argument', () => {
    expect(browserLaunch(URL_WITH_METACHARACTERS, 'win32', { BROWSER: 'C:\\b\\browser.exe' })).toEqual({
      file: 'C:\\b\\browser.exe',
      args: [URL_WITH_METACHARACTERS],
    });
    expect(browserLaunch(URL_WITH_METACHARACTERS, 'linux', { BROWSER: 'sh' })).toEqual({ file: 'sh', args: [URL_WITH_METACHARACTERS] });
  });

  test('a .cmd or .bat on Windows runs through cmd.exe /d /s /c with every metacharacter of the URL escaped', () => {
    const launch = browserLaunch(URL_WITH_METACHARACTERS, 'win32', { BROWSER: '"C:\\Program Files\\tools\\open url.CMD" --new' });
    expect(launch).toEqual({
      file: 'cmd.exe',
      args: ['/d', '/s', '/c', `""C:\\Program Files\\tools\\open url.CMD" ^"--new^" ${quoteForCmd(URL_WITH_METACHARACTERS)}"`],
      windowsVerbatimArguments: true,
    });
    expect(browserLaunch('https://x/a', 'win32', { BROWSER: 'C:\\b\\open.bat' })?.file).toBe('cmd.exe');
    // Only Windows needs cmd.exe for them.
    expect(browserLaunch('https://x/a', 'linux', { BROWSER: '/opt/open.cmd' })).toEqual({ file: '/opt/open.cmd', args: ['https://x/a'] });
  });

  test('quoteForCmd: quoted for CommandLineToArgvW, then no character left for cmd.exe to act on', () => {
    expect(quoteForCmd(URL_WITH_METACHARACTERS)).toBe(
      '^"https://example.atlassian.net/browse/ABC-1^?focusedCommentId=10^&x=^%20^(y^)^!^^^"',
    );
    expect(quoteForCmd('a b')).toBe('^"a^ b^"');
    // A quote inside is escaped for CommandLineToArgvW, with the backslashes before it doubled.
    expect(quoteForCmd('say \\"hi\\"')).toBe('^"say^ \\\\\\^"hi\\\\\\^"^"');
    // Trailing backslashes are doubled so that they do not escape the closing quote.
    expect(quoteForCmd('C:\\dir\\')).toBe('^"C:\\dir\\\\^"');
    // Every cmd metacharacter is preceded by a caret; only the backslash escaping the inner quote is left.
    const unescaped = quoteForCmd('&|<>()%!^"`;, *?[]').replace(/\^./g, '');
    expect(unescaped).toBe('\\');
  });

  test('without BROWSER: open on macOS, explorer on Windows, xdg-open with a display, nothing without one', () => {
    expect(browserLaunch('u', 'darwin', {})).toEqual({ file: 'open', args: ['u'] });
    expect(browserLaunch('u', 'win32', {})).toEqual({ file: 'explorer', args: ['u'] });
    expect(browserLaunch('u', 'linux', { DISPLAY: ':0' })).toEqual({ file: 'xdg-open', args: ['u'] });
    expect(browserLaunch('u', 'linux', { WAYLAND_DISPLAY: 'wayland-0' })).toEqual({ file: 'xdg-open', args: ['u'] });
    expect(browserLaunch('u', 'linux', {})).toBeUndefined();
    expect(browserLaunch('u', 'linux', { BROWSER: '   ' })).toBeUndefined();
  });
});

describe('openInBrowser', () => {
  const recorder = () => {
    const calls: Array<{ file: string; args: readonly string[]; options: SpawnOptions }> = [];
    const spawn: Spawn = (file, args, options) => {
      calls.push({ file, args, options });
      return Object.assign(new EventEmitter(), { unref: () => undefined }) as unknown as ChildProcess;
    };
    return { calls, spawn };
  };
  const context = (env: NodeJS.ProcessEnv, stdoutTTY: boolean, stdinTTY = stdoutTTY) => ({
    env,
    io: { isStdoutTTY: () => stdoutTTY, isStdinTTY: () => stdinTTY },
  });

  test('at a terminal it starts the browser detached, with the URL as an argument', async () => {
    const { calls, spawn } = recorder();
    expect(await openInBrowser(context({ BROWSER: 'firefox --new-window' }, true), 'https://x/a', { platform: 'linux', spawn })).toBe(true);
    expect(calls).toEqual([{ file: 'firefox', args: ['--new-window', 'https://x/a'], options: { stdio: 'ignore', detached: true } }]);
  });

  test('a .cmd on Windows is spawned with windowsVerbatimArguments, so Node adds no quoting of its own', async () => {
    const { calls, spawn } = recorder();
    await openInBrowser(context({ BROWSER: 'C:\\b\\open.cmd' }, true), 'https://x/a', { platform: 'win32', spawn });
    expect(calls[0]).toMatchObject({ file: 'cmd.exe', options: { windowsVerbatimArguments: true } });
  });

  test('not for a pipe, and never in CI', async () => {
    const { calls, spawn } = recorder();
    expect(await openInBrowser(context({ BROWSER: 'firefox' }, false), 'https://x/a', { platform: 'linux', spawn })).toBe(false);
    expect(await openInBrowser(context({ BROWSER: 'firefox', CI: 'true' }, true), 'https://x/a', { platform: 'linux', spawn })).toBe(false);
    expect(calls).toEqual([]);
  });

  test('Git Bash without a pseudo-console (pipes, MSYSTEM set) counts as a person: the browser opens', async () => {
    const { calls, spawn } = recorder();
    expect(await openInBrowser(context({ MSYSTEM: 'MINGW64' }, false), 'https://x/a', { platform: 'win32', spawn })).toBe(true);
    expect(calls[0]).toMatchObject({ file: 'explorer', args: ['https://x/a'] });
  });

  test('a spawn that throws (no such program) is not an error: the URL is printed already', async () => {
    const spawn: Spawn = () => {
      throw Object.assign(new Error('spawn EACCES'), { code: 'EACCES' });
    };
    expect(await openInBrowser(context({ BROWSER: '/nope' }, true), 'https://x/a', { platform: 'linux', spawn })).toBe(false);
  });
});
