/**
 * The sandbox's Jira: one in-memory model that both the Cloud view (`/rest/api/3`, ADF) and the
 * Data Center view (`/dc/rest/api/2`, wiki markup) read and write, so a test can create an issue
 * through one flavour and find it through the other. Everything here is flavour-neutral: rich text
 * keeps the form it was written in (see richtext.ts), dates are epoch milliseconds, users are
 * referred to by accountId. Shapes for the wire are made in render.ts.
 *
 * Issues live in a Map keyed by id plus a key index, so seeding 50,000 of them stays linear and a
 * lookup by key is O(1). `version` moves on every write; search caches key on it.
 */
import type { Flavour } from '../types.js';
import { fieldErrors, JiraError, badRequest, issueNotFound } from './errors.js';
import { plainText, type RichText } from './richtext.js';

export type StatusCategoryKey = 'new' | 'indeterminate' | 'done';

export interface StatusCategory {
  id: number;
  key: StatusCategoryKey;
  name: string;
  colorName: string;
}

export interface Status {
  id: string;
  name: string;
  description: string;
  categoryKey: StatusCategoryKey;
  /** Position in the workflow, for `ORDER BY status`. */
  order: number;
}

export interface IssueType {
  id: string;
  name: string;
  description: string;
  subtask: boolean;
  /** 1 epic, 0 standard, -1 sub-task (Jira Cloud's hierarchy levels). */
  hierarchyLevel: number;
  avatarId: number;
}

export interface Priority {
  id: string;
  name: string;
  description: string;
  statusColor: string;
  /** 1 is the most urgent; `ORDER BY priority DESC` puts rank 1 first. */
  rank: number;
}

export interface Resolution {
  id: string;
  name: string;
  description: string;
}

export interface Transition {
  id: string;
  name: string;
  toStatusId: string;
  /** Statuses it leaves from; null for a global transition (available from every other status). */
  fromStatusIds: string[] | null;
  /** A transition with a screen asks for fields; here the only screen is the resolution one. */
  hasScreen: boolean;
  /** Sets a resolution (defaulting to the first one, as Jira's resolution screen does). */
  setsResolution: boolean;
  /** Clears the resolution (reopening). */
  clearsResolution: boolean;
}

export interface Component {
  id: string;
  name: string;
  description: string;
}

export interface Version {
  id: string;
  name: string;
  released: boolean;
}

export interface Project {
  id: string;
  key: string;
  name: string;
  description: string;
  leadAccountId: string;
  components: Component[];
  /** Versions (fixVersions, version pickers) of the project. */
  versions: Version[];
  /** The number the next issue created in it gets. */
  nextIssueNumber: number;
}

export interface FieldOption {
  id: string;
  value: string;
  /** A cascading select's child options. */
  children?: FieldOption[];
}

export interface FieldSchema {
  type: string;
  items?: string;
  system?: string;
  custom?: string;
  customId?: number;
}

export interface FieldDef {
  id: string;
  key: string;
  name: string;
  custom: boolean;
  orderable: boolean;
  navigable: boolean;
  searchable: boolean;
  /** Names JQL accepts for it (lower case is matched case-insensitively). */
  clauseNames: string[];
  /** Absent for fields with no value schema (e.g. `thumbnail`-like ones); all ours have one. */
  schema?: FieldSchema;
  /** Allowed values of an option (select) field. */
  options?: FieldOption[];
  /** Listed and settable on this flavour only (Epic Link exists on Data Center, not on Cloud). */
  only?: Flavour;
}

/** An Atlassian team (Cloud's Team field takes its id). */
export interface Team {
  id: string;
  name: string;
}

export interface JiraUser {
  accountId: string;
  displayName: string;
  emailAddress: string;
  active: boolean;
  /** Data Center user name and key (Cloud hides these). */
  name: string;
  key: string;
  timeZone: string;
  accountType: 'atlassian' | 'app';
  /** The profile hides the email: Cloud leaves `emailAddress` out of every answer (a search still matches it). */
  emailHidden: boolean;
}

export interface Comment {
  id: string;
  authorId: string;
  updateAuthorId: string;
  body: RichText;
  created: number;
  updated: number;
  /** Who may see the comment: a project role or a group (absent: everyone who sees the issue). */
  visibility?: CommentVisibility;
}

export interface Issue {
  id: string;
  key: string;
  projectId: string;
  summary: string;
  description: RichText | null;
  statusId: string;
  issueTypeId: string;
  priorityId: string | null;
  assigneeId: string | null;
  reporterId: string | null;
  creatorId: string | null;
  labels: string[];
  componentIds: string[];
  parentId: string | null;
  created: number;
  updated: number;
  resolutionId: string | null;
  resolutionDate: number | null;
  /** Custom field values by field id, in neutral form: number, option id, string, string[]. */
  custom: Record<string, unknown>;
  sprintIds: number[];
  comments: Comment[];
  /** Lower-cased summary + description + comments, built lazily for `text ~`. */
  searchText?: string;
}

export type SprintState = 'active' | 'future' | 'closed';

export interface Board {
  id: number;
  name: string;
  type: 'scrum' | 'kanban';
  projectId: string;
}

export interface Sprint {
  id: number;
  boardId: number;
  name: string;
  state: SprintState;
  goal: string;
  startDate: number | null;
  endDate: number | null;
  completeDate: number | null;
  createdDate: number;
}

/** Fields of an issue create or edit, already resolved to ids (routes parse the wire shapes). */
export interface IssueInput {
  projectId?: string;
  issueTypeId?: string;
  summary?: string;
  description?: RichText | null;
  priorityId?: string | null;
  assigneeId?: string | null;
  reporterId?: string | null;
  labels?: string[];
  componentIds?: string[];
  parentId?: string | null;
  /** Custom field values by id (neutral form); null clears. */
  custom?: Record<string, unknown>;
  sprintIds?: number[];
  /** Seeds set these; the API does not. */
  created?: number;
  updated?: number;
  statusId?: string;
  resolutionId?: string | null;
  resolutionDate?: number | null;
}

export const STORY_POINTS_FIELD = 'customfield_10016';
export const SPRINT_FIELD = 'customfield_10020';
export const TEAM_FIELD = 'customfield_10001';

export interface JiraStoreOptions {
  /** The clock; tests pass a fixed one. */
  now?: () => number;
}

export class JiraStore {
  readonly now: () => number;
  /** Moves on every write; search caches compare it. */
  version = 0;

  readonly statusCategories: StatusCategory[] = [
    { id: 2, key: 'new', name: 'To Do', colorName: 'blue-gray' },
    { id: 4, key: 'indeterminate', name: 'In Progress', colorName: 'yellow' },
    { id: 3, key: 'done', name: 'Done', colorName: 'green' },
  ];
  readonly statuses: Status[] = [
    { id: '10000', name: 'To Do', description: 'Work that has not been started.', categoryKey: 'new', order: 1 },
    {
      id: '3',
      name: 'In Progress',
      description: 'This issue is being actively worked on at the moment by the assignee.',
      categoryKey: 'indeterminate',
      order: 2,
    },
    { id: '10001', name: 'In Review', description: 'Work that is waiting for a review.', categoryKey: 'indeterminate', order: 3 },
    { id: '10002', name: 'Done', description: 'Work that has been completed.', categoryKey: 'done', order: 4 },
  ];
  readonly transitions: Transition[] = [
    {
      id: '11',
      name: 'Start Progress',
      toStatusId: '3',
      fromStatusIds: ['10000'],
      hasScreen: false,
      setsResolution: false,
      clearsResolution: false,
    },
    {
      id: '21',
      name: 'Stop Progress',
      toStatusId: '10000',
      fromStatusIds: ['3'],
      hasScreen: false,
      setsResolution: false,
      clearsResolution: false,
    },
    {
      id: '31',
      name: 'Request Review',
      toStatusId: '10001',
      fromStatusIds: ['3'],
      hasScreen: false,
      setsResolution: false,
      clearsResolution: false,
    },
    {
      id: '41',
      name: 'Back to In Progress',
      toStatusId: '3',
      fromStatusIds: ['10001'],
      hasScreen: false,
      setsResolution: false,
      clearsResolution: false,
    },
    {
      id: '51',
      name: 'Done',
      toStatusId: '10002',
      fromStatusIds: ['10000', '3', '10001'],
      hasScreen: true,
      setsResolution: true,
      clearsResolution: false,
    },
    {
      id: '61',
      name: 'Reopen',
      toStatusId: '10000',
      fromStatusIds: ['10002'],
      hasScreen: false,
      setsResolution: false,
      clearsResolution: true,
    },
  ];
  readonly issueTypes: IssueType[] = [
    {
      id: '10000',
      name: 'Epic',
      description: 'A big user story that needs to be broken down.',
      subtask: false,
      hierarchyLevel: 1,
      avatarId: 10307,
    },
    {
      id: '10001',
      name: 'Story',
      description: "A user story: functionality from the user's point of view.",
      subtask: false,
      hierarchyLevel: 0,
      avatarId: 10315,
    },
    { id: '10002', name: 'Task', description: 'A small, distinct piece of work.', subtask: false, hierarchyLevel: 0, avatarId: 10318 },
    { id: '10003', name: 'Bug', description: 'A problem or error.', subtask: false, hierarchyLevel: 0, avatarId: 10303 },
    {
      id: '10004',
      name: 'Sub-task',
      description: 'A small piece of work that is part of a larger task.',
      subtask: true,
      hierarchyLevel: -1,
      avatarId: 10316,
    },
  ];
  readonly priorities: Priority[] = [
    { id: '1', name: 'Highest', description: 'This problem will block progress.', statusColor: '#d04437', rank: 1 },
    { id: '2', name: 'High', description: 'Serious problem that could block progress.', statusColor: '#f15C75', rank: 2 },
    { id: '3', name: 'Medium', description: 'Has the potential to affect progress.', statusColor: '#f79232', rank: 3 },
    { id: '4', name: 'Low', description: 'Minor problem or easily worked around.', statusColor: '#707070', rank: 4 },
    { id: '5', name: 'Lowest', description: 'Trivial problem with little or no impact on progress.', statusColor: '#999999', rank: 5 },
  ];
  readonly defaultPriorityId = '3';
  readonly resolutions: Resolution[] = [
    { id: '10000', name: 'Done', description: 'Work has been completed on this issue.' },
    { id: '10001', name: "Won't Do", description: "This issue won't be actioned." },
    { id: '10002', name: 'Duplicate', description: 'The problem is a duplicate of an existing issue.' },
    { id: '10003', name: 'Cannot Reproduce', description: 'All attempts at reproducing this issue failed.' },
  ];
  readonly fields: FieldDef[] = systemFields();
  /** Group names (group pickers); seeded with the custom fields that use them. */
  readonly groups: string[] = [];
  readonly teams: Team[] = [];

  readonly users = new Map<string, JiraUser>();
  readonly projects: Project[] = [];
  readonly issues = new Map<string, Issue>();
  readonly boards: Board[] = [];
  readonly sprints: Sprint[] = [];

  private readonly issuesByKey = new Map<string, Issue>();
  private readonly childrenByParent = new Map<string, Set<string>>();
  private nextIssueId = 10000;
  private nextCommentId = 10000;
  private nextProjectId = 10000;
  private nextComponentId = 10000;
  private nextBoardId = 1;
  private nextSprintId = 1;

  constructor(options: JiraStoreOptions = {}) {
    this.now = options.now ?? Date.now;
  }

  // --- reference data ------------------------------------------------------------------------

  statusCategory(key: StatusCategoryKey): StatusCategory {
    return this.statusCategories.find((c) => c.key === key) as StatusCategory;
  }

  /** A status by id or name (case-insensitive). */
  status(ref: string): Status | undefined {
    return byIdOrName(this.statuses, ref);
  }

  issueType(ref: string): IssueType | undefined {
    return byIdOrName(this.issueTypes, ref);
  }

  priority(ref: string): Priority | undefined {
    return byIdOrName(this.priorities, ref);
  }

  resolution(ref: string): Resolution | undefined {
    return byIdOrName(this.resolutions, ref);
  }

  /** A field by id, key or name (case-insensitive), or a JQL clause name / `cf[10016]`. */
  field(ref: string): FieldDef | undefined {
    const lower = ref.toLowerCase();
    const cf = /^cf\[(\d+)\]$/.exec(lower);
    if (cf) return this.fields.find((f) => f.id === `customfield_${cf[1]}`);
    return (
      this.fields.find((f) => f.id === ref || f.key === ref) ??
      this.fields.find((f) => f.clauseNames.some((c) => c.toLowerCase() === lower)) ??
      this.fields.find((f) => f.name.toLowerCase() === lower)
    );
  }

  // --- users -------------------------------------------------------------------------------

  addUser(user: Omit<JiraUser, 'key' | 'name' | 'timeZone' | 'accountType' | 'active' | 'emailHidden'> & Partial<JiraUser>): JiraUser {
    const name = user.name ?? user.emailAddress.split('@')[0] ?? user.accountId;
    const full: JiraUser = {
      accountId: user.accountId,
      displayName: user.displayName,
      emailAddress: user.emailAddress,
      active: user.active ?? true,
      name,
      key: user.key ?? `JIRAUSER${10000 + this.users.size}`,
      timeZone: user.timeZone ?? 'Etc/UTC',
      accountType: user.accountType ?? 'atlassian',
      emailHidden: user.emailHidden ?? false,
    };
    this.users.set(full.accountId, full);
    this.version++;
    return full;
  }

  user(accountId: string): JiraUser | undefined {
    return this.users.get(accountId);
  }

  /** A user by accountId, DC name or key, or email address (case-insensitive for the last three). */
  resolveUser(ref: string): JiraUser | undefined {
    const direct = this.users.get(ref);
    if (direct) return direct;
    const lower = ref.toLowerCase();
    for (const user of this.users.values()) {
      if (user.name.toLowerCase() === lower || user.key.toLowerCase() === lower || user.emailAddress.toLowerCase() === lower) return user;
    }
    return undefined;
  }

  /**
   * Who can be assigned issues in `project`: active people (the sandbox gives every active user
   * the Assignable permission in every project), matching `query` as searchUsers does.
   */
  assignableUsers(query: string): JiraUser[] {
    const people = query.trim() ? this.searchUsers(query) : [...this.users.values()];
    return people.filter((u) => u.active);
  }

  /** `/user/search?query=`: a prefix of any word of the display name, the email, or the DC name. */
  searchUsers(query: string): JiraUser[] {
    const q = query.trim().toLowerCase();
    if (!q) return [];
    return [...this.users.values()].filter((user) => {
      if (user.accountId === query) return true;
      if (user.emailAddress.toLowerCase().startsWith(q) || user.name.toLowerCase().startsWith(q)) return true;
      const display = user.displayName.toLowerCase();
      return display.startsWith(q) || display.split(/\s+/).some((word) => word.startsWith(q));
    });
  }

  // --- projects ------------------------------------------------------------------------------

  addProject(input: { key: string; name: string; description?: string; leadAccountId: string; components?: string[] }): Project {
    const project: Project = {
      id: String(this.nextProjectId++),
      key: input.key.toUpperCase(),
      name: input.name,
      description: input.description ?? '',
      leadAccountId: input.leadAccountId,
      components: (input.components ?? []).map((name) => ({ id: String(this.nextComponentId++), name, description: '' })),
      versions: [],
      nextIssueNumber: 1,
    };
    this.projects.push(project);
    this.version++;
    return project;
  }

  /** A project by id, key or name (key and name case-insensitive). */
  project(ref: string): Project | undefined {
    const lower = ref.toLowerCase();
    return (
      this.projects.find((p) => p.id === ref || p.key.toLowerCase() === lower) ?? this.projects.find((p) => p.name.toLowerCase() === lower)
    );
  }

  projectOf(issue: Issue): Project {
    return this.projects.find((p) => p.id === issue.projectId) as Project;
  }

  // --- issues --------------------------------------------------------------------------------

  /** An issue by id or key (keys are matched case-insensitively, as Jira does). */
  issue(idOrKey: string): Issue | undefined {
    return this.issues.get(idOrKey) ?? this.issuesByKey.get(idOrKey.toUpperCase());
  }

  /** Like issue() but a 404 JiraError when absent. */
  requireIssue(idOrKey: string): Issue {
    const issue = this.issue(idOrKey);
    if (!issue) throw issueNotFound();
    return issue;
  }

  subtasks(issue: Issue): Issue[] {
    const ids = this.childrenByParent.get(issue.id);
    if (!ids) return [];
    return [...ids].map((id) => this.issues.get(id) as Issue);
  }

  /** Validates and creates an issue; throws a 400 JiraError with Jira's field errors. */
  createIssue(input: IssueInput, actorId: string | null): Issue {
    const errors: Record<string, string> = {};
    const project = input.projectId ? this.projects.find((p) => p.id === input.projectId) : undefined;
    if (!project) errors.project = 'Specify a valid project ID or key';
    const type = input.issueTypeId ? this.issueTypes.find((t) => t.id === input.issueTypeId) : undefined;
    if (!type) errors.issuetype = 'Specify an issue type';
    if (!input.summary?.trim()) errors.summary = 'You must specify a summary of the issue.';
    else if (input.summary.length > 255) errors.summary = 'Summary must be less than 255 characters.';
    if (project && type) this.checkParent(type, project, input.parentId ?? null, errors);
    this.checkCommon(input, project, errors);
    if (Object.keys(errors).length > 0 || !project || !type) throw fieldErrors(errors);

    const now = this.now();
    const statusId = input.statusId ?? (this.statuses[0] as Status).id;
    const issue: Issue = {
      id: String(this.nextIssueId++),
      key: `${project.key}-${project.nextIssueNumber++}`,
      projectId: project.id,
      summary: (input.summary as string).trim(),
      description: input.description ?? null,
      statusId,
      issueTypeId: type.id,
      priorityId: input.priorityId === undefined ? this.defaultPriorityId : input.priorityId,
      assigneeId: input.assigneeId ?? null,
      reporterId: input.reporterId === undefined ? actorId : input.reporterId,
      creatorId: actorId ?? input.reporterId ?? null,
      labels: dedupe(input.labels ?? []),
      componentIds: dedupe(input.componentIds ?? []),
      parentId: input.parentId ?? null,
      created: input.created ?? now,
      updated: input.updated ?? input.created ?? now,
      resolutionId: input.resolutionId ?? null,
      resolutionDate: input.resolutionDate ?? null,
      custom: {},
      sprintIds: input.sprintIds ? [...input.sprintIds] : [],
      comments: [],
    };
    for (const [fieldId, value] of Object.entries(input.custom ?? {})) {
      if (value !== null && value !== undefined) issue.custom[fieldId] = value;
    }
    this.insert(issue);
    return issue;
  }

  /**
   * Seeds call this to insert many prepared issues without per-issue validation; ids, keys and
   * project counters are still assigned here so later creates continue the sequence.
   */
  insertPrepared(issue: Omit<Issue, 'id' | 'key'>): Issue {
    const project = this.projects.find((p) => p.id === issue.projectId);
    if (!project) throw badRequest(`No project ${issue.projectId}`);
    const full = issue as Issue;
    full.id = String(this.nextIssueId++);
    full.key = `${project.key}-${project.nextIssueNumber++}`;
    this.insert(full);
    return full;
  }

  private insert(issue: Issue): void {
    this.issues.set(issue.id, issue);
    this.issuesByKey.set(issue.key, issue);
    if (issue.parentId) this.linkChild(issue.parentId, issue.id);
    this.version++;
  }

  /** Applies an edit; only the fields present in `input` change. */
  editIssue(issue: Issue, input: IssueInput): Issue {
    const errors: Record<string, string> = {};
    if (input.projectId !== undefined && input.projectId !== issue.projectId)
      errors.project = 'Issues cannot be moved to another project here.';
    if (input.summary !== undefined && !input.summary.trim()) errors.summary = 'You must specify a summary of the issue.';
    const type = input.issueTypeId !== undefined ? this.issueTypes.find((t) => t.id === input.issueTypeId) : this.issueTypeOf(issue);
    if (!type) errors.issuetype = 'Specify an issue type';
    const project = this.projectOf(issue);
    if (type && (input.parentId !== undefined || input.issueTypeId !== undefined)) {
      const parentId = input.parentId !== undefined ? input.parentId : issue.parentId;
      if (parentId === issue.id) errors.parent = 'An issue cannot be its own parent.';
      else this.checkParent(type, project, parentId, errors);
    }
    this.checkCommon(input, project, errors);
    if (Object.keys(errors).length > 0) throw fieldErrors(errors);

    if (input.summary !== undefined) issue.summary = input.summary.trim();
    if (input.description !== undefined) issue.description = input.description;
    if (input.issueTypeId !== undefined) issue.issueTypeId = input.issueTypeId;
    if (input.priorityId !== undefined) issue.priorityId = input.priorityId;
    if (input.assigneeId !== undefined) issue.assigneeId = input.assigneeId;
    if (input.reporterId !== undefined) issue.reporterId = input.reporterId;
    if (input.labels !== undefined) issue.labels = dedupe(input.labels);
    if (input.componentIds !== undefined) issue.componentIds = dedupe(input.componentIds);
    if (input.sprintIds !== undefined) issue.sprintIds = [...input.sprintIds];
    if (input.parentId !== undefined && input.parentId !== issue.parentId) {
      if (issue.parentId) this.childrenByParent.get(issue.parentId)?.delete(issue.id);
      issue.parentId = input.parentId;
      if (input.parentId) this.linkChild(input.parentId, issue.id);
    }
    for (const [fieldId, value] of Object.entries(input.custom ?? {})) {
      if (value === null || value === undefined) delete issue.custom[fieldId];
      else issue.custom[fieldId] = value;
    }
    this.touch(issue);
    return issue;
  }

  /** Deletes an issue; one with sub-tasks needs `deleteSubtasks` (Jira answers 400 otherwise). */
  deleteIssue(issue: Issue, deleteSubtasks: boolean): void {
    const children = this.subtasks(issue);
    if (children.length > 0 && !deleteSubtasks) {
      throw badRequest(
        `The issue '${issue.key}' has subtasks. You must specify the 'deleteSubtasks' parameter to delete this issue and all its subtasks.`,
      );
    }
    for (const child of children) {
      // Epics' children are unlinked, sub-tasks go with their parent (as in Jira).
      if (this.issueTypeOf(child).subtask) this.deleteIssue(child, true);
      else child.parentId = null;
    }
    this.issues.delete(issue.id);
    this.issuesByKey.delete(issue.key);
    // Links go with the issue, on both ends (as in Jira).
    for (const link of this.issueLinks.filter((l) => l.sourceId === issue.id || l.destinationId === issue.id)) {
      this.issueLinks.splice(this.issueLinks.indexOf(link), 1);
    }
    this.childrenByParent.delete(issue.id);
    if (issue.parentId) this.childrenByParent.get(issue.parentId)?.delete(issue.id);
    this.version++;
  }

  assign(issue: Issue, accountId: string | null): void {
    if (accountId !== null && !this.users.get(accountId)?.active)
      throw fieldErrors({ assignee: `User '${accountId}' cannot be assigned issues.` });
    issue.assigneeId = accountId;
    this.touch(issue);
  }

  issueTypeOf(issue: Issue): IssueType {
    return this.issueTypes.find((t) => t.id === issue.issueTypeId) as IssueType;
  }

  statusOf(issue: Issue): Status {
    return this.statuses.find((s) => s.id === issue.statusId) as Status;
  }

  // --- workflow ------------------------------------------------------------------------------

  availableTransitions(issue: Issue): Transition[] {
    return this.transitions.filter((t) =>
      t.fromStatusIds === null ? t.toStatusId !== issue.statusId : t.fromStatusIds.includes(issue.statusId),
    );
  }

  /** The fields on a transition's screen (what `expand=transitions.fields` lists). */
  screenFields(transition: Transition): string[] {
    return transition.setsResolution ? ['resolution'] : [];
  }

  /**
   * Jira takes `fields` (and `update` operations other than adding a comment) in a transition only
   * for fields on that transition's screen; anything else is its 400 naming each field. An
   * unavailable transition is left to transition() to refuse.
   */
  checkTransitionScreen(issue: Issue, transitionId: string, fields: unknown, update: unknown): void {
    const transition = this.availableTransitions(issue).find((t) => t.id === transitionId);
    if (!transition) return;
    const onScreen = new Set(this.screenFields(transition));
    const keysOf = (value: unknown) => (typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.keys(value) : []);
    const off = [...keysOf(fields), ...keysOf(update).filter((id) => id !== 'comment')].filter((id) => !onScreen.has(id));
    if (off.length > 0)
      throw fieldErrors(
        Object.fromEntries(off.map((id) => [id, `Field '${id}' cannot be set. It is not on the appropriate screen, or unknown.`])),
      );
  }

  /** Moves an issue along a transition; an unavailable one is Jira's 400. */
  transition(issue: Issue, transitionId: string, options: { resolutionId?: string } = {}): void {
    const transition = this.availableTransitions(issue).find((t) => t.id === transitionId);
    if (!transition) {
      throw badRequest(`Transition id '${transitionId}' is not valid for this issue.`);
    }
    if (options.resolutionId !== undefined && !transition.setsResolution) {
      throw fieldErrors({ resolution: "Field 'resolution' cannot be set. It is not on the appropriate screen, or unknown." });
    }
    issue.statusId = transition.toStatusId;
    if (transition.setsResolution) {
      issue.resolutionId = options.resolutionId ?? (this.resolutions[0] as Resolution).id;
      issue.resolutionDate = this.now();
    } else if (transition.clearsResolution) {
      issue.resolutionId = null;
      issue.resolutionDate = null;
    }
    this.touch(issue);
  }

  // --- comments ------------------------------------------------------------------------------

  addComment(issue: Issue, body: RichText, authorId: string, created?: number): Comment {
    const when = created ?? this.now();
    const comment: Comment = { id: String(this.nextCommentId++), authorId, updateAuthorId: authorId, body, created: when, updated: when };
    // Jira lists comments oldest first; seeds add them with back-dated times in any order, so
    // each goes in after every comment created at or before it.
    const at = issue.comments.findIndex((c) => c.created > when);
    if (at === -1) issue.comments.push(comment);
    else issue.comments.splice(at, 0, comment);
    if (created === undefined) this.touch(issue);
    else {
      issue.searchText = undefined;
      this.version++;
    }
    return comment;
  }

  /** Lower-cased words of summary, description and comments (what `text ~` searches). */
  searchTextOf(issue: Issue): string {
    if (issue.searchText === undefined) {
      const parts = [issue.summary];
      if (issue.description) parts.push(plainText(issue.description));
      for (const comment of issue.comments) parts.push(plainText(comment.body));
      issue.searchText = parts.join('\n').toLowerCase();
    }
    return issue.searchText;
  }

  // --- boards and sprints ------------------------------------------------------------------

  addBoard(input: { name: string; type: Board['type']; projectId: string }): Board {
    const board: Board = { id: this.nextBoardId++, ...input };
    this.boards.push(board);
    this.version++;
    return board;
  }

  addSprint(input: {
    boardId: number;
    name: string;
    state: SprintState;
    goal?: string;
    startDate?: number | null;
    endDate?: number | null;
    completeDate?: number | null;
  }): Sprint {
    const sprint: Sprint = {
      id: this.nextSprintId++,
      boardId: input.boardId,
      name: input.name,
      state: input.state,
      goal: input.goal ?? '',
      startDate: input.startDate ?? null,
      endDate: input.endDate ?? null,
      completeDate: input.completeDate ?? null,
      createdDate: input.startDate ?? this.now(),
    };
    this.sprints.push(sprint);
    this.version++;
    return sprint;
  }

  board(id: number): Board | undefined {
    return this.boards.find((b) => b.id === id);
  }

  sprint(id: number): Sprint | undefined {
    return this.sprints.find((s) => s.id === id);
  }

  /** Issues on a board: those of its project. */
  boardIssues(board: Board): Issue[] {
    return [...this.issues.values()].filter((i) => i.projectId === board.projectId);
  }

  // --- helpers -------------------------------------------------------------------------------

  private touch(issue: Issue): void {
    issue.updated = Math.max(this.now(), issue.updated);
    issue.searchText = undefined;
    this.version++;
  }

  private linkChild(parentId: string, childId: string): void {
    let set = this.childrenByParent.get(parentId);
    if (!set) this.childrenByParent.set(parentId, (set = new Set()));
    set.add(childId);
  }

  private checkParent(type: IssueType, project: Project, parentId: string | null, errors: Record<string, string>): void {
    if (type.subtask && !parentId) {
      errors.parent = 'Parent is required for a sub-task. Specify the parent issue.';
      return;
    }
    if (!parentId) return;
    const parent = this.issues.get(parentId);
    if (!parent) {
      errors.parent = 'Could not find issue by id or key.';
      return;
    }
    const parentType = this.issueTypeOf(parent);
    if (parentType.hierarchyLevel !== type.hierarchyLevel + 1) {
      errors.parent = 'Given parent issue does not belong to appropriate hierarchy.';
    } else if (type.subtask && parent.projectId !== project.id) {
      errors.parent = 'A sub-task must be in the same project as its parent.';
    }
  }

  private checkCommon(input: IssueInput, project: Project | undefined, errors: Record<string, string>): void {
    if (input.priorityId && !this.priorities.some((p) => p.id === input.priorityId))
      errors.priority = 'Specify the Priority (id or name) in the string format';
    if (input.assigneeId && !this.users.has(input.assigneeId)) errors.assignee = `User '${input.assigneeId}' cannot be assigned issues.`;
    if (input.reporterId && !this.users.has(input.reporterId)) errors.reporter = 'Specify a valid value for reporter.';
    if (input.labels?.some((l) => !l || /\s/.test(l))) errors.labels = 'The label must not contain spaces.';
    if (input.componentIds && project) {
      const unknown = input.componentIds.find((id) => !project.components.some((c) => c.id === id));
      if (unknown) errors.components = `Component with id '${unknown}' does not exist.`;
    }
    for (const [fieldId, value] of Object.entries(input.custom ?? {})) {
      const field = this.fields.find((f) => f.id === fieldId);
      if (!field) {
        errors[fieldId] = `Field '${fieldId}' cannot be set. It is not on the appropriate screen, or unknown.`;
      } else if (value !== null && field.schema?.type === 'option' && field.options && !field.options.some((o) => o.id === value)) {
        errors[fieldId] = `Option id '${String(value)}' is not valid`;
      } else if (value !== null && field.schema?.type === 'number' && typeof value !== 'number') {
        errors[fieldId] = 'Operation value must be a number';
      }
    }
  }

  // --- comment edits, issue links, remote links, watchers, votes (issue 11) -------------------

  /** Project roles a comment's visibility may name (as a fresh site has them); groups are `groups` above. */
  readonly projectRoles: readonly string[] = ['Administrators', 'Developers', 'Users'];
  /** The link types of a fresh Jira site, in its order. */
  readonly linkTypes: IssueLinkType[] = [
    { id: '10000', name: 'Blocks', inward: 'is blocked by', outward: 'blocks' },
    { id: '10001', name: 'Cloners', inward: 'is cloned by', outward: 'clones' },
    { id: '10002', name: 'Duplicate', inward: 'is duplicated by', outward: 'duplicates' },
    { id: '10003', name: 'Relates', inward: 'relates to', outward: 'relates to' },
  ];
  readonly issueLinks: IssueLink[] = [];
  private nextIssueLinkId = 10100;
  /** Remote links by issue id. */
  readonly remoteLinks = new Map<string, RemoteLink[]>();
  private nextRemoteLinkId = 10000;
  /** Watchers and voters (account ids) by issue id. */
  readonly watchers = new Map<string, Set<string>>();
  readonly voters = new Map<string, Set<string>>();

  comment(issue: Issue, id: string): Comment | undefined {
    return issue.comments.find((c) => c.id === id);
  }

  updateComment(issue: Issue, comment: Comment, change: { body?: RichText; visibility?: CommentVisibility }, actorId: string): void {
    if (change.body !== undefined) comment.body = change.body;
    if (change.visibility !== undefined) comment.visibility = change.visibility;
    comment.updateAuthorId = actorId;
    comment.updated = this.now();
    this.touch(issue);
  }

  deleteComment(issue: Issue, comment: Comment): void {
    issue.comments.splice(issue.comments.indexOf(comment), 1);
    this.touch(issue);
  }

  linkType(ref: { id?: unknown; name?: unknown }): IssueLinkType | undefined {
    if (typeof ref.id === 'string' && ref.id) return this.linkTypes.find((t) => t.id === ref.id);
    if (typeof ref.name === 'string') return this.linkTypes.find((t) => t.name.toLowerCase() === (ref.name as string).toLowerCase());
    return undefined;
  }

  /** Links `source` to `destination` with the type named `typeName` ("source blocks destination"); for seeds. */
  addLink(typeName: string, source: Issue, destination: Issue): IssueLink {
    const type = this.linkType({ name: typeName });
    if (!type) throw new Error(`no link type ${typeName}`);
    return this.addIssueLink(type.id, source, destination);
  }

  addIssueLink(typeId: string, source: Issue, destination: Issue): IssueLink {
    const link: IssueLink = { id: String(this.nextIssueLinkId++), typeId, sourceId: source.id, destinationId: destination.id };
    this.issueLinks.push(link);
    this.touch(source);
    this.touch(destination);
    return link;
  }

  /** An issue's links whose other end still exists. */
  linksOf(issue: Issue): IssueLink[] {
    return this.issueLinks.filter(
      (l) => (l.sourceId === issue.id && this.issues.has(l.destinationId)) || (l.destinationId === issue.id && this.issues.has(l.sourceId)),
    );
  }

  deleteIssueLink(link: IssueLink): void {
    this.issueLinks.splice(this.issueLinks.indexOf(link), 1);
    for (const id of [link.sourceId, link.destinationId]) {
      const issue = this.issues.get(id);
      if (issue) this.touch(issue);
    }
  }

  remoteLinksOf(issue: Issue): RemoteLink[] {
    return this.remoteLinks.get(issue.id) ?? [];
  }

  /** Creates the remote link, or updates the one with the same globalId (Jira's createOrUpdate). */
  putRemoteLink(issue: Issue, input: Omit<RemoteLink, 'id'>): { link: RemoteLink; created: boolean } {
    const links = this.remoteLinks.get(issue.id) ?? [];
    this.remoteLinks.set(issue.id, links);
    const existing = input.globalId ? links.find((l) => l.globalId === input.globalId) : undefined;
    this.touch(issue);
    if (existing) {
      Object.assign(existing, input);
      return { link: existing, created: false };
    }
    const link: RemoteLink = { id: this.nextRemoteLinkId++, ...input };
    links.push(link);
    return { link, created: true };
  }

  deleteRemoteLink(issue: Issue, id: number): boolean {
    const links = this.remoteLinksOf(issue);
    const at = links.findIndex((l) => l.id === id);
    if (at === -1) return false;
    links.splice(at, 1);
    this.touch(issue);
    return true;
  }

  /** The set of account ids watching (or voting for) an issue, made on first use. */
  peopleOf(kind: 'watchers' | 'voters', issue: Issue): Set<string> {
    const map = this[kind];
    let set = map.get(issue.id);
    if (!set) map.set(issue.id, (set = new Set()));
    return set;
  }

  /**
   * Whether a comment is public on the Service Management portal, for an issue that is a service
   * request; undefined for any other issue. The sandbox's Service Management sets this (it knows
   * which comments are internal notes); Jira shows it as `jsdPublic` (Cloud) and as the comment
   * property `sd.public.comment` (Cloud and Data Center).
   */
  serviceDeskCommentPublic: (issue: Issue, comment: Comment) => boolean | undefined = () => undefined;
}

function byIdOrName<T extends { id: string; name: string }>(items: readonly T[], ref: string): T | undefined {
  const lower = ref.toLowerCase();
  return items.find((item) => item.id === ref) ?? items.find((item) => item.name.toLowerCase() === lower);
}

function dedupe(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/** Jira's system fields we model, plus the custom ones (Story Points, Sprint, Team). */
function systemFields(): FieldDef[] {
  const system = (id: string, name: string, schema: FieldSchema | undefined, extra: Partial<FieldDef> = {}): FieldDef => ({
    id,
    key: id,
    name,
    custom: false,
    orderable: true,
    navigable: true,
    searchable: true,
    clauseNames: [id],
    ...(schema ? { schema } : {}),
    ...extra,
  });
  return [
    system('summary', 'Summary', { type: 'string', system: 'summary' }),
    system('description', 'Description', { type: 'string', system: 'description' }),
    system('status', 'Status', { type: 'status', system: 'status' }, { orderable: false }),
    system('issuetype', 'Issue Type', { type: 'issuetype', system: 'issuetype' }, { clauseNames: ['issuetype', 'type'] }),
    system('priority', 'Priority', { type: 'priority', system: 'priority' }),
    system('assignee', 'Assignee', { type: 'user', system: 'assignee' }),
    system('reporter', 'Reporter', { type: 'user', system: 'reporter' }),
    system('creator', 'Creator', { type: 'user', system: 'creator' }, { orderable: false }),
    system('labels', 'Labels', { type: 'array', items: 'string', system: 'labels' }),
    system(
      'components',
      'Components',
      { type: 'array', items: 'component', system: 'components' },
      { clauseNames: ['component', 'components'] },
    ),
    system('parent', 'Parent', { type: 'issuelink', system: 'parent' }),
    system('project', 'Project', { type: 'project', system: 'project' }),
    system('created', 'Created', { type: 'datetime', system: 'created' }, { orderable: false, clauseNames: ['created', 'createdDate'] }),
    system('updated', 'Updated', { type: 'datetime', system: 'updated' }, { orderable: false, clauseNames: ['updated', 'updatedDate'] }),
    system('resolution', 'Resolution', { type: 'resolution', system: 'resolution' }),
    system(
      'resolutiondate',
      'Resolved',
      { type: 'datetime', system: 'resolutiondate' },
      { orderable: false, clauseNames: ['resolved', 'resolutiondate'] },
    ),
    system('comment', 'Comment', { type: 'comments-page', system: 'comment' }, { navigable: false }),
    system(
      'subtasks',
      'Sub-tasks',
      { type: 'array', items: 'issuelinks', system: 'subtasks' },
      { orderable: false, searchable: false, clauseNames: ['subtasks'] },
    ),
    system('issuelinks', 'Linked Issues', { type: 'array', items: 'issuelinks', system: 'issuelinks' }, { clauseNames: ['issuelinks'] }),
    system('issuekey', 'Key', undefined, { orderable: false, clauseNames: ['id', 'issue', 'issuekey', 'key'] }),
    system(
      'statusCategory',
      'Status Category',
      { type: 'statusCategory', system: 'statusCategory' },
      { orderable: false, clauseNames: ['statusCategory'] },
    ),
    {
      id: STORY_POINTS_FIELD,
      key: STORY_POINTS_FIELD,
      name: 'Story Points',
      custom: true,
      orderable: true,
      navigable: true,
      searchable: true,
      clauseNames: ['cf[10016]', 'Story Points', 'Story Points[Number]'],
      schema: { type: 'number', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:float', customId: 10016 },
    },
    {
      id: SPRINT_FIELD,
      key: SPRINT_FIELD,
      name: 'Sprint',
      custom: true,
      orderable: true,
      navigable: true,
      searchable: true,
      clauseNames: ['cf[10020]', 'Sprint', 'sprint'],
      schema: { type: 'array', items: 'json', custom: 'com.pyxis.greenhopper.jira:gh-sprint', customId: 10020 },
    },
    {
      id: TEAM_FIELD,
      key: TEAM_FIELD,
      name: 'Team',
      custom: true,
      orderable: true,
      navigable: true,
      searchable: true,
      clauseNames: ['cf[10001]', 'Team', 'Team[Dropdown]'],
      schema: { type: 'option', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:select', customId: 10001 },
      options: [
        { id: '10100', value: 'Platform' },
        { id: '10101', value: 'Mobile' },
        { id: '10102', value: 'Web' },
        { id: '10103', value: 'Data' },
      ],
    },
  ];
}

export interface CommentVisibility {
  type: 'role' | 'group';
  value: string;
}

export interface IssueLinkType {
  id: string;
  name: string;
  inward: string;
  outward: string;
}

/**
 * `source` <outward wording> `destination`: "A blocks B" has A as source. The REST API names the
 * source `inwardIssue` when a link is created or read alone, and lists it as `inwardIssue` on the
 * destination's `issuelinks` (where the destination `is blocked by` it).
 */
export interface IssueLink {
  id: string;
  typeId: string;
  sourceId: string;
  destinationId: string;
}

export interface RemoteLink {
  id: number;
  globalId?: string;
  relationship?: string;
  application?: Record<string, unknown>;
  object: { url: string; title: string; summary?: string; icon?: Record<string, unknown>; status?: Record<string, unknown> };
}

export { JiraError };
