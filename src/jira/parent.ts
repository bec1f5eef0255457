import { usageError } from '../errors.js';
import type { JiraContext } from './context.js';
import { CUSTOM_TYPES, listFields } from './fields.js';
import { getIssue } from './issues.js';
import { creatableIssueTypes } from './meta.js';
import type { JiraField } from './types.js';

/** The issue whose parent is being set: one being created (project and type), or an existing one. */
export type ParentOf =
  | { project: string; issueType: string; issueKey?: undefined }
  | { issueKey: string; project?: undefined; issueType?: undefined };

/** The Epic Link field (Jira Software on Data Center), by its type or else by its name. */
export function findEpicLink(fields: readonly JiraField[]): JiraField | undefined {
  return fields.find((f) => f.schema?.custom === CUSTOM_TYPES.epicLink) ?? fields.find((f) => f.name.toLowerCase() === 'epic link');
}

/** Whether the issue type is a sub-task type; undefined when Jira does not say (Jira then decides). */
async function isSubtask(ctx: JiraContext, of: ParentOf): Promise<boolean | undefined> {
  if (of.issueKey !== undefined) {
    const issue = await getIssue(ctx, of.issueKey, ['issuetype']);
    const type = issue.fields?.issuetype as { subtask?: boolean } | undefined;
    return type?.subtask;
  }
  const wanted = of.issueType.trim().toLowerCase();
  const type = (await creatableIssueTypes(ctx, of.project)).find((t) => t.name?.toLowerCase() === wanted || t.id === of.issueType.trim());
  return typeof type?.subtask === 'boolean' ? type.subtask : undefined;
}

/**
 * The field(s) that put an issue under `parentKey`. Cloud: `parent` for every level (epic, or the
 * parent of a sub-task). Data Center has `parent` for sub-tasks only and refuses it on any other
 * type; a story, task or bug goes under its epic through the Epic Link field, which takes the
 * epic's key.
 */
export async function parentFields(ctx: JiraContext, parentKey: string, of: ParentOf): Promise<Record<string, unknown>> {
  const key = parentKey.trim().toUpperCase();
  if (ctx.deployment === 'cloud' || (await isSubtask(ctx, of)) !== false) return { parent: { key } };
  const epicLink = findEpicLink(await listFields(ctx));
  if (!epicLink) {
    throw usageError(
      `on Data Center, --parent sets the parent of a sub-task only, and ${of.issueKey ?? `a ${of.issueType}`} is not a sub-task`,
      'this site has no Epic Link field (Jira Software) to put it under an epic; use a sub-task type for a parent',
    );
  }
  return { [epicLink.id]: key };
}
