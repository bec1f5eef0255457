/**
 * Confluence Cloud REST v2 (`/wiki/api/v2/...`, also through the gateway): spaces, pages and blog
 * posts with their versions (an update must carry the current number + 1, else 409), the page
 * tree (children, direct-children, descendants, ancestors), labels, attachments and footer
 * comments. Listings page by cursor (route-kit.ts `v2List`).
 */
import type { Router } from '../router.js';
import type { SandboxRequest, SandboxResponse } from '../types.js';
import * as render from './render.js';
import { actorOf, bodyObject, cloud, fail, handler, intQuery, type Json, listQuery, obj, str, v2List } from './route-kit.js';
import { type Content, type ConfluenceStore, type ContentStatus, type ContentType, current, modifiedAt, titleOf } from './store.js';

const V2 = '/wiki/api/v2';

/** The storage value of a v2 write body (`{representation, value}` or `{storage: {…}}`). */
export function storageOf(body: unknown): string | undefined {
  const b = obj(body);
  if (!b) return undefined;
  const inner = obj(b.storage) ?? b;
  const representation = str(inner.representation);
  if (representation !== undefined && representation !== 'storage') {
    fail(400, `The sandbox stores bodies in the storage representation only, not '${representation}'.`);
  }
  return str(inner.value);
}

const STATUSES: readonly ContentStatus[] = ['current', 'trashed', 'draft', 'archived'];

function statusFilter(request: SandboxRequest, fallback: readonly ContentStatus[]): ContentStatus[] {
  const asked = listQuery(request.query, 'status');
  if (asked.length === 0) return [...fallback];
  return asked.filter((s): s is ContentStatus => (STATUSES as readonly string[]).includes(s));
}

/** Orders content by v2's `sort` (`id`, `title`, `created-date`, `modified-date`, `-` for descending). */
function sortContent(items: Content[], sort: string | null): Content[] {
  if (!sort) return items;
  const descending = sort.startsWith('-');
  const key = sort.replace(/^-/, '');
  const value = (c: Content): number | string =>
    key === 'title' ? titleOf(c) : key === 'created-date' ? c.createdAt : key === 'modified-date' ? modifiedAt(c) : Number(c.id);
  const sorted = [...items].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    return x < y ? -1 : x > y ? 1 : Number(a.id) - Number(b.id);
  });
  return descending ? sorted.reverse() : sorted;
}

/** A space's pages in tree order: each page before its children, siblings by position. */
export function treeOrder(pages: readonly Content[]): Content[] {
  const wanted = new Set(pages.map((p) => p.id));
  const out: Content[] = [];
  const byParent = new Map<string | null, Content[]>();
  for (const page of pages) {
    const parent = page.parentId && wanted.has(page.parentId) ? page.parentId : null;
    const list = byParent.get(parent) ?? [];
    list.push(page);
    byParent.set(parent, list);
  }
  const walk = (parent: string | null) => {
    const list = (byParent.get(parent) ?? []).sort((a, b) => a.position - b.position || Number(a.id) - Number(b.id));
    for (const page of list) {
      out.push(page);
      walk(page.id);
    }
  };
  walk(null);
  return out;
}

export function registerV2Routes(router: Router, store: ConfluenceStore): void {
  const view = (request: SandboxRequest): render.View => ({ store, request });
  const bodyFormat = (request: SandboxRequest) => request.query.get('body-format');
  const add = (method: string, path: string, fn: (request: SandboxRequest) => SandboxResponse) =>
    router.add(method, `${V2}${path}`, handler(fn), cloud);

  /** Pages or blog posts by path id, current ones only unless `status` asks for trashed. */
  const requireKind = (request: SandboxRequest, type: 'page' | 'blogpost', id = request.params.id ?? ''): Content => {
    const content = store.content(id);
    const statuses = statusFilter(request, ['current', 'archived', 'draft']);
    if (!content || content.type !== type || !statuses.includes(content.status)) fail(404, `No ${type} found with id: ${id}`);
    return content;
  };

  // ---- spaces ----
  add('GET', '/spaces', (request) => {
    const ids = listQuery(request.query, 'ids');
    const keys = listQuery(request.query, 'keys');
    const types = listQuery(request.query, 'type');
    const statuses = listQuery(request.query, 'status');
    const spaces = [...store.spaces.values()]
      .filter(
        (s) =>
          (ids.length === 0 || ids.includes(s.id)) &&
          (keys.length === 0 || keys.includes(s.key)) &&
          (types.length === 0 || types.includes(s.type)) &&
          (statuses.length === 0 || statuses.includes(s.status)),
      )
      .sort((a, b) => Number(a.id) - Number(b.id));
    const descriptionFormat = request.query.get('description-format');
    return v2List(request, spaces, (s) => render.v2Space(view(request), s, { descriptionFormat }));
  });

  add('GET', '/spaces/{id}', (request) => {
    const space = store.spaces.get(request.params.id ?? '');
    if (!space) fail(404, `No space found with id: ${request.params.id}`);
    return {
      status: 200,
      body: render.v2Space(view(request), space, { single: true, descriptionFormat: request.query.get('description-format') }),
    };
  });

  const spaceListing = (type: 'page' | 'blogpost') => (request: SandboxRequest) => {
    const space = store.spaces.get(request.params.id ?? '');
    if (!space) fail(404, `No space found with id: ${request.params.id}`);
    let items = store.spaceContent(space.id, type, statusFilter(request, ['current', 'archived']));
    const title = request.query.get('title');
    if (title) items = items.filter((c) => titleOf(c) === title);
    if (type === 'page' && request.query.get('depth') === 'root') items = items.filter((c) => c.parentId === null);
    const sort = request.query.get('sort');
    items = sort ? sortContent(items, sort) : type === 'page' ? treeOrder(items) : sortContent(items, '-created-date');
    const format = bodyFormat(request);
    return v2List(request, items, (c) => render.v2Page(view(request), c, { bodyFormat: format }));
  };
  add('GET', '/spaces/{id}/pages', spaceListing('page'));
  add('GET', '/spaces/{id}/blogposts', spaceListing('blogpost'));

  // ---- pages and blog posts ----
  for (const [type, plural] of [
    ['page', 'pages'],
    ['blogpost', 'blogposts'],
  ] as const) {
    add('GET', `/${plural}`, (request) => {
      const ids = listQuery(request.query, 'id');
      if (ids.length > 250) fail(400, 'At most 250 ids may be given.');
      const spaceIds = listQuery(request.query, 'space-id');
      const title = request.query.get('title');
      const statuses = statusFilter(request, ['current', 'archived']);
      const items = [...store.contents.values()].filter(
        (c) =>
          c.type === type &&
          statuses.includes(c.status) &&
          (ids.length === 0 || ids.includes(c.id)) &&
          (spaceIds.length === 0 || spaceIds.includes(c.spaceId)) &&
          (!title || titleOf(c) === title),
      );
      const format = bodyFormat(request);
      return v2List(request, sortContent(items, request.query.get('sort') ?? 'id'), (c) =>
        render.v2Page(view(request), c, { bodyFormat: format }),
      );
    });

    add('GET', `/${plural}/{id}`, (request) => {
      const content = requireKind(request, type);
      const asked = request.query.get('version');
      let version = current(content);
      if (asked !== null) {
        const n = intQuery(request.query, 'version', 0);
        const found = content.versions.find((v) => v.number === n);
        if (!found) fail(404, `No version ${asked} of ${type} ${content.id}`);
        version = found;
      }
      return {
        status: 200,
        body: render.v2Page(view(request), content, {
          single: true,
          bodyFormat: bodyFormat(request),
          version,
          includeLabels: request.query.get('include-labels') === 'true',
          includeVersions: request.query.get('include-versions') === 'true',
        }),
      };
    });

    add('POST', `/${plural}`, (request) => {
      const body = bodyObject(request);
      const spaceId = str(body.spaceId);
      if (!spaceId) fail(400, 'spaceId is required');
      const space = store.spaces.get(spaceId);
      if (!space) fail(404, `No space found with id: ${spaceId}`);
      const title = str(body.title);
      if (!title) fail(400, 'A title is required to create content in the current status');
      const parentId = str(body.parentId);
      if (parentId && !liveFolder(parentId)) requireKind(request, 'page', parentId);
      const rootLevel = request.query.get('root-level') === 'true';
      const created = store.addPage({
        spaceId: space.id,
        title,
        body: storageOf(body.body) ?? '',
        type,
        parentId: type === 'page' ? (parentId ?? (rootLevel ? null : undefined)) : null,
        authorId: actorOf(store, request.identity).accountId,
        status: str(body.status) === 'draft' ? 'draft' : 'current',
      });
      return { status: 200, body: render.v2Page(view(request), created, { single: true, bodyFormat: 'storage' }) };
    });

    add('PUT', `/${plural}/{id}`, (request) => {
      const body = bodyObject(request);
      const id = request.params.id ?? '';
      const content = store.content(id);
      if (!content || content.type !== type) fail(404, `No ${type} found with id: ${id}`);
      if (str(body.id) !== undefined && str(body.id) !== id) fail(400, 'The id in the body does not match the id in the path.');
      const version = obj(body.version)?.number;
      if (typeof version !== 'number' || !Number.isInteger(version)) fail(400, 'version.number is required');
      const status = str(body.status);
      if (status !== 'current' && status !== 'draft') fail(400, "status must be 'current' or 'draft'");
      const title = str(body.title);
      if (!title) fail(400, 'title is required');
      const spaceId = str(body.spaceId);
      if (spaceId && spaceId !== content.spaceId) fail(400, 'A page cannot be moved to another space with this operation.');
      const parentId = type === 'page' ? str(body.parentId) : undefined;
      const updated = store.updatePage(id, version, {
        title,
        body: storageOf(body.body),
        ...(parentId ? { parentId } : {}),
        message: str(obj(body.version)?.message) ?? '',
        minorEdit: obj(body.version)?.minorEdit === true,
        authorId: actorOf(store, request.identity).accountId,
        status: 'current',
      });
      return { status: 200, body: render.v2Page(view(request), updated, { single: true, bodyFormat: 'storage' }) };
    });

    add('DELETE', `/${plural}/{id}`, (request) => {
      const id = request.params.id ?? '';
      const content = store.content(id);
      if (!content || content.type !== type) fail(404, `No ${type} found with id: ${id}`);
      if (request.query.get('purge') === 'true') store.purge(id);
      else store.trash(id);
      return { status: 204 };
    });

    add('GET', `/${plural}/{id}/labels`, (request) => {
      const content = requireKind(request, type);
      const prefix = request.query.get('prefix');
      return v2List(
        request,
        content.labels.filter((l) => !prefix || l.prefix === prefix),
        render.v2Label,
      );
    });

    add('GET', `/${plural}/{id}/versions`, (request) => {
      const content = requireKind(request, type);
      const sort = request.query.get('sort') ?? '-modified-date';
      const versions = sort.startsWith('-') ? [...content.versions].reverse() : [...content.versions];
      const format = bodyFormat(request);
      return v2List(request, versions, (v) => ({
        ...render.v2Version(v),
        [type === 'page' ? 'page' : 'blogpost']: {
          id: content.id,
          title: v.title,
          ...(format === 'storage' ? { body: { storage: { representation: 'storage', value: v.body } } } : {}),
        },
      }));
    });

    add('GET', `/${plural}/{id}/attachments`, (request) => {
      const content = requireKind(request, type);
      const filename = request.query.get('filename');
      const mediaType = request.query.get('mediaType');
      const items = store
        .attachmentsOf(content.id)
        .filter((a) => (!filename || a.filename === filename) && (!mediaType || a.versions.at(-1)?.mediaType === mediaType));
      return v2List(request, items, (a) => render.v2Attachment(view(request), a));
    });

    add('GET', `/${plural}/{id}/footer-comments`, (request) => {
      const content = requireKind(request, type);
      const format = bodyFormat(request);
      return v2List(request, store.comments(content.id), (c) => render.v2Comment(view(request), c, format));
    });
  }

  router.add(
    'GET',
    `${V2}/pages/{pageId}/versions/{versionNumber}`,
    handler((request) => {
      const content = requireKind(request, 'page', request.params.pageId);
      const n = Number(request.params.versionNumber);
      const version = content.versions.find((v) => v.number === n);
      if (!version) fail(404, `No version ${request.params.versionNumber} of page ${content.id}`);
      return {
        status: 200,
        body: {
          ...render.v2Version(version),
          contentTypeModified: false,
          collaborators: [version.authorId],
          ...(n > 1 ? { prevVersion: n - 1 } : {}),
          ...(n < current(content).number ? { nextVersion: n + 1 } : {}),
        },
      };
    }),
    cloud,
  );

  add('PUT', '/pages/{id}/title', (request) => {
    const body = bodyObject(request);
    const content = requireKind(request, 'page');
    const title = str(body.title);
    if (!title) fail(400, 'title is required');
    const updated = store.updatePage(content.id, current(content).number + 1, {
      title,
      authorId: actorOf(store, request.identity).accountId,
    });
    return { status: 200, body: render.v2Page(view(request), updated, { single: true }) };
  });

  // ---- the page tree ----
  /** A page's or folder's direct children: pages, and (for `direct-children`, which says their type) folders. */
  const treeChildren = (parentId: string, spaceId: string, withFolders: boolean) => {
    const pages = store
      .children(parentId, spaceId)
      .map((c) => ({ id: c.id, status: c.status, title: titleOf(c), type: 'page', position: c.position }));
    const folders = withFolders
      ? store
          .childFolders(parentId, spaceId)
          .map((f) => ({ id: f.id, status: f.status, title: f.title, type: 'folder', position: f.position }))
      : [];
    return [...pages, ...folders].sort((a, b) => a.position - b.position || Number(a.id) - Number(b.id));
  };
  const directChildren = (request: SandboxRequest, parentId: string, spaceId: string, typed: boolean) => {
    return v2List(request, treeChildren(parentId, spaceId, typed), (c) => ({
      id: c.id,
      status: c.status,
      title: c.title,
      ...(typed ? { type: c.type } : {}),
      spaceId,
      childPosition: c.position,
    }));
  };
  // `children` (deprecated) lists child pages only; `direct-children` folders too.
  for (const [path, typed] of [
    ['children', false],
    ['direct-children', true],
  ] as const) {
    add('GET', `/pages/{id}/${path}`, (request) => {
      const page = requireKind(request, 'page');
      return directChildren(request, page.id, page.spaceId, typed);
    });
  }

  // ---- folders (Cloud only: Data Center has none) ----
  const liveFolder = (id: string) => {
    const folder = store.folders.get(id);
    return folder?.status === 'current' ? folder : undefined;
  };
  const requireFolder = (request: SandboxRequest) => {
    const folder = liveFolder(request.params.id ?? '');
    if (!folder) fail(404, `No folder found with id: ${request.params.id}`);
    return folder;
  };
  add('GET', '/folders/{id}', (request) => ({ status: 200, body: render.v2Folder(view(request), requireFolder(request), true) }));
  add('GET', '/folders/{id}/direct-children', (request) => {
    const folder = requireFolder(request);
    return directChildren(request, folder.id, folder.spaceId, true);
  });
  add('POST', '/folders', (request) => {
    const body = bodyObject(request);
    const spaceId = str(body.spaceId);
    if (!spaceId) fail(400, 'spaceId is required');
    if (!store.spaces.get(spaceId)) fail(404, `No space found with id: ${spaceId}`);
    const folder = store.addFolder({
      spaceId,
      title: str(body.title) ?? 'Untitled folder',
      ...(str(body.parentId) ? { parentId: str(body.parentId) } : {}),
      authorId: actorOf(store, request.identity).accountId,
    });
    return { status: 200, body: render.v2Folder(view(request), folder, true) };
  });

  add('GET', '/pages/{id}/descendants', (request) => {
    const page = requireKind(request, 'page');
    const depth = Math.min(Math.max(intQuery(request.query, 'depth', 2), 1), 10);
    // Folders are nodes of the tree here, as on Cloud: a page in a folder is one level below it.
    const found: Json[] = [];
    const walk = (parentId: string, level: number) => {
      if (level > depth) return;
      for (const child of treeChildren(parentId, page.spaceId, true)) {
        const { position, ...node } = child;
        found.push({ ...node, parentId, depth: level, childPosition: position });
        walk(child.id, level + 1);
      }
    };
    walk(page.id, 1);
    return v2List(request, found, (node) => node);
  });

  add('GET', '/pages/{id}/ancestors', (request) => {
    const page = requireKind(request, 'page');
    const ancestors = store.ancestors(page).reverse();
    return v2List(request, ancestors, (a) => ({ id: a.id, type: 'page' }));
  });

  // ---- comments and attachments ----
  add('POST', '/footer-comments', (request) => {
    const body = bodyObject(request);
    const containerId = str(body.pageId) ?? str(body.blogPostId);
    if (!containerId) fail(400, 'pageId or blogPostId is required');
    const container = store.content(containerId);
    const kind: ContentType = str(body.pageId) ? 'page' : 'blogpost';
    if (!container || container.type !== kind || container.status !== 'current') fail(404, `No ${kind} found with id: ${containerId}`);
    const value = storageOf(body.body);
    if (!value) fail(400, 'A comment body is required');
    const comment = store.addComment(container.id, value, actorOf(store, request.identity).accountId);
    return { status: 201, body: render.v2Comment(view(request), comment, 'storage') as Json };
  });

  add('GET', '/attachments/{id}', (request) => {
    const attachment = store.requireAttachment(request.params.id ?? '');
    return { status: 200, body: render.v2Attachment(view(request), attachment, true) };
  });
}
