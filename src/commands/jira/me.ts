import { jiraContext } from '../../jira/context.js';
import { myself } from '../../jira/users.js';
import { printJson } from '../../cmdutil/json.js';
import { defineCommand } from '../spec.js';
import { sanitizeText } from '../../output/terminal.js';

export default defineCommand({
  path: ['jira', 'me'],
  summary: 'Show the Jira user you are logged in as',
  json: 'value',
  examples: ['atl jira me', 'atl jira me --json'],
  async run(f) {
    const ctx = await jiraContext(f);
    const me = await myself(ctx);
    if (f.globals.json) {
      printJson(f.io, me);
      return;
    }
    const rows: Array<[string, unknown]> = [
      ['Name', me.displayName],
      ['Email', me.emailAddress],
      ['Account ID', me.accountId],
      ['User name', me.name],
      ['Time zone', me.timeZone],
      ['Site', ctx.browseBase],
    ];
    for (const [label, value] of rows)
      if (typeof value === 'string' && value) f.io.stdout.write(`${label.padEnd(12)}${sanitizeText(value)}\n`);
  },
});
