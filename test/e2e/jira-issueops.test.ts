// Issue operations a daily Jira user expects (issue 11): `issue list`, comment edit/delete and
// visibility, links, remote links, clone, watch/vote and `--web`, on Cloud and Data Center.
import { describe, expect, test } from 'vitest';
import { createTestIssue, jiraE2e, unique, type Flavour } from './jira-support.js';

const e2e = await jiraE2e();

const createIssue = (flavour: Flavour, extra: string[] = []): Promise<string> => createTestIssue(e2e, flavour, extra);

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
});
