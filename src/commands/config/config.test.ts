import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { fileConfigStore } from '../../auth/config-store.js';
import { cloudProfile, fakeFactory, runArgv } from '../../testkit/fakes.testutil.js';

const root = await mkdtemp(join(tmpdir(), 'atl-config-cmd-'));
afterAll(() => rm(root, { recursive: true, force: true }));

/** A fake run whose config.yaml is a real file (comments and all) and whose cwd is `cwd`. */
async function withFiles(configText: string | null, cwd: string) {
  const dir = await mkdtemp(join(root, 'cfg-'));
  const path = join(dir, 'config.yaml');
  if (configText !== null) await writeFile(path, configText, { mode: 0o600 });
  const make = (json = false) => Object.assign(fakeFactory({ cwd, json }), { configStore: async () => fileConfigStore(path) });
  return { path, make };
}

describe('atl config (global settings in config.yaml)', () => {
  test('set, get and list; comments and profiles survive; the file stays 0600', async () => {
    const cwd = await mkdtemp(join(root, 'cwd-'));
    const original = '# my settings\ndefaultProfile: work\nprofiles:\n  work: # the job\n    site: https://acme.atlassian.net\n';
    const { path, make } = await withFiles(original, cwd);
    const set = make();
    expect((await runArgv(set, ['config', 'set', 'editor', 'code --wait'])).code).toBe(0);
    expect(set.err.text).toBe(`set editor in ${path}\n`);
    const text = await readFile(path, 'utf8');
    expect(text).toContain('# my settings');
    expect(text).toContain('# the job');
    expect(text).toContain('site: https://acme.atlassian.net');
    expect(text).toContain('defaults:\n  editor: code --wait\n');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const get = make();
    await runArgv(get, ['config', 'get', 'editor']);
    expect(get.out.text).toBe('code --wait\n');
    // (Not `output json` here: that turns this very listing into JSON; src/cmdutil/output-default.test.ts.)
    await runArgv(make(), ['config', 'set', 'pager', 'less']);
    const list = make();
    await runArgv(list, ['config', 'list']);
    expect(list.out.text).toBe('editor=code --wait\npager=less\n');
    await runArgv(make(), ['config', 'set', 'editor', '']);
    const after = make(true);
    await runArgv(after, ['config', 'get', 'editor']);
    expect(JSON.parse(after.out.text)).toEqual({ key: 'editor', value: null });
  });

  test('a bad value or key is exit 2 and changes nothing', async () => {
    const { path, make } = await withFiles('profiles: {}\n', await mkdtemp(join(root, 'cwd-')));
    const bad = await runArgv(make(), ['config', 'set', 'output', 'yaml']);
    expect([bad.code, bad.error?.message]).toEqual([2, 'defaults.output must be text or json, not "yaml"']);
    const unknown = await runArgv(make(), ['config', 'set', 'colour', 'red']);
    expect([unknown.code, unknown.error?.message]).toEqual([2, 'unknown setting "colour"']);
    const local = await runArgv(make(), ['config', 'set', 'jira.project', 'ABC']);
    expect([local.code, local.error?.hint]).toEqual([2, 'add --local: atl config set jira.project VALUE --local']);
    expect(await readFile(path, 'utf8')).toBe('profiles: {}\n');
  });

  test('config.yaml with a bad defaults entry is an invalid config, named by line', async () => {
    const { make } = await withFiles('profiles: {}\ndefaults:\n  output: xml\n', await mkdtemp(join(root, 'cwd-')));
    const { code, error } = await runArgv(make(), ['config', 'list']);
    expect(code).toBe(2);
    expect(error?.message).toMatch(/config\.yaml:3:11: defaults\.output must be text or json, not "xml"$/);
  });
});

describe('atl config --local (.atl.yaml)', () => {
  test('creates ./.atl.yaml, then edits the nearest one from below, keeping its comments', async () => {
    const top = await mkdtemp(join(root, 'repo-'));
    const { make } = await withFiles(null, top);
    expect((await runArgv(make(), ['config', 'set', 'jira.project', 'ABC', '--local'])).code).toBe(0);
    const file = join(top, '.atl.yaml');
    expect(await readFile(file, 'utf8')).toBe('jira:\n  project: ABC\n');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    await writeFile(file, '# team defaults\njira: { project: ABC } # the main one\n');
    const deep = join(top, 'web', 'src');
    await mkdir(deep, { recursive: true });
    const below = await withFiles(null, deep);
    expect((await runArgv(below.make(), ['config', 'set', 'bitbucket.repo', 'acme/web', '--local'])).code).toBe(0);
    expect(await readFile(file, 'utf8')).toBe('# team defaults\njira: { project: ABC } # the main one\nbitbucket:\n  repo: acme/web\n');
    const list = below.make();
    await runArgv(list, ['config', 'list', '--local']);
    expect(list.out.text).toBe('jira.project=ABC\nbitbucket.repo=acme/web\n');
    const get = below.make();
    await runArgv(get, ['config', 'get', 'bitbucket.repo']);
    expect(get.out.text).toBe('acme/web\n');
  });

  test('values are checked as the file is; the profile needs a profile name', async () => {
    const top = await mkdtemp(join(root, 'repo-'));
    const { make } = await withFiles(null, top);
    const repo = await runArgv(make(), ['config', 'set', 'bitbucket.repo', 'web', '--local']);
    expect([repo.code, repo.error?.message]).toEqual([
      2,
      'bitbucket.repo must be WORKSPACE/REPO (Cloud) or PROJECT/REPO (Data Center), not "web"',
    ]);
    const global = await runArgv(make(), ['config', 'set', 'editor', 'vi', '--local']);
    expect(global.code).toBe(2);
    const f = Object.assign(fakeFactory({ cwd: top, config: { defaultProfile: null, profiles: { work: cloudProfile() } } }));
    expect((await runArgv(f, ['config', 'set', 'profile', 'work', '--local'])).code).toBe(0);
    expect(await readFile(join(top, '.atl.yaml'), 'utf8')).toBe('profile: work\n');
  });
});
