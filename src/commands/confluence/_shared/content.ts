import type { OptionValues } from '@commander-js/extra-typings';
import { conflictError } from '../../../cmdutil/flags.js';
import { bodyOrEditor, bodyText, collect, type EditorBody } from '../../../cmdutil/input.js';
import { printJson } from '../../../cmdutil/json.js';
import { Option } from '../../../cmdutil/option.js';
import { READ_FORMATS, storageToMd, toStorage, WRITE_FORMATS, type WriteFormat } from '../../../confluence/body.js';
import {
  createContent,
  createRequest,
  getContent,
  kindNoun,
  resolveContentId,
  resolveParentId,
  storageOf,
  versionAuthor,
  versionDate,
  versionOf,
} from '../../../confluence/content.js';
import { type ConfluenceContext, confluenceContext, webUrl } from '../../../confluence/context.js';
import { addLabels, labelName } from '../../../confluence/labels.js';
import { checkSpaceKey, spaceKeyOfId } from '../../../confluence/spaces.js';
import type { ConfluencePage, ContentKind } from '../../../confluence/types.js';
import { usageError } from '../../../errors.js';
import type { Factory } from '../../../factory.js';
import { sanitizeText } from '../../../output/terminal.js';
import type { FlagCommand, NoFlags, OptionsOf } from '../../spec.js';
import { openOnWeb } from '../../../cmdutil/web.js';
import { printFields } from './fields.js';

/** The URL people open for a page: its `_links.webui` (v2 gives it relative to the site's /wiki), else by id. */
export function contentUrl(ctx: ConfluenceContext, page: ConfluencePage): string {
  const webui = page._links?.webui;
  if (webui) return webUrl(ctx, webui);
  return webUrl(ctx, ctx.deployment === 'cloud' ? `/pages/${page.id}` : `/pages/viewpage.action?pageId=${page.id}`);
}

/** The space key of a page: DC carries it, v2 only the space id (looked up once per run). */
export async function spaceKeyOf(ctx: ConfluenceContext, page: ConfluencePage): Promise<string | undefined> {
  if (page.space?.key) return page.space.key;
  if (page.spaceId) return spaceKeyOfId(ctx, page.spaceId).catch(() => undefined);
  return undefined;
}

/** `page view` and `blog view` flags. */
export function viewFlags<Options extends OptionValues>(command: FlagCommand<Options>) {
  return command
    .addOption(
      new Option('--format <format>', 'the body as Markdown, storage XHTML, or ADF (Cloud)').choices(READ_FORMATS).default('md' as const),
    )
    .option('--web', 'open it in the browser (the URL is printed too)');
}

export type ViewFlags = OptionsOf<ReturnType<typeof viewFlags<NoFlags>>>;

/**
 * Shows a page or blog post: on a terminal a header (title, space, version, URL) and the body;
 * piped, the body alone in the chosen format, so `> page.md` keeps just the content. `--json`
 * prints the object as Confluence returns it (its body in storage, or ADF with --format adf).
 */
export async function viewContent(f: Factory, kind: ContentKind, ref: string, options: ViewFlags): Promise<void> {
  if (options.web && f.globals.json) throw conflictError('--web', '--json');
  const ctx = await confluenceContext(f);
  const id = await resolveContentId(ctx, kind, ref);
  const page = await getContent(ctx, kind, id, { body: options.format === 'adf' ? 'atlas_doc_format' : 'storage' });
  if (options.web) return openOnWeb(f, contentUrl(ctx, page));
  if (f.globals.json) return printJson(f.io, page);
  let body: string;
  if (options.format === 'adf') body = page.body?.atlas_doc_format?.value ?? '';
  else if (options.format === 'storage') body = storageOf(page);
  else body = await storageToMd(storageOf(page));
  if (f.io.isStdoutTTY()) {
    f.io.stdout.write(sanitizeText(`${page.title}\n\n`));
    printFields(f.io, [
      ['Space', await spaceKeyOf(ctx, page)],
      ['ID', page.id],
      ['Version', `${versionOf(page)}${versionDate(page.version) ? `, ${versionDate(page.version)}` : ''}`],
      ['By', versionAuthor(page.version)],
      ['URL', contentUrl(ctx, page)],
    ]);
    f.io.stdout.write('\n');
  }
  f.io.stdout.write(sanitizeText(body.endsWith('\n') || body === '' ? body : `${body}\n`));
}

/** Where a body comes from: `--body`, `--body-file` (`-` for stdin) or piped stdin; with `--format`. */
export function bodyFlags<Options extends OptionValues>(command: FlagCommand<Options>) {
  return command
    .option('--body <text>', 'the body (Markdown unless --format storage)')
    .option('--body-file <path>', 'read the body from a file (- for stdin)')
    .addOption(new Option('--format <format>', 'the body is Markdown or storage XHTML').choices(WRITE_FORMATS).default('md' as const));
}

export type BodyFlags = OptionsOf<ReturnType<typeof bodyFlags<NoFlags>>>;

/**
 * The body the flags give, as storage; undefined when none was given. With `editor`, a person at a
 * terminal who gave none writes it in their editor, in the --format (Markdown, or storage XHTML).
 */
export async function bodyStorage(
  f: Factory,
  options: BodyFlags,
  editor?: { kind: ContentKind; initial?: EditorBody['initial'] },
): Promise<string | undefined> {
  const names = ['--body', '--body-file'] as const;
  const text =
    editor === undefined
      ? await bodyText(f, options.body, options.bodyFile, true, names)
      : await bodyOrEditor(f, options.body, options.bodyFile, true, names, {
          file: `${editor.kind}.${options.format === 'storage' ? 'xml' : 'md'}`,
          ...(editor.initial ? { initial: editor.initial } : {}),
        });
  return text === undefined ? undefined : toStorage(text, options.format as WriteFormat);
}

/** `page create` and `blog create` flags (`--parent` is added by `page create`). */
export function createFlags<Options extends OptionValues>(command: FlagCommand<Options>) {
  return bodyFlags(
    command
      .requiredOption('--space <key>', 'the space to create it in')
      .requiredOption('--title <title>', 'its title (unique within the space)'),
  )
    .option('--label <label>', 'add this label (repeatable)', collect)
    .option('--dry-run', 'print the request that would be sent, and send nothing');
}

export type CreateFlags = OptionsOf<ReturnType<typeof createFlags<NoFlags>>> & { parent?: string | undefined };

/** Creates a page or blog post from the flags and prints its id and URL (or, with --json, the object as returned). */
export async function createFromFlags(f: Factory, kind: ContentKind, options: CreateFlags): Promise<void> {
  const spaceKey = checkSpaceKey(options.space);
  const title = options.title.trim();
  if (title === '') throw usageError('--title is empty');
  const labels = (options.label ?? [])
    .flatMap((l) => l.split(','))
    .map(labelName)
    .filter((l) => l !== '');
  const storage = (await bodyStorage(f, options, { kind })) ?? '';
  const ctx = await confluenceContext(f);
  const parentId = options.parent === undefined ? undefined : await resolveParentId(ctx, options.parent, spaceKey);
  const content = { kind, spaceKey, title, parentId, storage };
  if (options.dryRun) {
    const request = await createRequest(ctx, content);
    f.io.stderr.write(`dry run: would ${request.method} ${request.path} with:\n`);
    printJson(f.io, request.body);
    if (labels.length > 0) f.io.stderr.write(`and then add the labels: ${labels.join(', ')}\n`);
    return;
  }
  const created = await createContent(ctx, content);
  await addLabels(ctx, created.id, labels);
  if (f.globals.json) return printJson(f.io, created);
  f.io.stdout.write(sanitizeText(`created ${kindNoun[kind].one} ${created.id} "${created.title}"\n${contentUrl(ctx, created)}\n`));
}
