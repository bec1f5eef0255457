import { defineGroup } from '../../spec.js';

export default defineGroup({
  path: ['jira', 'issue'],
  summary: 'View, create, edit, transition, assign and delete issues',
  examples: ['atl jira issue view ABC-123', 'atl jira issue transition ABC-123 "In Progress"', 'atl jira issue assign ABC-123 me'],
});
