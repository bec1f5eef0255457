import type { NamedColumns } from '../../../cmdutil/columns.js';
import { listingFlags } from '../../../cmdutil/listing.js';
import { Option } from '../../../cmdutil/option.js';
import { confluenceContext } from '../../../confluence/context.js';
import { listSpaces, spaceDescription } from '../../../confluence/spaces.js';
import type { ConfluenceSpace } from '../../../confluence/types.js';
import { defineCommand } from '../../spec.js';
import { recordingSeen } from '../../../completion/seen.js';
import { printPagedListing } from '../../../cmdutil/column-listing.js';

const COLUMNS: NamedColumns<ConfluenceSpace> = {
  key: { header: 'KEY', value: (s) => s.key },
  name: { header: 'NAME', value: (s) => s.name, flexible: true },
  type: { header: 'TYPE', value: (s) => s.type ?? '' },
  status: { header: 'STATUS', value: (s) => s.status ?? '' },
  id: { header: 'ID', value: (s) => String(s.id) },
  description: { header: 'DESCRIPTION', value: spaceDescription, flexible: true },
};

export const spaceNoun = { one: 'space', many: 'spaces' };

export default defineCommand({
  path: ['confluence', 'space', 'list'],
  summary: 'List the spaces you can see',
  description:
    'List spaces, global and personal or one type of them. Prints a table by default, the spaces as Confluence returns them with --json.\n\n' +
    'At most 50 spaces are printed unless --limit or --all says otherwise; when more exist, a notice on stderr says so.',
  json: 'listing',
  examples: [
    'atl confluence space list',
    'atl confluence space list --type global --json',
    'atl confluence space list --all --fields key,name --csv',
  ],
  options: (command) =>
    listingFlags(
      command.addOption(new Option('--type <type>', 'only spaces of this type').choices(['global', 'personal'] as const)),
      spaceNoun,
      Object.keys(COLUMNS).join(','),
    ),
  async run(f, _args, options) {
    const ctx = await confluenceContext(f);
    await printPagedListing(
      f,
      options,
      (limit) => recordingSeen(f, listSpaces(ctx, { type: options.type, limit }), (space) => ({ spaces: [space.key] })),
      COLUMNS,
      ['key', 'name', 'type'],
      spaceNoun,
    );
  },
});
