/**
 * What Confluence answers, as atl reads it. Cloud v2 and Data Center (and Cloud v1) name things
 * differently; one type covers both so a command can print either, and `--json` prints the object
 * exactly as it came. The accessors below (in content.ts) read the one or the other spelling.
 */

export interface ConfluenceLinks {
  webui?: string;
  tinyui?: string;
  editui?: string;
  base?: string;
  download?: string;
  self?: string;
  next?: string;
  [extra: string]: unknown;
}

/** A space: v2 `Space`/`SpaceBulk` (`id` numeric string, `key`, `type`, `status`) or DC/v1 `Space`. */
export interface ConfluenceSpace {
  id: string | number;
  key: string;
  name: string;
  type?: string;
  status?: string;
  homepageId?: string;
  /** DC: `{ id, title }` of the home page when expanded. */
  homepage?: { id: string; title?: string };
  description?: unknown;
  _links?: ConfluenceLinks;
  [extra: string]: unknown;
}

/** The version of a page: v2 `{number, message, createdAt, authorId, minorEdit}`; DC `{number, message, when, by, minorEdit}`. */
export interface ContentVersion {
  number: number;
  message?: string;
  minorEdit?: boolean;
  createdAt?: string;
  authorId?: string;
  when?: string;
  by?: { displayName?: string; accountId?: string; username?: string; [extra: string]: unknown };
  [extra: string]: unknown;
}

/** A body in one representation: v2 `{representation, value}`, DC `{value, representation}`. */
export interface ContentBody {
  value: string;
  representation?: string;
}

/**
 * A page or blog post. v2: `id`, `status`, `title`, `spaceId`, `parentId`, `parentType`, `position`,
 * `version`, `body.storage|atlas_doc_format`. DC/v1: `id`, `type`, `status`, `title`, `space.key`,
 * `ancestors`, `version`, `body.storage`.
 */
export interface ConfluencePage {
  id: string;
  title: string;
  status?: string;
  type?: string;
  spaceId?: string;
  parentId?: string | null;
  parentType?: string | null;
  position?: number | null;
  authorId?: string;
  createdAt?: string;
  version?: ContentVersion;
  body?: { storage?: ContentBody; atlas_doc_format?: ContentBody; view?: ContentBody; [extra: string]: unknown };
  space?: { key: string; name?: string; id?: number | string; [extra: string]: unknown };
  ancestors?: Array<{ id: string; title?: string; type?: string; [extra: string]: unknown }>;
  _links?: ConfluenceLinks;
  [extra: string]: unknown;
}

/** Which kind of content a command works on: `page` (page commands) or `blogpost` (blog commands). */
export type ContentKind = 'page' | 'blogpost';

/** A label: v2 `{id, name, prefix}`, DC `{prefix, name, id, label}`. */
export interface ConfluenceLabel {
  id?: string;
  name: string;
  prefix?: string;
  [extra: string]: unknown;
}

/** An attachment: v2 (`title`, `fileSize`, `mediaType`, `downloadLink`) or DC (`title`, `extensions.fileSize`, `_links.download`). */
export interface ConfluenceAttachment {
  id: string;
  title: string;
  status?: string;
  mediaType?: string;
  fileSize?: number;
  comment?: string;
  downloadLink?: string;
  version?: ContentVersion;
  extensions?: { mediaType?: string; fileSize?: number; comment?: string; [extra: string]: unknown };
  metadata?: { mediaType?: string; comment?: string; [extra: string]: unknown };
  _links?: ConfluenceLinks;
  [extra: string]: unknown;
}

/** A footer comment: v2 (`body.storage`, `version.authorId`) or DC (`body.storage`, `history.createdBy`). */
export interface ConfluenceComment {
  id: string;
  title?: string;
  version?: ContentVersion;
  body?: { storage?: ContentBody; [extra: string]: unknown };
  history?: { createdBy?: { displayName?: string; [extra: string]: unknown }; createdDate?: string; [extra: string]: unknown };
  _links?: ConfluenceLinks;
  [extra: string]: unknown;
}

/** One result of a CQL search (`/rest/api/search` on Cloud and DC): the content, and the search's own fields. */
export interface SearchResult {
  content?: ConfluencePage & { type?: string };
  title?: string;
  excerpt?: string;
  url?: string;
  resultGlobalContainer?: { title?: string; displayUrl?: string };
  lastModified?: string;
  friendlyLastModified?: string;
  entityType?: string;
  [extra: string]: unknown;
}
