import type { Paged } from '../http/paginate.js';
import { listOf, repoPath } from './api.js';
import { type BitbucketContext, writeOptions } from './context.js';
import type { RepoRef } from './repo-target.js';
import type { CloudRepository, DcRepository, Link } from './types.js';

export type Repository = CloudRepository | DcRepository;

const enc = encodeURIComponent;

/** A value inside a BBQL string literal. */
export const bbqlString = (value: string): string => value.replace(/["\\]/g, '\\$&');

/** Repositories of a Cloud workspace (newest change first), or of a DC project (or all a DC user can see). */
export function listRepositories(
  ctx: BitbucketContext,
  owner: string | undefined,
  limit: number | undefined,
  cloudProject?: string,
): Paged<Repository> {
  if (ctx.deployment === 'cloud') {
    const query = {
      role: 'member',
      sort: '-updated_on',
      q: cloudProject === undefined ? undefined : `project.key="${bbqlString(cloudProject)}"`,
    };
    return listOf<Repository>(ctx, `/repositories/${enc(owner!)}`, query, { limit });
  }
  const path = owner === undefined ? `${ctx.api}/repos` : `${ctx.api}/projects/${enc(owner)}/repos`;
  return listOf<Repository>(ctx, path, {}, { limit });
}

export function getRepository(ctx: BitbucketContext, ref: RepoRef): Promise<Repository> {
  return ctx.http.get<Repository>(repoPath(ctx, ref));
}

export interface NewRepository {
  name: string;
  private: boolean;
  description?: string | undefined;
  project?: string | undefined;
}

/** A repository slug as both flavours make one from a name: lower case, runs of other characters as `-`. */
export function slugOf(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** The request `repo create` sends (shown by --dry-run, sent otherwise). */
export function createRepositoryRequest(
  ctx: BitbucketContext,
  owner: string,
  repo: NewRepository,
): { method: 'POST'; path: string; body: unknown } {
  if (ctx.deployment === 'cloud') {
    const body: Record<string, unknown> = { scm: 'git', name: repo.name, is_private: repo.private };
    if (repo.description !== undefined) body.description = repo.description;
    if (repo.project !== undefined) body.project = { key: repo.project };
    return { method: 'POST', path: `/repositories/${enc(owner)}/${enc(slugOf(repo.name))}`, body };
  }
  const body: Record<string, unknown> = { name: repo.name, scmId: 'git', public: !repo.private };
  if (repo.description !== undefined) body.description = repo.description;
  return { method: 'POST', path: `${ctx.api}/projects/${enc(owner)}/repos`, body };
}

export function createRepository(ctx: BitbucketContext, owner: string, repo: NewRepository): Promise<Repository> {
  const request = createRepositoryRequest(ctx, owner, repo);
  return ctx.http.post<Repository>(request.path, request.body, writeOptions(ctx));
}

/** The repository's clone URL for a protocol, from the API's own `links.clone` (userinfo removed). */
export function cloneUrl(repo: Repository, protocol: 'https' | 'ssh'): string | undefined {
  const links: Link[] = repo.links?.clone ?? [];
  const names = protocol === 'ssh' ? ['ssh'] : ['https', 'http'];
  const link = links.find((l) => l.name !== undefined && names.includes(l.name));
  if (!link) return undefined;
  return protocol === 'ssh' ? link.href : link.href.replace(/^(https?:\/\/)[^@/]*@/i, '$1');
}

/** Where people browse the repository. */
export function repositoryWebUrl(repo: Repository): string | undefined {
  const links = repo.links as { html?: Link; self?: Link[] } | undefined;
  return links?.html?.href ?? links?.self?.[0]?.href;
}

export const isCloudRepository = (ctx: BitbucketContext, _repo: Repository): _repo is CloudRepository => ctx.deployment === 'cloud';
