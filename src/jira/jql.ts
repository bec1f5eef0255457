import { usageError } from '../errors.js';

/** The shortcut flags of `atl jira search` that become JQL clauses. */
export interface JqlShortcuts {
  project?: string | undefined;
  assignee?: string | undefined;
  reporter?: string | undefined;
  status?: readonly string[] | undefined;
  type?: string | undefined;
  label?: readonly string[] | undefined;
  priority?: string | undefined;
  text?: string | undefined;
  created?: string | undefined;
  updated?: string | undefined;
}

export interface JqlOrder {
  /** Field to sort by; `updated` unless given. */
  orderBy?: string | undefined;
  /** Oldest/smallest first instead of newest first. */
  reverse?: boolean | undefined;
}

/** A JQL string literal: always double-quoted, with `"` and `\` escaped, so any value is safe. */
export function quoteJql(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** `me` → currentUser(), `none` → EMPTY, anything else a quoted literal (email, accountId, name). */
function userClause(field: string, value: string): string {
  const lower = value.trim().toLowerCase();
  if (lower === 'me') return `${field} = currentUser()`;
  if (lower === 'none') return `${field} IS EMPTY`;
  return `${field} = ${quoteJql(value.trim())}`;
}

function listClause(field: string, values: readonly string[]): string {
  if (values.length === 1) return `${field} = ${quoteJql(values[0]!)}`;
  return `${field} IN (${values.map(quoteJql).join(', ')})`;
}

/** Values of `--status a,b` and repeated `--status a --status b`, trimmed, empty ones dropped. */
function splitList(values: readonly string[] | undefined): string[] {
  return (values ?? [])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

const relativeDate = /^[-+]?\d+[yMwdhm]$/;
const absoluteDate = /^\d{4}[-/]\d{2}[-/]\d{2}( \d{2}:\d{2})?$/;

/**
 * `-7d`, `today`, `week`, `month` or a date → the right-hand side of `created >= …`. `relative`
 * spells a relative period (JQL takes it bare; CQL, which shares the rest, as `now("-7d")`).
 */
export function dateValue(flag: string, value: string, relative: (period: string) => string = (period) => period): string {
  const v = value.trim();
  switch (v.toLowerCase()) {
    case 'today':
      return 'startOfDay()';
    case 'week':
      return 'startOfWeek()';
    case 'month':
      return 'startOfMonth()';
  }
  if (relativeDate.test(v)) return relative(v);
  if (absoluteDate.test(v)) return quoteJql(v);
  throw usageError(
    `invalid --${flag} value ${JSON.stringify(value)}`,
    'use a relative period like -7d or -2w, today, week, month, or a date like 2024-01-31',
  );
}

/** The clauses the shortcut flags ask for, in a stable order, ready to be ANDed. */
export function shortcutClauses(s: JqlShortcuts): string[] {
  const clauses: string[] = [];
  if (s.project?.trim()) clauses.push(`project = ${quoteJql(s.project.trim())}`);
  if (s.assignee?.trim()) clauses.push(userClause('assignee', s.assignee));
  if (s.reporter?.trim()) clauses.push(userClause('reporter', s.reporter));
  const statuses = splitList(s.status);
  if (statuses.length > 0) clauses.push(listClause('status', statuses));
  if (s.type?.trim()) clauses.push(`issuetype = ${quoteJql(s.type.trim())}`);
  // Each label must be present, so repeated labels are separate clauses, not an IN list.
  for (const label of splitList(s.label)) clauses.push(`labels = ${quoteJql(label)}`);
  if (s.priority?.trim()) clauses.push(`priority = ${quoteJql(s.priority.trim())}`);
  if (s.text?.trim()) clauses.push(`text ~ ${quoteJql(s.text.trim())}`);
  if (s.created !== undefined) clauses.push(`created >= ${dateValue('created', s.created)}`);
  if (s.updated !== undefined) clauses.push(`updated >= ${dateValue('updated', s.updated)}`);
  return clauses;
}

/**
 * Splits a JQL query into its filter and its `ORDER BY` part, looking only outside quoted strings
 * and parentheses, so `summary ~ "order by"` is left alone.
 */
export function splitOrderBy(jql: string): { where: string; orderBy: string | undefined } {
  let depth = 0;
  let quote: string | null = null;
  for (let i = 0; i < jql.length; i++) {
    const ch = jql[i]!;
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = null;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (depth === 0 && /[oO]/.test(ch) && (i === 0 || /\s|\)/.test(jql[i - 1]!))) {
      const match = /^order\s+by\s+/i.exec(jql.slice(i));
      if (match) return { where: jql.slice(0, i).trim(), orderBy: jql.slice(i + match[0].length).trim() };
    }
  }
  return { where: jql.trim(), orderBy: undefined };
}

/**
 * The user's own `ORDER BY` list with every direction flipped, for `--reverse`: `created ASC, key`
 * → `created DESC, key DESC` (a clause without a direction sorts ascending, so it becomes DESC).
 */
export function reverseOrder(orderBy: string): string {
  const clauses: string[] = [];
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i <= orderBy.length; i++) {
    const ch = orderBy[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === ',' || ch === undefined) {
      clauses.push(orderBy.slice(start, i).trim());
      start = i + 1;
    }
  }
  return clauses
    .filter((c) => c !== '')
    .map((clause) => {
      const m = /^(.*?)\s+(asc|desc)$/i.exec(clause);
      if (!m) return `${clause} DESC`;
      return `${m[1]} ${m[2]!.toUpperCase() === 'ASC' ? 'DESC' : 'ASC'}`;
    })
    .join(', ');
}

/**
 * The JQL `atl jira search` sends: the user's JQL (if any) ANDed with the shortcut clauses, then
 * an ORDER BY. The user's own ORDER BY wins unless --order-by/--reverse say otherwise.
 */
export function buildJql(userJql: string | undefined, shortcuts: JqlShortcuts, order: JqlOrder = {}): string {
  const { where, orderBy: userOrder } = splitOrderBy(userJql ?? '');
  const clauses = shortcutClauses(shortcuts);
  const parts: string[] = [];
  if (where) parts.push(clauses.length > 0 ? `(${where})` : where);
  parts.push(...clauses);
  const filter = parts.join(' AND ');
  let orderBy: string;
  if (order.orderBy === undefined && userOrder && !order.reverse) orderBy = userOrder;
  else if (order.orderBy === undefined && userOrder) orderBy = reverseOrder(userOrder);
  else {
    const field = order.orderBy?.trim() || (userOrder ? userOrder.split(/[\s,]+/)[0]! : 'updated');
    if (!/^[\w.[\]-]+$|^"[^"]+"$/.test(field)) throw usageError(`invalid --order-by field ${JSON.stringify(field)}`);
    orderBy = `${field} ${order.reverse ? 'ASC' : 'DESC'}`;
  }
  return filter ? `${filter} ORDER BY ${orderBy}` : `ORDER BY ${orderBy}`;
}
