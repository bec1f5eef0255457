import type { ChildIssue } from '../../../jira/epics.js';
import { CHILDREN_SHOWN } from '../../../jira/epics.js';

/**
 * `issue view`'s list of what is under the issue (sub-tasks, an epic's issues): key, status and
 * summary in aligned columns; empty when there is nothing under it. `more` says the epic has more
 * than were fetched, and where to see them all.
 */
export function childrenSection(issueKey: string, children: readonly ChildIssue[], more: boolean): string {
  if (children.length === 0) return '';
  const keyWidth = Math.max(...children.map((c) => c.key.length));
  const statusWidth = Math.max(...children.map((c) => c.status.length));
  const title = more ? `Children (first ${CHILDREN_SHOWN}; all: atl jira epic issues ${issueKey})` : `Children (${children.length})`;
  const rows = children.map((c) => `  ${c.key.padEnd(keyWidth)}  ${c.status.padEnd(statusWidth)}  ${c.summary}`.trimEnd());
  return `\n${title}:\n${rows.join('\n')}\n`;
}
