import { defineGroup } from '../../spec.js';

export default defineGroup({
  path: ['bitbucket', 'build'],
  summary: 'Build statuses of commits (Data Center build-status API; Cloud commit statuses)',
  examples: ['atl bb build status', 'atl bb build status 3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a --json'],
});
