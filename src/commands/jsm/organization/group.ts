import { defineGroup } from '../../spec.js';

export default defineGroup({
  path: ['jsm', 'organization'],
  summary: 'List and create customer organizations, and add people to them',
  examples: ['atl jsm organization list', 'atl jsm organization add "Globex" --desk HELP'],
});
