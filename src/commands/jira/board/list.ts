import type { NamedColumns } from '../../../cmdutil/columns.js';
import { jiraContext } from '../../../jira/context.js';
import { listBoards } from '../../../jira/projects.js';
import type { JiraBoard } from '../../../jira/types.js';
import { defineCommand } from '../../spec.js';
import { columnFlags } from '../../../cmdutil/listing.js';
import { printColumnListing } from '../../../cmdutil/column-listing.js';

const COLUMNS: NamedColumns<JiraBoard> = {
  id: { header: 'ID', value: (b) => String(b.id) },
  name: { header: 'NAME', value: (b) => b.name, flexible: true },
  type: { header: 'TYPE', value: (b) => b.type ?? '' },
  project: { header: 'PROJECT', value: (b) => b.location?.projectKey ?? '' },
};

export default defineCommand({
  path: ['jira', 'board', 'list'],
  summary: 'List boards, optionally of one project',
  json: 'listing',
  examples: ['atl jira board list', 'atl jira board list --project ABC --json', 'atl jira board list --fields id,name --csv'],
  options: (command) => columnFlags(command.option('-P, --project <key>', 'only boards of this project'), Object.keys(COLUMNS).join(',')),
  async run(f, _args, options) {
    const ctx = await jiraContext(f);
    const noun = { one: 'board', many: 'boards' };
    await printColumnListing(f, options, listBoards(ctx, options.project?.trim()), COLUMNS, Object.keys(COLUMNS), noun, 'no boards');
  },
});
