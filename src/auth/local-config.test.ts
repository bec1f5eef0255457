import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { atlErrorOf, cloudProfile, fakeFactory } from '../testkit/fakes.testutil.js';
import { loadLocalConfig } from './config-document.js';
import { findLocalConfig, localConfig } from './local-config.js';
import { resolveCredentials } from './resolve.js';

const root = await mkdtemp(join(tmpdir(), 'atl-local-'));
afterAll(() => rm(root, { recursive: true, force: true }));

const errorOf = (text: string): string => {
  try {
    loadLocalConfig('/w/.atl.yaml', text);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('no error');
};

describe('.atl.yaml rules', () => {
  test('the shape of the issue: every setting read', () => {
    const text = 'profile: work\njira: { project: ABC }\nconfluence: { space: DOCS }\nbitbucket: { repo: acme/web }\njsm: { desk: IT }\n';
    expect(loadLocalConfig('/w/.atl.yaml', text).settings).toEqual({
      profile: 'work',
      jira: { project: 'ABC' },
      confluence: { space: 'DOCS' },
      bitbucket: { repo: 'acme/web' },
      jsm: { desk: 'IT' },
    });
    expect(loadLocalConfig('/w/.atl.yaml', '# only a comment\n').settings).toEqual({});
    expect(loadLocalConfig('/w/.atl.yaml', 'jsm: { desk: 10 }\n').settings).toEqual({ jsm: { desk: '10' } });
  });

  test('each mistake names the file, line and column', () => {
    expect(errorOf('projects: ABC\n')).toBe(
      '/w/.atl.yaml:1:1: unknown key projects (expected one of profile, jira, confluence, bitbucket, jsm)',
    );
    expect(errorOf('jira: ABC\n')).toBe('/w/.atl.yaml:1:7: jira must be a mapping such as { project: ... }, not "ABC"');
    expect(errorOf('bitbucket:\n  repo: web\n')).toBe(
      '/w/.atl.yaml:2:9: bitbucket.repo must be WORKSPACE/REPO (Cloud) or PROJECT/REPO (Data Center), not "web"',
    );
    expect(errorOf('profile: [a]\n')).toBe('/w/.atl.yaml:1:10: profile must be a profile name, not a list');
    expect(errorOf('jira: {\n')).toMatch(/^\/w\/\.atl\.yaml:\d+:\d+: invalid YAML/);
  });

  test('found by walking up to the filesystem root; none is null', async () => {
    const top = await mkdtemp(join(root, 'walk-'));
    const deep = join(top, 'a', 'b', 'c');
    await mkdir(deep, { recursive: true });
    expect(await findLocalConfig(deep)).toBeNull();
    await writeFile(join(top, 'a', '.atl.yaml'), 'jira: { project: UP }\n');
    expect((await findLocalConfig(deep))?.path).toBe(join(top, 'a', '.atl.yaml'));
    expect((await localConfig(fakeFactory({ cwd: deep })))?.settings).toEqual({ jira: { project: 'UP' } });
  });
});

describe('the profile of .atl.yaml', () => {
  const config = { defaultProfile: 'home', profiles: { home: cloudProfile(), work: cloudProfile({ site: 'https://work.atlassian.net' }) } };
  const keyring = { home: 'home-token', work: 'work-token' };

  test('wins over the default profile; ATL_PROFILE and --profile win over it', async () => {
    const cwd = await mkdtemp(join(root, 'profile-'));
    await writeFile(join(cwd, '.atl.yaml'), 'profile: work\n');
    const local = await resolveCredentials(fakeFactory({ cwd, config, keyring, defaultStorage: 'keyring' }));
    expect([local.profileName, local.profileSource]).toEqual(['work', 'local']);
    const env = await resolveCredentials(fakeFactory({ cwd, config, keyring, env: { ATL_PROFILE: 'home' } }));
    expect([env.profileName, env.profileSource]).toEqual(['home', 'env']);
    const flag = await resolveCredentials(fakeFactory({ cwd, config, keyring, profile: 'home' }));
    expect([flag.profileName, flag.profileSource]).toEqual(['home', 'flag']);
  });

  test('naming no profile is exit 2 naming the file; with no profile stored at all (a CI run on variables) it is passed over', async () => {
    const cwd = await mkdtemp(join(root, 'unknown-'));
    await writeFile(join(cwd, '.atl.yaml'), 'profile: nope\n');
    const error = await atlErrorOf(resolveCredentials(fakeFactory({ cwd, config, keyring })));
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe(`${join(cwd, '.atl.yaml')} names profile "nope", which is not a profile`);
    const env = { ATL_SITE: 'https://ci.atlassian.net', ATL_EMAIL: 'ci@example.com', ATL_API_TOKEN: 'ci-token' };
    const ci = await resolveCredentials(fakeFactory({ cwd, env, config: { defaultProfile: null, profiles: {} } }));
    expect(ci.profileSource).toBe('env-only');
  });
});
