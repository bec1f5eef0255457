/**
 * The Jira commands read as an acceptance tester would: their flags, texts and exit codes, checked
 * through the built binary on Cloud, Data Center and (for reads) Cloud scoped through the gateway.
 * The other Jira e2e files cover the rest (jira-commands: the basic flows; jira-paging: --all, the
 * notice over 1,234 issues, 429 in the middle of paging).
 */
import { describe, expect, test } from 'vitest';
import { jiraE2e, NOTICE, seedIssues, unique, type Flavour } from './jira-support.js';

const e2e = await jiraE2e();

async function ok(flavour: Flavour, args: string[], input?: string): Promise<string> {
  const result = await e2e.atl(flavour, args, input);
  expect(result.code, `${args.join(' ')}\n${result.stderr}`).toBe(0);
  return result.stdout;
}

async function create(flavour: Flavour, args: string[]): Promise<string> {
  return (JSON.parse(await ok(flavour, ['jira', 'issue', 'create', '-P', 'DEMO', '--json', ...args])) as { key: string }).key;
}

/** The issue's fields as the flavour's API holds them, read directly (no atl run). */
async function fieldsOf(flavour: Flavour, key: string): Promise<Record<string, unknown>> {
  const issue = await e2e.issue(flavour, key);
  expect(issue, key).not.toBeNull();
  return issue!.fields;
}

const bold = (text: string) => ({ type: 'text', text, marks: [{ type: 'strong' }] });

const nameOf = (value: unknown) => (value as { name?: string } | null)?.name;

describe.each<Flavour>(['cloud', 'dc'])('acceptance (%s)', (flavour) => {
  test.concurrent('transition --resolution: an unknown name is exit 2 listing the valid ones, before anything changes; names match case-insensitively', async () => {
    const label = unique('res');
    const [key] = seedIssues(e2e, 1, label);
    const bad = await e2e.atl(flavour, ['jira', 'issue', 'transition', key!, 'Done', '--resolution', 'Bogus']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('error: unknown resolution "Bogus"');
    expect(bad.stderr).toContain("hint: valid resolutions: Done, Won't Do, Duplicate");
    expect(bad.stderr).not.toContain('HTTP 400');
    expect(nameOf((await fieldsOf(flavour, key!)).status)).toBe('To Do');
    // In bulk, the name is checked once, before the keys are even listed.
    const bulk = await e2e.atl(flavour, [
      'jira',
      'issue',
      'transition',
      '--jql',
      `labels = "${label}"`,
      'Done',
      '--resolution',
      'Bogus',
      '--yes',
    ]);
    expect(bulk.code).toBe(2);
    expect(bulk.stdout).toBe('');
    expect(bulk.stderr).not.toContain(key!);

    expect(await ok(flavour, ['jira', 'issue', 'transition', key!, '--to', 'done', '--resolution', "won't do"])).toBe(`${key} → Done\n`);
    const fields = await fieldsOf(flavour, key!);
    expect(nameOf(fields.status)).toBe('Done');
    expect(nameOf(fields.resolution)).toBe("Won't Do");
    await e2e.home.assertNoSecretsLeaked();
  });

  test.concurrent('create: unknown priority, issue type and --field name are exit 2 with the valid values; a priority matches case-insensitively', async () => {
    const priority = await e2e.atl(flavour, [
      'jira',
      'issue',
      'create',
      '-P',
      'DEMO',
      '-t',
      'Task',
      '--summary',
      'x',
      '--priority',
      'Urgent',
    ]);
    expect(priority.code).toBe(2);
    expect(priority.stderr).toContain('hint: valid priorities: Highest, High, Medium, Low, Lowest');
    const type = await e2e.atl(flavour, ['jira', 'issue', 'create', '-P', 'DEMO', '-t', 'Feature', '--summary', 'x']);
    expect(type.code).toBe(2);
    expect(type.stderr).toMatch(/^hint: issue types in DEMO: .*\bTask\b.*\bBug\b/m);
    const field = await e2e.atl(flavour, ['jira', 'issue', 'create', '-P', 'DEMO', '-t', 'Task', '--summary', 'x', '--field', 'Story=3']);
    expect(field.code).toBe(2);
    expect(field.stderr).toContain('error: unknown field "Story"');
    expect(field.stderr).toContain('hint: did you mean: Story Points (customfield_10016)');

    const key = await create(flavour, ['-t', 'Task', '--summary', unique('prio'), '--priority', 'highest', '--field', 'Team=Mobile']);
    const fields = await fieldsOf(flavour, key);
    expect(nameOf(fields.priority)).toBe('Highest');
    expect((fields.customfield_10001 as { value: string }).value).toBe('Mobile');
    expect(await ok(flavour, ['jira', 'issue', 'edit', key, '--priority', 'LOW'])).toBe(`updated ${key}\n`);
    expect(nameOf((await fieldsOf(flavour, key)).priority)).toBe('Low');
  });

  test.concurrent('search: -P -a -s -t -l ANDed with --jql, dates (-7d, today, week, month, a date), --count', async () => {
    const label = unique('short');
    const mine = await create(flavour, ['-t', 'Task', '--summary', `${label} mine`, '--label', label, '--assignee', 'me']);
    await create(flavour, ['-t', 'Bug', '--summary', `${label} bug`, '--label', label, '--assignee', 'me']);
    await create(flavour, ['-t', 'Task', '--summary', `${label} theirs`, '--label', label]);
    const args = [
      'jira',
      'search',
      '--jql',
      'summary ~ "mine" OR summary ~ "theirs"',
      '-P',
      'DEMO',
      '-a',
      'me',
      '-s',
      'to do',
      '-t',
      'task',
      '-l',
      label,
      '--json',
      '--debug',
    ];
    const result = await e2e.atl(flavour, args);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      `jql: (summary ~ "mine" OR summary ~ "theirs") AND project = "DEMO" AND assignee = currentUser() AND status = "to do" AND issuetype = "task" AND labels = "${label}" ORDER BY updated DESC`,
    );
    expect((JSON.parse(result.stdout) as Array<{ key: string }>).map((i) => i.key)).toEqual([mine]);

    const dates: Array<[string, string]> = [
      ['--created', '-7d'],
      ['--created', 'today'],
      ['--updated', 'week'],
      ['--created', 'month'],
      ['--updated', '2000-01-31'],
    ];
    const counts = await Promise.all(dates.map(([flag, when]) => ok(flavour, ['jira', 'search', '-l', label, flag, when, '--count'])));
    // Cloud's count is approximate: `~N`.
    const approx = flavour === 'cloud' ? '~' : '';
    expect(counts).toEqual(dates.map(() => `${approx}3\n`));
    expect(await ok(flavour, ['jira', 'search', '-l', label, '--created', '2999-01-01', '--count'])).toBe(`${approx}0\n`);
    const badDate = await e2e.atl(flavour, ['jira', 'search', '-l', label, '--created', 'yesterday']);
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toContain('-7d');
  });

  test.concurrent('the truncation notice, word for word, in table, --json and --csv; never when all were printed', async () => {
    const label = unique('notice');
    seedIssues(e2e, 51, label);
    // Each output mode with the notice, and without it when everything was printed (by --all or by
    // a limit that covers all, taking turns over the modes: which mode it is does not change that).
    for (const [mode, all] of [
      [[], ['--all']],
      [['--json'], ['--limit', '51']],
      [['--csv'], ['--all']],
    ]) {
      const cut = await e2e.atl(flavour, ['jira', 'search', '-l', label, ...mode!]);
      expect(cut.code).toBe(0);
      expect(cut.stderr).toBe(`showing 50 issues; ${NOTICE}\n`);
      const whole = await e2e.atl(flavour, ['jira', 'search', '-l', label, ...mode!, ...all!]);
      expect(whole.code).toBe(0);
      expect(whole.stderr).toBe('');
    }
    const json = JSON.parse(await ok(flavour, ['jira', 'search', '-l', label, '--json', '--limit', '7'])) as unknown[];
    expect(json).toHaveLength(7);
    expect((await e2e.atl(flavour, ['jira', 'search', '-l', label, '--csv', '--limit', '7'])).stdout.trimEnd().split('\n')).toHaveLength(8);
  });

  test.concurrent('--fields takes a custom field by name: requested by id, headed by name', async () => {
    const label = unique('cf');
    const key = await create(flavour, ['-t', 'Story', '--summary', `${label} points`, '--label', label, '--field', 'Story Points=8']);
    const csv = await ok(flavour, ['jira', 'search', '-l', label, '--fields', 'summary,Story Points', '--csv']);
    expect(csv).toBe(`KEY,SUMMARY,STORY POINTS\n${key},${label} points,8\n`);
    const json = JSON.parse(await ok(flavour, ['jira', 'search', '-l', label, '--fields', 'story points', '--json'])) as Array<{
      fields: Record<string, unknown>;
    }>;
    expect(json[0]!.fields).toEqual({ customfield_10016: 8 });
    const unknown = await e2e.atl(flavour, ['jira', 'search', '-l', label, '--fields', 'summary,Velocity']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown field "Velocity"');
  });

  test.concurrent('view shows labels, components, parent and the last 5 comments by default; --comments N', async () => {
    // The epic and the first six comments are put in place directly; what is under test is the child's create and the view.
    const { key: epic } = await e2e.api<{ key: string }>('POST', '/rest/api/3/issue', {
      fields: { project: { key: 'DEMO' }, issuetype: { name: 'Epic' }, summary: unique('epic') },
    });
    const key = await create(flavour, [
      '-t',
      'Story',
      '--summary',
      unique('child'),
      '--parent',
      epic,
      '--component',
      'Backend',
      '--label',
      'alpha',
      '--label',
      'beta',
    ]);
    for (let n = 1; n <= 6; n++) {
      const body = {
        type: 'doc',
        version: 1,
        content: [{ type: 'paragraph', content: [{ type: 'text', text: 'note ' }, bold(String(n))] }],
      };
      await e2e.api('POST', `/rest/api/3/issue/${key}/comment`, { body });
    }
    await ok(flavour, ['jira', 'issue', 'comment', 'add', key, 'note **7**']);
    const view = await ok(flavour, ['jira', 'issue', 'view', key]);
    expect(view).toContain('Labels     alpha, beta\n');
    expect(view).toContain('Components Backend\n');
    expect(view).toMatch(new RegExp(`^Parent +${epic} `, 'm'));
    expect(view).toMatch(new RegExp(`^URL +.*/browse/${key}$`, 'm'));
    expect(view).toContain('Comments (last 5 of 7):');
    expect(view).not.toContain('note **2**');
    for (const n of [3, 4, 5, 6, 7]) expect(view).toContain(`note **${n}**`);
    const two = await ok(flavour, ['jira', 'issue', 'view', key, '--comments', '2']);
    expect(two).toContain('Comments (last 2 of 7):');
    expect(two).not.toContain('note **5**');
  });

  test.concurrent('comment add from --body-file and --body-file -; delete --delete-subtasks; unknown sprint is exit 4', async () => {
    const parent = await create(flavour, ['-t', 'Task', '--summary', unique('parent')]);
    const child = await create(flavour, ['-t', 'Sub-task', '--summary', unique('sub'), '--parent', parent]);
    const dir = e2e.home.home;
    const { writeFile } = await import('node:fs/promises');
    await writeFile(`${dir}/${parent}.md`, '## From a file\n\n- [ ] check it\n');
    expect(await ok(flavour, ['jira', 'issue', 'comment', 'add', parent, '--body-file', `${dir}/${parent}.md`])).toContain(`added comment`);
    expect(await ok(flavour, ['jira', 'issue', 'comment', 'add', parent, '--body-file', '-'], 'piped _body_\n')).toContain(parent);
    const listed = await ok(flavour, ['jira', 'issue', 'comment', 'list', parent]);
    expect(listed).toContain('## From a file');
    expect(listed).toContain('piped *body*');

    const refused = await e2e.atl(flavour, ['jira', 'issue', 'delete', parent, '--yes']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--delete-subtasks');
    expect(await ok(flavour, ['jira', 'issue', 'delete', parent, '--yes', '--delete-subtasks'])).toBe(`deleted ${parent}\n`);
    expect((await e2e.atl(flavour, ['jira', 'issue', 'view', child])).code).toBe(4);

    const sprint = await e2e.atl(flavour, ['jira', 'sprint', 'issues', '987654']);
    expect(sprint.code).toBe(4);
    expect(sprint.stderr).toContain('sprint 987654 not found');
  });

  test.concurrent('bulk assign and edit --label over --jql: keys listed, per-issue results (--json too), exit 0', async () => {
    const label = unique('bulk');
    const keys = seedIssues(e2e, 3, label);
    const assigned = await e2e.atl(flavour, ['jira', 'issue', 'assign', '--jql', `labels = "${label}"`, 'aiko@example.com', '--yes']);
    expect(assigned.code).toBe(0);
    for (const key of keys) {
      expect(assigned.stderr).toContain(`  ${key}\n`);
      expect(assigned.stdout).toContain(`ok      ${key}`);
      expect(((await fieldsOf(flavour, key)).assignee as { displayName: string }).displayName).toBe('Aiko Tanaka');
    }
    const edited = await e2e.atl(flavour, [
      '--json',
      'jira',
      'issue',
      'edit',
      '--jql',
      `labels = "${label}"`,
      '--label',
      '+bulk-added',
      '--label',
      `-${label}`,
      '--yes',
    ]);
    expect(edited.code).toBe(0);
    expect(JSON.parse(edited.stdout)).toEqual(expect.arrayContaining(keys.map((key) => ({ key, ok: true }))));
    for (const key of keys) expect((await fieldsOf(flavour, key)).labels).toEqual(['bulk-added']);
  });
});

// Its own sandbox, so that its request log holds only its own runs: requests of another test (one
// still running after it timed out on a loaded machine) once landed in this log. Within it, each
// test's requests are told apart by the service account it runs as.
const gateway = await jiraE2e();
const requestsAs = (account: { email: string }, before: number) =>
  gateway.sandbox.requests
    .slice(before)
    .filter((r) => r.identity === account.email || r.credential === 'rejected' || r.credential === 'anonymous');

describe('Cloud scoped through the gateway', () => {
  // Not concurrent: it checks that every request of its runs went through the gateway.
  test('every read command works and goes through /ex/jira/<cloudId>', async () => {
    const e2e = gateway;
    const before = e2e.sandbox.requests.length;
    const runs: string[][] = [
      ['jira', 'search', '-P', 'DEMO', '-s', 'To Do', '--limit', '3'],
      ['jira', 'search', '-P', 'DEMO', '--limit', '3', '--csv', '--fields', 'summary,Story Points'],
      ['jira', 'search', '-P', 'DEMO', '--limit', '3', '--json'],
      ['jira', 'search', '-P', 'DEMO', '--count'],
      ['jira', 'issue', 'view', 'DEMO-1'],
      ['jira', 'issue', 'comment', 'list', 'DEMO-1', '--json'],
      ['jira', 'project', 'list'],
      ['jira', 'me', '--json'],
      ['jira', 'board', 'list', '--project', 'DEMO', '--json'],
      ['jira', 'sprint', 'list', '--board', '1', '--state', 'active'],
      ['jira', 'sprint', 'issues', '1', '--limit', '2'],
    ];
    for (const args of runs) {
      const result = await e2e.atl('scoped', args);
      expect(result.code, `${args.join(' ')}\n${result.stderr}`).toBe(0);
      expect(result.stdout, args.join(' ')).not.toBe('');
    }
    const paths = requestsAs(e2e.sandbox.credentials.serviceAccount, before).map((r) => r.path);
    expect(paths.length).toBeGreaterThanOrEqual(runs.length);
    expect(paths.filter((p) => !p.startsWith(`/ex/jira/${e2e.sandbox.cloudId}/`))).toEqual([]);
    // Writes need a write scope the demo service account does not have: exit 3, with the lookup
    // of the resolution (a read) not getting in the way.
    const write = await e2e.atl('scoped', ['jira', 'issue', 'transition', 'DEMO-1', 'Done', '--resolution', 'done']);
    expect(write.code).toBe(3);
    expect(write.stderr).toMatch(/^hint: the scoped token lacks the scope/m);
    await e2e.home.assertNoSecretsLeaked();
  });

  test('with write:jira-work every write command works through /ex/jira/<cloudId> too', async () => {
    const e2e = gateway;
    const before = e2e.sandbox.requests.length;
    const created = await e2e.atl('scoped-writer', [
      '--json',
      'jira',
      'issue',
      'create',
      '-P',
      'DEMO',
      '--type',
      'Task',
      '--summary',
      'Made by a service account',
      '--description',
      'Some **bold** text',
      '--label',
      'svc',
    ]);
    expect(created.code, created.stderr).toBe(0);
    const { key } = JSON.parse(created.stdout) as { key: string };
    const runs: string[][] = [
      ['jira', 'issue', 'edit', key, '--summary', 'Renamed by the service account', '--label', '+gateway'],
      ['jira', 'issue', 'transition', key, 'In Progress', '--comment', 'started'],
      ['jira', 'issue', 'assign', key, 'demo@example.com'],
      ['jira', 'issue', 'comment', 'add', key, 'A *comment* through the gateway'],
    ];
    for (const args of runs) {
      const result = await e2e.atl('scoped-writer', args);
      expect(result.code, `${args.join(' ')}\n${result.stderr}`).toBe(0);
    }
    const issue = (await e2e.issue('scoped-writer', key)) as unknown as {
      fields: { summary: string; labels: string[]; status: { name: string }; assignee: { emailAddress?: string } | null };
    };
    expect(issue.fields.summary).toBe('Renamed by the service account');
    expect(issue.fields.labels.sort()).toEqual(['gateway', 'svc']);
    expect(issue.fields.status.name).toBe('In Progress');
    const deleted = await e2e.atl('scoped-writer', ['jira', 'issue', 'delete', key, '--yes']);
    expect(deleted.code, deleted.stderr).toBe(0);
    const paths = requestsAs(e2e.sandbox.credentials.serviceAccountWriter, before).map((r) => r.path);
    expect(paths.length).toBeGreaterThanOrEqual(runs.length + 3);
    expect(paths.filter((p) => !p.startsWith(`/ex/jira/${e2e.sandbox.cloudId}/`))).toEqual([]);
    await e2e.home.assertNoSecretsLeaked();
  });
});
