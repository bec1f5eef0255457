import { jiraContext } from '../../../jira/context.js';
import { listBoards } from '../../../jira/projects.js';
import type { JiraBoard } from '../../../jira/types.js';
import { defineCommand } from '../../spec.js';
import { printListing } from '../../../cmdutil/listing.js';

export default defineCommand({
  path: ['jira', 'board', 'list'],
  summary: 'List boards, optionally of one project',
  json: 'listing',
  examples: ['atl jira board list', 'atl jira board list --project ABC --json'],
  options: (command) => command.option('-P, --project <key>', 'only boards of this project'),
  async run(f, _args, options) {
    const ctx = await jiraContext(f);
    await printListing<JiraBoard>(
      f,
      listBoards(ctx, options.project?.trim()),
      [
        { header: 'ID', value: (b) => String(b.id) },
        { header: 'NAME', value: (b) => b.name, flexible: true },
        { header: 'TYPE', value: (b) => b.type ?? '' },
        { header: 'PROJECT', value: (b) => b.location?.projectKey ?? '' },
      ],
      'no boards',
    );
  },
});
