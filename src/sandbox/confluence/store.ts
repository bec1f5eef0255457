/**
 * The sandbox's Confluence data, in memory: spaces, content (pages, blog posts, footer comments)
 * with their full version history, labels, and attachments whose bytes are kept per version as
 * Buffers. One store serves every flavour (Cloud v2 and v1, Data Center, the gateway); the route
 * modules only shape what it holds. Ids are numeric strings from one counter, as Confluence's are;
 * Cloud shows attachment ids as `att<id>`, Data Center as the bare number (both are accepted).
 *
 * Tests seed through the methods here (`addSpace`, `addPage`, `addBulkPages`, `addAttachment`, …)
 * rather than over HTTP, so a space of thousands of pages costs no requests.
 */

export type ContentType = 'page' | 'blogpost' | 'comment';
export type ContentStatus = 'current' | 'trashed' | 'draft' | 'archived';
export type SpaceType = 'global' | 'personal';

export interface ConfluenceUser {
  accountId: string;
  displayName: string;
  email: string;
  /** Data Center user name and key. */
  username: string;
  userKey: string;
}

export interface Space {
  id: string;
  key: string;
  name: string;
  type: SpaceType;
  status: 'current' | 'archived';
  description: string;
  homepageId: string | null;
  authorId: string;
  createdAt: number;
}

/** One saved state of a piece of content; the last one is the current state. */
export interface ContentVersion {
  number: number;
  title: string;
  /** Storage format (XHTML with ac:/ri: elements). */
  body: string;
  message: string;
  minorEdit: boolean;
  authorId: string;
  createdAt: number;
}

export interface Label {
  id: string;
  name: string;
  prefix: 'global';
}

export interface Content {
  id: string;
  type: ContentType;
  spaceId: string;
  status: ContentStatus;
  /** Pages: the parent page, null at the top of the space. Comments: the page or blog post. */
  parentId: string | null;
  /** Order among siblings. */
  position: number;
  authorId: string;
  createdAt: number;
  versions: ContentVersion[];
  labels: Label[];
}

export interface AttachmentVersion {
  number: number;
  content: Buffer;
  mediaType: string;
  comment: string;
  authorId: string;
  createdAt: number;
}

export interface Attachment {
  id: string;
  /** The page or blog post it belongs to. */
  containerId: string;
  filename: string;
  status: 'current' | 'trashed';
  /** Cloud's media file id (a UUID), not the attachment id. */
  fileId: string;
  versions: AttachmentVersion[];
}

/**
 * A Cloud folder: a node of the page tree with a title and no body, versions or labels. Pages and
 * folders may sit in it (their `parentId` is its id). Data Center has no folders: its routes show a
 * page in a folder under the folder's nearest page ancestor (`pageParentId`).
 */
export interface Folder {
  id: string;
  spaceId: string;
  title: string;
  /** The page or folder it is in; null at the top of the space. */
  parentId: string | null;
  position: number;
  authorId: string;
  createdAt: number;
  status: 'current' | 'trashed';
}

/** What the store refuses; routes turn it into each API's error shape. */
export class ConfluenceStoreError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export const current = (c: Content): ContentVersion => c.versions[c.versions.length - 1]!;
export const titleOf = (c: Content): string => current(c).title;
export const latest = (a: Attachment): AttachmentVersion => a.versions[a.versions.length - 1]!;
export const modifiedAt = (c: Content): number => current(c).createdAt;

export interface NewPage {
  spaceId: string;
  title: string;
  body?: string;
  /** Default: the space's home page (null puts the page at the top of the space). */
  parentId?: string | null;
  authorId?: string;
  type?: 'page' | 'blogpost';
  labels?: readonly string[];
  /** When it was created (and last modified), default now. */
  createdAt?: number;
  status?: ContentStatus;
}

export interface PageUpdate {
  title?: string;
  body?: string;
  parentId?: string | null;
  message?: string;
  minorEdit?: boolean;
  authorId: string;
  status?: ContentStatus;
}

export class ConfluenceStore {
  readonly users = new Map<string, ConfluenceUser>();
  readonly spaces = new Map<string, Space>();
  readonly contents = new Map<string, Content>();
  readonly attachments = new Map<string, Attachment>();
  private readonly labelIds = new Map<string, string>();
  private nextId = 65537;
  /** The store's clock; tests may replace it. */
  now: () => number = () => Date.now();
  /** The account that owns seeded content when no author is given. */
  defaultAuthorId = '';

  newId(): string {
    return String(this.nextId++);
  }

  addUser(user: ConfluenceUser): ConfluenceUser {
    this.users.set(user.accountId, user);
    if (!this.defaultAuthorId) this.defaultAuthorId = user.accountId;
    return user;
  }

  user(accountId: string): ConfluenceUser | undefined {
    return this.users.get(accountId);
  }

  userByName(username: string): ConfluenceUser | undefined {
    for (const u of this.users.values()) if (u.username === username || u.userKey === username || u.email === username) return u;
    return undefined;
  }

  // ---- spaces ----

  addSpace(input: {
    key: string;
    name: string;
    type?: SpaceType;
    description?: string;
    homepageTitle?: string;
    homepageBody?: string;
  }): Space {
    if (this.spaceByKey(input.key)) throw new ConfluenceStoreError(400, `A space with key ${input.key} already exists`);
    const space: Space = {
      id: this.newId(),
      key: input.key,
      name: input.name,
      type: input.type ?? 'global',
      status: 'current',
      description: input.description ?? '',
      homepageId: null,
      authorId: this.defaultAuthorId,
      createdAt: this.now(),
    };
    this.spaces.set(space.id, space);
    const home = this.addPage({
      spaceId: space.id,
      title: input.homepageTitle ?? `${input.name} Home`,
      body: input.homepageBody ?? `<p>Welcome to ${escapeXml(input.name)}.</p>`,
      parentId: null,
    });
    space.homepageId = home.id;
    return space;
  }

  spaceByKey(key: string): Space | undefined {
    for (const s of this.spaces.values()) if (s.key === key) return s;
    return undefined;
  }

  /** A space by id or key. */
  space(ref: string): Space | undefined {
    return this.spaces.get(ref) ?? this.spaceByKey(ref);
  }

  requireSpace(ref: string): Space {
    const space = this.space(ref);
    if (!space) throw new ConfluenceStoreError(404, `No space with key or id : ${ref}`);
    return space;
  }

  // ---- content ----

  content(id: string): Content | undefined {
    return this.contents.get(id);
  }

  /** Pages and blog posts (not comments) by id, trashed ones included; purged ones are gone. */
  requireContent(id: string, type?: ContentType): Content {
    const found = this.contents.get(id);
    if (!found || (type && found.type !== type)) throw new ConfluenceStoreError(404, `No content found with id: ${id}`);
    return found;
  }

  /** Titles are unique per space among current pages (and among blog posts). */
  private titleTaken(spaceId: string, type: ContentType, title: string, except?: string): boolean {
    for (const c of this.contents.values()) {
      if (c.id !== except && c.spaceId === spaceId && c.type === type && c.status === 'current' && titleOf(c) === title) return true;
    }
    return false;
  }

  /**
   * Adds a page or blog post. `trusted` (bulk seeding) skips the title check and takes the sibling
   * position given, so thousands of pages cost no scans of the whole store.
   */
  addPage(input: NewPage, trusted?: { position: number }): Content {
    const space = this.requireSpace(input.spaceId);
    const type = input.type ?? 'page';
    const title = input.title.trim();
    if (!title) throw new ConfluenceStoreError(400, 'Title cannot be empty');
    if (!trusted && this.titleTaken(space.id, type, title)) {
      throw new ConfluenceStoreError(400, `A page with this title already exists: A page already exists with the same TITLE in this space`);
    }
    const parentId = type === 'blogpost' ? null : input.parentId === undefined ? space.homepageId : input.parentId;
    if (parentId !== null) {
      const parent = this.folders.get(parentId) ?? this.requireContent(parentId, 'page');
      if (parent.spaceId !== space.id) throw new ConfluenceStoreError(400, 'The parent page must be in the same space');
    }
    const at = input.createdAt ?? this.now();
    const authorId = input.authorId ?? this.defaultAuthorId;
    const content: Content = {
      id: this.newId(),
      type,
      spaceId: space.id,
      status: input.status ?? 'current',
      parentId,
      position: trusted ? trusted.position : this.children(parentId, space.id).length,
      authorId,
      createdAt: at,
      versions: [{ number: 1, title, body: input.body ?? '', message: '', minorEdit: false, authorId, createdAt: at }],
      labels: [],
    };
    this.contents.set(content.id, content);
    for (const label of input.labels ?? []) this.addLabel(content.id, label);
    return content;
  }

  /**
   * A new version of a page or blog post. `version` must be the current number + 1, else 409 with
   * Confluence's message (a stale write never overwrites a newer one).
   */
  updatePage(id: string, version: number, update: PageUpdate): Content {
    const content = this.requireContent(id);
    const now = current(content);
    if (version !== now.number + 1) {
      throw new ConfluenceStoreError(409, `Version must be incremented on update. Current version is: ${now.number}`);
    }
    const title = (update.title ?? now.title).trim();
    if (!title) throw new ConfluenceStoreError(400, 'Title cannot be empty');
    if (title !== now.title && this.titleTaken(content.spaceId, content.type, title, content.id)) {
      throw new ConfluenceStoreError(400, `A page with this title already exists: A page already exists with the same TITLE in this space`);
    }
    if (update.parentId !== undefined && update.parentId !== content.parentId && content.type === 'page') {
      this.checkParent(content, update.parentId);
      content.parentId = update.parentId;
      content.position = this.children(update.parentId, content.spaceId).filter((c) => c.id !== content.id).length;
    }
    if (update.status) content.status = update.status;
    content.versions.push({
      number: version,
      title,
      body: update.body ?? now.body,
      message: update.message ?? '',
      minorEdit: update.minorEdit ?? false,
      authorId: update.authorId,
      createdAt: this.now(),
    });
    return content;
  }

  private checkParent(content: Content, parentId: string | null): void {
    if (parentId === null) return;
    const parent = this.folders.get(parentId) ?? this.requireContent(parentId, 'page');
    if (parent.spaceId !== content.spaceId) throw new ConfluenceStoreError(400, 'Cannot move a page to another space with parentId');
    for (let at: Content | Folder | undefined = parent; at; at = at.parentId ? this.treeNode(at.parentId) : undefined) {
      if (at.id === content.id) throw new ConfluenceStoreError(400, 'A page cannot be moved below itself or one of its descendants');
    }
  }

  /**
   * Moves a page as v1's move does: `append` makes it the last child of `targetId`; `before` and
   * `after` make it a sibling of the target, in another space if the target is there.
   */
  movePage(id: string, position: 'before' | 'after' | 'append', targetId: string): Content {
    const page = this.requireContent(id, 'page');
    const target = this.requireContent(targetId, 'page');
    const newParent = position === 'append' ? target.id : target.parentId;
    if (target.spaceId !== page.spaceId) {
      for (const d of [page, ...this.descendants(page.id)]) d.spaceId = target.spaceId;
    }
    this.checkParent(page, newParent);
    const siblings = this.children(newParent, target.spaceId).filter((c) => c.id !== page.id);
    const at = position === 'append' ? siblings.length : siblings.findIndex((c) => c.id === target.id) + (position === 'after' ? 1 : 0);
    siblings.splice(at, 0, page);
    page.parentId = newParent;
    siblings.forEach((c, i) => {
      c.position = i;
    });
    return page;
  }

  /** Moves to the trash; children move up to the trashed page's parent, as Confluence does. */
  trash(id: string): Content {
    const content = this.requireContent(id);
    if (content.status === 'trashed') throw new ConfluenceStoreError(404, `No content found with id: ${id}`);
    content.status = 'trashed';
    if (content.type === 'page') {
      for (const child of this.children(content.id, content.spaceId, true)) {
        child.parentId = content.parentId;
        child.position = this.children(content.parentId, content.spaceId).length;
      }
    }
    return content;
  }

  /** Removes a trashed page for good (with its comments and attachments). */
  purge(id: string): void {
    const content = this.requireContent(id);
    if (content.status !== 'trashed') throw new ConfluenceStoreError(400, 'Only a trashed page can be purged: delete it first');
    this.contents.delete(id);
    for (const c of [...this.contents.values()]) if (c.type === 'comment' && c.parentId === id) this.contents.delete(c.id);
    for (const a of [...this.attachments.values()]) if (a.containerId === id) this.attachments.delete(a.id);
  }

  /** Current child pages of `parentId` (null: top-level pages of the space) by position. */
  children(parentId: string | null, spaceId: string, includeTrashed = false): Content[] {
    return [...this.contents.values()]
      .filter(
        (c) =>
          c.type === 'page' &&
          c.parentId === parentId &&
          (parentId !== null || c.spaceId === spaceId) &&
          (includeTrashed || c.status === 'current'),
      )
      .sort((a, b) => a.position - b.position || Number(a.id) - Number(b.id));
  }

  /** Current descendants in depth-first order, each with its depth below `id` (1 = child). */
  descendantsWithDepth(id: string, maxDepth = Number.POSITIVE_INFINITY): Array<{ content: Content; depth: number }> {
    const page = this.requireContent(id);
    const out: Array<{ content: Content; depth: number }> = [];
    const walk = (parent: Content, depth: number) => {
      if (depth > maxDepth) return;
      for (const child of this.pageChildren(parent.id, parent.spaceId)) {
        out.push({ content: child, depth });
        walk(child, depth + 1);
      }
    };
    walk(page, 1);
    return out;
  }

  descendants(id: string): Content[] {
    return this.descendantsWithDepth(id).map((d) => d.content);
  }

  /** Parent chain of pages, top of the space first (folders in between are left out). */
  ancestors(content: Content): Content[] {
    const chain: Content[] = [];
    for (
      let at = this.contents.get(this.pageParentId(content.parentId) ?? '');
      at;
      at = this.contents.get(this.pageParentId(at.parentId) ?? '')
    ) {
      if (at.type === 'comment') break;
      chain.unshift(at);
      if (chain.length > 1000) break;
    }
    return chain;
  }

  /** Pages or blog posts of a space, by position in the tree (pages) or creation (blog posts). */
  spaceContent(spaceId: string, type: 'page' | 'blogpost', statuses: readonly ContentStatus[] = ['current']): Content[] {
    return [...this.contents.values()].filter((c) => c.spaceId === spaceId && c.type === type && statuses.includes(c.status));
  }

  // ---- labels ----

  addLabel(contentId: string, name: string): Label {
    const content = this.requireContent(contentId);
    const clean = name.trim().toLowerCase();
    if (!clean || /\s/.test(clean)) throw new ConfluenceStoreError(400, `Invalid label: '${name}'`);
    const existing = content.labels.find((l) => l.name === clean);
    if (existing) return existing;
    let id = this.labelIds.get(clean);
    if (!id) this.labelIds.set(clean, (id = this.newId()));
    const label: Label = { id, name: clean, prefix: 'global' };
    content.labels.push(label);
    return label;
  }

  removeLabel(contentId: string, name: string): void {
    const content = this.requireContent(contentId);
    const at = content.labels.findIndex((l) => l.name === name.trim().toLowerCase());
    if (at === -1) throw new ConfluenceStoreError(404, `Label '${name}' is not on content ${contentId}`);
    content.labels.splice(at, 1);
  }

  // ---- comments ----

  addComment(containerId: string, body: string, authorId = this.defaultAuthorId): Content {
    const container = this.requireContent(containerId);
    if (container.type === 'comment') throw new ConfluenceStoreError(400, 'Replies are not supported by the sandbox');
    const at = this.now();
    const comment: Content = {
      id: this.newId(),
      type: 'comment',
      spaceId: container.spaceId,
      status: 'current',
      parentId: container.id,
      position: 0,
      authorId,
      createdAt: at,
      versions: [{ number: 1, title: `Re: ${titleOf(container)}`, body, message: '', minorEdit: false, authorId, createdAt: at }],
      labels: [],
    };
    this.contents.set(comment.id, comment);
    return comment;
  }

  comments(containerId: string): Content[] {
    return [...this.contents.values()].filter((c) => c.type === 'comment' && c.parentId === containerId && c.status === 'current');
  }

  // ---- attachments ----

  /**
   * Adds a file to a page or blog post; a file of the same name becomes its next version (the
   * attachment keeps its id), as Confluence does.
   */
  addAttachment(
    containerId: string,
    input: { filename: string; content: Buffer; mediaType?: string; comment?: string; authorId?: string },
  ): Attachment {
    const container = this.requireContent(containerId);
    if (container.type === 'comment') throw new ConfluenceStoreError(400, 'Comments cannot have attachments');
    const version: Omit<AttachmentVersion, 'number'> = {
      content: input.content,
      mediaType: input.mediaType || mediaTypeOf(input.filename),
      comment: input.comment ?? '',
      authorId: input.authorId ?? this.defaultAuthorId,
      createdAt: this.now(),
    };
    const existing = this.attachmentByName(containerId, input.filename);
    if (existing) {
      existing.versions.push({ ...version, number: latest(existing).number + 1 });
      existing.status = 'current';
      return existing;
    }
    const attachment: Attachment = {
      id: this.newId(),
      containerId,
      filename: input.filename,
      status: 'current',
      fileId: fileIdFor(this.nextId),
      versions: [{ ...version, number: 1 }],
    };
    this.attachments.set(attachment.id, attachment);
    return attachment;
  }

  /** A new version of an attachment by id (the file name may change with it). */
  updateAttachment(
    id: string,
    input: { filename?: string; content: Buffer; mediaType?: string; comment?: string; authorId?: string },
  ): Attachment {
    const attachment = this.requireAttachment(id);
    if (input.filename) attachment.filename = input.filename;
    attachment.versions.push({
      number: latest(attachment).number + 1,
      content: input.content,
      mediaType: input.mediaType || mediaTypeOf(attachment.filename),
      comment: input.comment ?? '',
      authorId: input.authorId ?? this.defaultAuthorId,
      createdAt: this.now(),
    });
    return attachment;
  }

  attachmentByName(containerId: string, filename: string): Attachment | undefined {
    for (const a of this.attachments.values()) if (a.containerId === containerId && a.filename === filename) return a;
    return undefined;
  }

  attachmentsOf(containerId: string): Attachment[] {
    return [...this.attachments.values()].filter((a) => a.containerId === containerId && a.status === 'current');
  }

  /** By id, as `123` or Cloud's `att123`. */
  requireAttachment(ref: string): Attachment {
    const found = this.attachments.get(ref.replace(/^att/, ''));
    if (!found) throw new ConfluenceStoreError(404, `No attachment found with id: ${ref}`);
    return found;
  }

  // ---- bulk seeding ----

  /**
   * `count` pages in a space (created when missing), generated in memory: a tree `fanout` wide
   * under the home page, titles `${prefix} 0001`…, bodies a few paragraphs, every 7th labelled
   * `generated`, modification dates spread over the last `spreadDays` days.
   */
  addBulkPages(
    spaceKey: string,
    count: number,
    options: { spaceName?: string; prefix?: string; fanout?: number; spreadDays?: number; bodies?: readonly string[] } = {},
  ): Content[] {
    const space = this.spaceByKey(spaceKey) ?? this.addSpace({ key: spaceKey, name: options.spaceName ?? `${spaceKey} space` });
    const fanout = options.fanout ?? 20;
    const prefix = options.prefix ?? 'Page';
    const spread = (options.spreadDays ?? 60) * 86_400_000;
    const width = Math.max(String(count).length, 4);
    const made: Content[] = [];
    const now = this.now();
    const taken = new Set(this.spaceContent(space.id, 'page').map(titleOf));
    const homeChildren = this.children(space.homepageId, space.id).length;
    for (let i = 0; i < count; i++) {
      const title = `${prefix} ${String(i + 1).padStart(width, '0')}`;
      if (taken.has(title)) throw new ConfluenceStoreError(400, `A page titled ${title} already exists in ${spaceKey}: use another prefix`);
      const parent = i < fanout ? space.homepageId : made[Math.floor(i / fanout) - 1]!.id;
      const position = i < fanout ? homeChildren + i : i % fanout;
      const page = this.addPage(
        {
          spaceId: space.id,
          parentId: parent,
          title,
          // Given bodies (realistic storage, for benchmarks) are used in turn; else a short generated one.
          body: options.bodies?.length
            ? (options.bodies[i % options.bodies.length] as string)
            : `<h2>${title}</h2><p>Generated page ${i + 1} of ${count} in ${escapeXml(space.name)}.</p><p>Keyword: bulk${i % 10}</p>`,
          createdAt: now - Math.floor((spread * (count - i)) / count),
          labels: i % 7 === 0 ? ['generated'] : [],
        },
        { position },
      );
      made.push(page);
    }
    return made;
  }

  // ---- folders (Cloud) ----

  readonly folders = new Map<string, Folder>();

  /** A folder in a space; like a page, it goes under the home page unless a parent (page, folder or null) is given. */
  addFolder(input: { spaceId: string; title: string; parentId?: string | null; authorId?: string }): Folder {
    const space = this.requireSpace(input.spaceId);
    const title = input.title.trim();
    if (!title) throw new ConfluenceStoreError(400, 'Title cannot be empty');
    const parentId = input.parentId === undefined ? space.homepageId : input.parentId;
    if (parentId !== null) {
      const parent = this.treeNode(parentId);
      if (parent?.status !== 'current') throw new ConfluenceStoreError(404, `No parent content found with id: ${parentId}`);
      if (parent.spaceId !== space.id) throw new ConfluenceStoreError(400, 'The parent must be in the same space');
    }
    const siblings = this.children(parentId, space.id).length + this.childFolders(parentId, space.id).length;
    const folder: Folder = {
      id: this.newId(),
      spaceId: space.id,
      title,
      parentId,
      position: siblings,
      authorId: input.authorId ?? this.defaultAuthorId,
      createdAt: this.now(),
      status: 'current',
    };
    this.folders.set(folder.id, folder);
    return folder;
  }

  /** A page, blog post or folder by id: what a `parentId` may name. */
  treeNode(id: string): Content | Folder | undefined {
    return this.folders.get(id) ?? this.contents.get(id);
  }

  /** Current folders directly in `parentId` (null: at the top of the space), by position. */
  childFolders(parentId: string | null, spaceId: string): Folder[] {
    return [...this.folders.values()]
      .filter((f) => f.parentId === parentId && f.status === 'current' && (parentId !== null || f.spaceId === spaceId))
      .sort((a, b) => a.position - b.position || Number(a.id) - Number(b.id));
  }

  /** The nearest page at or above `parentId`, passing through folders: the parent as Data Center (no folders) shows it. */
  pageParentId(parentId: string | null): string | null {
    let at = parentId;
    for (let hops = 0; at !== null && this.folders.has(at) && hops < 1000; hops++) at = this.folders.get(at)!.parentId;
    return at;
  }

  /** Child pages as Data Center shows them: those directly under the page and those in its folders. */
  pageChildren(parentId: string | null, spaceId: string): Content[] {
    return [...this.children(parentId, spaceId), ...this.childFolders(parentId, spaceId).flatMap((f) => this.pageChildren(f.id, spaceId))];
  }
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const MEDIA_TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  svg: 'image/svg+xml',
  pdf: 'application/pdf',
  txt: 'text/plain',
  md: 'text/markdown',
  json: 'application/json',
  csv: 'text/csv',
  zip: 'application/zip',
};

export function mediaTypeOf(filename: string): string {
  const ext = /\.([^.]+)$/.exec(filename)?.[1]?.toLowerCase() ?? '';
  return MEDIA_TYPES[ext] ?? 'application/octet-stream';
}

/** A stable UUID-shaped media file id. */
function fileIdFor(n: number): string {
  const hex = n.toString(16).padStart(12, '0');
  return `6f1e2d3c-4b5a-4978-8a6b-${hex}`;
}
