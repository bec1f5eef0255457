import { defineGroup } from '../spec.js';

export default defineGroup({
  path: ['config'],
  summary: 'Read and change settings: global defaults in config.yaml, per-directory defaults in .atl.yaml',
  examples: [
    'atl config list',
    'atl config set editor "code --wait"',
    'atl config set jira.project ABC --local',
    'atl config get jira.project',
  ],
});
