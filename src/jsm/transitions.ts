import { AtlError } from '../errors.js';
import { findTransition, listTransitions as listJiraTransitions, onIssue } from '../jira/issues.js';
import { toJiraText } from '../jira/text.js';
import type { JiraTransition } from '../jira/types.js';
import { paginateJsm } from '../http/paginate.js';
import type { JsmContext } from './context.js';
import { requestPath } from './requests.js';
import { toWikiText } from './text.js';

/**
 * A transition of a request. Service Management lists only the customer transitions (those the
 * portal offers: resolve, reopen...), often none for an agent; the agents' workflow steps are
 * Jira's, made through the Jira API (`/rest/api/3|2/issue/{key}/transitions`) on the same issue,
 * as the issue says to do where Service Management has no endpoint.
 */
export type RequestTransition =
  | { via: 'customer'; id: string; name: string }
  | { via: 'jira'; id: string; name: string; transition: JiraTransition };

type CustomerTransition = { id: string; name: string };

function customerTransitions(ctx: JsmContext, key: string): Promise<CustomerTransition[]> {
  return paginateJsm<CustomerTransition>(ctx.http, { path: `${requestPath(key)}/transition` }).toArray();
}

/**
 * Jira's transitions of the issue, or none where the caller may not use Jira's workflow (a
 * portal-only customer sees the request but not the issue: 403 or 404).
 */
async function jiraTransitions(ctx: JsmContext, key: string): Promise<JiraTransition[]> {
  try {
    return await listJiraTransitions(ctx.jira, key);
  } catch (err) {
    if (err instanceof AtlError && (err.status === 403 || err.status === 404)) return [];
    throw err;
  }
}

const asJira = (t: JiraTransition): RequestTransition => ({ via: 'jira', id: t.id, name: t.name, transition: t });

/** The customer transitions, then Jira's others (the same workflow transition has the same id in both). */
function merged(customer: readonly CustomerTransition[], jira: readonly JiraTransition[]): RequestTransition[] {
  const ids = new Set(customer.map((t) => t.id));
  return [...customer.map((t) => ({ via: 'customer' as const, ...t })), ...jira.filter((t) => !ids.has(t.id)).map(asJira)];
}

/** Every transition open to the caller, customer ones first. */
export async function allRequestTransitions(ctx: JsmContext, key: string): Promise<RequestTransition[]> {
  const [customer, jira] = await Promise.all([customerTransitions(ctx, key), jiraTransitions(ctx, key)]);
  return merged(customer, jira);
}

/**
 * The transition `wanted` names: a customer transition (by id or name, case-insensitive) when there
 * is one; else one of Jira's (by transition name, target status name or id), asked for only then.
 * `available` lists what there is, for the message when neither has it.
 */
export async function findRequestTransition(
  ctx: JsmContext,
  key: string,
  wanted: string,
): Promise<{ found?: RequestTransition; available: RequestTransition[] }> {
  const customer = await customerTransitions(ctx, key);
  const lower = wanted.trim().toLowerCase();
  const match = customer.find((t) => t.id === wanted.trim() || t.name.toLowerCase() === lower);
  if (match) return { found: { via: 'customer', ...match }, available: merged(customer, []) };
  const jira = await jiraTransitions(ctx, key);
  const agent = findTransition(jira, wanted);
  return { ...(agent ? { found: asJira(agent) } : {}), available: merged(customer, jira) };
}

/** The body the transition is made with: Service Management's (comment in wiki markup) or Jira's (ADF on Cloud, wiki on DC). */
export async function transitionBody(
  ctx: JsmContext,
  picked: RequestTransition,
  comment: string | undefined,
): Promise<Record<string, unknown>> {
  if (picked.via === 'customer')
    return { id: picked.id, ...(comment === undefined ? {} : { additionalComment: { body: await toWikiText(comment) } }) };
  const body = comment === undefined ? undefined : await toJiraText(ctx.jira, comment);
  return { transition: { id: picked.id }, ...(body === undefined ? {} : { update: { comment: [{ add: { body } }] } }) };
}

/** Posts `body` (from transitionBody) to the API the transition belongs to. */
export async function makeRequestTransition(ctx: JsmContext, key: string, picked: RequestTransition, body: unknown): Promise<void> {
  if (picked.via === 'customer') await ctx.http.post(`${requestPath(key)}/transition`, body);
  else await onIssue(key, () => ctx.jira.http.post(`${ctx.jira.api}/issue/${encodeURIComponent(key)}/transitions`, body));
}
