/**
 * Bitbucket Cloud's wire shapes (`/2.0`), as ../shared/specs/bitbucket.json describes them and the
 * real API sends them: every object carries `type`, users are accounts with `{uuid}` in braces,
 * timestamps read 2026-01-05T09:00:00.000000+00:00, links are `{href}` objects.
 */
import { linesAdded, linesRemoved, parseUnifiedDiff } from './diff.js';
import { pipelineAt, type StepView } from './pipelines.js';
import { iso, type Json } from './route-kit.js';
import type { BbUser, BitbucketStore, BuildStatus, Commit, Pipeline, PrComment, PullRequest, Repository } from './store.js';

/** What every renderer needs: the store (for users) and where links point. */
export interface CloudView {
  store: BitbucketStore;
  /** The site URL; the API is at `${site}/2.0`. */
  site: string;
}

const href = (url: string) => ({ href: url });
const api = (v: CloudView) => `${v.site}/2.0`;
const web = (v: CloudView) => `${v.site}/bitbucket`;

export function accountJson(v: CloudView, user: BbUser | undefined): Json {
  if (!user) return { type: 'user', display_name: 'Former user', uuid: '{00000000-0000-0000-0000-000000000000}' };
  const id = encodeURIComponent(user.uuid);
  return {
    type: 'user',
    uuid: user.uuid,
    account_id: user.accountId,
    nickname: user.nickname,
    display_name: user.displayName,
    links: {
      self: href(`${api(v)}/users/${id}`),
      html: href(`${web(v)}/${id}/`),
      avatar: href(`${v.site}/avatar/${encodeURIComponent(user.accountId)}?size=48`),
    },
  };
}

/** The short repository form embedded in pull requests, branches and pipelines. */
export function repositoryRefJson(v: CloudView, repo: Repository): Json {
  const full = `${repo.owner}/${repo.slug}`;
  return {
    type: 'repository',
    full_name: full,
    name: repo.name,
    uuid: repo.uuid,
    links: {
      self: href(`${api(v)}/repositories/${full}`),
      html: href(`${web(v)}/${full}`),
      avatar: href(`${web(v)}/${full}/avatar/32/`),
    },
  };
}

export function repositoryJson(v: CloudView, repo: Repository): Json {
  const full = `${repo.owner}/${repo.slug}`;
  const self = `${api(v)}/repositories/${full}`;
  const workspace = v.store.workspace(repo.owner);
  const project = v.store.project('cloud', repo.projectKey, repo.owner);
  const user = v.store.users[0];
  return {
    type: 'repository',
    uuid: repo.uuid,
    full_name: full,
    name: repo.name,
    slug: repo.slug,
    description: repo.description,
    is_private: repo.isPrivate,
    scm: 'git',
    fork_policy: 'allow_forks',
    language: repo.language,
    size: 1024 * (repo.commits.size + 1),
    has_issues: false,
    has_wiki: false,
    created_on: iso(repo.createdOn),
    updated_on: iso(repo.updatedOn),
    mainbranch: { type: 'branch', name: repo.mainBranch },
    owner: {
      type: 'team',
      uuid: workspace?.uuid ?? repo.uuid,
      display_name: workspace?.name ?? repo.owner,
      username: repo.owner,
      links: { self: href(`${api(v)}/workspaces/${repo.owner}`), html: href(`${web(v)}/${repo.owner}/`) },
    },
    workspace: { type: 'workspace', uuid: workspace?.uuid ?? repo.uuid, slug: repo.owner, name: workspace?.name ?? repo.owner },
    ...(project
      ? {
          project: {
            type: 'project',
            key: project.key,
            uuid: project.uuid,
            name: project.name,
            links: { html: href(`${web(v)}/${repo.owner}/workspace/projects/${project.key}`) },
          },
        }
      : {}),
    links: {
      self: href(self),
      html: href(`${web(v)}/${full}`),
      avatar: href(`${web(v)}/${full}/avatar/32/`),
      pullrequests: href(`${self}/pullrequests`),
      commits: href(`${self}/commits`),
      forks: href(`${self}/forks`),
      watchers: href(`${self}/watchers`),
      downloads: href(`${self}/downloads`),
      hooks: href(`${self}/hooks`),
      clone: [
        { name: 'https', href: `https://${user ? `${user.nickname}@` : ''}${v.store.cloudCloneHost}/${full}.git` },
        // `ssh://` form: the spec types the link as a URI, which the scp-like `git@host:path` is not.
        { name: 'ssh', href: `ssh://git@${v.store.cloudCloneHost}/${full}.git` },
      ],
    },
  };
}

export function commitJson(v: CloudView, repo: Repository, commit: Commit | string, short = false): Json {
  const hash = typeof commit === 'string' ? commit : commit.hash;
  const self = `${api(v)}/repositories/${repo.owner}/${repo.slug}/commit/${hash}`;
  const base: Json = {
    type: 'commit',
    hash: short ? hash.slice(0, 12) : hash,
    links: { self: href(self), html: href(`${web(v)}/${repo.owner}/${repo.slug}/commits/${hash}`) },
  };
  if (short || typeof commit === 'string') return base;
  return {
    ...base,
    date: iso(commit.date),
    message: commit.message,
    author: { type: 'author', raw: `${commit.authorName} <${commit.authorEmail}>` },
    parents: commit.parents.map((p) => ({
      type: 'commit',
      hash: p,
      links: { self: href(`${api(v)}/repositories/${repo.owner}/${repo.slug}/commit/${p}`) },
    })),
    repository: repositoryRefJson(v, repo),
  };
}

export function branchJson(v: CloudView, repo: Repository, name: string): Json {
  const hash = repo.branches.get(name)!;
  const commit = repo.commits.get(hash);
  const full = `${repo.owner}/${repo.slug}`;
  return {
    type: 'branch',
    name,
    target: commitJson(v, repo, commit ?? hash),
    merge_strategies: repo.mergeStrategies,
    default_merge_strategy: repo.mergeStrategies[0],
    links: {
      self: href(`${api(v)}/repositories/${full}/refs/branches/${encodeURIComponent(name)}`),
      commits: href(`${api(v)}/repositories/${full}/commits/${encodeURIComponent(name)}`),
      html: href(`${web(v)}/${full}/branch/${encodeURIComponent(name)}`),
    },
  };
}

export function participantJson(v: CloudView, p: PullRequest['participants'][number]): Json {
  return {
    type: 'participant',
    user: accountJson(v, v.store.user(p.uuid)),
    role: p.role,
    approved: p.state === 'approved',
    // The spec types these as strings (no null), so an unreviewed participant leaves them out.
    ...(p.state !== null ? { state: p.state } : {}),
    ...(p.participatedOn !== null ? { participated_on: iso(p.participatedOn) } : {}),
  };
}

export type PrFields = { participants: boolean; reviewers: boolean; description: boolean };

export function pullRequestJson(v: CloudView, repo: Repository, pr: PullRequest, fields: PrFields = FULL_PR): Json {
  const self = `${api(v)}/repositories/${repo.owner}/${repo.slug}/pullrequests/${pr.id}`;
  const endpoint = (side: { branch: string; hash: string }) => ({
    branch: { name: side.branch },
    // The spec allows only `hash` here (Bitbucket sends the short hash).
    commit: { hash: side.hash.slice(0, 12) },
    repository: repositoryRefJson(v, repo),
  });
  const body: Json = {
    type: 'pullrequest',
    id: pr.id,
    title: pr.title,
    state: pr.state,
    draft: pr.draft,
    author: accountJson(v, v.store.user(pr.authorUuid)),
    source: endpoint(pr.source),
    destination: endpoint(pr.destination),
    ...(pr.mergeCommit ? { merge_commit: { hash: pr.mergeCommit.slice(0, 12) } } : {}),
    comment_count: pr.comments.filter((c) => !c.deleted).length,
    task_count: pr.comments.filter((c) => c.severity === 'BLOCKER' && !c.deleted).length,
    close_source_branch: pr.closeSourceBranch,
    ...(pr.closedByUuid ? { closed_by: accountJson(v, v.store.user(pr.closedByUuid)) } : {}),
    reason: pr.reason,
    created_on: iso(pr.createdOn),
    updated_on: iso(pr.updatedOn),
    summary: { raw: pr.description, markup: 'markdown', html: '' },
    links: {
      self: href(self),
      html: href(`${web(v)}/${repo.owner}/${repo.slug}/pull-requests/${pr.id}`),
      commits: href(`${self}/commits`),
      approve: href(`${self}/approve`),
      diff: href(`${self}/diff`),
      diffstat: href(`${self}/diffstat`),
      comments: href(`${self}/comments`),
      activity: href(`${self}/activity`),
      merge: href(`${self}/merge`),
      decline: href(`${self}/decline`),
    },
  };
  if (fields.description) body.description = pr.description;
  if (fields.reviewers)
    body.reviewers = pr.participants.filter((p) => p.role === 'REVIEWER').map((p) => accountJson(v, v.store.user(p.uuid)));
  if (fields.participants) body.participants = pr.participants.map((p) => participantJson(v, p));
  return body;
}

export const FULL_PR: PrFields = { participants: true, reviewers: true, description: true };

export function commentJson(v: CloudView, repo: Repository, pr: PullRequest, c: PrComment): Json {
  const self = `${api(v)}/repositories/${repo.owner}/${repo.slug}/pullrequests/${pr.id}/comments/${c.id}`;
  return {
    type: 'pullrequest_comment',
    id: c.id,
    created_on: iso(c.createdOn),
    updated_on: iso(c.updatedOn),
    content: { raw: c.deleted ? '' : c.raw, markup: 'markdown', html: '' },
    user: accountJson(v, v.store.user(c.authorUuid)),
    deleted: c.deleted,
    pending: false,
    // The spec types from/to as integers (no null): a side that does not apply is left out.
    ...(c.inline
      ? {
          inline: {
            path: c.inline.path,
            ...(c.inline.from !== null ? { from: c.inline.from } : {}),
            ...(c.inline.to !== null ? { to: c.inline.to } : {}),
          },
        }
      : {}),
    ...(c.parentId !== undefined
      ? { parent: { type: 'pullrequest_comment', id: c.parentId, links: { self: href(self.replace(/\/\d+$/, `/${c.parentId}`)) } } }
      : {}),
    pullrequest: { type: 'pullrequest', id: pr.id, title: pr.title, links: { self: href(self.replace(/\/comments\/\d+$/, '')) } },
    links: { self: href(self), html: href(`${web(v)}/${repo.owner}/${repo.slug}/pull-requests/${pr.id}#comment-${c.id}`) },
  };
}

export function statusJson(v: CloudView, repo: Repository, s: BuildStatus): Json {
  const commitUrl = `${api(v)}/repositories/${repo.owner}/${repo.slug}/commit/${s.commit}`;
  return {
    type: 'build',
    key: s.key,
    name: s.name,
    state: s.state,
    url: s.url,
    description: s.description,
    ...(s.refname !== null ? { refname: s.refname } : {}),
    created_on: iso(s.createdOn),
    updated_on: iso(s.updatedOn),
    links: { self: href(`${commitUrl}/statuses/build/${encodeURIComponent(s.key)}`), commit: href(commitUrl) },
  };
}

export function diffstatJson(diff: string): Json[] {
  return parseUnifiedDiff(diff).map((file) => ({
    type: 'diffstat',
    status: file.status,
    lines_added: linesAdded(file),
    lines_removed: linesRemoved(file),
    // An added file has no `old` side and a removed one no `new` side (the spec has no null here).
    ...(file.oldPath === null ? {} : { old: { type: 'commit_file', path: file.oldPath, escaped_path: file.oldPath } }),
    ...(file.newPath === null ? {} : { new: { type: 'commit_file', path: file.newPath, escaped_path: file.newPath } }),
  }));
}

// --- pipelines -------------------------------------------------------------------------------

function stepStateJson(step: StepView): Json {
  switch (step.state) {
    case 'PENDING':
      return { type: 'pipeline_step_state_pending', name: 'PENDING' };
    case 'READY':
      return { type: 'pipeline_step_state_ready', name: 'READY' };
    case 'IN_PROGRESS':
      return { type: 'pipeline_step_state_in_progress', name: 'IN_PROGRESS' };
    case 'COMPLETED': {
      const result = step.result ?? 'SUCCESSFUL';
      return {
        type: 'pipeline_step_state_completed',
        name: 'COMPLETED',
        result: { type: `pipeline_step_state_completed_${result.toLowerCase()}`, name: result },
      };
    }
  }
}

export function pipelineJson(v: CloudView, repo: Repository, pipeline: Pipeline): Json {
  const view = pipelineAt(pipeline, v.store.now());
  let state: Json;
  if (view.state === 'COMPLETED') {
    const result = view.result ?? 'SUCCESSFUL';
    state = {
      type: 'pipeline_state_completed',
      name: 'COMPLETED',
      result: { type: `pipeline_state_completed_${result.toLowerCase()}`, name: result },
    };
  } else if (view.state === 'IN_PROGRESS') {
    const stage = view.stage ?? 'RUNNING';
    state = {
      type: 'pipeline_state_in_progress',
      name: 'IN_PROGRESS',
      stage: { type: `pipeline_state_in_progress_${stage.toLowerCase()}`, name: stage },
    };
  } else {
    state = { type: 'pipeline_state_pending', name: 'PENDING' };
  }
  const ran = view.steps.filter((s) => s.startedOn !== null);
  const used = ran.reduce((n, s) => n + ((s.completedOn ?? v.store.now()) - s.startedOn!), 0);
  const commit = repo.commits.get(pipeline.commit);
  return {
    type: 'pipeline',
    uuid: pipeline.uuid,
    build_number: pipeline.buildNumber,
    creator: accountJson(v, v.store.user(pipeline.creatorUuid)),
    repository: repositoryRefJson(v, repo),
    // A pipeline run on a bare commit (no ref) has a commit target.
    target: pipeline.refName
      ? {
          type: 'pipeline_ref_target',
          ref_type: pipeline.refType,
          ref_name: pipeline.refName,
          commit: commitJson(v, repo, commit ?? pipeline.commit),
          selector: { ...pipeline.selector },
        }
      : { type: 'pipeline_commit_target', commit: commitJson(v, repo, commit ?? pipeline.commit), selector: { ...pipeline.selector } },
    trigger: { type: pipeline.trigger === 'PUSH' ? 'pipeline_trigger_push' : 'pipeline_trigger_manual', name: pipeline.trigger },
    state,
    variables: pipeline.variables.map((variable) => ({
      type: 'pipeline_variable',
      key: variable.key,
      value: variable.secured ? '' : variable.value,
      secured: variable.secured,
    })),
    created_on: iso(pipeline.createdOn),
    ...(view.completedOn !== null ? { completed_on: iso(view.completedOn) } : {}),
    build_seconds_used: Math.round(used / 1000),
    // No `links`: the spec types them as objects requiring `type`, which the real links lack.
  };
}

export function stepJson(v: CloudView, repo: Repository, pipeline: Pipeline, step: StepView): Json {
  const self = `${api(v)}/repositories/${repo.owner}/${repo.slug}/pipelines/${encodeURIComponent(pipeline.uuid)}/steps/${encodeURIComponent(step.def.uuid)}`;
  return {
    type: 'pipeline_step',
    uuid: step.def.uuid,
    name: step.def.name,
    pipeline: { type: 'pipeline', uuid: pipeline.uuid },
    trigger: { type: step.def.manual ? 'pipeline_step_trigger_manual' : 'pipeline_step_trigger_automatic' },
    state: stepStateJson(step),
    ...(step.startedOn !== null ? { started_on: iso(step.startedOn) } : {}),
    ...(step.completedOn !== null ? { completed_on: iso(step.completedOn) } : {}),
    ...(step.startedOn !== null ? { duration_in_seconds: Math.round(((step.completedOn ?? v.store.now()) - step.startedOn) / 1000) } : {}),
    image: { name: 'atlassian/default-image:4' },
    script_commands: step.def.log.filter((l) => l.startsWith('+ ')).map((l) => ({ name: l.slice(2), command: l.slice(2) })),
    links: { self: href(self), log: href(`${self}/log`) },
  };
}
