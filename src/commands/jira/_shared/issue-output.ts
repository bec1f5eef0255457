import type { IOStreams } from '../../../iostreams.js';
import type { JiraIssue } from '../../../jira/types.js';
import { printRows, type CsvOptions, type ListingFormat, type ListingNoun } from '../../../cmdutil/listing.js';
import type { Column } from '../../../output/table.js';

export const issueNoun: ListingNoun = { one: 'issue', many: 'issues' };

const timestamp = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/;

/** Text of an ADF node tree, for a table cell. */
function adfText(node: unknown): string {
  if (typeof node !== 'object' || node === null) return '';
  const n = node as { text?: unknown; content?: unknown };
  if (typeof n.text === 'string') return n.text;
  return Array.isArray(n.content) ? n.content.map(adfText).join(' ') : '';
}

/** One field value as cell text: names for objects, lists joined, timestamps shortened for tables. */
export function fieldText(value: unknown, style: 'table' | 'csv' = 'table'): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') {
    const m = style === 'table' ? timestamp.exec(value) : null;
    return m ? `${m[1]} ${m[2]}` : value;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value))
    return value
      .map((v) => fieldText(v, style))
      .filter((v) => v !== '')
      .join(', ');
  if (typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (o.type === 'doc') return adfText(o).replace(/\s+/g, ' ').trim();
    for (const k of ['displayName', 'name', 'value', 'key', 'id']) {
      if (typeof o[k] === 'string' || typeof o[k] === 'number') return String(o[k]);
    }
    return JSON.stringify(value);
  }
  return String(value);
}

const headerNames: Record<string, string> = { issuetype: 'TYPE' };

/** Timestamps a narrow table shows as a date only. */
const DATE_FIELDS = new Set(['updated', 'created', 'resolutiondate', 'duedate', 'lastViewed']);

/** On a narrow terminal these columns go, in this order, so the summary keeps its room. */
const DROP_ORDER: Record<string, number> = { priority: 1, issuetype: 2, reporter: 3, assignee: 4 };

/** Columns for `fields`; `headers` names a field's column when its id is not the name to show (custom fields). */
export function issueColumns(
  fields: readonly string[],
  style: 'table' | 'csv',
  headers?: ReadonlyMap<string, string>,
): Array<Column<JiraIssue>> {
  return [
    { header: 'KEY', value: (i) => i.key },
    ...fields.map(
      (field): Column<JiraIssue> => ({
        header: headerNames[field] ?? (headers?.get(field) ?? field).toUpperCase(),
        value: (i) => fieldText(i.fields?.[field], style),
        flexible: field === 'summary',
        ...(DATE_FIELDS.has(field) ? { short: (i: JiraIssue) => fieldText(i.fields?.[field], style).slice(0, 'YYYY-MM-DD'.length) } : {}),
        ...(field in DROP_ORDER ? { dropOrder: DROP_ORDER[field] } : {}),
      }),
    ),
  ];
}

/** Prints issues as they arrive (see printRows), with the key and these fields as columns. */
export function printIssues(
  io: IOStreams,
  format: ListingFormat,
  fields: readonly string[],
  issues: AsyncIterable<JiraIssue>,
  headers?: ReadonlyMap<string, string>,
  csv: CsvOptions = {},
): Promise<number> {
  return printRows(io, format, (style) => issueColumns(fields, style, headers), issues, issueNoun, csv);
}
