import { jiraContext } from '../../../jira/context.js';
import { listProjects } from '../../../jira/projects.js';
import type { JiraProject } from '../../../jira/types.js';
import { printTable } from '../../../output/table.js';
import { defineCommand } from '../../spec.js';
import { fieldText, printJsonStream } from '../_shared/output.js';

export default defineCommand({
  path: ['jira', 'project', 'list'],
  summary: 'List the projects you can see',
  examples: ['atl jira project list', 'atl jira project list --json'],
  async run(f) {
    const ctx = await jiraContext(f);
    if (f.globals.json) {
      await printJsonStream(f.io, listProjects(ctx));
      return;
    }
    const projects: JiraProject[] = [];
    for await (const p of listProjects(ctx)) projects.push(p);
    if (projects.length === 0) {
      f.io.stderr.write('no projects\n');
      return;
    }
    printTable<JiraProject>(
      f.io,
      [
        { header: 'KEY', value: (p) => p.key },
        { header: 'NAME', value: (p) => p.name, flexible: true },
        { header: 'TYPE', value: (p) => p.projectTypeKey ?? '' },
        { header: 'LEAD', value: (p) => fieldText(p.lead) },
      ],
      projects,
    );
  },
});
