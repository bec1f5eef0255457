import { usageError } from '../../../errors.js';
import { jiraContext } from '../../../jira/context.js';
import { assignIssue } from '../../../jira/issues.js';
import { userRef } from '../../../jira/users.js';
import { sanitizeText } from '../../../output/terminal.js';
import { defineCommand } from '../../spec.js';
import { issueTarget, runBulk } from '../_shared/bulk.js';

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
    // With --jql the only argument is the user; without it, the key comes first.
    if (options.jql !== undefined && args.length > 1) throw usageError('with --jql, give only the user (no issue key)');
    const target = issueTarget(options.jql === undefined ? args[0] : undefined, options.jql);
    const who = target.jql === undefined ? args[1] : args[0];
    if (who === undefined) throw usageError('say who to assign to', 'use me, none, or an email/user name/account id');
    const ctx = await jiraContext(f);
    const user = await userRef(ctx, who);
    // userRef gives one entry, accountId (Cloud) or name (Data Center): null means unassigned.
    const assignee = Object.values(user)[0] ?? null;
    const label = assignee === null ? 'unassigned' : who;
    if (target.jql !== undefined) return runBulk(f, ctx, target.jql, `be assigned to ${label}`, options.yes, (key) => assignIssue(ctx, key, user));
    const { key } = target;
    await assignIssue(ctx, key, user);
    if (f.globals.json) f.io.stdout.write(`${JSON.stringify({ key, assignee })}\n`);
    else f.io.stdout.write(sanitizeText(assignee === null ? `${key} unassigned\n` : `${key} assigned to ${who}\n`));
  },
});
