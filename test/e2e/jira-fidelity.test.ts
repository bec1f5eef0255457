// Fidelity to real Jira: the built binary against a sandbox that is now as
// strict as a real site, on Cloud, Data Center (/dc) and, where it matters, the scoped gateway.
// Every exchange is validated against Atlassian's specs (test/support/sandbox.ts).
import { describe, expect, test } from 'vitest';
import { jiraStoreOf } from '../../src/sandbox/jira/routes.js';
import { CUSTOM_FIELDS, HIDDEN_EMAIL_USER, SEED_TEAMS } from '../../src/sandbox/jira/seed.js';
import { jiraE2e, seedIssues, unique, type Flavour } from './jira-support.js';

const e2e = await jiraE2e();

async function ok(flavour: Flavour, args: string[]): Promise<string> {
  const result = await e2e.atl(flavour, args);
  expect(result.stderr, args.join(' ')).not.toMatch(/^error:/m);
  expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
  return result.stdout;
}

async function create(flavour: Flavour, args: string[]): Promise<string> {
  return (
    JSON.parse(await ok(flavour, ['jira', 'issue', 'create', '-P', 'DEMO', '--summary', unique('fidelity'), '--json', ...args])) as {
      key: string;
    }
  ).key;
}

// biome-ignore lint/suspicious/noExplicitAny: issue fields are read one by one in assertions; their shapes are the specs' business.
type Fields = Record<string, any>;

/** The fields as the flavour's API holds them (what `issue view --json` prints), read directly: no atl run. */
async function fieldsOf(flavour: Flavour, key: string): Promise<Fields> {
  const issue = await e2e.issue(flavour, key);
  expect(issue, key).not.toBeNull();
  return issue!.fields;
}

const FLAVOURS: Flavour[] = ['cloud', 'dc'];
/** Each test runs several atl processes; on a loaded 2-core machine that takes minutes, not seconds. */
const SLOW = 240_000;

describe.each(FLAVOURS)('fidelity (%s)', (flavour) => {
  test.concurrent(
    '--field converts Sprint, group pickers, team, cascading select and version pickers as Jira wants them',
    async () => {
      const sprint = jiraStoreOf(e2e.sandbox).sprints.find((s) => s.state === 'active')!;
      const team = SEED_TEAMS[0]!;
      const key = await create(flavour, [
        '-t',
        'Story',
        '--field',
        `Sprint=${sprint.id}`,
        '--field',
        'Owning Group=developers',
        '--field',
        'Notify Groups=support, developers',
        '--field',
        `Delivery Team=${team.id}`,
        '--field',
        'Area=Hardware > Keyboard',
        '--field',
        'Target Release=2.0',
        '--field',
        'Affected Releases=1.0,1.1',
      ]);
      const fields = await fieldsOf(flavour, key);
      expect(fields.customfield_10020.map((s: { id: number }) => s.id)).toEqual([sprint.id]);
      expect(fields[CUSTOM_FIELDS.group].name).toBe('developers');
      expect(fields[CUSTOM_FIELDS.groups].map((g: { name: string }) => g.name)).toEqual(['support', 'developers']);
      expect(fields[CUSTOM_FIELDS.team]).toMatchObject({ id: team.id, name: team.name });
      expect(fields[CUSTOM_FIELDS.area]).toMatchObject({ value: 'Hardware', child: { value: 'Keyboard' } });
      expect(fields[CUSTOM_FIELDS.targetVersion].name).toBe('2.0');
      expect(fields[CUSTOM_FIELDS.affectedVersions].map((v: { name: string }) => v.name)).toEqual(['1.0', '1.1']);
      // A sprint that is not one id is stopped before anything is sent.
      const bad = await e2e.atl(flavour, ['jira', 'issue', 'edit', key, '--field', 'Sprint=Sprint 3']);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('needs one sprint id (a number)');
    },
    SLOW,
  );

  test.concurrent(
    '--parent puts a story under an epic (Data Center: through the Epic Link) and a sub-task under its parent',
    async () => {
      const epic = await create(flavour, ['-t', 'Epic']);
      const story = await create(flavour, ['-t', 'Story', '--parent', epic]);
      const fields = await fieldsOf(flavour, story);
      if (flavour === 'dc') expect(fields[CUSTOM_FIELDS.epicLink]).toBe(epic);
      else expect(fields.parent.key).toBe(epic);
      const other = await create(flavour, ['-t', 'Epic']);
      expect(await ok(flavour, ['jira', 'issue', 'edit', story, '--parent', other])).toBe(`updated ${story}\n`);
      const moved = await fieldsOf(flavour, story);
      expect(flavour === 'dc' ? moved[CUSTOM_FIELDS.epicLink] : moved.parent.key).toBe(other);
      const sub = await create(flavour, ['-t', 'Sub-task', '--parent', story]);
      expect((await fieldsOf(flavour, sub)).parent.key).toBe(story);
    },
    SLOW,
  );

  test.concurrent(
    '--resolution only with a transition whose screen has it; otherwise exit 2 and nothing changes',
    async () => {
      const key = await create(flavour, ['-t', 'Task']);
      const refused = await e2e.atl(flavour, ['jira', 'issue', 'transition', key, 'Start Progress', '--resolution', 'Done']);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(`error: transition "Start Progress" on ${key} does not take a resolution`);
      expect(refused.stderr).toContain('hint: its screen has no fields; transitions that take a resolution: Done');
      expect((await fieldsOf(flavour, key)).status.name).toBe('To Do');
      expect(await ok(flavour, ['jira', 'issue', 'transition', key, 'Done', '--resolution', 'duplicate'])).toBe(`${key} → Done\n`);
      const done = await fieldsOf(flavour, key);
      expect(done.resolution.name).toBe('Duplicate');
    },
    SLOW,
  );

  test.concurrent(
    'assign and create --assignee find the person among assignable users, by an email the profile hides',
    async () => {
      const key = await create(flavour, ['-t', 'Task', '--assignee', HIDDEN_EMAIL_USER.emailAddress]);
      expect((await fieldsOf(flavour, key)).assignee.displayName).toBe(HIDDEN_EMAIL_USER.displayName);
      expect(await ok(flavour, ['jira', 'issue', 'assign', key, 'mia@example.com'])).toBe(`${key} assigned to mia@example.com\n`);
      expect(await ok(flavour, ['jira', 'issue', 'assign', key, HIDDEN_EMAIL_USER.emailAddress])).toBe(
        `${key} assigned to ${HIDDEN_EMAIL_USER.emailAddress}\n`,
      );
      const assignee = (await fieldsOf(flavour, key)).assignee;
      expect(assignee.displayName).toBe(HIDDEN_EMAIL_USER.displayName);
      // Cloud hides the address the profile hides; Data Center shows it.
      if (flavour === 'cloud') expect(assignee).not.toHaveProperty('emailAddress');
      else expect(assignee.emailAddress).toBe(HIDDEN_EMAIL_USER.emailAddress);
      const lookups = e2e.sandbox.requests.filter((r) => r.path.endsWith('/user/assignable/search') && r.query.includes(`issueKey=${key}`));
      expect(lookups.length).toBeGreaterThanOrEqual(2);
      const former = await e2e.atl(flavour, ['jira', 'issue', 'assign', key, 'former@example.com']);
      expect(former.code).toBe(4);
      expect(former.stderr).toContain(`error: no Jira user who can be assigned in ${key} matches "former@example.com"`);
    },
    SLOW,
  );

  test.concurrent(
    'view shows the latest N comments, oldest of them first, as Jira lists them',
    async () => {
      const key = await create(flavour, ['-t', 'Task']);
      for (const n of [1, 2, 3, 4]) await ok(flavour, ['jira', 'issue', 'comment', 'add', key, `remark ${n}`]);
      const view = await ok(flavour, ['jira', 'issue', 'view', key, '--comments', '2']);
      expect(view).toContain('Comments (last 2 of 4):');
      expect([...view.matchAll(/remark (\d)/g)].map((m) => m[1])).toEqual(['3', '4']);
      // Seeded comments were written out of order; Jira (and so the view) lists them by creation.
      const store = jiraStoreOf(e2e.sandbox);
      const seeded = [...store.issues.values()].find((i) => i.comments.length >= 3)!;
      const all = await ok(flavour, ['jira', 'issue', 'view', seeded.key, '--comments', '10']);
      // Each comment's heading ends with its creation time, "YYYY-MM-DD HH:MM", which sorts as text.
      const shown = [...all.matchAll(/^— .*, (\d{4}-\d\d-\d\d \d\d:\d\d)$/gm)].map((m) => m[1]!);
      expect(shown).toHaveLength(seeded.comments.length);
      expect(shown).toEqual([...shown].sort());
    },
    SLOW,
  );
});

describe('--count', () => {
  test.concurrent.each<[Flavour, string, boolean]>([
    ['cloud', '~', true],
    ['scoped', '~', true],
    ['dc', '', false],
  ])(
    '%s: text %s, JSON approximate %s',
    async (flavour, prefix, approximate) => {
      const label = unique('count');
      seedIssues(e2e, 7, label);
      expect(await ok(flavour, ['jira', 'search', '-l', label, '--count'])).toBe(`${prefix}7\n`);
      expect(JSON.parse(await ok(flavour, ['jira', 'search', '-l', label, '--count', '--json']))).toEqual({ count: 7, approximate });
    },
    SLOW,
  );
});

describe('bulk key collection', () => {
  test.concurrent(
    'Data Center asks only for the key, 1,000 a page; Cloud and the gateway move every issue',
    async () => {
      for (const flavour of ['dc', 'cloud', 'scoped-writer'] as const) {
        const label = unique('keys');
        const keys = seedIssues(e2e, 3, label);
        const result = await e2e.atl(flavour, ['jira', 'issue', 'transition', '--jql', `labels = "${label}"`, 'Start Progress', '--yes']);
        expect(result.code, result.stderr).toBe(0);
        for (const key of keys) expect(result.stdout).toContain(`ok      ${key} → In Progress`);
        if (flavour === 'dc') {
          const searches = e2e.sandbox.requests.filter(
            (r) => r.path === '/dc/rest/api/2/search' && decodeURIComponent(r.query).includes(label),
          );
          expect(searches).toHaveLength(1);
          const query = new URLSearchParams(searches[0]!.query);
          expect([query.get('fields'), query.get('maxResults')]).toEqual(['key', '1000']);
        }
      }
    },
    SLOW,
  );
});
