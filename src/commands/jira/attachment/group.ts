import { defineGroup } from '../../spec.js';

export default defineGroup({
  path: ['jira', 'attachment'],
  summary: 'List, upload and download the attachments of an issue',
  examples: [
    'atl jira attachment list ABC-123',
    'atl jira attachment upload ABC-123 screenshot.png',
    'atl jira attachment download ABC-123',
  ],
});
