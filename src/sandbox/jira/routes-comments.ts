/**
 * Comment edits and deletion, and comment visibility (a project role or a group), as Jira Cloud
 * (v3, ADF bodies) and Data Center (v2, wiki markup) answer them. Adding a comment stays in
 * routes.ts, which reads visibility through `commentVisibility` from here.
 */
import type { Router } from '../router.js';
import type { SandboxRequest } from '../types.js';
import { badRequest, fieldErrors, notFound } from './errors.js';
import { parseUpdate } from './input.js';
import * as render from './render.js';
import { actorOf, bodyObject, cloud, dc, handler, requireIssue, viewOf } from './route-kit.js';
import type { Comment, CommentVisibility, Issue, JiraStore } from './store.js';

/**
 * A request's `visibility`, checked as Jira does: `type` role or group, named by `value` (Cloud
 * also takes a group's `identifier`). Undefined when absent; a role or group the site does not
 * have is a 400 on `commentLevel`.
 */
export function commentVisibility(store: JiraStore, value: unknown): CommentVisibility | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw badRequest('The visibility must be an object.');
  const { type, value: name, identifier } = value as { type?: unknown; value?: unknown; identifier?: unknown };
  const wanted = typeof name === 'string' && name ? name : typeof identifier === 'string' ? identifier : '';
  if (type === 'role') {
    const role = store.projectRoles.find((r) => r.toLowerCase() === wanted.toLowerCase());
    if (!role) throw fieldErrors({ commentLevel: `You are currently not a member of the project role: ${wanted}.` });
    return { type, value: role };
  }
  if (type === 'group') {
    const group = store.groups.find((g) => g.toLowerCase() === wanted.toLowerCase());
    if (!group) throw fieldErrors({ commentLevel: `Group: ${wanted} does not exist.` });
    return { type, value: group };
  }
  throw fieldErrors({ commentLevel: 'The visibility type must be role or group.' });
}

function requireComment(store: JiraStore, request: SandboxRequest): { issue: Issue; comment: Comment } {
  const issue = requireIssue(store, request);
  const id = request.params.id ?? '';
  const comment = store.comment(issue, id);
  if (!comment) throw notFound(`Can not find a comment for the id: ${id}.`);
  return { issue, comment };
}

export function registerCommentRoutes(router: Router, store: JiraStore): void {
  for (const [version, options] of [
    ['3', cloud],
    ['2', dc],
  ] as const) {
    const path = `/rest/api/${version}/issue/{issueIdOrKey}/comment/{id}`;
    router.add(
      'GET',
      path,
      handler((request) => {
        const { issue, comment } = requireComment(store, request);
        return { status: 200, body: render.comment(viewOf(store, request), issue, comment) };
      }),
      options,
    );
    router.add(
      'PUT',
      path,
      handler((request) => {
        const { issue, comment } = requireComment(store, request);
        const body = bodyObject(request);
        const visibility = commentVisibility(store, body.visibility);
        const parsed = parseUpdate(store, request.flavour, 'edit', { update: { comment: [{ add: { body: body.body ?? null } }] } }, issue);
        const rich = parsed.comments[0];
        if (!rich) throw badRequest('Comment body can not be empty!');
        store.updateComment(
          issue,
          comment,
          { body: rich, ...(visibility ? { visibility } : {}) },
          actorOf(store, request.identity)?.accountId ?? '',
        );
        return { status: 200, body: render.comment(viewOf(store, request), issue, comment) };
      }),
      options,
    );
    router.add(
      'DELETE',
      path,
      handler((request) => {
        const { issue, comment } = requireComment(store, request);
        store.deleteComment(issue, comment);
        return { status: 204 };
      }),
      options,
    );
  }
}
