/**
 * The docs sync's DocsConverter over the one storage ↔ Markdown converter (src/markup/confluence,
 * loaded on first use). Links to pages of the tree become relative paths to their files and back;
 * images and attachment links become paths into the page's attachments directory.
 */
import path from 'node:path';
import type { ConvertContext, DocsConverter } from './remote.js';

/** Bump when the Markdown written for the same storage changes: the next pull re-renders every page. */
export const STORAGE_CONVERTER_VERSION = 'storage-md-1';

type Markup = typeof import('../../markup/confluence/index.js');
let markup: Promise<Markup> | undefined;
const loadMarkup = (): Promise<Markup> => (markup ??= import('../../markup/confluence/index.js'));

function decoded(link: string): string {
  try {
    return decodeURI(link);
  } catch {
    return link;
  }
}

export const storageConverter: DocsConverter = {
  version: STORAGE_CONVERTER_VERSION,

  async toMarkdown(storage: string, context: ConvertContext): Promise<string> {
    const { storageToMarkdown } = await loadMarkup();
    return storageToMarkdown(storage, {
      pageLink: (ref) => (ref.spaceKey !== undefined && ref.spaceKey !== context.space ? null : (context.pathOfTitle(ref.title) ?? null)),
      attachmentPath: (name) => `${context.attachmentsDir}/${context.attachmentFile(name)}`,
    });
  },

  async toStorage(markdown: string, context: ConvertContext): Promise<string> {
    const { markdownToStorage } = await loadMarkup();
    const attachmentsDir = path.posix.normalize(context.attachmentsDir);
    return markdownToStorage(markdown, {
      resolveLink: (relative) => {
        const title = context.titleOfPath(relative) ?? context.titleOfPath(decoded(relative));
        return title === undefined ? null : { title };
      },
      attachmentName: (relative) => {
        const link = path.posix.normalize(decoded(relative));
        if (path.posix.dirname(link) !== attachmentsDir) return null;
        return context.attachmentName?.(path.posix.basename(link)) ?? path.posix.basename(link);
      },
    });
  },
};
