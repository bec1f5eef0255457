import { defineGroup } from '../../spec.js';

export default defineGroup({
  path: ['jsm', 'request'],
  summary: 'Raise, list, view and work on customer requests',
  examples: [
    'atl jsm request create --desk HELP --type "Get IT help" --summary "VPN is down" --field Urgency=High',
    'atl jsm request view HELP-1',
  ],
});
