import { columnFlags } from '../../../cmdutil/listing.js';
import { printColumnListing } from '../../../cmdutil/column-listing.js';
import type { NamedColumns } from '../../../cmdutil/columns.js';
import { jiraContext } from '../../../jira/context.js';
import { listProjects } from '../../../jira/projects.js';
import type { JiraProject } from '../../../jira/types.js';
import { defineCommand } from '../../spec.js';
import { recordingSeenItems } from '../../../completion/seen.js';
import { fieldText } from '../_shared/issue-output.js';

const COLUMNS: NamedColumns<JiraProject> = {
  key: { header: 'KEY', value: (p) => p.key },
  name: { header: 'NAME', value: (p) => p.name, flexible: true },
  type: { header: 'TYPE', value: (p) => p.projectTypeKey ?? '' },
  lead: { header: 'LEAD', value: (p) => fieldText(p.lead) },
  id: { header: 'ID', value: (p) => p.id },
};

const DEFAULT_COLUMNS = ['key', 'name', 'type', 'lead'];

export default defineCommand({
  path: ['jira', 'project', 'list'],
  summary: 'List the projects you can see',
  json: 'listing',
  examples: ['atl jira project list', 'atl jira project list --json', 'atl jira project list --fields key,name,id --csv'],
  options: (command) => columnFlags(command, Object.keys(COLUMNS).join(',')),
  async run(f, _args, options) {
    const ctx = await jiraContext(f);
    const noun = { one: 'project', many: 'projects' };
    await printColumnListing(
      f,
      options,
      recordingSeenItems(f, listProjects(ctx), (p) => ({ projects: [p.key] })),
      COLUMNS,
      DEFAULT_COLUMNS,
      noun,
      'no projects',
    );
  },
});
