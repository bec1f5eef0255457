import { defineGroup } from '../../spec.js';

export default defineGroup({
  path: ['bitbucket', 'repo'],
  summary: 'List, view, clone and create repositories',
  examples: ['atl bb repo list --workspace acme', 'atl bb repo view acme/website', 'atl bb repo clone acme/website'],
});
