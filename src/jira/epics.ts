/**
 * Epics and what is under them. Cloud puts an issue under its epic with `parent` (one hierarchy
 * for epics and sub-tasks); Data Center with Jira Software's Epic Link field, which JQL calls
 * "Epic Link", while `parent` there is only a sub-task's parent. Moving issues into or out of an
 * epic on Data Center goes through the agile API, which sets the Epic Link whatever its field id.
 */
import type { JiraContext } from './context.js';
import { editIssue, onIssue } from './issues.js';
import { quoteJql } from './jql.js';
import { searchIssues } from './search.js';
import type { JiraIssue } from './types.js';

/** JQL for a project's epics. */
export function epicsJql(project: string): string {
  return `project = ${quoteJql(project)} AND issuetype = Epic`;
}

/** JQL for the issues under an epic (not their sub-tasks). */
export function epicChildrenJql(ctx: JiraContext, epicKey: string): string {
  return ctx.deployment === 'cloud' ? `parent = ${quoteJql(epicKey)}` : `"Epic Link" = ${quoteJql(epicKey)}`;
}

/** Puts one issue under the epic: Cloud sets its parent; Data Center asks the agile API (the Epic Link). */
export async function addToEpic(ctx: JiraContext, epicKey: string, key: string): Promise<void> {
  if (ctx.deployment === 'cloud') {
    await editIssue(ctx, key, { fields: { parent: { key: epicKey } } });
    return;
  }
  await onIssue(epicKey, () => ctx.http.post(`/rest/agile/1.0/epic/${encodeURIComponent(epicKey)}/issue`, { issues: [key] }));
}

/** Takes one issue out of whatever epic it is under (the agile API, on both flavours). */
export async function removeFromEpic(ctx: JiraContext, key: string): Promise<void> {
  await ctx.http.post('/rest/agile/1.0/epic/none/issue', { issues: [key] });
}

/** One line of an issue's children: what `issue view` lists. */
export interface ChildIssue {
  key: string;
  status: string;
  summary: string;
}

interface IssueRef {
  key?: string;
  fields?: { summary?: string; status?: { name?: string } };
}

const childOf = (ref: IssueRef): ChildIssue => ({
  key: ref.key ?? '',
  status: ref.fields?.status?.name ?? '',
  summary: ref.fields?.summary ?? '',
});

/** How many of an epic's children `issue view` fetches; more are counted, not listed. */
export const CHILDREN_SHOWN = 20;

/**
 * What is under an issue: its sub-tasks (from the issue's own `subtasks` field) and, for an epic,
 * the issues under it (a search). `more` says whether the epic had more than were fetched.
 */
export async function issueChildren(ctx: JiraContext, issue: JiraIssue): Promise<{ children: ChildIssue[]; more: boolean }> {
  const fields = issue.fields ?? {};
  const children = ((fields.subtasks as IssueRef[] | undefined) ?? []).map(childOf);
  const type = fields.issuetype as { name?: string; hierarchyLevel?: number } | undefined;
  const isEpic = type?.hierarchyLevel === 1 || (type?.hierarchyLevel === undefined && type?.name === 'Epic');
  if (!isEpic) return { children, more: false };
  const found = searchIssues(ctx, {
    jql: `${epicChildrenJql(ctx, issue.key)} ORDER BY key ASC`,
    fields: ['summary', 'status'],
    limit: CHILDREN_SHOWN,
  });
  for await (const child of found) children.push(childOf(child));
  return { children, more: found.hasMore };
}
