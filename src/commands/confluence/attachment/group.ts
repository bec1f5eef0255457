import { defineGroup } from '../../spec.js';

export default defineGroup({
  path: ['confluence', 'attachment'],
  summary: 'List, upload and download the attachments of a page',
  examples: ['atl confluence attachment list 123456', 'atl confluence attachment upload 123456 diagram.png'],
});
