import { printJson } from '../../../cmdutil/json.js';
import { boardConfiguration, boardUrl, getBoard, parseBoardId } from '../../../jira/agile.js';
import { jiraContext } from '../../../jira/context.js';
import { sanitizeText } from '../../../output/terminal.js';
import { defineCommand } from '../../spec.js';
import { openOnWeb } from '../../../cmdutil/web.js';

const line = (label: string, value: string | undefined) => (value ? `${label.padEnd(12)}${value}\n` : '');

export default defineCommand({
  path: ['jira', 'board', 'view'],
  summary: 'Show a board: name, type, project and columns',
  description: 'Show a board: its name, type, project, filter, estimation and columns. --json prints the board with its configuration.',
  json: 'value',
  arguments: '<id>',
  examples: ['atl jira board view 1', 'atl jira board view 1 --json', 'atl jira board view 1 --web'],
  options: (command) => command.option('--web', 'print the board URL (and open it in a browser)'),
  async run(f, args, options) {
    const id = parseBoardId('board id', args[0]!);
    const ctx = await jiraContext(f);
    if (options.web) {
      await openOnWeb(f, boardUrl(ctx, id));
      return;
    }
    const [board, configuration] = await Promise.all([getBoard(ctx, id), boardConfiguration(ctx, id)]);
    if (f.globals.json) {
      printJson(f.io, { ...board, configuration });
      return;
    }
    const location = board.location;
    const project = location?.projectKey ? `${location.projectKey}${location.projectName ? `  ${location.projectName}` : ''}` : undefined;
    const columns = configuration.columnConfig?.columns ?? [];
    let out = `${board.name}\n\n`;
    out += line('ID', String(board.id));
    out += line('Type', board.type);
    out += line('Project', project);
    out += line('Filter', configuration.filter?.id);
    out += line('Estimation', configuration.estimation?.field?.displayName);
    out += line('URL', boardUrl(ctx, id));
    out += `\nColumns (${columns.length}):\n`;
    for (const column of columns) {
      const statuses = column.statuses?.length ?? 0;
      out += `  ${column.name}  (${statuses === 1 ? '1 status' : `${statuses} statuses`})\n`;
    }
    f.io.stdout.write(sanitizeText(out));
  },
});
