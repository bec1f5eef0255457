/**
 * Helpers every Jira route module of the sandbox shares: the request's view for rendering, error
 * mapping, the acting user, query and body parsing, and the lookups that answer 404 as Jira does.
 * New route modules (routes-<area>.ts) import these and are registered from registerJiraRoutes.
 */
import type { RouteOptions } from '../router.js';
import type { Identity, SandboxRequest, SandboxResponse } from '../types.js';
import { badRequest, JiraError, notFound } from './errors.js';
import type * as render from './render.js';
import type { Issue, JiraStore, JiraUser, Project } from './store.js';

export type Json = Record<string, unknown>;

/** Which flavours a route is served on. */
export const cloud: RouteOptions = { realm: 'jira', flavours: ['cloud'] };
export const dc: RouteOptions = { realm: 'jira', flavours: ['datacenter'] };
export const both: RouteOptions = { realm: 'jira', flavours: ['cloud', 'datacenter'] };

export function viewOf(store: JiraStore, request: SandboxRequest, apiVersion?: '2' | '3'): render.View {
  return {
    store,
    flavour: request.flavour,
    baseUrl: request.baseUrl,
    siteUrl: request.siteUrl,
    apiVersion: apiVersion ?? (request.flavour === 'cloud' ? '3' : '2'),
  };
}

export function handler(fn: (request: SandboxRequest) => SandboxResponse): (request: SandboxRequest) => SandboxResponse {
  return (request) => {
    try {
      return fn(request);
    } catch (err) {
      if (err instanceof JiraError) return { status: err.status, body: err.body };
      throw err;
    }
  };
}

/** The store user a request authenticated as (created on first sight if the seed lacks it). */
export function actorOf(store: JiraStore, identity: Identity | null): JiraUser | null {
  if (!identity) return null;
  const found =
    (identity.accountId ? store.user(identity.accountId) : undefined) ??
    (identity.username ? store.resolveUser(identity.username) : undefined) ??
    (identity.email ? store.resolveUser(identity.email) : undefined);
  if (found) return found;
  return store.addUser({
    accountId: identity.accountId ?? `sandbox:${identity.username ?? identity.email ?? 'user'}`,
    displayName: identity.displayName,
    emailAddress: identity.email ?? '',
    ...(identity.username ? { name: identity.username } : {}),
  });
}

export function intParam(query: URLSearchParams, name: string, fallback: number): number {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw badRequest(`The '${name}' parameter must be an integer.`);
  return n;
}

export function intValue(value: unknown, name: string, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n)) throw badRequest(`The '${name}' value must be an integer.`);
  return n;
}

export function listParam(query: URLSearchParams, name: string): string[] | undefined {
  const values = query.getAll(name);
  return values.length > 0 ? values : undefined;
}

export function expandSet(value: unknown): Set<string> {
  const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
  return new Set(
    items
      .filter((v): v is string => typeof v === 'string')
      .map((v) => v.trim())
      .filter(Boolean),
  );
}

export function bodyObject(request: SandboxRequest): Json {
  const body = request.body;
  if (body === undefined) return {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('The request body must be a JSON object.');
  return body as Json;
}

export function requireIssue(store: JiraStore, request: SandboxRequest): Issue {
  return store.requireIssue(request.params.issueIdOrKey ?? '');
}

export function requireProject(store: JiraStore, ref: string): Project {
  const project = store.project(ref);
  if (!project) throw notFound(`No project could be found with key '${ref}'.`);
  return project;
}

export function jqlContext(store: JiraStore, request: SandboxRequest): { currentUserId: string | null; now: number } {
  return { currentUserId: actorOf(store, request.identity)?.accountId ?? null, now: store.now() };
}
