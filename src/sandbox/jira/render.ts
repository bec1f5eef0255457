/**
 * The store's objects as each flavour puts them on the wire. One store, two views:
 *
 * - Cloud (`/rest/api/3`): users by accountId (no name/key), rich text as ADF, `parent` on every
 *   child, `hierarchyLevel` on issue types.
 * - Data Center (`/dc/rest/api/2`) and the agile API: users with `name`/`key`, rich text as wiki
 *   markup strings. (Jira Software's agile API answers in the v2 representation on Cloud too.)
 *
 * Shapes follow jira-platform-v3.json / jira-datacenter.json / jira-software.json; several of those
 * schemas forbid extra properties, so nothing here adds fields the specs do not define.
 */
import type { Flavour } from '../types.js';
import { issueAttachments, type SandboxAttachment } from './attachment-store.js';
import { durationText, secondsLogged } from './worklog-store.js';
import { toAdf, toWiki, type RichText } from './richtext.js';
import {
  SPRINT_FIELD,
  STORY_POINTS_FIELD,
  TEAM_FIELD,
  type Board,
  type Component,
  type Comment,
  type CommentVisibility,
  type IssueLink,
  type IssueLinkType,
  type RemoteLink,
  type FieldDef,
  type FieldOption,
  type Issue,
  type IssueType,
  type JiraStore,
  type JiraUser,
  type Priority,
  type Project,
  type Resolution,
  type Sprint,
  type Status,
  type Transition,
} from './store.js';

export interface View {
  store: JiraStore;
  flavour: Flavour;
  /** Base for `self` links (site, `/dc` or the gateway prefix). */
  baseUrl: string;
  /** The site, for avatar and icon links. */
  siteUrl: string;
  /** `3` for Cloud platform routes, `2` for Data Center (and agile, which speaks v2). */
  apiVersion: '2' | '3';
}

type Json = Record<string, unknown>;

/** Jira's timestamp format: `2024-01-02T10:00:00.000+0000`. */
export function jiraDate(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

/** Agile dates carry a zone like `+00:00`... Jira Software writes ISO 8601 with `Z` on Cloud. */
export function agileDate(ms: number): string {
  return new Date(ms).toISOString();
}

function api(view: View): string {
  return `${view.baseUrl}/rest/api/${view.apiVersion}`;
}

export function richText(view: View, value: RichText | null): unknown {
  if (value === null) return null;
  return view.apiVersion === '3' ? toAdf(value) : toWiki(value);
}

export function avatarUrls(siteUrl: string, kind: 'user' | 'project', id: string): Record<string, string> {
  const path = kind === 'user' ? `${siteUrl}/secure/useravatar` : `${siteUrl}/secure/projectavatar`;
  const owner = kind === 'user' ? `ownerId=${encodeURIComponent(id)}` : `pid=${encodeURIComponent(id)}`;
  return {
    '48x48': `${path}?size=large&${owner}`,
    '24x24': `${path}?size=small&${owner}`,
    '16x16': `${path}?size=xsmall&${owner}`,
    '32x32': `${path}?size=medium&${owner}`,
  };
}

export function user(view: View, u: JiraUser): Json {
  if (view.apiVersion === '3') {
    return {
      self: `${api(view)}/user?accountId=${encodeURIComponent(u.accountId)}`,
      accountId: u.accountId,
      accountType: u.accountType,
      // Cloud leaves out the email of a profile that hides it.
      ...(u.emailHidden ? {} : { emailAddress: u.emailAddress }),
      avatarUrls: avatarUrls(view.siteUrl, 'user', u.accountId),
      displayName: u.displayName,
      active: u.active,
      timeZone: u.timeZone,
    };
  }
  if (view.flavour === 'cloud') {
    // The agile API on Cloud: v2 shapes, but Cloud users have no name/key.
    return {
      self: `${view.baseUrl}/rest/api/2/user?accountId=${encodeURIComponent(u.accountId)}`,
      accountId: u.accountId,
      ...(u.emailHidden ? {} : { emailAddress: u.emailAddress }),
      avatarUrls: avatarUrls(view.siteUrl, 'user', u.accountId),
      displayName: u.displayName,
      active: u.active,
      timeZone: u.timeZone,
    };
  }
  return {
    self: `${api(view)}/user?username=${encodeURIComponent(u.name)}`,
    name: u.name,
    key: u.key,
    emailAddress: u.emailAddress,
    avatarUrls: avatarUrls(view.siteUrl, 'user', u.key),
    displayName: u.displayName,
    active: u.active,
    timeZone: u.timeZone,
  };
}

function userRef(view: View, accountId: string | null): Json | null {
  if (accountId === null) return null;
  const u = view.store.user(accountId);
  return u ? user(view, u) : null;
}

export function status(view: View, s: Status): Json {
  const category = view.store.statusCategory(s.categoryKey);
  return {
    self: `${api(view)}/status/${s.id}`,
    description: s.description,
    iconUrl: `${view.siteUrl}/images/icons/statuses/generic.png`,
    name: s.name,
    id: s.id,
    statusCategory: {
      self: `${api(view)}/statuscategory/${category.id}`,
      id: category.id,
      key: category.key,
      colorName: category.colorName,
      name: category.name,
    },
  };
}

export function issueType(view: View, t: IssueType): Json {
  const out: Json = {
    self: `${api(view)}/issuetype/${t.id}`,
    id: t.id,
    description: t.description,
    iconUrl: `${view.siteUrl}/rest/api/2/universal_avatar/view/type/issuetype/avatar/${t.avatarId}?size=medium`,
    name: t.name,
    subtask: t.subtask,
    avatarId: t.avatarId,
  };
  if (view.apiVersion === '3') out.hierarchyLevel = t.hierarchyLevel;
  return out;
}

export function priority(view: View, p: Priority): Json {
  return {
    self: `${api(view)}/priority/${p.id}`,
    iconUrl: `${view.siteUrl}/images/icons/priorities/${p.name.toLowerCase()}.svg`,
    name: p.name,
    id: p.id,
  };
}

export function priorityFull(view: View, p: Priority): Json {
  const out: Json = { ...priority(view, p), description: p.description, statusColor: p.statusColor };
  if (view.apiVersion === '3') out.isDefault = p.id === view.store.defaultPriorityId;
  return out;
}

export function resolution(view: View, r: Resolution): Json {
  return { self: `${api(view)}/resolution/${r.id}`, id: r.id, description: r.description, name: r.name };
}

/** A project as it appears inside an issue's fields. */
export function projectRef(view: View, p: Project): Json {
  const out: Json = {
    self: `${api(view)}/project/${p.id}`,
    id: p.id,
    key: p.key,
    name: p.name,
    projectTypeKey: 'software',
    avatarUrls: avatarUrls(view.siteUrl, 'project', p.id),
  };
  if (view.apiVersion === '3') out.simplified = false;
  return out;
}

/** A project in project lists. */
export function project(view: View, p: Project): Json {
  const out: Json = { ...projectRef(view, p), description: p.description };
  if (view.apiVersion === '3') {
    out.style = 'classic';
    out.isPrivate = false;
    out.lead = userRef(view, p.leadAccountId) ?? undefined;
    out.issueTypes = view.store.issueTypes.map((t) => issueType(view, t));
  } else {
    out.lead = userRef(view, p.leadAccountId) ?? undefined;
    out.archived = false;
  }
  return out;
}

/** A component as GET /project/{key}/components lists it. */
export function projectComponent(view: View, c: Component, p: Project): Json {
  return {
    self: `${api(view)}/component/${c.id}`,
    id: c.id,
    name: c.name,
    description: c.description,
    assigneeType: 'PROJECT_DEFAULT',
    realAssigneeType: 'PROJECT_DEFAULT',
    isAssigneeTypeValid: false,
    project: p.key,
    projectId: Number(p.id),
  };
}

function component(view: View, id: string, p: Project): Json | null {
  const c = p.components.find((x) => x.id === id);
  return c ? { self: `${api(view)}/component/${c.id}`, id: c.id, name: c.name } : null;
}

function issueLinkRef(view: View, issue: Issue): Json {
  const { store } = view;
  return {
    id: issue.id,
    key: issue.key,
    self: `${api(view)}/issue/${issue.id}`,
    fields: {
      summary: issue.summary,
      status: status(view, store.statusOf(issue)),
      priority: issue.priorityId ? priority(view, store.priority(issue.priorityId) as Priority) : null,
      issuetype: issueType(view, store.issueTypeOf(issue)),
    },
  };
}

export function sprint(view: View, s: Sprint): Json {
  const out: Json = { id: s.id, self: `${view.baseUrl}/rest/agile/1.0/sprint/${s.id}`, state: s.state, name: s.name };
  if (s.startDate !== null) out.startDate = agileDate(s.startDate);
  if (s.endDate !== null) out.endDate = agileDate(s.endDate);
  if (s.completeDate !== null) out.completeDate = agileDate(s.completeDate);
  out.createdDate = agileDate(s.createdDate);
  out.originBoardId = s.boardId;
  out.goal = s.goal;
  return out;
}

/** The sprint field's value inside an issue (Cloud's customfield_10020 shape). */
function sprintFieldValue(s: Sprint): Json {
  const out: Json = { id: s.id, name: s.name, state: s.state, boardId: s.boardId, goal: s.goal };
  if (s.startDate !== null) out.startDate = agileDate(s.startDate);
  if (s.endDate !== null) out.endDate = agileDate(s.endDate);
  if (s.completeDate !== null) out.completeDate = agileDate(s.completeDate);
  return out;
}

export function board(view: View, b: Board): Json {
  const p = view.store.projects.find((x) => x.id === b.projectId);
  return {
    id: b.id,
    self: `${view.baseUrl}/rest/agile/1.0/board/${b.id}`,
    name: b.name,
    type: b.type,
    location: p
      ? {
          projectId: Number(p.id),
          displayName: `${p.name} (${p.key})`,
          projectName: p.name,
          projectKey: p.key,
          projectTypeKey: 'software',
          avatarURI: `${view.siteUrl}/secure/projectavatar?size=small&pid=${p.id}`,
          name: `${p.name} (${p.key})`,
        }
      : undefined,
  };
}

/** `properties`: with `expand=properties`, the comment's properties (Service Management's `sd.public.comment`). */
export function comment(view: View, issue: Issue, c: Comment, properties = false): Json {
  const isPublic = view.store.serviceDeskCommentPublic(issue, c);
  const out: Json = {
    self: `${api(view)}/issue/${issue.id}/comment/${c.id}`,
    id: c.id,
    author: userRef(view, c.authorId) ?? undefined,
    body: richText(view, c.body),
    updateAuthor: userRef(view, c.updateAuthorId) ?? undefined,
    created: jiraDate(c.created),
    updated: jiraDate(c.updated),
  };
  // Comments made through Jira (and on issues that are not requests) are public on the portal.
  if (view.flavour === 'cloud' && view.apiVersion === '3') out.jsdPublic = isPublic ?? true;
  if (c.visibility) out.visibility = commentVisibility(view, c.visibility);
  if (properties) out.properties = isPublic === undefined ? [] : [{ key: 'sd.public.comment', value: { internal: !isPublic } }];
  return out;
}

/** An attachment as the issue's `attachment` field and the upload answer give it (`id` a string). */
export function attachment(view: View, a: SandboxAttachment): Json {
  return {
    self: `${api(view)}/attachment/${a.id}`,
    id: a.id,
    filename: a.filename,
    author: userRef(view, a.authorId) ?? undefined,
    created: jiraDate(a.created),
    size: a.content.length,
    mimeType: a.mimeType,
    // Cloud serves the bytes from the REST API (which redirects to the media store); Data Center from /secure.
    content:
      view.flavour === 'cloud'
        ? `${api(view)}/attachment/content/${a.id}`
        : `${view.baseUrl}/secure/attachment/${a.id}/${encodeURIComponent(a.filename)}`,
  };
}

export function commentsPage(view: View, issue: Issue, startAt: number, maxResults: number, newestFirst = false, properties = false): Json {
  const all = newestFirst ? [...issue.comments].reverse() : issue.comments;
  return {
    comments: all.slice(startAt, startAt + maxResults).map((c) => comment(view, issue, c, properties)),
    self: `${api(view)}/issue/${issue.id}/comment`,
    maxResults,
    total: all.length,
    startAt,
  };
}

export function transition(view: View, t: Transition, expandFields: boolean): Json {
  const out: Json = {
    id: t.id,
    name: t.name,
    to: status(view, view.store.status(t.toStatusId) as Status),
  };
  if (view.apiVersion === '3') {
    Object.assign(out, {
      hasScreen: t.hasScreen,
      isGlobal: t.fromStatusIds === null,
      isInitial: false,
      isAvailable: true,
      isConditional: false,
      isLooped: false,
    });
  }
  if (expandFields) {
    out.fields = view.store.screenFields(t).includes('resolution')
      ? {
          resolution: {
            required: true,
            schema: { type: 'resolution', system: 'resolution' },
            name: 'Resolution',
            key: 'resolution',
            operations: ['set'],
            allowedValues: view.store.resolutions.map((r) => resolution(view, r)),
          },
        }
      : {};
  }
  return out;
}

export function field(view: View, f: FieldDef): Json {
  const out: Json = { id: f.id };
  if (view.apiVersion === '3') out.key = f.key;
  Object.assign(out, {
    name: f.name,
    custom: f.custom,
    orderable: f.orderable,
    navigable: f.navigable,
    searchable: f.searchable,
    clauseNames: f.clauseNames,
  });
  if (f.schema) out.schema = { ...f.schema };
  return out;
}

// --- issues ----------------------------------------------------------------------------------

/** Field ids an issue has, in the order Jira tends to list them; `navigable` excludes `comment`. */
export const ISSUE_FIELD_IDS = [
  'attachment',
  'timespent',
  'timetracking',
  'summary',
  'description',
  'status',
  'issuetype',
  'priority',
  'assignee',
  'reporter',
  'creator',
  'labels',
  'components',
  'parent',
  'project',
  'created',
  'updated',
  'resolution',
  'resolutiondate',
  'subtasks',
  'issuelinks',
  'comment',
  STORY_POINTS_FIELD,
  SPRINT_FIELD,
  TEAM_FIELD,
] as const;

export type FieldSelection = (fieldId: string) => boolean;

/**
 * Jira's `fields` parameter: `*all`, `*navigable`, ids, `-id` to exclude. Values may be given as
 * several parameters or comma-separated. `fallback` applies when nothing is asked for.
 */
export function fieldSelection(requested: readonly string[] | undefined, fallback: '*all' | '*navigable' | 'id'): FieldSelection {
  const items = (requested ?? [])
    .flatMap((r) => r.split(','))
    .map((r) => r.trim())
    .filter((r) => r.length > 0);
  const list = items.length > 0 ? items : [fallback];
  const include = new Set<string>();
  const exclude = new Set<string>();
  let all = false;
  let navigable = false;
  for (const item of list) {
    if (item === '*all') all = true;
    else if (item === '*navigable') navigable = true;
    else if (item.startsWith('-')) exclude.add(item.slice(1));
    else include.add(item);
  }
  return (id) => !exclude.has(id) && (all || include.has(id) || (navigable && id !== 'comment'));
}

/** The value of one field of an issue, or undefined when the issue does not have that field. */
function fieldValue(view: View, issue: Issue, id: string): unknown {
  const { store } = view;
  const p = store.projectOf(issue);
  switch (id) {
    case 'summary':
      return issue.summary;
    case 'description':
      return richText(view, issue.description);
    case 'status':
      return status(view, store.statusOf(issue));
    case 'issuetype':
      return issueType(view, store.issueTypeOf(issue));
    case 'priority':
      return issue.priorityId ? priority(view, store.priority(issue.priorityId) as Priority) : null;
    case 'assignee':
      return userRef(view, issue.assigneeId);
    case 'reporter':
      return userRef(view, issue.reporterId);
    case 'creator':
      return userRef(view, issue.creatorId);
    case 'labels':
      return [...issue.labels];
    case 'components':
      return issue.componentIds.map((cid) => component(view, cid, p)).filter((c) => c !== null);
    case 'parent': {
      const parent = issue.parentId ? store.issue(issue.parentId) : undefined;
      return parent ? issueLinkRef(view, parent) : undefined;
    }
    case 'project':
      return projectRef(view, p);
    case 'created':
      return jiraDate(issue.created);
    case 'updated':
      return jiraDate(issue.updated);
    case 'resolution':
      return issue.resolutionId ? resolution(view, store.resolution(issue.resolutionId) as Resolution) : null;
    case 'resolutiondate':
      return issue.resolutionDate === null ? null : jiraDate(issue.resolutionDate);
    case 'subtasks':
      return store
        .subtasks(issue)
        .filter((child) => store.issueTypeOf(child).subtask)
        .map((child) => issueLinkRef(view, child));
    case 'issuelinks':
      return store.linksOf(issue).map((link) => issueLink(view, link, issue));
    case 'comment':
      return commentsPage(view, issue, 0, issue.comments.length);
    // Time logged (worklogs): left out while none is, so that answers from before worklogs stay as they were.
    case 'timespent': {
      const seconds = secondsLogged(store, issue);
      return seconds > 0 ? seconds : undefined;
    }
    case 'timetracking': {
      const seconds = secondsLogged(store, issue);
      return seconds > 0 ? { timeSpent: durationText(seconds), timeSpentSeconds: seconds } : undefined;
    }
    case 'attachment': {
      // Left out while an issue has none, so that answers from before attachments stay as they were.
      const attachments = issueAttachments(store, issue);
      return attachments.length > 0 ? attachments.map((a) => attachment(view, a)) : undefined;
    }
    case STORY_POINTS_FIELD: {
      const v = issue.custom[STORY_POINTS_FIELD];
      return typeof v === 'number' ? v : null;
    }
    case TEAM_FIELD: {
      const v = issue.custom[TEAM_FIELD];
      const option = store.fields.find((f) => f.id === TEAM_FIELD)?.options?.find((o) => o.id === v);
      return option ? { self: `${api(view)}/customFieldOption/${option.id}`, value: option.value, id: option.id } : null;
    }
    case SPRINT_FIELD: {
      const sprints = issue.sprintIds.map((sid) => store.sprint(sid)).filter((s): s is Sprint => s !== undefined);
      return sprints.length > 0 ? sprints.map(sprintFieldValue) : null;
    }
    default:
      return customValue(view, issue, id);
  }
}

/** The seeded custom fields with their own shapes (seedCustomFields), as Jira returns them. */
function customValue(view: View, issue: Issue, id: string): unknown {
  const def = view.store.fields.find((f) => f.id === id);
  if (!def?.custom || (def.only && def.only !== view.flavour)) return undefined;
  const custom = def.schema?.custom ?? '';
  const kind = custom.slice(custom.lastIndexOf(':') + 1);
  if (kind === 'gh-epic-link') {
    const parent = issue.parentId ? view.store.issue(issue.parentId) : undefined;
    return parent && view.store.issueTypeOf(parent).hierarchyLevel === 1 && !view.store.issueTypeOf(issue).subtask ? parent.key : null;
  }
  const value = issue.custom[id];
  if (value === undefined || value === null) return null;
  const project = view.store.projectOf(issue);
  const group = (name: string) => ({ name, self: `${api(view)}/group?groupname=${encodeURIComponent(name)}` });
  const version = (vid: string) => {
    const v = project.versions.find((x) => x.id === vid);
    return v ? { self: `${api(view)}/version/${v.id}`, id: v.id, name: v.name, archived: false, released: v.released } : null;
  };
  const option = (o: FieldOption) => ({ self: `${api(view)}/customFieldOption/${o.id}`, value: o.value, id: o.id });
  switch (kind) {
    case 'grouppicker':
      return group(String(value));
    case 'multigrouppicker':
      return (value as string[]).map(group);
    case 'version':
      return version(String(value));
    case 'multiversion':
      return (value as string[]).map(version).filter((v) => v !== null);
    case 'atlassian-team': {
      const team = view.store.teams.find((t) => t.id === value);
      return team ? { id: team.id, name: team.name, avatarUrl: '', isVisible: true, title: team.name, isShared: true } : null;
    }
    case 'cascadingselect': {
      const { parentId, childId } = value as { parentId: string; childId: string | null };
      const parent = def.options?.find((o) => o.id === parentId);
      if (!parent) return null;
      const child = parent.children?.find((o) => o.id === childId);
      return child ? { ...option(parent), child: option(child) } : option(parent);
    }
    default:
      return value;
  }
}

export interface IssueRenderOptions {
  fields: FieldSelection;
  /** `expand=names`: add the display name of each returned field. */
  names?: boolean;
  /** `expand=transitions`. */
  transitions?: boolean;
  /** Link base for `self` (agile answers under its own path). */
  selfBase?: string;
}

const fieldIdsByStore = new WeakMap<JiraStore, { count: number; ids: readonly string[] }>();

/** ISSUE_FIELD_IDS plus the seeded custom fields (seedCustomFields), worked out once per field list. */
function renderedFieldIds(store: JiraStore): readonly string[] {
  const known = fieldIdsByStore.get(store);
  if (known && known.count === store.fields.length) return known.ids;
  const extra = store.fields.filter((f) => f.custom && !(ISSUE_FIELD_IDS as readonly string[]).includes(f.id)).map((f) => f.id);
  const ids = [...ISSUE_FIELD_IDS, ...extra];
  fieldIdsByStore.set(store, { count: store.fields.length, ids });
  return ids;
}

export function issue(view: View, i: Issue, options: IssueRenderOptions): Json {
  const out: Json = {
    expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations',
    id: i.id,
    self: `${options.selfBase ?? api(view)}/issue/${i.id}`,
    key: i.key,
  };
  const fields: Json = {};
  const names: Record<string, string> = {};
  for (const id of renderedFieldIds(view.store)) {
    if (!options.fields(id)) continue;
    const value = fieldValue(view, i, id);
    if (value === undefined) continue;
    fields[id] = value;
    names[id] = view.store.fields.find((f) => f.id === id)?.name ?? id;
  }
  out.fields = fields;
  if (options.names) out.names = names;
  if (options.transitions) out.transitions = view.store.availableTransitions(i).map((t) => transition(view, t, false));
  return out;
}

/** Cloud `/search/jql` with the default `fields=id`: issues carry their id and nothing else. */
export function issueIdOnly(i: Issue): Json {
  return { id: i.id };
}

// --- comment visibility, issue links, remote links, watchers, votes (issue 11) -----------------

/** Cloud names a group by id too (`identifier`); the sandbox's group ids are their names. */
function commentVisibility(view: View, v: CommentVisibility): Json {
  return view.apiVersion === '3' && v.type === 'group' ? { type: v.type, value: v.value, identifier: v.value } : { ...v };
}

export function issueLinkType(view: View, t: IssueLinkType): Json {
  return { id: t.id, name: t.name, inward: t.inward, outward: t.outward, self: `${api(view)}/issueLinkType/${t.id}` };
}

/**
 * A link as the `issuelinks` field of `from` lists it: only the other end, the destination as
 * `outwardIssue` ("from blocks it"), the source as `inwardIssue` ("from is blocked by it").
 * Without `from` (GET issueLink/{id}), both ends: the source as `inwardIssue`.
 */
export function issueLink(view: View, link: IssueLink, from?: Issue): Json {
  const { store } = view;
  const type = store.linkTypes.find((t) => t.id === link.typeId) as IssueLinkType;
  const out: Json = { id: link.id, self: `${api(view)}/issueLink/${link.id}`, type: issueLinkType(view, type) };
  const source = store.issue(link.sourceId);
  const destination = store.issue(link.destinationId);
  if (from?.id !== link.sourceId && source) out.inwardIssue = issueLinkRef(view, source);
  if (from?.id !== link.destinationId && destination) out.outwardIssue = issueLinkRef(view, destination);
  return out;
}

export function remoteLink(view: View, issue: Issue, link: RemoteLink): Json {
  const out: Json = { id: link.id, self: `${api(view)}/issue/${issue.key}/remotelink/${link.id}` };
  if (link.globalId !== undefined) out.globalId = link.globalId;
  if (link.application !== undefined) out.application = link.application;
  if (link.relationship !== undefined) out.relationship = link.relationship;
  out.object = { ...link.object };
  return out;
}

export function watchers(view: View, issue: Issue, ids: ReadonlySet<string>, currentUserId: string | null): Json {
  const people = [...ids].map((id) => view.store.user(id)).filter((u): u is JiraUser => u !== undefined);
  return {
    self: `${api(view)}/issue/${issue.key}/watchers`,
    isWatching: currentUserId !== null && ids.has(currentUserId),
    watchCount: people.length,
    watchers: people.map((u) => user(view, u)),
  };
}

export function votes(view: View, issue: Issue, ids: ReadonlySet<string>, currentUserId: string | null): Json {
  const people = [...ids].map((id) => view.store.user(id)).filter((u): u is JiraUser => u !== undefined);
  return {
    self: `${api(view)}/issue/${issue.key}/votes`,
    votes: people.length,
    hasVoted: currentUserId !== null && ids.has(currentUserId),
    voters: people.map((u) => user(view, u)),
  };
}
