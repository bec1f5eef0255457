import { usageError } from '../../../errors.js';
import { jiraContext } from '../../../jira/context.js';
import { listSprints } from '../../../jira/projects.js';
import type { JiraSprint } from '../../../jira/types.js';
import { defineCommand } from '../../spec.js';
import { collect } from '../../../cmdutil/input.js';
import { printListing } from '../../../cmdutil/listing.js';
import { fieldText } from '../_shared/issue-output.js';

const STATES = ['active', 'future', 'closed'];

export default defineCommand({
  path: ['jira', 'sprint', 'list'],
  summary: 'List the sprints of a board',
  json: 'listing',
  examples: ['atl jira sprint list --board 1', 'atl jira sprint list --board 1 --state active --json'],
  options: (command) =>
    command
      .option('--board <id>', 'the id of the board, required (see `atl jira board list`)')
      .option('--state <state>', 'active, future or closed (repeatable)', collect),
  async run(f, _args, options) {
    if (options.board === undefined) throw usageError('missing --board', 'find the id with `atl jira board list`');
    const board = Number(options.board);
    if (!Number.isInteger(board) || board < 1)
      throw usageError(`invalid --board ${JSON.stringify(options.board)}`, 'board ids are numbers');
    const states = (options.state ?? [])
      .flatMap((s) => s.split(','))
      .map((s) => s.trim().toLowerCase())
      .filter((s) => s !== '');
    const bad = states.find((s) => !STATES.includes(s));
    if (bad) throw usageError(`invalid --state ${JSON.stringify(bad)}`, 'use active, future or closed');
    const ctx = await jiraContext(f);
    await printListing<JiraSprint>(
      f,
      listSprints(ctx, board, states),
      [
        { header: 'ID', value: (s) => String(s.id) },
        { header: 'NAME', value: (s) => s.name, flexible: true },
        { header: 'STATE', value: (s) => s.state ?? '' },
        { header: 'START', value: (s) => fieldText(s.startDate).slice(0, 10) },
        { header: 'END', value: (s) => fieldText(s.endDate).slice(0, 10) },
      ],
      'no sprints',
    );
  },
});
