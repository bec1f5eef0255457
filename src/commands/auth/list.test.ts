import { describe, expect, test } from 'vitest';
import { fakeFactory, runArgv, sampleProfile } from '../../testkit/fakes.testutil.js';

const config = {
  defaultProfile: 'work',
  profiles: {
    work: sampleProfile(),
    dc: sampleProfile({ site: 'https://jira.corp.example/jira', email: null, authType: 'bearer', deployment: 'datacenter' }),
    svc: sampleProfile({
      scoped: true,
      cloudId: 'c-1',
      storage: 'keyring',
      bitbucket: { email: 'me@work.example', authType: 'basic', workspace: 'acme', storage: 'keyring' },
    }),
  },
};

describe('auth list', () => {
  test('prints PROFILE SITE EMAIL TYPE ACTIVE with the default marked active', async () => {
    const f = fakeFactory({ config });
    expect(await runArgv(f, ['auth', 'list'])).toEqual({ code: 0 });
    const lines = f.out.text
      .replace(/\n$/, '')
      .split('\n')
      .map((l) => l.split('\t'));
    expect(lines[0]).toEqual(['PROFILE', 'SITE', 'EMAIL', 'TYPE', 'ACTIVE']);
    expect(lines.slice(1)).toEqual([
      ['work', 'https://work.atlassian.net', 'me@work.example', 'cloud/basic', '*'],
      ['dc', 'https://jira.corp.example/jira', '-', 'datacenter/bearer', ''],
      ['svc', 'https://work.atlassian.net', 'me@work.example', 'cloud/scoped+bitbucket', ''],
    ]);
  });

  test('a narrow terminal shows each SITE as its host (the path kept), never cut to https:/…', async () => {
    const f = fakeFactory({ config });
    Object.assign(f.io, { isStdoutTTY: () => true, terminalWidth: () => 80 });
    expect((await runArgv(f, ['auth', 'list'])).code).toBe(0);
    const text = f.out.text;
    expect(text).toContain('  work.atlassian.net  ');
    expect(text).toContain('  jira.corp.example/jira  ');
    expect(text).not.toContain('https:');
    for (const line of text.trimEnd().split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  });

  test('ACTIVE follows --profile, then ATL_PROFILE, before the default', async () => {
    const viaEnv = fakeFactory({ config, env: { ATL_PROFILE: 'dc' }, json: true });
    expect(await runArgv(viaEnv, ['auth', 'list'])).toEqual({ code: 0 });
    expect(
      JSON.parse(viaEnv.out.text)
        .filter((p: { active: boolean }) => p.active)
        .map((p: { name: string }) => p.name),
    ).toEqual(['dc']);

    const viaFlag = fakeFactory({ config, env: { ATL_PROFILE: 'dc' }, profile: 'svc', json: true });
    expect(await runArgv(viaFlag, ['auth', 'list'])).toEqual({ code: 0 });
    expect(
      JSON.parse(viaFlag.out.text)
        .filter((p: { active: boolean }) => p.active)
        .map((p: { name: string }) => p.name),
    ).toEqual(['svc']);
  });

  test('--json prints every key, no secret, default and active flags', async () => {
    const f = fakeFactory({ config, json: true });
    expect(await runArgv(f, ['auth', 'list'])).toEqual({ code: 0 });
    const rows = JSON.parse(f.out.text);
    expect(rows).toHaveLength(3);
    expect(rows[2]).toEqual({
      name: 'svc',
      site: 'https://work.atlassian.net',
      email: 'me@work.example',
      authType: 'basic',
      deployment: 'cloud',
      scoped: true,
      cloudId: 'c-1',
      storage: 'keyring',
      tokenExpiresAt: null,
      bitbucket: { email: 'me@work.example', authType: 'basic', workspace: 'acme', storage: 'keyring' },
      confluence: null,
      active: false,
      default: false,
    });
    expect(rows[0]).toMatchObject({ name: 'work', active: true, default: true, bitbucket: null });
  });

  test('no profiles: a hint on stderr, nothing on stdout; [] with --json', async () => {
    const f = fakeFactory();
    expect(await runArgv(f, ['auth', 'list'])).toEqual({ code: 0 });
    expect(f.out.text).toBe('');
    expect(f.err.text).toContain('atl auth login');
    const j = fakeFactory({ json: true });
    expect(await runArgv(j, ['auth', 'list'])).toEqual({ code: 0 });
    expect(JSON.parse(j.out.text)).toEqual([]);
  });
});
