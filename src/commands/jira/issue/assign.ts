import { usageError } from '../../../errors.js';
import { printJson } from '../../../cmdutil/json.js';
import { jiraContext } from '../../../jira/context.js';
import { assignIssue } from '../../../jira/issues.js';
import { assigneePerProject, meansNobody, userRef } from '../../../jira/users.js';
import { sanitizeText } from '../../../output/terminal.js';
import { defineCommand } from '../../spec.js';
import { issueTarget, refuseKeyWithJql, runJqlBulk } from '../_shared/bulk.js';

export default defineCommand({
  path: ['jira', 'issue', 'assign'],
  summary: 'Assign an issue to me, nobody, or someone (by email, name or account id)',
  json: 'value',
  description:
    'Assign an issue. An email, name or display name is looked up among the people who can be assigned the issue ' +
    "(Jira's assignable-user search), so the person found can take it; an email works even when their profile hides it.\n\n" +
    'With --jql instead of a key, every matching issue is assigned after confirmation (or --yes).',
  arguments: '[key] [user]',
  examples: [
    'atl jira issue assign ABC-123 me',
    'atl jira issue assign ABC-123 mia@example.com',
    'atl jira issue assign ABC-123 none',
    'atl jira issue assign --jql "project = ABC AND assignee IS EMPTY" me --yes',
  ],
  options: (command) =>
    command.option('--jql <jql>', 'assign every issue matching this JQL instead of one key').option('--yes', 'do not ask for confirmation'),
  async run(f, args, options) {
    // With --jql the only argument is the user; without it, the key comes first.
    refuseKeyWithJql(args, options.jql, 1);
    const target = issueTarget(options.jql === undefined ? args[0] : undefined, options.jql);
    const who = target.jql === undefined ? args[1] : args[0];
    if (who === undefined) throw usageError('say who to assign to', 'use me, none, or an email/user name/account id');
    const ctx = await jiraContext(f);
    if (target.jql !== undefined) {
      // Looked up among who can be assigned in each issue's project (once per project), before asking.
      const assignee = assigneePerProject(ctx, who);
      const action = meansNobody(who)
        ? { would: 'be unassigned', ask: (issues: string) => `Unassign ${issues}?` }
        : { would: `be assigned to ${who}`, ask: (issues: string) => `Assign ${issues} to ${who}?` };
      return runJqlBulk(
        f,
        ctx,
        target.jql,
        action,
        options.yes,
        async (key) => assignIssue(ctx, key, await assignee.forKey(key)),
        assignee.prepare,
      );
    }
    const { key } = target;
    const user = await userRef(ctx, who, { issueKey: key });
    // userRef gives one entry, accountId (Cloud) or name (Data Center): null means unassigned.
    const assignee = Object.values(user)[0] ?? null;
    await assignIssue(ctx, key, user);
    if (f.globals.json) printJson(f.io, { key, assignee });
    else f.io.stdout.write(sanitizeText(assignee === null ? `${key} unassigned\n` : `${key} assigned to ${who}\n`));
  },
});
