/**
 * The port the docs sync engine talks to Confluence through (design note §3). The engine never
 * builds a URL: a DocsRemote over the real API layer (Cloud v2 + v1, Data Center, the gateway)
 * and an in-memory one for unit tests (memory-remote.testutil.ts) both implement it, so every
 * sync rule is tested without a network and the wire is tested once per deployment end to end.
 *
 * Contract every implementation keeps:
 * - `updatePage` sends exactly the version it is given (the engine passes base + 1); a stale
 *   version is a VersionConflictError, never a silent re-read-and-increment.
 * - 429 and other retryable answers are waited out below the port (the HTTP client): a call
 *   either applied once or threw.
 * - `getPages` leaves out pages that do not exist (deleted, trashed, no permission).
 */

/** What a sync folder is bound to: a whole space, or one page and its descendants. */
export interface SyncRoot {
  type: 'space' | 'page';
  /** The space key (`DOCS`). */
  space: string;
  /** Cloud's numeric space id where the deployment has one (v2 addresses spaces by id). */
  spaceId?: string;
  /** The root page for `type: 'page'`. */
  pageId?: string;
}

export interface RemotePageSummary {
  id: string;
  title: string;
  /** The parent page or folder; null at the top of the space. */
  parentId: string | null;
  version: number;
  /** A Cloud folder: a node of the tree without a body (written as a directory). */
  kind?: 'page' | 'folder';
  /** Sibling order where the API gives one (Cloud `position`). */
  position?: number;
}

export interface RemotePage extends RemotePageSummary {
  /** The body in storage format. */
  storage: string;
  labels: string[];
  /** The message of the current version (push marks its writes with `atl <opId>`). */
  versionMessage?: string;
}

export interface RemoteAttachment {
  id: string;
  /** The attachment's file name on the page (`title` in the API). */
  name: string;
  version: number;
  size?: number;
  mediaType?: string;
  /** The attachment comment; push writes `sha256:<hex>` there. */
  comment?: string;
  /** Data Center's `_links.download` (relative to the server), where the bytes are. */
  downloadPath?: string;
}

/** What changes on a page without a new version: its labels and attachments, for the pages of a tree. */
export interface PageExtras {
  /** Labels by page id; a page missing here was not listed (say, not indexed yet), not one without labels. */
  labels: Map<string, string[]>;
  /** Attachments by page id. */
  attachments: Map<string, RemoteAttachment[]>;
}

export interface NewPage {
  root: SyncRoot;
  parentId: string | null;
  title: string;
  storage: string;
}

export interface PageUpdate {
  id: string;
  /** base + 1: the version the write creates. */
  version: number;
  title: string;
  parentId: string | null;
  storage: string;
  /** Goes into `version.message`. */
  message: string;
}

export interface DocsRemote {
  /** Pages fetched per getPages call: Cloud answers 250 ids at once, Data Center one page per request. */
  readonly batchSize: number;
  /** The space (key → id on Cloud) or the page (and its space) a pull names; not found → AtlError exit 4. */
  resolveRoot(target: { space: string } | { pageId: string }): Promise<SyncRoot>;
  /** Every page and folder under the root without bodies (the root page itself included for `type: 'page'`). */
  listTree(root: SyncRoot): Promise<RemotePageSummary[]>;
  /** The labels and attachments of every page in the root's space, in as few requests as the API allows. */
  listPageExtras(root: SyncRoot): Promise<PageExtras>;
  /** Bodies, versions and labels; pages that no longer exist are left out. */
  getPages(ids: readonly string[]): Promise<RemotePage[]>;
  /**
   * The page as it was at `version` (its body and title then; labels as they are now, as labels have no
   * history), or undefined when the page or that version is gone. Rebuilds the base of a clone without `.atl/`.
   */
  getPageVersion(id: string, version: number): Promise<RemotePage | undefined>;
  /** The current page of that title in the root's space, if any (recovering an interrupted create). */
  findPageByTitle(root: SyncRoot, title: string): Promise<RemotePageSummary | undefined>;
  createPage(page: NewPage): Promise<RemotePageSummary>;
  /** Throws VersionConflictError when `version` is not the current version + 1. */
  updatePage(update: PageUpdate): Promise<RemotePageSummary>;
  /** Moves the page to the trash. */
  deletePage(id: string): Promise<void>;
  addLabels(id: string, labels: readonly string[]): Promise<void>;
  removeLabel(id: string, label: string): Promise<void>;
  listAttachments(pageId: string): Promise<RemoteAttachment[]>;
  /** Streams the attachment into `file` (the engine writes it atomically). */
  downloadAttachment(pageId: string, attachment: RemoteAttachment, file: string): Promise<void>;
  /** Creates the attachment, or a new version of the one of that name; streamed from `file`. */
  uploadAttachment(pageId: string, name: string, file: string, comment: string): Promise<RemoteAttachment>;
}

/**
 * A 409 on an update: the version sent was not current + 1 (someone saved in between), or a
 * title clash Confluence reports the same way. The engine re-reads the page to tell them apart.
 */
export class VersionConflictError extends Error {
  constructor(
    readonly pageId: string,
    message = `page ${pageId} was changed by someone else`,
  ) {
    super(message);
    this.name = 'VersionConflictError';
  }
}

/**
 * How a Markdown body and a storage body turn into each other (src/markup/confluence). Links to
 * other pages and images resolve through the context, so one converter serves every layout.
 */
export interface DocsConverter {
  /** Recorded in the state file: a new converter re-renders every page on the next pull. */
  readonly version: string;
  toMarkdown(storage: string, context: ConvertContext): Promise<string>;
  toStorage(markdown: string, context: ConvertContext): Promise<string>;
}

export interface ConvertContext {
  /** This page's file, relative to the sync folder, `/`-separated. */
  path: string;
  /** This page's attachments directory, relative to this page's directory (`Guide.attachments`). */
  attachmentsDir: string;
  /** The space of the tree. */
  space: string;
  /** A page of the tree by title (`ri:page ri:content-title`) → its file, relative to this page's directory; undefined outside the tree. */
  pathOfTitle(title: string): string | undefined;
  /** A link as written in this page (relative to its directory) → the page title; undefined for a file the tree does not have. */
  titleOfPath(path: string): string | undefined;
  /** An attachment's name on the page → its file name in the attachments directory. */
  attachmentFile(name: string): string;
  /** A file name in the attachments directory → the attachment's name on the page (the file name for a new one). */
  attachmentName?(file: string): string;
}
