import { usageError } from '../errors.js';
import { dateValue, quoteJql, splitOrderBy } from '../jira/jql.js';

/** The shortcut flags of `atl confluence search` that become CQL clauses. */
export interface CqlShortcuts {
  space?: string | undefined;
  title?: string | undefined;
  text?: string | undefined;
  label?: readonly string[] | undefined;
  type?: string | undefined;
  modified?: string | undefined;
}

/** The content types `--type` takes. */
export const CQL_TYPES = ['page', 'blogpost', 'attachment'] as const;

/** CQL quotes string literals as JQL does: double quotes, `"` and `\` escaped. */
export const quoteCql = quoteJql;

/** `-7d`, `today`, `week`, `month` or a date → the right-hand side of `lastmodified >= …` (CQL date functions). */
export function cqlDate(flag: string, value: string): string {
  return dateValue(flag, value, (period) => `now(${quoteCql(period)})`);
}

/** The clauses the flags ask for, in a stable order, ready to be ANDed. */
export function cqlClauses(s: CqlShortcuts): string[] {
  const clauses: string[] = [];
  if (s.space?.trim()) clauses.push(`space = ${quoteCql(s.space.trim())}`);
  if (s.type?.trim()) {
    const type = s.type.trim().toLowerCase();
    if (!(CQL_TYPES as readonly string[]).includes(type))
      throw usageError(`invalid --type ${JSON.stringify(s.type)}`, `use ${CQL_TYPES.join(', ')}`);
    clauses.push(`type = ${type}`);
  }
  if (s.title?.trim()) clauses.push(`title ~ ${quoteCql(s.title.trim())}`);
  if (s.text?.trim()) clauses.push(`text ~ ${quoteCql(s.text.trim())}`);
  // Each label must be present, so repeated labels are separate clauses, as in `jira search`.
  for (const label of (s.label ?? [])
    .flatMap((l) => l.split(','))
    .map((l) => l.trim())
    .filter((l) => l !== ''))
    clauses.push(`label = ${quoteCql(label)}`);
  if (s.modified !== undefined) clauses.push(`lastmodified >= ${cqlDate('modified', s.modified)}`);
  return clauses;
}

/**
 * The CQL `atl confluence search` sends: the user's CQL (if any) ANDed with the flags' clauses,
 * then `ORDER BY lastmodified DESC` unless the user's CQL has its own order. CQL needs a filter:
 * with neither CQL nor flags it is a usage error naming the flags.
 */
export function buildCql(userCql: string | undefined, shortcuts: CqlShortcuts): string {
  const { where, orderBy } = splitOrderBy(userCql ?? '');
  const clauses = cqlClauses(shortcuts);
  const parts: string[] = [];
  if (where) parts.push(clauses.length > 0 ? `(${where})` : where);
  parts.push(...clauses);
  if (parts.length === 0) {
    throw usageError(
      'nothing to search for',
      'give CQL ("space = DOCS AND text ~ release") or a filter: --space KEY, --title TEXT, --text WORDS, --label L, --type TYPE, --modified -7d',
    );
  }
  return `${parts.join(' AND ')} ORDER BY ${orderBy ?? 'lastmodified DESC'}`;
}
