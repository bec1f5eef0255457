/**
 * The parts of Jira's JSON that atl reads. Issues are kept as Jira returns them (the `--json`
 * contract is "as Jira returns them"), so these types only name the fields we look at.
 */

export interface JiraUser {
  accountId?: string;
  /** Data Center only: the user name used in JQL and in `PUT assignee`. */
  name?: string;
  key?: string;
  displayName?: string;
  emailAddress?: string;
  active?: boolean;
  [extra: string]: unknown;
}

export interface JiraNamed {
  id?: string;
  name?: string;
  [extra: string]: unknown;
}

export interface JiraIssue {
  id: string;
  key: string;
  self?: string;
  fields?: Record<string, unknown>;
  [extra: string]: unknown;
}

export interface JiraComment {
  id: string;
  author?: JiraUser;
  /** ADF document on Cloud (v3), wiki markup string on Data Center (v2). */
  body?: unknown;
  created?: string;
  updated?: string;
  [extra: string]: unknown;
}

export interface JiraTransition {
  id: string;
  name: string;
  to?: { id?: string; name?: string; statusCategory?: { key?: string; name?: string } };
  /** With `expand=transitions.fields`: the fields on the transition's screen, by field id. */
  fields?: Record<string, { name?: string; required?: boolean; [extra: string]: unknown }>;
  [extra: string]: unknown;
}

export interface JiraFieldSchema {
  type?: string;
  items?: string;
  system?: string;
  custom?: string;
  customId?: number;
}

export interface JiraField {
  id: string;
  key?: string;
  name: string;
  custom?: boolean;
  schema?: JiraFieldSchema;
  [extra: string]: unknown;
}

export interface JiraProject {
  id: string;
  key: string;
  name: string;
  projectTypeKey?: string;
  lead?: JiraUser;
  [extra: string]: unknown;
}

export interface JiraBoard {
  id: number;
  name: string;
  type?: string;
  location?: { projectKey?: string; projectName?: string; displayName?: string; [extra: string]: unknown };
  [extra: string]: unknown;
}

export interface JiraSprint {
  id: number;
  name: string;
  state?: string;
  startDate?: string;
  endDate?: string;
  completeDate?: string;
  goal?: string;
  [extra: string]: unknown;
}

export interface CreatedIssue {
  id: string;
  key: string;
  self?: string;
}

/** Who may see a comment: a project role or a group, as Jira's `visibility` takes it. */
export interface CommentVisibility {
  type: 'role' | 'group';
  value: string;
}
