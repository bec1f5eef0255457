import { defineGroup } from '../../spec.js';

export default defineGroup({ path: ['jira', 'board'], summary: 'List agile boards', examples: ['atl jira board list --project ABC'] });
