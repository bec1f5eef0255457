import { defineGroup } from '../spec.js';

export default defineGroup({
  path: ['auth'],
  summary: 'Log in to Atlassian sites and manage profiles',
  examples: [
    'atl auth login --site example.atlassian.net --email me@example.com --token-stdin < token.txt',
    'atl auth status',
    'atl auth test',
    'curl -u "me@example.com:$(atl auth token)" https://example.atlassian.net/rest/api/3/myself',
  ],
});
