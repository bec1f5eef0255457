/**
 * `docs pull` (design note §3, "Pull"): list the tree (no bodies), lay it out, fetch only the
 * pages whose version, title or parent moved since the base (or all on the first pull, or after a
 * converter change), and per page:
 * - unchanged locally: write the new render (atomic), base ← remote;
 * - changed on both sides: three-way merge of the Markdown body (markers only where the same
 *   lines changed), front matter merged per key; base ← remote, so the merged file is a local
 *   change against the version it contains;
 * - renamed or moved in Confluence: the file and its attachments move; links to it in other
 *   pages are re-rendered from their base storage (a derived change, merged like a remote one);
 * - gone from the tree: an unchanged file is removed, a changed one kept (and untracked); more
 *   than a fifth of the tree at once needs `yes` (lost permissions look like mass deletion).
 * Deterministic order and no timestamps: pulling twice writes the same bytes.
 */
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { AtlError } from '../../errors.js';
import { analyzeLocal, type EngineOptions, withSyncLock } from './engine.js';
import {
  attachmentsDirOf,
  convertContext,
  exists,
  moveInFolder,
  placeTree,
  pruneEmptyDirectories,
  readPageText,
  removeInFolder,
  shownAttachments,
  type TreeIndex,
  treeIndex,
  writePageText,
} from './folder.js';
import { parsePageFile, renderPageFile } from './front-matter.js';
import { Journal } from './journal.js';
import { attachmentFileNames, type Place } from './layout.js';
import { Manifest, nativePath } from './manifest.js';
import { mergeLabels, mergeText } from './merge.js';
import { chunks, DEFAULT_CONCURRENCY, runPool } from './pool.js';
import { folderEntry, rebuildState } from './rebuild.js';
import type { PageExtras, RemoteAttachment, RemotePage, SyncRoot } from './remote.js';
import {
  type AttachmentState,
  type PageState,
  pageEntry,
  readBase,
  readState,
  removeBase,
  STATE_FORMAT,
  type SyncState,
  sha256,
  statePaths,
  syncBases,
  writeBase,
  writeState,
} from './state.js';

export interface PullOptions extends EngineOptions {
  /** Required on the first pull of a folder; afterwards it must name the same root. */
  target?: { space: string } | { pageId: string };
  /** Remove files of pages gone from the tree even when that is more than a fifth of it. */
  yes?: boolean;
}

export interface PullReport {
  root: SyncRoot;
  /** Pages whose bodies were fetched. */
  fetched: number;
  /** Files written from Confluence (new or updated, no local edits). */
  written: string[];
  /** Files with local edits merged cleanly with Confluence's. */
  merged: string[];
  /** Files merged with conflict markers. */
  conflicted: string[];
  moved: Array<{ from: string; to: string }>;
  /** Files removed because their page left the tree. */
  removed: string[];
  /** Files kept though their page left the tree (they had local edits); no longer tracked. */
  kept: string[];
  /** Files not touched: moved locally and not pushed yet, or an untracked file in the way. */
  skipped: Array<{ path: string; reason: string }>;
  attachments: number;
}

/** More than this share of the tracked pages gone at once needs `yes`. */
const MASS_DELETE_SHARE = 0.2;

export async function pull(options: PullOptions): Promise<PullReport> {
  return withSyncLock(options.dir, () => pullLocked(options));
}

function sameRoot(root: SyncRoot, target: NonNullable<PullOptions['target']>): boolean {
  return 'space' in target ? root.type === 'space' && root.space === target.space : root.type === 'page' && root.pageId === target.pageId;
}

async function pullLocked(options: PullOptions): Promise<PullReport> {
  const { dir, remote, converter } = options;
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  // A clone without `.atl/`: its files name their pages and base versions, so the state comes back from the page history.
  const previous = (await readState(dir)) ?? (await rebuildState(options, options.target));
  if (previous && options.target && !sameRoot(previous.root, options.target)) {
    const bound = previous.root.type === 'space' ? `space ${previous.root.space}` : `page ${previous.root.pageId}`;
    throw new AtlError('usage', `${dir} is already bound to ${bound}`, { hint: 'pull into another folder, or leave out SPACE|PAGE' });
  }
  if (!previous && !options.target) {
    throw new AtlError('usage', `${dir} has not been pulled yet`, {
      hint: 'name the space or page: atl confluence docs pull SPACE|PAGE DIR',
    });
  }
  if ((await new Journal(statePaths(dir).journal).unfinished()).length > 0) {
    throw new AtlError('failure', 'a push in this folder was interrupted', {
      hint: 'run `atl confluence docs push` to finish it, then pull',
    });
  }
  const root = previous?.root ?? (await remote.resolveRoot(options.target as NonNullable<PullOptions['target']>));
  const recorded = previous?.pages ?? new Manifest<PageState>();
  const rerenderAll = previous === undefined || previous.converter !== converter.version;

  const listed = await remote.listTree(root);
  if (root.type === 'page' && !listed.some((node) => node.id === root.pageId)) {
    throw new AtlError('not_found', `page ${root.pageId} is gone from Confluence`, { hint: 'check the page id, or your permissions' });
  }
  const listedById = new Map(listed.map((node) => [node.id, node]));
  const places = placeTree(root, listed, recorded, dir);
  const index = treeIndex(listed.map((node) => ({ title: node.title, path: (places.get(node.id) as Place).path, kind: node.kind })));
  const local = await analyzeLocal(dir, previous ?? { format: STATE_FORMAT, converter: converter.version, root, pages: recorded });
  const movedLocally = new Set(local.tracked.filter((tracked) => tracked.change === 'moved').map((tracked) => tracked.entry.id));

  const report: PullReport = {
    root,
    fetched: 0,
    written: [],
    merged: [],
    conflicted: [],
    moved: [],
    removed: [],
    kept: [],
    skipped: [],
    attachments: 0,
  };
  const pages = new Manifest<PageState>();

  // Pages gone from the listing: confirmed by a read (a listing can miss a page; that must not delete a file).
  const goneCandidates = recorded.entries().filter((entry) => !listedById.has(entry.id));
  const stillThere = new Set<string>();
  await runPool(
    chunks(
      goneCandidates.filter((entry) => entry.kind === 'page').map((entry) => entry.id),
      remote.batchSize,
    ),
    concurrency,
    async (ids) => {
      for (const page of await remote.getPages(ids)) if (page.parentId !== null && listedById.has(page.parentId)) stillThere.add(page.id);
    },
  );
  const gone = goneCandidates.filter((entry) => !stillThere.has(entry.id));
  for (const entry of goneCandidates) if (stillThere.has(entry.id)) pages.set(entry);
  const trackedPages = recorded.entries().filter((entry) => entry.kind === 'page').length;
  if (!options.yes && gone.length > 1 && gone.length > trackedPages * MASS_DELETE_SHARE) {
    throw new AtlError('usage', `${gone.length} of ${trackedPages} pages are gone from Confluence; not removing their files`, {
      hint: 'check the profile and your permissions; pull again with --yes to remove them',
    });
  }

  // Moves first, through a staging directory, so two pages may swap names.
  const moves = [...places.values()].filter((place) => place.movedFrom !== undefined && !movedLocally.has(place.id));
  const staging = path.join(statePaths(dir).atl, 'moving');
  for (const place of moves) {
    const entry = recorded.get(place.id) as PageState;
    if (entry.kind === 'folder') continue;
    await moveInFolder(dir, entry.path, `.atl/moving/${place.id}.md`);
    await moveInFolder(dir, attachmentsDirOf(entry.path), `.atl/moving/${place.id}.attachments`);
  }
  for (const place of moves) {
    const entry = recorded.get(place.id) as PageState;
    if (entry.kind === 'folder') {
      await mkdir(nativePath(dir, place.path, path), { recursive: true });
    } else {
      await moveInFolder(dir, `.atl/moving/${place.id}.md`, place.path);
      await moveInFolder(dir, `.atl/moving/${place.id}.attachments`, place.attachmentsDir as string);
    }
    report.moved.push({ from: entry.path, to: place.path });
  }
  await rm(staging, { recursive: true, force: true });
  for (const place of moves) await pruneEmptyDirectories(dir, (recorded.get(place.id) as PageState).path);

  // What to fetch: new pages, and pages whose version, title or parent changed.
  const toFetch: string[] = [];
  for (const node of listed) {
    const entry = recorded.get(node.id);
    if (movedLocally.has(node.id)) {
      report.skipped.push({ path: entry?.path ?? node.title, reason: 'moved here and not pushed yet; push first' });
      pages.set(entry as PageState);
      continue;
    }
    const place = places.get(node.id) as Place;
    if (node.kind === 'folder') {
      await mkdir(nativePath(dir, place.path, path), { recursive: true });
      pages.set(folderEntry(node, place));
      continue;
    }
    if (rerenderAll || !entry || entry.baseVersion !== node.version || entry.title !== node.title) toFetch.push(node.id);
    else pages.set({ ...entry, path: place.path, parentId: node.parentId });
  }

  // Labels and attachments change without a new version: pages whose labels or shown attachments did are fetched too.
  const fetching = new Set(toFetch);
  const unchanged = pages.entries().filter((entry) => entry.kind === 'page' && !fetching.has(entry.id) && !movedLocally.has(entry.id));
  if (previous !== undefined && unchanged.length > 0) {
    const extras = await remote.listPageExtras(root);
    for (const entry of unchanged) if (await extrasChanged(dir, entry, extras)) toFetch.push(entry.id);
  }

  // Links to a page that moved change the Markdown of pages that did not: re-render those from their base.
  const movedTitles = new Set(moves.flatMap((place) => [recorded.get(place.id)?.title ?? '', listedById.get(place.id)?.title ?? '']));
  const derived: RemotePage[] = [];
  if (movedTitles.size > 0) {
    for (const entry of pages.entries()) {
      if (entry.kind !== 'page' || movedLocally.has(entry.id)) continue;
      const base = await readBase(dir, entry.id);
      if (!base || ![...movedTitles].some((title) => title !== '' && base.storage.includes(`ri:content-title="${xmlAttribute(title)}"`)))
        continue;
      derived.push({
        id: entry.id,
        title: entry.title,
        parentId: entry.parentId,
        version: entry.baseVersion,
        storage: base.storage,
        labels: entry.labels,
      });
    }
  }

  const context: PullContext = { options, root, index, places, recorded, pages, report };
  const total = toFetch.length + derived.length;
  let done = 0;
  const progress = () => options.onProgress?.({ phase: 'fetch', done, total });
  await runPool(chunks(toFetch, remote.batchSize), concurrency, async (ids) => {
    const fetched = await remote.getPages(ids);
    report.fetched += fetched.length;
    for (const page of fetched) {
      await applyRemotePage(context, page);
      done++;
      progress();
    }
  });
  await runPool(derived, concurrency, async (page) => {
    await applyRemotePage(context, page);
    done++;
    progress();
  });

  for (const entry of gone) {
    if (entry.kind === 'folder') continue;
    const tracked = local.tracked.find((candidate) => candidate.entry.id === entry.id);
    const file = tracked?.file;
    if (file && tracked.change !== undefined) {
      report.kept.push(file.path);
    } else {
      if (file) await removeInFolder(dir, file.path);
      for (const attachment of entry.attachments) {
        const stored = `${attachmentsDirOf(entry.path)}/${attachment.file}`;
        const data = await readFileIfExists(nativePath(dir, stored, path));
        if (data !== undefined && sha256(data) === attachment.sha256) await removeInFolder(dir, stored);
      }
      await pruneEmptyDirectories(dir, `${attachmentsDirOf(entry.path)}/x`);
      await pruneEmptyDirectories(dir, entry.path);
      if (file) report.removed.push(file.path);
    }
    await removeBase(dir, entry.id);
  }

  const state: SyncState = { format: STATE_FORMAT, converter: converter.version, root, pages };
  await syncBases(dir);
  await writeState(dir, state);
  for (const list of [report.written, report.merged, report.conflicted, report.removed, report.kept]) list.sort();
  return report;
}

interface PullContext {
  options: PullOptions;
  root: SyncRoot;
  index: TreeIndex;
  places: Map<string, Place>;
  recorded: Manifest<PageState>;
  pages: Manifest<PageState>;
  report: PullReport;
}

/**
 * Whether a page's labels, or the attachments it shows, differ from its base: an attachment recorded
 * with another version (or gone), or a new one whose name the base body shows. A page the listing left
 * out counts as unchanged: search indexes may lag, and a missing page must not cost a fetch every pull.
 */
async function extrasChanged(dir: string, entry: PageState, extras: PageExtras): Promise<boolean> {
  const labels = extras.labels.get(entry.id);
  if (labels === undefined) return false;
  if ([...labels].sort().join('\n') !== entry.labels.join('\n')) return true;
  const listed = extras.attachments.get(entry.id) ?? [];
  const byId = new Map(listed.map((attachment) => [attachment.id, attachment]));
  if (entry.attachments.some((known) => byId.get(known.id)?.version !== known.version)) return true;
  const recorded = new Set(entry.attachments.map((known) => known.id));
  const added = listed.filter((attachment) => !recorded.has(attachment.id));
  if (added.length === 0) return false;
  const shown = shownAttachments((await readBase(dir, entry.id))?.storage ?? '');
  return added.some((attachment) => shown.has(attachment.name));
}

function xmlAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function readFileIfExists(file: string): Promise<Buffer | undefined> {
  return readFile(file).catch(() => undefined);
}

/** Writes (or merges) one page fetched from Confluence, downloads the attachments it shows, records its new base. */
async function applyRemotePage(context: PullContext, page: RemotePage): Promise<void> {
  const { options, root, index, places, recorded, pages, report } = context;
  const { dir, remote, converter } = options;
  const place = places.get(page.id) as Place;
  const entry = recorded.get(page.id);
  const shown = shownAttachments(page.storage);
  const attachments = shown.size > 0 ? await remote.listAttachments(page.id) : [];
  const markdown = await converter.toMarkdown(page.storage, convertContext(place.path, root.space, index, attachments));
  const labels = [...page.labels].sort();
  const rendered = await renderPageFile(
    { id: page.id, space: root.space, title: page.title, version: page.version, labels, extra: {} },
    markdown,
  );
  const current = await readPageText(dir, place.path);

  if (current !== undefined && (!entry || sha256(current) !== entry.localHash)) {
    const localFile = await parsePageFile(current, place.path);
    if (!entry && localFile.frontMatter.id !== page.id) {
      report.skipped.push({ path: place.path, reason: 'a file that is not this page is in the way; move it and pull again' });
      return;
    }
    if (current !== rendered) {
      const base = entry ? await readBase(dir, page.id) : undefined;
      // Without a base (a fresh clone of the folder), the file's own version is the base only if it is the current one.
      const baseMarkdown = base?.markdown ?? (localFile.frontMatter.version === page.version ? markdown : '');
      const body = mergeText(baseMarkdown, localFile.body, markdown, `(version ${page.version})`);
      const baseTitle = entry?.title ?? page.title;
      const localTitle = localFile.frontMatter.title ?? baseTitle;
      const baseLabels = entry?.labels ?? labels;
      const merged = await renderPageFile(
        {
          id: page.id,
          space: root.space,
          title: localTitle !== baseTitle ? localTitle : page.title,
          version: page.version,
          labels: mergeLabels(baseLabels, localFile.frontMatter.labels ?? [], labels),
          extra: localFile.frontMatter.extra,
        },
        body.text,
      );
      if (merged !== current) await writePageText(dir, place.path, merged);
      (body.conflicts > 0 ? report.conflicted : report.merged).push(place.path);
    }
  } else if (current !== rendered) {
    await writePageText(dir, place.path, rendered);
    report.written.push(place.path);
  }

  const attachmentStates = await pullAttachments(context, page.id, place, attachments, shown, entry?.attachments ?? []);
  await writeBase(dir, page.id, markdown, page.storage, { batch: true });
  pages.set(pageEntry(page, place.path, rendered, labels, attachmentStates));
}

/** Downloads the attachments a page shows that are new or have a new version; the rest stay as they are. */
async function pullAttachments(
  context: PullContext,
  pageId: string,
  place: Place,
  attachments: RemoteAttachment[],
  shown: Set<string>,
  before: AttachmentState[],
): Promise<AttachmentState[]> {
  const { dir, remote } = context.options;
  const names = attachmentFileNames(attachments);
  const directory = place.attachmentsDir as string;
  const states: AttachmentState[] = [];
  for (const attachment of attachments.filter((candidate) => shown.has(candidate.name)).sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const file = names.get(attachment.id) as string;
    const target = nativePath(dir, `${directory}/${file}`, path);
    const known = before.find((state) => state.id === attachment.id);
    if (known && known.version === attachment.version && known.file === file && (await exists(target))) {
      states.push(known);
      continue;
    }
    await mkdir(path.dirname(target), { recursive: true });
    const temp = `${target}.atl-download`;
    await remote.downloadAttachment(pageId, attachment, temp);
    await rename(temp, target);
    const data = (await readFileIfExists(target)) as Buffer;
    context.report.attachments++;
    states.push({ id: attachment.id, name: attachment.name, file, version: attachment.version, sha256: sha256(data) });
  }
  return states;
}
