import { printJson } from '../../../cmdutil/json.js';
import { jiraContext } from '../../../jira/context.js';
import { checkIssueKey } from '../../../jira/issues.js';
import { toJiraText } from '../../../jira/text.js';
import { addWorklog, formatDuration, jiraTimestamp, parseDuration, parseStarted } from '../../../jira/worklogs.js';
import { sanitizeText } from '../../../output/terminal.js';
import { defineCommand } from '../../spec.js';

export default defineCommand({
  path: ['jira', 'worklog', 'add'],
  summary: 'Log time spent on an issue',
  description:
    'Log time on an issue. The duration is in Jira\'s syntax: weeks, days, hours and minutes ("1w 2d 3h 4m", 1h30m, 45m); ' +
    'the site counts days and weeks by its own working time. The work started now unless --started says when ' +
    '(a date alone means 09:00 local time). The comment is Markdown.',
  json: 'value',
  arguments: '<key> <duration>',
  examples: [
    'atl jira worklog add ABC-123 1h30m',
    'atl jira worklog add ABC-123 "2d 4h" --comment "Migration, **phase 1**"',
    'atl jira worklog add ABC-123 45m --started 2024-05-31T14:30',
    'atl jira worklog add ABC-123 1d --started 2024-05-30 --json',
  ],
  options: (command) =>
    command
      .option('--comment <text>', 'what the time was spent on (Markdown)')
      .option('--started <when>', 'when the work started: a date (2024-05-31) or an ISO date-time (default: now)'),
  async run(f, args, options) {
    const key = checkIssueKey(args[0]!);
    const timeSpent = parseDuration(args[1]!);
    const started = options.started === undefined ? jiraTimestamp(f.now()) : parseStarted(options.started);
    const ctx = await jiraContext(f);
    const comment = options.comment?.trim() ? await toJiraText(ctx, options.comment) : undefined;
    const worklog = await addWorklog(ctx, key, { timeSpent, started, ...(comment === undefined ? {} : { comment }) });
    if (f.globals.json) return printJson(f.io, worklog);
    const spent = worklog.timeSpentSeconds === undefined ? (worklog.timeSpent ?? timeSpent) : formatDuration(worklog.timeSpentSeconds);
    f.io.stdout.write(sanitizeText(`logged ${spent} on ${key} (worklog ${worklog.id})\n`));
  },
});
