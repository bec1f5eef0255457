import { defineGroup } from '../../spec.js';

export default defineGroup({
  path: ['jsm', 'customer'],
  summary: 'List and add the customers of a service desk',
  examples: ['atl jsm customer list --desk HELP', 'atl jsm customer add --desk FAC pat@example.com'],
});
