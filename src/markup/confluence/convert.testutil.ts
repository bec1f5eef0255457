// Link and attachment mappings the converter tests share: a page title is a file name with `_` for
// spaces, in `../KEY/` when the page is in another space; attachments live in `img/`.
import { expect } from 'vitest';
import {
  type MarkdownToStorageContext,
  markdownToStorage,
  normalizeStorage,
  type StorageToMarkdownContext,
  storageToMarkdown,
} from './index.js';

export const toMarkdownContext: StorageToMarkdownContext = {
  pageLink: ({ title, spaceKey }) => (title.includes('_') ? null : `${spaceKey ? `../${spaceKey}/` : ''}${title.replace(/ /g, '_')}.md`),
  attachmentPath: (fileName) => `img/${fileName}`,
  userName: ({ accountId, userKey }) => (accountId === '557058:f00d' ? 'Ada Lovelace' : userKey === 'ff8080817b0a' ? 'Grace Hopper' : null),
};

export const toStorageContext: MarkdownToStorageContext = {
  resolveLink: (path) => {
    const match = /^(?:\.\.\/([A-Z][A-Z0-9]*)\/)?([^/]+)\.md$/.exec(path);
    if (!match) return null;
    return match[1] ? { title: match[2]!.replace(/_/g, ' '), spaceKey: match[1] } : { title: match[2]!.replace(/_/g, ' ') };
  },
  attachmentName: (path) => (path.startsWith('img/') ? path.slice(4) : null),
};

export const toMarkdown = (storage: string): string => storageToMarkdown(storage, toMarkdownContext);
export const toStorage = (markdown: string): string => markdownToStorage(markdown, toStorageContext);

/** storage → Markdown → storage keeps the meaning, and that Markdown → storage → Markdown keeps every byte; returns the Markdown. */
export function expectRoundTrip(storage: string): string {
  const markdown = toMarkdown(storage);
  const back = toStorage(markdown);
  expect(normalizeStorage(back)).toBe(normalizeStorage(storage));
  expect(toMarkdown(back)).toBe(markdown);
  return markdown;
}
