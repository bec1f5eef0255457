/**
 * The sandbox's Jira over HTTP: Cloud platform v3 routes, the same operations in Data Center v2
 * shapes (served under `/dc`), and the agile API for both. Each sandbox start makes its own store
 * (seeded per the sandbox's `seed` option) in `register`, so two sandboxes never share data; tests
 * reach a running sandbox's store with `jiraStoreOf(sandbox)` to seed thousands of issues, and
 * scripts can do the same over HTTP with `POST /rest/atl-sandbox/1.0/jira/seed` (not an Atlassian
 * API; see `seedRoute`).
 *
 * Paging as Atlassian does it: Cloud `/search/jql` by opaque `nextPageToken` until `isLast`
 * (maxResults capped at 100, or 5,000 when only ids/keys are asked for), Data Center `/search` and
 * the agile lists by `startAt`/`maxResults`/`total`. Cloud refuses unbounded JQL on `/search/jql`
 * and `/search/approximate-count`, as the real one does since the old `/search` went away.
 */
import { createHash } from 'node:crypto';
import type { ProductContext, ProductModule } from '../products.js';
import type { Router } from '../router.js';
import type { SandboxRequest, SandboxResponse } from '../types.js';
import { badRequest, notFound } from './errors.js';
import { parseUpdate } from './input.js';
import { registerAgileRoutes } from './routes-agile.js';
import { searchIssues } from './jql.js';
import * as render from './render.js';
import {
  actorOf,
  bodyObject,
  both,
  cloud,
  dc,
  expandSet,
  handler,
  intParam,
  intValue,
  jqlContext,
  listParam,
  requireIssue,
  requireProject,
  viewOf,
  type Json,
} from './route-kit.js';
import { registerProjectRoutes } from './routes-project.js';
import { commentVisibility, registerCommentRoutes } from './routes-comments.js';
import { registerLinkRoutes } from './routes-links.js';
import { registerWatcherRoutes } from './routes-watchers.js';
import { registerAttachmentRoutes } from './routes-attachment.js';
import { registerWorklogRoutes } from './routes-worklog.js';
import { seedCustomFields, seedDemo, seedIssues, seedUsers, type SeedIdentities } from './seed.js';
import {
  JiraStore,
  SPRINT_FIELD,
  STORY_POINTS_FIELD,
  TEAM_FIELD,
  type IssueType,
  type JiraUser,
  type Priority,
  type Project,
} from './store.js';

const stores = new Map<string, JiraStore>();

/** The Jira store of a running sandbox (by its cloudId), for tests that seed or inspect data. */
export function jiraStoreOf(sandbox: { cloudId: string }): JiraStore {
  const store = stores.get(sandbox.cloudId);
  if (!store) throw new Error(`no Jira store for sandbox ${sandbox.cloudId} (is src/sandbox/jira/routes.ts listed in registry.ts?)`);
  return store;
}

export function identitiesFrom(context: ProductContext): SeedIdentities {
  const { cloud, datacenter, serviceAccount, serviceAccountWriter } = context.credentials;
  return {
    cloud: { accountId: cloud.accountId, email: cloud.email, displayName: cloud.displayName },
    datacenter: { username: datacenter.username, email: datacenter.email, displayName: datacenter.displayName },
    serviceAccount: { accountId: serviceAccount.accountId, email: serviceAccount.email, displayName: serviceAccount.displayName },
    serviceAccountWriter: {
      accountId: serviceAccountWriter.accountId,
      email: serviceAccountWriter.email,
      displayName: serviceAccountWriter.displayName,
    },
  };
}

export const jiraProduct: ProductModule = {
  name: 'jira',
  register(router: Router, context: ProductContext): void {
    const store = new JiraStore();
    const identities = identitiesFrom(context);
    if (context.seed === 'demo') seedDemo(store, { identities });
    else seedUsers(store, identities);
    seedCustomFields(store);
    // A sandbox lives as long as its process or test file; keep only the most recent few stores.
    if (stores.size >= 32) stores.delete(stores.keys().next().value as string);
    stores.set(context.cloudId, store);
    registerJiraRoutes(router, store);
  },
};

const UNBOUNDED = 'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.';

function pageToken(jql: string, offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset, h: jqlHash(jql) })).toString('base64url');
}

function jqlHash(jql: string): string {
  return createHash('sha1').update(jql).digest('hex').slice(0, 12);
}

function readPageToken(token: string, jql: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o?: unknown; h?: unknown };
    if (typeof parsed.o === 'number' && Number.isInteger(parsed.o) && parsed.o >= 0 && parsed.h === jqlHash(jql)) return parsed.o;
  } catch {
    // fall through: not a token we made
  }
  throw badRequest('The provided next page token is invalid or expired.');
}

// --- routes ----------------------------------------------------------------------------------

export function registerJiraRoutes(router: Router, store: JiraStore): void {
  registerProjectRoutes(router, store);

  registerWorklogRoutes(router, store);
  registerAttachmentRoutes(router, store);
  // Search -------------------------------------------------------------------------------------
  const cloudSearch = (
    request: SandboxRequest,
    params: { jql: unknown; nextPageToken: unknown; maxResults: unknown; fields: string[] | undefined; expand: unknown },
  ): SandboxResponse => {
    const jql = typeof params.jql === 'string' ? params.jql : '';
    const { issues, bounded } = searchIssues(store, jql, jqlContext(store, request));
    if (!bounded) throw badRequest(UNBOUNDED);
    const idsOnly = params.fields?.flatMap((f) => f.split(',')).every((f) => ['id', 'key'].includes(f.trim()));
    const wanted = intValue(params.maxResults, 'maxResults', 50);
    const maxResults = Math.max(1, Math.min(wanted, params.fields === undefined || idsOnly ? 5000 : 100));
    const offset = typeof params.nextPageToken === 'string' && params.nextPageToken ? readPageToken(params.nextPageToken, jql) : 0;
    const page = issues.slice(offset, offset + maxResults);
    const selection = render.fieldSelection(params.fields, 'id');
    const onlyId = params.fields === undefined || params.fields.flatMap((f) => f.split(',')).every((f) => f.trim() === 'id');
    const view = viewOf(store, request);
    const expand = expandSet(params.expand);
    const body: Json = {
      issues: page.map((issue) =>
        onlyId
          ? render.issueIdOnly(issue)
          : render.issue(view, issue, { fields: selection, names: expand.has('names'), transitions: expand.has('transitions') }),
      ),
    };
    const next = offset + page.length;
    if (next < issues.length) body.nextPageToken = pageToken(jql, next);
    body.isLast = next >= issues.length;
    return { status: 200, body };
  };
  router.add(
    'GET',
    '/rest/api/3/search/jql',
    handler((request) =>
      cloudSearch(request, {
        jql: request.query.get('jql'),
        nextPageToken: request.query.get('nextPageToken'),
        maxResults: request.query.get('maxResults') ?? undefined,
        fields: listParam(request.query, 'fields'),
        expand: request.query.get('expand'),
      }),
    ),
    cloud,
  );
  router.add(
    'POST',
    '/rest/api/3/search/jql',
    handler((request) => {
      const body = bodyObject(request);
      const fields = Array.isArray(body.fields) ? body.fields.filter((f): f is string => typeof f === 'string') : undefined;
      return cloudSearch(request, {
        jql: body.jql,
        nextPageToken: body.nextPageToken,
        maxResults: body.maxResults,
        fields,
        expand: body.expand,
      });
    }),
    cloud,
  );
  router.add(
    'POST',
    '/rest/api/3/search/approximate-count',
    handler((request) => {
      const body = bodyObject(request);
      const jql = typeof body.jql === 'string' ? body.jql : '';
      const { issues, bounded } = searchIssues(store, jql, jqlContext(store, request));
      if (!bounded) throw badRequest(UNBOUNDED);
      return { status: 200, body: { count: issues.length } };
    }),
    cloud,
  );

  // The old Cloud search is gone (CHANGE-2046); clients still calling it must learn so here.
  const retired = handler(() => ({
    status: 410,
    body: {
      errorMessages: [
        'The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046',
      ],
      errors: {},
    },
  }));
  router.add('GET', '/rest/api/3/search', retired, cloud);
  router.add('POST', '/rest/api/3/search', retired, cloud);

  const offsetSearch = (
    request: SandboxRequest,
    params: { jql: unknown; startAt: unknown; maxResults: unknown; fields: string[] | undefined; expand: unknown },
  ): SandboxResponse => {
    const jql = typeof params.jql === 'string' ? params.jql : '';
    const { issues } = searchIssues(store, jql, jqlContext(store, request));
    const startAt = Math.max(0, intValue(params.startAt, 'startAt', 0));
    const maxResults = Math.max(0, Math.min(intValue(params.maxResults, 'maxResults', 50), 1000));
    const view = viewOf(store, request);
    const expand = expandSet(params.expand);
    const selection = render.fieldSelection(params.fields, '*navigable');
    return {
      status: 200,
      body: {
        expand: 'schema,names',
        startAt,
        maxResults,
        total: issues.length,
        issues: issues
          .slice(startAt, startAt + maxResults)
          .map((issue) =>
            render.issue(view, issue, { fields: selection, names: expand.has('names'), transitions: expand.has('transitions') }),
          ),
      },
    };
  };
  router.add(
    'GET',
    '/rest/api/2/search',
    handler((request) =>
      offsetSearch(request, {
        jql: request.query.get('jql'),
        startAt: request.query.get('startAt') ?? undefined,
        maxResults: request.query.get('maxResults') ?? undefined,
        fields: listParam(request.query, 'fields'),
        expand: request.query.get('expand'),
      }),
    ),
    dc,
  );
  router.add(
    'POST',
    '/rest/api/2/search',
    handler((request) => {
      const body = bodyObject(request);
      const fields = Array.isArray(body.fields) ? body.fields.filter((f): f is string => typeof f === 'string') : undefined;
      return offsetSearch(request, { jql: body.jql, startAt: body.startAt, maxResults: body.maxResults, fields, expand: body.expand });
    }),
    dc,
  );

  // Issues -------------------------------------------------------------------------------------
  for (const [version, options] of [
    ['3', cloud],
    ['2', dc],
  ] as const) {
    const base = `/rest/api/${version}`;

    router.add(
      'GET',
      `${base}/issue/{issueIdOrKey}`,
      handler((request) => {
        const issue = requireIssue(store, request);
        const expand = expandSet(request.query.get('expand'));
        const body = render.issue(viewOf(store, request), issue, {
          fields: render.fieldSelection(listParam(request.query, 'fields'), '*all'),
          names: expand.has('names'),
          transitions: expand.has('transitions'),
        });
        return { status: 200, body };
      }),
      options,
    );

    router.add(
      'POST',
      `${base}/issue`,
      handler((request) => {
        const actor = actorOf(store, request.identity);
        const parsed = parseUpdate(store, request.flavour, 'create', request.body);
        const issue = store.createIssue(parsed.input, actor?.accountId ?? null);
        for (const body of parsed.comments) store.addComment(issue, body, actor?.accountId ?? '');
        return { status: 201, body: { id: issue.id, key: issue.key, self: `${request.baseUrl}${base}/issue/${issue.id}` } };
      }),
      options,
    );

    router.add(
      'PUT',
      `${base}/issue/{issueIdOrKey}`,
      handler((request) => {
        const issue = requireIssue(store, request);
        const actor = actorOf(store, request.identity);
        const parsed = parseUpdate(store, request.flavour, 'edit', request.body, issue);
        store.editIssue(issue, parsed.input);
        for (const body of parsed.comments) store.addComment(issue, body, actor?.accountId ?? '');
        if (request.query.get('returnIssue') === 'true' && version === '3') {
          return { status: 200, body: render.issue(viewOf(store, request), issue, { fields: render.fieldSelection(undefined, '*all') }) };
        }
        return { status: 204 };
      }),
      options,
    );

    router.add(
      'DELETE',
      `${base}/issue/{issueIdOrKey}`,
      handler((request) => {
        const issue = requireIssue(store, request);
        store.deleteIssue(issue, request.query.get('deleteSubtasks') === 'true');
        return { status: 204 };
      }),
      options,
    );

    router.add(
      'GET',
      `${base}/issue/{issueIdOrKey}/transitions`,
      handler((request) => {
        const issue = requireIssue(store, request);
        const only = request.query.get('transitionId');
        const expandFields = expandSet(request.query.get('expand')).has('transitions.fields');
        const view = viewOf(store, request);
        const transitions = store
          .availableTransitions(issue)
          .filter((t) => !only || t.id === only)
          .map((t) => render.transition(view, t, expandFields));
        return { status: 200, body: { expand: 'transitions', transitions } };
      }),
      options,
    );

    router.add(
      'POST',
      `${base}/issue/{issueIdOrKey}/transitions`,
      handler((request) => {
        const issue = requireIssue(store, request);
        const actor = actorOf(store, request.identity);
        const body = bodyObject(request);
        const transition = body.transition;
        const transitionId =
          typeof transition === 'object' && transition !== null && 'id' in transition
            ? String((transition as { id: unknown }).id ?? '')
            : '';
        if (!transitionId) throw badRequest("Missing 'transition' identifier");
        store.checkTransitionScreen(issue, transitionId, body.fields, body.update);
        const parsed = parseUpdate(store, request.flavour, 'transition', { fields: body.fields, update: body.update }, issue);
        store.transition(issue, transitionId, parsed.resolutionId !== undefined ? { resolutionId: parsed.resolutionId } : {});
        if (Object.keys(parsed.input).length > 0) store.editIssue(issue, parsed.input);
        for (const comment of parsed.comments) store.addComment(issue, comment, actor?.accountId ?? '');
        return { status: 204 };
      }),
      options,
    );

    router.add(
      'PUT',
      `${base}/issue/{issueIdOrKey}/assignee`,
      handler((request) => {
        const issue = requireIssue(store, request);
        const body = bodyObject(request);
        let accountId: string | null;
        if (request.flavour === 'cloud') {
          if (!('accountId' in body))
            throw badRequest('accountId is required: specify {"accountId": "..."} or {"accountId": null} to unassign.');
          if (body.accountId === null) accountId = null;
          else if (body.accountId === '-1') accountId = store.projectOf(issue).leadAccountId;
          else {
            const user = typeof body.accountId === 'string' ? store.user(body.accountId) : undefined;
            if (!user) throw notFound(`User with accountId '${String(body.accountId)}' does not exist.`);
            accountId = user.accountId;
          }
        } else {
          const ref = 'name' in body ? body.name : 'key' in body ? body.key : undefined;
          if (ref === undefined) throw badRequest('Specify the user by name: {"name": "..."} or {"name": null} to unassign.');
          if (ref === null) accountId = null;
          else if (ref === '-1') accountId = store.projectOf(issue).leadAccountId;
          else {
            const user =
              typeof ref === 'string'
                ? [...store.users.values()].find((u) => u.name.toLowerCase() === ref.toLowerCase() || u.key === ref)
                : undefined;
            if (!user) throw notFound(`User '${String(ref)}' does not exist.`);
            accountId = user.accountId;
          }
        }
        store.assign(issue, accountId);
        return { status: 204 };
      }),
      options,
    );

    router.add(
      'GET',
      `${base}/issue/{issueIdOrKey}/comment`,
      handler((request) => {
        const issue = requireIssue(store, request);
        const startAt = Math.max(0, intParam(request.query, 'startAt', 0));
        // Pages of 100 by default on Cloud, 50 on Data Center (as their specs say), oldest first
        // unless `orderBy=-created`.
        const maxResults = Math.max(0, Math.min(intParam(request.query, 'maxResults', request.flavour === 'cloud' ? 100 : 50), 5000));
        const newestFirst = request.query.get('orderBy') === '-created';
        const properties = expandSet(request.query.get('expand')).has('properties');
        return { status: 200, body: render.commentsPage(viewOf(store, request), issue, startAt, maxResults, newestFirst, properties) };
      }),
      options,
    );

    router.add(
      'POST',
      `${base}/issue/{issueIdOrKey}/comment`,
      handler((request) => {
        const issue = requireIssue(store, request);
        const actor = actorOf(store, request.identity);
        const body = bodyObject(request);
        const parsed = parseUpdate(store, request.flavour, 'edit', { update: { comment: [{ add: { body: body.body ?? null } }] } }, issue);
        const rich = parsed.comments[0];
        if (!rich) throw badRequest('Comment body can not be empty!');
        const visibility = commentVisibility(store, body.visibility);
        const comment = store.addComment(issue, rich, actor?.accountId ?? '');
        if (visibility) comment.visibility = visibility;
        return { status: 201, body: render.comment(viewOf(store, request), issue, comment) };
      }),
      options,
    );

    // Plain lists of site metadata: the whole list, rendered for the request's flavour.
    const listRoute = (path: string, list: (view: render.View) => unknown[]): void => {
      router.add(
        'GET',
        `${base}/${path}`,
        handler((request) => ({ status: 200, body: list(viewOf(store, request)) })),
        options,
      );
    };
    listRoute('project', (view) => store.projects.map((p) => render.project(view, p)));
    listRoute('field', (view) => store.fields.filter((f) => !f.only || f.only === view.flavour).map((f) => render.field(view, f)));
    listRoute('priority', (view) => store.priorities.map((p) => render.priorityFull(view, p)));
    listRoute('resolution', (view) => store.resolutions.map((r) => render.resolution(view, r)));

    router.add(
      'GET',
      `${base}/issue/createmeta/{projectIdOrKey}/issuetypes`,
      handler((request) => {
        requireProject(store, request.params.projectIdOrKey ?? '');
        const view = viewOf(store, request);
        const startAt = Math.max(0, intParam(request.query, 'startAt', 0));
        const maxResults = Math.max(1, intParam(request.query, 'maxResults', 50));
        const types = store.issueTypes.slice(startAt, startAt + maxResults).map((t) => render.issueType(view, t));
        const page = { maxResults, startAt, total: store.issueTypes.length };
        if (request.flavour === 'cloud') return { status: 200, body: { ...page, issueTypes: types } };
        return { status: 200, body: { ...page, isLast: startAt + maxResults >= store.issueTypes.length, values: types } };
      }),
      options,
    );

    router.add(
      'GET',
      `${base}/issue/createmeta/{projectIdOrKey}/issuetypes/{issueTypeId}`,
      handler((request) => {
        const project = requireProject(store, request.params.projectIdOrKey ?? '');
        const type = store.issueTypes.find((t) => t.id === request.params.issueTypeId);
        if (!type)
          throw badRequest(`The issue type with id '${request.params.issueTypeId ?? ''}' does not exist or is not valid in this project.`);
        const fields = createFields(store, viewOf(store, request), project, type);
        const startAt = Math.max(0, intParam(request.query, 'startAt', 0));
        const maxResults = Math.max(1, intParam(request.query, 'maxResults', 50));
        const page = { maxResults, startAt, total: fields.length };
        const values = fields.slice(startAt, startAt + maxResults);
        if (request.flavour === 'cloud') return { status: 200, body: { ...page, fields: values } };
        return { status: 200, body: { ...page, isLast: startAt + maxResults >= fields.length, values } };
      }),
      options,
    );
  }

  // Cloud's paged replacements for the deprecated `GET /priority` and `GET /resolution`.
  const pageBean = (request: SandboxRequest, path: string, items: readonly Json[]): Json => {
    const startAt = Math.max(0, intParam(request.query, 'startAt', 0));
    const maxResults = Math.max(1, Math.min(intParam(request.query, 'maxResults', 50), 100));
    const ids = new Set(
      request.query
        .getAll('id')
        .flatMap((id) => id.split(','))
        .map((id) => id.trim())
        .filter(Boolean),
    );
    const matching = ids.size === 0 ? items : items.filter((item) => ids.has(String(item.id)));
    const isLast = startAt + maxResults >= matching.length;
    const self = new URL(`${request.baseUrl}${path}`);
    for (const [k, v] of request.query) self.searchParams.append(k, v);
    const body: Json = {
      self: self.toString(),
      maxResults,
      startAt,
      total: matching.length,
      isLast,
      values: matching.slice(startAt, startAt + maxResults),
    };
    if (!isLast) {
      const next = new URL(self);
      next.searchParams.set('startAt', String(startAt + maxResults));
      next.searchParams.set('maxResults', String(maxResults));
      body.nextPage = next.toString();
    }
    return body;
  };
  router.add(
    'GET',
    '/rest/api/3/resolution/search',
    handler((request) => {
      const view = viewOf(store, request);
      const values = store.resolutions.map((r) => ({ ...render.resolution(view, r), default: r.id === store.resolutions[0]?.id }));
      return { status: 200, body: pageBean(request, '/rest/api/3/resolution/search', values) };
    }),
    cloud,
  );
  router.add(
    'GET',
    '/rest/api/3/priority/search',
    handler((request) => {
      const view = viewOf(store, request);
      return {
        status: 200,
        body: pageBean(
          request,
          '/rest/api/3/priority/search',
          store.priorities.map((p) => render.priorityFull(view, p)),
        ),
      };
    }),
    cloud,
  );

  router.add(
    'GET',
    '/rest/api/3/project/search',
    handler((request) => {
      const view = viewOf(store, request);
      const query = (request.query.get('query') ?? '').toLowerCase();
      const keys = new Set(
        request.query
          .getAll('keys')
          .flatMap((k) => k.split(','))
          .map((k) => k.trim().toUpperCase())
          .filter(Boolean),
      );
      const matching = store.projects
        .filter(
          (p) =>
            (!query || p.key.toLowerCase().includes(query) || p.name.toLowerCase().includes(query)) && (keys.size === 0 || keys.has(p.key)),
        )
        .sort((a, b) => a.key.localeCompare(b.key));
      const startAt = Math.max(0, intParam(request.query, 'startAt', 0));
      const maxResults = Math.max(1, Math.min(intParam(request.query, 'maxResults', 50), 100));
      const isLast = startAt + maxResults >= matching.length;
      const self = new URL(`${request.baseUrl}/rest/api/3/project/search`);
      for (const [k, v] of request.query) self.searchParams.append(k, v);
      const body: Json = {
        self: self.toString(),
        maxResults,
        startAt,
        total: matching.length,
        isLast,
        values: matching.slice(startAt, startAt + maxResults).map((p) => render.project(view, p)),
      };
      if (!isLast) {
        const next = new URL(self);
        next.searchParams.set('startAt', String(startAt + maxResults));
        next.searchParams.set('maxResults', String(maxResults));
        body.nextPage = next.toString();
      }
      return { status: 200, body };
    }),
    cloud,
  );

  // Users --------------------------------------------------------------------------------------
  router.add(
    'GET',
    '/rest/api/3/user/search',
    handler((request) => {
      const query = request.query.get('query');
      const accountId = request.query.get('accountId');
      if (!query && !accountId) throw badRequest("One of 'query' or 'accountId' query parameters must be provided.");
      const users = accountId ? [store.user(accountId)].filter((u): u is JiraUser => u !== undefined) : store.searchUsers(query ?? '');
      const startAt = Math.max(0, intParam(request.query, 'startAt', 0));
      const maxResults = Math.max(1, Math.min(intParam(request.query, 'maxResults', 50), 1000));
      const view = viewOf(store, request);
      return { status: 200, body: users.slice(startAt, startAt + maxResults).map((u) => render.user(view, u)) };
    }),
    cloud,
  );
  router.add(
    'GET',
    '/rest/api/2/user/search',
    handler((request) => {
      const username = request.query.get('username');
      if (!username) throw badRequest('The username query parameter was not provided');
      const includeInactive = request.query.get('includeInactive') === 'true';
      const includeActive = request.query.get('includeActive') !== 'false';
      const users = (username === '.' ? [...store.users.values()] : store.searchUsers(username)).filter((u) =>
        u.active ? includeActive : includeInactive,
      );
      const startAt = Math.max(0, intParam(request.query, 'startAt', 0));
      const maxResults = Math.max(1, Math.min(intParam(request.query, 'maxResults', 50), 1000));
      const view = viewOf(store, request);
      return { status: 200, body: users.slice(startAt, startAt + maxResults).map((u) => render.user(view, u)) };
    }),
    dc,
  );

  // Who can be assigned: Cloud takes `query` (matched against name and email, even a hidden
  // email) or `accountId`; Data Center takes `username`. Both need a project or an issue.
  const assignable = (request: SandboxRequest, query: string): SandboxResponse => {
    const projectRef = request.query.get('project');
    const issueRef = request.query.get('issueKey') ?? request.query.get('issueId');
    if (!projectRef && !issueRef) throw badRequest('The project or issue key must be specified.');
    if (issueRef) store.requireIssue(issueRef);
    else requireProject(store, projectRef ?? '');
    const startAt = Math.max(0, intParam(request.query, 'startAt', 0));
    const maxResults = Math.max(1, Math.min(intParam(request.query, 'maxResults', 50), request.flavour === 'cloud' ? 1000 : 100));
    const view = viewOf(store, request);
    return {
      status: 200,
      body: store
        .assignableUsers(query)
        .slice(startAt, startAt + maxResults)
        .map((u) => render.user(view, u)),
    };
  };
  router.add(
    'GET',
    '/rest/api/3/user/assignable/search',
    handler((request) => {
      const accountId = request.query.get('accountId');
      if (accountId) {
        const user = store.user(accountId);
        const found = assignable(request, '').body as Json[];
        return { status: 200, body: user ? found.filter((u) => u.accountId === user.accountId) : [] };
      }
      return assignable(request, request.query.get('query') ?? '');
    }),
    cloud,
  );
  router.add(
    'GET',
    '/rest/api/2/user/assignable/search',
    handler((request) => assignable(request, request.query.get('username') ?? '')),
    dc,
  );

  // Agile (both flavours; v2 representations) -----------------------------------------------
  registerAgileRoutes(router, store);
  router.add(
    'GET',
    '/rest/agile/1.0/board',
    handler((request) => {
      const view = viewOf(store, request, '2');
      const projectRef = request.query.get('projectKeyOrId');
      const type = request.query.get('type');
      const name = (request.query.get('name') ?? '').toLowerCase();
      let boards = store.boards;
      if (projectRef) {
        const project = store.project(projectRef);
        if (!project) throw badRequest(`No project could be found with key '${projectRef}'.`);
        boards = boards.filter((b) => b.projectId === project.id);
      }
      if (type) boards = boards.filter((b) => type.split(',').includes(b.type));
      if (name) boards = boards.filter((b) => b.name.toLowerCase().includes(name));
      const startAt = Math.max(0, intParam(request.query, 'startAt', 0));
      const maxResults = Math.max(1, Math.min(intParam(request.query, 'maxResults', 50), 50));
      const values = boards.slice(startAt, startAt + maxResults).map((b) => render.board(view, b));
      return { status: 200, body: { maxResults, startAt, total: boards.length, isLast: startAt + maxResults >= boards.length, values } };
    }),
    both,
  );
  router.add(
    'GET',
    '/rest/agile/1.0/board/{boardId}',
    handler((request) => {
      const board = store.board(Number(request.params.boardId));
      if (!board) throw notFound('Board does not exist or you do not have permission to see it.');
      return { status: 200, body: render.board(viewOf(store, request, '2'), board) };
    }),
    both,
  );
  router.add(
    'GET',
    '/rest/agile/1.0/board/{boardId}/sprint',
    handler((request) => {
      const board = store.board(Number(request.params.boardId));
      if (!board) throw notFound('Board does not exist or you do not have permission to see it.');
      if (board.type !== 'scrum') throw badRequest('The board does not support sprints');
      const states = (request.query.get('state') ?? '')
        .split(',')
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean);
      for (const state of states)
        if (!['active', 'future', 'closed'].includes(state))
          throw badRequest(`The sprint state '${state}' is not valid. Valid states are: future, active, closed.`);
      const order = { closed: 0, active: 1, future: 2 } as const;
      const sprints = store.sprints
        .filter((s) => s.boardId === board.id && (states.length === 0 || states.includes(s.state)))
        .sort((a, b) => order[a.state] - order[b.state] || a.id - b.id);
      const startAt = Math.max(0, intParam(request.query, 'startAt', 0));
      const maxResults = Math.max(1, Math.min(intParam(request.query, 'maxResults', 50), 50));
      const view = viewOf(store, request, '2');
      const values = sprints.slice(startAt, startAt + maxResults).map((s) => render.sprint(view, s));
      return { status: 200, body: { maxResults, startAt, isLast: startAt + maxResults >= sprints.length, values } };
    }),
    both,
  );
  router.add(
    'GET',
    '/rest/agile/1.0/sprint/{sprintId}',
    handler((request) => {
      const sprint = store.sprint(Number(request.params.sprintId));
      if (!sprint) throw notFound('Sprint does not exist or you do not have permission to see it.');
      return { status: 200, body: render.sprint(viewOf(store, request, '2'), sprint) };
    }),
    both,
  );
  router.add(
    'GET',
    '/rest/agile/1.0/sprint/{sprintId}/issue',
    handler((request) => {
      const sprint = store.sprint(Number(request.params.sprintId));
      if (!sprint) throw notFound('Sprint does not exist or you do not have permission to see it.');
      const extra = request.query.get('jql');
      const jql = `sprint = ${sprint.id}${extra ? ` AND (${extra})` : ''} ORDER BY rank ASC`;
      const { issues } = searchIssues(store, jql, jqlContext(store, request));
      const startAt = Math.max(0, intParam(request.query, 'startAt', 0));
      const maxResults = Math.max(0, Math.min(intParam(request.query, 'maxResults', 50), 100));
      const view = viewOf(store, request, '2');
      const selection = render.fieldSelection(listParam(request.query, 'fields'), '*navigable');
      const selfBase = `${request.baseUrl}/rest/agile/1.0`;
      return {
        status: 200,
        body: {
          expand: 'schema,names',
          startAt,
          maxResults,
          total: issues.length,
          issues: issues.slice(startAt, startAt + maxResults).map((issue) => render.issue(view, issue, { fields: selection, selfBase })),
        },
      };
    }),
    both,
  );

  registerCommentRoutes(router, store);
  registerLinkRoutes(router, store);
  registerWatcherRoutes(router, store);

  router.add(
    'POST',
    '/rest/atl-sandbox/1.0/jira/seed',
    handler((request) => seedRoute(store, request)),
    both,
  );
}

/** Fields of the create screen for a project and issue type (createmeta). */
function createFields(store: JiraStore, view: render.View, project: Project, type: IssueType): Json[] {
  const meta = (fieldId: string, required: boolean, extra: Json = {}): Json => {
    const def = store.fields.find((f) => f.id === fieldId);
    const out: Json = { required, schema: def?.schema ? { ...def.schema } : { type: 'string' }, name: def?.name ?? fieldId };
    out.key = fieldId;
    out.fieldId = fieldId;
    out.hasDefaultValue = extra.defaultValue !== undefined;
    out.operations = fieldId === 'labels' || fieldId === 'components' ? ['add', 'set', 'remove'] : ['set'];
    return { ...out, ...extra };
  };
  const fields: Json[] = [
    meta('summary', true),
    meta('issuetype', true, { allowedValues: [render.issueType(view, type)] }),
    meta('project', true, { allowedValues: [render.projectRef(view, project)] }),
    meta('description', false),
    meta('priority', false, {
      allowedValues: store.priorities.map((p) => render.priority(view, p)),
      defaultValue: render.priority(view, store.priority(store.defaultPriorityId) as Priority),
    }),
    meta('assignee', false, {
      autoCompleteUrl: `${view.baseUrl}/rest/api/${view.apiVersion}/user/assignable/search?project=${project.key}&query=`,
    }),
    meta('reporter', false, { autoCompleteUrl: `${view.baseUrl}/rest/api/${view.apiVersion}/user/search?query=` }),
    meta('labels', false, { autoCompleteUrl: `${view.baseUrl}/rest/api/1.0/labels/suggest?query=` }),
    meta('components', false, {
      allowedValues: project.components.map((c) => ({
        self: `${view.baseUrl}/rest/api/${view.apiVersion}/component/${c.id}`,
        id: c.id,
        name: c.name,
      })),
    }),
  ];
  if (type.hierarchyLevel <= 0) fields.push(meta('parent', type.subtask));
  if (!type.subtask && type.hierarchyLevel === 0) fields.push(meta(STORY_POINTS_FIELD, false), meta(SPRINT_FIELD, false));
  const team = store.fields.find((f) => f.id === TEAM_FIELD);
  fields.push(
    meta(TEAM_FIELD, false, {
      allowedValues: (team?.options ?? []).map((o) => ({
        self: `${view.baseUrl}/rest/api/${view.apiVersion}/customFieldOption/${o.id}`,
        value: o.value,
        id: o.id,
      })),
    }),
  );
  if (view.flavour === 'datacenter') for (const f of fields) delete f.key;
  return fields;
}

/**
 * `POST /rest/atl-sandbox/1.0/jira/seed` `{"count": 5000, "project": "LOAD", "seed": 1, "summaryPrefix": "..."}`:
 * adds bulk issues, for benchmarks and scripts that run the sandbox as a separate process.
 * Not an Atlassian API (hence the path); it needs the same credentials as any write.
 */
function seedRoute(store: JiraStore, request: SandboxRequest): SandboxResponse {
  const body = bodyObject(request);
  const count = intValue(body.count, 'count', 0);
  if (count < 1 || count > 200_000) throw badRequest('count must be between 1 and 200000');
  const options: Parameters<typeof seedIssues>[2] = {};
  if (typeof body.project === 'string') options.project = body.project;
  if (typeof body.projectName === 'string') options.projectName = body.projectName;
  if (typeof body.seed === 'number') options.seed = body.seed;
  if (typeof body.summaryPrefix === 'string') options.summaryPrefix = body.summaryPrefix;
  if (Array.isArray(body.labels)) options.labels = body.labels.filter((l): l is string => typeof l === 'string');
  const made = seedIssues(store, count, options);
  const first = made[0];
  const last = made.at(-1);
  return {
    status: 201,
    body: {
      created: made.length,
      project: first ? store.projectOf(first).key : null,
      firstKey: first?.key ?? null,
      lastKey: last?.key ?? null,
    },
  };
}
