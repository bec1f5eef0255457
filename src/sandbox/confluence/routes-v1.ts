/**
 * Confluence Cloud REST v1 (`/wiki/rest/api/...`), where v2 has no equivalent:
 * - CQL search, `/search` (SearchResult) and `/content/search` (Content), paged by cursor;
 * - attachments: `PUT …/child/attachment` creates, or adds a version to the file of the same name;
 *   `POST` creates only; `POST …/{attId}/data` adds a version by id. Multipart, refused (403)
 *   without `X-Atlassian-Token: no-check`. `GET …/{attId}/download` answers 302 to the media
 *   store, here the same server under its other loopback name (another origin, so a client that
 *   kept its Authorization header across hosts would be caught), reached with a signed token;
 * - `PUT /content/{id}/move/{before|after|append}/{targetId}`;
 * - labels: `POST /content/{id}/label`, `DELETE …/label?name=` and `…/label/{label}`.
 * The label and upload operations are shared with Data Center (routes-dc.ts).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Router } from '../router.js';
import type { SandboxRequest, SandboxResponse } from '../types.js';
import { CqlError, type Hit, runCql } from './cql.js';
import { uploadsOf } from './multipart.js';
import * as render from './render.js';
import {
  actorOf,
  cloud,
  cloudBase,
  cursorSlice,
  expandsOf,
  fail,
  handler,
  hasNoCheckToken,
  iso,
  type Json,
  obj,
  str,
} from './route-kit.js';
import { type Attachment, type ConfluenceStore, current, latest, modifiedAt, titleOf } from './store.js';

const V1 = '/wiki/rest/api';

/** Where the Cloud media store is served (the sandbox's own path, anonymous, signed token in the query). */
export const MEDIA_PATH = '/rest/atl-sandbox/1.0/confluence/media';

/** The hits of the request's `cql`, or a 400 for CQL the sandbox cannot read. */
export function searchHits(store: ConfluenceStore, request: SandboxRequest): Hit[] {
  const cql = request.query.get('cql');
  if (!cql) fail(400, 'The cql parameter is required.');
  try {
    return runCql(store, cql, actorOf(store, request.identity).accountId);
  } catch (err) {
    if (err instanceof CqlError) fail(400, err.message);
    throw err;
  }
}

/** A hit as v1/DC `Content`. */
export function hitContent(view: render.View, hit: Hit, expand: Set<string>): Json {
  return hit.kind === 'attachment' ? render.v1Attachment(view, hit.attachment, expand) : render.v1Content(view, hit.content, { expand });
}

/** The labels a label POST names: `[{prefix, name}]` or one `{prefix, name}`. */
export function labelNames(body: unknown): string[] {
  const items = Array.isArray(body) ? body : [body];
  return items.map((item) => {
    const name = str(obj(item)?.name);
    if (!name) fail(400, 'Each label needs a name.');
    return name;
  });
}

/** The labels a request adds, then the content's labels as `{results, size}`. */
export function addLabels(store: ConfluenceStore, request: SandboxRequest): SandboxResponse {
  const content = store.requireContent(request.params.id ?? '');
  for (const name of labelNames(request.body)) store.addLabel(content.id, name);
  const view = { store, request };
  const results = content.labels.map((l) => render.v1Label(view, l));
  return { status: 200, body: { results, start: 0, limit: 200, size: results.length, _links: {} } };
}

export function removeLabel(store: ConfluenceStore, request: SandboxRequest, name: string | null | undefined): SandboxResponse {
  if (!name) fail(400, 'The name of the label to remove is required.');
  store.removeLabel(request.params.id ?? '', name);
  return { status: 204 };
}

/**
 * Adds the uploaded files to a page or blog post. `replace`: a file whose name exists becomes its
 * next version (Cloud's PUT, Data Center's `allowDuplicated=true`); otherwise such a name is a 400.
 */
export function uploadAttachments(store: ConfluenceStore, request: SandboxRequest, replace: boolean): Attachment[] {
  if (!hasNoCheckToken(request)) fail(403, 'XSRF check failed');
  const container = store.requireContent(request.params.id ?? '');
  if (container.type === 'comment' || container.status !== 'current') fail(404, `No content found with id: ${container.id}`);
  const { files } = uploadsOf(request.headers['content-type'], request.rawBody);
  const authorId = actorOf(store, request.identity).accountId;
  if (!replace) {
    for (const file of files) {
      if (store.attachmentByName(container.id, file.filename)) {
        fail(400, `Cannot add a new attachment with same file name as an existing attachment: ${file.filename}`);
      }
    }
  }
  return files.map((file) =>
    store.addAttachment(container.id, {
      filename: file.filename,
      content: file.content,
      mediaType: file.mediaType,
      comment: file.comment,
      authorId,
    }),
  );
}

/** A new version of one attachment by id (`POST …/{attachmentId}/data`). */
export function uploadAttachmentData(store: ConfluenceStore, request: SandboxRequest): Attachment {
  if (!hasNoCheckToken(request)) fail(403, 'XSRF check failed');
  const attachment = store.requireAttachment(request.params.attachmentId ?? '');
  if (attachment.containerId !== request.params.id)
    fail(404, `No attachment ${request.params.attachmentId} on content ${request.params.id}`);
  const { files } = uploadsOf(request.headers['content-type'], request.rawBody);
  const file = files[0]!;
  return store.updateAttachment(attachment.id, {
    filename: file.filename,
    content: file.content,
    mediaType: file.mediaType,
    comment: file.comment,
    authorId: actorOf(store, request.identity).accountId,
  });
}

/** The bytes of one version of an attachment. */
export function attachmentBytes(attachment: Attachment, versionParam: string | null): SandboxResponse {
  const version = versionParam ? attachment.versions.find((v) => String(v.number) === versionParam) : latest(attachment);
  if (!version) fail(404, `No version ${versionParam} of attachment ${attachment.id}`);
  return {
    status: 200,
    body: version.content,
    headers: {
      'Content-Type': version.mediaType,
      'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(attachment.filename)}`,
    },
  };
}

/** The same server under its other loopback name: another host to the client, so another origin. */
function mediaOrigin(siteUrl: string): string {
  const url = new URL(siteUrl);
  url.hostname = url.hostname === 'localhost' ? '127.0.0.1' : 'localhost';
  return url.origin;
}

function searchResult(view: render.View, hit: Hit, expand: Set<string>): Json {
  const { store } = view;
  const container = hit.kind === 'attachment' ? store.content(hit.attachment.containerId) : hit.content;
  const space = container ? store.spaces.get(container.spaceId) : undefined;
  const title = hit.kind === 'attachment' ? hit.attachment.filename : titleOf(hit.content);
  const modified = hit.kind === 'attachment' ? latest(hit.attachment).createdAt : modifiedAt(hit.content);
  const excerpt =
    hit.kind === 'attachment'
      ? latest(hit.attachment).comment
      : current(hit.content)
          .body.replace(/<[^>]*>/g, ' ')
          .replace(/\s+/g, ' ')
          .trim()
          .slice(0, 200);
  const breadcrumbs = container
    ? store.ancestors(container).map((a) => ({ label: titleOf(a), url: render.webui(view, a), separator: 'slash' }))
    : [];
  return {
    content: hitContent(view, hit, expand),
    title,
    excerpt,
    url:
      hit.kind === 'attachment'
        ? `/pages/viewpageattachments.action?pageId=${hit.attachment.containerId}`
        : render.webui(view, hit.content),
    resultGlobalContainer: space ? { title: space.name, displayUrl: `/spaces/${space.key}` } : { title: '', displayUrl: '' },
    breadcrumbs,
    entityType: 'content',
    iconCssClass: `aui-icon content-type-${hit.kind === 'attachment' ? 'attachment' : hit.content.type}`,
    lastModified: iso(modified),
    friendlyLastModified: new Date(modified).toUTCString().slice(5, 16),
    score: 1,
  };
}

export function registerV1Routes(router: Router, store: ConfluenceStore): void {
  const secret = randomBytes(16);
  const sign = (id: string, version: number): Buffer => createHmac('sha256', secret).update(`${id}:${version}`).digest();
  const view = (request: SandboxRequest): render.View => ({ store, request });
  const add = (method: string, path: string, fn: (request: SandboxRequest) => SandboxResponse) =>
    router.add(method, `${V1}${path}`, handler(fn), cloud);

  /** `_links.next` of v1 is relative to `/wiki`. */
  const v1Path = (request: SandboxRequest) => request.path.replace(/^\/wiki/, '');

  /** A v1 search answer: one cursor page of the request's CQL hits, each rendered by `item`. */
  const searchPage = (request: SandboxRequest, item: (hit: Hit, expand: Set<string>) => Json, extra: (hits: Hit[]) => Json) => {
    const hits = searchHits(store, request);
    const { items, next } = cursorSlice(request, hits, 100, v1Path(request));
    const expand = render.expandNames(expandsOf(request.query));
    const links = {
      base: cloudBase(request),
      context: '/wiki',
      ...(next ? { next } : {}),
      self: `${cloudBase(request)}${v1Path(request)}`,
    };
    const results = items.map((hit) => item(hit, expand));
    return { status: 200, body: { results, start: 0, limit: items.length, size: items.length, ...extra(hits), _links: links } };
  };

  add('GET', '/search', (request) => {
    const started = Date.now();
    return searchPage(
      request,
      (hit, expand) => searchResult(view(request), hit, expand),
      (hits) => ({ totalSize: hits.length, cqlQuery: request.query.get('cql') ?? '', searchDuration: Date.now() - started }),
    );
  });

  add('GET', '/content/search', (request) =>
    searchPage(
      request,
      (hit, expand) => hitContent(view(request), hit, expand),
      () => ({}),
    ),
  );

  const uploaded = (request: SandboxRequest, attachments: Attachment[]): SandboxResponse => ({
    status: 200,
    body: render.contentArray(
      view(request),
      attachments.map((a) => render.v1Attachment(view(request), a, new Set())),
    ),
  });
  add('PUT', '/content/{id}/child/attachment', (request) => uploaded(request, uploadAttachments(store, request, true)));
  add('POST', '/content/{id}/child/attachment', (request) => uploaded(request, uploadAttachments(store, request, false)));
  add('POST', '/content/{id}/child/attachment/{attachmentId}/data', (request) => ({
    status: 200,
    body: render.v1Attachment(view(request), uploadAttachmentData(store, request), new Set()),
  }));

  add('GET', '/content/{id}/child/attachment/{attachmentId}/download', (request) => {
    const attachment = store.requireAttachment(request.params.attachmentId ?? '');
    if (attachment.containerId !== request.params.id)
      fail(404, `No attachment ${request.params.attachmentId} on content ${request.params.id}`);
    const asked = request.query.get('version');
    const version = asked ? attachment.versions.find((v) => String(v.number) === asked) : latest(attachment);
    if (!version) fail(404, `No version ${asked} of attachment ${request.params.attachmentId}`);
    const token = sign(attachment.id, version.number).toString('base64url');
    const location = `${mediaOrigin(request.siteUrl)}${MEDIA_PATH}/${attachment.id}?version=${version.number}&token=${token}`;
    return { status: 302, headers: { Location: location } };
  });

  router.add(
    'GET',
    `${MEDIA_PATH}/{id}`,
    handler((request) => {
      const attachment = store.requireAttachment(request.params.id ?? '');
      const version = Number(request.query.get('version') ?? latest(attachment).number);
      const given = Buffer.from(request.query.get('token') ?? '', 'base64url');
      const expected = sign(attachment.id, version);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) fail(403, 'The media token is invalid.');
      return attachmentBytes(attachment, String(version));
    }),
    { realm: 'jira', flavours: ['cloud'], anonymous: true },
  );

  add('PUT', '/content/{pageId}/move/{position}/{targetId}', (request) => {
    const position = request.params.position;
    if (position !== 'before' && position !== 'after' && position !== 'append') fail(400, `Invalid position: ${position}`);
    const page = store.movePage(request.params.pageId ?? '', position, request.params.targetId ?? '');
    return { status: 200, body: { pageId: page.id } };
  });

  add('POST', '/content/{id}/label', (request) => addLabels(store, request));
  add('DELETE', '/content/{id}/label', (request) => removeLabel(store, request, request.query.get('name')));
  add('DELETE', '/content/{id}/label/{label}', (request) => removeLabel(store, request, request.params.label));
}
