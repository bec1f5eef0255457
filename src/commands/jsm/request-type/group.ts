import { defineGroup } from '../../spec.js';

export default defineGroup({
  path: ['jsm', 'request-type'],
  summary: 'List request types and show the fields each one asks for',
  examples: ['atl jsm request-type list --desk HELP', 'atl jsm request-type view --desk HELP "Get IT help"'],
});
