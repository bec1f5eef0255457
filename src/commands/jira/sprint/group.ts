import { defineGroup } from '../../spec.js';

export default defineGroup({
  path: ['jira', 'sprint'],
  summary: 'List sprints and their issues, show the current sprint, move issues into a sprint',
  examples: ['atl jira sprint list --project ABC --state active', 'atl jira sprint current --project ABC', 'atl jira sprint add 3 ABC-5'],
});
