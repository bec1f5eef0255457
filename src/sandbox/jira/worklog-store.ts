/**
 * The sandbox's worklogs, kept beside the Jira store (by issue id) so that the issue model stays as
 * it is: routes-worklog.ts adds and lists them, render.ts adds them up for the issue's time fields.
 */
import type { RichText } from './richtext.js';
import type { Issue, JiraStore } from './store.js';

export interface SandboxWorklog {
  id: string;
  issueId: string;
  authorId: string;
  comment: RichText | null;
  started: number;
  timeSpentSeconds: number;
  created: number;
  updated: number;
}

const worklogsByStore = new WeakMap<JiraStore, Map<string, SandboxWorklog[]>>();
let worklogIds = 10000;

export function nextWorklogId(): string {
  return String(worklogIds++);
}

/** The worklogs of an issue, oldest `started` first (the order Jira lists them in). */
export function worklogsOf(store: JiraStore, issue: Issue): SandboxWorklog[] {
  let byIssue = worklogsByStore.get(store);
  if (!byIssue) worklogsByStore.set(store, (byIssue = new Map()));
  let list = byIssue.get(issue.id);
  if (!list) byIssue.set(issue.id, (list = []));
  return list;
}

/** The seconds logged on an issue so far. */
export function secondsLogged(store: JiraStore, issue: Issue): number {
  return (worklogsByStore.get(store)?.get(issue.id) ?? []).reduce((sum, w) => sum + w.timeSpentSeconds, 0);
}

const UNIT_SECONDS: Record<string, number> = { w: 5 * 8 * 3600, d: 8 * 3600, h: 3600, m: 60 };

/** Jira's duration syntax → seconds; a bare number is minutes. null when it is not one. */
export function durationSeconds(text: string): number | null {
  const words = text.trim().toLowerCase().split(/\s+/).join(' ');
  if (/^\d+$/.test(words)) return Number(words) * 60;
  const parts = [...words.matchAll(/(\d+(?:\.\d+)?)([wdhm]) ?/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== words) return null;
  return Math.round(parts.reduce((sum, p) => sum + Number(p[1]) * UNIT_SECONDS[p[2]!]!, 0));
}

/** Seconds the way Jira writes `timeSpent`: `1w 2d 3h 4m`. */
export function durationText(seconds: number): string {
  const words: string[] = [];
  let left = seconds;
  for (const unit of ['w', 'd', 'h', 'm']) {
    const count = Math.floor(left / UNIT_SECONDS[unit]!);
    left -= count * UNIT_SECONDS[unit]!;
    if (count > 0) words.push(`${count}${unit}`);
  }
  return words.join(' ') || '0m';
}
