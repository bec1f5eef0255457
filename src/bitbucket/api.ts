import { type Paged, paginateBitbucket, paginateJsm } from '../http/paginate.js';
import type { QueryValue } from '../http/types.js';
import type { BitbucketContext } from './context.js';
import type { RepoRef } from './repo-target.js';

const enc = encodeURIComponent;

/** A repository's API path: Cloud `/repositories/{ws}/{repo}`, DC `/rest/api/1.0/projects/{key}/repos/{slug}`. */
export function repoPath(ctx: BitbucketContext, ref: RepoRef): string {
  return ctx.deployment === 'cloud'
    ? `/repositories/${enc(ref.owner)}/${enc(ref.slug)}`
    : `${ctx.api}/projects/${enc(ref.owner)}/repos/${enc(ref.slug)}`;
}

/** A path under another DC REST plugin (`build-status`, `branch-utils`) at the same site. */
export const dcRest = (plugin: 'build-status' | 'branch-utils', rest: string): string => `/rest/${plugin}/1.0${rest}`;

export interface ListOptions {
  limit: number | undefined;
  /** Cloud page size; PR lists refuse more than 50. */
  cloudPageSize?: number;
}

/**
 * A listing in the flavour's paging style: Cloud follows `next` (`pagelen` ≤ 100), DC
 * `start`/`limit` with `isLastPage`/`nextPageStart`. A 429/5xx on a page is retried on that same
 * page by the client, so nothing already handed out is fetched again.
 */
export function listOf<T>(ctx: BitbucketContext, path: string, query: Record<string, QueryValue>, options: ListOptions): Paged<T> {
  const limit = options.limit;
  if (ctx.deployment === 'cloud')
    return paginateBitbucket<T>(ctx.http, {
      path,
      query,
      pageSize: options.cloudPageSize ?? 100,
      ...(limit === undefined ? {} : { limit }),
    });
  return paginateJsm<T>(ctx.http, { path, query, pageSize: 100, ...(limit === undefined ? {} : { limit }) });
}
