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
    const link = issueLinkText(o);
    if (link !== undefined) return link;
    for (const k of ['displayName', 'name', 'value', 'key', 'id']) {
      if (typeof o[k] === 'string' || typeof o[k] === 'number') return String(o[k]);
    }
    return JSON.stringify(value);
  }
  return String(value);
}

/**
 * An `issuelinks` entry as the person reads it on the issue: the relation from this issue's side and
 * the other issue's key (`blocks DEMO-2`, `is blocked by DEMO-5`), not the link's internal id.
 */
function issueLinkText(o: Record<string, unknown>): string | undefined {
  const type = o.type as { name?: unknown; inward?: unknown; outward?: unknown } | undefined;
  const other = (o.outwardIssue ?? o.inwardIssue) as { key?: unknown } | undefined;
  if (typeof type !== 'object' || type === null || typeof other?.key !== 'string') return undefined;
  const relation = o.outwardIssue ? type.outward : type.inward;
  const named = typeof relation === 'string' && relation !== '' ? relation : typeof type.name === 'string' ? type.name : '';
  return named ? `${named} ${other.key}` : other.key;
}

// Custom fields `issue view` leaves out: values Jira keeps for itself (board rank, the development
// panel's summary) that mean nothing to a person reading the issue.
const INTERNAL_CUSTOM_TYPES = [
  'com.pyxis.greenhopper.jira:gh-lexo-rank',
  'com.atlassian.jira.plugins.jira-development-integration-plugin:',
];

const DC_SPRINT = /^com\.atlassian\.greenhopper\.service\.sprint\.Sprint@\w+\[(.*)\]$/s;

/** A sprint as Data Center's v2 API writes it (`…Sprint@1a2b[id=3,state=ACTIVE,name=Sprint 3,…]`), or undefined. */
function dataCenterSprint(text: string): string | undefined {
  const body = DC_SPRINT.exec(text)?.[1];
  if (body === undefined) return undefined;
  const name = /(?:^|,)name=(.*?)(?:,\w+=|$)/.exec(body)?.[1];
  const state = /(?:^|,)state=(\w+)/.exec(body)?.[1];
  return name ? (state ? `${name} (${state.toLowerCase()})` : name) : undefined;
}

/** A custom field's value as a person reads it: sprints by name and state, options with their child, people by name. */
export function customFieldText(value: unknown): string {
  if (typeof value === 'string') {
    const sprint = dataCenterSprint(value);
    if (sprint) return sprint;
    return value === '{}' ? '' : fieldText(value);
  }
  if (Array.isArray(value))
    return value
      .map(customFieldText)
      .filter((v) => v !== '')
      .join(', ');
  if (typeof value === 'object' && value !== null) {
    const o = value as Record<string, unknown>;
    if (Object.keys(o).length === 0) return '';
    // Cloud's sprint objects: { id, name, state, boardId, … }.
    if (typeof o.name === 'string' && typeof o.state === 'string' && 'boardId' in o) return `${o.name} (${o.state.toLowerCase()})`;
    // A cascading select: the option and the child chosen under it.
    const child = o.child as { value?: unknown } | undefined;
    if (typeof o.value === 'string' && typeof child?.value === 'string') return `${o.value} › ${child.value}`;
  }
  return fieldText(value);
}

export interface CustomFieldRow {
  name: string;
  value: string;
}

/**
 * The issue's custom fields that hold something, by the names Jira gives them (`expand=names`),
 * in name order. Empty ones (null, "", [], {}) and Jira's internal ones are left out.
 */
export function customFieldRows(issue: JiraIssue): CustomFieldRow[] {
  const names = (issue.names ?? {}) as Record<string, unknown>;
  const schema = (issue.schema ?? {}) as Record<string, { custom?: unknown } | undefined>;
  const rows: CustomFieldRow[] = [];
  for (const [id, value] of Object.entries(issue.fields ?? {})) {
    if (!id.startsWith('customfield_')) continue;
    const custom = schema[id]?.custom;
    if (typeof custom === 'string' && INTERNAL_CUSTOM_TYPES.some((type) => custom.startsWith(type))) continue;
    const text = customFieldText(value);
    if (text === '') continue;
    const name = names[id];
    rows.push({ name: typeof name === 'string' && name !== '' ? name : id, value: text });
  }
  return rows.sort((a, b) => a.name.localeCompare(b.name));
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
