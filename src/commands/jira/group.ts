import { defineGroup } from '../spec.js';

export default defineGroup({
  path: ['jira'],
  summary: 'Search and work on Jira issues, projects, boards and sprints',
  examples: [
    'atl jira search --project ABC --status "In Progress" --assignee me',
    'atl jira issue view ABC-123',
    'atl jira issue create --project ABC --type Task --summary "Fix the login page"',
    'atl jira issue transition ABC-123 Done',
  ],
});
