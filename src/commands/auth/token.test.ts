import { expect, test } from 'vitest';
import { cloudProfile, confluenceLogin, fakeFactory, runArgv } from '../../testkit/fakes.testutil.js';

const config = { defaultProfile: 'corp', profiles: { corp: cloudProfile({ confluence: confluenceLogin() }) } };

test("--confluence prints the Confluence login's own token, or the site token when the profile has none", async () => {
  const f = fakeFactory({ config, file: { corp: 'jira-token', 'corp:confluence': 'wiki-pat' } });
  expect(await runArgv(f, ['auth', 'token', '--confluence'])).toEqual({ code: 0 });
  expect(f.out.text).toBe('wiki-pat\n');
  const plain = fakeFactory({ config: { defaultProfile: 'w', profiles: { w: cloudProfile() } }, file: { w: 'site-token' } });
  expect(await runArgv(plain, ['auth', 'token', '--confluence'])).toEqual({ code: 0 });
  expect(plain.out.text).toBe('site-token\n');
});

test('--confluence without its token is exit 3 naming the login; with --bitbucket it is exit 2', async () => {
  const f = fakeFactory({ config, file: { corp: 'jira-token' } });
  const { code, error } = await runArgv(f, ['auth', 'token', '--confluence']);
  expect(code).toBe(3);
  expect(error?.message).toBe('no Confluence token for profile "corp"');
  expect(f.out.text).toBe('');
  expect((await runArgv(f, ['auth', 'token', '--confluence', '--bitbucket'])).code).toBe(2);
});
