import { defineGroup } from '../../../spec.js';

export default defineGroup({
  path: ['jira', 'issue', 'comment'],
  summary: 'Add, list, edit and delete comments on an issue',
  examples: ['atl jira issue comment add ABC-123 "Looks good"', 'atl jira issue comment list ABC-123'],
});
