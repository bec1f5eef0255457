/**
 * The DocsRemote over the Confluence REST API (design note §1): Cloud speaks v2 for pages and v1
 * where v2 has nothing (labels added, attachment upload and download), Data Center `/rest/api`
 * only; the gateway is the same paths on another root. One page per body request (with its labels
 * in the same answer), fetched four at a time by the engine. 429s are waited out by the HTTP client.
 */
import { AtlError } from '../../errors.js';
import type { StreamBody } from '../../http/types.js';
import { openAttachment } from '../attachments.js';
import { type ConfluenceContext, V1, V2 } from '../context.js';
import { foldersAbove } from '../folders.js';
import { listPaged } from '../paging.js';
import { getSpace } from '../spaces.js';
import type { ConfluenceAttachment, ConfluenceLabel, ConfluencePage } from '../types.js';
import {
  type DocsRemote,
  type NewPage,
  type PageExtras,
  type PageUpdate,
  type RemoteAttachment,
  type RemotePage,
  type RemotePageSummary,
  type SyncRoot,
  VersionConflictError,
} from './remote.js';

const isStatus = (err: unknown, status: number): boolean => err instanceof AtlError && err.status === status;

function versionOf(page: ConfluencePage): number {
  return page.version?.number ?? 1;
}

/** v2 lists put labels under `labels.results`; DC under `metadata.labels.results`. */
function labelsOf(page: ConfluencePage): string[] {
  const v2 = (page.labels as { results?: ConfluenceLabel[] } | undefined)?.results;
  const dc = (page.metadata as { labels?: { results?: ConfluenceLabel[] } } | undefined)?.labels?.results;
  return (v2 ?? dc ?? []).map((label) => label.name);
}

/** DC gives ancestors root first; the parent is the last one. */
function parentOf(page: ConfluencePage): string | null {
  if (page.parentId !== undefined) return page.parentId === null || page.parentId === '' ? null : String(page.parentId);
  const ancestors = page.ancestors ?? [];
  const last = ancestors[ancestors.length - 1];
  return last ? String(last.id) : null;
}

function summaryOf(page: ConfluencePage): RemotePageSummary {
  const summary: RemotePageSummary = {
    id: String(page.id),
    title: page.title,
    parentId: parentOf(page),
    version: versionOf(page),
    kind: 'page',
  };
  if (typeof page.position === 'number') summary.position = page.position;
  return summary;
}

function attachmentOf(attachment: ConfluenceAttachment): RemoteAttachment {
  return {
    id: String(attachment.id),
    name: attachment.title,
    version: attachment.version?.number ?? 1,
    size: attachment.fileSize ?? attachment.extensions?.fileSize,
    mediaType: attachment.mediaType ?? attachment.extensions?.mediaType ?? attachment.metadata?.mediaType,
    comment: attachment.comment ?? attachment.extensions?.comment ?? attachment.metadata?.comment,
    ...(attachment._links?.download === undefined ? {} : { downloadPath: attachment._links.download }),
  };
}

async function collect<T>(pages: AsyncIterable<readonly T[]>): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages) all.push(...page);
  return all;
}

export class ApiDocsRemote implements DocsRemote {
  readonly batchSize = 1;
  private readonly cloud: boolean;

  constructor(private readonly ctx: ConfluenceContext) {
    this.cloud = ctx.deployment === 'cloud';
  }

  async resolveRoot(target: { space: string } | { pageId: string }): Promise<SyncRoot> {
    if ('space' in target) {
      const space = await getSpace(this.ctx, target.space);
      return { type: 'space', space: space.key, ...(this.cloud ? { spaceId: String(space.id) } : {}) };
    }
    const page = await this.fetchPage(target.pageId, false);
    if (!page) throw new AtlError('not_found', `no page with id ${target.pageId}`, { hint: 'check the id (the number in the page URL)' });
    if (this.cloud) {
      const spaceId = String(page.spaceId);
      const space = await this.ctx.http.get<{ key: string }>(`${V2}/spaces/${encodeURIComponent(spaceId)}`);
      return { type: 'page', space: space.key, spaceId, pageId: String(page.id) };
    }
    return { type: 'page', space: page.space?.key ?? '', pageId: String(page.id) };
  }

  async listTree(root: SyncRoot): Promise<RemotePageSummary[]> {
    const pages = this.cloud
      ? await collect(
          listPaged<ConfluencePage>(
            this.ctx,
            `${V2}/spaces/${encodeURIComponent(root.spaceId ?? '')}/pages`,
            { status: 'current' },
            undefined,
          ).pages(),
        )
      : await collect(
          listPaged<ConfluencePage>(
            this.ctx,
            `${V1}/content`,
            { spaceKey: root.space, type: 'page', status: 'current', expand: 'version,ancestors' },
            undefined,
            100,
          ).pages(),
        );
    const seen = new Map<string, RemotePageSummary>();
    for (const page of pages) if (page.status === undefined || page.status === 'current') seen.set(String(page.id), summaryOf(page));
    // Cloud folders are not in the listing: read the ones the pages are in, so those pages land in their folder's directory.
    for (const folder of await foldersAbove(this.ctx, [...pages])) {
      if (folder.status === undefined || folder.status === 'current') seen.set(String(folder.id), { ...summaryOf(folder), kind: 'folder' });
    }
    const all = [...seen.values()];
    if (root.type === 'space') return all;
    // A page root: the page and its descendants, from the one listing of the space.
    const byId = new Map(all.map((node) => [node.id, node]));
    const under = (node: RemotePageSummary, depth = 0): boolean => {
      if (node.id === root.pageId) return true;
      const parent = node.parentId === null ? undefined : byId.get(node.parentId);
      return parent !== undefined && depth < 1000 && under(parent, depth + 1);
    };
    return all.filter((node) => under(node));
  }

  /**
   * Labels and attachments change without a new page version, so the tree listing cannot show them.
   * One CQL content search lists every page of the space with its labels and every attachment with its
   * version and page: (pages + attachments) / 100 requests, the same call on Cloud (v1: v2 lists labels
   * and attachments per page only, two requests a page) and Data Center. Not `lastmodified`: adding a
   * label does not change it, and the state keeps no timestamps to compare with.
   */
  async listPageExtras(root: SyncRoot): Promise<PageExtras> {
    type Item = ConfluencePage & { container?: { id: string | number } };
    const items = await collect(
      listPaged<Item>(
        this.ctx,
        `${V1}/content/search`,
        {
          cql: `space = "${root.space.replace(/["\\]/g, '\\$&')}" AND type IN (page, attachment)`,
          expand: 'metadata.labels,version,container',
        },
        undefined,
        100,
      ).pages(),
    );
    const extras: PageExtras = { labels: new Map(), attachments: new Map() };
    for (const item of items) {
      if (item.type === 'page') extras.labels.set(String(item.id), labelsOf(item));
      if (item.type !== 'attachment' || item.container === undefined) continue;
      const pageId = String(item.container.id);
      const list = extras.attachments.get(pageId) ?? [];
      list.push(attachmentOf(item as unknown as ConfluenceAttachment));
      extras.attachments.set(pageId, list);
    }
    return extras;
  }

  private async fetchPage(id: string, withBody = true): Promise<ConfluencePage | undefined> {
    try {
      if (this.cloud) {
        return await this.ctx.http.get<ConfluencePage>(`${V2}/pages/${encodeURIComponent(id)}`, {
          query: withBody ? { 'body-format': 'storage', 'include-labels': true } : {},
        });
      }
      return await this.ctx.http.get<ConfluencePage>(`${V1}/content/${encodeURIComponent(id)}`, {
        query: { expand: withBody ? 'body.storage,version,ancestors,space,metadata.labels' : 'version,ancestors,space' },
      });
    } catch (err) {
      if (isStatus(err, 404)) return undefined;
      throw err;
    }
  }

  async getPages(ids: readonly string[]): Promise<RemotePage[]> {
    const pages: RemotePage[] = [];
    for (const id of ids) {
      const page = await this.fetchPage(id);
      if (!page || (page.status !== undefined && page.status !== 'current')) continue;
      pages.push({
        ...summaryOf(page),
        storage: page.body?.storage?.value ?? '',
        labels: labelsOf(page),
        versionMessage: page.version?.message,
      });
    }
    return pages;
  }

  async getPageVersion(id: string, version: number): Promise<RemotePage | undefined> {
    let page: ConfluencePage;
    try {
      page = this.cloud
        ? await this.ctx.http.get<ConfluencePage>(`${V2}/pages/${encodeURIComponent(id)}`, {
            query: { 'body-format': 'storage', 'include-labels': true, version },
          })
        : await this.ctx.http.get<ConfluencePage>(`${V1}/content/${encodeURIComponent(id)}`, {
            query: { version, status: 'historical', expand: 'body.storage,version,ancestors,metadata.labels' },
          });
    } catch (err) {
      if (isStatus(err, 404)) return undefined;
      throw err;
    }
    return { ...summaryOf(page), version, storage: page.body?.storage?.value ?? '', labels: labelsOf(page) };
  }

  async findPageByTitle(root: SyncRoot, title: string): Promise<RemotePageSummary | undefined> {
    const answer = this.cloud
      ? await this.ctx.http.get<{ results?: ConfluencePage[] }>(`${V2}/pages`, {
          query: { 'space-id': root.spaceId, title, status: 'current' },
        })
      : await this.ctx.http.get<{ results?: ConfluencePage[] }>(`${V1}/content`, {
          query: { spaceKey: root.space, title, type: 'page', status: 'current', expand: 'version,ancestors' },
        });
    const page = answer.results?.find((candidate) => candidate.title === title);
    return page ? summaryOf(page) : undefined;
  }

  async createPage(page: NewPage): Promise<RemotePageSummary> {
    const created = this.cloud
      ? await this.ctx.http.post<ConfluencePage>(`${V2}/pages`, {
          spaceId: page.root.spaceId,
          status: 'current',
          title: page.title,
          ...(page.parentId === null ? {} : { parentId: page.parentId }),
          body: { representation: 'storage', value: page.storage },
        })
      : await this.ctx.http.post<ConfluencePage>(`${V1}/content`, {
          type: 'page',
          title: page.title,
          space: { key: page.root.space },
          ...(page.parentId === null ? {} : { ancestors: [{ id: page.parentId }] }),
          body: { storage: { value: page.storage, representation: 'storage' } },
        });
    return { ...summaryOf(created), parentId: page.parentId };
  }

  async updatePage(update: PageUpdate): Promise<RemotePageSummary> {
    const version = { number: update.version, message: update.message };
    try {
      const updated = this.cloud
        ? await this.ctx.http.put<ConfluencePage>(`${V2}/pages/${encodeURIComponent(update.id)}`, {
            id: update.id,
            status: 'current',
            title: update.title,
            ...(update.parentId === null ? {} : { parentId: update.parentId }),
            body: { representation: 'storage', value: update.storage },
            version,
          })
        : await this.ctx.http.put<ConfluencePage>(`${V1}/content/${encodeURIComponent(update.id)}`, {
            id: update.id,
            type: 'page',
            title: update.title,
            version,
            body: { storage: { value: update.storage, representation: 'storage' } },
            // Data Center moves a page without ancestors to the top of the space: always send the parent.
            ...(update.parentId === null ? {} : { ancestors: [{ id: update.parentId }] }),
          });
      return { ...summaryOf(updated), parentId: update.parentId };
    } catch (err) {
      if (isStatus(err, 409)) throw new VersionConflictError(update.id, (err as Error).message);
      throw err;
    }
  }

  async deletePage(id: string): Promise<void> {
    await this.ctx.http.delete(this.cloud ? `${V2}/pages/${encodeURIComponent(id)}` : `${V1}/content/${encodeURIComponent(id)}`);
  }

  async addLabels(id: string, labels: readonly string[]): Promise<void> {
    await this.ctx.http.post(
      `${V1}/content/${encodeURIComponent(id)}/label`,
      labels.map((name) => ({ prefix: 'global', name })),
    );
  }

  async removeLabel(id: string, label: string): Promise<void> {
    try {
      await this.ctx.http.delete(`${V1}/content/${encodeURIComponent(id)}/label`, { query: { name: label } });
    } catch (err) {
      if (!isStatus(err, 404)) throw err;
    }
  }

  async listAttachments(pageId: string): Promise<RemoteAttachment[]> {
    const attachments = this.cloud
      ? await collect(
          listPaged<ConfluenceAttachment>(this.ctx, `${V2}/pages/${encodeURIComponent(pageId)}/attachments`, {}, undefined).pages(),
        )
      : await collect(
          listPaged<ConfluenceAttachment>(
            this.ctx,
            `${V1}/content/${encodeURIComponent(pageId)}/child/attachment`,
            { expand: 'version' },
            undefined,
            100,
          ).pages(),
        );
    return attachments.map(attachmentOf);
  }

  async downloadAttachment(pageId: string, attachment: RemoteAttachment, file: string): Promise<void> {
    const links = attachment.downloadPath === undefined ? {} : { _links: { download: attachment.downloadPath } };
    const body = await openAttachment(this.ctx, pageId, { id: attachment.id, title: attachment.name, ...links });
    const { saveStream } = await import('../../output/save-file.js');
    await saveStream(body, file, true);
  }

  async uploadAttachment(pageId: string, name: string, file: string, comment: string): Promise<RemoteAttachment> {
    const { multipartFiles } = await import('../../http/multipart.js');
    // minorEdit: no notification for each image; the comment carries the sha256 other clones compare.
    const body: StreamBody = await multipartFiles(
      [{ field: 'file', path: file, filename: name }],
      [
        { field: 'minorEdit', value: 'true' },
        { field: 'comment', value: comment },
      ],
    );
    const base = `${V1}/content/${encodeURIComponent(pageId)}/child/attachment`;
    const headers = { 'X-Atlassian-Token': 'no-check' };
    const timeoutMs = 30_000 + Math.ceil(body.length / 100_000) * 1000;
    type Answer = { results?: ConfluenceAttachment[] } & Partial<ConfluenceAttachment>;
    let answer: Answer;
    if (this.cloud) {
      answer = await this.ctx.http.put<Answer>(base, body, { headers, timeoutMs });
    } else {
      // Data Center has no PUT: a new name is a POST, a new version of a name a POST to its data.
      const existing = (await this.listAttachments(pageId)).find((attachment) => attachment.name === name);
      answer = await this.ctx.http.post<Answer>(existing ? `${base}/${encodeURIComponent(existing.id)}/data` : base, body, {
        headers,
        timeoutMs,
      });
    }
    const attachment = answer.results?.[0] ?? (answer as ConfluenceAttachment);
    return attachmentOf(attachment);
  }
}
