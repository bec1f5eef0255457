import type { PassThrough } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { fakeFactory } from '../../auth/fakes.testutil.js';
import login, { TOKEN_IN_ARGV_WARNING } from './login.js';

const base = { site: 'https://work.atlassian.net', email: 'me@work.example', storage: 'file', verify: false };

describe('auth login --token', () => {
  test('warns that argv is visible and points to --token-stdin, and still logs in', async () => {
    const f = fakeFactory();
    const code = await login.run(f, [], { ...base, token: 'argv-token' });
    expect(code ?? 0).toBe(0);
    expect(f.stderrText()).toContain(`${TOKEN_IN_ARGV_WARNING}\n`);
    expect(TOKEN_IN_ARGV_WARNING).toMatch(/visible to other processes.*shell history.*--token-stdin.*prompt/);
    expect(f.stderrText()).not.toContain('argv-token');
    expect(await f.stores.file.get('default')).toBe('argv-token');
  });

  test('--token-stdin does not warn', async () => {
    const f = fakeFactory();
    // fakeFactory's stdin is a PassThrough: what is written to it is read as stdin.
    (f.io.stdin as PassThrough).end('stdin-token\n');
    await login.run(f, [], { ...base, tokenStdin: true });
    expect(f.stderrText()).not.toContain('warning');
    expect(await f.stores.file.get('default')).toBe('stdin-token');
  });
});
