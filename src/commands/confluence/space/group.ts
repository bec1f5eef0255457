import { defineGroup } from '../../spec.js';

export default defineGroup({
  path: ['confluence', 'space'],
  summary: 'List and view Confluence spaces',
  examples: ['atl confluence space list --type global', 'atl confluence space view DOCS'],
});
