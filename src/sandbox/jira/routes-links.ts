/**
 * Issue links (`issueLink`, `issueLinkType`) and remote links (`issue/{key}/remotelink`), Cloud v3
 * and Data Center v2. A link's source is the request's `inwardIssue`: `{type: Blocks, inwardIssue:
 * A, outwardIssue: B}` makes "A blocks B", and A's `issuelinks` then list B as `outwardIssue`.
 */
import type { Router } from '../router.js';
import { badRequest, notFound } from './errors.js';
import * as render from './render.js';
import { bodyObject, cloud, dc, handler, requireIssue, viewOf, type Json } from './route-kit.js';
import type { Issue, JiraStore, RemoteLink } from './store.js';

function issueRef(store: JiraStore, value: unknown, name: string): Issue {
  const ref = typeof value === 'object' && value !== null ? (value as { id?: unknown; key?: unknown }) : {};
  const idOrKey = typeof ref.key === 'string' ? ref.key : typeof ref.id === 'string' ? ref.id : '';
  if (!idOrKey) throw badRequest(`The ${name} must be given by id or key.`);
  const issue = store.issue(idOrKey);
  if (!issue) throw notFound(`Issue Does Not Exist`);
  return issue;
}

export function registerLinkRoutes(router: Router, store: JiraStore): void {
  for (const [version, options] of [
    ['3', cloud],
    ['2', dc],
  ] as const) {
    const base = `/rest/api/${version}`;

    router.add(
      'GET',
      `${base}/issueLinkType`,
      handler((request) => {
        const view = viewOf(store, request);
        return { status: 200, body: { issueLinkTypes: store.linkTypes.map((t) => render.issueLinkType(view, t)) } };
      }),
      options,
    );

    router.add(
      'POST',
      `${base}/issueLink`,
      handler((request) => {
        const body = bodyObject(request);
        const typeRef = typeof body.type === 'object' && body.type !== null ? (body.type as { id?: unknown; name?: unknown }) : {};
        const type = store.linkType(typeRef);
        if (!type) throw notFound(`No issue link type with name '${String(typeRef.name ?? typeRef.id ?? '')}' found.`);
        const source = issueRef(store, body.inwardIssue, 'inwardIssue');
        const destination = issueRef(store, body.outwardIssue, 'outwardIssue');
        if (source.id === destination.id) throw badRequest('You cannot link an issue to itself.');
        const same = store.issueLinks.find((l) => l.typeId === type.id && l.sourceId === source.id && l.destinationId === destination.id);
        if (!same) store.addIssueLink(type.id, source, destination);
        // The Cloud spec documents a JSON body (any schema) for 201, Data Center's none; atl reads neither.
        return version === '3' ? { status: 201, body: {} } : { status: 201 };
      }),
      options,
    );

    const requireLink = (id: string) => {
      const link = store.issueLinks.find((l) => l.id === id);
      if (!link) throw notFound(`No issue link with id '${id}' exists.`);
      return link;
    };
    router.add(
      'GET',
      `${base}/issueLink/{linkId}`,
      handler((request) => ({ status: 200, body: render.issueLink(viewOf(store, request), requireLink(request.params.linkId ?? '')) })),
      options,
    );
    router.add(
      'DELETE',
      `${base}/issueLink/{linkId}`,
      handler((request) => {
        store.deleteIssueLink(requireLink(request.params.linkId ?? ''));
        return { status: 204 };
      }),
      options,
    );

    router.add(
      'GET',
      `${base}/issue/{issueIdOrKey}/remotelink`,
      handler((request) => {
        const issue = requireIssue(store, request);
        const view = viewOf(store, request);
        const globalId = request.query.get('globalId');
        const links = store.remoteLinksOf(issue).filter((l) => globalId === null || l.globalId === globalId);
        return { status: 200, body: links.map((l) => render.remoteLink(view, issue, l)) };
      }),
      options,
    );
    router.add(
      'POST',
      `${base}/issue/{issueIdOrKey}/remotelink`,
      handler((request) => {
        const issue = requireIssue(store, request);
        const body = bodyObject(request);
        const object = typeof body.object === 'object' && body.object !== null ? (body.object as Json) : undefined;
        const url = object?.url;
        const title = object?.title;
        if (typeof url !== 'string' || !url) throw badRequest("The remote link's object needs a url.");
        if (typeof title !== 'string' || !title) throw badRequest("The remote link's object needs a title.");
        const input: Omit<RemoteLink, 'id'> = { object: { ...(object as Json), url, title } as RemoteLink['object'] };
        if (typeof body.globalId === 'string') input.globalId = body.globalId;
        if (typeof body.relationship === 'string') input.relationship = body.relationship;
        if (typeof body.application === 'object' && body.application !== null) input.application = body.application as Json;
        const { link, created } = store.putRemoteLink(issue, input);
        const self = `${request.baseUrl}${base}/issue/${issue.key}/remotelink/${link.id}`;
        // Cloud answers 201 for a new link and 200 for an update; Data Center 200 for both.
        return { status: created && version === '3' ? 201 : 200, body: { id: link.id, self } };
      }),
      options,
    );
    router.add(
      'DELETE',
      `${base}/issue/{issueIdOrKey}/remotelink/{linkId}`,
      handler((request) => {
        const issue = requireIssue(store, request);
        const id = Number(request.params.linkId);
        if (!Number.isInteger(id) || !store.deleteRemoteLink(issue, id))
          throw notFound(`No remote link with id '${request.params.linkId}'.`);
        return { status: 204 };
      }),
      options,
    );
  }
}
