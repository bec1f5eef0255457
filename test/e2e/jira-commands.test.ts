import { describe, expect, test } from 'vitest';
import { jiraStoreOf } from '../../src/sandbox/jira/routes.js';
import { createTestIssue, jiraE2e, seedIssues, unique, type Flavour } from './jira-support.js';

const e2e = await jiraE2e();

const createIssue = (flavour: Flavour, extra: string[] = []): Promise<string> => createTestIssue(e2e, flavour, extra);

/** The issue as the flavour's API holds it (read directly; `issue view --json` prints this object). */
async function viewJson(flavour: Flavour, key: string): Promise<{ key: string; fields: Record<string, unknown> }> {
  const issue = await e2e.issue(flavour, key);
  expect(issue, key).not.toBeNull();
  return issue!;
}

describe.each<Flavour>(['cloud', 'dc'])('issues (%s)', (flavour) => {
  test.concurrent('create with Markdown, view renders it back; --json gives key, id, url', async () => {
    const description = '## Steps\n\n1. open **login**\n2. see `error`\n\n```js\nconsole.log(1)\n```';
    const result = await e2e.atl(flavour, [
      'jira',
      'issue',
      'create',
      '-P',
      'DEMO',
      '-t',
      'Bug',
      '--summary',
      'Login breaks',
      '--description',
      description,
      '--label',
      'e2e',
      '--priority',
      'High',
      '--json',
    ]);
    expect(result.code).toBe(0);
    const created = JSON.parse(result.stdout) as { key: string; id: string; url: string };
    expect(created.key).toMatch(/^DEMO-\d+$/);
    expect(created.url).toMatch(new RegExp(`/browse/${created.key}$`));
    const view = await e2e.atl(flavour, ['jira', 'issue', 'view', created.key]);
    expect(view.code).toBe(0);
    expect(view.stdout).toContain(`${created.key}  Login breaks`);
    expect(view.stdout).toContain('## Steps');
    expect(view.stdout).toContain('**login**');
    expect(view.stdout).toContain('```js');
    const json = await viewJson(flavour, created.key);
    expect((json.fields.priority as { name: string }).name).toBe('High');
    expect(json.fields.labels).toEqual(['e2e']);
    if (flavour === 'cloud') expect((json.fields.description as { type: string }).type).toBe('doc');
    else expect(json.fields.description).toContain('h2. Steps');
    await e2e.home.assertNoSecretsLeaked();
  });

  test.concurrent('transition by status name, then the status changed; no match lists transitions (exit 2)', async () => {
    const key = await createIssue(flavour);
    const moved = await e2e.atl(flavour, ['jira', 'issue', 'transition', key, 'in progress']);
    expect(moved.code).toBe(0);
    expect(moved.stdout).toContain('In Progress');
    expect(((await viewJson(flavour, key)).fields.status as { name: string }).name).toBe('In Progress');
    const bad = await e2e.atl(flavour, ['jira', 'issue', 'transition', key, 'Nowhere']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('available transitions:');
    expect(bad.stderr).toContain('Request Review');
    await e2e.home.assertNoSecretsLeaked();
  });

  test.concurrent('an unknown component or project gets a hint naming what exists; -n limits a listing', async () => {
    const component = await e2e.atl(flavour, [
      'jira',
      'issue',
      'create',
      '-P',
      'DEMO',
      '-t',
      'Task',
      '--summary',
      'x',
      '--component',
      'Nope',
    ]);
    expect(component.code).toBe(2);
    expect(component.stderr).toContain('hint: components of DEMO: Backend, Frontend, API, Docs');
    const project = await e2e.atl(flavour, ['jira', 'search', '-P', 'DEM']);
    expect(project.code).toBe(2);
    expect(project.stderr).toContain('hint: did you mean: DEMO (Demo Project)');
    const limited = await e2e.atl(flavour, ['jira', 'search', '-P', 'DEMO', '-n', '2', '--json']);
    expect(limited.code).toBe(0);
    expect(JSON.parse(limited.stdout)).toHaveLength(2);
  });

  test.concurrent('project list: --fields and --csv choose the columns', async () => {
    const result = await e2e.atl(flavour, ['jira', 'project', 'list', '--fields', 'key,name', '--csv']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.split('\n').slice(0, 2)).toEqual(['KEY,NAME', 'DEMO,Demo Project']);
  });

  test.concurrent('re-running a bulk move to Done: issues already Done are unchanged, exit 0', async () => {
    const label = unique('redo');
    const keys = seedIssues(e2e, 2, label);
    const move = ['jira', 'issue', 'transition', '--jql', `labels = "${label}"`, '--to', 'Done', '--yes'];
    expect((await e2e.atl(flavour, ['jira', 'issue', 'transition', keys[0]!, 'Done'])).code).toBe(0);
    const again = await e2e.atl(flavour, ['jira', 'issue', 'transition', keys[0]!, 'Done']);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(`${keys[0]} is already Done; nothing to do\n`);
    const first = await e2e.atl(flavour, move);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`ok      ${keys[0]} already Done (unchanged)`);
    expect(first.stdout).toContain(`ok      ${keys[1]} → Done`);
    expect(first.stderr).toContain('2 succeeded (1 unchanged), 0 failed');
    const rerun = await e2e.atl(flavour, [...move, '--json']);
    expect(rerun.code).toBe(0);
    const results = (JSON.parse(rerun.stdout) as Array<{ key: string }>).sort((a, b) => a.key.localeCompare(b.key));
    expect(results).toEqual([...keys].sort((a, b) => a.localeCompare(b)).map((key) => ({ key, ok: true, unchanged: true })));
  });

  test.concurrent('a bulk transition with one failure reports it and exits 1', async () => {
    const label = unique('bulk');
    const keys = seedIssues(e2e, 3, label);
    // Two move to In Progress, where "Request Review" exists; the third stays in To Do, where it does not.
    for (const key of keys.slice(0, 2))
      expect((await e2e.atl(flavour, ['jira', 'issue', 'transition', key, 'Start Progress'])).code).toBe(0);
    const result = await e2e.atl(flavour, ['jira', 'issue', 'transition', '--jql', `labels = "${label}"`, 'In Review', '--yes']);
    expect(result.code).toBe(1);
    for (const key of keys) expect(result.stderr).toContain(`  ${key}\n`);
    expect(result.stdout).toContain(`ok      ${keys[0]}`);
    expect(result.stdout).toContain(`ok      ${keys[1]}`);
    expect(result.stdout).toMatch(new RegExp(`failed  ${keys[2]}: no transition matches "In Review"`));
    expect(result.stderr).toContain('2 succeeded, 1 failed');
    expect(((await viewJson(flavour, keys[0]!)).fields.status as { name: string }).name).toBe('In Review');
    // Without --yes and without a terminal nothing happens.
    const refused = await e2e.atl(flavour, ['jira', 'issue', 'assign', '--jql', `labels = "${label}"`, 'me']);
    expect(refused.code).toBe(2);
    await e2e.home.assertNoSecretsLeaked();
  });

  test.concurrent('assign, edit labels, comments, delete', async () => {
    const key = await createIssue(flavour, ['--label', 'old']);
    expect((await e2e.atl(flavour, ['jira', 'issue', 'assign', key, 'me'])).code).toBe(0);
    const me = JSON.parse((await e2e.atl(flavour, ['jira', 'me', '--json'])).stdout) as {
      accountId?: string;
      name?: string;
      displayName: string;
    };
    expect(me.displayName).toBe('Demo User');
    const assignee = (await viewJson(flavour, key)).fields.assignee as { displayName: string };
    expect(assignee.displayName).toBe('Demo User');
    expect((await e2e.atl(flavour, ['jira', 'issue', 'assign', key, 'none'])).code).toBe(0);
    expect((await viewJson(flavour, key)).fields.assignee).toBeNull();

    expect(
      (await e2e.atl(flavour, ['jira', 'issue', 'edit', key, '--label', '+new', '--label', '-old', '--summary', 'Renamed'])).code,
    ).toBe(0);
    const edited = await viewJson(flavour, key);
    expect(edited.fields.labels).toEqual(['new']);
    expect(edited.fields.summary).toBe('Renamed');

    expect((await e2e.atl(flavour, ['jira', 'issue', 'comment', 'add', key, 'First **bold** note'])).code).toBe(0);
    expect((await e2e.atl(flavour, ['jira', 'issue', 'comment', 'add', key], 'From stdin\n')).code).toBe(0);
    const comments = await e2e.atl(flavour, ['jira', 'issue', 'comment', 'list', key]);
    expect(comments.stdout).toContain('First **bold** note');
    expect(comments.stdout).toContain('From stdin');
    expect(JSON.parse((await e2e.atl(flavour, ['jira', 'issue', 'comment', 'list', key, '--json'])).stdout)).toHaveLength(2);

    expect((await e2e.atl(flavour, ['jira', 'issue', 'delete', key])).code).toBe(2);
    expect((await e2e.atl(flavour, ['jira', 'issue', 'delete', key, '--yes'])).code).toBe(0);
    expect(await e2e.issue(flavour, key)).toBeNull();
    await e2e.home.assertNoSecretsLeaked();
  });

  test.concurrent('--field by name converts by schema; missing values with --no-input exit 2', async () => {
    const key = await createIssue(flavour, ['--field', 'Story Points=5']);
    expect((await viewJson(flavour, key)).fields.customfield_10016).toBe(5);
    const missing = await e2e.atl(flavour, ['jira', 'issue', 'create', '--project', 'DEMO', '--no-input']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--type');
    expect(missing.stderr).toContain('--summary');
  });

  test.concurrent('search shortcuts, --web, projects, boards and sprints', async () => {
    const search = await e2e.atl(flavour, ['jira', 'search', '-P', 'DEMO', '--status', 'To Do', '--limit', '5', '--json', '--debug']);
    expect(search.code).toBe(0);
    expect(search.stderr).toContain('jql: project = "DEMO" AND status = "To Do" ORDER BY updated DESC');
    const found = JSON.parse(search.stdout) as Array<{ fields: { status: { name: string } } }>;
    // The demo data has more than 5 DEMO issues in To Do (issues other tests move only add to them).
    expect(found).toHaveLength(5);
    expect(found.map((issue) => issue.fields.status.name)).toEqual(Array(5).fill('To Do'));

    const web = await e2e.atl(flavour, ['jira', 'issue', 'view', 'DEMO-1', '--web']);
    expect(web.stdout.trim()).toBe(`${flavour === 'dc' ? e2e.sandbox.dcUrl : e2e.sandbox.url}/browse/DEMO-1`);

    const projects = JSON.parse((await e2e.atl(flavour, ['jira', 'project', 'list', '--json'])).stdout) as Array<{ key: string }>;
    expect(projects.map((p) => p.key)).toEqual(expect.arrayContaining(['DEMO', 'WEB', 'OPS']));
    const boards = JSON.parse((await e2e.atl(flavour, ['jira', 'board', 'list', '--project', 'DEMO', '--json'])).stdout) as Array<{
      id: number;
    }>;
    expect(boards.length).toBeGreaterThan(0);
    const sprints = await e2e.atl(flavour, ['jira', 'sprint', 'list', '--board', String(boards[0]!.id), '--json']);
    expect(sprints.code).toBe(0);
    const store = jiraStoreOf(e2e.sandbox);
    const boardSprints = store.sprints.filter((sprint) => sprint.boardId === boards[0]!.id);
    const list = JSON.parse(sprints.stdout) as Array<{ id: number; state: string }>;
    expect(list.map((sprint) => sprint.id).sort()).toEqual(boardSprints.map((sprint) => sprint.id).sort());
    const active = await e2e.atl(flavour, ['jira', 'sprint', 'list', '--board', String(boards[0]!.id), '--state', 'active', '--json']);
    const activeIds = boardSprints.filter((sprint) => sprint.state === 'active').map((sprint) => sprint.id);
    expect(activeIds.length, 'the demo board has an active sprint').toBeGreaterThan(0);
    expect((JSON.parse(active.stdout) as Array<{ id: number; state: string }>).map((sprint) => [sprint.id, sprint.state])).toEqual(
      activeIds.map((id) => [id, 'active']),
    );
    const sprintId = activeIds[0]!;
    const issues = await e2e.atl(flavour, ['jira', 'sprint', 'issues', String(sprintId), '--all', '--json']);
    expect(issues.code).toBe(0);
    const inSprint = [...store.issues.values()].filter((issue) => issue.sprintIds.includes(sprintId)).map((issue) => issue.key);
    expect(inSprint.length, 'the active sprint holds issues').toBeGreaterThan(0);
    expect((JSON.parse(issues.stdout) as Array<{ key: string }>).map((issue) => issue.key).sort()).toEqual(inSprint.sort());
    await e2e.home.assertNoSecretsLeaked();
  });
});

describe.each<Flavour>(['cloud', 'dc'])('create and search flags (%s)', (flavour) => {
  test.concurrent('create reads the description from stdin; --dry-run sends nothing', async () => {
    const summary = unique('stdin');
    const created = await e2e.atl(
      flavour,
      ['jira', 'issue', 'create', '-P', 'DEMO', '-t', 'Task', '--summary', summary, '--json'],
      '## From stdin\n\nSome **bold** text\n',
    );
    expect(created.code, created.stderr).toBe(0);
    const { key } = JSON.parse(created.stdout) as { key: string };
    const json = await viewJson(flavour, key);
    if (flavour === 'cloud') expect(JSON.stringify(json.fields.description)).toContain('"type":"heading"');
    else expect(json.fields.description).toContain('h2. From stdin');
    expect((await e2e.atl(flavour, ['jira', 'issue', 'view', key])).stdout).toContain('## From stdin');

    // Other tests create issues at the same time, so the request log cannot tell; the unique
    // summary can: no issue carries it afterwards.
    const never = unique('never made');
    const issueCountBefore = jiraStoreOf(e2e.sandbox).issues.size;
    const dry = await e2e.atl(flavour, [
      'jira',
      'issue',
      'create',
      '-P',
      'DEMO',
      '-t',
      'Task',
      '--summary',
      never,
      '--label',
      'dry',
      '--dry-run',
    ]);
    expect(dry.code).toBe(0);
    expect(dry.stderr).toContain(`dry run: would POST ${flavour === 'dc' ? '/rest/api/2' : '/rest/api/3'}/issue`);
    expect(JSON.parse(dry.stdout)).toEqual({
      fields: { project: { key: 'DEMO' }, issuetype: { name: 'Task' }, summary: never, labels: ['dry'] },
    });
    expect(issueCountBefore).toBeGreaterThan(0);
    expect([...jiraStoreOf(e2e.sandbox).issues.values()].filter((issue) => issue.summary === never)).toEqual([]);
  });

  test.concurrent("search --fields, --csv, --order-by and --reverse (also over the user's ORDER BY); sprint issues prints like search", async () => {
    const label = unique('flags');
    const keys = seedIssues(e2e, 3, label);
    const csv = await e2e.atl(flavour, [
      'jira',
      'search',
      '--label',
      label,
      '--fields',
      'summary,status',
      '--order-by',
      'key',
      '--reverse',
      '--csv',
    ]);
    expect(csv.code).toBe(0);
    expect(csv.stdout).toBe(`KEY,SUMMARY,STATUS\n${keys.map((k, i) => `${k},${label} issue ${i + 1},To Do`).join('\n')}\n`);
    const newestFirst = await e2e.atl(flavour, ['jira', 'search', '--label', label, '--order-by', 'key', '--fields', 'summary', '--json']);
    const listed = JSON.parse(newestFirst.stdout) as Array<{ key: string; fields: Record<string, unknown> }>;
    expect(listed.map((i) => i.key)).toEqual([...keys].reverse());
    expect(Object.keys(listed[0]!.fields)).toEqual(['summary']);
    const flipped = await e2e.atl(flavour, [
      'jira',
      'search',
      `labels = "${label}" ORDER BY key DESC`,
      '--reverse',
      '--fields',
      'summary',
      '--json',
      '--debug',
    ]);
    expect(flipped.stderr).toContain(`jql: labels = "${label}" ORDER BY key ASC`);
    expect((JSON.parse(flipped.stdout) as Array<{ key: string }>).map((i) => i.key)).toEqual(keys);

    // A sprint with a few issues, picked from the sandbox's store rather than by asking atl.
    const perSprint = new Map<number, number>();
    for (const issue of jiraStoreOf(e2e.sandbox).issues.values())
      for (const sprint of issue.sprintIds) perSprint.set(sprint, (perSprint.get(sprint) ?? 0) + 1);
    const withIssues = [...perSprint].filter(([, n]) => n > 1).map(([sprint]) => sprint);
    expect(withIssues.length).toBeGreaterThan(0);
    const id = String(withIssues[0]);
    for (const mode of [
      ['--limit', '1'],
      ['--csv', '--fields', 'summary,status', '--all'],
      ['--json', '--order-by', 'key', '--reverse'],
    ]) {
      const fromSprint = await e2e.atl(flavour, ['jira', 'sprint', 'issues', id, ...mode]);
      const fromSearch = await e2e.atl(flavour, ['jira', 'search', `sprint = ${id}`, ...mode]);
      expect(fromSprint.code).toBe(0);
      expect(fromSprint.stdout).not.toBe('');
      expect(fromSprint.stdout).toBe(fromSearch.stdout);
      expect(fromSprint.stderr).toBe(fromSearch.stderr);
    }
  });
});

describe('unbounded searches', () => {
  test.concurrent.each<Flavour>(['cloud', 'scoped'])(
    '%s refuses a search with no restriction: exit 2 naming the flags to add, for listing and --count',
    async (flavour) => {
      for (const args of [
        ['jira', 'search'],
        ['jira', 'search', '--count'],
        ['jira', 'search', '--json'],
        ['jira', 'search', 'ORDER BY created'],
      ]) {
        const result = await e2e.atl(flavour, args);
        expect(result.code, args.join(' ')).toBe(2);
        expect(result.stdout).toBe('');
        expect(result.stderr).toMatch(/^error: .*no restriction/m);
        expect(result.stderr).toMatch(/^hint: add a filter: --project KEY, --assignee me, .*or a JQL restriction/m);
      }
      const json = await e2e.atl(flavour, ['jira', 'search', '--json']);
      const error = (JSON.parse(json.stderr.trim().split('\n').at(-1)!) as { error: { code: string; hint: string; status: number } }).error;
      expect(error).toMatchObject({ code: 'usage', status: 400 });
      expect(error.hint).toContain('--project KEY');
      // A restriction is all it takes.
      expect((await e2e.atl(flavour, ['jira', 'search', '--project', 'DEMO', '--limit', '1', '--json'])).code).toBe(0);
      await e2e.home.assertNoSecretsLeaked();
    },
  );

  test.concurrent('Data Center allows unbounded queries: they run as before', async () => {
    const listed = await e2e.atl('dc', ['jira', 'search', '--limit', '3', '--json']);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toHaveLength(3);
    expect(listed.stderr).toContain('more match');
    const count = await e2e.atl('dc', ['jira', 'search', '--count']);
    expect(count.code).toBe(0);
    expect(Number(count.stdout)).toBeGreaterThan(3);
  });
});

describe('scoped (gateway)', () => {
  test.concurrent('reads work; the view URL is the site, not the gateway', async () => {
    const result = await e2e.atl('scoped', ['jira', 'issue', 'view', 'DEMO-1', '--json']);
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as { key: string }).key).toBe('DEMO-1');
    const web = await e2e.atl('scoped', ['jira', 'issue', 'view', 'DEMO-1', '--web']);
    expect(web.stdout.trim()).toBe(`${e2e.sandbox.url}/browse/DEMO-1`);
    await e2e.home.assertNoSecretsLeaked();
  });

  test.concurrent('a write without the scope fails with exit 3', async () => {
    const result = await e2e.atl('scoped', ['jira', 'issue', 'create', '-P', 'DEMO', '-t', 'Task', '--summary', 'nope']);
    expect(result.code).toBe(3);
    await e2e.home.assertNoSecretsLeaked();
  });
});
