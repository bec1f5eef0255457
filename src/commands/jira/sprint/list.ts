import type { NamedColumns } from '../../../cmdutil/columns.js';
import { usageError } from '../../../errors.js';
import { parseBoardId, sprintBoardOf } from '../../../jira/agile.js';
import { jiraContext } from '../../../jira/context.js';
import { listSprints } from '../../../jira/projects.js';
import type { JiraSprint } from '../../../jira/types.js';
import { defineCommand } from '../../spec.js';
import { collect } from '../../../cmdutil/input.js';
import { columnFlags } from '../../../cmdutil/listing.js';
import { printColumnListing } from '../../../cmdutil/column-listing.js';
import { fieldText } from '../_shared/issue-output.js';

const STATES = ['active', 'future', 'closed'];

const COLUMNS: NamedColumns<JiraSprint> = {
  id: { header: 'ID', value: (s) => String(s.id) },
  name: { header: 'NAME', value: (s) => s.name, flexible: true },
  state: { header: 'STATE', value: (s) => s.state ?? '' },
  start: { header: 'START', value: (s) => fieldText(s.startDate).slice(0, 10) },
  end: { header: 'END', value: (s) => fieldText(s.endDate).slice(0, 10) },
  goal: { header: 'GOAL', value: (s) => s.goal ?? '', flexible: true },
};

export default defineCommand({
  path: ['jira', 'sprint', 'list'],
  summary: "List the sprints of a board, or of a project's scrum board",
  json: 'listing',
  examples: [
    'atl jira sprint list --project ABC',
    'atl jira sprint list --board 1',
    'atl jira sprint list --board 1 --state active --json',
    'atl jira sprint list -P ABC --fields id,name,goal --csv',
  ],
  options: (command) =>
    columnFlags(
      command
        .option('--board <id>', 'the id of the board (see `atl jira board list`)')
        .option('-P, --project <key>', "the project whose scrum board's sprints to list (instead of --board)")
        .option('--state <state>', 'active, future or closed (repeatable)', collect),
      `${Object.keys(COLUMNS).join(',')}`,
    ),
  async run(f, _args, options) {
    const project = options.project?.trim();
    if (options.board === undefined && !project)
      throw usageError('missing --board or --project', 'find the board id with `atl jira board list`, or give --project KEY');
    const boardId = options.board === undefined ? undefined : parseBoardId('--board', options.board);
    const states = (options.state ?? [])
      .flatMap((s) => s.split(','))
      .map((s) => s.trim().toLowerCase())
      .filter((s) => s !== '');
    const bad = states.find((s) => !STATES.includes(s));
    if (bad) throw usageError(`invalid --state ${JSON.stringify(bad)}`, 'use active, future or closed');
    const ctx = await jiraContext(f);
    const board = boardId ?? (await sprintBoardOf(ctx, project!)).id;
    const noun = { one: 'sprint', many: 'sprints' };
    await printColumnListing(
      f,
      options,
      listSprints(ctx, board, states),
      COLUMNS,
      ['id', 'name', 'state', 'start', 'end'],
      noun,
      'no sprints',
    );
  },
});
