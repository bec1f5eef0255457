import { defineGroup } from '../../spec.js';

export default defineGroup({
  path: ['bitbucket', 'branch'],
  summary: 'List, create and delete branches',
  examples: ['atl bb branch list --repo acme/website', 'atl bb branch create fix-footer --from main --repo acme/website'],
});
