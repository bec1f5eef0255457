import { AtlError, usageError } from '../errors.js';
import { httpError } from '../http/errors.js';
import { type Paged, paginateJsm } from '../http/paginate.js';
import { findUser } from '../jira/users.js';
import { type JsmContext, SD } from './context.js';
import type { Approval, CustomerRequest, RequestCreateMeta, RequestTypeField, SdComment, SdUser, Sla } from './types.js';

/** `--field NAME=VALUE` as given, before it is checked against the request type. */
export interface GivenField {
  name: string;
  value: string;
}

export function parseFieldFlag(flag: string): GivenField {
  const at = flag.indexOf('=');
  if (at <= 0) throw usageError(`--field ${JSON.stringify(flag)} is not NAME=VALUE`, 'e.g. --field Urgency=High');
  return { name: flag.slice(0, at).trim(), value: flag.slice(at + 1).trim() };
}

/** The field `name` names: its label or its field id, case-insensitive. */
export function fieldNamed(meta: RequestCreateMeta, name: string): RequestTypeField | undefined {
  const lower = name.toLowerCase();
  return meta.requestTypeFields.find((f) => f.fieldId.toLowerCase() === lower || f.name.toLowerCase() === lower);
}

const labelsOf = (field: RequestTypeField) => (field.validValues ?? []).map((v) => v.label);

/** A field is satisfied without a value when the type presets or defaults one. */
const hasDefault = (field: RequestTypeField) => (field.presetValues?.length ?? 0) > 0 || (field.defaultValues?.length ?? 0) > 0;

/** Required fields no flag gave and no default covers. */
export function missingRequired(meta: RequestCreateMeta, given: readonly GivenField[]): RequestTypeField[] {
  const named = new Set(given.map((g) => fieldNamed(meta, g.name)?.fieldId));
  return meta.requestTypeFields.filter((f) => f.required && !hasDefault(f) && !named.has(f.fieldId));
}

/** A "missing required fields" usage error naming each with its valid values. */
export function missingError(missing: readonly RequestTypeField[], hint: string): AtlError {
  const described = missing.map((f) => {
    const labels = labelsOf(f);
    return labels.length > 0 ? `${f.name} (one of: ${labels.join(', ')})` : f.name;
  });
  return usageError(`missing required field${missing.length === 1 ? '' : 's'}: ${described.join('; ')}`, hint);
}

/**
 * The `requestFieldValues` of a create, each value in the shape its Jira type takes (spec, "Field
 * input formats"): options by id, users by accountId (Cloud) or name (Data Center), numbers as
 * numbers, labels as arrays, text as given (description already wiki markup). Unknown fields and
 * values outside `validValues` are refused with exit 2 naming the valid ones, before any write.
 */
export async function encodeFields(
  ctx: JsmContext,
  meta: RequestCreateMeta,
  given: readonly GivenField[],
  users: (who: string) => Promise<Record<string, string>> = async (who) => userValue(ctx, await userId(ctx, who)),
): Promise<Record<string, unknown>> {
  const values: Record<string, unknown> = {};
  for (const { name, value } of given) {
    const field = fieldNamed(meta, name);
    if (!field) {
      throw usageError(
        `the request type has no field ${JSON.stringify(name)}`,
        `its fields: ${meta.requestTypeFields.map((f) => `${f.name} (${f.fieldId})`).join(', ')}`,
      );
    }
    values[field.fieldId] = await encodeValue(field, value, users);
  }
  return values;
}

async function encodeValue(
  field: RequestTypeField,
  value: string,
  users: (who: string) => Promise<Record<string, string>>,
): Promise<unknown> {
  const kind = field.jiraSchema?.type ?? 'string';
  const option = (text: string) => {
    const lower = text.toLowerCase();
    const found = (field.validValues ?? []).find((v) => v.label.toLowerCase() === lower || v.value === text);
    if (!found) throw usageError(`${JSON.stringify(text)} is not a valid ${field.name}`, `valid values: ${labelsOf(field).join(', ')}`);
    return { id: found.value };
  };
  const list = () =>
    value
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean);
  if ((field.validValues?.length ?? 0) > 0) return kind === 'array' ? list().map(option) : option(value);
  switch (kind) {
    case 'number': {
      const n = Number(value);
      if (value === '' || !Number.isFinite(n)) throw usageError(`${field.name} takes a number, not ${JSON.stringify(value)}`);
      return n;
    }
    case 'user':
      return users(value);
    case 'array':
      if (field.jiraSchema?.items === 'user') return Promise.all(list().map(users));
      if (field.jiraSchema?.items === 'component') return list().map((name) => ({ name }));
      return list();
    default:
      return value;
  }
}

/** A user as request bodies name one: `{accountId}` on Cloud, `{name}` on Data Center. */
export async function userId(ctx: JsmContext, who: string): Promise<string> {
  const user = await findUser(ctx.jira, who);
  const id = ctx.deployment === 'cloud' ? user.accountId : user.name;
  if (!id) throw new AtlError('failure', `the site named no ${ctx.deployment === 'cloud' ? 'accountId' : 'user name'} for ${who}`);
  return id;
}

/** User-field values are objects of the user's id (not a bare id) in `requestFieldValues`. */
export function userValue(ctx: JsmContext, id: string): Record<string, string> {
  return ctx.deployment === 'cloud' ? { accountId: id } : { name: id };
}

export interface CreateBody {
  serviceDeskId: string;
  requestTypeId: string;
  requestFieldValues: Record<string, unknown>;
  raiseOnBehalfOf?: string;
  requestParticipants?: string[];
}

export const createRequestPath = `${SD}/request`;

export function createRequest(ctx: JsmContext, body: CreateBody): Promise<CustomerRequest> {
  return ctx.http.post<CustomerRequest>(createRequestPath, body);
}

/** What Cloud's `POST /request/validate` answers (200 valid, 400 not, with the reasons). */
export interface RequestValidation {
  valid?: boolean;
  errorMessage?: string;
  errorMessages?: string[];
  fieldErrors?: Array<{ field?: string; message?: string }>;
}

/**
 * The site's own check of a create, which creates nothing: `POST /request/validate` (Cloud). Null
 * where the site has none: Data Center, or a 404/405 (a site without the endpoint yet: the path
 * then falls to `/request/{issueIdOrKey}`, which takes only GET).
 */
export async function validateRequest(ctx: JsmContext, body: CreateBody): Promise<RequestValidation | null> {
  if (ctx.deployment !== 'cloud') return null;
  const path = `${createRequestPath}/validate`;
  try {
    const response = await ctx.http.request<RequestValidation>(path, { method: 'POST', body, allowErrorStatus: true, readOnly: true });
    if (response.status === 200 || response.status === 400) return response.data;
    if (response.status === 404 || response.status === 405) return null;
    const text = typeof response.data === 'string' ? response.data : JSON.stringify(response.data);
    throw httpError({ status: response.status, method: 'POST', url: new URL(response.url), body: text });
  } catch (err) {
    if (err instanceof AtlError && (err.status === 404 || err.status === 405)) return null;
    throw err;
  }
}

/** The usage error (exit 2) for a create the site found invalid, each field by its name. */
export function invalidRequestError(meta: RequestCreateMeta, validation: RequestValidation, hint: string): AtlError {
  const fields = (validation.fieldErrors ?? []).map((e) => {
    const name = meta.requestTypeFields.find((f) => f.fieldId === e.field)?.name ?? e.field ?? '?';
    return `${name}: ${e.message ?? 'not valid'}`;
  });
  const reasons = [...fields, ...(validation.errorMessages ?? [])];
  return usageError(`the site refused the request: ${reasons.join('; ') || validation.errorMessage || 'not valid'}`, hint);
}

/** Which requests `request list` asks `GET /request` for (the ownership views). */
export interface RequestQuery {
  ownership?: 'OWNED_REQUESTS' | 'PARTICIPATED_REQUESTS' | 'ORGANIZATION' | 'APPROVER';
  organizationId?: string;
  approvalStatus?: 'MY_PENDING_APPROVAL';
  status: 'OPEN_REQUESTS' | 'CLOSED_REQUESTS' | 'ALL_REQUESTS';
  serviceDeskId?: string;
  searchTerm?: string;
}

/**
 * `GET /request`, newest activity first. Items shift between pages when requests change during an
 * `--all`; the pager drops those it sees twice (by `issueId`).
 */
export function listRequests(ctx: JsmContext, query: RequestQuery, limit: number | undefined): Paged<CustomerRequest> {
  return paginateJsm<CustomerRequest>(ctx.http, {
    path: `${SD}/request`,
    query: {
      requestOwnership: query.ownership,
      organizationId: query.organizationId,
      approvalStatus: query.approvalStatus,
      requestStatus: query.status,
      serviceDeskId: query.serviceDeskId,
      searchTerm: query.searchTerm,
      expand: 'requestType',
    },
    ...(limit === undefined ? {} : { limit }),
  });
}

export const requestPath = (key: string) => `${SD}/request/${encodeURIComponent(key)}`;

export function getRequest(ctx: JsmContext, key: string): Promise<CustomerRequest> {
  return ctx.http.get<CustomerRequest>(requestPath(key), { query: { expand: 'requestType,serviceDesk,participant,status' } });
}

export function listComments(ctx: JsmContext, key: string, which: { public?: boolean; internal?: boolean } = {}): Paged<SdComment> {
  return paginateJsm<SdComment>(ctx.http, {
    path: `${requestPath(key)}/comment`,
    query: { public: which.public ?? true, internal: which.internal ?? true },
  });
}

export function listSlas(ctx: JsmContext, key: string): Paged<Sla> {
  return paginateJsm<Sla>(ctx.http, { path: `${requestPath(key)}/sla` });
}

export function listApprovals(ctx: JsmContext, key: string): Paged<Approval> {
  return paginateJsm<Approval>(ctx.http, { path: `${requestPath(key)}/approval` });
}

export function addComment(ctx: JsmContext, key: string, body: string, isPublic: boolean): Promise<SdComment> {
  return ctx.http.post<SdComment>(`${requestPath(key)}/comment`, { body, public: isPublic });
}

export function listParticipants(ctx: JsmContext, key: string): Paged<SdUser> {
  return paginateJsm<SdUser>(ctx.http, { path: `${requestPath(key)}/participant` });
}

/** The body naming users: `{accountIds}` on Cloud, `{usernames}` on Data Center. */
export function usersBody(ctx: JsmContext, ids: readonly string[]): { accountIds: string[] } | { usernames: string[] } {
  return ctx.deployment === 'cloud' ? { accountIds: [...ids] } : { usernames: [...ids] };
}

export async function changeParticipants(ctx: JsmContext, key: string, change: 'add' | 'remove', ids: readonly string[]): Promise<void> {
  const path = `${requestPath(key)}/participant`;
  if (change === 'add') await ctx.http.post(path, usersBody(ctx, ids));
  else await ctx.http.request(path, { method: 'DELETE', body: usersBody(ctx, ids) });
}

export function decideApproval(ctx: JsmContext, key: string, approvalId: string, decision: 'approve' | 'decline'): Promise<Approval> {
  return ctx.http.post<Approval>(`${requestPath(key)}/approval/${encodeURIComponent(approvalId)}`, { decision });
}
