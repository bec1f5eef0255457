/**
 * An in-memory Confluence behind the DocsRemote port, for the engine's unit tests: pages with
 * versions (a stale version is a 409), unique titles per space, labels, versioned attachments,
 * a trash, and a request log that tells reads from writes. Faults: `rateLimitNext(n)` answers the
 * next n requests 429 first (waited out as the HTTP client does, so each call still applies once
 * and the log shows the 429s), `crashAfter(kind)` applies the next write of that kind and then
 * throws SimulatedCrash (a kill -9 after the request reached Confluence, before atl recorded it),
 * `crashBefore(kind)` throws before the request is sent.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { AtlError } from '../../errors.js';
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

export class SimulatedCrash extends Error {
  constructor(where: string) {
    super(`simulated kill -9 ${where}`);
    this.name = 'SimulatedCrash';
  }
}

interface StoredPage {
  id: string;
  space: string;
  title: string;
  parentId: string | null;
  kind: 'page' | 'folder';
  position: number;
  version: number;
  versionMessage: string;
  storage: string;
  labels: string[];
  status: 'current' | 'trashed';
  attachments: Array<RemoteAttachment & { data: Buffer }>;
  /** Every version's title and body, the current one last. */
  history: Array<{ version: number; title: string; storage: string }>;
}

export type WriteKind = 'create' | 'update' | 'delete' | 'label' | 'upload';

export interface LoggedRequest {
  op: string;
  write: boolean;
  status: number;
  id?: string;
}

export class MemoryConfluence implements DocsRemote {
  batchSize = 3;
  readonly pages = new Map<string, StoredPage>();
  readonly log: LoggedRequest[] = [];
  private nextId = 1000;
  private rateLimited = 0;
  private readonly crashes: Array<{ kind: WriteKind; when: 'before' | 'after'; skip: number }> = [];
  /** Each request takes this long (to see concurrency). */
  latencyMs = 0;
  inFlight = 0;
  maxInFlight = 0;
  /** Runs just before the next write of that kind is applied (someone saves in between). */
  private readonly beforeWrite = new Map<WriteKind, () => void>();

  constructor(readonly spaces: readonly string[] = ['DOCS']) {}

  // ---- seeding and editing "in Confluence" (no log entries) ----

  seed(
    space: string,
    title: string,
    parentId: string | null,
    storage: string,
    options: { labels?: string[]; kind?: 'page' | 'folder' } = {},
  ): string {
    const id = String(this.nextId++);
    const siblings = [...this.pages.values()].filter((page) => page.parentId === parentId);
    this.pages.set(id, {
      id,
      space,
      title,
      parentId,
      kind: options.kind ?? 'page',
      position: siblings.length,
      version: 1,
      versionMessage: '',
      storage,
      labels: options.labels ?? [],
      status: 'current',
      attachments: [],
      history: [{ version: 1, title, storage }],
    });
    return id;
  }

  /** Someone edits the page in Confluence: the version goes up. */
  edit(id: string, change: { storage?: string; title?: string; parentId?: string | null }): void {
    const page = this.page(id);
    Object.assign(page, change, { version: page.version + 1, versionMessage: 'edited in Confluence' });
    page.history.push({ version: page.version, title: page.title, storage: page.storage });
  }

  attach(pageId: string, name: string, data: string | Buffer): RemoteAttachment {
    const page = this.page(pageId);
    const existing = page.attachments.find((attachment) => attachment.name === name);
    const bytes = Buffer.from(data);
    if (existing) {
      Object.assign(existing, { data: bytes, version: existing.version + 1, size: bytes.length });
      return existing;
    }
    const attachment = { id: `att${this.nextId++}`, name, version: 1, size: bytes.length, data: bytes };
    page.attachments.push(attachment);
    return attachment;
  }

  trash(id: string): void {
    this.page(id).status = 'trashed';
  }

  page(id: string): StoredPage {
    const page = this.pages.get(id);
    if (!page) throw new Error(`no page ${id}`);
    return page;
  }

  current(space = 'DOCS'): StoredPage[] {
    return [...this.pages.values()].filter((page) => page.status === 'current' && page.space === space);
  }

  byTitle(title: string): StoredPage | undefined {
    return [...this.pages.values()].find((page) => page.status === 'current' && page.title === title);
  }

  writes(): LoggedRequest[] {
    return this.log.filter((entry) => entry.write && entry.status < 300);
  }

  // ---- faults ----

  rateLimitNext(count: number): void {
    this.rateLimited = count;
  }

  /** The `skip`+1-th next write of `kind` crashes after being applied. */
  crashAfter(kind: WriteKind, skip = 0): void {
    this.crashes.push({ kind, when: 'after', skip });
  }

  crashBefore(kind: WriteKind, skip = 0): void {
    this.crashes.push({ kind, when: 'before', skip });
  }

  beforeNext(kind: WriteKind, action: () => void): void {
    this.beforeWrite.set(kind, action);
  }

  private async request<T>(op: string, write: WriteKind | null, id: string | undefined, apply: () => T): Promise<T> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      return await this.handle(op, write, id, apply);
    } finally {
      this.inFlight--;
    }
  }

  private async handle<T>(op: string, write: WriteKind | null, id: string | undefined, apply: () => T): Promise<T> {
    await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    // The HTTP client waits a 429 out and sends the same request again: nothing was applied.
    while (this.rateLimited > 0) {
      this.rateLimited--;
      this.log.push({ op, write: write !== null, status: 429, id });
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    let fire: 'before' | 'after' | undefined;
    const index = write === null ? -1 : this.crashes.findIndex((planned) => planned.kind === write);
    const planned = this.crashes[index];
    if (planned && planned.skip > 0) planned.skip--;
    else if (planned) {
      this.crashes.splice(index, 1);
      fire = planned.when;
    }
    if (fire === 'before') throw new SimulatedCrash(`before ${op}`);
    const hook = write === null ? undefined : this.beforeWrite.get(write);
    if (hook && write !== null) {
      this.beforeWrite.delete(write);
      hook();
    }
    let result: T;
    try {
      result = apply();
    } catch (err) {
      this.log.push({ op, write: write !== null, status: err instanceof VersionConflictError ? 409 : 400, id });
      throw err;
    }
    this.log.push({ op, write: write !== null, status: 200, id });
    if (fire === 'after') throw new SimulatedCrash(`after ${op}`);
    return result;
  }

  private summary(page: StoredPage): RemotePageSummary {
    return { id: page.id, title: page.title, parentId: page.parentId, version: page.version, kind: page.kind, position: page.position };
  }

  // ---- DocsRemote ----

  resolveRoot(target: { space: string } | { pageId: string }): Promise<SyncRoot> {
    return this.request('resolveRoot', null, undefined, () => {
      if ('space' in target) {
        if (!this.spaces.includes(target.space)) throw new Error(`no space ${target.space}`);
        return { type: 'space', space: target.space, spaceId: `s-${target.space}` };
      }
      const page = this.page(target.pageId);
      return { type: 'page', space: page.space, spaceId: `s-${page.space}`, pageId: page.id };
    });
  }

  listTree(root: SyncRoot): Promise<RemotePageSummary[]> {
    return this.request('listTree', null, root.pageId, () => {
      const inSpace = this.current(root.space);
      if (root.type === 'space') return inSpace.map((page) => this.summary(page));
      const under = (page: StoredPage): boolean =>
        page.id === root.pageId || (page.parentId !== null && this.pages.has(page.parentId) && under(this.page(page.parentId)));
      return inSpace.filter(under).map((page) => this.summary(page));
    });
  }

  getPages(ids: readonly string[]): Promise<RemotePage[]> {
    if (ids.length > this.batchSize) throw new Error(`getPages asked for ${ids.length} pages at once, more than ${this.batchSize}`);
    return this.request('getPages', null, ids.join(','), () =>
      ids.flatMap((id) => {
        const page = this.pages.get(id);
        if (page?.status !== 'current' || page.kind !== 'page') return [];
        return [{ ...this.summary(page), storage: page.storage, labels: [...page.labels], versionMessage: page.versionMessage }];
      }),
    );
  }

  listPageExtras(root: SyncRoot): Promise<PageExtras> {
    return this.request('listPageExtras', null, undefined, () => {
      const extras: PageExtras = { labels: new Map(), attachments: new Map() };
      for (const page of this.current(root.space).filter((candidate) => candidate.kind === 'page')) {
        extras.labels.set(page.id, [...page.labels]);
        extras.attachments.set(
          page.id,
          page.attachments.map(({ data: _data, ...attachment }) => ({ ...attachment })),
        );
      }
      return extras;
    });
  }

  getPageVersion(id: string, version: number): Promise<RemotePage | undefined> {
    return this.request('getPageVersion', null, id, () => {
      const page = this.pages.get(id);
      const then = page?.history.find((entry) => entry.version === version);
      if (page?.status !== 'current' || page.kind !== 'page' || !then) return undefined;
      return { ...this.summary(page), title: then.title, version, storage: then.storage, labels: [...page.labels] };
    });
  }

  findPageByTitle(root: SyncRoot, title: string): Promise<RemotePageSummary | undefined> {
    return this.request('findPageByTitle', null, undefined, () => {
      const page = this.current(root.space).find((candidate) => candidate.title === title);
      return page ? this.summary(page) : undefined;
    });
  }

  createPage(input: NewPage): Promise<RemotePageSummary> {
    return this.request('createPage', 'create', undefined, () => {
      if (this.current(input.root.space).some((page) => page.title === input.title)) {
        throw new AtlError('bad_request', `A page with this title already exists: ${input.title}`, { status: 400 });
      }
      const id = this.seed(input.root.space, input.title, input.parentId, input.storage);
      return this.summary(this.page(id));
    });
  }

  updatePage(update: PageUpdate): Promise<RemotePageSummary> {
    return this.request('updatePage', 'update', update.id, () => {
      const page = this.page(update.id);
      if (update.version !== page.version + 1) {
        throw new VersionConflictError(update.id, `Version must be incremented on update. Current version is: ${page.version}`);
      }
      Object.assign(page, {
        title: update.title,
        parentId: update.parentId,
        storage: update.storage,
        version: update.version,
        versionMessage: update.message,
      });
      page.history.push({ version: page.version, title: page.title, storage: page.storage });
      return this.summary(page);
    });
  }

  deletePage(id: string): Promise<void> {
    return this.request('deletePage', 'delete', id, () => {
      this.page(id).status = 'trashed';
    });
  }

  addLabels(id: string, labels: readonly string[]): Promise<void> {
    return this.request('addLabels', 'label', id, () => {
      const page = this.page(id);
      page.labels = [...new Set([...page.labels, ...labels])];
    });
  }

  removeLabel(id: string, label: string): Promise<void> {
    return this.request('removeLabel', 'label', id, () => {
      const page = this.page(id);
      page.labels = page.labels.filter((name) => name !== label);
    });
  }

  listAttachments(pageId: string): Promise<RemoteAttachment[]> {
    return this.request('listAttachments', null, pageId, () =>
      this.page(pageId).attachments.map(({ data: _data, ...attachment }) => ({ ...attachment })),
    );
  }

  async downloadAttachment(pageId: string, attachment: RemoteAttachment, file: string): Promise<void> {
    const data = await this.request('downloadAttachment', null, pageId, () => {
      const stored = this.page(pageId).attachments.find((candidate) => candidate.id === attachment.id);
      if (!stored) throw new Error(`no attachment ${attachment.id}`);
      return stored.data;
    });
    await writeFile(file, data);
  }

  async uploadAttachment(pageId: string, name: string, file: string, comment: string): Promise<RemoteAttachment> {
    const data = await readFile(file);
    return this.request('uploadAttachment', 'upload', pageId, () => {
      const attachment = this.attach(pageId, name, data);
      attachment.comment = comment;
      const { data: _data, ...rest } = attachment as RemoteAttachment & { data: Buffer };
      return { ...rest };
    });
  }
}

/**
 * A stand-in converter for the engine's tests: a paragraph `<p>x</p>` per Markdown line, so line
 * edits and merges are easy to read. Page links are `<ac:link><ri:page ri:content-title="T"/></ac:link>`
 * ↔ `[[path]]`, images `<ac:image><ri:attachment ri:filename="n"/></ac:image>` ↔ `![](dir/file)`.
 */
export const lineConverter = {
  version: 'test-1',
  async toMarkdown(storage: string, context: import('./remote.js').ConvertContext): Promise<string> {
    const lines = [...storage.matchAll(/<p>(.*?)<\/p>/gs)].map((match) =>
      (match[1] ?? '')
        .replace(
          /<ac:link><ri:page ri:content-title="([^"]*)"\/><\/ac:link>/g,
          (_all, title: string) => `[[${context.pathOfTitle(title) ?? title}]]`,
        )
        .replace(
          /<ac:image><ri:attachment ri:filename="([^"]*)"\/><\/ac:image>/g,
          (_all, name: string) => `![](${context.attachmentsDir}/${context.attachmentFile(name)})`,
        ),
    );
    return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
  },
  async toStorage(markdown: string, context: import('./remote.js').ConvertContext): Promise<string> {
    const lines = markdown.endsWith('\n') ? markdown.slice(0, -1).split('\n') : markdown === '' ? [] : markdown.split('\n');
    return lines
      .map((line) =>
        line
          .replace(
            /\[\[([^\]]*)\]\]/g,
            (_all, path: string) => `<ac:link><ri:page ri:content-title="${context.titleOfPath(path) ?? path}"/></ac:link>`,
          )
          .replace(
            /!\[\]\(([^)]*)\)/g,
            (_all, path: string) => `<ac:image><ri:attachment ri:filename="${path.split('/').pop()}"/></ac:image>`,
          ),
      )
      .map((line) => `<p>${line}</p>`)
      .join('');
  },
};
