import type { OptionValues } from '@commander-js/extra-typings';
import { usageError } from '../../../errors.js';
import type { Factory } from '../../../factory.js';
import type { JiraContext } from '../../../jira/context.js';
import { resolveListedFields } from '../../../jira/fields.js';
import { countIssues, DEFAULT_SEARCH_FIELDS, searchIssues } from '../../../jira/search.js';
import { printJson } from '../../../cmdutil/json.js';
import { Option } from '../../../cmdutil/option.js';
import { listingFlags, listingFormat, listingLimit, truncationNotice } from '../../../cmdutil/listing.js';
import type { FlagCommand, NoFlags, OptionsOf } from '../../spec.js';
import { issueNoun, printIssues } from './issue-output.js';
import { projectOfIssue, recordingSeen } from '../../../completion/seen.js';

/** Flags shared by every command that prints a list of issues (`search`, `sprint issues`). */
export function listingOptions<Options extends OptionValues>(command: FlagCommand<Options>) {
  return listingFlags(command, issueNoun, 'summary,status,labels').addOption(
    new Option('--count', 'print only the number of matching issues (~N on Cloud, where Jira estimates it)').conflicts([
      'all',
      'limit',
      'fields',
      'csv',
      'csvRaw',
    ]),
  );
}

export type ListingOptions = OptionsOf<ReturnType<typeof listingOptions<NoFlags>>>;

const fieldAliases: Record<string, string> = { type: 'issuetype' };

export function parseFields(text: string | undefined): string[] {
  if (text === undefined) return [...DEFAULT_SEARCH_FIELDS];
  const fields = text
    .split(',')
    .map((f) => f.trim())
    .filter((f) => f !== '' && f.toLowerCase() !== 'key')
    .map((f) => fieldAliases[f.toLowerCase()] ?? f);
  if (fields.length === 0) throw usageError('--fields needs at least one field besides key');
  return fields;
}

/** Runs a search and prints it in the chosen format, with the truncation notice when it applies. */
export async function printSearch(f: Factory, ctx: JiraContext, jql: string, options: ListingOptions): Promise<void> {
  const { format, csv } = listingFormat(f, options);
  if (options.bom && options.count) throw usageError('--bom needs the CSV listing; --count prints a number', 'leave out --bom or --count');
  if (f.globals.debug) f.io.stderr.write(`jql: ${jql}\n`);
  if (options.count) {
    const { count, approximate } = await countIssues(ctx, jql);
    // Cloud only estimates (approximate-count); `~` says so, and JSON carries the flag.
    if (f.globals.json) printJson(f.io, { count, approximate });
    else f.io.stdout.write(`${approximate ? '~' : ''}${count}\n`);
    return;
  }
  const limit = listingLimit(options);
  const listed = await resolveListedFields(ctx, parseFields(options.fields));
  const fields = listed.map((field) => field.id);
  const headers = new Map(listed.map((field) => [field.id, field.header]));
  // The keys listed are offered by shell completion for a day (src/completion/seen.ts).
  const issues = recordingSeen(f, searchIssues(ctx, { jql, fields, limit }), (issue) => ({
    issues: [issue.key],
    projects: [projectOfIssue(issue.key)],
  }));
  const shown = await printIssues(f.io, format, fields, issues, headers, csv);
  if (issues.hasMore) f.io.stderr.write(`${truncationNotice(shown, issueNoun)}\n`);
}
