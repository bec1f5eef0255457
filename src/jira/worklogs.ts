import { usageError } from '../errors.js';
import type { JiraContext } from './context.js';
import { onIssue } from './issues.js';
import { offsetPaged, type Paged } from './paging.js';
import type { JiraUser } from './types.js';

/** A worklog as `GET/POST /rest/api/{3|2}/issue/{key}/worklog` answers it (the fields atl reads). */
export interface JiraWorklog {
  id: string;
  issueId?: string;
  author?: JiraUser;
  /** ADF document on Cloud (v3), wiki markup string on Data Center (v2). */
  comment?: unknown;
  started?: string;
  created?: string;
  updated?: string;
  timeSpent?: string;
  timeSpentSeconds?: number;
  [extra: string]: unknown;
}

/** Jira's default working time: a day is 8 hours, a week 5 days (what the units mean for totals shown here). */
const UNIT_SECONDS: Record<string, number> = { w: 5 * 8 * 3600, d: 8 * 3600, h: 3600, m: 60 };
const UNIT_ORDER = ['w', 'd', 'h', 'm'] as const;

/**
 * A duration in Jira's syntax (`1w 2d 3h 4m`, also `1h30m`, `90m`, `1.5h`) → its normalised text
 * (`1h 30m`), which is what is sent as `timeSpent`: the site then counts days and weeks by its own
 * working-time settings. Anything else is a usage error (exit 2).
 */
export function parseDuration(text: string): string {
  const compact = text.trim().toLowerCase().replace(/\s+/g, '');
  const parts = [...compact.matchAll(/(\d+(?:\.\d+)?)([wdhm])/g)];
  const rebuilt = parts.map((p) => p[0]).join('');
  const units = parts.map((p) => p[2]!);
  const ordered = units.every((u, i) => i === 0 || UNIT_ORDER.indexOf(u as 'w') > UNIT_ORDER.indexOf(units[i - 1] as 'w'));
  const total = parts.reduce((sum, p) => sum + Number(p[1]) * UNIT_SECONDS[p[2]!]!, 0);
  if (compact === '' || rebuilt !== compact || !ordered || total <= 0) {
    throw usageError(
      `${JSON.stringify(text)} is not a duration`,
      'write it as Jira does: weeks, days, hours and minutes, e.g. 1h30m, 45m, 2d or "1w 2d 3h 4m"',
    );
  }
  return parts.map((p) => `${p[1]}${p[2]}`).join(' ');
}

/** Seconds as Jira shows a duration: `1w 2d 3h 4m` (8-hour days, 5-day weeks), `0m` for none. */
export function formatDuration(seconds: number): string {
  let rest = Math.round(seconds / 60) * 60;
  const out: string[] = [];
  for (const unit of UNIT_ORDER) {
    const n = Math.floor(rest / UNIT_SECONDS[unit]!);
    if (n > 0) out.push(`${n}${unit}`);
    rest -= n * UNIT_SECONDS[unit]!;
  }
  return out.length > 0 ? out.join(' ') : '0m';
}

const pad = (n: number, width = 2): string => String(Math.abs(n)).padStart(width, '0');

/** A moment in Jira's worklog format, in the local zone: `2021-01-17T12:34:00.000+0100`. */
export function jiraTimestamp(date: Date): string {
  const offset = -date.getTimezoneOffset();
  const sign = offset < 0 ? '-' : '+';
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}` +
    `${sign}${pad(Math.floor(Math.abs(offset) / 60))}${pad(Math.abs(offset) % 60)}`
  );
}

/**
 * `--started`: an ISO date-time (with or without a zone; without, local time) or a date alone,
 * which means 09:00 local time that day. Returned in Jira's format.
 */
export function parseStarted(text: string): string {
  const value = text.trim();
  const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = dateOnly
    ? new Date(Number(dateOnly[1]), Number(dateOnly[2]) - 1, Number(dateOnly[3]), 9, 0, 0, 0)
    : /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i.test(value)
      ? new Date(value.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2'))
      : new Date(Number.NaN);
  const valid = !Number.isNaN(date.getTime()) && (!dateOnly || date.getMonth() === Number(dateOnly[2]) - 1);
  if (!valid)
    throw usageError(`invalid --started ${JSON.stringify(text)}`, 'give a date (2024-05-31) or a date and time (2024-05-31T14:30)');
  return jiraTimestamp(date);
}

const worklogPath = (ctx: JiraContext, key: string): string => `${ctx.api}/issue/${encodeURIComponent(key)}/worklog`;

export interface NewWorklog {
  /** Normalised duration text (parseDuration). */
  timeSpent: string;
  /** Jira's timestamp format (jiraTimestamp). */
  started: string;
  /** ADF on Cloud, wiki markup on Data Center (toJiraText), or none. */
  comment?: unknown;
}

export function addWorklog(ctx: JiraContext, key: string, worklog: NewWorklog): Promise<JiraWorklog> {
  return onIssue(key, () => ctx.http.post<JiraWorklog>(worklogPath(ctx, key), worklog));
}

/** An issue's worklogs, oldest first, paged as Jira pages them (`startAt`/`maxResults`/`total`). */
export function listWorklogs(ctx: JiraContext, key: string, limit: number | undefined): Paged<JiraWorklog> {
  return offsetPaged<JiraWorklog>(ctx.http, worklogPath(ctx, key), { itemsKey: 'worklogs', limit });
}
