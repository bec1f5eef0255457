import { type NamedColumns, chooseColumns } from '../../../cmdutil/columns.js';
import { conflictError } from '../../../cmdutil/flags.js';
import { listingFormat, listingLimit, printRows, truncationNotice } from '../../../cmdutil/listing.js';
import { Option } from '../../../cmdutil/option.js';
import { usageError } from '../../../errors.js';
import { quoteJql } from '../../../jira/jql.js';
import { jsmContext } from '../../../jsm/context.js';
import { getDesk } from '../../../jsm/desks.js';
import { listRequests, type RequestQuery } from '../../../jsm/requests.js';
import type { CustomerRequest } from '../../../jsm/types.js';
import { listingOptions, printSearch } from '../../jira/_shared/search.js';
import { defineCommand } from '../../spec.js';

const noun = { one: 'request', many: 'requests' };

const COLUMNS: NamedColumns<CustomerRequest> = {
  key: { header: 'KEY', value: (r) => r.issueKey },
  status: { header: 'STATUS', value: (r) => r.currentStatus?.status ?? '' },
  type: { header: 'TYPE', value: (r) => r.requestType?.name ?? r.requestTypeId },
  reporter: { header: 'REPORTER', value: (r) => r.reporter?.displayName ?? '' },
  created: { header: 'CREATED', value: (r) => r.createdDate?.iso8601?.slice(0, 10) ?? '' },
  summary: {
    header: 'SUMMARY',
    value: (r) => r.summary ?? String(r.requestFieldValues?.find((v) => v.fieldId === 'summary')?.value ?? ''),
    flexible: true,
  },
};

const STATUS = { open: 'OPEN_REQUESTS', closed: 'CLOSED_REQUESTS', all: 'ALL_REQUESTS' } as const;
const JQL_STATUS = { open: ' AND statusCategory != Done', closed: ' AND statusCategory = Done', all: '' } as const;

export default defineCommand({
  path: ['jsm', 'request', 'list'],
  summary: 'List requests: a desk’s, yours, ones you take part in, your organization’s, or those awaiting your approval',
  description:
    'With --desk and none of --mine, --participant, --organization or --approval, lists every request of the desk ' +
    'through Jira search (project = KEY, ordered by key), printed as `atl jira search` prints issues: Service ' +
    "Management's own list holds only requests you raised, take part in or share an organization with. The other " +
    'flags use that list (newest activity first). Only open requests (not done) by default, as `gh issue list` and ' +
    'jira-cli list open work: --status closed for the done ones, --status all for both. At most 50 are printed ' +
    'unless --limit or --all says otherwise; when more match, a notice on stderr says so.',
  json: 'listing',
  examples: [
    'atl jsm request list --desk HELP',
    'atl jsm request list --desk FAC --all --json',
    'atl jsm request list --mine --status all',
    'atl jsm request list --approval pending',
    'atl jsm request list --desk HELP --search laptop --csv',
  ],
  options: (command) =>
    listingOptions(command)
      .option('--desk <desk>', 'the service desk (project key or id)')
      .addOption(
        new Option('--status <which>', 'open (not done), closed (done) or all')
          .choices(['open', 'closed', 'all'] as const)
          .default('open' as const),
      )
      .option('--mine', 'requests you raised')
      .option('--participant', 'requests you take part in')
      .option('--organization <id>', 'requests of this organization (its id: atl jsm organization list)')
      .addOption(new Option('--approval <state>', 'requests awaiting your approval').choices(['pending'] as const))
      .option('--search <text>', 'only requests whose summary contains this text'),
  async run(f, _args, options) {
    const views = (['mine', 'participant', 'organization', 'approval'] as const).filter((flag) => options[flag] !== undefined);
    if (views.length > 1) throw conflictError(`--${views[0]}`, `--${views[1]}`);
    const ctx = await jsmContext(f);
    if (views.length === 0 && options.desk !== undefined) {
      const desk = await getDesk(ctx, options.desk);
      const search = options.search ? ` AND summary ~ ${quoteJql(options.search)}` : '';
      const jql = `project = ${quoteJql(desk.projectKey)}${JQL_STATUS[options.status]}${search} ORDER BY key ASC`;
      return printSearch(f, ctx.jira, jql, options);
    }
    if (options.count)
      throw usageError('--count counts a desk’s requests', 'give --desk without --mine, --participant, --organization or --approval');
    const query: RequestQuery = { status: STATUS[options.status] };
    if (options.mine) query.ownership = 'OWNED_REQUESTS';
    if (options.participant) query.ownership = 'PARTICIPATED_REQUESTS';
    if (options.organization !== undefined) {
      query.ownership = 'ORGANIZATION';
      query.organizationId = options.organization;
    }
    if (options.approval) {
      query.ownership = 'APPROVER';
      query.approvalStatus = 'MY_PENDING_APPROVAL';
    }
    if (options.desk !== undefined) query.serviceDeskId = (await getDesk(ctx, options.desk)).id;
    if (options.search) query.searchTerm = options.search;
    const { format, csv } = listingFormat(f, options);
    const chosen = chooseColumns(COLUMNS, options.fields, ['key', 'status', 'type', 'created', 'summary']);
    const requests = listRequests(ctx, query, listingLimit(options));
    const shown = await printRows(f.io, format, () => chosen, requests, noun, csv);
    if (requests.hasMore) f.io.stderr.write(`${truncationNotice(shown, noun)}\n`);
  },
});
