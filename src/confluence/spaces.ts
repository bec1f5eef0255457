import { AtlError, usageError } from '../errors.js';
import { cached, type ConfluenceContext, V1, V2 } from './context.js';
import { listPaged, type Paged } from './paging.js';
import type { ConfluenceSpace } from './types.js';

export type SpaceType = 'global' | 'personal';

/** Spaces the user can see, by key. Cloud: `GET /api/v2/spaces`; DC: `GET /rest/api/space` (offset). */
export function listSpaces(
  ctx: ConfluenceContext,
  options: { type?: SpaceType | undefined; limit: number | undefined },
): Paged<ConfluenceSpace> {
  if (ctx.deployment === 'cloud') {
    return listPaged<ConfluenceSpace>(ctx, `${V2}/spaces`, { type: options.type, sort: 'key' }, options.limit);
  }
  return listPaged<ConfluenceSpace>(ctx, `${V1}/space`, { type: options.type, expand: 'description.plain,homepage' }, options.limit, 100);
}

/** A space key as Confluence spells them (letters, digits; personal spaces start with `~`). */
export function checkSpaceKey(key: string): string {
  const trimmed = key.trim();
  if (!/^~?[\w.-]+$/.test(trimmed))
    throw usageError(`invalid space key ${JSON.stringify(key)}`, 'give a space key such as DEMO (see atl confluence space list)');
  return trimmed;
}

function spaceNotFound(key: string, cause?: unknown): AtlError {
  return new AtlError('not_found', `no space with key ${key}`, {
    hint: 'check the key with `atl confluence space list` (keys are case-sensitive)',
    status: 404,
    cause,
  });
}

/** One space by key. Cloud: `GET /api/v2/spaces?keys=K` (v2 has no lookup by key); DC: `GET /rest/api/space/{key}`. */
export function getSpace(ctx: ConfluenceContext, key: string): Promise<ConfluenceSpace> {
  return cached(ctx, `space:${key}`, async () => {
    if (ctx.deployment === 'cloud') {
      const page = await ctx.http.get<{ results?: ConfluenceSpace[] }>(`${V2}/spaces`, {
        query: { keys: key, 'description-format': 'plain' },
      });
      const space = page.results?.find((s) => s.key === key);
      if (!space) throw spaceNotFound(key);
      return space;
    }
    try {
      return await ctx.http.get<ConfluenceSpace>(`${V1}/space/${encodeURIComponent(key)}`, {
        query: { expand: 'description.plain,homepage' },
      });
    } catch (err) {
      if (err instanceof AtlError && err.status === 404) throw spaceNotFound(key, err);
      throw err;
    }
  });
}

/** The v2 id of a space (Cloud), which page listings and creates take instead of the key. */
export async function spaceIdOf(ctx: ConfluenceContext, key: string): Promise<string> {
  return String((await getSpace(ctx, key)).id);
}

/** The key of the space with this v2 id (Cloud), for printing pages that carry only `spaceId`. */
export function spaceKeyOfId(ctx: ConfluenceContext, id: string): Promise<string> {
  return cached(ctx, `space-id:${id}`, async () => (await ctx.http.get<ConfluenceSpace>(`${V2}/spaces/${encodeURIComponent(id)}`)).key);
}

/** The plain-text description of a space, whichever way it came. */
export function spaceDescription(space: ConfluenceSpace): string {
  const d = space.description as { plain?: { value?: string } } | undefined;
  return typeof d?.plain?.value === 'string' ? d.plain.value : '';
}

/** The id of the space's home page: v2 `homepageId`, DC `homepage.id`. */
export function homepageIdOf(space: ConfluenceSpace): string | undefined {
  return space.homepageId ?? space.homepage?.id;
}
