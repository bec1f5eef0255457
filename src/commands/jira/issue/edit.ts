import { usageError } from '../../../errors.js';
import { printJson } from '../../../cmdutil/json.js';
import { jiraContext } from '../../../jira/context.js';
import { editIssue, type IssueChanges } from '../../../jira/issues.js';
import { explainChangeError } from '../../../jira/hints.js';
import type { JiraContext } from '../../../jira/context.js';
import { parentFields } from '../../../jira/parent.js';
import { assigneePerProject } from '../../../jira/users.js';
import { defineCommand } from '../../spec.js';
import { issueTarget, refuseKeyWithJql, runJqlBulk } from '../_shared/bulk.js';
import { issueChanges, issueValueOptions } from '../_shared/issue-values.js';

export default defineCommand({
  path: ['jira', 'issue', 'edit'],
  summary: "Change an issue's fields (or many issues' with --jql)",
  json: 'value',
  description:
    'Change fields of an issue; fields not given are left as they are. --label +a adds a label, ' +
    '--label -b removes one (a plain label adds), so existing labels survive.\n\n' +
    'With --jql instead of a key, every matching issue is changed after confirmation (or --yes).',
  arguments: '[key]',
  examples: [
    'atl jira issue edit ABC-123 --summary "New title" --priority High',
    'atl jira issue edit ABC-123 --label +backend --label -frontend',
    'atl jira issue edit ABC-123 --description-file notes.md',
    'atl jira issue edit --jql "project = ABC AND labels = old" --label -old --label +new --yes',
  ],
  options: (command) =>
    issueValueOptions(command, 'add a label, +label adds, -label removes (repeatable)')
      .option('--jql <jql>', 'edit every issue matching this JQL instead of one key')
      .option('--yes', 'do not ask for confirmation'),
  async run(f, args, options) {
    refuseKeyWithJql(args, options.jql, 0);
    const target = issueTarget(args[0], options.jql);
    const ctx = await jiraContext(f);
    // In bulk, the assignee is looked up per project and (on Data Center) the parent field chosen per
    // issue type (see below), so they are left out here.
    const { assignee, parent, ...others } = options;
    const bulk = target.jql !== undefined ? { assignee, parent } : {};
    const single = target.key !== undefined ? target.key : undefined;
    const changes = await issueChanges(
      f,
      ctx,
      single === undefined ? others : options,
      'edit',
      undefined,
      single === undefined ? undefined : { issueKey: single },
      single === undefined ? undefined : { issueKey: single },
    );
    if (
      Object.keys(changes.fields).length === 0 &&
      Object.keys(changes.update ?? {}).length === 0 &&
      bulk.assignee === undefined &&
      bulk.parent === undefined
    ) {
      throw usageError(
        'nothing to change',
        'give at least one of --summary, --description, --label, --assignee, --priority, --parent, --component, --field',
      );
    }
    if (target.jql !== undefined) {
      const perProject = bulk.assignee === undefined ? undefined : assigneePerProject(ctx, bulk.assignee);
      return runJqlBulk(
        f,
        ctx,
        target.jql,
        { would: 'be edited', ask: (issues) => `Edit ${issues}?` },
        options.yes,
        async (key) => {
          const fields = { ...changes.fields };
          if (perProject) fields.assignee = await perProject.forKey(key);
          if (bulk.parent !== undefined) Object.assign(fields, await parentFields(ctx, bulk.parent, { issueKey: key }));
          await editExplained(ctx, key, { ...changes, fields });
        },
        perProject?.prepare,
      );
    }
    const { key } = target;
    await editExplained(ctx, key, changes);
    if (f.globals.json) printJson(f.io, { key, updated: true });
    else f.io.stdout.write(`updated ${key}\n`);
  },
});

/** An edit whose 400 names a component (or type) the issue's project lacks gets a hint listing what it has. */
function editExplained(ctx: JiraContext, key: string, changes: IssueChanges): Promise<void> {
  return editIssue(ctx, key, changes).catch(async (err: unknown) => {
    const project = /^([A-Za-z][A-Za-z0-9_]*)-\d+$/.exec(key)?.[1];
    throw project === undefined ? err : await explainChangeError(ctx, project.toUpperCase(), err);
  });
}
