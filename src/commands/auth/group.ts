import { defineGroup } from '../spec.js';

export default defineGroup({
  path: ['auth'],
  summary: 'Log in to Atlassian sites and manage profiles',
  examples: [
    'atl auth login --site example.atlassian.net --email me@example.com --token-stdin < token.txt',
    'atl auth status',
    'atl auth test',
    `printf 'user = "%s:%s"\\n' me@example.com "$(atl auth token)" | curl -K - https://example.atlassian.net/rest/api/3/myself`,
  ],
});
