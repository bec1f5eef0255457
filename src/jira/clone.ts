import type { JiraContext } from './context.js';
import { createIssue, getIssue } from './issues.js';
import type { CreatedIssue } from './types.js';

/** The fields `issue clone` reads from the original. */
export const CLONED_FIELDS = ['summary', 'description', 'issuetype', 'priority', 'labels', 'components', 'project', 'parent'] as const;

export interface CloneChanges {
  summary?: string;
  /** Another project's key; components are then left behind (they belong to the original's project). */
  project?: string;
}

interface Ref {
  id?: string;
  key?: string;
  name?: string;
  subtask?: boolean;
}

/**
 * The create fields of a copy of `original`: summary, description (in the site's own format, as
 * read), type, priority, labels and components, and the parent of a sub-task. In another project
 * the type goes by name (ids may differ there) and components and parent stay behind.
 */
export function cloneFieldsOf(original: { fields?: Record<string, unknown> }, changes: CloneChanges): Record<string, unknown> {
  const source = original.fields ?? {};
  const project = source.project as Ref | undefined;
  const type = source.issuetype as Ref | undefined;
  const targetProject = changes.project?.trim().toUpperCase() ?? project?.key ?? '';
  const sameProject = targetProject === project?.key;
  const fields: Record<string, unknown> = {
    project: { key: targetProject },
    summary: changes.summary ?? source.summary ?? '',
    issuetype: sameProject && type?.id ? { id: type.id } : { name: type?.name ?? '' },
  };
  if (source.description !== undefined && source.description !== null) fields.description = source.description;
  const priority = source.priority as Ref | null | undefined;
  if (priority?.id) fields.priority = { id: priority.id };
  const labels = source.labels as string[] | undefined;
  if (labels && labels.length > 0) fields.labels = [...labels];
  const components = source.components as Ref[] | undefined;
  if (sameProject && components && components.length > 0) fields.components = components.map((c) => ({ id: c.id }));
  const parent = source.parent as Ref | undefined;
  if (sameProject && type?.subtask && parent?.key) fields.parent = { key: parent.key };
  return fields;
}

export async function cloneIssue(ctx: JiraContext, key: string, changes: CloneChanges): Promise<CreatedIssue> {
  const original = await getIssue(ctx, key, CLONED_FIELDS);
  return createIssue(ctx, cloneFieldsOf(original, changes));
}
