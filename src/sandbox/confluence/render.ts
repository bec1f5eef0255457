/**
 * The store's objects in each API's shape: Cloud v2 (`PageSingle`, `PageBulk`, `SpaceBulk`, …),
 * Cloud v1 and Data Center `Content` (with `expand`), attachments and labels. Shapes follow
 * confluence-v2.json, confluence-v1.json and confluence-datacenter.json; the contract tests check
 * them. Human links (`webui`, `tinyui`) are relative to `_links.base`, as Confluence writes them.
 */
import type { SandboxRequest } from '../types.js';
import { cloudBase, contextOf, iso, type Json } from './route-kit.js';
import {
  type Attachment,
  type AttachmentVersion,
  type ConfluenceStore,
  type Content,
  type ContentVersion,
  current,
  type Folder,
  type Label,
  latest,
  type Space,
  titleOf,
} from './store.js';

export interface View {
  store: ConfluenceStore;
  request: SandboxRequest;
}

const slug = (title: string) => encodeURIComponent(title.replace(/ /g, '+')).replace(/%2B/g, '+');

export function tinyui(id: string): string {
  return `/x/${Buffer.from(id).toString('base64url')}`;
}

export function webui(view: View, content: Content): string {
  const space = view.store.spaces.get(content.spaceId);
  const key = space?.key ?? '';
  if (view.request.flavour === 'datacenter') return `/pages/viewpage.action?pageId=${content.id}`;
  if (content.type === 'blogpost') return `/spaces/${key}/blog/${content.id}`;
  if (content.type === 'comment') return `/spaces/${key}/pages/${content.parentId}?focusedCommentId=${content.id}`;
  return `/spaces/${key}/pages/${content.id}/${slug(titleOf(content))}`;
}

// ---- Cloud v2 ----

export function v2Version(version: ContentVersion): Json {
  return {
    createdAt: iso(version.createdAt),
    message: version.message,
    number: version.number,
    minorEdit: version.minorEdit,
    authorId: version.authorId,
  };
}

export interface PageOptions {
  /** `storage` to include the body; anything else leaves `body` empty, as Confluence does. */
  bodyFormat?: string | null;
  /** A historical version instead of the current one. */
  version?: ContentVersion;
  single?: boolean;
  includeLabels?: boolean;
  includeVersions?: boolean;
}

/** A page or blog post as v2 answers it (PageBulk/PageSingle, BlogPostBulk/BlogPostSingle). */
export function v2Page(view: View, content: Content, options: PageOptions = {}): Json {
  const version = options.version ?? current(content);
  const historical = version.number !== current(content).number;
  const json: Json = {
    id: content.id,
    status: historical ? 'historical' : content.status,
    title: version.title,
    spaceId: content.spaceId,
  };
  if (content.type === 'page') {
    if (content.parentId) {
      json.parentId = content.parentId;
      json.parentType = view.store.folders.has(content.parentId) ? 'folder' : 'page';
    }
    json.position = content.position;
  }
  json.authorId = content.authorId;
  if (content.type === 'page') {
    json.ownerId = content.authorId;
    json.lastOwnerId = null;
  }
  json.createdAt = iso(content.createdAt);
  json.version = v2Version(version);
  json.body = options.bodyFormat === 'storage' ? { storage: { representation: 'storage', value: version.body } } : {};
  if (options.includeLabels) json.labels = { results: content.labels.map(v2Label), meta: { hasMore: false, cursor: '' } };
  if (options.includeVersions) {
    json.versions = { results: [...content.versions].reverse().map(v2Version), meta: { hasMore: false, cursor: '' } };
  }
  const links: Json = {
    webui: webui(view, content),
    editui: `/pages/resumedraft.action?draftId=${content.id}`,
    tinyui: tinyui(content.id),
  };
  if (options.single) links.base = cloudBase(view.request);
  json._links = links;
  return json;
}

/** A Cloud folder as v2 answers it (FolderSingle). */
export function v2Folder(view: View, folder: Folder, single = false): Json {
  const space = view.store.spaces.get(folder.spaceId);
  const json: Json = { id: folder.id, type: 'folder', status: folder.status, title: folder.title };
  if (folder.parentId) {
    json.parentId = folder.parentId;
    json.parentType = view.store.folders.has(folder.parentId) ? 'folder' : 'page';
  }
  Object.assign(json, {
    position: folder.position,
    authorId: folder.authorId,
    ownerId: folder.authorId,
    createdAt: iso(folder.createdAt),
    spaceId: folder.spaceId,
    version: { createdAt: iso(folder.createdAt), message: '', number: 1, minorEdit: false, authorId: folder.authorId },
    _links: {
      webui: `/spaces/${space?.key ?? ''}/folder/${folder.id}`,
      ...(single ? { base: cloudBase(view.request) } : {}),
    },
  });
  return json;
}

export function v2Label(label: Label): Json {
  return { id: label.id, name: label.name, prefix: label.prefix };
}

export function v2Space(view: View, space: Space, options: { single?: boolean; descriptionFormat?: string | null } = {}): Json {
  const json: Json = {
    id: space.id,
    key: space.key,
    name: space.name,
    type: space.type,
    status: space.status,
    authorId: space.authorId,
    spaceOwnerId: space.authorId,
    currentActiveAlias: space.key,
    createdAt: iso(space.createdAt),
    homepageId: space.homepageId ?? '',
  };
  if (options.descriptionFormat === 'plain' || options.descriptionFormat === 'view') {
    const value = options.descriptionFormat === 'plain' ? space.description : `<p>${space.description}</p>`;
    json.description = { [options.descriptionFormat]: { representation: options.descriptionFormat, value } };
  }
  json._links = options.single ? { webui: `/spaces/${space.key}`, base: cloudBase(view.request) } : { webui: `/spaces/${space.key}` };
  return json;
}

export function downloadPath(attachment: Attachment, version: AttachmentVersion): string {
  return `/download/attachments/${attachment.containerId}/${encodeURIComponent(attachment.filename)}?version=${version.number}&modificationDate=${version.createdAt}&api=v2`;
}

export function v2Attachment(view: View, attachment: Attachment, single = false): Json {
  const version = latest(attachment);
  const container = view.store.content(attachment.containerId);
  const json: Json = {
    id: `att${attachment.id}`,
    status: attachment.status,
    title: attachment.filename,
    createdAt: iso(attachment.versions[0]!.createdAt),
    ...(container?.type === 'blogpost' ? { blogPostId: attachment.containerId } : { pageId: attachment.containerId }),
    mediaType: version.mediaType,
    mediaTypeDescription: version.mediaType,
    comment: version.comment,
    fileId: attachment.fileId,
    fileSize: version.content.length,
    webuiLink: `/pages/viewpageattachments.action?pageId=${attachment.containerId}&preview=${encodeURIComponent(`/${attachment.containerId}/${attachment.id}/${attachment.filename}`)}`,
    downloadLink: downloadPath(attachment, version),
    version: {
      createdAt: iso(version.createdAt),
      message: version.comment,
      number: version.number,
      minorEdit: false,
      authorId: version.authorId,
    },
    _links: { webui: `/pages/viewpageattachments.action?pageId=${attachment.containerId}`, download: downloadPath(attachment, version) },
  };
  if (single) (json._links as Json).base = cloudBase(view.request);
  return json;
}

export function v2Comment(view: View, comment: Content, bodyFormat: string | null): Json {
  const version = current(comment);
  const container = view.store.content(comment.parentId ?? '');
  return {
    id: comment.id,
    status: comment.status,
    title: version.title,
    ...(container?.type === 'blogpost' ? { blogPostId: comment.parentId } : { pageId: comment.parentId }),
    version: v2Version(version),
    body: bodyFormat === 'storage' ? { storage: { representation: 'storage', value: version.body } } : {},
    _links: { webui: webui(view, comment) },
  };
}

// ---- v1 (Cloud) and Data Center `Content` ----

/** A user as v1/DC write it (`by`, `createdBy`). */
export function v1User(view: View, accountId: string): Json {
  const user = view.store.user(accountId);
  const displayName = user?.displayName ?? 'Unknown user';
  if (view.request.flavour === 'datacenter') {
    return {
      type: 'known',
      username: user?.username ?? accountId,
      userKey: user?.userKey ?? accountId,
      displayName,
      profilePicture: { path: '/images/icons/profilepics/default.svg', width: 48, height: 48, isDefault: true },
    };
  }
  return {
    type: 'known',
    accountId,
    accountType: 'atlassian',
    email: user?.email ?? '',
    publicName: displayName,
    displayName,
    profilePicture: { path: `/wiki/aa-avatar/${encodeURIComponent(accountId)}`, width: 48, height: 48, isDefault: false },
    _expandable: { operations: '', personalSpace: '' },
    _links: { self: `${cloudBase(view.request)}/rest/api/user?accountId=${encodeURIComponent(accountId)}` },
  };
}

export function v1Version(
  view: View,
  version: { number: number; createdAt: number; message: string; minorEdit: boolean; authorId: string },
): Json {
  return {
    by: v1User(view, version.authorId),
    when: iso(version.createdAt),
    message: version.message,
    number: version.number,
    minorEdit: version.minorEdit,
    _links: {},
    _expandable: { content: '' },
  };
}

/** The API root `self` links and DC `_links.base` start from. */
function apiBase(view: View): string {
  return view.request.flavour === 'datacenter' ? view.request.baseUrl : cloudBase(view.request);
}

export function v1Space(view: View, space: Space): Json {
  return {
    id: Number(space.id),
    key: space.key,
    name: space.name,
    type: space.type,
    status: space.status,
    ...(view.request.flavour === 'datacenter' ? { description: { plain: { value: space.description, representation: 'plain' } } } : {}),
    _expandable: {
      settings: '',
      metadata: '',
      operations: '',
      lookAndFeel: '',
      permissions: '',
      icon: '',
      description: '',
      theme: '',
      history: '',
      homepage: '',
    },
    _links: { webui: `/spaces/${space.key}`, self: `${apiBase(view)}/rest/api/space/${space.key}` },
  };
}

export function v1Label(view: View, label: Label): Json {
  const json: Json = { prefix: label.prefix, name: label.name, id: label.id, label: label.name };
  if (view.request.flavour === 'datacenter') json._links = { self: `${apiBase(view)}/rest/api/label/${label.id}` };
  return json;
}

/** `expand` names, with the `content.` prefix search results use removed. */
export function expandNames(expand: Iterable<string>): Set<string> {
  return new Set([...expand].map((e) => e.replace(/^content\./, '')));
}

export interface ContentOptions {
  expand: Set<string>;
  version?: ContentVersion;
}

/** A page, blog post or comment as v1/DC `Content`, with what `expand` asks for. */
export function v1Content(view: View, content: Content, options: ContentOptions): Json {
  const { expand } = options;
  const version = options.version ?? current(content);
  const historical = version.number !== current(content).number;
  const space = view.store.spaces.get(content.spaceId);
  const json: Json = { id: content.id, type: content.type, status: historical ? 'historical' : content.status, title: version.title };
  const expandable: Json = {};
  const want = (name: string, make: () => unknown) => {
    if (expand.has(name)) json[name] = make();
    else expandable[name] = '';
  };
  want('space', () => (space ? v1Space(view, space) : null));
  want('history', () => ({
    latest: !historical,
    createdBy: v1User(view, content.authorId),
    createdDate: iso(content.createdAt),
    ...(expand.has('history.lastUpdated') ? { lastUpdated: v1Version(view, current(content)) } : {}),
    _links: {},
  }));
  want('version', () => v1Version(view, version));
  want('ancestors', () => view.store.ancestors(content).map((a) => v1Content(view, a, { expand: new Set() })));
  if (content.type === 'comment') {
    want('container', () => {
      const parent = view.store.content(content.parentId ?? '');
      return parent ? v1Content(view, parent, { expand: new Set() }) : null;
    });
  } else if (expand.has('container') && space) {
    json.container = v1Space(view, space);
  }
  const bodyWanted = [...expand].some((e) => e === 'body' || e.startsWith('body.'));
  if (bodyWanted) {
    json.body = expand.has('body.storage')
      ? {
          storage: { value: version.body, representation: 'storage', _expandable: { content: '' } },
          _expandable: { view: '', export_view: '' },
        }
      : { _expandable: { storage: '', view: '', export_view: '' } };
  } else {
    expandable.body = '';
  }
  if (expand.has('metadata.labels') || expand.has('metadata')) {
    const labels = content.labels.map((l) => v1Label(view, l));
    json.metadata = { labels: { results: labels, start: 0, limit: 200, size: labels.length, _links: {} } };
  } else {
    expandable.metadata = '';
  }
  if (expand.has('children.page') && content.type === 'page') {
    const children = view.store.pageChildren(content.id, content.spaceId).map((c) => v1Content(view, c, { expand: new Set() }));
    json.children = {
      page: { results: children, start: 0, limit: 200, size: children.length, _links: {} },
      _expandable: { attachment: '', comment: '' },
    };
  } else {
    expandable.children = '';
  }
  if (view.request.flavour === 'datacenter' && content.type === 'page') json.extensions = { position: content.position };
  json._expandable = expandable;
  json._links = {
    webui: webui(view, content),
    edit: `/pages/resumedraft.action?draftId=${content.id}`,
    tinyui: tinyui(content.id),
    self: `${apiBase(view)}/rest/api/content/${content.id}`,
  };
  return json;
}

/** An attachment as v1/DC `Content` of type `attachment`. */
export function v1Attachment(view: View, attachment: Attachment, expand: Set<string>, version = latest(attachment)): Json {
  const dcFlavour = view.request.flavour === 'datacenter';
  const id = dcFlavour ? attachment.id : `att${attachment.id}`;
  const container = view.store.content(attachment.containerId);
  const json: Json = {
    id,
    type: 'attachment',
    status: attachment.status,
    title: attachment.filename,
    metadata: {
      mediaType: version.mediaType,
      comment: version.comment,
      labels: { results: [], start: 0, limit: 200, size: 0 },
      _expandable: {},
    },
    extensions: {
      mediaType: version.mediaType,
      fileSize: version.content.length,
      comment: version.comment,
      ...(dcFlavour ? {} : { fileId: attachment.fileId }),
    },
  };
  const expandable: Json = {};
  if (expand.has('version') || !dcFlavour) json.version = v1Version(view, { ...version, message: version.comment, minorEdit: false });
  else expandable.version = '';
  if (container) json.container = v1Content(view, container, { expand: new Set() });
  const space = container ? view.store.spaces.get(container.spaceId) : undefined;
  if (expand.has('space') && space) json.space = v1Space(view, space);
  else expandable.space = '';
  json._expandable = { ...expandable, history: '', ancestors: '', children: '', descendants: '' };
  json._links = {
    webui: `/pages/viewpageattachments.action?pageId=${attachment.containerId}&preview=${encodeURIComponent(`/${attachment.containerId}/${attachment.id}/${attachment.filename}`)}`,
    download: downloadPath(attachment, version),
    self: `${apiBase(view)}/rest/api/content/${id}`,
  };
  return json;
}

/** `{results, start, limit, size, _links}` of v1/DC answers that are not paged. */
export function contentArray(view: View, results: Json[]): Json {
  return {
    results,
    start: 0,
    limit: Math.max(results.length, 25),
    size: results.length,
    _links: { base: apiBase(view), context: contextOf(view.request) },
  };
}
