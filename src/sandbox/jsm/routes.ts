/**
 * The sandbox's Service Management over HTTP (`/rest/servicedeskapi/...`), the same paths on the
 * Cloud site, the Data Center site (`/dc`) and the scoped gateway, as Atlassian serves them.
 * Requests are issues of the sandbox Jira (reached with `jiraStoreOf`, which the Jira module
 * fills before this one registers: registry.ts lists Jira first), so a request raised here is
 * what `atl jira issue view` shows.
 *
 * Fidelity kept on purpose: paging by `start`/`limit`/`isLastPage` with `limit` silently capped at
 * 50; experimental operations answer 412 without `X-ExperimentalApi: opt-in`; errors are
 * `{errorMessage}`; user ids are accountIds on Cloud and usernames on Data Center.
 */
import { jiraStoreOf, identitiesFrom } from '../jira/routes.js';
import { actorOf, type Json } from '../jira/route-kit.js';
import { addAttachment } from '../jira/attachment-store.js';
import { toWiki } from '../jira/richtext.js';
import { parseMultipart, type UploadedFile } from '../jira/routes-attachment.js';
import type { Issue, JiraUser } from '../jira/store.js';
import type { ProductContext, ProductModule } from '../products.js';
import type { Router } from '../router.js';
import type { SandboxRequest, SandboxResponse } from '../types.js';
import { searchIssues } from '../jira/jql.js';
import { seedJsm } from './seed.js';
import { type Approval, type Desk, JsmStore, type RequestMeta, type RequestType } from './store.js';

const BASE = '/rest/servicedeskapi';
/** The most items a page holds, whatever `limit` asks for (the real cap differs per operation). */
export const PAGE_CAP = 50;

const stores = new Map<string, JsmStore>();

/** The Service Management store of a running sandbox (by its cloudId), for tests. */
export function jsmStoreOf(sandbox: { cloudId: string }): JsmStore {
  const store = stores.get(sandbox.cloudId);
  if (!store) throw new Error(`no JSM store for sandbox ${sandbox.cloudId}`);
  return store;
}

export const jsmProduct: ProductModule = {
  name: 'jsm',
  register(router: Router, context: ProductContext): void {
    const store = new JsmStore(jiraStoreOf(context));
    if (context.seed === 'demo') seedJsm(store, identitiesFrom(context));
    if (stores.size >= 32) stores.delete(stores.keys().next().value as string);
    stores.set(context.cloudId, store);
    registerJsmRoutes(router, store);
  },
};

class JsmError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const fail = (status: number, message: string) => new JsmError(status, message);

function date(ms: number): Json {
  const iso = new Date(ms).toISOString().replace('Z', '+0000');
  return { iso8601: iso, jira: iso, friendly: iso.slice(0, 16).replace('T', ' '), epochMillis: ms };
}

function duration(ms: number): Json {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  const friendly = `${ms < 0 ? '-' : ''}${Math.floor(minutes / 60)}h ${minutes % 60}m`;
  return { millis: ms, friendly };
}

export function registerJsmRoutes(router: Router, store: JsmStore): void {
  const jira = store.jira;
  const route = (
    method: string,
    path: string,
    fn: (request: SandboxRequest) => SandboxResponse,
    experimental = false,
    flavours: Array<'cloud' | 'datacenter'> = ['cloud', 'datacenter'],
  ) =>
    router.add(
      method,
      `${BASE}${path}`,
      (request) => {
        try {
          if (experimental && String(request.headers['x-experimentalapi'] ?? '').toLowerCase() !== 'opt-in') {
            throw fail(412, "This API is experimental. You must set the header 'X-ExperimentalApi: opt-in' to use it.");
          }
          return fn(request);
        } catch (err) {
          if (err instanceof JsmError) return { status: err.status, body: { errorMessage: err.message } };
          const jiraError = err as { status?: number; errorMessages?: string[]; errors?: Record<string, string> };
          if (typeof jiraError.status === 'number' && jiraError.errorMessages)
            return {
              status: jiraError.status,
              body: { errorMessage: [...jiraError.errorMessages, ...Object.values(jiraError.errors ?? {})].join(' ') },
            };
          throw err;
        }
      },
      { realm: 'jira', flavours },
    );

  const actor = (request: SandboxRequest): JiraUser => {
    const user = actorOf(jira, request.identity);
    if (!user) throw fail(401, 'You are not logged in.');
    return user;
  };

  const user = (request: SandboxRequest, accountId: string | null): Json | undefined => {
    const u = accountId ? jira.user(accountId) : undefined;
    if (!u) return undefined;
    const common = {
      displayName: u.displayName,
      active: u.active,
      timeZone: u.timeZone,
      _links: { self: `${request.baseUrl}/rest/api/2/user?accountId=${u.accountId}` },
    };
    return request.flavour === 'cloud'
      ? { accountId: u.accountId, ...(u.emailHidden ? {} : { emailAddress: u.emailAddress }), ...common }
      : { name: u.name, key: u.key, emailAddress: u.emailAddress, ...common };
  };

  /** A user named in a body: an accountId on Cloud, a username on Data Center. */
  const userRef = (request: SandboxRequest, ref: string): JiraUser => {
    const found = request.flavour === 'cloud' ? jira.user(ref) : jira.resolveUser(ref);
    if (!found || (request.flavour === 'datacenter' && found.name !== ref)) throw fail(400, `The user '${ref}' does not exist.`);
    return found;
  };

  const paged = (request: SandboxRequest, items: Json[]): SandboxResponse => {
    const start = Math.max(0, intQuery(request, 'start', 0));
    const limit = Math.max(1, Math.min(intQuery(request, 'limit', PAGE_CAP), PAGE_CAP));
    const values = items.slice(start, start + limit);
    const isLastPage = start + values.length >= items.length;
    const base = `${request.baseUrl}${BASE}`;
    const path = request.path.slice(BASE.length);
    const links: Json = { base, context: '' };
    if (!isLastPage) links.next = `${base}${path}?start=${start + values.length}&limit=${limit}`;
    if (start > 0) links.prev = `${base}${path}?start=${Math.max(0, start - limit)}&limit=${limit}`;
    return { status: 200, body: { _expands: [], size: values.length, start, limit, isLastPage, _links: links, values } };
  };

  const requireDesk = (ref: string): Desk => {
    const desk = store.desk(ref);
    if (!desk) throw fail(404, `Service desk '${ref}' does not exist or you do not have permission to see it.`);
    return desk;
  };

  const deskJson = (request: SandboxRequest, desk: Desk): Json => ({
    id: desk.id,
    projectId: desk.projectId,
    projectName: desk.projectName,
    projectKey: desk.projectKey,
    _links: { self: `${request.baseUrl}${BASE}/servicedesk/${desk.id}` },
  });

  const requireType = (desk: Desk, ref: string): RequestType => {
    const type = store.requestTypesOf(desk.id).find((t) => t.id === ref);
    if (!type) throw fail(404, `Request type '${ref}' does not exist in service desk ${desk.id}.`);
    return type;
  };

  const typeJson = (request: SandboxRequest, type: RequestType): Json => ({
    _expands: [],
    id: type.id,
    _links: { self: `${request.baseUrl}${BASE}/servicedesk/${type.deskId}/requesttype/${type.id}` },
    name: type.name,
    description: type.description,
    helpText: '',
    issueTypeId: type.issueTypeId,
    serviceDeskId: type.deskId,
    portalId: type.deskId,
    groupIds: ['1'],
  });

  const requireRequest = (request: SandboxRequest): { issue: Issue; meta: RequestMeta } => {
    const issue = jira.issue(request.params.issueIdOrKey ?? '');
    const meta = issue && store.request(issue);
    if (!issue || !meta) throw fail(404, 'The request does not exist or you do not have permission to see it.');
    return { issue, meta };
  };

  const fieldValue = (request: SandboxRequest, type: RequestType, fieldId: string, value: unknown): unknown => {
    const field = type.fields.find((f) => f.fieldId === fieldId);
    if (field?.jiraSchema.type === 'option') {
      const option = field.validValues.find((v) => v.value === value);
      return option
        ? { self: `${request.baseUrl}/rest/api/2/customFieldOption/${option.value}`, value: option.label, id: option.value }
        : value;
    }
    if (field?.jiraSchema.type === 'user') return user(request, String(value)) ?? null;
    return value;
  };

  const statusJson = (issue: Issue): Json => {
    const status = jira.statusOf(issue);
    const category = status.categoryKey === 'done' ? 'DONE' : status.categoryKey === 'new' ? 'NEW' : 'INDETERMINATE';
    return { status: status.name, statusCategory: category, statusDate: date(issue.updated) };
  };

  const requestJson = (request: SandboxRequest, issue: Issue, meta: RequestMeta): Json => {
    const type = store.requestTypes.find((t) => t.id === meta.requestTypeId) as RequestType;
    const values: Json[] = [];
    for (const field of type.fields) {
      const raw =
        field.fieldId === 'summary'
          ? issue.summary
          : field.fieldId === 'description'
            ? issue.description && toWiki(issue.description)
            : meta.values[field.fieldId];
      if (raw === undefined || raw === null) continue;
      values.push({ fieldId: field.fieldId, label: field.name, value: fieldValue(request, type, field.fieldId, raw) });
    }
    const desk = store.desks.find((d) => d.id === meta.deskId) as Desk;
    const expand = new Set((request.query.get('expand') ?? '').split(',').map((s) => s.trim()));
    const body: Json = {
      _expands: ['participant', 'status', 'sla', 'requestType', 'serviceDesk', 'attachment', 'action', 'comment'],
      issueId: issue.id,
      issueKey: issue.key,
      summary: issue.summary,
      requestTypeId: type.id,
      serviceDeskId: desk.id,
      createdDate: date(issue.created),
      reporter: user(request, issue.reporterId) ?? {},
      requestFieldValues: values,
      currentStatus: statusJson(issue),
      _links: {
        jiraRest: `${request.baseUrl}/rest/api/2/issue/${issue.id}`,
        web: `${request.siteUrl}/servicedesk/customer/portal/${desk.id}/${issue.key}`,
        agent: `${request.siteUrl}/browse/${issue.key}`,
        self: `${request.baseUrl}${BASE}/request/${issue.id}`,
      },
    };
    if (expand.has('requestType')) body.requestType = typeJson(request, type);
    if (expand.has('serviceDesk')) body.serviceDesk = deskJson(request, desk);
    if (expand.has('participant')) {
      const participants = meta.participantIds.map((id) => user(request, id)).filter((u): u is Json => u !== undefined);
      body.participants = { size: participants.length, start: 0, limit: PAGE_CAP, isLastPage: true, values: participants };
    }
    return body;
  };

  // Service desks and request types --------------------------------------------------------------
  route('GET', '/servicedesk', (request) =>
    paged(
      request,
      store.desks.map((d) => deskJson(request, d)),
    ),
  );
  route('GET', '/servicedesk/{serviceDeskId}', (request) => ({
    status: 200,
    body: deskJson(request, requireDesk(request.params.serviceDeskId ?? '')),
  }));
  route('GET', '/servicedesk/{serviceDeskId}/requesttype', (request) => {
    const desk = requireDesk(request.params.serviceDeskId ?? '');
    const search = (request.query.get('searchQuery') ?? '').toLowerCase();
    const types = store.requestTypesOf(desk.id).filter((t) => t.name.toLowerCase().includes(search));
    return paged(
      request,
      types.map((t) => typeJson(request, t)),
    );
  });
  route('GET', '/servicedesk/{serviceDeskId}/requesttype/{requestTypeId}', (request) => {
    const desk = requireDesk(request.params.serviceDeskId ?? '');
    return { status: 200, body: typeJson(request, requireType(desk, request.params.requestTypeId ?? '')) };
  });
  route('GET', '/servicedesk/{serviceDeskId}/requesttype/{requestTypeId}/field', (request) => {
    const desk = requireDesk(request.params.serviceDeskId ?? '');
    const type = requireType(desk, request.params.requestTypeId ?? '');
    const agent = !store.customerOnly.has(actor(request).accountId);
    return {
      status: 200,
      body: {
        canRaiseOnBehalfOf: agent,
        canAddRequestParticipants: agent,
        requestTypeFields: type.fields.map((f) => ({
          fieldId: f.fieldId,
          name: f.name,
          description: f.description,
          required: f.required,
          validValues: f.validValues.map((v) => ({ value: v.value, label: v.label, children: [] })),
          defaultValues: [],
          presetValues: [],
          jiraSchema: f.jiraSchema,
          visible: true,
        })),
      },
    };
  });

  // Requests -------------------------------------------------------------------------------------
  /**
   * The checks a create runs, shared with `POST /request/validate`: every field error (an unknown
   * field, an option or user that is not valid, a required field left out, a summary over Jira's
   * 255 characters); a desk or type that does not exist is a 404 and raising on behalf of someone
   * by a portal-only customer a 403, as on a site.
   */
  const checkCreate = (request: SandboxRequest) => {
    const me = actor(request);
    const body = objectBody(request);
    const desk = requireDesk(String(body.serviceDeskId ?? ''));
    const type = requireType(desk, String(body.requestTypeId ?? ''));
    const given = (body.requestFieldValues ?? {}) as Record<string, unknown>;
    const values: Record<string, unknown> = {};
    const fieldErrors: Array<{ field: string; message: string }> = [];
    const refuse = (field: string, message: string) => fieldErrors.push({ field, message });
    for (const [fieldId, value] of Object.entries(given)) {
      const field = type.fields.find((f) => f.fieldId === fieldId);
      if (!field) {
        refuse(fieldId, `Field '${fieldId}' is not valid for this request type.`);
      } else if (field.jiraSchema.type === 'option') {
        const id = typeof value === 'object' && value !== null ? (value as Json).id : undefined;
        const label = typeof value === 'object' && value !== null ? (value as Json).value : undefined;
        const option = field.validValues.find((v) => v.value === id || v.label === label);
        if (option) values[fieldId] = option.value;
        else refuse(fieldId, `Field '${field.name}': the option given is not valid.`);
      } else if (field.jiraSchema.type === 'user') {
        const ref = typeof value === 'object' && value !== null ? ((value as Json).accountId ?? (value as Json).name) : undefined;
        try {
          values[fieldId] = userRef(request, String(ref ?? '')).accountId;
        } catch (err) {
          if (!(err instanceof JsmError)) throw err;
          refuse(fieldId, err.message);
        }
      } else values[fieldId] = value;
    }
    for (const field of type.fields) {
      if (field.required && (given[field.fieldId] === undefined || given[field.fieldId] === ''))
        refuse(field.fieldId, `Field '${field.name}' is required.`);
    }
    if (typeof given.summary === 'string' && given.summary.length > 255) refuse('summary', 'Summary must be less than 255 characters.');
    let reporter = me;
    if (body.raiseOnBehalfOf !== undefined) {
      if (store.customerOnly.has(me.accountId)) throw fail(403, 'You do not have permission to raise requests on behalf of others.');
      reporter = userRef(request, String(body.raiseOnBehalfOf));
    }
    const participants = Array.isArray(body.requestParticipants)
      ? body.requestParticipants.map((ref) => userRef(request, String(ref)).accountId)
      : [];
    return { me, desk, type, values, fieldErrors, reporter, participants };
  };

  // Cloud only: Data Center has no validation endpoint (POST there falls to GET-only /request/{issueIdOrKey}: 405).
  route(
    'POST',
    '/request/validate',
    (request) => {
      const { fieldErrors } = checkCreate(request);
      if (fieldErrors.length === 0) return { status: 200, body: { valid: true, errorMessages: [], fieldErrors: [], formErrors: [] } };
      const body = {
        valid: false,
        errorMessage: 'The request is not valid: see fieldErrors.',
        reasonKey: 'sd.customer.request.validation.failed',
        errorMessages: [],
        fieldErrors,
        formErrors: [],
      };
      return { status: 400, body };
    },
    false,
    ['cloud'],
  );

  route('POST', '/request', (request) => {
    const { me, desk, type, values, fieldErrors, reporter, participants } = checkCreate(request);
    if (fieldErrors.length > 0) throw fail(400, fieldErrors[0]!.message);
    const issue = jira.createIssue(
      {
        projectId: desk.projectId,
        issueTypeId: type.issueTypeId,
        summary: String(values.summary ?? ''),
        description: typeof values.description === 'string' ? { format: 'wiki', text: values.description } : null,
        reporterId: reporter.accountId,
        ...(type.approverIds.length > 0 ? { statusId: '10001' } : {}),
      },
      me.accountId,
    );
    delete values.summary;
    delete values.description;
    const meta = store.addRequest(issue, type, values, participants);
    return { status: 201, body: requestJson(request, issue, meta) };
  });

  route('GET', '/request', (request) => {
    const me = actor(request);
    const ownership = request.query.get('requestOwnership');
    const statusFilter = request.query.get('requestStatus') ?? 'ALL_REQUESTS';
    const approvalStatus = request.query.get('approvalStatus');
    const deskId = request.query.get('serviceDeskId');
    const typeId = request.query.get('requestTypeId');
    const organizationId = request.query.get('organizationId');
    const term = (request.query.get('searchTerm') ?? '').toLowerCase();
    const myOrgs = store.organizations.filter((o) => o.userIds.has(me.accountId));
    const inOrg = (issue: Issue, orgs: typeof myOrgs) => orgs.some((o) => issue.reporterId !== null && o.userIds.has(issue.reporterId));
    const pendingFor = (meta: RequestMeta) =>
      meta.approvals.some((a) => a.finalDecision === 'pending' && a.approverIds.includes(me.accountId) && !a.decisions.has(me.accountId));
    const matches = store.allRequests().filter(({ issue, meta }) => {
      const owned = issue.reporterId === me.accountId;
      const participated = meta.participantIds.includes(me.accountId);
      switch (ownership) {
        case 'OWNED_REQUESTS':
          if (!owned) return false;
          break;
        case 'PARTICIPATED_REQUESTS':
          if (!participated) return false;
          break;
        case 'ORGANIZATION':
          if (
            !inOrg(
              issue,
              myOrgs.filter((o) => o.id === organizationId),
            )
          )
            return false;
          break;
        case 'APPROVER':
          if (!meta.approvals.some((a) => a.approverIds.includes(me.accountId))) return false;
          if (approvalStatus === 'MY_PENDING_APPROVAL' && !pendingFor(meta)) return false;
          if (approvalStatus === 'MY_HISTORY_APPROVAL' && pendingFor(meta)) return false;
          break;
        case 'ALL_REQUESTS':
          break;
        default:
          if (!owned && !participated && !inOrg(issue, myOrgs)) return false;
      }
      const done = jira.statusOf(issue).categoryKey === 'done';
      if (statusFilter === 'OPEN_REQUESTS' && done) return false;
      if (statusFilter === 'CLOSED_REQUESTS' && !done) return false;
      if (deskId && meta.deskId !== deskId) return false;
      if (typeId && meta.requestTypeId !== typeId) return false;
      return !term || issue.summary.toLowerCase().includes(term);
    });
    // Latest activity first, as Service Management orders this list.
    matches.sort((a, b) => b.issue.updated - a.issue.updated || Number(b.issue.id) - Number(a.issue.id));
    return paged(
      request,
      matches.map(({ issue, meta }) => requestJson(request, issue, meta)),
    );
  });

  route('GET', '/request/{issueIdOrKey}', (request) => {
    const { issue, meta } = requireRequest(request);
    return { status: 200, body: requestJson(request, issue, meta) };
  });

  // Comments -------------------------------------------------------------------------------------
  const commentJson = (request: SandboxRequest, issue: Issue, comment: Issue['comments'][number]): Json => ({
    id: comment.id,
    body: toWiki(comment.body),
    public: store.isPublic(issue, comment),
    author: user(request, comment.authorId) ?? {},
    created: date(comment.created),
    _links: { self: `${request.baseUrl}${BASE}/request/${issue.id}/comment/${comment.id}` },
  });
  route('GET', '/request/{issueIdOrKey}/comment', (request) => {
    const { issue } = requireRequest(request);
    const wantPublic = request.query.get('public') !== 'false';
    const wantInternal = request.query.get('internal') !== 'false';
    const customer = store.customerOnly.has(actor(request).accountId);
    const comments = issue.comments.filter((c) => {
      const isPublic = store.isPublic(issue, c);
      return isPublic ? wantPublic : wantInternal && !customer;
    });
    return paged(
      request,
      comments.map((c) => commentJson(request, issue, c)),
    );
  });
  route('POST', '/request/{issueIdOrKey}/comment', (request) => {
    const { issue } = requireRequest(request);
    const body = objectBody(request);
    if (typeof body.body !== 'string' || !body.body.trim()) throw fail(400, 'The comment body is required.');
    if (typeof body.public !== 'boolean') throw fail(400, "The 'public' field is required.");
    const comment = store.addComment(issue, body.body, actor(request).accountId, body.public);
    return { status: 201, body: commentJson(request, issue, comment) };
  });

  // SLAs -----------------------------------------------------------------------------------------
  route('GET', '/request/{issueIdOrKey}/sla', (request) => {
    const { issue, meta } = requireRequest(request);
    const slas = store.slaGoalsOf(meta.deskId).map((goal) => {
      const cycle = store.slaCycle(issue, goal);
      const common = {
        startTime: date(cycle.start),
        breachTime: date(cycle.start + cycle.goal),
        breached: cycle.breached,
        goalDuration: duration(cycle.goal),
        elapsedTime: duration(cycle.elapsed),
        remainingTime: duration(cycle.remaining),
      };
      return {
        id: goal.id,
        name: goal.name,
        _links: { self: `${request.baseUrl}${BASE}/request/${issue.id}/sla/${goal.id}` },
        completedCycles: cycle.stop === null ? [] : [{ ...common, stopTime: date(cycle.stop) }],
        ...(cycle.stop === null ? { ongoingCycle: { ...common, paused: false, withinCalendarHours: true } } : {}),
      };
    });
    return paged(request, slas);
  });

  // Approvals ------------------------------------------------------------------------------------
  const approvalJson = (request: SandboxRequest, issue: Issue, approval: Approval): Json => {
    const me = actorOf(jira, request.identity)?.accountId;
    return {
      id: approval.id,
      name: approval.name,
      finalDecision: approval.finalDecision,
      canAnswerApproval: approval.finalDecision === 'pending' && me !== undefined && approval.approverIds.includes(me),
      approvers: approval.approverIds.map((id) => ({
        approver: user(request, id) ?? {},
        approverDecision: approval.decisions.get(id) ?? 'pending',
      })),
      createdDate: date(approval.created),
      ...(approval.completed === null ? {} : { completedDate: date(approval.completed) }),
      _links: { self: `${request.baseUrl}${BASE}/request/${issue.id}/approval/${approval.id}` },
    };
  };
  route('GET', '/request/{issueIdOrKey}/approval', (request) => {
    const { issue, meta } = requireRequest(request);
    return paged(
      request,
      meta.approvals.map((a) => approvalJson(request, issue, a)),
    );
  });
  const requireApproval = (request: SandboxRequest): { issue: Issue; approval: Approval } => {
    const { issue, meta } = requireRequest(request);
    const approval = meta.approvals.find((a) => a.id === request.params.approvalId);
    if (!approval) throw fail(404, `Approval ${request.params.approvalId} does not exist on ${issue.key}.`);
    return { issue, approval };
  };
  route('GET', '/request/{issueIdOrKey}/approval/{approvalId}', (request) => {
    const { issue, approval } = requireApproval(request);
    return { status: 200, body: approvalJson(request, issue, approval) };
  });
  route('POST', '/request/{issueIdOrKey}/approval/{approvalId}', (request) => {
    const { issue, approval } = requireApproval(request);
    const me = actor(request);
    const decision = objectBody(request).decision;
    if (decision !== 'approve' && decision !== 'decline') throw fail(400, "The decision must be 'approve' or 'decline'.");
    if (!approval.approverIds.includes(me.accountId)) throw fail(403, 'You are not an approver of this request.');
    if (approval.finalDecision !== 'pending') throw fail(409, 'This approval has already been decided.');
    store.decide(issue, approval, me.accountId, decision === 'approve' ? 'approved' : 'declined');
    return { status: 200, body: approvalJson(request, issue, approval) };
  });

  // Transitions ----------------------------------------------------------------------------------
  // Service Management offers only customer transitions: here resolving and reopening a request.
  // The agents' workflow steps (Start Progress, Request Review...) are Jira's alone, as on a real
  // desk, where an agent gets an empty or short list from this endpoint.
  const customerTransitions = (issue: Issue) => jira.availableTransitions(issue).filter((t) => t.setsResolution || t.clearsResolution);
  route('GET', '/request/{issueIdOrKey}/transition', (request) => {
    const { issue } = requireRequest(request);
    return paged(
      request,
      customerTransitions(issue).map((t) => ({ id: t.id, name: t.name })),
    );
  });
  route('POST', '/request/{issueIdOrKey}/transition', (request) => {
    const { issue } = requireRequest(request);
    const body = objectBody(request);
    const transition = customerTransitions(issue).find((t) => t.id === String(body.id ?? ''));
    if (!transition) throw fail(400, `The transition '${String(body.id)}' is not valid for this request.`);
    const comment = body.additionalComment as Json | undefined;
    if (typeof comment?.body === 'string' && comment.body.trim()) store.addComment(issue, comment.body, actor(request).accountId, true);
    jira.transition(issue, transition.id);
    return { status: 204 };
  });

  // Participants ---------------------------------------------------------------------------------
  const participantsPage = (request: SandboxRequest, meta: RequestMeta) =>
    paged(
      request,
      meta.participantIds.map((id) => user(request, id)).filter((u): u is Json => u !== undefined),
    );
  const participantRefs = (request: SandboxRequest): string[] => {
    const body = objectBody(request);
    const refs = request.flavour === 'cloud' ? body.accountIds : body.usernames;
    if (!Array.isArray(refs)) throw fail(400, request.flavour === 'cloud' ? "'accountIds' is required." : "'usernames' is required.");
    return refs.map((ref) => userRef(request, String(ref)).accountId);
  };
  route('GET', '/request/{issueIdOrKey}/participant', (request) => participantsPage(request, requireRequest(request).meta));
  route('POST', '/request/{issueIdOrKey}/participant', (request) => {
    const { meta } = requireRequest(request);
    for (const id of participantRefs(request)) if (!meta.participantIds.includes(id)) meta.participantIds.push(id);
    return participantsPage(request, meta);
  });
  route('DELETE', '/request/{issueIdOrKey}/participant', (request) => {
    const { meta } = requireRequest(request);
    const gone = new Set(participantRefs(request));
    meta.participantIds = meta.participantIds.filter((id) => !gone.has(id));
    return participantsPage(request, meta);
  });

  // Queues ---------------------------------------------------------------------------------------
  const queueJson = (request: SandboxRequest, queue: (typeof store.queues)[number], counts: boolean): Json => ({
    id: queue.id,
    name: queue.name,
    jql: queue.jql,
    fields: queue.fields,
    ...(counts ? { issueCount: countJql(store, queue.jql) } : {}),
    _links: { self: `${request.baseUrl}${BASE}/servicedesk/${queue.deskId}/queue/${queue.id}` },
  });
  route('GET', '/servicedesk/{serviceDeskId}/queue', (request) => {
    const desk = requireDesk(request.params.serviceDeskId ?? '');
    const counts = request.query.get('includeCount') === 'true';
    return paged(
      request,
      store.queues.filter((q) => q.deskId === desk.id).map((q) => queueJson(request, q, counts)),
    );
  });
  route('GET', '/servicedesk/{serviceDeskId}/queue/{queueId}', (request) => {
    const desk = requireDesk(request.params.serviceDeskId ?? '');
    const queue = store.queues.find((q) => q.deskId === desk.id && q.id === request.params.queueId);
    if (!queue) throw fail(404, `Queue ${request.params.queueId} does not exist.`);
    return { status: 200, body: queueJson(request, queue, request.query.get('includeCount') === 'true') };
  });

  // Customers and organizations ------------------------------------------------------------------
  route(
    'GET',
    '/servicedesk/{serviceDeskId}/customer',
    (request) => {
      const desk = requireDesk(request.params.serviceDeskId ?? '');
      const query = (request.query.get('query') ?? '').toLowerCase();
      const customers = [...(store.customers.get(desk.id) ?? [])]
        .map((id) => jira.user(id))
        .filter((u): u is JiraUser => u !== undefined)
        .filter((u) => !query || u.displayName.toLowerCase().includes(query) || u.emailAddress.toLowerCase().includes(query));
      return paged(
        request,
        customers.map((u) => user(request, u.accountId) as Json),
      );
    },
    true,
  );
  route('POST', '/servicedesk/{serviceDeskId}/customer', (request) => {
    const desk = requireDesk(request.params.serviceDeskId ?? '');
    for (const id of participantRefs(request)) store.customers.get(desk.id)?.add(id);
    return { status: 204 };
  });
  const organizationJson = (request: SandboxRequest, organization: (typeof store.organizations)[number]): Json => ({
    id: organization.id,
    name: organization.name,
    _links: { self: `${request.baseUrl}${BASE}/organization/${organization.id}` },
  });
  route('GET', '/organization', (request) =>
    paged(
      request,
      store.organizations.map((o) => organizationJson(request, o)),
    ),
  );
  route('POST', '/organization', (request) => {
    const name = objectBody(request).name;
    if (typeof name !== 'string' || name.length < 1 || name.length > 200)
      throw fail(400, 'An organization name of 1 to 200 characters is required.');
    if (store.organizations.some((o) => o.name.toLowerCase() === name.toLowerCase()))
      throw fail(400, `An organization named '${name}' already exists.`);
    return { status: 201, body: organizationJson(request, store.addOrganization(name)) };
  });
  const requireOrganization = (request: SandboxRequest) => {
    const organization = store.organization(request.params.organizationId ?? '');
    if (!organization) throw fail(404, `Organization ${request.params.organizationId} does not exist.`);
    return organization;
  };
  route('GET', '/organization/{organizationId}/user', (request) =>
    paged(
      request,
      [...requireOrganization(request).userIds].map((id) => user(request, id)).filter((u): u is Json => u !== undefined),
    ),
  );
  route('POST', '/organization/{organizationId}/user', (request) => {
    const organization = requireOrganization(request);
    for (const id of participantRefs(request)) organization.userIds.add(id);
    return { status: 204 };
  });
  route('GET', '/servicedesk/{serviceDeskId}/organization', (request) => {
    const desk = requireDesk(request.params.serviceDeskId ?? '');
    return paged(
      request,
      store.organizations.filter((o) => o.deskIds.has(desk.id)).map((o) => organizationJson(request, o)),
    );
  });
  route('POST', '/servicedesk/{serviceDeskId}/organization', (request) => {
    const desk = requireDesk(request.params.serviceDeskId ?? '');
    const id = objectBody(request).organizationId;
    const organization = store.organization(String(id ?? ''));
    if (!organization) throw fail(404, `Organization ${String(id)} does not exist.`);
    organization.deskIds.add(desk.id);
    return { status: 204 };
  });

  // Attachments: uploaded as temporary files to a desk, then attached to a request by their ids ----
  const temporary = new Map<string, UploadedFile>();
  route('POST', '/servicedesk/{serviceDeskId}/attachTemporaryFile', (request) => {
    requireDesk(request.params.serviceDeskId ?? '');
    const header = request.headers['content-type'];
    const files = parseMultipart(Array.isArray(header) ? header[0] : header, request.rawBody).filter((f) => f.field === 'file');
    if (files.length === 0) throw fail(400, 'No file was attached.');
    const temporaryAttachments = files.map((file) => {
      const id = `temp${temporary.size + 1}`;
      temporary.set(id, file);
      return { temporaryAttachmentId: id, fileName: file.filename };
    });
    return { status: 201, body: { temporaryAttachments } };
  });
  route('POST', '/request/{issueIdOrKey}/attachment', (request) => {
    const { issue } = requireRequest(request);
    const me = actor(request);
    const body = objectBody(request);
    const ids = Array.isArray(body.temporaryAttachmentIds) ? body.temporaryAttachmentIds.map(String) : [];
    if (ids.length === 0 || typeof body.public !== 'boolean') throw fail(400, "'temporaryAttachmentIds' and 'public' are required.");
    const values = ids.map((id) => {
      const file = temporary.get(id);
      if (!file) throw fail(400, `The temporary attachment '${id}' does not exist or has expired.`);
      temporary.delete(id);
      const attachment = addAttachment(jira, {
        issueId: issue.id,
        filename: file.filename,
        mimeType: file.contentType,
        content: file.content,
        authorId: me.accountId,
      });
      return {
        filename: attachment.filename,
        mimeType: attachment.mimeType,
        size: attachment.content.length,
        author: user(request, me.accountId) ?? {},
        created: date(attachment.created),
      };
    });
    const attachments = { size: values.length, start: 0, limit: values.length, isLastPage: true, values };
    return { status: 201, body: { attachments } };
  });

  // Knowledge base -------------------------------------------------------------------------------
  const articles = (request: SandboxRequest, deskId: string | null): SandboxResponse => {
    const query = request.query.get('query');
    if (!query) throw fail(400, "The 'query' parameter is required.");
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    const found = store.articles.filter(
      (a) => (deskId === null || a.deskId === deskId) && words.some((w) => `${a.title} ${a.excerpt}`.toLowerCase().includes(w)),
    );
    return paged(
      request,
      found.map((a) => ({
        title: a.title,
        excerpt: a.excerpt,
        source: { type: 'confluence', pageId: a.pageId, spaceKey: a.spaceKey },
        content: { iframeSrc: `${request.siteUrl}/rest/servicedeskapi/knowledgebase/article/view/${a.pageId}` },
      })),
    );
  };
  route('GET', '/knowledgebase/article', (request) => articles(request, null));
  route('GET', '/servicedesk/{serviceDeskId}/knowledgebase/article', (request) =>
    articles(request, requireDesk(request.params.serviceDeskId ?? '').id),
  );
}

function intQuery(request: SandboxRequest, name: string, fallback: number): number {
  const raw = request.query.get(name);
  if (raw === null || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw fail(400, `The '${name}' parameter must be an integer.`);
  return n;
}

function objectBody(request: SandboxRequest): Json {
  const body = request.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw fail(400, 'The request body must be a JSON object.');
  return body as Json;
}

/** How many issues a queue's JQL finds (what `includeCount=true` adds). */
function countJql(store: JsmStore, jql: string): number {
  return searchIssues(store.jira, jql, { currentUserId: null, now: store.jira.now() }).issues.length;
}
