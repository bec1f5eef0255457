import { defineGroup } from '../spec.js';

export default defineGroup({
  path: ['bitbucket'],
  aliases: ['bb'],
  summary: 'Repositories, pull requests, branches and pipelines on Bitbucket Cloud and Data Center',
  examples: [
    'atl bitbucket whoami',
    'atl bb repo list --workspace acme',
    'atl bb pr list --repo acme/website',
    'atl bb pr view 1 --repo acme/website',
  ],
});
