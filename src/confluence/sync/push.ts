/**
 * `docs push` (design note §3, "Push"):
 * 1. Lock; finish what an interrupted push left in the journal (adopt the page it created, accept
 *    the update it made), so nothing is created twice.
 * 2. Scan: files whose hash differs from the base, new files, deleted files, changed attachments.
 *    Nothing changed ⇒ not one request.
 * 3. Read the current versions of the pages to write: one changed in Confluence since its base
 *    is a conflict, skipped (exit 1), unless `force`.
 * 4. Plan (all `dryRun` does): creates parent-first, updates (body, title, parent), labels,
 *    attachments, and with `delete` the pages of deleted files, tracked pages only, leaves first.
 * 5. Per write: journal the intent, send it (updates carry base + 1, never a re-read version, and
 *    `atl <op>` as the version message), rewrite the front matter and base, journal `done`.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { AtlError } from '../../errors.js';
import { analyzeLocal, type EngineOptions, isOperationFailure, type TrackedFile, withSyncLock } from './engine.js';
import {
  attachmentsDirOf,
  convertContext,
  type LocalFile,
  parentDirectoryOf,
  readPageText,
  type TreeIndex,
  writePageText,
} from './folder.js';
import { type FrontMatter, parsePageFile, renderPageFile } from './front-matter.js';
import { type Intent, Journal, newOpId } from './journal.js';
import { INDEX_STEM } from './layout.js';
import { nativePath } from './manifest.js';
import { conflictMarkerLines } from './merge.js';
import { chunks, DEFAULT_CONCURRENCY, runPool } from './pool.js';
import { loadState } from './rebuild.js';
import { type RemotePage, VersionConflictError } from './remote.js';
import {
  type AttachmentState,
  type PageState,
  readBase,
  removeBase,
  type SyncState,
  sha256,
  statePaths,
  writeBase,
  writeState,
} from './state.js';
import { folderPath } from './status.js';

export interface PushOptions extends EngineOptions {
  /** Only these files (relative to the sync folder, or absolute); every changed file when empty. */
  files?: readonly string[];
  /** Plan and print only: read requests, no writes. */
  dryRun?: boolean;
  /** Write pages changed in Confluence since their base (current version + 1). */
  force?: boolean;
  /** Delete the pages of deleted files (tracked pages only). */
  delete?: boolean;
}

export type PushAction =
  | { kind: 'create'; path: string; title: string }
  | { kind: 'update'; path: string; id: string; title: string; changes: Array<'body' | 'title' | 'parent'>; forcedOver?: number }
  | { kind: 'labels'; path: string; id?: string; add: string[]; remove: string[] }
  | { kind: 'upload'; path: string; id?: string; file: string }
  | { kind: 'delete'; path: string; id: string; title: string };

export interface PushReport {
  dryRun: boolean;
  /** Every write push meant to make, in order. */
  planned: PushAction[];
  /** The writes made. */
  done: PushAction[];
  /** Pages changed in Confluence since their base: not written. */
  conflicts: Array<{ path: string; id: string; reason: string }>;
  /** Files left alone, with why (conflict markers, no parent page, a delete without --delete…). */
  skipped: Array<{ path: string; reason: string }>;
  /** Writes Confluence refused. */
  failed: Array<{ path: string; reason: string }>;
  /** What an interrupted push had left, and how it was finished. */
  recovered: Array<{ path: string; outcome: string }>;
}

interface Upload {
  /** The file's name in the attachments directory. */
  file: string;
  /** The attachment's name on the page. */
  name: string;
  sha256: string;
  stored: string;
}

interface PageWork {
  path: string;
  file: LocalFile;
  entry?: PageState;
  title: string;
  /** Resolved parent page; for a parent created in this push, `parentPath` names its file. */
  parentId: string | null;
  parentPath?: string;
  changes: Array<'body' | 'title' | 'parent'>;
  labels: string[];
  addLabels: string[];
  removeLabels: string[];
  uploads: Upload[];
  depth: number;
  forcedOver?: number;
  /** Set when created: the new page's id. */
  createdId?: string;
}

export async function push(options: PushOptions): Promise<PushReport> {
  return withSyncLock(options.dir, () => pushLocked(options));
}

interface PushContext {
  options: PushOptions;
  state: SyncState;
  journal: Journal;
  report: PushReport;
  index: TreeIndex;
}

async function pushLocked(options: PushOptions): Promise<PushReport> {
  const { dir, remote } = options;
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const state = await loadState(options, true);
  const journal = new Journal(statePaths(dir).journal);
  const report: PushReport = {
    dryRun: options.dryRun === true,
    planned: [],
    done: [],
    conflicts: [],
    skipped: [],
    failed: [],
    recovered: [],
  };
  const context: PushContext = { options, state, journal, report, index: { pathByTitle: new Map(), titleByPath: new Map() } };
  if (!options.dryRun) await recover(context);

  const local = await analyzeLocal(dir, state);
  const wanted = options.files && options.files.length > 0 ? new Set(options.files.map((file) => folderPath(dir, file))) : undefined;
  const inScope = (...paths: string[]): boolean => wanted === undefined || paths.some((candidate) => wanted.has(candidate));

  // Which page each directory belongs to, as the folder is now.
  const pageAtPath = new Map<string, string>();
  for (const tracked of local.tracked) if (tracked.file) pageAtPath.set(tracked.file.path, tracked.entry.id);
  const folderAt = new Map(
    state.pages
      .entries()
      .filter((entry) => entry.kind === 'folder')
      .map((entry) => [entry.path, entry.id]),
  );
  const newFiles = new Map(local.added.map((file) => [file.path, file]));
  const parentOf = (file: string): { id: string | null; path?: string } | undefined => {
    const directory = parentDirectoryOf(file);
    if (directory === '') return { id: state.root.type === 'page' ? (state.root.pageId as string) : null };
    const indexPath = `${directory}/${INDEX_STEM}.md`;
    const id = pageAtPath.get(indexPath) ?? folderAt.get(directory);
    if (id !== undefined) return { id };
    if (newFiles.has(indexPath)) return { id: null, path: indexPath };
    return undefined;
  };

  const work: PageWork[] = [];
  const deletions: TrackedFile[] = [];
  const titlesInUse = new Map<string, string>();
  for (const tracked of local.tracked) titlesInUse.set(tracked.file?.frontMatter.title ?? tracked.entry.title, tracked.entry.path);
  const refreshed: PageState[] = [];

  for (const tracked of local.tracked) {
    const { entry, file, change } = tracked;
    if (!inScope(file?.path ?? entry.path, entry.path)) continue;
    if (change === 'deleted' || !file) {
      deletions.push(tracked);
      continue;
    }
    const uploads = await changedAttachments(dir, file.path, entry.attachments);
    if (change === undefined && uploads.length === 0) continue;
    const markers = conflictMarkerLines(file.body);
    if (markers.length > 0) {
      report.skipped.push({ path: file.path, reason: `conflict markers at line ${markers.join(', ')}: resolve them first` });
      continue;
    }
    const base = await readBase(dir, entry.id);
    const title = file.frontMatter.title ?? entry.title;
    let parentId = entry.parentId;
    if (change === 'moved') {
      const parent = parentOf(file.path);
      if (!parent || parent.path !== undefined) {
        report.skipped.push({
          path: file.path,
          reason: `no page for its folder ${parentDirectoryOf(file.path)}/: push that folder's index.md first`,
        });
        continue;
      }
      parentId = parent.id;
    }
    const labels = normalizeLabels(file.frontMatter.labels ?? []);
    const changes: PageWork['changes'] = [];
    if (base === undefined || file.body !== base.markdown) changes.push('body');
    if (title !== entry.title) changes.push('title');
    if (parentId !== entry.parentId) changes.push('parent');
    const addLabels = labels.filter((label) => !entry.labels.includes(label));
    const removeLabels = entry.labels.filter((label) => !labels.includes(label));
    if (changes.length === 0 && addLabels.length === 0 && removeLabels.length === 0 && uploads.length === 0) {
      // Only the front matter's layout or version changed: nothing to send.
      if (change === 'moved') refreshed.push({ ...entry, path: file.path });
      continue;
    }
    work.push({
      path: file.path,
      file,
      entry,
      title,
      parentId,
      changes,
      labels,
      addLabels,
      removeLabels,
      uploads,
      depth: depthOf(file.path),
    });
  }

  for (const file of local.added) {
    if (!inScope(file.path)) continue;
    if (file.frontMatter.id !== undefined) {
      report.skipped.push({
        path: file.path,
        reason: `its front matter names page ${file.frontMatter.id}, which this folder does not track: remove the id to create a new page`,
      });
      continue;
    }
    const markers = conflictMarkerLines(file.body);
    if (markers.length > 0) {
      report.skipped.push({ path: file.path, reason: `conflict markers at line ${markers.join(', ')}: resolve them first` });
      continue;
    }
    const title = file.frontMatter.title ?? titleFromPath(file.path);
    if (title === '') {
      report.skipped.push({ path: file.path, reason: 'no title: give it one in the front matter (title: …)' });
      continue;
    }
    const taken = titlesInUse.get(title);
    if (taken !== undefined && taken !== file.path) {
      report.skipped.push({
        path: file.path,
        reason: `${taken} already has the title ${JSON.stringify(title)} (titles are unique in a space)`,
      });
      continue;
    }
    titlesInUse.set(title, file.path);
    const parent = parentOf(file.path);
    if (!parent) {
      report.skipped.push({
        path: file.path,
        reason: `no page for its folder ${parentDirectoryOf(file.path)}/: add ${parentDirectoryOf(file.path)}/index.md`,
      });
      continue;
    }
    const labels = normalizeLabels(file.frontMatter.labels ?? []);
    const uploads = await changedAttachments(dir, file.path, []);
    work.push({
      path: file.path,
      file,
      title,
      parentId: parent.id,
      parentPath: parent.path,
      changes: [],
      labels,
      addLabels: labels,
      removeLabels: [],
      uploads,
      depth: depthOf(file.path),
    });
  }

  const toDelete: TrackedFile[] = [];
  for (const tracked of deletions) {
    if (!options.delete) {
      report.skipped.push({ path: tracked.entry.path, reason: 'deleted here: push --delete removes its page' });
      continue;
    }
    if (tracked.entry.path === `${INDEX_STEM}.md` && state.root.type === 'page') {
      report.skipped.push({ path: tracked.entry.path, reason: 'the root page of this folder is not deleted by push' });
      continue;
    }
    const ownDirectory = tracked.entry.path.endsWith(`/${INDEX_STEM}.md`)
      ? tracked.entry.path.slice(0, -`${INDEX_STEM}.md`.length)
      : undefined;
    const survivingChild = ownDirectory !== undefined && [...local.files.keys()].some((file) => file.startsWith(ownDirectory));
    if (survivingChild) {
      report.skipped.push({ path: tracked.entry.path, reason: 'pages under it are still here: delete them too, or keep this one' });
      continue;
    }
    toDelete.push(tracked);
  }

  if (work.length === 0 && toDelete.length === 0) {
    await finishWithoutWrites(context, refreshed);
    return report;
  }

  // The versions Confluence has now, for every page this push would write.
  const existingIds = [...work.flatMap((item) => (item.entry ? [item.entry.id] : [])), ...toDelete.map((tracked) => tracked.entry.id)];
  const current = new Map<string, RemotePage>();
  await runPool(chunks(existingIds, remote.batchSize), concurrency, async (ids) => {
    for (const page of await remote.getPages(ids)) current.set(page.id, page);
  });
  const writable = work.filter((item) => {
    if (!item.entry) return true;
    const page = current.get(item.entry.id);
    if (!page) {
      report.conflicts.push({ path: item.path, id: item.entry.id, reason: 'deleted in Confluence since the last pull' });
      return false;
    }
    if (page.version === item.entry.baseVersion) return true;
    if (options.force) {
      item.forcedOver = page.version;
      return true;
    }
    report.conflicts.push({
      path: item.path,
      id: item.entry.id,
      reason: `changed in Confluence since the last pull (version ${page.version}, this file is based on ${item.entry.baseVersion}): pull to merge, or push --force to overwrite`,
    });
    return false;
  });
  const deletable = toDelete.filter((tracked) => {
    const page = current.get(tracked.entry.id);
    if (page && page.version !== tracked.entry.baseVersion) {
      report.conflicts.push({
        path: tracked.entry.path,
        id: tracked.entry.id,
        reason: `changed in Confluence since the last pull (version ${page.version}): not deleted`,
      });
      return false;
    }
    return true;
  });

  // The plan: creates parent-first, then updates, deletes leaves first.
  writable.sort((a, b) => Number(a.entry !== undefined) - Number(b.entry !== undefined) || a.depth - b.depth || compare(a.path, b.path));
  deletable.sort((a, b) => depthOf(b.entry.path) - depthOf(a.entry.path) || compare(a.entry.path, b.entry.path));
  for (const item of writable) {
    if (!item.entry) report.planned.push({ kind: 'create', path: item.path, title: item.title });
    else if (item.changes.length > 0 || item.forcedOver !== undefined)
      report.planned.push({
        kind: 'update',
        path: item.path,
        id: item.entry.id,
        title: item.title,
        changes: item.changes,
        forcedOver: item.forcedOver,
      });
    if (item.addLabels.length > 0 || item.removeLabels.length > 0)
      report.planned.push({ kind: 'labels', path: item.path, id: item.entry?.id, add: item.addLabels, remove: item.removeLabels });
    for (const upload of item.uploads) report.planned.push({ kind: 'upload', path: item.path, id: item.entry?.id, file: upload.stored });
  }
  for (const tracked of deletable)
    report.planned.push({ kind: 'delete', path: tracked.entry.path, id: tracked.entry.id, title: tracked.entry.title });
  if (options.dryRun) return report;

  // Links resolve against the folder as it is now, new files included.
  for (const tracked of local.tracked) {
    if (!tracked.file) continue;
    const title = tracked.file.frontMatter.title ?? tracked.entry.title;
    context.index.pathByTitle.set(title, tracked.file.path);
    context.index.titleByPath.set(tracked.file.path, title);
  }
  for (const item of writable) {
    context.index.pathByTitle.set(item.title, item.path);
    context.index.titleByPath.set(item.path, item.title);
  }

  const total = report.planned.length;
  const progress = () => options.onProgress?.({ phase: 'push', done: report.done.length, total });
  const created = new Map<string, string>();
  const creates = writable.filter((item) => !item.entry);
  const depths = [...new Set(creates.map((item) => item.depth))].sort((a, b) => a - b);
  try {
    for (const depth of depths) {
      await runPool(
        creates.filter((item) => item.depth === depth),
        concurrency,
        async (item) => {
          if (item.parentPath !== undefined) {
            const parentId = created.get(item.parentPath);
            if (parentId === undefined) {
              report.skipped.push({ path: item.path, reason: `its parent ${item.parentPath} was not created` });
              return;
            }
            item.parentId = parentId;
          }
          const id = await createPage(context, item, progress);
          if (id !== undefined) created.set(item.path, id);
        },
      );
    }
    await runPool(
      writable.filter((item) => item.entry !== undefined),
      concurrency,
      (item) => updatePage(context, item, progress),
    );
    const levels = [...new Set(deletable.map((tracked) => depthOf(tracked.entry.path)))].sort((a, b) => b - a);
    for (const level of levels) {
      await runPool(
        deletable.filter((tracked) => depthOf(tracked.entry.path) === level),
        concurrency,
        (tracked) => deletePage(context, tracked, progress),
      );
    }
  } finally {
    // A crash (not a refused write) leaves the journal for the next push; what finished is saved either way.
    await writeState(dir, state);
  }
  for (const entry of refreshed) state.pages.set(entry);
  await writeState(dir, state);
  await journal.clear();
  return report;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function depthOf(stored: string): number {
  const directory = parentDirectoryOf(stored);
  return directory === '' ? 0 : directory.split('/').length;
}

function normalizeLabels(labels: readonly string[]): string[] {
  return [...new Set(labels.map((label) => label.trim()).filter((label) => label !== ''))].sort();
}

/** A new file without a title in its front matter is named after its file (index.md after its folder). */
function titleFromPath(stored: string): string {
  const base = path.posix.basename(stored, '.md');
  if (base !== INDEX_STEM) return base;
  const directory = path.posix.dirname(stored);
  return directory === '.' ? '' : path.posix.basename(directory);
}

async function finishWithoutWrites(context: PushContext, refreshed: PageState[]): Promise<void> {
  if (context.options.dryRun || refreshed.length === 0) return;
  for (const entry of refreshed) context.state.pages.set(entry);
  await writeState(context.options.dir, context.state);
}

/** Files in a page's attachments directory that are new or differ from what was last pulled or pushed. */
async function changedAttachments(dir: string, pagePath: string, known: readonly AttachmentState[]): Promise<Upload[]> {
  const directory = attachmentsDirOf(pagePath);
  let names: string[];
  try {
    names = (await readdir(nativePath(dir, directory, path), { withFileTypes: true }))
      .filter((entry) => entry.isFile() && !entry.name.startsWith('.') && !entry.name.endsWith('.atl-download'))
      .map((entry) => entry.name)
      .sort();
  } catch {
    return [];
  }
  const uploads: Upload[] = [];
  for (const name of names) {
    const data = await readFile(nativePath(dir, `${directory}/${name}`, path));
    const hash = sha256(data);
    const before = known.find((attachment) => attachment.file === name.normalize('NFC'));
    if (before?.sha256 === hash) continue;
    uploads.push({ file: name, name: before?.name ?? name, sha256: hash, stored: `${directory}/${name}` });
  }
  return uploads;
}

async function storageOf(context: PushContext, item: PageWork, base: string | undefined): Promise<string> {
  if (base !== undefined && !item.changes.includes('body')) return base;
  const known = item.entry?.attachments ?? [];
  const attachments = [...known.map((attachment) => ({ id: attachment.id, name: attachment.name }))];
  const ctx = convertContext(item.path, context.state.root.space, context.index, attachments);
  return context.options.converter.toStorage(item.file.body, ctx);
}

/**
 * After a page was written: its front matter (id, version, title) and base follow what Confluence
 * now has. A file edited meanwhile keeps its new body (a local change against the new base).
 */
async function recordPage(
  context: PushContext,
  page: {
    id: string;
    path: string;
    title: string;
    parentId: string | null;
    version: number;
    markdown: string;
    storage: string;
    labels: string[];
  },
  attachments: AttachmentState[],
): Promise<PageState> {
  const { dir } = context.options;
  const space = context.state.root.space;
  const currentText = await readPageText(dir, page.path);
  const currentFile = currentText === undefined ? undefined : await parsePageFile(currentText, page.path);
  const extra = currentFile?.frontMatter.extra ?? {};
  const frontMatter: FrontMatter = { id: page.id, space, title: page.title, version: page.version, labels: page.labels, extra };
  const baseText = await renderPageFile(frontMatter, page.markdown);
  const text = currentFile && currentFile.body !== page.markdown ? await renderPageFile(frontMatter, currentFile.body) : baseText;
  await writeBase(dir, page.id, page.markdown, page.storage);
  if (text !== currentText) await writePageText(dir, page.path, text);
  return {
    id: page.id,
    path: page.path,
    title: page.title,
    parentId: page.parentId,
    kind: 'page',
    baseVersion: page.version,
    localHash: sha256(baseText),
    storageHash: sha256(page.storage),
    labels: page.labels,
    attachments,
  };
}

async function applyLabels(context: PushContext, id: string, item: PageWork): Promise<void> {
  const { remote } = context.options;
  if (item.addLabels.length > 0) await remote.addLabels(id, item.addLabels);
  for (const label of item.removeLabels) await remote.removeLabel(id, label);
  if (item.addLabels.length > 0 || item.removeLabels.length > 0) {
    context.report.done.push({ kind: 'labels', path: item.path, id, add: item.addLabels, remove: item.removeLabels });
  }
}

async function uploadAttachments(context: PushContext, id: string, item: PageWork, entry: PageState, progress: () => void): Promise<void> {
  const { dir, remote } = context.options;
  for (const upload of item.uploads) {
    const op = newOpId();
    let attachment: Awaited<ReturnType<typeof remote.uploadAttachment>>;
    try {
      attachment = await remote.uploadAttachment(id, upload.name, nativePath(dir, upload.stored, path), `sha256:${upload.sha256}`);
    } catch (err) {
      if (!isOperationFailure(err)) throw err;
      context.report.failed.push({ path: upload.stored, reason: err.message });
      continue;
    }
    const state: AttachmentState = {
      id: attachment.id,
      name: attachment.name,
      file: upload.file.normalize('NFC'),
      version: attachment.version,
      sha256: upload.sha256,
    };
    entry.attachments = [...entry.attachments.filter((known) => known.id !== state.id && known.file !== state.file), state].sort((a, b) =>
      compare(a.id, b.id),
    );
    context.state.pages.set(entry);
    await context.journal.done(op, { entry });
    context.report.done.push({ kind: 'upload', path: item.path, id, file: upload.stored });
    progress();
  }
}

async function createPage(context: PushContext, item: PageWork, progress: () => void): Promise<string | undefined> {
  const { remote } = context.options;
  const { root } = context.state;
  const storage = await storageOf(context, item, undefined);
  const op = newOpId();
  const intent: Intent = {
    op,
    kind: 'create',
    path: item.path,
    title: item.title,
    parentId: item.parentId,
    markdown: item.file.body,
    storage,
    labels: item.labels,
  };
  await context.journal.intend(intent);
  let created: Awaited<ReturnType<typeof remote.createPage>>;
  try {
    created = await remote.createPage({ root, parentId: item.parentId, title: item.title, storage });
  } catch (err) {
    if (!isOperationFailure(err)) throw err;
    context.report.failed.push({ path: item.path, reason: err.message });
    await settle(context, op, err);
    return undefined;
  }
  context.report.done.push({ kind: 'create', path: item.path, title: item.title });
  progress();
  let labels: string[] = [];
  try {
    await applyLabels(context, created.id, item);
    labels = item.labels;
  } catch (err) {
    if (!isOperationFailure(err)) throw err;
    context.report.failed.push({ path: item.path, reason: `labels: ${err.message}` });
  }
  const entry = await recordPage(
    context,
    {
      id: created.id,
      path: item.path,
      title: item.title,
      parentId: item.parentId,
      version: created.version,
      markdown: item.file.body,
      storage,
      labels,
    },
    [],
  );
  context.state.pages.set(entry);
  await context.journal.done(op, { entry });
  await uploadAttachments(context, created.id, item, entry, progress);
  return created.id;
}

/** A refused write applied nothing: closed in the journal. A server error or timeout may have: left open for the next push to reconcile. */
async function settle(context: PushContext, op: string, err: Error): Promise<void> {
  const uncertain = err instanceof AtlError && (err.code === 'server' || err.code === 'timeout' || err.code === 'network');
  if (!uncertain) await context.journal.done(op);
}

async function updatePage(context: PushContext, item: PageWork, progress: () => void): Promise<void> {
  const { dir, remote } = context.options;
  const entry = item.entry as PageState;
  try {
    await applyLabels(context, entry.id, item);
  } catch (err) {
    if (!isOperationFailure(err)) throw err;
    context.report.failed.push({ path: item.path, reason: `labels: ${err.message}` });
    return;
  }
  let recorded: PageState = { ...entry, labels: item.labels, path: item.path };
  if (item.changes.length > 0 || item.forcedOver !== undefined) {
    const base = await readBase(dir, entry.id);
    const storage = await storageOf(context, item, base?.storage);
    let baseVersion = item.forcedOver ?? entry.baseVersion;
    const op = newOpId();
    await context.journal.intend({
      op,
      kind: 'update',
      id: entry.id,
      path: item.path,
      title: item.title,
      parentId: item.parentId,
      baseVersion,
      markdown: item.file.body,
      storage,
      labels: item.labels,
    });
    let updated: Awaited<ReturnType<typeof remote.updatePage>> | undefined;
    for (let attempt = 1; updated === undefined; attempt++) {
      try {
        updated = await remote.updatePage({
          id: entry.id,
          version: baseVersion + 1,
          title: item.title,
          parentId: item.parentId,
          storage,
          message: `atl ${op}`,
        });
      } catch (err) {
        if (!isOperationFailure(err)) throw err;
        if (err instanceof VersionConflictError && attempt === 1) {
          // 409: someone saved in between (conflict), or a transient lock / title clash (the version did not move).
          const [now] = await remote.getPages([entry.id]);
          if (now && now.version === baseVersion) continue;
          context.report.conflicts.push({
            path: item.path,
            id: entry.id,
            reason: `changed in Confluence while pushing (version ${now?.version ?? 'gone'}): pull to merge`,
          });
          await context.journal.done(op);
          return;
        }
        context.report.failed.push({ path: item.path, reason: err.message });
        await settle(context, op, err);
        return;
      }
    }
    baseVersion = updated.version;
    recorded = await recordPage(
      context,
      {
        id: entry.id,
        path: item.path,
        title: item.title,
        parentId: item.parentId,
        version: updated.version,
        markdown: item.file.body,
        storage,
        labels: item.labels,
      },
      entry.attachments,
    );
    context.state.pages.set(recorded);
    await context.journal.done(op, { entry: recorded });
    context.report.done.push({
      kind: 'update',
      path: item.path,
      id: entry.id,
      title: item.title,
      changes: item.changes,
      forcedOver: item.forcedOver,
    });
    progress();
  } else {
    const base = await readBase(dir, entry.id);
    recorded = await recordPage(
      context,
      {
        id: entry.id,
        path: item.path,
        title: entry.title,
        parentId: entry.parentId,
        version: entry.baseVersion,
        markdown: base?.markdown ?? item.file.body,
        storage: base?.storage ?? '',
        labels: item.labels,
      },
      entry.attachments,
    );
    context.state.pages.set(recorded);
    await context.journal.done(newOpId(), { entry: recorded });
  }
  await uploadAttachments(context, entry.id, item, recorded, progress);
}

async function deletePage(context: PushContext, tracked: TrackedFile, progress: () => void): Promise<void> {
  const { dir, remote } = context.options;
  const { entry } = tracked;
  const op = newOpId();
  await context.journal.intend({ op, kind: 'delete', id: entry.id, path: entry.path });
  try {
    await remote.deletePage(entry.id);
  } catch (err) {
    if (!isOperationFailure(err)) throw err;
    if (!(err instanceof AtlError && err.code === 'not_found')) {
      context.report.failed.push({ path: entry.path, reason: err.message });
      await settle(context, op, err);
      return;
    }
  }
  await removeBase(dir, entry.id);
  context.state.pages.delete(entry.id);
  await context.journal.done(op, { removed: entry.id });
  context.report.done.push({ kind: 'delete', path: entry.path, id: entry.id, title: entry.title });
  progress();
}

/**
 * Finishes an interrupted push from its journal: finished operations are saved into the state;
 * an unfinished create whose page exists (that title, under that parent) is adopted, an unfinished
 * update that Confluence has (base + 1, with its op id) is accepted, an unfinished delete whose
 * page is gone is recorded. Anything else is left to the push that follows (redo or conflict).
 */
async function recover(context: PushContext): Promise<void> {
  const { dir, remote } = context.options;
  const { state, journal, report } = context;
  const { open, finished } = await journal.read();
  if (open.length === 0 && finished.length === 0) return;
  for (const record of finished) {
    if (record.entry) state.pages.set(record.entry);
    if (record.removed !== undefined) state.pages.delete(record.removed);
  }
  for (const intent of open) {
    if (intent.kind === 'create') {
      const found = await remote.findPageByTitle(state.root, intent.title);
      if (!found) {
        report.recovered.push({ path: intent.path, outcome: 'the create had not reached Confluence; creating it now' });
        continue;
      }
      if (found.parentId !== intent.parentId || state.pages.get(found.id)) {
        report.recovered.push({ path: intent.path, outcome: `not adopted: page ${found.id} with that title is elsewhere in the space` });
        continue;
      }
      const entry = await recordPage(
        context,
        {
          id: found.id,
          path: intent.path,
          title: intent.title,
          parentId: intent.parentId,
          version: found.version,
          markdown: intent.markdown,
          storage: intent.storage,
          labels: [],
        },
        [],
      );
      state.pages.set(entry);
      report.recovered.push({ path: intent.path, outcome: `adopted page ${found.id}, created by the interrupted push` });
    } else if (intent.kind === 'update') {
      const [page] = await remote.getPages([intent.id]);
      if (page && page.version === intent.baseVersion + 1 && (page.versionMessage ?? '').includes(intent.op)) {
        const before = state.pages.get(intent.id);
        const entry = await recordPage(
          context,
          {
            id: intent.id,
            path: intent.path,
            title: intent.title,
            parentId: intent.parentId,
            version: page.version,
            markdown: intent.markdown,
            storage: intent.storage,
            labels: intent.labels,
          },
          before?.attachments ?? [],
        );
        state.pages.set(entry);
        report.recovered.push({ path: intent.path, outcome: `version ${page.version} was written by the interrupted push` });
      }
    } else {
      const [page] = await remote.getPages([intent.id]);
      if (!page) {
        state.pages.delete(intent.id);
        await removeBase(dir, intent.id);
        report.recovered.push({ path: intent.path, outcome: 'deleted by the interrupted push' });
      }
    }
  }
  await writeState(dir, state);
  await journal.clear();
}
