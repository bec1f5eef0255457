import { expect, test } from 'vitest';
import { colourDiff } from './diff.js';

test('a diff on a terminal: additions green, removals red, hunk headers cyan, file headers bold', () => {
  expect(colourDiff('--- a/x\n+++ b/x\n@@ -1 +1 @@\n-old\n+new\n same')).toBe(
    '\u001b[1m--- a/x\u001b[0m\n\u001b[1m+++ b/x\u001b[0m\n\u001b[36m@@ -1 +1 @@\u001b[0m\n\u001b[31m-old\u001b[0m\n\u001b[32m+new\u001b[0m\n same',
  );
});
