/**
 * Bitbucket Cloud repositories, branches, workspace members and commit build statuses.
 * (`/2.0/user`, `/2.0/workspaces` and `/2.0/workspaces/{workspace}` are identity routes, in
 * ../identity.ts.)
 */
import type { Router } from '../router.js';
import type { SandboxRequest } from '../types.js';
import { accountJson, branchJson, type CloudView, commitJson, repositoryJson, statusJson } from './cloud-json.js';
import { filterByQuery } from './bbql.js';
import { actorOf, bodyObject, cloud, cloudPage, cloudRepo, handler, isObject, str, who } from './route-kit.js';
import { BitbucketError, type BitbucketStore, type BuildState } from './store.js';

export const viewOf = (store: BitbucketStore, request: SandboxRequest): CloudView => ({ store, site: request.siteUrl });

const REPO = '/2.0/repositories/{workspace}/{repo_slug}';

function requireWorkspace(store: BitbucketStore, request: SandboxRequest): string {
  const ws = request.params.workspace ?? '';
  const found = store.workspace(ws);
  const identity = who(request);
  if (!found || (identity.workspace && identity.workspace !== found.slug))
    throw new BitbucketError(404, `No workspace with identifier '${ws}'.`);
  return found.slug;
}

export function registerCloudRepoRoutes(router: Router, store: BitbucketStore): void {
  router
    .add(
      'GET',
      '/2.0/workspaces/{workspace}/members',
      handler((r) => {
        const slug = requireWorkspace(store, r);
        const v = viewOf(store, r);
        const ws = store.workspace(slug)!;
        const members = store.users.filter((u) => !u.name.endsWith('-access-token') && u.accountId !== '');
        return cloudPage(r, members, (u) => ({
          type: 'workspace_membership',
          user: accountJson(v, u),
          workspace: { type: 'workspace', uuid: ws.uuid, slug: ws.slug, name: ws.name },
          links: { self: { href: `${r.siteUrl}/2.0/workspaces/${slug}/members/${encodeURIComponent(u.uuid)}` } },
        }));
      }),
      cloud,
    )
    .add(
      'GET',
      '/2.0/repositories/{workspace}',
      handler((r) => {
        const slug = requireWorkspace(store, r);
        const repos = filterByQuery(store.repositories('cloud', slug), r.query.get('q'), {
          name: (repo) => repo.name,
          slug: (repo) => repo.slug,
          'project.key': (repo) => repo.projectKey,
          is_private: (repo) => String(repo.isPrivate),
        }).sort((a, b) => a.slug.localeCompare(b.slug));
        const v = viewOf(store, r);
        return cloudPage(r, repos, (repo) => repositoryJson(v, repo));
      }),
      cloud,
    )
    .add(
      'GET',
      REPO,
      handler((r) => ({ status: 200, body: repositoryJson(viewOf(store, r), cloudRepo(store, r)) })),
      cloud,
    )
    .add(
      'POST',
      REPO,
      handler((r) => {
        const slug = requireWorkspace(store, r);
        const body = bodyObject(r);
        const repoSlug = r.params.repo_slug ?? '';
        if (!/^[a-z0-9._-]+$/.test(repoSlug))
          throw new BitbucketError(400, 'Invalid slug: use lowercase letters, digits, dots, dashes and underscores.');
        if (body.scm !== undefined && body.scm !== 'git') throw new BitbucketError(400, 'scm: only git is supported.');
        const projectKey = isObject(body.project) ? str(body.project.key) : undefined;
        if (projectKey && !store.project('cloud', projectKey, slug))
          throw new BitbucketError(400, `project: no project with key ${projectKey}.`);
        const repo = store.addRepository({
          host: 'cloud',
          owner: slug,
          slug: repoSlug,
          name: str(body.name) ?? repoSlug,
          description: str(body.description) ?? '',
          isPrivate: typeof body.is_private === 'boolean' ? body.is_private : true,
          projectKey: projectKey ?? store.projects.find((p) => p.host === 'cloud' && p.workspace === slug)?.key ?? 'PROJ',
          language: str(body.language) ?? '',
          initialCommit: false,
        });
        return { status: 200, body: repositoryJson(viewOf(store, r), repo) };
      }),
      cloud,
    )
    .add(
      'GET',
      `${REPO}/refs/branches`,
      handler((r) => {
        const repo = cloudRepo(store, r);
        let names = filterByQuery([...repo.branches.keys()], r.query.get('q'), { name: (n) => n });
        const sort = r.query.get('sort') ?? 'name';
        names = names.sort((a, b) => a.localeCompare(b));
        if (sort === '-name') names.reverse();
        if (sort === '-target.date' || sort === 'target.date') {
          const date = (n: string) => repo.commits.get(repo.branches.get(n)!)?.date ?? 0;
          names.sort((a, b) => (sort.startsWith('-') ? date(b) - date(a) : date(a) - date(b)));
        }
        const v = viewOf(store, r);
        return cloudPage(r, names, (n) => branchJson(v, repo, n));
      }),
      cloud,
    )
    .add(
      'GET',
      `${REPO}/refs/branches/{name}`,
      handler((r) => {
        const repo = cloudRepo(store, r);
        const name = r.params.name ?? '';
        if (!repo.branches.has(name)) throw new BitbucketError(404, `Branch "${name}" does not exist.`);
        return { status: 200, body: branchJson(viewOf(store, r), repo, name) };
      }),
      cloud,
    )
    .add(
      'POST',
      `${REPO}/refs/branches`,
      handler((r) => {
        const repo = cloudRepo(store, r);
        const body = bodyObject(r);
        const name = str(body.name);
        const hash = isObject(body.target) ? str(body.target.hash) : undefined;
        if (!name) throw new BitbucketError(400, 'name: This field is required.');
        if (name.startsWith('refs/')) throw new BitbucketError(400, 'name: Branch names must not start with refs/.');
        if (!hash) throw new BitbucketError(400, 'target.hash: This field is required.');
        // Bitbucket resolves the target as a commit; a branch name or an ambiguous prefix is refused.
        const resolved = repo.branches.has(hash) ? undefined : store.resolveCommit(repo, hash);
        if (!resolved) throw new BitbucketError(400, `target.hash: "${hash}" is not a commit in this repository.`);
        store.createBranch(repo, name, resolved);
        return { status: 201, body: branchJson(viewOf(store, r), repo, name) };
      }),
      cloud,
    )
    .add(
      'DELETE',
      `${REPO}/refs/branches/{name}`,
      handler((r) => {
        store.deleteBranch(cloudRepo(store, r), r.params.name ?? '');
        return { status: 204 };
      }),
      cloud,
    )
    .add(
      'GET',
      `${REPO}/commit/{commit}`,
      handler((r) => {
        const repo = cloudRepo(store, r);
        const hash = store.resolveCommit(repo, r.params.commit ?? '');
        const commit = hash ? repo.commits.get(hash) : undefined;
        if (!commit) throw new BitbucketError(404, `Commit not found: ${r.params.commit}`);
        return { status: 200, body: commitJson(viewOf(store, r), repo, commit) };
      }),
      cloud,
    )
    .add(
      'GET',
      `${REPO}/commit/{commit}/statuses`,
      handler((r) => {
        const repo = cloudRepo(store, r);
        const hash = store.resolveCommit(repo, r.params.commit ?? '') ?? r.params.commit ?? '';
        const v = viewOf(store, r);
        const statuses = filterByQuery(store.statusesOf(repo, hash), r.query.get('q'), { state: (s) => s.state, key: (s) => s.key });
        return cloudPage(r, statuses, (s) => statusJson(v, repo, s));
      }),
      cloud,
    )
    .add(
      'POST',
      `${REPO}/commit/{commit}/statuses/build`,
      handler((r) => {
        const repo = cloudRepo(store, r);
        const hash = store.resolveCommit(repo, r.params.commit ?? '');
        if (!hash) throw new BitbucketError(404, `Commit not found: ${r.params.commit}`);
        const body = bodyObject(r);
        const key = str(body.key);
        const state = str(body.state);
        if (!key) throw new BitbucketError(400, 'key: This field is required.');
        if (!state || !['SUCCESSFUL', 'FAILED', 'INPROGRESS', 'STOPPED'].includes(state))
          throw new BitbucketError(400, 'state: not a valid build state.');
        const status = store.setStatus(repo, {
          commit: hash,
          key,
          state: state as BuildState,
          ...(str(body.name) ? { name: str(body.name) } : {}),
          ...(str(body.url) ? { url: str(body.url) } : {}),
          ...(str(body.description) ? { description: str(body.description) } : {}),
          ...(str(body.refname) ? { refname: str(body.refname) } : {}),
        });
        actorOf(store, r);
        return { status: 201, body: statusJson(viewOf(store, r), repo, status) };
      }),
      cloud,
    )
    .add(
      'GET',
      `${REPO}/commit/{commit}/statuses/build/{key}`,
      handler((r) => {
        const repo = cloudRepo(store, r);
        const hash = store.resolveCommit(repo, r.params.commit ?? '') ?? '';
        const status = store.statusesOf(repo, hash).find((s) => s.key === r.params.key);
        if (!status) throw new BitbucketError(404, `No build status with key ${r.params.key}.`);
        return { status: 200, body: statusJson(viewOf(store, r), repo, status) };
      }),
      cloud,
    );
}
