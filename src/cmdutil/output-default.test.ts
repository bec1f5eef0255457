import { describe, expect, test } from 'vitest';
import { cloudProfile, FakeHttp, fakeFactory, runArgv } from '../testkit/fakes.testutil.js';
import { jsonByDefault } from './output-default.js';

const withOutput = (output?: 'json' | 'text') =>
  fakeFactory({
    config: { defaultProfile: 'work', profiles: { work: cloudProfile() }, ...(output ? { defaults: { output } } : {}) },
  });

describe('defaults.output in config.yaml', () => {
  test('json: a command that prints data prints JSON without --json; text or no setting: text', async () => {
    const json = withOutput('json');
    expect((await runArgv(json, ['auth', 'list'])).code).toBe(0);
    expect(JSON.parse(json.out.text)).toEqual([expect.objectContaining({ name: 'work' })]);
    for (const f of [withOutput('text'), withOutput()]) {
      expect((await runArgv(f, ['auth', 'list'])).code).toBe(0);
      expect(() => JSON.parse(f.out.text)).toThrow();
      expect(f.out.text).toContain('work');
    }
  });

  test('a flag for another form typed on the run wins over it (--csv, --format, --web); a declared default does not', async () => {
    const f = withOutput('json');
    const given =
      (...flags: string[]) =>
      (flag: string) =>
        flags.includes(flag);
    expect(await jsonByDefault(f, given())).toBe(true);
    expect(await jsonByDefault(f, given('csv'))).toBe(false);
    expect(await jsonByDefault(f, given('format'))).toBe(false);
    expect(await jsonByDefault(f, given('web'))).toBe(false);
    expect(await jsonByDefault(f, given('limit'))).toBe(true);
  });

  test('through the command tree: --csv on a listing prints CSV; the listing alone prints JSON', async () => {
    const projects = () =>
      new FakeHttp().on('GET', '/rest/api/3/project/search', () => ({
        startAt: 0,
        maxResults: 50,
        total: 1,
        isLast: true,
        values: [{ id: '10000', key: 'DEMO', name: 'Demo Project', projectTypeKey: 'software' }],
      }));
    const config = { defaultProfile: 'work', profiles: { work: cloudProfile() }, defaults: { output: 'json' as const } };
    const csv = fakeFactory({ http: projects(), config });
    expect((await runArgv(csv, ['jira', 'project', 'list', '--fields', 'key', '--csv'])).code).toBe(0);
    expect(csv.out.text).toBe('KEY\nDEMO\n');
    const json = fakeFactory({ http: projects(), config });
    expect((await runArgv(json, ['jira', 'project', 'list'])).code).toBe(0);
    expect(JSON.parse(json.out.text)).toEqual([expect.objectContaining({ key: 'DEMO' })]);
  });
});
