/**
 * Bodies as a person writes and reads them: Markdown (the default) or Confluence storage XHTML,
 * and ADF to read on Cloud. The converter (src/markup/confluence) is loaded only when Markdown is
 * asked for, as every Markdown parser is (docs/ARCHITECTURE.md "Start-up rules").
 */

/** What `--format` takes to write a body. */
export const WRITE_FORMATS = ['md', 'storage'] as const;
export type WriteFormat = (typeof WRITE_FORMATS)[number];

/** What `--format` takes to read a body. */
export const READ_FORMATS = ['md', 'storage', 'adf'] as const;
export type ReadFormat = (typeof READ_FORMATS)[number];

/** Storage XHTML for a body given in `format`. */
export async function toStorage(text: string, format: WriteFormat): Promise<string> {
  if (format === 'storage') return text;
  const { markdownToStorage } = await import('../markup/confluence/index.js');
  return markdownToStorage(text);
}

/** Markdown for a storage body. */
export async function storageToMd(storage: string): Promise<string> {
  const { storageToMarkdown } = await import('../markup/confluence/index.js');
  return storageToMarkdown(storage);
}
