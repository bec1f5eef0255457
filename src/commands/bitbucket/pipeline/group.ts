import { defineGroup } from '../../spec.js';

export default defineGroup({
  path: ['bitbucket', 'pipeline'],
  summary: 'Bitbucket Cloud Pipelines: list, view, run, follow logs, wait, stop',
  examples: ['atl bb pipeline list --repo acme/website', 'atl bb pipeline run --branch main --watch', 'atl bb pipeline logs 1 --follow'],
});
