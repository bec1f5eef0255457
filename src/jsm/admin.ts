import { type Paged, paginateJsm } from '../http/paginate.js';
import { type JsmContext, SD } from './context.js';
import { usersBody } from './requests.js';
import type { Article, Organization, Queue, SdUser } from './types.js';

const desk = (ref: string) => `${SD}/servicedesk/${encodeURIComponent(ref)}`;

/** Queues; `issueCount` only with `counts` (counting is slow, so it is asked for only then). */
export function listQueues(ctx: JsmContext, deskRef: string, counts: boolean): Paged<Queue> {
  return paginateJsm<Queue>(ctx.http, { path: `${desk(deskRef)}/queue`, query: counts ? { includeCount: true } : {} });
}

export function listCustomers(ctx: JsmContext, deskRef: string, query?: string): Paged<SdUser> {
  return paginateJsm<SdUser>(ctx.http, { path: `${desk(deskRef)}/customer`, query: { query } });
}

export async function addCustomers(ctx: JsmContext, deskRef: string, ids: readonly string[]): Promise<void> {
  await ctx.http.post(`${desk(deskRef)}/customer`, usersBody(ctx, ids));
}

export function listOrganizations(ctx: JsmContext, deskRef?: string): Paged<Organization> {
  return paginateJsm<Organization>(ctx.http, { path: deskRef === undefined ? `${SD}/organization` : `${desk(deskRef)}/organization` });
}

export function createOrganization(ctx: JsmContext, name: string): Promise<Organization> {
  return ctx.http.post<Organization>(`${SD}/organization`, { name });
}

export async function addToDesk(ctx: JsmContext, deskRef: string, organizationId: string): Promise<void> {
  await ctx.http.post(`${desk(deskRef)}/organization`, { organizationId: Number(organizationId) });
}

export async function addOrganizationUsers(ctx: JsmContext, organizationId: string, ids: readonly string[]): Promise<void> {
  await ctx.http.post(`${SD}/organization/${encodeURIComponent(organizationId)}/user`, usersBody(ctx, ids));
}

export function searchArticles(ctx: JsmContext, query: string, deskRef?: string): Paged<Article> {
  const path = deskRef === undefined ? `${SD}/knowledgebase/article` : `${desk(deskRef)}/knowledgebase/article`;
  return paginateJsm<Article>(ctx.http, { path, query: { query, highlight: false } });
}
