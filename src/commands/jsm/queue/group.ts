import { defineGroup } from '../../spec.js';

export default defineGroup({
  path: ['jsm', 'queue'],
  summary: 'List queues and the requests in them',
  examples: ['atl jsm queue list --desk HELP --counts', 'atl jsm queue issues --desk HELP "All open"'],
});
