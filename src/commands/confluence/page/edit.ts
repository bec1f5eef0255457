import { printJson } from '../../../cmdutil/json.js';
import { storageToMd } from '../../../confluence/body.js';
import { getContent, resolveContentId, storageOf, updateContent, versionOf } from '../../../confluence/content.js';
import type { ConfluencePage } from '../../../confluence/types.js';
import { confluenceContext } from '../../../confluence/context.js';
import { usageError } from '../../../errors.js';
import { sanitizeText } from '../../../output/terminal.js';
import { defineCommand } from '../../spec.js';
import { bodyFlags, bodyStorage, contentUrl } from '../_shared/content.js';

export default defineCommand({
  path: ['confluence', 'page', 'edit'],
  summary: 'Change the title or body of a page',
  description:
    'Save a new version of a page: a new --title, a new body (--body, --body-file or piped stdin; Markdown unless --format storage), or ' +
    'both; on a terminal with neither, the page opens in your editor as it is now. The new version is the one atl read plus one: if someone saves the page in between, Confluence refuses it and atl exits 1 ' +
    'saying so, without retrying or overwriting their edit. --minor marks the edit minor on Data Center (no notifications).',
  json: 'value',
  arguments: '<page>',
  examples: [
    'atl confluence page edit "DOCS:Old Design" --title "Old Design (2024)"',
    'atl confluence page edit "DOCS:Meeting Notes" --body-file notes.md --message "Updated the notes"',
    'atl confluence page view "DOCS:FAQ" --format storage | sed s/Proxies/proxies/ | atl confluence page edit "DOCS:FAQ" --format storage',
  ],
  options: (command) =>
    bodyFlags(command.option('--title <title>', 'the new title'))
      .option('--message <text>', 'a note saved with the version')
      .option('--minor', 'a minor edit: watchers are not notified (Data Center)'),
  async run(f, args, options) {
    const ctx = await confluenceContext(f);
    let page: Promise<ConfluencePage> | undefined;
    const current = () => (page ??= resolveContentId(ctx, 'page', args[0]!).then((id) => getContent(ctx, 'page', id, { body: 'storage' })));
    // Only the body, or nothing, given: on a terminal the page opens in the editor as it is now.
    const editor =
      options.title === undefined
        ? {
            kind: 'page' as const,
            initial: async () => (options.format === 'storage' ? storageOf(await current()) : storageToMd(storageOf(await current()))),
          }
        : undefined;
    const storage = await bodyStorage(f, options, editor);
    const title = options.title?.trim();
    if (title === '') throw usageError('--title is empty');
    if (storage === undefined && title === undefined) {
      throw usageError('nothing to change', 'give --title, --body, --body-file, or pipe the new body on stdin');
    }
    if (options.minor && ctx.deployment === 'cloud')
      f.io.stderr.write('note: Confluence Cloud records every edit as a full version; --minor applies on Data Center\n');
    const saved = await updateContent(ctx, 'page', await current(), { title, storage, message: options.message, minor: options.minor });
    if (f.globals.json) return printJson(f.io, saved);
    f.io.stdout.write(sanitizeText(`saved page ${saved.id} "${saved.title}" as version ${versionOf(saved)}\n${contentUrl(ctx, saved)}\n`));
  },
});
