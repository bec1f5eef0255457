/**
 * Seeds for the sandbox's Jira.
 *
 * - `seedDemo(store)`: the demo site: users (including the sandbox's demo identities), 3 projects
 *   with components, boards and sprints, and a few hundred issues (epics, stories, tasks, bugs,
 *   sub-tasks) with descriptions, comments, labels and custom fields. Deterministic: the same fixed
 *   PRNG seed gives the same issues every time; only timestamps move with `now`, so relative JQL
 *   (`created >= -7d`) always finds something.
 * - `seedIssues(store, count, options)`: bulk issues for tests and benchmarks (1,234 in e2e tests,
 *   50,000 in the benchmark), inserted without per-issue validation so 50,000 take well under a
 *   second.
 */
import { adfFromPlainText, type AdfDoc, type RichText } from './richtext.js';
import {
  STORY_POINTS_FIELD,
  TEAM_FIELD,
  type FieldDef,
  type FieldSchema,
  type Issue,
  type JiraStore,
  type JiraUser,
  type Project,
} from './store.js';

/** mulberry32: small, fast and good enough for fake data; the same seed gives the same sequence. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const DEMO_SEED = 20240501;
const DAY = 86_400_000;

/** The identities the sandbox's credentials authenticate as (see src/sandbox/auth.ts). */
export interface SeedIdentities {
  cloud: { accountId: string; email: string; displayName: string };
  datacenter: { username: string; email: string; displayName: string };
  serviceAccount: { accountId: string; email: string; displayName: string };
  serviceAccountWriter: { accountId: string; email: string; displayName: string };
}

export const DEFAULT_IDENTITIES: SeedIdentities = {
  cloud: { accountId: '5b10ac8d82e05b22cc7d4ef5', email: 'demo@example.com', displayName: 'Demo User' },
  datacenter: { username: 'demo', email: 'demo@example.com', displayName: 'Demo User' },
  serviceAccount: {
    accountId: '712020:5c0e7f1a-9d3b-4c61-8f7e-2a6b1d9e4c30',
    email: 'svc-demo@serviceaccount.atlassian.com',
    displayName: 'svc-demo',
  },
  serviceAccountWriter: {
    accountId: '712020:8d1f2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b',
    email: 'svc-writer@serviceaccount.atlassian.com',
    displayName: 'svc-writer',
  },
};

const PEOPLE: ReadonlyArray<[accountId: string, displayName: string, name: string]> = [
  ['5b10a2844c20165700ede21g', 'Mia Krystof', 'mia'],
  ['5b109f2e9729b51b54dc274d', 'Ravi Sharma', 'ravi'],
  ['5d53f3cbc6b9320d9ea5bdc2', 'Aiko Tanaka', 'aiko'],
  ['60e5a8d7b2c1a40069a1b2c3', 'Jonas Becker', 'jonas'],
  ['61f0c9e8a3d2b50070b2c3d4', 'Lucía Fernández', 'lucia'],
  ['62a1dae9b4e3c60081c3d4e5', 'Kwame Mensah', 'kwame'],
];

/** The seeded user whose profile hides her email address. */
export const HIDDEN_EMAIL_USER = {
  accountId: '63c2ebfa4d5e6f0071d4e5f6',
  displayName: 'Noor Haddad',
  emailAddress: 'noor.private@example.com',
  name: 'noor',
} as const;

/**
 * Users every seed has: the demo identities (the Cloud user and the Data Center user are the same
 * person, as one account on both sites), the service account, and a few colleagues (one inactive).
 * Safe to call twice.
 */
export function seedUsers(store: JiraStore, identities: SeedIdentities = DEFAULT_IDENTITIES): void {
  if (!store.user(identities.cloud.accountId)) {
    store.addUser({
      accountId: identities.cloud.accountId,
      displayName: identities.cloud.displayName,
      emailAddress: identities.cloud.email,
      name: identities.datacenter.username,
      key: 'JIRAUSER10000',
    });
  }
  for (const account of [identities.serviceAccount, identities.serviceAccountWriter]) {
    if (!store.user(account.accountId)) {
      store.addUser({
        accountId: account.accountId,
        displayName: account.displayName,
        emailAddress: account.email,
        name: account.displayName,
        accountType: 'app',
      });
    }
  }
  for (const [accountId, displayName, name] of PEOPLE) {
    if (!store.user(accountId)) store.addUser({ accountId, displayName, emailAddress: `${name}@example.com`, name });
  }
  // A colleague whose profile hides her email: Cloud answers without it, yet finds her by it.
  if (!store.user(HIDDEN_EMAIL_USER.accountId)) store.addUser({ ...HIDDEN_EMAIL_USER, emailHidden: true });
  if (!store.user('557058:f58131cb-b67d-43c7-b30d-6b58d40bd077')) {
    store.addUser({
      accountId: '557058:f58131cb-b67d-43c7-b30d-6b58d40bd077',
      displayName: 'Former Employee',
      emailAddress: 'former@example.com',
      name: 'former',
      active: false,
    });
  }
}

const PROJECTS = [
  {
    key: 'DEMO',
    name: 'Demo Project',
    description: 'Everything the sandbox can show.',
    components: ['Backend', 'Frontend', 'API', 'Docs'],
  },
  { key: 'WEB', name: 'Website', description: 'The public website and its content.', components: ['Landing pages', 'Blog', 'Checkout'] },
  {
    key: 'OPS',
    name: 'Operations',
    description: 'Infrastructure, on-call and incidents.',
    components: ['Infrastructure', 'Monitoring', 'Security'],
  },
];

const VERBS = ['Add', 'Fix', 'Improve', 'Remove', 'Refactor', 'Document', 'Investigate', 'Speed up', 'Migrate', 'Test'];
const THINGS = [
  'login flow',
  'password reset email',
  'search results page',
  'checkout button',
  'CSV export',
  'rate limiting',
  'dark mode',
  'audit log',
  'API pagination',
  'billing webhook',
  'onboarding tour',
  'notification settings',
  'image upload',
  'error messages',
  'session timeout',
  'database backups',
  'deploy pipeline',
  'TLS certificates',
  'on-call rota',
  'dashboard charts',
];
const QUALIFIERS = [
  'on mobile',
  'for admins',
  'in Safari',
  'behind the proxy',
  'for large accounts',
  'after upgrade',
  'in the EU region',
  '',
];
const LABELS = ['backend', 'frontend', 'ux', 'performance', 'security', 'tech-debt', 'customer', 'regression', 'quick-win', 'infra'];
const EPIC_NAMES = [
  'Self-service onboarding',
  'Payments v2',
  'Observability',
  'Accessibility audit',
  'Mobile parity',
  'Platform hardening',
];

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function weighted<T>(random: () => number, items: ReadonlyArray<readonly [T, number]>): T {
  const total = items.reduce((sum, [, w]) => sum + w, 0);
  let r = random() * total;
  for (const [item, w] of items) {
    r -= w;
    if (r < 0) return item;
  }
  return (items.at(-1) as readonly [T, number])[0];
}

function summaryFor(random: () => number): string {
  const qualifier = pick(random, QUALIFIERS);
  return `${pick(random, VERBS)} ${pick(random, THINGS)}${qualifier ? ` ${qualifier}` : ''}`;
}

function descriptionFor(random: () => number, summary: string): AdfDoc {
  const kind = Math.floor(random() * 4);
  const intro = {
    type: 'paragraph',
    content: [
      { type: 'text', text: `${summary}. ` },
      { type: 'text', text: 'Acceptance criteria', marks: [{ type: 'strong' }] },
      { type: 'text', text: ' below.' },
    ],
  };
  switch (kind) {
    case 0:
      return adfFromPlainText(`${summary}.\n\nSeen by several customers this week.`);
    case 1:
      return {
        type: 'doc',
        version: 1,
        content: [
          intro,
          {
            type: 'bulletList',
            content: ['It works for every user', 'It is covered by tests', 'The docs mention it'].map((text) => ({
              type: 'listItem',
              content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
            })),
          },
        ],
      };
    case 2:
      return {
        type: 'doc',
        version: 1,
        content: [
          { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Steps to reproduce' }] },
          {
            type: 'orderedList',
            attrs: { order: 1 },
            content: ['Open the page', 'Click the button', 'See the error'].map((text) => ({
              type: 'listItem',
              content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
            })),
          },
          { type: 'codeBlock', attrs: { language: 'text' }, content: [{ type: 'text', text: 'Error: request failed with status 500' }] },
        ],
      };
    default:
      return {
        type: 'doc',
        version: 1,
        content: [
          {
            type: 'paragraph',
            content: [
              { type: 'text', text: 'See ' },
              { type: 'text', text: 'the design doc', marks: [{ type: 'link', attrs: { href: 'https://example.com/design' } }] },
              { type: 'text', text: ' and run ' },
              { type: 'text', text: 'npm test', marks: [{ type: 'code' }] },
              { type: 'text', text: ' before merging.' },
            ],
          },
        ],
      };
  }
}

const COMMENTS = [
  'I can reproduce this.',
  'Fixed in the latest build, please verify.',
  'Needs a decision from product.',
  'Moved to the next sprint.',
  'Looks good to me.',
];

export interface DemoSeedOptions {
  identities?: SeedIdentities;
  /** The clock the seed's dates are relative to (default: the store's clock). */
  now?: number;
  /** Issues per project (default 100, so the demo has 300). */
  issuesPerProject?: number;
}

/** The demo site (see the header). Returns the projects it made. */
export function seedDemo(store: JiraStore, options: DemoSeedOptions = {}): Project[] {
  const random = prng(DEMO_SEED);
  const now = options.now ?? store.now();
  const perProject = options.issuesPerProject ?? 100;
  seedUsers(store, options.identities);
  const identities = options.identities ?? DEFAULT_IDENTITIES;
  const people = [identities.cloud.accountId, ...PEOPLE.map(([id]) => id)];
  const team = store.fields.find((f) => f.id === TEAM_FIELD)?.options ?? [];
  const statusByCategory = (key: 'new' | 'indeterminate' | 'done') => store.statuses.filter((s) => s.categoryKey === key);

  const projects: Project[] = [];
  PROJECTS.forEach((spec, projectIndex) => {
    const project = store.addProject({ ...spec, leadAccountId: people[projectIndex % people.length] as string });
    projects.push(project);
    // Two scrum boards with sprints, and one kanban board (OPS), as teams usually have.
    const board = store.addBoard({ name: `${project.key} board`, type: projectIndex < 2 ? 'scrum' : 'kanban', projectId: project.id });
    const sprintIds: { closed: number[]; active: number | null; future: number | null } = { closed: [], active: null, future: null };
    if (board.type === 'scrum') {
      for (let n = 1; n <= 4; n++) {
        const state = n <= 2 ? 'closed' : n === 3 ? 'active' : 'future';
        const start = now - (4 - n) * 14 * DAY - 7 * DAY;
        const sprint = store.addSprint({
          boardId: board.id,
          name: `${project.key} Sprint ${n}`,
          state,
          goal: state === 'future' ? '' : `Ship ${pick(random, THINGS)}`,
          startDate: state === 'future' ? null : start,
          endDate: state === 'future' ? null : start + 14 * DAY,
          completeDate: state === 'closed' ? start + 14 * DAY : null,
        });
        if (state === 'closed') sprintIds.closed.push(sprint.id);
        else if (state === 'active') sprintIds.active = sprint.id;
        else sprintIds.future = sprint.id;
      }
    }

    const epics: Issue[] = [];
    const standard: Issue[] = [];
    for (let n = 0; n < perProject; n++) {
      const isEpic = n < 3;
      const parentCandidate = standard.length > 0 && random() < 0.15 ? pick(random, standard) : undefined;
      const typeName = isEpic
        ? 'Epic'
        : parentCandidate
          ? 'Sub-task'
          : weighted(random, [
              ['Story', 4],
              ['Task', 3],
              ['Bug', 3],
            ] as const);
      const type = store.issueType(typeName);
      if (!type) throw new Error(`no issue type ${typeName}`);
      const created = now - Math.floor(random() * 120 * DAY) - 3_600_000;
      const updated = Math.min(now, created + Math.floor(random() * 30 * DAY));
      const category = weighted(random, [
        ['new', 4],
        ['indeterminate', 3],
        ['done', 3],
      ] as const);
      const status = pick(random, statusByCategory(category));
      const summary = isEpic ? (EPIC_NAMES[(projectIndex * 3 + n) % EPIC_NAMES.length] as string) : summaryFor(random);
      const labels = LABELS.filter(() => random() < 0.12);
      const parentId = parentCandidate ? parentCandidate.id : !isEpic && epics.length > 0 && random() < 0.5 ? pick(random, epics).id : null;
      const sprints: number[] = [];
      if (board.type === 'scrum' && !isEpic && !parentCandidate) {
        const r = random();
        if (category === 'done' && r < 0.7) sprints.push(pick(random, sprintIds.closed));
        else if (category !== 'done' && r < 0.6 && sprintIds.active !== null) sprints.push(sprintIds.active);
        else if (category === 'new' && r < 0.85 && sprintIds.future !== null) sprints.push(sprintIds.future);
      }
      const custom: Record<string, unknown> = {};
      if (typeName === 'Story') custom[STORY_POINTS_FIELD] = pick(random, [1, 2, 3, 5, 8, 13]);
      if (random() < 0.6 && team.length > 0) custom[TEAM_FIELD] = pick(random, team).id;
      const issue = store.createIssue(
        {
          projectId: project.id,
          issueTypeId: type.id,
          summary,
          description: random() < 0.85 ? { format: 'adf', doc: descriptionFor(random, summary) } : null,
          priorityId: weighted(random, [
            ['1', 1],
            ['2', 3],
            ['3', 6],
            ['4', 3],
            ['5', 1],
          ] as const),
          assigneeId: random() < 0.8 ? pick(random, people) : null,
          reporterId: pick(random, people),
          labels,
          componentIds: project.components.filter(() => random() < 0.25).map((c) => c.id),
          parentId: parentCandidate && parentCandidate.projectId !== project.id ? null : parentId,
          custom,
          sprintIds: sprints,
          created,
          updated,
          statusId: status.id,
          resolutionId:
            category === 'done'
              ? weighted(random, [
                  ['10000', 8],
                  ['10001', 1],
                  ['10002', 1],
                ] as const)
              : null,
          resolutionDate: category === 'done' ? updated : null,
        },
        pick(random, people),
      );
      const comments = Math.floor(random() * 4);
      for (let c = 0; c < comments; c++) {
        const at = Math.min(now, created + Math.floor(random() * Math.max(1, updated - created)));
        store.addComment(issue, { format: 'adf', doc: adfFromPlainText(pick(random, COMMENTS)) }, pick(random, people), at);
      }
      if (isEpic) epics.push(issue);
      else if (!parentCandidate) standard.push(issue);
    }
  });
  seedLinks(store);
  return projects;
}

/** A few links between DEMO issues, so `--fields issuelinks` has something to show. */
function seedLinks(store: JiraStore): void {
  const link = (type: string, from: string, to: string) => {
    const a = store.issue(from);
    const b = store.issue(to);
    if (a && b) store.addLink(type, a, b);
  };
  link('Blocks', 'DEMO-1', 'DEMO-2');
  link('Blocks', 'DEMO-5', 'DEMO-1');
  link('Relates', 'DEMO-3', 'DEMO-1');
}

export interface SeedIssuesOptions {
  /** Project key; created (with that key as its name) when it does not exist. Default `LOAD`. */
  project?: string;
  projectName?: string;
  /** PRNG seed (default 1): the same seed and count give the same issues. */
  seed?: number;
  /** Dates are spread over the `spreadDays` before `now`. Defaults: the store's clock, 90 days. */
  now?: number;
  spreadDays?: number;
  /** Summary prefix; issue n gets `${prefix} ${n}` so tests can find or count them by text. */
  summaryPrefix?: string;
  /** Give every issue a small description (ADF) — default true. */
  descriptions?: boolean;
  /** The assignee of every issue (accountId); default: spread over the seeded users, some unassigned. */
  assigneeId?: string | null;
  /** Labels every issue gets on top of the random ones. */
  labels?: string[];
  /** No random labels: every issue gets exactly `labels`. */
  onlyGivenLabels?: boolean;
  /** Status (id or name) of every issue; default: spread over the workflow. */
  status?: string;
  /** Issue type (id or name) of every issue; default: spread over the standard types. */
  issueType?: string;
}

/** Bulk issues (see the header). Returns the issues made, in creation order. */
export function seedIssues(store: JiraStore, count: number, options: SeedIssuesOptions = {}): Issue[] {
  const random = prng(options.seed ?? 1);
  const now = options.now ?? store.now();
  const spread = (options.spreadDays ?? 90) * DAY;
  if (store.users.size === 0) seedUsers(store);
  const projectKey = (options.project ?? 'LOAD').toUpperCase();
  const project =
    store.project(projectKey) ??
    store.addProject({
      key: projectKey,
      name: options.projectName ?? projectKey,
      leadAccountId: store.users.keys().next().value as string,
      components: ['Core'],
    });
  const people = [...store.users.values()].filter((u: JiraUser) => u.active && u.accountType === 'atlassian').map((u) => u.accountId);
  const fixedType = options.issueType === undefined ? undefined : store.issueType(options.issueType);
  if (options.issueType !== undefined && !fixedType) throw new Error(`no issue type ${options.issueType}`);
  const types = fixedType ? [fixedType.id] : store.issueTypes.filter((t) => !t.subtask && t.hierarchyLevel === 0).map((t) => t.id);
  const fixedStatus = options.status === undefined ? undefined : store.status(options.status);
  if (options.status !== undefined && !fixedStatus) throw new Error(`no status ${options.status}`);
  const statuses = fixedStatus ? [fixedStatus] : store.statuses;
  const doneIds = new Set(statuses.filter((s) => s.categoryKey === 'done').map((s) => s.id));
  const prefix = options.summaryPrefix ?? `Load test issue`;
  const extraLabels = options.labels ?? [];
  // One description per variant, shared: issues never mutate a description in place (edits replace it).
  const descriptions: RichText[] = [0, 1, 2, 3].map((v) => ({
    format: 'adf',
    doc: adfFromPlainText(`Generated issue, variant ${v}.\n\nNothing to see here.`),
  }));
  const made: Issue[] = [];
  for (let n = 1; n <= count; n++) {
    const created = now - Math.floor(random() * spread) - 60_000;
    const updated = Math.min(now, created + Math.floor(random() * 10 * DAY));
    const statusId = (statuses[Math.floor(random() * statuses.length)] as { id: string }).id;
    const done = doneIds.has(statusId);
    const labels =
      random() < 0.3 && !options.onlyGivenLabels
        ? [LABELS[Math.floor(random() * LABELS.length)] as string, ...extraLabels]
        : [...extraLabels];
    made.push(
      store.insertPrepared({
        projectId: project.id,
        summary: `${prefix} ${n}`,
        description: options.descriptions === false ? null : (descriptions[n % descriptions.length] as RichText),
        statusId,
        issueTypeId: types[Math.floor(random() * types.length)] as string,
        priorityId: String(1 + Math.floor(random() * 5)),
        assigneeId:
          options.assigneeId !== undefined
            ? options.assigneeId
            : random() < 0.85
              ? (people[Math.floor(random() * people.length)] ?? null)
              : null,
        reporterId: people[Math.floor(random() * people.length)] ?? null,
        creatorId: null,
        labels: [...new Set(labels)],
        componentIds: [],
        parentId: null,
        created,
        updated,
        resolutionId: done ? '10000' : null,
        resolutionDate: done ? updated : null,
        custom: {},
        sprintIds: [],
        comments: [],
      }),
    );
  }
  return made;
}

const CUSTOM = 'com.atlassian.jira.plugin.system.customfieldtypes';

/** The custom fields whose values take their own shapes, by id. */
export const CUSTOM_FIELDS = {
  group: 'customfield_10030',
  groups: 'customfield_10031',
  team: 'customfield_10032',
  area: 'customfield_10033',
  targetVersion: 'customfield_10034',
  affectedVersions: 'customfield_10035',
  /** Data Center only: Jira Software's Epic Link (Cloud replaced it with `parent`). */
  epicLink: 'customfield_10014',
} as const;

export const SEED_GROUPS = ['jira-administrators', 'jira-software-users', 'developers', 'support'];
export const SEED_TEAMS = [
  { id: '36885b3c-1bf0-4f85-a357-c5b858c31de4', name: 'Platform Team' },
  { id: '9f2c1d7e-3b4a-4c5d-8e6f-7a8b9c0d1e2f', name: 'Mobile Squad' },
];
const VERSION_NAMES = ['1.0', '1.1', '2.0'];

function customField(id: string, name: string, schema: FieldSchema, extra: Partial<FieldDef> = {}): FieldDef {
  const customId = Number(id.replace('customfield_', ''));
  return {
    id,
    key: id,
    name,
    custom: true,
    orderable: true,
    navigable: true,
    searchable: true,
    clauseNames: [`cf[${customId}]`, name],
    schema: { ...schema, customId },
    ...extra,
  };
}

/**
 * The custom fields a real site has whose values are not plain text or a `{value}` option: a group
 * picker and a multi group picker, an Atlassian team, a cascading select, a version picker and a
 * multi version picker, and (Data Center) the Epic Link; with the groups, teams and project versions
 * they refer to. Safe to call twice; projects made later get their versions when it runs again.
 */
export function seedCustomFields(store: JiraStore): void {
  const add = (def: FieldDef) => {
    if (!store.fields.some((f) => f.id === def.id)) store.fields.push(def);
  };
  add(customField(CUSTOM_FIELDS.group, 'Owning Group', { type: 'group', custom: `${CUSTOM}:grouppicker` }));
  add(customField(CUSTOM_FIELDS.groups, 'Notify Groups', { type: 'array', items: 'group', custom: `${CUSTOM}:multigrouppicker` }));
  add(customField(CUSTOM_FIELDS.team, 'Delivery Team', { type: 'team', custom: `${CUSTOM}:atlassian-team` }));
  add(
    customField(
      CUSTOM_FIELDS.area,
      'Area',
      { type: 'option-with-child', custom: `${CUSTOM}:cascadingselect` },
      {
        options: [
          {
            id: '10200',
            value: 'Hardware',
            children: [
              { id: '10201', value: 'Keyboard' },
              { id: '10202', value: 'Screen' },
            ],
          },
          {
            id: '10203',
            value: 'Software',
            children: [
              { id: '10204', value: 'Installer' },
              { id: '10205', value: 'Updates' },
            ],
          },
        ],
      },
    ),
  );
  add(customField(CUSTOM_FIELDS.targetVersion, 'Target Release', { type: 'version', custom: `${CUSTOM}:version` }));
  add(
    customField(CUSTOM_FIELDS.affectedVersions, 'Affected Releases', { type: 'array', items: 'version', custom: `${CUSTOM}:multiversion` }),
  );
  add(
    customField(
      CUSTOM_FIELDS.epicLink,
      'Epic Link',
      { type: 'any', custom: 'com.pyxis.greenhopper.jira:gh-epic-link' },
      { only: 'datacenter', clauseNames: ['cf[10014]', 'Epic Link', '"Epic Link"'] },
    ),
  );
  for (const group of SEED_GROUPS) if (!store.groups.includes(group)) store.groups.push(group);
  for (const team of SEED_TEAMS) if (!store.teams.some((t) => t.id === team.id)) store.teams.push({ ...team });
  store.projects.forEach((project, p) => {
    if (project.versions.length > 0) return;
    project.versions = VERSION_NAMES.map((name, v) => ({ id: String(10300 + p * 10 + v), name, released: v < 2 }));
  });
}
