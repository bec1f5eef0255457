import { AtlError, usageError } from '../errors.js';
import type { ConfluenceContext } from './context.js';
import { V1, V2 } from './context.js';
import { listPaged, type Paged } from './paging.js';
import { checkSpaceKey, spaceIdOf } from './spaces.js';
import type { ConfluencePage, ContentKind, ContentVersion } from './types.js';

/**
 * Pages and blog posts: read, find, create, update, move, delete. Cloud uses v2
 * (`/api/v2/pages`, `/api/v2/blogposts`) and v1 only for a move; Data Center `/rest/api/content`.
 */

/** How a command names the kind in messages. */
export const kindNoun: Record<ContentKind, { one: string; many: string }> = {
  page: { one: 'page', many: 'pages' },
  blogpost: { one: 'blog post', many: 'blog posts' },
};

/** The v2 collection of a kind: `/api/v2/pages` or `/api/v2/blogposts`. */
function v2Collection(kind: ContentKind): string {
  return `${V2}/${kind === 'page' ? 'pages' : 'blogposts'}`;
}

/** The representations a body can be read in: storage (XHTML) on both, ADF on Cloud only. */
export type BodyFormat = 'storage' | 'atlas_doc_format';

export interface GetContentOptions {
  /** Read the body in this representation; without it no body is fetched. */
  body?: BodyFormat | undefined;
  /** A historical version instead of the current one. */
  version?: number | undefined;
}

const DC_EXPAND = 'version,space,ancestors';

function notFound(kind: ContentKind, ref: string, cause?: unknown): AtlError {
  return new AtlError('not_found', `no ${kindNoun[kind].one} ${ref}`, {
    hint: `check the id, or give the ${kindNoun[kind].one} as "SPACE:Title" or its URL`,
    status: 404,
    cause,
  });
}

/** Maps a 404 from `load` to the not-found error for this content. */
async function orNotFound<T>(kind: ContentKind, ref: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (err) {
    if (err instanceof AtlError && err.status === 404) throw notFound(kind, ref, err);
    throw err;
  }
}

/**
 * One page or blog post by id. Cloud: `GET /api/v2/pages/{id}?body-format=…` (without
 * `body-format` the body is empty); DC: `GET /rest/api/content/{id}?expand=body.storage,version,…`
 * (a historical version with `status=historical`).
 */
export function getContent(
  ctx: ConfluenceContext,
  kind: ContentKind,
  id: string,
  options: GetContentOptions = {},
): Promise<ConfluencePage> {
  return orNotFound(kind, id, () => {
    if (ctx.deployment === 'cloud') {
      return ctx.http.get<ConfluencePage>(`${v2Collection(kind)}/${encodeURIComponent(id)}`, {
        query: { 'body-format': options.body, version: options.version },
      });
    }
    if (options.body === 'atlas_doc_format') throw usageError('Data Center has no ADF bodies', 'use --format storage or md');
    const expand = options.body === undefined ? DC_EXPAND : `body.storage,${DC_EXPAND}`;
    return ctx.http.get<ConfluencePage>(`${V1}/content/${encodeURIComponent(id)}`, {
      query: { expand, ...(options.version === undefined ? {} : { version: options.version, status: 'historical' }) },
    });
  });
}

/** Pages (or blog posts) with exactly this title in a space; `[]` when none. */
export async function findByTitle(ctx: ConfluenceContext, kind: ContentKind, spaceKey: string, title: string): Promise<ConfluencePage[]> {
  if (ctx.deployment === 'cloud') {
    const spaceId = await spaceIdOf(ctx, spaceKey);
    return listPaged<ConfluencePage>(ctx, v2Collection(kind), { 'space-id': spaceId, title, status: 'current' }, undefined).toArray();
  }
  return listPaged<ConfluencePage>(
    ctx,
    `${V1}/content`,
    { type: kind, spaceKey, title, status: 'current', expand: DC_EXPAND },
    undefined,
    100,
  ).toArray();
}

/** What a reference given on the command line names: an id, or a title in a space. */
export type ContentRef = { id: string } | { spaceKey: string; title: string };

/**
 * Reads `ID`, a page URL (Cloud `/wiki/spaces/K/pages/ID/…`, `?pageId=ID`, DC `/display/K/Title`,
 * `/pages/viewpage.action?pageId=ID`) or `"SPACE:Title"`.
 */
export function parseContentRef(ref: string): ContentRef {
  const text = ref.trim();
  if (/^\d+$/.test(text)) return { id: text };
  if (/^https?:\/\//i.test(text)) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw usageError(`invalid URL ${JSON.stringify(ref)}`);
    }
    const pageId = url.searchParams.get('pageId');
    if (pageId && /^\d+$/.test(pageId)) return { id: pageId };
    const byId = /\/(?:pages|blog(?:posts)?(?:\/\d{4}\/\d{2}\/\d{2})?)\/(\d+)(?:\/|$)/.exec(url.pathname);
    if (byId) return { id: byId[1]! };
    const display = /\/display\/([^/]+)\/([^/]+)\/?$/.exec(url.pathname);
    if (display) return { spaceKey: decodeURIComponent(display[1]!), title: decodeURIComponent(display[2]!.replace(/\+/g, ' ')) };
    throw usageError(`cannot find a page id in ${text}`, 'give the page id, its URL as Confluence shows it, or "SPACE:Title"');
  }
  const colon = text.indexOf(':');
  if (colon > 0) {
    const title = text.slice(colon + 1).trim();
    if (title !== '') return { spaceKey: checkSpaceKey(text.slice(0, colon)), title };
  }
  throw usageError(`invalid page reference ${JSON.stringify(ref)}`, 'give the page id (123456), its URL, or "SPACE:Title"');
}

/** The id a reference names, looking a title up in its space. A title matching nothing is exit 4. */
export async function resolveContentId(ctx: ConfluenceContext, kind: ContentKind, ref: string): Promise<string> {
  const parsed = parseContentRef(ref);
  if ('id' in parsed) return parsed.id;
  const found = await findByTitle(ctx, kind, parsed.spaceKey, parsed.title);
  if (found.length === 0) {
    throw new AtlError('not_found', `no ${kindNoun[kind].one} titled ${JSON.stringify(parsed.title)} in space ${parsed.spaceKey}`, {
      hint: 'titles are matched exactly; `atl confluence search --space KEY --title WORDS` finds near matches',
    });
  }
  return found[0]!.id;
}

/**
 * A parent given as an id or as a title in `spaceKey` (the page's own space when a title is given
 * without one).
 */
export async function resolveParentId(ctx: ConfluenceContext, parent: string, spaceKey: string | undefined): Promise<string> {
  const text = parent.trim();
  if (/^\d+$/.test(text) || /^https?:\/\//i.test(text) || /^~?[\w.-]+:/.test(text)) return resolveContentId(ctx, 'page', text);
  if (spaceKey === undefined) throw usageError(`--parent ${JSON.stringify(parent)} is a title: say in which space with --space KEY`);
  return resolveContentId(ctx, 'page', `${spaceKey}:${text}`);
}

/** The storage (XHTML) body of a page read with `body: 'storage'`, or '' when it has none. */
export function storageOf(page: ConfluencePage): string {
  return page.body?.storage?.value ?? '';
}

/** The version number of a page as read. */
export function versionOf(page: ConfluencePage): number {
  return page.version?.number ?? 1;
}

/** The parent page's id: v2 `parentId`, DC the last ancestor. */
export function parentIdOf(page: ConfluencePage): string | undefined {
  if (page.parentId !== undefined) return page.parentId ?? undefined;
  const ancestors = page.ancestors ?? [];
  return ancestors.length > 0 ? ancestors[ancestors.length - 1]!.id : undefined;
}

/** When a version was saved: v2 `createdAt`, DC `when`. */
export function versionDate(version: ContentVersion | undefined): string {
  return version?.createdAt ?? version?.when ?? '';
}

/** Who saved a version: DC's display name, else v2's account id. */
export function versionAuthor(version: ContentVersion | undefined): string {
  return version?.by?.displayName ?? version?.authorId ?? '';
}

export interface NewContent {
  kind: ContentKind;
  spaceKey: string;
  title: string;
  /** Parent page id (pages only). */
  parentId?: string | undefined;
  /** The body in storage format. */
  storage: string;
}

/** What a create sends, for `--dry-run` and for the request itself. */
export async function createRequest(ctx: ConfluenceContext, content: NewContent): Promise<{ method: 'POST'; path: string; body: unknown }> {
  if (ctx.deployment === 'cloud') {
    const spaceId = await spaceIdOf(ctx, content.spaceKey);
    return {
      method: 'POST',
      path: v2Collection(content.kind),
      body: {
        spaceId,
        status: 'current',
        title: content.title,
        ...(content.parentId === undefined ? {} : { parentId: content.parentId }),
        body: { representation: 'storage', value: content.storage },
      },
    };
  }
  return {
    method: 'POST',
    path: `${V1}/content`,
    body: {
      type: content.kind,
      title: content.title,
      space: { key: content.spaceKey },
      ...(content.parentId === undefined ? {} : { ancestors: [{ id: content.parentId }] }),
      body: { storage: { value: content.storage, representation: 'storage' } },
    },
  };
}

/** A title already taken in the space: v2 answers 400 "A page with this title already exists", DC 409 or 400. */
function titleTaken(err: unknown): boolean {
  return (
    err instanceof AtlError &&
    (err.status === 400 || err.status === 409) &&
    /title already exists|already exists with the same title/i.test(err.message)
  );
}

function titleTakenError(kind: ContentKind, title: string, cause: unknown): AtlError {
  return new AtlError('conflict', `a ${kindNoun[kind].one} titled ${JSON.stringify(title)} already exists in this space`, {
    hint: 'choose another --title (titles are unique within a space), or edit the existing one',
    status: (cause as AtlError).status,
    cause,
  });
}

/** Creates a page or blog post. Cloud `POST /api/v2/pages|blogposts`; DC `POST /rest/api/content`. */
export async function createContent(ctx: ConfluenceContext, content: NewContent): Promise<ConfluencePage> {
  const request = await createRequest(ctx, content);
  try {
    return await ctx.http.post<ConfluencePage>(request.path, request.body, {
      checkApplied: `atl confluence search --space ${content.spaceKey} --title ${JSON.stringify(content.title)}`,
    });
  } catch (err) {
    if (titleTaken(err)) throw titleTakenError(content.kind, content.title, err);
    throw err;
  }
}

export interface ContentChange {
  title?: string | undefined;
  /** New body in storage format; the current one is sent again without it. */
  storage?: string | undefined;
  message?: string | undefined;
  /** A minor edit (no notifications): Data Center only, Cloud's v2 API has no such flag. */
  minor?: boolean | undefined;
  /** Move under this parent (same space on Cloud's v2). */
  parentId?: string | undefined;
}

/**
 * Saves `current` (read with its storage body) as version N+1, N being the version it was read at:
 * never re-read and incremented, so an edit made by someone else in between is not overwritten.
 * Cloud `PUT /api/v2/pages/{id}`; DC `PUT /rest/api/content/{id}` with the parent every time.
 *
 * A 409 is classified by reading the page again: it moved on → someone saved in between (exit 1,
 * nothing saved); unchanged → a title collision or a transient lock, reported as such.
 */
export async function updateContent(
  ctx: ConfluenceContext,
  kind: ContentKind,
  current: ConfluencePage,
  change: ContentChange,
): Promise<ConfluencePage> {
  const base = versionOf(current);
  const title = change.title ?? current.title;
  const storage = change.storage ?? storageOf(current);
  const version = { number: base + 1, ...(change.message === undefined ? {} : { message: change.message }) };
  let path: string;
  let body: unknown;
  if (ctx.deployment === 'cloud') {
    path = `${v2Collection(kind)}/${encodeURIComponent(current.id)}`;
    body = {
      id: current.id,
      status: 'current',
      title,
      ...(change.parentId === undefined ? {} : { parentId: change.parentId }),
      body: { representation: 'storage', value: storage },
      version,
    };
  } else {
    path = `${V1}/content/${encodeURIComponent(current.id)}`;
    const parentId = change.parentId ?? parentIdOf(current);
    body = {
      id: current.id,
      type: kind,
      title,
      ...(current.space ? { space: { key: current.space.key } } : {}),
      version: { ...version, ...(change.minor ? { minorEdit: true } : {}) },
      ...(parentId === undefined || kind !== 'page' ? {} : { ancestors: [{ id: parentId }] }),
      body: { storage: { value: storage, representation: 'storage' } },
    };
  }
  try {
    return await ctx.http.put<ConfluencePage>(path, body, { checkApplied: `atl confluence page history ${current.id}` });
  } catch (err) {
    if (titleTaken(err)) throw titleTakenError(kind, title, err);
    if (!(err instanceof AtlError) || err.status !== 409) throw err;
    const now = await getContent(ctx, kind, current.id).catch(() => undefined);
    const remote = now === undefined ? undefined : versionOf(now);
    if (remote !== undefined && remote !== base) {
      throw new AtlError(
        'conflict',
        `${kindNoun[kind].one} ${current.id} was changed by someone else: it is at version ${remote}, your edit was made on version ${base}`,
        {
          hint: `nothing was saved; look at the new version (atl confluence page view ${current.id}) and make your edit again`,
          status: 409,
          cause: err,
        },
      );
    }
    throw new AtlError('conflict', `Confluence refused the edit of ${kindNoun[kind].one} ${current.id}: ${err.message}`, {
      hint: 'nothing was saved; the title may be taken in the space, or the page has an unpublished draft — try again',
      status: 409,
      cause: err,
    });
  }
}

/**
 * Moves a page under another parent (which may be in another space). Cloud: v1
 * `PUT /rest/api/content/{id}/move/append/{parentId}`; DC: an update carrying the new ancestors
 * (and space), as version N+1.
 */
export async function movePage(ctx: ConfluenceContext, id: string, parentId: string): Promise<ConfluencePage> {
  if (ctx.deployment === 'cloud') {
    await orNotFound('page', id, () =>
      ctx.http.put(`${V1}/content/${encodeURIComponent(id)}/move/append/${encodeURIComponent(parentId)}`, undefined),
    );
    return getContent(ctx, 'page', id);
  }
  const [current, parent] = await Promise.all([getContent(ctx, 'page', id, { body: 'storage' }), getContent(ctx, 'page', parentId)]);
  const moved = { ...current, ...(parent.space ? { space: parent.space } : {}) };
  return updateContent(ctx, 'page', moved, { parentId });
}

/**
 * Moves a page or blog post to the trash, or with `purge` removes it for good (trash first, then
 * purge: both deployments purge only what is in the trash). Cloud `DELETE /api/v2/pages/{id}`
 * (`?purge=true`); DC `DELETE /rest/api/content/{id}` (`?status=trashed`).
 */
export async function deleteContent(ctx: ConfluenceContext, kind: ContentKind, id: string, purge: boolean): Promise<void> {
  const path = ctx.deployment === 'cloud' ? `${v2Collection(kind)}/${encodeURIComponent(id)}` : `${V1}/content/${encodeURIComponent(id)}`;
  await orNotFound(kind, id, () => ctx.http.delete(path));
  if (!purge) return;
  await ctx.http.delete(path, { query: ctx.deployment === 'cloud' ? { purge: true } : { status: 'trashed' } });
}

/**
 * The pages directly under a page, in their order. Cloud: `GET /api/v2/pages/{id}/direct-children`
 * (folders, whiteboards and the like are listed there too: only pages are kept); DC:
 * `GET /rest/api/content/{id}/child/page`.
 */
export async function childPages(ctx: ConfluenceContext, id: string): Promise<ConfluencePage[]> {
  return orNotFound('page', id, async () => {
    if (ctx.deployment === 'cloud') {
      const children = await listPaged<ConfluencePage>(
        ctx,
        `${V2}/pages/${encodeURIComponent(id)}/direct-children`,
        {},
        undefined,
      ).toArray();
      return children.filter((c) => c.type === undefined || c.type === 'page');
    }
    return listPaged<ConfluencePage>(
      ctx,
      `${V1}/content/${encodeURIComponent(id)}/child/page`,
      { expand: 'version' },
      undefined,
      100,
    ).toArray();
  });
}

/**
 * Every current page of a space, without bodies, in one listing (4 requests per 1,000 pages on
 * Cloud): v2 `GET /api/v2/spaces/{id}/pages?status=current` (its `parentId` gives the tree); DC
 * `GET /rest/api/content?spaceKey=K&type=page&expand=ancestors` (the last ancestor is the parent).
 */
export async function spacePages(ctx: ConfluenceContext, spaceKey: string): Promise<ConfluencePage[]> {
  if (ctx.deployment === 'cloud') {
    const spaceId = await spaceIdOf(ctx, spaceKey);
    return listPaged<ConfluencePage>(ctx, `${V2}/spaces/${encodeURIComponent(spaceId)}/pages`, { status: 'current' }, undefined).toArray();
  }
  return listPaged<ConfluencePage>(
    ctx,
    `${V1}/content`,
    { spaceKey, type: 'page', status: 'current', expand: 'ancestors,version' },
    undefined,
    100,
  ).toArray();
}

/** The blog posts of a space, newest first as Confluence lists them. */
export async function spaceBlogPosts(ctx: ConfluenceContext, spaceKey: string, limit: number | undefined): Promise<Paged<ConfluencePage>> {
  if (ctx.deployment === 'cloud') {
    const spaceId = await spaceIdOf(ctx, spaceKey);
    return listPaged<ConfluencePage>(ctx, `${V2}/spaces/${encodeURIComponent(spaceId)}/blogposts`, { status: 'current' }, limit);
  }
  return listPaged<ConfluencePage>(
    ctx,
    `${V1}/content`,
    { spaceKey, type: 'blogpost', status: 'current', expand: 'version,space' },
    limit,
    100,
  );
}

/**
 * The versions of a page, newest first. Cloud: `GET /api/v2/pages/{id}/versions`. DC has no
 * version listing in its REST API: each version is read by number, from the current one down.
 */
export async function contentVersions(ctx: ConfluenceContext, kind: ContentKind, id: string): Promise<ContentVersion[]> {
  if (ctx.deployment === 'cloud') {
    const collection = kind === 'page' ? 'pages' : 'blogposts';
    return orNotFound(kind, id, () =>
      listPaged<ContentVersion>(
        ctx,
        `${V2}/${collection}/${encodeURIComponent(id)}/versions`,
        { sort: '-modified-date' },
        undefined,
      ).toArray(),
    );
  }
  const current = await getContent(ctx, kind, id);
  const versions: ContentVersion[] = [];
  if (current.version) versions.push(current.version);
  for (let n = versionOf(current) - 1; n >= 1; n--) {
    const old = await getContent(ctx, kind, id, { version: n }).catch((err: unknown) => {
      // A version removed from the history is skipped, not an error.
      if (err instanceof AtlError && err.exitCode === 4) return undefined;
      throw err;
    });
    if (old?.version) versions.push(old.version);
  }
  return versions;
}
