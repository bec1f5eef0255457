import { usageError } from '../errors.js';
import { cached, type JiraContext } from './context.js';
import { toJiraText } from './text.js';
import type { JiraField } from './types.js';
import { userRef } from './users.js';

/** Every field the site knows (`/rest/api/{3,2}/field`), fetched once per run. */
export function listFields(ctx: JiraContext): Promise<JiraField[]> {
  return cached(ctx, 'fields', () => ctx.http.get<JiraField[]>(`${ctx.api}/field`));
}

/** Finds a field by id (`customfield_10016`), key, or name (case-insensitive). */
export function resolveField(fields: readonly JiraField[], nameOrId: string): JiraField {
  const wanted = nameOrId.trim();
  const byId = fields.find((f) => f.id === wanted || f.key === wanted);
  if (byId) return byId;
  const lower = wanted.toLowerCase();
  const byName = fields.filter((f) => f.name.toLowerCase() === lower);
  if (byName.length === 1) return byName[0]!;
  if (byName.length > 1) {
    throw usageError(`field name ${JSON.stringify(wanted)} is ambiguous`, `use one of the ids: ${byName.map((f) => f.id).join(', ')}`);
  }
  throw usageError(`unknown field ${JSON.stringify(wanted)}`, fieldHint(fields, lower));
}

const SHOWN_FIELDS = 15;

/** Names close to what was typed, or else the site's custom fields: what `--field` can be given. */
function fieldHint(fields: readonly JiraField[], lower: string): string {
  const label = (f: JiraField) => `${f.name} (${f.id})`;
  const close = fields.filter((f) => f.name.toLowerCase().includes(lower) || (lower.length > 2 && lower.includes(f.name.toLowerCase())));
  const pool = close.length > 0 ? close : fields.filter((f) => f.custom);
  if (pool.length === 0) return 'give a field name or id as Jira lists it in /rest/api/3/field';
  const shown = pool.slice(0, SHOWN_FIELDS).map(label).join(', ');
  const more = pool.length > SHOWN_FIELDS ? `, … (${pool.length - SHOWN_FIELDS} more)` : '';
  return `${close.length > 0 ? 'did you mean' : 'custom fields on this site'}: ${shown}${more}`;
}

/** Splits `name=value` at the first `=`. */
export function parseFieldAssignment(text: string): { name: string; value: string } {
  const at = text.indexOf('=');
  if (at <= 0) throw usageError(`invalid --field ${JSON.stringify(text)}`, 'use --field "name=value"');
  return { name: text.slice(0, at).trim(), value: text.slice(at + 1) };
}

function splitValues(value: string): string[] {
  return value
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

function number(field: JiraField, value: string): number {
  const n = Number(value.trim());
  if (value.trim() === '' || !Number.isFinite(n))
    throw usageError(`field ${JSON.stringify(field.name)} needs a number, got ${JSON.stringify(value)}`);
  return n;
}

/** One element of a typed value: options by value, users by lookup, named things by name. */
async function scalar(ctx: JiraContext, field: JiraField, type: string, value: string): Promise<unknown> {
  switch (type) {
    case 'string':
      // Cloud's multi-line text custom fields take ADF, like the description.
      if (ctx.deployment === 'cloud' && field.schema?.custom?.endsWith(':textarea')) return toJiraText(ctx, value);
      return value;
    case 'number':
      return number(field, value);
    case 'option':
      return { value };
    case 'user':
      return userRef(ctx, value);
    case 'date':
    case 'datetime':
      return value.trim();
    case 'group':
    case 'component':
    case 'version':
    case 'priority':
    case 'resolution':
    case 'issuetype':
      return { name: value.trim() };
    case 'project':
    case 'issuelink':
      return { key: value.trim() };
    case 'team':
      // An Atlassian team is set by its id (the last part of the team's profile URL), as a plain string.
      return value.trim();
    default:
      return value;
  }
}

/** Custom field types (`schema.custom`) whose value is not what `schema.type` alone suggests. */
export const CUSTOM_TYPES = {
  sprint: 'com.pyxis.greenhopper.jira:gh-sprint',
  epicLink: 'com.pyxis.greenhopper.jira:gh-epic-link',
  team: ['com.atlassian.jira.plugin.system.customfieldtypes:atlassian-team', 'com.atlassian.teams:rm-teams-custom-field-team'],
  cascadingSelect: 'com.atlassian.jira.plugin.system.customfieldtypes:cascadingselect',
} as const;

/** What separates the parent and child options of a cascading select: `--field "Area=Hardware > Keyboard"`. */
export const CASCADE_SEPARATOR = '>';

/** `Parent > Child` → `{value, child: {value}}`; `Parent` alone → `{value}`. */
function cascadingOption(field: JiraField, value: string): { value: string; child?: { value: string } } {
  const at = value.indexOf(CASCADE_SEPARATOR);
  const parent = (at === -1 ? value : value.slice(0, at)).trim();
  const child = at === -1 ? '' : value.slice(at + 1).trim();
  if (parent === '')
    throw usageError(
      `field ${JSON.stringify(field.name)} needs an option, got ${JSON.stringify(value)}`,
      `use "Parent ${CASCADE_SEPARATOR} Child" or "Parent"`,
    );
  return child === '' ? { value: parent } : { value: parent, child: { value: child } };
}

/**
 * The value for a custom field whose type needs more than its `schema.type`: the sprint is one
 * sprint id as a number (not `["1"]`), a team its id string, a cascading select a parent and child
 * option, the Epic Link an issue key. Undefined when the field is none of these.
 */
function customTypeValue(field: JiraField, value: string): unknown {
  const custom = field.schema?.custom ?? '';
  if (custom === CUSTOM_TYPES.sprint) {
    const id = value.trim();
    if (!/^\d+$/.test(id))
      throw usageError(
        `field ${JSON.stringify(field.name)} needs one sprint id (a number), got ${JSON.stringify(value)}`,
        'atl jira sprint list --board ID shows the sprint ids',
      );
    return Number(id);
  }
  if (custom === CUSTOM_TYPES.cascadingSelect || field.schema?.type === 'option-with-child') return cascadingOption(field, value);
  if ((CUSTOM_TYPES.team as readonly string[]).includes(custom)) return value.trim();
  if (custom === CUSTOM_TYPES.epicLink) return value.trim().toUpperCase();
  return undefined;
}

/**
 * Converts a `--field` value to the JSON Jira wants, driven by the field's schema: strings pass,
 * numbers are parsed, options become `{value}`, users are looked up, groups, versions and
 * components become `{name}`, arrays split on commas; some custom types have their own form
 * (customTypeValue). A value that is itself JSON (`{…}` / `[…]`) is sent as it is, for types we
 * do not know.
 */
export async function convertFieldValue(ctx: JiraContext, field: JiraField, value: string): Promise<unknown> {
  const trimmed = value.trim();
  if ((trimmed.startsWith('{') && trimmed.endsWith('}')) || (trimmed.startsWith('[') && trimmed.endsWith(']'))) {
    try {
      return JSON.parse(trimmed) as unknown;
    } catch {
      // Not JSON after all: convert it like any other text.
    }
  }
  const special = customTypeValue(field, value);
  if (special !== undefined) return special;
  const type = field.schema?.type ?? 'string';
  if (type === 'array') {
    const itemType = field.schema?.items ?? 'string';
    return Promise.all(splitValues(value).map((v) => scalar(ctx, field, itemType, v)));
  }
  return scalar(ctx, field, type, value);
}

/** All `--field name=value` flags → a `fields` object keyed by field id. */
export async function customFields(ctx: JiraContext, assignments: readonly string[]): Promise<Record<string, unknown>> {
  if (assignments.length === 0) return {};
  const fields = await listFields(ctx);
  const out: Record<string, unknown> = {};
  for (const text of assignments) {
    const { name, value } = parseFieldAssignment(text);
    const field = resolveField(fields, name);
    out[field.id] = await convertFieldValue(ctx, field, value);
  }
  return out;
}

/**
 * Field ids every Jira has: `--fields` with only these needs no lookup. Anything else (a custom
 * field's id or name, a field the user typed by its display name) is looked up in `/field`.
 */
const SYSTEM_FIELD_IDS = new Set([
  'summary',
  'status',
  'issuetype',
  'priority',
  'assignee',
  'reporter',
  'creator',
  'created',
  'updated',
  'labels',
  'components',
  'parent',
  'description',
  'resolution',
  'resolutiondate',
  'duedate',
  'fixVersions',
  'versions',
  'project',
  'environment',
  'subtasks',
  'issuelinks',
  'comment',
  'attachment',
  'timetracking',
  'timespent',
  'timeestimate',
  'timeoriginalestimate',
  'aggregatetimespent',
  'votes',
  'watches',
  'worklog',
  'security',
  'statuscategorychangedate',
  'lastViewed',
  'progress',
  'aggregateprogress',
  'workratio',
  'id',
  'key',
]);

export interface ListedField {
  /** What Jira calls it in requests and in `fields` of each issue. */
  id: string;
  /** Column header: the field's own name for custom fields, the id otherwise. */
  header: string;
}

/**
 * `--fields` entries → field ids to request, with headers. System ids pass untouched; anything
 * else is found by id, key or name (case-insensitive) in the site's fields, so `Story Points`
 * works like `customfield_10016`. An unknown name is a usage error naming close matches; `*all`
 * and `-field` forms pass through. If the field list cannot be read, the entries go as typed.
 */
export async function resolveListedFields(ctx: JiraContext, wanted: readonly string[]): Promise<ListedField[]> {
  const plain = (f: string) => SYSTEM_FIELD_IDS.has(f) || f.startsWith('*') || f.startsWith('-');
  if (wanted.every(plain)) return wanted.map((id) => ({ id, header: id }));
  let known: JiraField[];
  try {
    known = await listFields(ctx);
  } catch {
    return wanted.map((id) => ({ id, header: id }));
  }
  return wanted.map((name) => {
    if (plain(name)) return { id: name, header: name };
    const field = resolveField(known, name);
    return { id: field.id, header: field.custom ? field.name : field.id };
  });
}
