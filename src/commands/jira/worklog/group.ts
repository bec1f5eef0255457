import { defineGroup } from '../../spec.js';

export default defineGroup({
  path: ['jira', 'worklog'],
  summary: 'Log time on an issue and list its worklogs',
  examples: ['atl jira worklog add ABC-123 1h30m --comment "Code review"', 'atl jira worklog list ABC-123'],
});
