import { describe, expect, test } from 'vitest';
import type { AtlError } from '../../errors.js';
import { atlcliKeychainToken, type SecurityRunner } from './macos-keychain.js';

function recorder(result: { code: number; stdout: string }): SecurityRunner & { calls: string[][] } {
  const calls: string[][] = [];
  const run = async (args: readonly string[]) => {
    calls.push([...args]);
    return result;
  };
  return Object.assign(run, { calls });
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e as AtlError,
  );

describe('atlcliKeychainToken', () => {
  test('macOS: asks `security` exactly as atlcli does and returns the token without its newline', async () => {
    const runSecurity = recorder({ code: 0, stdout: 'pat-from-keychain\n' });
    expect(await atlcliKeychainToken('jdoe', { platform: 'darwin', runSecurity })).toBe('pat-from-keychain');
    expect(runSecurity.calls).toEqual([['find-generic-password', '-s', 'atlcli', '-a', 'jdoe', '-w']]);
  });

  test('macOS, no such item (exit 44): exit 3 naming service and account', async () => {
    const err = await failure(atlcliKeychainToken('jdoe', { platform: 'darwin', runSecurity: recorder({ code: 44, stdout: '' }) }));
    expect(err.exitCode).toBe(3);
    expect(err.message).toContain('service atlcli, account jdoe');
    expect(err.hint).toContain('--token-stdin');
  });

  test('macOS, access refused (another exit code): exit 3 saying so', async () => {
    const err = await failure(atlcliKeychainToken('jdoe', { platform: 'darwin', runSecurity: recorder({ code: 128, stdout: '' }) }));
    expect(err.exitCode).toBe(3);
    expect(err.message).toContain('security exited 128');
  });

  test.each(['linux', 'win32'] as const)(
    '%s: exit 2 saying the lookup is macOS-only and what to use, without running anything',
    async (platform) => {
      const runSecurity = recorder({ code: 0, stdout: 'never' });
      const err = await failure(atlcliKeychainToken('jdoe', { platform, runSecurity }));
      expect(err.exitCode).toBe(2);
      expect(err.message).toContain('macOS login Keychain');
      expect(err.hint).toContain('--token-stdin');
      expect(err.hint).toContain('ATL_API_TOKEN');
      expect(runSecurity.calls).toEqual([]);
    },
  );
});
