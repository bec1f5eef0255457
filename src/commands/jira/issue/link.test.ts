import { describe, expect, test } from 'vitest';
import { FakeHttp, fakeFactory, runArgv } from '../../../jira/fake.testutil.js';

const TYPES = {
  issueLinkTypes: [
    { id: '10000', name: 'Blocks', inward: 'is blocked by', outward: 'blocks' },
    { id: '10003', name: 'Relates', inward: 'relates to', outward: 'relates to' },
  ],
};

const site = () => new FakeHttp().on('GET', '/rest/api/3/issueLinkType', () => TYPES);

describe('issue link', () => {
  test('--type by name or outward wording: KEY is the source (Jira names it inwardIssue)', async () => {
    for (const type of ['Blocks', 'BLOCKS', 'blocks']) {
      const f = fakeFactory({ http: site().on('POST', '/rest/api/3/issueLink', () => undefined) });
      expect((await runArgv(f, ['jira', 'issue', 'link', 'ABC-1', 'abc-2', '--type', type])).code).toBe(0);
      expect(f.http.requests[1]!.body).toEqual({ type: { name: 'Blocks' }, inwardIssue: { key: 'ABC-1' }, outwardIssue: { key: 'ABC-2' } });
      expect(f.out.text).toBe('linked: ABC-1 blocks ABC-2\n');
    }
  });

  test('inward wording reverses the link: KEY is blocked by OTHER', async () => {
    const f = fakeFactory({ http: site().on('POST', '/rest/api/3/issueLink', () => undefined) });
    expect((await runArgv(f, ['jira', 'issue', 'link', 'ABC-1', 'ABC-2', '--type', 'Is Blocked By'])).code).toBe(0);
    expect(f.http.requests[1]!.body).toEqual({ type: { name: 'Blocks' }, inwardIssue: { key: 'ABC-2' }, outwardIssue: { key: 'ABC-1' } });
    expect(f.out.text).toBe('linked: ABC-1 is blocked by ABC-2\n');
  });

  test('a wrong or missing --type is exit 2 listing the valid types, nothing linked', async () => {
    for (const argv of [['--type', 'causes'], []]) {
      const f = fakeFactory({ http: site() });
      const { code, error } = await runArgv(f, ['jira', 'issue', 'link', 'ABC-1', 'ABC-2', ...argv]);
      expect(code).toBe(2);
      expect(error?.hint).toBe('valid link types: Blocks (blocks / is blocked by), Relates (relates to)');
      expect(f.http.requests).toHaveLength(1);
    }
  });

  test('listing flags on a link between issues, or --type on a web link, are exit 2 before any request', async () => {
    for (const argv of [
      ['ABC-2', '--type', 'blocks', '--csv'],
      ['https://example.com/a', '--type', 'blocks'],
    ]) {
      const f = fakeFactory();
      expect((await runArgv(f, ['jira', 'issue', 'link', 'ABC-1', ...argv])).code).toBe(2);
      expect(f.http.requests).toEqual([]);
    }
  });

  test('a URL as OTHER makes a remote link, titled by --title or the URL', async () => {
    const f = fakeFactory({
      http: new FakeHttp().on('POST', '/rest/api/3/issue/ABC-1/remotelink', () => ({ id: 10000, self: 'x' })),
    });
    expect((await runArgv(f, ['jira', 'issue', 'link', 'ABC-1', 'https://example.com/a', '--title', 'Spec'])).code).toBe(0);
    expect(f.http.requests[0]!.body).toEqual({ object: { url: 'https://example.com/a', title: 'Spec' } });
    expect(f.out.text).toBe('linked ABC-1 to https://example.com/a (remote link 10000)\n');
    const g = fakeFactory({ http: new FakeHttp().on('POST', '/rest/api/3/issue/ABC-1/remotelink', () => ({ id: 1 })) });
    await runArgv(g, ['jira', 'issue', 'link', 'ABC-1', 'https://example.com/b']);
    expect(g.http.requests[0]!.body).toEqual({ object: { url: 'https://example.com/b', title: 'https://example.com/b' } });
  });

  test('link types: a table, --csv with --fields, --json', async () => {
    const f = fakeFactory({ http: site() });
    expect((await runArgv(f, ['jira', 'issue', 'link', 'types'])).code).toBe(0);
    expect(f.out.text).toBe('NAME\tOUTWARD\tINWARD\nBlocks\tblocks\tis blocked by\nRelates\trelates to\trelates to\n');
    const g = fakeFactory({ http: site() });
    await runArgv(g, ['jira', 'issue', 'link', 'types', '--csv', '--fields', 'id,name']);
    expect(g.out.text).toBe('ID,NAME\n10000,Blocks\n10003,Relates\n');
    const h = fakeFactory({ http: site(), json: true });
    await runArgv(h, ['jira', 'issue', 'link', 'types', '--json']);
    expect(JSON.parse(h.out.text)).toEqual(TYPES.issueLinkTypes);
  });
});

describe('issue unlink', () => {
  const links = () =>
    new FakeHttp('https://jira.example.com')
      .on('GET', '/rest/api/2/issue/ABC-1', () => ({
        id: '1',
        key: 'ABC-1',
        fields: {
          issuelinks: [
            { id: '501', type: TYPES.issueLinkTypes[0], outwardIssue: { key: 'ABC-2' } },
            { id: '502', type: TYPES.issueLinkTypes[1], inwardIssue: { key: 'ABC-2' } },
            { id: '503', type: TYPES.issueLinkTypes[0], outwardIssue: { key: 'ABC-3' } },
          ],
        },
      }))
      .on('DELETE', '/rest/api/2/issueLink/*', () => undefined);

  test('removes every link to OTHER, or only those of --type', async () => {
    const f = fakeFactory({ deployment: 'datacenter', http: links() });
    expect((await runArgv(f, ['jira', 'issue', 'unlink', 'ABC-1', 'ABC-2'])).code).toBe(0);
    expect(f.http.requests.filter((r) => r.method === 'DELETE').map((r) => r.path)).toEqual([
      '/rest/api/2/issueLink/501',
      '/rest/api/2/issueLink/502',
    ]);
    expect(f.out.text).toBe('unlinked ABC-1 and ABC-2 (2 links)\n');
    const g = fakeFactory({ deployment: 'datacenter', http: links().on('GET', '/rest/api/2/issueLinkType', () => TYPES) });
    expect((await runArgv(g, ['jira', 'issue', 'unlink', 'ABC-1', 'ABC-2', '--type', 'relates to'])).code).toBe(0);
    expect(g.http.requests.filter((r) => r.method === 'DELETE').map((r) => r.path)).toEqual(['/rest/api/2/issueLink/502']);
  });

  test('no link between them is exit 4', async () => {
    const f = fakeFactory({
      deployment: 'datacenter',
      http: new FakeHttp('https://jira.example.com').on('GET', '/rest/api/2/issue/ABC-1', () => ({ id: '1', key: 'ABC-1', fields: {} })),
    });
    const { code, error } = await runArgv(f, ['jira', 'issue', 'unlink', 'ABC-1', 'ABC-9']);
    expect(code).toBe(4);
    expect(error?.message).toBe('no link between ABC-1 and ABC-9');
  });

  test('a URL removes the remote links to it', async () => {
    const f = fakeFactory({
      http: new FakeHttp()
        .on('GET', '/rest/api/3/issue/ABC-1/remotelink', () => [
          { id: 7, object: { url: 'https://example.com/a', title: 'A' } },
          { id: 8, object: { url: 'https://example.com/b', title: 'B' } },
        ])
        .on('DELETE', '/rest/api/3/issue/ABC-1/remotelink/7', () => undefined),
    });
    expect((await runArgv(f, ['jira', 'issue', 'unlink', 'ABC-1', 'https://example.com/a'])).code).toBe(0);
    expect(f.out.text).toBe('unlinked ABC-1 and https://example.com/a (1 link)\n');
  });
});
