import { conflictError } from '../../cmdutil/flags.js';
import { jiraContext, navigatorUrl } from '../../jira/context.js';
import { explainSearchError } from '../../jira/hints.js';
import { buildJql } from '../../jira/jql.js';
import { errorAgainstUsersJql, isUnboundedJqlError, unboundedJqlError } from '../../jira/search.js';
import { defineCommand } from '../spec.js';
import { collect } from '../../cmdutil/input.js';
import { listingOptions, printSearch } from './_shared/search.js';
import { openOnWeb, wantsWeb, webOption } from '../../cmdutil/web.js';

/** The search command; `atl jira issue list` is the same command under jira-cli's name (issue/list.ts). */
export const searchCommand = defineCommand({
  path: ['jira', 'search'],
  summary: 'Search issues with JQL or shortcut flags',
  json: 'listing',
  description:
    'Search issues with JQL, with shortcut flags that build it, or both (the flags are ANDed with the JQL). ' +
    'Prints a table by default, the issues as Jira returns them with --json, or CSV with --csv.\n\n' +
    'At most 50 issues are printed unless --limit or --all says otherwise; when more match, a notice on stderr says so.',
  arguments: '[jql]',
  examples: [
    'atl jira search --project ABC --assignee me --status "In Progress"',
    'atl jira search "project = ABC AND labels = backend" --all --json',
    'atl jira search -P ABC --created -7d --order-by created',
    'atl jira search -P ABC --fields summary,status,labels --csv > issues.csv',
    'atl jira search -P ABC --csv --bom --output issues.csv   # for Excel; exact UTF-8 from PowerShell too',
    'atl jira search -P ABC --count',
    'atl jira search -P ABC --status Open --web',
  ],
  options: (command) =>
    listingOptions(command)
      .option('--jql <jql>', 'the JQL query (instead of the argument)')
      .option('-P, --project <key>', 'issues in this project')
      .option('-a, --assignee <user>', 'assigned to me, none, or an email/user name/account id')
      .option('--reporter <user>', 'reported by me, none, or an email/user name/account id')
      .option('-s, --status <name>', 'in this status (repeatable)', collect)
      .option('-t, --type <name>', 'of this issue type')
      .option('-l, --label <label>', 'with this label (repeatable: all must be present)', collect)
      .option('--priority <name>', 'with this priority')
      .option('--text <words>', 'text search (text ~ "…")')
      .option('--created <when>', 'created since: -7d, today, week, month, or a date')
      .option('--updated <when>', 'updated since: -7d, today, week, month, or a date')
      .option('--order-by <field>', 'sort by this field (default: updated, newest first)')
      .option('--reverse', 'reverse the sort order')
      .addOption(webOption("open the search in the browser's issue navigator (the URL is printed too)")),
  async run(f, args, options) {
    if (args[0] !== undefined && options.jql !== undefined) throw conflictError('a JQL argument', '--jql');
    const web = wantsWeb(f, options);
    const jql = buildJql(
      args[0] ?? options.jql,
      {
        project: options.project,
        assignee: options.assignee,
        reporter: options.reporter,
        status: options.status,
        type: options.type,
        label: options.label,
        priority: options.priority,
        text: options.text,
        created: options.created,
        updated: options.updated,
      },
      { orderBy: options.orderBy, reverse: options.reverse },
    );
    const ctx = await jiraContext(f);
    if (web) return openOnWeb(f, navigatorUrl(ctx, jql));
    try {
      await printSearch(f, ctx, jql, options);
    } catch (err) {
      if (isUnboundedJqlError(err)) throw unboundedJqlError(err, UNBOUNDED_HINT);
      throw await explainSearchError(ctx, await errorAgainstUsersJql(ctx, err, args[0] ?? options.jql, jql));
    }
  },
});

/** What to add when Cloud refuses a search with no restriction. */
export default searchCommand;

const UNBOUNDED_HINT =
  'add a filter: --project KEY, --assignee me, --reporter me, --status NAME, --type NAME, --label NAME, --priority NAME, ' +
  '--text WORDS, --created -30d or --updated -7d, or a JQL restriction such as "project = KEY"';
