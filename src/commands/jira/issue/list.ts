import { defineCommand } from '../../spec.js';
import { searchCommand } from '../search.js';

/**
 * `atl jira issue list`: jira-cli's name for a search. Commander aliases live within one group, so
 * this is a second command under `issue` with search's own flags and run: one declaration, two names.
 */
export default defineCommand({
  ...searchCommand,
  path: ['jira', 'issue', 'list'],
  summary: 'List issues: the same command as `atl jira search`',
  description: `The same command as \`atl jira search\` (jira-cli's name for it): the same arguments, flags and output.\n\n${searchCommand.description}`,
  examples: ['atl jira issue list -P ABC --assignee me', 'atl jira issue list "project = ABC AND labels = backend" --csv'],
});
