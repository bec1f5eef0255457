import { usageError } from '../../../errors.js';
import { printJson } from '../../../cmdutil/json.js';
import { findSprint, moveToSprint, parseBoardId, sprintBoardOf } from '../../../jira/agile.js';
import { jiraContext } from '../../../jira/context.js';
import { checkIssueKey } from '../../../jira/issues.js';
import { sanitizeText } from '../../../output/terminal.js';
import { defineCommand } from '../../spec.js';

/** Jira moves at most 50 issues into a sprint per request. */
const MOVE_BATCH = 50;

export default defineCommand({
  path: ['jira', 'sprint', 'add'],
  summary: 'Move issues into a sprint (by sprint id, or by name on a project or board)',
  description:
    'Move issues into an active or future sprint; an issue leaves the open sprint it was in. SPRINT is the sprint id, ' +
    "or its name with --project KEY (the project's scrum board) or --board ID.",
  json: 'value',
  arguments: '<sprint> <keys...>',
  examples: [
    'atl jira sprint add 3 ABC-5 ABC-6',
    'atl jira sprint add "ABC Sprint 3" ABC-5 --project ABC',
    'atl jira sprint add "ABC Sprint 4" ABC-5 --board 1 --json',
  ],
  options: (command) =>
    command
      .option('-P, --project <key>', "find SPRINT by name on this project's scrum board")
      .option('--board <id>', 'find SPRINT by name on this board'),
  async run(f, args, options) {
    const [sprintArg, ...keyArgs] = args as string[];
    const keys = [...new Set(keyArgs.map(checkIssueKey))];
    if (keys.length === 0) throw usageError('no issues to move', 'give one or more issue keys after the sprint');
    const ctx = await jiraContext(f);
    // The board matters only to find a sprint by name.
    const byName = !/^\d+$/.test(sprintArg!.trim());
    const boardId =
      options.board !== undefined
        ? parseBoardId('--board', options.board)
        : byName && options.project?.trim()
          ? (await sprintBoardOf(ctx, options.project.trim())).id
          : undefined;
    const sprint = await findSprint(ctx, sprintArg!, boardId);
    for (let at = 0; at < keys.length; at += MOVE_BATCH) await moveToSprint(ctx, sprint.id, keys.slice(at, at + MOVE_BATCH));
    if (f.globals.json) printJson(f.io, { sprint: { id: sprint.id, name: sprint.name }, issues: keys });
    else
      f.io.stdout.write(
        sanitizeText(`moved ${keys.length === 1 ? '1 issue' : `${keys.length} issues`} to ${sprint.name} (${sprint.id})\n`),
      );
  },
});
