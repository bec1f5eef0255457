import { jiraContext } from '../../../jira/context.js';
import { listBoards } from '../../../jira/projects.js';
import type { JiraBoard } from '../../../jira/types.js';
import { printTable } from '../../../output/table.js';
import { defineCommand } from '../../spec.js';
import { printJsonStream } from '../_shared/output.js';

interface BoardListOptions {
  project?: string;
}

export default defineCommand<BoardListOptions>({
  path: ['jira', 'board', 'list'],
  summary: 'List boards, optionally of one project',
  examples: ['atl jira board list', 'atl jira board list --project ABC --json'],
  options(command) {
    command.option('-P, --project <key>', 'only boards of this project');
  },
  async run(f, _args, options) {
    const ctx = await jiraContext(f);
    const boards = listBoards(ctx, options.project?.trim());
    if (f.globals.json) {
      await printJsonStream(f.io, boards);
      return;
    }
    const rows: JiraBoard[] = [];
    for await (const b of boards) rows.push(b);
    if (rows.length === 0) {
      f.io.stderr.write('no boards\n');
      return;
    }
    printTable<JiraBoard>(
      f.io,
      [
        { header: 'ID', value: (b) => String(b.id) },
        { header: 'NAME', value: (b) => b.name, flexible: true },
        { header: 'TYPE', value: (b) => b.type ?? '' },
        { header: 'PROJECT', value: (b) => b.location?.projectKey ?? '' },
      ],
      rows,
    );
  },
});
