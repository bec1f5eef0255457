/**
 * Helpers the Bitbucket route modules share: errors in each flavour's body shape, the acting user,
 * request parsing, and the two paging styles (Cloud `page`/`pagelen` with a `next` URL, Data
 * Center `start`/`limit` with `isLastPage`/`nextPageStart`).
 */
import { bitbucketError } from '../responses.js';
import type { RouteOptions, Router } from '../router.js';
import type { Identity, SandboxRequest, SandboxResponse } from '../types.js';
import { type BbUser, BitbucketError, type BitbucketStore, type Repository } from './store.js';

export type Json = Record<string, unknown>;

export const cloud: RouteOptions = { realm: 'bitbucket', flavours: ['cloud'] };
export const dc: RouteOptions = { realm: 'bitbucket', flavours: ['datacenter'] };

/** Data Center's error body: `{"errors":[{"context":null,"message":"...","exceptionName":...}]}`. */
export function dcError(status: number, message: string, extra: Record<string, unknown> = {}): SandboxResponse {
  return { status, body: { errors: [{ context: null, message, exceptionName: null, ...extra }] } };
}

type Handler = (request: SandboxRequest) => SandboxResponse;

/** Runs a handler, answering a thrown BitbucketError in the request flavour's error shape. */
export function handler(fn: Handler): Handler {
  return (request) => {
    try {
      return fn(request);
    } catch (err) {
      if (!(err instanceof BitbucketError)) throw err;
      return request.flavour === 'datacenter' ? dcError(err.status, err.message, err.extra) : bitbucketError(err.status, err.message);
    }
  };
}

export function who(request: SandboxRequest): Identity {
  if (!request.identity) throw new Error(`route ${request.method} ${request.path} ran without an identity`);
  return request.identity;
}

/**
 * The store user a request acts as: the API token's account, the access token's bot user, or the
 * Data Center user by name; created on first sight when the seed lacks it.
 */
export function actorOf(store: BitbucketStore, request: SandboxRequest): BbUser {
  const identity = who(request);
  if (request.flavour === 'datacenter') {
    const name = identity.username ?? identity.email?.split('@')[0] ?? 'user';
    // No e-mail (an access token's bot user) stays empty: such users cannot merge.
    return store.userByName(name) ?? store.addUser({ name, displayName: identity.displayName, email: identity.email ?? '' });
  }
  if (identity.accountId) {
    return (
      store.userByAccountId(identity.accountId) ??
      store.addUser({
        name: identity.email?.split('@')[0] ?? identity.accountId,
        displayName: identity.displayName,
        accountId: identity.accountId,
        email: identity.email ?? undefined,
      })
    );
  }
  // Access tokens act as their own bot user.
  const bot = `${identity.workspace ?? 'workspace'}-access-token`;
  return store.userByName(bot) ?? store.addUser({ name: bot, displayName: identity.displayName });
}

export function bodyObject(request: SandboxRequest): Json {
  const body = request.body;
  if (body === undefined || body === '') return {};
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new BitbucketError(400, 'The request body must be a JSON object.');
  return body as Json;
}

export const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
export const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

export function intQuery(query: URLSearchParams, name: string, fallback: number): number {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new BitbucketError(400, `Invalid ${name}: ${raw}`);
  return n;
}

/** The Cloud repository of `{workspace}/{repo_slug}` (the workspace may also be its `{uuid}`). */
export function cloudRepo(store: BitbucketStore, request: SandboxRequest): Repository {
  const ws = request.params.workspace ?? '';
  const slug = store.workspace(ws)?.slug ?? ws;
  const identity = who(request);
  if (identity.workspace && identity.workspace !== slug)
    throw new BitbucketError(404, `Repository ${ws}/${request.params.repo_slug} not found`);
  return store.requireRepository('cloud', slug, request.params.repo_slug ?? '');
}

export interface CloudPaging {
  /** Default page length (Bitbucket's default is 10). */
  pagelen?: number;
  /** The largest page length the endpoint takes (100, but 50 for pull requests). */
  max?: number;
  /** Leave out `next`, as some pipeline listings do. */
  omitNext?: boolean;
}

/** One Cloud page of `items`: `page`/`pagelen`, with absolute `next`/`previous` links. */
export function cloudPage<T>(
  request: SandboxRequest,
  items: readonly T[],
  render: (item: T) => unknown,
  paging: CloudPaging = {},
): SandboxResponse {
  const max = paging.max ?? 100;
  const pagelen = intQuery(request.query, 'pagelen', paging.pagelen ?? 10);
  if (pagelen < 1 || pagelen > max) throw new BitbucketError(400, 'Invalid pagelen');
  const page = intQuery(request.query, 'page', 1);
  if (page < 1) throw new BitbucketError(400, 'Invalid page');
  const start = (page - 1) * pagelen;
  const values = items.slice(start, start + pagelen).map(render);
  const link = (n: number) => {
    const query = new URLSearchParams(request.query);
    query.set('page', String(n));
    return `${request.baseUrl}${request.path}?${query.toString()}`;
  };
  const body: Json = { size: items.length, page, pagelen, values };
  if (start + pagelen < items.length && !paging.omitNext) body.next = link(page + 1);
  if (page > 1) body.previous = link(page - 1);
  return { status: 200, body };
}

/** One Data Center page: `start`/`limit` (default 25, at most 1000), `isLastPage`, `nextPageStart`. */
export function dcPage<T>(request: SandboxRequest, items: readonly T[], render: (item: T) => unknown): SandboxResponse {
  return { status: 200, body: dcPageBody(request, items, render) };
}

export function dcPageBody<T>(request: SandboxRequest, items: readonly T[], render: (item: T) => unknown): Json {
  const start = intQuery(request.query, 'start', 0);
  const limit = Math.min(Math.max(intQuery(request.query, 'limit', 25), 1), 1000);
  const values = items.slice(start, start + limit).map(render);
  const isLastPage = start + limit >= items.length;
  return { size: values.length, limit, isLastPage, start, values, ...(isLastPage ? {} : { nextPageStart: start + values.length }) };
}

/** Data Center refuses writes without `X-Atlassian-Token: no-check` (its XSRF guard). */
export function requireXsrfHeader(request: SandboxRequest): void {
  const raw = request.headers['x-atlassian-token'];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (value?.toLowerCase() !== 'no-check') throw new BitbucketError(403, 'XSRF check failed');
}

export function iso(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '000+00:00');
}

/**
 * Registers a Data Center route under its `/1.0/` path and the `/latest/` alias Bitbucket also
 * serves. Writes (any method but GET) pass Data Center's XSRF guard first (`X-Atlassian-Token:
 * no-check`) and, when they carry a body or are POST/PUT, must send it as JSON (else 415).
 */
export function addDc(router: Router, method: string, template: string, fn: Handler): void {
  const guarded: Handler = (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      requireXsrfHeader(request);
      const raw = request.headers['content-type'];
      const type = Array.isArray(raw) ? raw[0] : raw;
      if ((request.method === 'POST' || request.method === 'PUT' || request.rawBody.length > 0) && !/json/i.test(type ?? ''))
        throw new BitbucketError(415, 'Unsupported Media Type: send Content-Type: application/json.');
    }
    return fn(request);
  };
  const h = handler(guarded);
  router.add(method, template, h, dc);
  if (template.includes('/1.0/')) router.add(method, template.replace('/1.0/', '/latest/'), h, dc);
}

/** A Data Center repository by `{projectKey}/{repositorySlug}`; an access token sees its own project only. */
export function dcRepo(store: BitbucketStore, request: SandboxRequest): Repository {
  const key = request.params.projectKey ?? '';
  const slug = request.params.repositorySlug ?? '';
  const identity = who(request);
  if (identity.workspace && identity.workspace.toLowerCase() !== key.toLowerCase())
    throw new BitbucketError(404, `Repository ${key}/${slug} does not exist.`, {
      exceptionName: 'com.atlassian.bitbucket.repository.NoSuchRepositoryException',
    });
  return store.requireRepository('dc', key, slug);
}
