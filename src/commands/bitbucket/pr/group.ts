import { defineGroup } from '../../spec.js';

export default defineGroup({
  path: ['bitbucket', 'pr'],
  summary: 'List, view, create, review and merge pull requests',
  examples: [
    'atl bb pr list --repo acme/website',
    'atl bb pr view 1 --repo acme/website',
    'atl bb pr create --title "Fix the footer" --source fix-footer --repo acme/website --dry-run',
    'atl bb pr merge 1 --strategy squash --repo acme/website --dry-run',
  ],
});
