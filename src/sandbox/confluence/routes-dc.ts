/**
 * Confluence Data Center REST (`/rest/api/...`, served under `/dc`): spaces, content CRUD with
 * `expand`, CQL search by `start`/`limit`, child pages and comments, attachments (POST creates,
 * `allowDuplicated=true` or `POST …/{attId}/data` adds a version; bytes at `_links.download`),
 * labels and history. Listings page by offset (route-kit.ts `dcList`).
 *
 * As Data Center does: an update must carry the current version + 1 (else 409); an update of a
 * page without `ancestors` puts it at the top of its space (so clients send the parent every
 * time); DELETE moves content to the trash, and DELETE again with `status=trashed` purges it.
 */
import type { Router } from '../router.js';
import type { SandboxRequest, SandboxResponse } from '../types.js';
import * as render from './render.js';
import { addLabels, attachmentBytes, hitContent, removeLabel, searchHits, uploadAttachmentData, uploadAttachments } from './routes-v1.js';
import { actorOf, bodyObject, dc, dcList, expandsOf, fail, handler, type Json, listQuery, obj, str } from './route-kit.js';
import { type Content, type ConfluenceStore, type ContentVersion, current, titleOf } from './store.js';

const API = '/rest/api';

/** What a single GET expands when the client names nothing (Data Center's default). */
const DEFAULT_EXPAND = ['space', 'history', 'version'];

function storageValue(body: unknown): string | undefined {
  const storage = obj(obj(body)?.storage);
  if (!storage) return undefined;
  const representation = str(storage.representation);
  if (representation && representation !== 'storage') fail(400, `Unsupported representation: ${representation}`);
  return str(storage.value) ?? '';
}

/** The parent an update or create names: the last of `ancestors`. */
function parentOf(body: Json): string | null | undefined {
  if (!Array.isArray(body.ancestors)) return undefined;
  const last = body.ancestors.at(-1);
  const id = obj(last)?.id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : null;
}

export function registerDcRoutes(router: Router, store: ConfluenceStore): void {
  const view = (request: SandboxRequest): render.View => ({ store, request });
  const add = (method: string, path: string, fn: (request: SandboxRequest) => SandboxResponse) =>
    router.add(method, `${API}${path}`, handler(fn), dc);
  const expandOf = (request: SandboxRequest, fallback: readonly string[] = []) => {
    const asked = expandsOf(request.query);
    return asked.size > 0 ? asked : new Set(fallback);
  };
  const contentJson = (request: SandboxRequest, content: Content, expand: Set<string>, version?: ContentVersion) =>
    render.v1Content(view(request), content, version ? { expand, version } : { expand });

  /** Current content by id (trashed content only when `status=trashed` is asked). */
  const requireLive = (request: SandboxRequest, id = request.params.id ?? request.params.contentId ?? ''): Content => {
    const content = store.requireContent(id);
    const statuses = listQuery(request.query, 'status');
    const allowed = statuses.length > 0 ? statuses : ['current', 'draft'];
    if (!allowed.includes(content.status) && !allowed.includes('any') && !allowed.includes('historical')) {
      fail(404, `No content found with id: ${id}`);
    }
    return content;
  };

  // ---- spaces ----
  add('GET', '/space', (request) => {
    const keys = [...listQuery(request.query, 'spaceKey'), ...listQuery(request.query, 'spaceKeys')];
    const type = request.query.get('type');
    const status = request.query.get('status');
    const spaces = [...store.spaces.values()]
      .filter((s) => (keys.length === 0 || keys.includes(s.key)) && (!type || s.type === type) && (!status || s.status === status))
      .sort((a, b) => a.key.localeCompare(b.key));
    return dcList(request, spaces, (s) => render.v1Space(view(request), s), 500);
  });

  add('GET', '/space/{spaceKey}', (request) => {
    const space = store.spaceByKey(request.params.spaceKey ?? '');
    if (!space) fail(404, `No space with key : ${request.params.spaceKey}`);
    return { status: 200, body: render.v1Space(view(request), space) };
  });

  // ---- content ----
  add('GET', '/content', (request) => {
    const type = request.query.get('type') ?? 'page';
    const spaceKey = request.query.get('spaceKey');
    const space = spaceKey ? store.spaceByKey(spaceKey) : undefined;
    if (spaceKey && !space) fail(404, `No space with key : ${spaceKey}`);
    const title = request.query.get('title');
    const statuses = listQuery(request.query, 'status');
    const wanted = statuses.length > 0 ? statuses : ['current'];
    const items = [...store.contents.values()]
      .filter((c) => c.type === type && (!space || c.spaceId === space.id) && (!title || titleOf(c) === title) && wanted.includes(c.status))
      .sort((a, b) => Number(a.id) - Number(b.id));
    const expand = expandOf(request);
    return dcList(request, items, (c) => contentJson(request, c, expand), expand.has('body.storage') ? 100 : 200);
  });

  add('GET', '/content/{id}', (request) => {
    const content = requireLive(request);
    const asked = request.query.get('version');
    let version: ContentVersion | undefined;
    if (asked) {
      version = content.versions.find((v) => String(v.number) === asked);
      if (!version) fail(404, `No version ${asked} of content ${content.id}`);
    }
    return { status: 200, body: contentJson(request, content, expandOf(request, DEFAULT_EXPAND), version) };
  });

  add('POST', '/content', (request) => {
    const body = bodyObject(request);
    const type = str(body.type) ?? 'page';
    const authorId = actorOf(store, request.identity).accountId;
    const value = storageValue(body.body) ?? '';
    if (type === 'comment') {
      const containerId = str(obj(body.container)?.id) ?? String(obj(body.container)?.id ?? '');
      const container = store.content(containerId);
      if (container?.status !== 'current') fail(404, `No content found with id: ${containerId}`);
      const comment = store.addComment(container.id, value, authorId);
      return { status: 200, body: contentJson(request, comment, new Set(['version', 'container', 'body.storage'])) };
    }
    if (type !== 'page' && type !== 'blogpost') fail(400, `Unsupported content type: ${type}`);
    const key = str(obj(body.space)?.key);
    if (!key) fail(400, 'A space key is required');
    const space = store.spaceByKey(key);
    if (!space) fail(404, `No space with key : ${key}`);
    const title = str(body.title);
    if (!title) fail(400, 'A title is required');
    const parentId = parentOf(body);
    if (parentId) requireLive(request, parentId);
    const created = store.addPage({
      spaceId: space.id,
      type,
      title,
      body: value,
      parentId: parentId ?? undefined,
      authorId,
      status: str(body.status) === 'draft' ? 'draft' : 'current',
    });
    return { status: 200, body: contentJson(request, created, new Set([...DEFAULT_EXPAND, 'ancestors', 'body.storage', 'container'])) };
  });

  add('PUT', '/content/{contentId}', (request) => {
    const body = bodyObject(request);
    const id = request.params.contentId ?? '';
    const content = store.requireContent(id);
    const version = obj(body.version)?.number;
    if (typeof version !== 'number' || !Number.isInteger(version)) fail(400, 'version.number is required');
    const title = str(body.title);
    if (!title) fail(400, 'A title is required');
    const status = str(body.status);
    if (content.status === 'trashed' && status !== 'current') fail(404, `No content found with id: ${id}`);
    const parent = content.type === 'page' ? parentOf(body) : undefined;
    if (parent) requireLive(request, parent);
    const updated = store.updatePage(id, version, {
      title,
      body: storageValue(body.body),
      // Without `ancestors`, Data Center puts the page at the top of its space.
      ...(content.type === 'page' ? { parentId: parent ?? null } : {}),
      message: str(obj(body.version)?.message) ?? '',
      minorEdit: obj(body.version)?.minorEdit === true,
      authorId: actorOf(store, request.identity).accountId,
      status: 'current',
    });
    return { status: 200, body: contentJson(request, updated, new Set([...DEFAULT_EXPAND, 'ancestors', 'body.storage'])) };
  });

  add('DELETE', '/content/{id}', (request) => {
    const content = store.requireContent(request.params.id ?? '');
    if (content.status === 'trashed') {
      if (request.query.get('status') !== 'trashed') fail(404, `No content found with id: ${content.id}`);
      store.purge(content.id);
    } else {
      store.trash(content.id);
    }
    return { status: 204 };
  });

  add('GET', '/content/search', (request) => {
    const hits = searchHits(store, request);
    const expand = render.expandNames(expandsOf(request.query));
    return dcList(request, hits, (hit) => hitContent(view(request), hit, expand), expand.has('body.storage') ? 50 : 100, {
      totalSize: hits.length,
      cqlQuery: request.query.get('cql') ?? '',
    });
  });

  add('GET', '/content/{id}/history', (request) => {
    const content = requireLive(request);
    const last = current(content);
    const previous = content.versions.at(-2);
    return {
      status: 200,
      body: {
        latest: true,
        createdBy: render.v1User(view(request), content.authorId),
        createdDate: new Date(content.createdAt).toISOString(),
        lastUpdated: render.v1Version(view(request), last),
        ...(previous ? { previousVersion: render.v1Version(view(request), previous) } : {}),
        contributors: {
          publishers: { users: [], userKeys: [...new Set(content.versions.map((v) => store.user(v.authorId)?.userKey ?? v.authorId))] },
        },
        _links: { self: `${request.baseUrl}${API}/content/${content.id}/history` },
      },
    };
  });

  // ---- children ----
  add('GET', '/content/{id}/child/{type}', (request) => {
    const content = requireLive(request);
    const type = request.params.type;
    const expand = expandOf(request);
    if (type === 'page') return dcList(request, store.pageChildren(content.id, content.spaceId), (c) => contentJson(request, c, expand));
    if (type === 'comment') return dcList(request, store.comments(content.id), (c) => contentJson(request, c, expand));
    return fail(400, `Unsupported child type: ${type}`);
  });

  add('GET', '/content/{id}/child/attachment', (request) => {
    const content = requireLive(request);
    const filename = request.query.get('filename');
    const mediaType = request.query.get('mediaType');
    const items = store
      .attachmentsOf(content.id)
      .filter((a) => (!filename || a.filename === filename) && (!mediaType || a.versions.at(-1)?.mediaType === mediaType));
    const expand = expandsOf(request.query);
    return dcList(request, items, (a) => render.v1Attachment(view(request), a, expand));
  });

  add('POST', '/content/{id}/child/attachment', (request) => {
    const added = uploadAttachments(store, request, request.query.get('allowDuplicated') === 'true');
    const results = added.map((a) => render.v1Attachment(view(request), a, new Set(['version'])));
    return { status: 200, body: render.contentArray(view(request), results) };
  });

  add('POST', '/content/{id}/child/attachment/{attachmentId}/data', (request) => ({
    status: 200,
    body: render.v1Attachment(view(request), uploadAttachmentData(store, request), new Set(['version'])),
  }));

  router.add(
    'GET',
    '/download/attachments/{pageId}/{filename}',
    handler((request) => {
      const attachment = store.attachmentByName(request.params.pageId ?? '', request.params.filename ?? '');
      if (attachment?.status !== 'current') fail(404, 'Attachment not found');
      return attachmentBytes(attachment, request.query.get('version'));
    }),
    dc,
  );

  // ---- labels ----
  add('GET', '/content/{id}/label', (request) => {
    const content = requireLive(request);
    const prefix = request.query.get('prefix');
    return dcList(
      request,
      content.labels.filter((l) => !prefix || l.prefix === prefix),
      (l) => render.v1Label(view(request), l),
    );
  });
  add('POST', '/content/{id}/label', (request) => addLabels(store, request));
  add('DELETE', '/content/{id}/label', (request) => removeLabel(store, request, request.query.get('name')));
  add('DELETE', '/content/{id}/label/{label}', (request) => removeLabel(store, request, request.params.label));
}
