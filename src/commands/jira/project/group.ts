import { defineGroup } from '../../spec.js';

export default defineGroup({ path: ['jira', 'project'], summary: 'List Jira projects', examples: ['atl jira project list'] });
