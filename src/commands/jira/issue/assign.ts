import { usageError } from '../../../errors.js';
import { jiraContext } from '../../../jira/context.js';
import { assignIssue, checkIssueKey } from '../../../jira/issues.js';
import { userRef } from '../../../jira/users.js';
import { defineCommand } from '../../spec.js';
import { runBulk } from '../_shared/bulk.js';

interface AssignOptions {
  jql?: string;
  yes?: boolean;
}

export default defineCommand<AssignOptions>({
  path: ['jira', 'issue', 'assign'],
  summary: 'Assign an issue to me, nobody, or someone (by email, name or account id)',
  description: 'Assign an issue. With --jql instead of a key, every matching issue is assigned after confirmation (or --yes).',
  arguments: '[key] [user]',
  examples: [
    'atl jira issue assign ABC-123 me',
    'atl jira issue assign ABC-123 jane@example.com',
    'atl jira issue assign ABC-123 none',
    'atl jira issue assign --jql "project = ABC AND assignee IS EMPTY" me --yes',
  ],
  options(command) {
    command.option('--jql <jql>', 'assign every issue matching this JQL instead of one key').option('--yes', 'do not ask for confirmation');
  },
  async run(f, args, options) {
    const bulk = options.jql !== undefined;
    const keyArg = bulk ? undefined : args[0];
    const who = bulk ? args[0] : args[1];
    if (bulk && args.length > 1) throw usageError('with --jql, give only the user (no issue key)');
    if (!bulk && keyArg === undefined) throw usageError('give an issue key or --jql');
    if (who === undefined) throw usageError('say who to assign to', 'use me, none, or an email/user name/account id');
    const ctx = await jiraContext(f);
    const user = await userRef(ctx, who);
    const label = Object.values(user)[0] === null ? 'unassigned' : who;
    if (bulk) return runBulk(f, ctx, options.jql!, `be assigned to ${label}`, options.yes, (key) => assignIssue(ctx, key, user));
    const key = checkIssueKey(keyArg!);
    await assignIssue(ctx, key, user);
    if (f.globals.json) f.io.stdout.write(`${JSON.stringify({ key, assignee: Object.values(user)[0] })}\n`);
    else f.io.stdout.write(label === 'unassigned' ? `${key} unassigned\n` : `${key} assigned to ${who}\n`);
  },
});
