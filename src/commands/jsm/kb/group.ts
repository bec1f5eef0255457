import { defineGroup } from '../../spec.js';

export default defineGroup({
  path: ['jsm', 'kb'],
  summary: 'Search knowledge-base articles',
  examples: ['atl jsm kb search vpn --desk HELP'],
});
