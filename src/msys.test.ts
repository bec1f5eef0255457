import { describe, expect, test } from 'vitest';
import { isMsysWithoutPseudoConsole, MSYS_NO_CONSOLE_HINT, noPromptHint, withConsoleHint } from './msys.js';

describe('Git Bash/MSYS2 without a pseudo-console', () => {
  test.each(['MINGW64', 'MINGW32', 'UCRT64', 'CLANG64', 'MSYS'])(
    'is detected on Windows with MSYSTEM=%s and no console on stdin',
    (msystem) => {
      expect(isMsysWithoutPseudoConsole({ platform: 'win32', env: { MSYSTEM: msystem }, stdinIsTTY: false })).toBe(true);
    },
  );

  test.each([
    ['a console on stdin (winpty, or the pseudo-console enabled)', { platform: 'win32', env: { MSYSTEM: 'MINGW64' }, stdinIsTTY: true }],
    ['PowerShell or cmd (no MSYSTEM)', { platform: 'win32', env: {}, stdinIsTTY: false }],
    ['MSYSTEM set but empty', { platform: 'win32', env: { MSYSTEM: '' }, stdinIsTTY: false }],
    ['Linux with MSYSTEM (a copied environment)', { platform: 'linux', env: { MSYSTEM: 'MINGW64' }, stdinIsTTY: false }],
    ['macOS', { platform: 'darwin', env: { MSYSTEM: 'MINGW64' }, stdinIsTTY: false }],
  ] as const)('is not detected with %s', (_name, facts) => {
    expect(isMsysWithoutPseudoConsole({ ...facts, env: { ...facts.env } })).toBe(false);
  });

  test('the hint names winpty and both ways to enable the pseudo-console', () => {
    expect(MSYS_NO_CONSOLE_HINT).toContain('winpty atl');
    expect(MSYS_NO_CONSOLE_HINT).toContain('Enable experimental support for pseudo consoles');
    expect(MSYS_NO_CONSOLE_HINT).toContain('MSYS=enable_pcon');
  });

  test('withConsoleHint adds the advice as a line of its own only in that case', () => {
    expect(withConsoleHint('pass --yes', { platform: 'win32', env: { MSYSTEM: 'MINGW64' }, stdinIsTTY: false })).toBe(
      `pass --yes\n${MSYS_NO_CONSOLE_HINT}`,
    );
    expect(withConsoleHint('pass --yes', { platform: 'linux', env: {}, stdinIsTTY: false })).toBe('pass --yes');
  });

  test('noPromptHint reads the factory: stdin, env and --no-input (which is a choice, not a missing terminal)', () => {
    const factory = (noInput: boolean, tty: boolean) => ({
      env: { MSYSTEM: 'UCRT64' },
      io: { isStdinTTY: () => tty },
      globals: { noInput },
    });
    expect(noPromptHint(factory(false, false), 'pass them', 'win32')).toBe(`pass them\n${MSYS_NO_CONSOLE_HINT}`);
    expect(noPromptHint(factory(true, false), 'pass them', 'win32')).toBe('pass them');
    expect(noPromptHint(factory(false, true), 'pass them', 'win32')).toBe('pass them');
    expect(noPromptHint(factory(false, false), 'pass them', 'linux')).toBe('pass them');
  });
});
