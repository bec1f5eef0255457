/**
 * Watchers and votes of an issue, Cloud v3 and Data Center v2. Cloud names the watcher by account
 * id (the body is a JSON string, the `accountId` query on removal), Data Center by user name (the
 * body, or the `username` query on removal); no body adds the caller.
 */
import type { Router } from '../router.js';
import type { SandboxRequest } from '../types.js';
import { badRequest, notFound } from './errors.js';
import * as render from './render.js';
import { actorOf, cloud, dc, handler, requireIssue, viewOf } from './route-kit.js';
import type { JiraStore, JiraUser } from './store.js';

function userFor(store: JiraStore, request: SandboxRequest, ref: string | null): JiraUser {
  if (ref === null || ref === '') {
    const actor = actorOf(store, request.identity);
    if (!actor) throw badRequest('No user given.');
    return actor;
  }
  const user =
    request.flavour === 'cloud' ? store.user(ref) : [...store.users.values()].find((u) => u.name.toLowerCase() === ref.toLowerCase());
  if (!user)
    throw notFound(request.flavour === 'cloud' ? `The user with account ID '${ref}' does not exist.` : `The user "${ref}" does not exist.`);
  return user;
}

export function registerWatcherRoutes(router: Router, store: JiraStore): void {
  for (const [version, options] of [
    ['3', cloud],
    ['2', dc],
  ] as const) {
    const base = `/rest/api/${version}/issue/{issueIdOrKey}`;
    const me = (request: SandboxRequest) => actorOf(store, request.identity)?.accountId ?? null;

    router.add(
      'GET',
      `${base}/watchers`,
      handler((request) => {
        const issue = requireIssue(store, request);
        return { status: 200, body: render.watchers(viewOf(store, request), issue, store.peopleOf('watchers', issue), me(request)) };
      }),
      options,
    );
    router.add(
      'POST',
      `${base}/watchers`,
      handler((request) => {
        const issue = requireIssue(store, request);
        if (request.body !== undefined && typeof request.body !== 'string') throw badRequest('The watcher must be given as a JSON string.');
        const ref = typeof request.body === 'string' ? request.body : request.query.get('userName');
        store.peopleOf('watchers', issue).add(userFor(store, request, ref).accountId);
        return { status: 204 };
      }),
      options,
    );
    router.add(
      'DELETE',
      `${base}/watchers`,
      handler((request) => {
        const issue = requireIssue(store, request);
        const ref = version === '3' ? request.query.get('accountId') : (request.query.get('username') ?? request.query.get('userName'));
        if (!ref)
          throw badRequest(version === '3' ? 'The accountId query parameter is required.' : 'The username query parameter is required.');
        store.peopleOf('watchers', issue).delete(userFor(store, request, ref).accountId);
        return { status: 204 };
      }),
      options,
    );

    router.add(
      'GET',
      `${base}/votes`,
      handler((request) => {
        const issue = requireIssue(store, request);
        return { status: 200, body: render.votes(viewOf(store, request), issue, store.peopleOf('voters', issue), me(request)) };
      }),
      options,
    );
    router.add(
      'POST',
      `${base}/votes`,
      handler((request) => {
        const issue = requireIssue(store, request);
        const actor = actorOf(store, request.identity);
        if (!actor) throw badRequest('No user given.');
        // Jira refuses a vote from the reporter ("You cannot vote for an issue you have reported.").
        if (issue.reporterId === actor.accountId) throw notFound('You cannot vote for an issue you have reported.');
        store.peopleOf('voters', issue).add(actor.accountId);
        return { status: version === '3' ? 204 : 200 };
      }),
      options,
    );
    router.add(
      'DELETE',
      `${base}/votes`,
      handler((request) => {
        const issue = requireIssue(store, request);
        const actor = actorOf(store, request.identity);
        if (actor) store.peopleOf('voters', issue).delete(actor.accountId);
        return { status: 204 };
      }),
      options,
    );
  }
}
