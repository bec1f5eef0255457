import { defineGroup } from '../../spec.js';

export default defineGroup({
  path: ['jira', 'epic'],
  summary: 'List epics and their issues; put issues under an epic or take them out',
  examples: ['atl jira epic list -P ABC', 'atl jira epic issues ABC-1', 'atl jira epic add ABC-1 ABC-5 ABC-8'],
});
