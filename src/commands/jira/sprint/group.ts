import { defineGroup } from '../../spec.js';

export default defineGroup({
  path: ['jira', 'sprint'],
  summary: 'List sprints and their issues',
  examples: ['atl jira sprint list --board 1 --state active', 'atl jira sprint issues 3'],
});
