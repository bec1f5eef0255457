import { chooseColumns, type NamedColumns } from '../../../cmdutil/columns.js';
import { printJson } from '../../../cmdutil/json.js';
import { columnFlags, listingFormat, printRows } from '../../../cmdutil/listing.js';
import { conflictError } from '../../../cmdutil/flags.js';
import { usageError } from '../../../errors.js';
import type { Factory } from '../../../factory.js';
import { jiraContext } from '../../../jira/context.js';
import { checkIssueKey } from '../../../jira/issues.js';
import {
  addRemoteLink,
  describeLinkType,
  type IssueLinkType,
  isWebAddress,
  linkIssues,
  listLinkTypes,
  matchLinkType,
} from '../../../jira/links.js';
import { sanitizeText } from '../../../output/terminal.js';
import { defineCommand, type FlagCommand, type OptionsOf } from '../../spec.js';

const TYPE_COLUMNS: NamedColumns<IssueLinkType> = {
  id: { header: 'ID', value: (t) => t.id },
  name: { header: 'NAME', value: (t) => t.name },
  outward: { header: 'OUTWARD', value: (t) => t.outward },
  inward: { header: 'INWARD', value: (t) => t.inward, flexible: true },
};
const DEFAULT_TYPE_COLUMNS = ['name', 'outward', 'inward'];

const declare = (command: FlagCommand) =>
  columnFlags(
    command
      .option('--type <name>', 'the link type: its name or either wording, any case ("blocks", "is blocked by", Relates)')
      .option('--title <text>', 'for a web link: the text shown for it (default: the URL)'),
    'name,outward,inward',
  );

async function* each<T>(items: readonly T[]): AsyncGenerator<T> {
  yield* items;
}

async function printTypes(f: Factory, options: OptionsOf<ReturnType<typeof declare>>): Promise<void> {
  const { format, csv } = listingFormat(f, options);
  const columns = format === 'json' ? [] : chooseColumns(TYPE_COLUMNS, options.fields, DEFAULT_TYPE_COLUMNS);
  const types = await listLinkTypes(await jiraContext(f));
  if (format === 'json') return printJson(f.io, types);
  await printRows(f.io, format, () => columns, each(types), { one: 'link type', many: 'link types' }, csv);
}

export default defineCommand({
  path: ['jira', 'issue', 'link'],
  summary: 'Link an issue to another issue or to a web page; `link types` lists the link types',
  json: 'value',
  description:
    'Link KEY to OTHER with a link type (--type): its name or either of its wordings, in any case. "KEY blocks OTHER" is ' +
    '`link KEY OTHER --type blocks` (or --type Blocks); "KEY is blocked by OTHER" is `--type "is blocked by"`. A wrong type ' +
    'lists the valid ones. When OTHER is a web address (http:// or https://) the issue gets a remote (web) link to it, shown ' +
    "with --title (default: the URL).\n\n`atl jira issue link types` lists the site's link types: a table, --csv, or --json " +
    '(--fields id,name,outward,inward chooses the columns; --fields, --csv and --bom are for `link types` only).',
  arguments: '<key> [other]',
  examples: [
    'atl jira issue link ABC-123 ABC-124 --type blocks',
    'atl jira issue link ABC-123 ABC-99 --type "is duplicated by"',
    'atl jira issue link ABC-123 https://example.com/spec --title "The spec"',
    'atl jira issue link types',
    'atl jira issue link types --json',
  ],
  options: declare,
  async run(f, args, options) {
    if (args[0]?.toLowerCase() === 'types' && args[1] === undefined) {
      if (options.type !== undefined) throw conflictError('link types', '--type');
      return printTypes(f, options);
    }
    const key = checkIssueKey(args[0]!);
    const other = args[1];
    if (other === undefined)
      throw usageError('give the issue key or web address to link to', `e.g. atl jira issue link ${key} ABC-2 --type blocks`);
    if (options.fields !== undefined || options.csv || options.csvRaw || options.bom)
      throw usageError('--fields, --csv and --bom are for `atl jira issue link types`');
    const ctx = await jiraContext(f);
    if (isWebAddress(other)) {
      if (options.type !== undefined) throw conflictError('a web address', '--type');
      const url = other.trim();
      const title = options.title ?? url;
      const link = await addRemoteLink(ctx, key, url, title);
      if (f.globals.json) return printJson(f.io, { key, id: link.id, url, title });
      f.io.stdout.write(sanitizeText(`linked ${key} to ${url} (remote link ${link.id})\n`));
      return;
    }
    const otherKey = checkIssueKey(other);
    if (options.title !== undefined) throw usageError('--title is for links to web pages', 'leave it out when linking two issues');
    const types = await listLinkTypes(ctx);
    if (options.type === undefined)
      throw usageError(
        'give the link type with --type',
        `valid link types: ${types.map(describeLinkType).join(', ') || 'none on this site'}`,
      );
    const { type, reversed } = matchLinkType(types, options.type);
    await (reversed ? linkIssues(ctx, type, otherKey, key) : linkIssues(ctx, type, key, otherKey));
    const wording = reversed ? type.inward : type.outward;
    if (f.globals.json) return printJson(f.io, { key, other: otherKey, type: type.name, relation: wording });
    f.io.stdout.write(sanitizeText(`linked: ${key} ${wording} ${otherKey}\n`));
  },
});
