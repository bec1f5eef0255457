import { usageError } from '../../../errors.js';
import { activeSprints, boardUrl, parseBoardId, sprintBoardOf } from '../../../jira/agile.js';
import { jiraContext } from '../../../jira/context.js';
import { buildJql } from '../../../jira/jql.js';
import { sanitizeText } from '../../../output/terminal.js';
import { defineCommand } from '../../spec.js';
import { fieldText } from '../_shared/issue-output.js';
import { listingOptions, printSearch } from '../_shared/search.js';
import { openOnWeb, wantsWeb, webOption } from '../../../cmdutil/web.js';

export default defineCommand({
  path: ['jira', 'sprint', 'current'],
  summary: "Show the active sprint of a project's board and its issues",
  description:
    "Show the active sprint (name, dates, goal) of the project's scrum board, or of --board ID, then its issues as search lists them. " +
    'With --json or --csv only the issues are printed (the sprint itself: `atl jira sprint list --state active --json`).',
  json: 'listing',
  examples: [
    'atl jira sprint current --project ABC',
    'atl jira sprint current --board 1 --fields summary,status,assignee',
    'atl jira sprint current -P ABC --json',
    'atl jira sprint current -P ABC --web',
  ],
  options: (command) =>
    listingOptions(command)
      .option('-P, --project <key>', "the project whose scrum board's sprint to show")
      .option('--board <id>', 'the board whose sprint to show (instead of --project, or to pick one of several)')
      .option('--order-by <field>', 'sort by this field (default: updated, newest first)')
      .option('--reverse', 'reverse the sort order')
      .addOption(webOption('open the board, where Jira shows its active sprint, in the browser (the URL is printed too)')),
  async run(f, _args, options) {
    const project = options.project?.trim();
    if (options.board === undefined && !project)
      throw usageError('missing --project or --board', 'say whose sprint: --project KEY or --board ID');
    const web = wantsWeb(f, options);
    const ctx = await jiraContext(f);
    const boardId = options.board !== undefined ? parseBoardId('--board', options.board) : (await sprintBoardOf(ctx, project!)).id;
    if (web) return openOnWeb(f, boardUrl(ctx, boardId));
    const sprints = await activeSprints(ctx, boardId);
    if (sprints.length === 0) {
      f.io.stderr.write(`no active sprint on board ${boardId}\n`);
      return 1;
    }
    if (!f.globals.json && options.csv !== true && options.csvRaw !== true && !options.count) {
      const lines = sprints.map((s) => {
        const dates = [fieldText(s.startDate).slice(0, 10), fieldText(s.endDate).slice(0, 10)].filter(Boolean).join(' → ');
        return `${s.name} (${s.id})${dates ? `  ${dates}` : ''}${s.goal ? `\ngoal: ${s.goal}` : ''}\n`;
      });
      f.io.stdout.write(sanitizeText(`${lines.join('')}\n`));
    }
    // Parallel sprints: Jira lets a board run more than one at a time.
    const ids = sprints.map((s) => s.id);
    const jql = buildJql(
      ids.length === 1 ? `sprint = ${ids[0]}` : `sprint in (${ids.join(', ')})`,
      {},
      { orderBy: options.orderBy, reverse: options.reverse },
    );
    await printSearch(f, ctx, jql, options);
  },
});
