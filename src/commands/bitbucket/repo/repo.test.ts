import { describe, expect, test } from 'vitest';
import { FakeHttp, fakeFactory, runArgv } from '../../../testkit/fakes.testutil.js';

const CLOUD = 'https://api.bitbucket.org/2.0';
const DC = 'https://git.corp.example.com';

const cloudRepo = (slug: string, extra: Record<string, unknown> = {}) => ({
  type: 'repository',
  slug,
  full_name: `acme/${slug}`,
  is_private: true,
  description: `the ${slug}`,
  updated_on: '2026-03-01T10:00:00.000000+00:00',
  links: {
    html: { href: `https://bitbucket.org/acme/${slug}` },
    clone: [
      { name: 'https', href: `https://me@bitbucket.org/acme/${slug}.git` },
      { name: 'ssh', href: `git@bitbucket.org:acme/${slug}.git` },
    ],
  },
  ...extra,
});

describe('repo list', () => {
  test('Cloud: the workspace of --workspace, by pagelen and next, with the truncation notice', async () => {
    const http = new FakeHttp(CLOUD).on('GET', '/repositories/acme', (r) => {
      expect(r.query).toMatchObject({ role: 'member', sort: '-updated_on', pagelen: 2 });
      return { values: [cloudRepo('a'), cloudRepo('b')], next: `${CLOUD}/repositories/acme?page=2` };
    });
    const f = fakeFactory({ http });
    expect(await runArgv(f, ['bitbucket', 'repo', 'list', '--workspace', 'acme', '--limit', '2'])).toEqual({ code: 0 });
    expect(f.out.text).toMatch(/NAME\s+VISIBILITY\s+DESCRIPTION\s+UPDATED/);
    expect(f.out.text).toContain('acme/a');
    expect(f.out.text).toContain('2026-03-01 10:00');
    expect(f.err.text).toContain('showing 2 repositories; more match — use --limit N or --all');
  });

  test('Cloud --json: the objects as Bitbucket returns them, as one array, through every page with --all', async () => {
    const http = new FakeHttp(CLOUD)
      .on('GET', '/repositories/acme', () => ({ values: [cloudRepo('a')], next: `${CLOUD}/repositories/acme?page=2&pagelen=1` }))
      .on('GET', `${CLOUD}/repositories/acme?page=2&pagelen=1`, () => ({ values: [cloudRepo('b')] }));
    const f = fakeFactory({ http, json: true });
    expect(await runArgv(f, ['bb', 'repo', 'list', '--workspace', 'acme', '--all'])).toEqual({ code: 0 });
    expect(JSON.parse(f.out.text)).toEqual([cloudRepo('a'), cloudRepo('b')]);
    expect(f.err.text).toBe('');
  });

  test('Cloud without a workspace: the only one the token reaches, else exit 2 with a hint', async () => {
    const one = new FakeHttp(CLOUD)
      .on('GET', '/user/workspaces', () => ({ values: [{ workspace: { slug: 'acme' } }] }))
      .on('GET', '/repositories/acme', () => ({ values: [cloudRepo('a')] }));
    const g = fakeFactory({ http: one });
    expect(await runArgv(g, ['bb', 'repo', 'list'])).toEqual({ code: 0 });
    expect(g.out.text).toContain('acme/a');
    const several = new FakeHttp(CLOUD).on('GET', '/user/workspaces', () => ({
      values: [{ workspace: { slug: 'a' } }, { workspace: { slug: 'b' } }],
    }));
    const f = fakeFactory({ http: several });
    const { code, error } = await runArgv(f, ['bb', 'repo', 'list']);
    expect(code).toBe(2);
    expect(error?.hint).toContain('--workspace');
  });

  test('Data Center: a project by start/limit, and --workspace refused', async () => {
    const http = new FakeHttp(DC).on('GET', '/rest/api/1.0/projects/WEB/repos', (r) => {
      expect(r.query).toMatchObject({ start: 0, limit: 50 });
      return { values: [{ slug: 'site', name: 'Site', project: { key: 'WEB' }, public: false }], isLastPage: true, start: 0, size: 1 };
    });
    const f = fakeFactory({ http });
    expect(await runArgv(f, ['bb', 'repo', 'list', '--project', 'WEB'])).toEqual({ code: 0 });
    expect(f.out.text).toMatch(/WEB\/site\s+private/);
    const h = fakeFactory({ http: new FakeHttp(DC) });
    expect((await runArgv(h, ['bb', 'repo', 'list', '--workspace', 'x'])).code).toBe(2);
  });
});

describe('repo view', () => {
  test('Cloud: name, description, clone links without userinfo', async () => {
    const http = new FakeHttp(CLOUD).on('GET', '/repositories/acme/site', () => cloudRepo('site', { mainbranch: { name: 'main' } }));
    const f = fakeFactory({ http });
    expect(await runArgv(f, ['bb', 'repo', 'view', 'acme/site'])).toEqual({ code: 0 });
    expect(f.out.text).toContain('acme/site\n\nthe site\n');
    expect(f.out.text).toContain('main branch: main');
    expect(f.out.text).toContain('clone (https): https://bitbucket.org/acme/site.git');
    expect(f.out.text).not.toContain('me@');
  });

  test('--web opens the html link', async () => {
    const http = new FakeHttp(CLOUD).on('GET', '/repositories/acme/site', () => cloudRepo('site'));
    const f = fakeFactory({ http });
    expect(await runArgv(f, ['bb', 'repo', 'view', '--repo', 'acme/site', '--web'])).toEqual({ code: 0 });
    expect(f.opened).toEqual(['https://bitbucket.org/acme/site']);
  });

  test('a malformed repository is exit 2', async () => {
    const f = fakeFactory({ http: new FakeHttp(CLOUD) });
    const { code, error } = await runArgv(f, ['bb', 'repo', 'view', 'a/b/c']);
    expect(code).toBe(2);
    expect(error?.hint).toBe('use WORKSPACE/REPO');
  });
});

describe('repo create', () => {
  test('Cloud: POST to the slug, with --dry-run sending nothing', async () => {
    const f = fakeFactory({ http: new FakeHttp(CLOUD), json: true });
    expect(await runArgv(f, ['bb', 'repo', 'create', 'My Site', '--workspace', 'acme', '--private', '--dry-run'])).toEqual({ code: 0 });
    expect(JSON.parse(f.out.text)).toEqual({
      dryRun: true,
      requests: [{ method: 'POST', path: '/repositories/acme/my-site', body: { scm: 'git', name: 'My Site', is_private: true } }],
    });
    const http = new FakeHttp(CLOUD).on('POST', '/repositories/acme/my-site', (r) => {
      expect(r.body).toEqual({ scm: 'git', name: 'My Site', is_private: false, description: 'd', project: { key: 'P' } });
      return cloudRepo('my-site');
    });
    const g = fakeFactory({ http });
    expect(await runArgv(g, ['bb', 'repo', 'create', 'My Site', '--workspace', 'acme', '--description', 'd', '--project', 'P'])).toEqual({
      code: 0,
    });
    expect(g.out.text).toContain('created acme/my-site');
  });

  test('Data Center: needs --project, and sends the XSRF header', async () => {
    const f = fakeFactory({ http: new FakeHttp(DC) });
    expect((await runArgv(f, ['bb', 'repo', 'create', 'site'])).code).toBe(2);
    const http = new FakeHttp(DC).on('POST', '/rest/api/1.0/projects/WEB/repos', (r) => {
      expect(r.body).toEqual({ name: 'site', scmId: 'git', public: true });
      return { slug: 'site', project: { key: 'WEB' } };
    });
    const g = fakeFactory({ http });
    expect(await runArgv(g, ['bb', 'repo', 'create', 'site', '--project', 'WEB'])).toEqual({ code: 0 });
    expect(g.out.text).toContain('created WEB/site');
  });
});

describe('whoami', () => {
  test('Cloud API token: the account', async () => {
    const http = new FakeHttp(CLOUD).on('GET', '/user', () => ({ display_name: 'Ada Lovelace', nickname: 'ada', uuid: '{u}' }));
    const f = fakeFactory({ http });
    expect(await runArgv(f, ['bitbucket', 'whoami'])).toEqual({ code: 0 });
    expect(f.out.text).toBe('Ada Lovelace (ada)\ndeployment: Bitbucket Cloud\ntoken: API token\n');
  });

  test('Cloud access token: its workspace', async () => {
    const http = new FakeHttp(CLOUD).on('GET', '/user/workspaces', () => ({ values: [{ workspace: { slug: 'acme' } }] }));
    const f = fakeFactory({ http, env: { ATL_BITBUCKET_TOKEN: 'tok' }, json: true });
    expect(await runArgv(f, ['bb', 'whoami'])).toEqual({ code: 0 });
    expect(JSON.parse(f.out.text)).toEqual({ deployment: 'cloud', tokenKind: 'access-token', user: null, workspaces: ['acme'] });
  });
});
