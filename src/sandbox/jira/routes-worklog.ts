/**
 * The sandbox's worklogs: `GET` (paged by `startAt`/`maxResults`/`total` on Cloud; Data Center's
 * spec takes no paging parameters and answers all) and `POST /rest/api/{3|2}/issue/{key}/worklog`,
 * with Jira's rules for the body: `started` in `yyyy-MM-dd'T'HH:mm:ss.SSSZ`, exactly one of
 * `timeSpent` (Jira's duration syntax, 8-hour days, 5-day weeks) and `timeSpentSeconds`, the
 * comment ADF on Cloud and wiki markup on Data Center. Worklogs are kept beside the store
 * (worklog-store.ts); the issue's `timetracking` and `timespent` add them up (render.ts).
 */
import type { Router } from '../router.js';
import type { SandboxRequest } from '../types.js';
import { fieldErrors } from './errors.js';
import * as render from './render.js';
import { actorOf, bodyObject, cloud, dc, handler, intParam, type Json, requireIssue, viewOf } from './route-kit.js';
import { isAdfDoc, type RichText } from './richtext.js';
import { durationSeconds, durationText, nextWorklogId, type SandboxWorklog, worklogsOf } from './worklog-store.js';
import type { Issue, JiraStore } from './store.js';

/** Jira's worklog timestamp (`2021-01-17T12:34:00.000+0000`); other forms are refused as Jira does. */
const STARTED = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3})([+-]\d{2})(\d{2})$/;

function worklogJson(request: SandboxRequest, store: JiraStore, issue: Issue, w: SandboxWorklog): Json {
  const view = viewOf(store, request);
  const author = store.user(w.authorId);
  const who = author ? render.user(view, author) : undefined;
  return {
    self: `${request.baseUrl}/rest/api/${view.apiVersion}/issue/${issue.id}/worklog/${w.id}`,
    author: who,
    updateAuthor: who,
    ...(w.comment === null ? {} : { comment: render.richText(view, w.comment) }),
    created: render.jiraDate(w.created),
    updated: render.jiraDate(w.updated),
    started: render.jiraDate(w.started),
    timeSpent: durationText(w.timeSpentSeconds),
    timeSpentSeconds: w.timeSpentSeconds,
    id: w.id,
    issueId: issue.id,
  };
}

function parseWorklog(request: SandboxRequest): { started: number; seconds: number; comment: RichText | null } {
  const body = bodyObject(request);
  const errors: Record<string, string> = {};
  const started = typeof body.started === 'string' ? STARTED.exec(body.started) : null;
  if (!started) errors.started = 'Invalid date format. Please enter the date in the format "yyyy-MM-dd\'T\'HH:mm:ss.SSSZ".';
  let seconds: number | null = null;
  if (body.timeSpent !== undefined && body.timeSpentSeconds !== undefined) {
    errors.timeLogged = 'Provide either timeSpent or timeSpentSeconds, not both.';
  } else if (typeof body.timeSpent === 'string') {
    seconds = durationSeconds(body.timeSpent);
  } else if (typeof body.timeSpentSeconds === 'number' && Number.isInteger(body.timeSpentSeconds)) {
    seconds = body.timeSpentSeconds;
  }
  if (!errors.timeLogged && (seconds === null || seconds < 60)) errors.timeLogged = 'Invalid time duration entered.';
  let comment: RichText | null = null;
  if (body.comment !== undefined && body.comment !== null) {
    if (request.flavour === 'cloud' && isAdfDoc(body.comment)) comment = { format: 'adf', doc: body.comment };
    else if (request.flavour === 'datacenter' && typeof body.comment === 'string')
      comment = body.comment ? { format: 'wiki', text: body.comment } : null;
    else errors.comment = request.flavour === 'cloud' ? 'Comment must be an Atlassian Document.' : 'Comment must be a string.';
  }
  if (Object.keys(errors).length > 0) throw fieldErrors(errors);
  const startedMs = Date.parse(`${started![1]}${started![2]}:${started![3]}`);
  return { started: startedMs, seconds: seconds!, comment };
}

export function registerWorklogRoutes(router: Router, store: JiraStore): void {
  for (const version of ['3', '2'] as const) {
    const path = `/rest/api/${version}/issue/{issueIdOrKey}/worklog`;
    const served = version === '3' ? cloud : dc;

    router.add(
      'GET',
      path,
      handler((request) => {
        const issue = requireIssue(store, request);
        const all = worklogsOf(store, issue);
        // Cloud pages (up to 5,000 a page); Data Center answers every worklog at once.
        const startAt = request.flavour === 'cloud' ? Math.max(0, intParam(request.query, 'startAt', 0)) : 0;
        const maxResults =
          request.flavour === 'cloud' ? Math.max(1, Math.min(intParam(request.query, 'maxResults', 5000), 5000)) : Math.max(all.length, 1);
        const page = all.slice(startAt, startAt + maxResults);
        return {
          status: 200,
          body: { startAt, maxResults, total: all.length, worklogs: page.map((w) => worklogJson(request, store, issue, w)) },
        };
      }),
      served,
    );

    router.add(
      'POST',
      path,
      handler((request) => {
        const issue = requireIssue(store, request);
        const { started, seconds, comment } = parseWorklog(request);
        const now = store.now();
        const worklog: SandboxWorklog = {
          id: nextWorklogId(),
          issueId: issue.id,
          authorId: actorOf(store, request.identity)?.accountId ?? '',
          comment,
          started,
          timeSpentSeconds: seconds,
          created: now,
          updated: now,
        };
        const list = worklogsOf(store, issue);
        const at = list.findIndex((w) => w.started > started);
        list.splice(at === -1 ? list.length : at, 0, worklog);
        return { status: 201, body: worklogJson(request, store, issue, worklog) };
      }),
      served,
    );
  }
}
