import { defineGroup } from '../../spec.js';

export default defineGroup({
  path: ['jsm', 'desk'],
  summary: 'List and show service desks',
  examples: ['atl jsm desk list', 'atl jsm desk view HELP'],
});
