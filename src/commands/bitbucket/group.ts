import { defineGroup } from '../spec.js';

// A placeholder so the product's shape is complete while the sandbox lands first; the Bitbucket
// commands (issue 13) replace it with the real group and its commands.
export default defineGroup({
  path: ['bitbucket'],
  summary: 'Work with Bitbucket repositories, pull requests and pipelines',
  examples: ['atl bitbucket --help'],
});
