import { jiraContext } from '../../../jira/context.js';
import { listProjects } from '../../../jira/projects.js';
import type { JiraProject } from '../../../jira/types.js';
import { defineCommand } from '../../spec.js';
import { printListing } from '../../../cmdutil/listing.js';
import { fieldText } from '../_shared/issue-output.js';

export default defineCommand({
  path: ['jira', 'project', 'list'],
  summary: 'List the projects you can see',
  json: 'listing',
  examples: ['atl jira project list', 'atl jira project list --json'],
  async run(f) {
    const ctx = await jiraContext(f);
    await printListing<JiraProject>(
      f,
      listProjects(ctx),
      [
        { header: 'KEY', value: (p) => p.key },
        { header: 'NAME', value: (p) => p.name, flexible: true },
        { header: 'TYPE', value: (p) => p.projectTypeKey ?? '' },
        { header: 'LEAD', value: (p) => fieldText(p.lead) },
      ],
      'no projects',
    );
  },
});
