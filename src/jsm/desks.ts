import { AtlError } from '../errors.js';
import { type Paged, paginateJsm } from '../http/paginate.js';
import { type JsmContext, SD } from './context.js';
import type { RequestCreateMeta, RequestType, ServiceDesk } from './types.js';

export function listDesks(ctx: JsmContext, limit?: number): Paged<ServiceDesk> {
  return paginateJsm<ServiceDesk>(ctx.http, { path: `${SD}/servicedesk`, ...(limit === undefined ? {} : { limit }) });
}

/** A desk by id or project key: the path parameter takes either, so no lookup is needed. */
export function getDesk(ctx: JsmContext, ref: string): Promise<ServiceDesk> {
  return ctx.http.get<ServiceDesk>(`${SD}/servicedesk/${encodeURIComponent(ref)}`);
}

export function listRequestTypes(ctx: JsmContext, desk: string): Paged<RequestType> {
  return paginateJsm<RequestType>(ctx.http, { path: `${SD}/servicedesk/${encodeURIComponent(desk)}/requesttype` });
}

/** `--type` by id or name (case-insensitive); none or several matching is exit 2 naming the types. */
export async function resolveRequestType(ctx: JsmContext, desk: string, ref: string): Promise<RequestType> {
  const types = await listRequestTypes(ctx, desk).toArray();
  const lower = ref.toLowerCase();
  const byId = types.find((t) => t.id === ref);
  if (byId) return byId;
  const byName = types.filter((t) => t.name.toLowerCase() === lower);
  const matches = byName.length > 0 ? byName : types.filter((t) => t.name.toLowerCase().includes(lower));
  if (matches.length === 1) return matches[0]!;
  const names = types.map((t) => `"${t.name}" (${t.id})`).join(', ');
  throw new AtlError(
    'usage',
    matches.length === 0 ? `no request type "${ref}" in service desk ${desk}` : `"${ref}" matches several request types of ${desk}`,
    { hint: `request types of ${desk}: ${names || 'none'}` },
  );
}

export function requestTypeFields(ctx: JsmContext, desk: string, typeId: string): Promise<RequestCreateMeta> {
  return ctx.http.get<RequestCreateMeta>(`${SD}/servicedesk/${encodeURIComponent(desk)}/requesttype/${encodeURIComponent(typeId)}/field`);
}
