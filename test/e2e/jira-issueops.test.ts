// Issue operations a daily Jira user expects (issue 11): `issue list`, comment edit/delete and
// visibility, links, remote links, clone, watch/vote and `--web`, on Cloud and Data Center.
import { describe, expect, test } from 'vitest';
import { createTestIssue, gatewayCalls, jiraE2e, seedIssues, unique, type Flavour } from './jira-support.js';

const e2e = await jiraE2e();

const createIssue = (flavour: Flavour, extra: string[] = []): Promise<string> => createTestIssue(e2e, flavour, extra);

async function viewJson(key: string): Promise<{ key: string; fields: Record<string, unknown> }> {
  const result = await e2e.atl('cloud', ['jira', 'issue', 'view', key, '--json']);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as { key: string; fields: Record<string, unknown> };
}

/** How many watch the issue, read straight from the sandbox (through its Cloud API, the same store as Data Center's). */
const watcherCount = async (key: string) => (await e2e.api<{ watchCount: number }>('GET', `/rest/api/3/issue/${key}/watchers`)).watchCount;

describe.each<Flavour>(['cloud', 'dc'])('%s', (flavour) => {
  test.concurrent('issue list is search under another name; search --web prints the navigator URL', async () => {
    const label = unique('list');
    const key = await createIssue(flavour, ['--label', label]);
    const listed = await e2e.atl(flavour, ['jira', 'issue', 'list', '--label', label, '--json']);
    expect(listed.code, listed.stderr).toBe(0);
    expect((JSON.parse(listed.stdout) as Array<{ key: string }>).map((i) => i.key)).toEqual([key]);
    const searched = await e2e.atl(flavour, ['jira', 'search', '--label', label, '--json']);
    expect(JSON.parse(searched.stdout)).toEqual(JSON.parse(listed.stdout));
    const help = await e2e.atl(flavour, ['jira', 'issue', 'list', '--help']);
    expect(help.stdout).toContain('The same command as `atl jira search`');
    const web = await e2e.atl(flavour, ['jira', 'search', '-P', 'DEMO', '--web']);
    expect(web.code, web.stderr).toBe(0);
    const site = flavour === 'cloud' ? e2e.sandbox.url : e2e.sandbox.dcUrl;
    expect(web.stdout).toBe(`${site}/issues/?jql=${encodeURIComponent('project = "DEMO" ORDER BY updated DESC')}\n`);
    const conflict = await e2e.atl(flavour, ['jira', 'search', '-P', 'DEMO', '--web', '--count']);
    expect(conflict.code).toBe(2);
  });

  test.concurrent('comments: add with --visibility, edit, list as CSV and table, delete with --yes', async () => {
    const key = await createIssue(flavour);
    const added = await e2e.atl(flavour, [
      'jira',
      'issue',
      'comment',
      'add',
      key,
      'Team **only**',
      '--visibility',
      'role:Developers',
      '--json',
    ]);
    expect(added.code, added.stderr).toBe(0);
    const comment = JSON.parse(added.stdout) as { id: string; visibility: { type: string; value: string } };
    expect(comment.visibility).toMatchObject({ type: 'role', value: 'Developers' });
    const badRole = await e2e.atl(flavour, ['jira', 'issue', 'comment', 'add', key, 'x', '--visibility', 'role:Nobody']);
    expect(badRole.code).toBe(2);
    const edited = await e2e.atl(flavour, ['jira', 'issue', 'comment', 'edit', key, comment.id], 'Now *everyone* may\n');
    expect(edited.code, edited.stderr).toBe(0);
    expect(edited.stdout).toContain(`edited comment ${comment.id} on ${key}`);
    const csv = await e2e.atl(flavour, ['jira', 'issue', 'comment', 'list', key, '--csv', '--fields', 'id,visibility,body']);
    expect(csv.stdout).toBe(`ID,VISIBILITY,BODY\n${comment.id},role:Developers,Now *everyone* may\n`);
    const table = await e2e.atl(flavour, ['jira', 'issue', 'comment', 'list', key, '--fields', 'id,author']);
    expect(table.stdout.split('\n')[0]).toBe('ID\tAUTHOR');
    expect(JSON.parse((await e2e.atl(flavour, ['jira', 'issue', 'comment', 'list', key, '--json'])).stdout)).toHaveLength(1);
    const refused = await e2e.atl(flavour, ['jira', 'issue', 'comment', 'delete', key, comment.id]);
    expect(refused.code).toBe(2);
    const deleted = await e2e.atl(flavour, ['jira', 'issue', 'comment', 'delete', key, comment.id, '--yes']);
    expect(deleted.code, deleted.stderr).toBe(0);
    const again = await e2e.atl(flavour, ['jira', 'issue', 'comment', 'delete', key, comment.id, '--yes']);
    expect(again.code).toBe(4);
    expect(again.stderr).toContain(`comment ${comment.id} on ${key} not found`);
  });

  test.concurrent('links: link by wording, listed on both issues, link types, unlink; remote links by URL', async () => {
    const [a, b] = [await createIssue(flavour), await createIssue(flavour)];
    const linked = await e2e.atl(flavour, ['jira', 'issue', 'link', a, b, '--type', 'is blocked by']);
    expect(linked.code, linked.stderr).toBe(0);
    expect(linked.stdout).toBe(`linked: ${a} is blocked by ${b}\n`);
    const links = async (key: string) =>
      (await viewJson(key)).fields.issuelinks as Array<{
        type: { name: string };
        inwardIssue?: { key: string };
        outwardIssue?: { key: string };
      }>;
    expect(await links(a)).toMatchObject([{ type: { name: 'Blocks' }, inwardIssue: { key: b } }]);
    expect(await links(b)).toMatchObject([{ type: { name: 'Blocks' }, outwardIssue: { key: a } }]);
    const wrong = await e2e.atl(flavour, ['jira', 'issue', 'link', a, b, '--type', 'causes']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('hint: valid link types: Blocks (blocks / is blocked by), Cloners (clones / is cloned by)');
    const types = await e2e.atl(flavour, ['jira', 'issue', 'link', 'types', '--csv']);
    expect(types.stdout.split('\n').slice(0, 2)).toEqual(['NAME,OUTWARD,INWARD', 'Blocks,blocks,is blocked by']);
    expect(JSON.parse((await e2e.atl(flavour, ['jira', 'issue', 'link', 'types', '--json'])).stdout)).toHaveLength(4);
    const unlinked = await e2e.atl(flavour, ['jira', 'issue', 'unlink', b, a, '--type', 'Blocks']);
    expect(unlinked.code, unlinked.stderr).toBe(0);
    expect(await links(a)).toEqual([]);
    expect((await e2e.atl(flavour, ['jira', 'issue', 'unlink', a, b])).code).toBe(4);

    const url = 'https://example.com/spec?id=1';
    const remote = await e2e.atl(flavour, ['jira', 'issue', 'link', a, url, '--title', 'The spec', '--json']);
    expect(remote.code, remote.stderr).toBe(0);
    expect(JSON.parse(remote.stdout)).toMatchObject({ key: a, url, title: 'The spec' });
    expect(await e2e.api('GET', `/rest/api/3/issue/${a}/remotelink`)).toMatchObject([{ object: { url, title: 'The spec' } }]);
    expect((await e2e.atl(flavour, ['jira', 'issue', 'unlink', a, url])).code).toBe(0);
    expect(await e2e.api('GET', `/rest/api/3/issue/${a}/remotelink`)).toEqual([]);
  });

  test.concurrent('clone copies the issue; --summary and --json', async () => {
    const original = await createIssue(flavour, ['--label', 'cloned', '--priority', 'High', '--description', 'Some **bold** text']);
    const cloned = await e2e.atl(flavour, ['jira', 'issue', 'clone', original, '--summary', 'The copy', '--json']);
    expect(cloned.code, cloned.stderr).toBe(0);
    const { key } = JSON.parse(cloned.stdout) as { key: string };
    expect(key).not.toBe(original);
    const copy = await viewJson(key);
    const source = await viewJson(original);
    expect(copy.fields).toMatchObject({ summary: 'The copy', labels: ['cloned'], priority: { name: 'High' } });
    expect(copy.fields.description).toEqual(source.fields.description);
    expect(copy.fields.issuetype).toEqual(source.fields.issuetype);
    const plain = await e2e.atl(flavour, ['jira', 'issue', 'clone', original]);
    expect(plain.stdout).toMatch(/^DEMO-\d+\n\S+\/browse\/DEMO-\d+\n$/);
  });

  test.concurrent('watch, unwatch, vote and --remove', async () => {
    const key = await createIssue(flavour);
    const watchers = () => watcherCount(key);
    expect((await e2e.atl(flavour, ['jira', 'issue', 'watch', key])).stdout).toBe(`watching ${key}\n`);
    expect(await watchers()).toBe(1);
    expect((await e2e.atl(flavour, ['jira', 'issue', 'unwatch', key])).stdout).toBe(`stopped watching ${key}\n`);
    expect(await watchers()).toBe(0);
    const own = await e2e.atl(flavour, ['jira', 'issue', 'vote', key]);
    expect(own.code).toBe(4);
    expect(own.stderr).toContain('you reported it');
    const other = 'DEMO-2';
    expect((await e2e.atl(flavour, ['jira', 'issue', 'vote', other])).stdout).toBe(`voted for ${other}\n`);
    expect((await e2e.atl(flavour, ['jira', 'issue', 'vote', other, '--remove', '--json'])).stdout).toContain('"voted": false');
  });
});

// A scoped service account reaches Jira only through api.atlassian.com/ex/jira/{cloudId}, where each
// route needs its scope entry: each command once, which proves the route and the scope, not the output again.
describe('through the gateway (scoped-writer)', () => {
  test.concurrent('comments with visibility, edit, list and delete', async () => {
    const [key] = seedIssues(e2e, 1, unique('gateway-comment'));
    const added = await e2e.atl('scoped-writer', [
      'jira',
      'issue',
      'comment',
      'add',
      key!,
      'Hi',
      '--visibility',
      'role:Developers',
      '--json',
    ]);
    expect(added.code, added.stderr).toBe(0);
    const { id } = JSON.parse(added.stdout) as { id: string };
    const edited = await e2e.atl('scoped-writer', ['jira', 'issue', 'comment', 'edit', key!, id], 'Edited\n');
    expect(edited.code, edited.stderr).toBe(0);
    const listed = await e2e.atl('scoped-writer', ['jira', 'issue', 'comment', 'list', key!, '--csv', '--fields', 'visibility,body']);
    expect(listed.stdout).toBe('VISIBILITY,BODY\nrole:Developers,Edited\n');
    const deleted = await e2e.atl('scoped-writer', ['jira', 'issue', 'comment', 'delete', key!, id, '--yes']);
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(await e2e.api('GET', `/rest/api/3/issue/${key}/comment`)).toMatchObject({ comments: [] });
    expect(gatewayCalls(e2e)).toEqual(
      expect.arrayContaining([`POST /rest/api/3/issue/${key}/comment`, `PUT /rest/api/3/issue/${key}/comment/${id}`]),
    );
  });

  test.concurrent('links, link types, unlink, remote links', async () => {
    const [a, b] = seedIssues(e2e, 2, unique('gateway-link'));
    const linked = await e2e.atl('scoped-writer', ['jira', 'issue', 'link', a!, b!, '--type', 'blocks']);
    expect(linked.stdout, linked.stderr).toBe(`linked: ${a} blocks ${b}\n`);
    const types = await e2e.atl('scoped-writer', ['jira', 'issue', 'link', 'types', '--json']);
    expect(types.code, types.stderr).toBe(0);
    expect(JSON.parse(types.stdout)).toHaveLength(4);
    const unlinked = await e2e.atl('scoped-writer', ['jira', 'issue', 'unlink', a!, b!]);
    expect(unlinked.code, unlinked.stderr).toBe(0);
    const url = 'https://example.com/gateway';
    const remote = await e2e.atl('scoped-writer', ['jira', 'issue', 'link', a!, url, '--title', 'Gateway']);
    expect(remote.code, remote.stderr).toBe(0);
    expect(await e2e.api('GET', `/rest/api/3/issue/${a}/remotelink`)).toMatchObject([{ object: { url, title: 'Gateway' } }]);
    const remoteGone = await e2e.atl('scoped-writer', ['jira', 'issue', 'unlink', a!, url]);
    expect(remoteGone.code, remoteGone.stderr).toBe(0);
    expect(await e2e.api('GET', `/rest/api/3/issue/${a}/remotelink`)).toEqual([]);
    expect(gatewayCalls(e2e)).toEqual(expect.arrayContaining(['POST /rest/api/3/issueLink', `POST /rest/api/3/issue/${a}/remotelink`]));
  });

  test.concurrent('clone, watch, unwatch and vote', async () => {
    const [key] = seedIssues(e2e, 1, unique('gateway-clone'));
    const cloned = await e2e.atl('scoped-writer', ['jira', 'issue', 'clone', key!, '--summary', 'Gateway copy', '--json']);
    expect(cloned.code, cloned.stderr).toBe(0);
    expect((await viewJson((JSON.parse(cloned.stdout) as { key: string }).key)).fields.summary).toBe('Gateway copy');
    expect((await e2e.atl('scoped-writer', ['jira', 'issue', 'watch', key!])).stdout).toBe(`watching ${key}\n`);
    expect(await watcherCount(key!)).toBe(1);
    expect((await e2e.atl('scoped-writer', ['jira', 'issue', 'unwatch', key!])).stdout).toBe(`stopped watching ${key}\n`);
    expect(await watcherCount(key!)).toBe(0);
    const voted = await e2e.atl('scoped-writer', ['jira', 'issue', 'vote', key!]);
    expect(voted.stdout, voted.stderr).toBe(`voted for ${key}\n`);
    expect(gatewayCalls(e2e)).toEqual(
      expect.arrayContaining([`POST /rest/api/3/issue/${key}/watchers`, `POST /rest/api/3/issue/${key}/votes`]),
    );
  });
});
