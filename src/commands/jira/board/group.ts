import { defineGroup } from '../../spec.js';

export default defineGroup({
  path: ['jira', 'board'],
  summary: 'List and view agile boards',
  examples: ['atl jira board list --project ABC', 'atl jira board view 1'],
});
