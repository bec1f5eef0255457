/**
 * Bitbucket Data Center's wire shapes (REST 1.0, as Atlassian's Bitbucket Data Center REST docs
 * show them; there is no spec in ../shared/specs): epoch-millisecond dates, users by `name`/`slug`,
 * refs as `refs/heads/...` with `displayId`, links as arrays of `{href}`, pull requests with a
 * `version` for optimistic locking.
 */
import { type DiffFile, parseUnifiedDiff } from './diff.js';
import type { Json } from './route-kit.js';
import type { BbUser, BitbucketStore, BuildStatus, Participant, PrComment, Project, PullRequest, Repository } from './store.js';

export interface DcView {
  store: BitbucketStore;
  /** `${site}/dc-bitbucket`: the server's base URL. */
  base: string;
  /** The acting user's name, which clone URLs carry as Data Center's do. */
  actor: string;
}

const links = (url: string) => ({ self: [{ href: url }] });

export function dcUserJson(v: DcView, user: BbUser | undefined): Json {
  if (!user) return { name: 'deleted', displayName: 'Deleted user', active: false, slug: 'deleted', type: 'NORMAL' };
  const service = user.email === '';
  return {
    name: user.name,
    ...(service ? {} : { emailAddress: user.email }),
    active: true,
    displayName: user.displayName,
    id: user.dcId,
    slug: user.name,
    type: service ? 'SERVICE' : 'NORMAL',
    links: links(`${v.base}/users/${encodeURIComponent(user.name)}`),
  };
}

export function dcProjectJson(v: DcView, project: Project): Json {
  return {
    key: project.key,
    id: project.id,
    name: project.name,
    description: project.description,
    public: false,
    type: 'NORMAL',
    links: links(`${v.base}/projects/${project.key}`),
  };
}

export function dcRepositoryJson(v: DcView, repo: Repository): Json {
  const project = v.store.project('dc', repo.owner);
  const host = new URL(v.base);
  const scm = `${host.protocol}//${encodeURIComponent(v.actor)}@${host.host}${host.pathname}/scm/${repo.owner.toLowerCase()}/${repo.slug}.git`;
  return {
    slug: repo.slug,
    id: repo.id,
    name: repo.name,
    ...(repo.description ? { description: repo.description } : {}),
    hierarchyId: repo.uuid.replace(/[^0-9a-f]/g, '').slice(0, 20),
    scmId: 'git',
    state: 'AVAILABLE',
    statusMessage: 'Available',
    forkable: true,
    project: project ? dcProjectJson(v, project) : { key: repo.owner },
    public: !repo.isPrivate,
    archived: false,
    links: {
      clone: [
        { href: scm, name: 'http' },
        { href: `ssh://git@${host.hostname}:7999/${repo.owner.toLowerCase()}/${repo.slug}.git`, name: 'ssh' },
      ],
      self: [{ href: `${v.base}/projects/${repo.owner}/repos/${repo.slug}/browse` }],
    },
  };
}

export function dcBranchJson(repo: Repository, name: string): Json {
  const hash = repo.branches.get(name) ?? '';
  return {
    id: `refs/heads/${name}`,
    displayId: name,
    type: 'BRANCH',
    latestCommit: hash,
    latestChangeset: hash,
    isDefault: name === repo.mainBranch,
  };
}

const REVIEW_STATUS = { approved: 'APPROVED', changes_requested: 'NEEDS_WORK' } as const;

export function dcParticipantJson(v: DcView, p: Participant): Json {
  return {
    user: dcUserJson(v, v.store.user(p.uuid)),
    ...(p.lastReviewedCommit ? { lastReviewedCommit: p.lastReviewedCommit } : {}),
    role: p.role,
    approved: p.state === 'approved',
    status: p.state === null ? 'UNAPPROVED' : REVIEW_STATUS[p.state],
  };
}

export function dcPullRequestJson(v: DcView, repo: Repository, pr: PullRequest): Json {
  const ref = (side: { branch: string; hash: string }) => ({
    id: `refs/heads/${side.branch}`,
    displayId: side.branch,
    latestCommit: side.hash,
    type: 'BRANCH',
    repository: dcRepositoryJson(v, repo),
  });
  const tasks = pr.comments.filter((c) => c.severity === 'BLOCKER' && !c.deleted);
  return {
    id: pr.id,
    version: pr.version,
    title: pr.title,
    ...(pr.description ? { description: pr.description } : {}),
    state: pr.state,
    open: pr.state === 'OPEN',
    closed: pr.state !== 'OPEN',
    draft: pr.draft,
    createdDate: pr.createdOn,
    updatedDate: pr.updatedOn,
    ...(pr.state !== 'OPEN' ? { closedDate: pr.updatedOn } : {}),
    fromRef: ref(pr.source),
    toRef: ref(pr.destination),
    locked: false,
    author: { user: dcUserJson(v, v.store.user(pr.authorUuid)), role: 'AUTHOR', approved: false, status: 'UNAPPROVED' },
    reviewers: pr.participants.filter((p) => p.role === 'REVIEWER').map((p) => dcParticipantJson(v, p)),
    participants: pr.participants.filter((p) => p.role === 'PARTICIPANT').map((p) => dcParticipantJson(v, p)),
    properties: {
      ...(pr.state === 'OPEN' ? { mergeResult: { outcome: pr.conflicted ? 'CONFLICTED' : 'CLEAN', current: true } } : {}),
      resolvedTaskCount: 0,
      openTaskCount: tasks.length,
      commentCount: pr.comments.filter((c) => !c.deleted && c.severity === 'NORMAL').length,
    },
    links: links(`${v.base}/projects/${repo.owner}/repos/${repo.slug}/pull-requests/${pr.id}`),
  };
}

/** A comment with its replies nested under `comments`, as Data Center returns threads. */
export function dcCommentJson(v: DcView, pr: PullRequest, c: PrComment): Json {
  const replies = pr.comments.filter((r) => r.parentId === c.id);
  return {
    id: c.id,
    version: c.version,
    text: c.raw,
    author: dcUserJson(v, v.store.user(c.authorUuid)),
    createdDate: c.createdOn,
    updatedDate: c.updatedOn,
    comments: replies.map((r) => dcCommentJson(v, pr, r)),
    severity: c.severity,
    state: 'OPEN',
    threadResolved: false,
    ...(c.inline
      ? {
          anchor: {
            path: c.inline.path,
            line: c.inline.to ?? c.inline.from,
            lineType: c.inline.to === null ? 'REMOVED' : lineTypeOf(pr, c.inline.path, c.inline.to),
            fileType: c.inline.to === null ? 'FROM' : 'TO',
            diffType: 'EFFECTIVE',
            fromHash: pr.destination.hash,
            toHash: pr.source.hash,
            orphaned: false,
          },
        }
      : {}),
    permittedOperations: { editable: true, transitionable: true, deletable: true },
  };
}

function lineTypeOf(pr: PullRequest, path: string, line: number): 'ADDED' | 'CONTEXT' {
  const file = parseUnifiedDiff(pr.diff).find((f) => f.newPath === path);
  const found = file?.hunks.flatMap((h) => h.lines).find((l) => l.newLine === line);
  return found?.kind === 'context' ? 'CONTEXT' : 'ADDED';
}

export function dcStatusJson(s: BuildStatus): Json {
  return {
    state: s.state === 'STOPPED' ? 'CANCELLED' : s.state,
    key: s.key,
    name: s.name,
    url: s.url,
    ...(s.description ? { description: s.description } : {}),
    dateAdded: s.updatedOn,
  };
}

function pathJson(path: string): Json {
  const components = path.split('/');
  const name = components[components.length - 1] ?? path;
  const dot = name.lastIndexOf('.');
  return {
    components,
    parent: components.slice(0, -1).join('/'),
    name,
    ...(dot > 0 ? { extension: name.slice(dot + 1) } : {}),
    toString: path,
  };
}

const CHANGE_TYPE = { added: 'ADD', removed: 'DELETE', modified: 'MODIFY', renamed: 'MOVE' } as const;

export function dcChangeJson(file: DiffFile, index: number): Json {
  const path = file.newPath ?? file.oldPath ?? '';
  return {
    contentId: `${index}`.padStart(40, '0'),
    path: pathJson(path),
    ...(file.status === 'renamed' && file.oldPath ? { srcPath: pathJson(file.oldPath) } : {}),
    executable: false,
    percentUnchanged: -1,
    type: CHANGE_TYPE[file.status],
    nodeType: 'FILE',
    properties: { gitChangeType: CHANGE_TYPE[file.status] },
  };
}

/** The JSON diff of `GET …/pull-requests/{id}/diff`: files, hunks, and segments of one line kind. */
export function dcDiffJson(pr: PullRequest, contextLines: number): Json {
  const diffs = parseUnifiedDiff(pr.diff).map((file) => ({
    source: file.oldPath === null ? null : pathJson(file.oldPath),
    destination: file.newPath === null ? null : pathJson(file.newPath),
    hunks: file.hunks.map((hunk) => {
      const segments: Array<{ type: string; lines: Json[]; truncated: boolean }> = [];
      for (const line of hunk.lines) {
        const type = line.kind === 'added' ? 'ADDED' : line.kind === 'removed' ? 'REMOVED' : 'CONTEXT';
        let segment = segments[segments.length - 1];
        if (segment?.type !== type) {
          segment = { type, lines: [], truncated: false };
          segments.push(segment);
        }
        segment.lines.push({
          source: line.oldLine ?? line.newLine,
          destination: line.newLine ?? line.oldLine,
          line: line.text,
          truncated: false,
        });
      }
      return {
        sourceLine: hunk.oldStart,
        sourceSpan: hunk.oldLines,
        destinationLine: hunk.newStart,
        destinationSpan: hunk.newLines,
        segments,
        truncated: false,
      };
    }),
    truncated: false,
  }));
  return { fromHash: pr.destination.hash, toHash: pr.source.hash, contextLines, whitespace: 'SHOW', diffs, truncated: false };
}
