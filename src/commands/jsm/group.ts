import { defineGroup } from '../spec.js';

export default defineGroup({
  path: ['jsm'],
  aliases: ['servicedesk'],
  summary: 'Service desks, requests, queues, SLAs and approvals (Jira Service Management)',
  examples: [
    'atl jsm desk list',
    'atl jsm request-type view --desk HELP "Get IT help"',
    'atl jsm request create --desk HELP --type "Get IT help" --summary "VPN is down" --field Urgency=High',
    'atl jsm request view HELP-1',
  ],
});
