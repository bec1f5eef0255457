/**
 * The sandbox's Service Management data. A request is a Jira issue (kept in the sandbox Jira's
 * store, so `atl jira issue view` sees it); this store holds only what Service Management adds to
 * it: the desk and request type, the request-type field values, participants, which comments are
 * internal, approvals. Desks, request types, customers, organizations, queues (JQL), SLA goals and
 * knowledge-base articles are its own.
 */
import { wiki } from '../jira/richtext.js';
import type { Comment, Issue, JiraStore } from '../jira/store.js';

export interface Desk {
  id: string;
  projectId: string;
  projectKey: string;
  projectName: string;
}

/** How a request-type field is typed in Jira (`jiraSchema`) and what it accepts. */
export interface RequestTypeField {
  fieldId: string;
  name: string;
  description: string;
  required: boolean;
  jiraSchema: { type: string; system?: string; custom?: string; customId?: number; items?: string };
  validValues: Array<{ value: string; label: string }>;
}

export interface RequestType {
  id: string;
  deskId: string;
  name: string;
  description: string;
  issueTypeId: string;
  fields: RequestTypeField[];
  /** Requests of this type start with a pending approval by these account ids. */
  approverIds: string[];
}

export interface Approval {
  id: string;
  name: string;
  approverIds: string[];
  decisions: Map<string, 'approved' | 'declined'>;
  finalDecision: 'pending' | 'approved' | 'declined';
  created: number;
  completed: number | null;
}

/** What Service Management knows about a request beyond its Jira issue. */
export interface RequestMeta {
  issueId: string;
  deskId: string;
  requestTypeId: string;
  /** Field values by field id, as sent (neutral form: string, option id, account id). */
  values: Record<string, unknown>;
  participantIds: string[];
  /** Comment ids of internal notes; every other comment is public. */
  internalCommentIds: Set<string>;
  approvals: Approval[];
}

export interface Queue {
  id: string;
  deskId: string;
  name: string;
  jql: string;
  fields: string[];
}

export interface SlaGoal {
  id: string;
  deskId: string;
  name: string;
  goalMillis: number;
}

export interface Organization {
  id: string;
  name: string;
  created: number;
  userIds: Set<string>;
  deskIds: Set<string>;
}

export interface Article {
  deskId: string;
  title: string;
  excerpt: string;
  pageId: string;
  spaceKey: string;
}

/** One SLA cycle, computed from the clock: ongoing while the request is not done. */
export interface SlaCycle {
  start: number;
  stop: number | null;
  goal: number;
  elapsed: number;
  remaining: number;
  breached: boolean;
}

export class JsmStore {
  readonly desks: Desk[] = [];
  readonly requestTypes: RequestType[] = [];
  readonly queues: Queue[] = [];
  readonly slaGoals: SlaGoal[] = [];
  readonly organizations: Organization[] = [];
  readonly articles: Article[] = [];
  /** Customers of each desk (account ids). */
  readonly customers = new Map<string, Set<string>>();
  /** Users who may only use the portal: refused as `raiseOnBehalfOf` agents and as approvers' delegates. */
  readonly customerOnly = new Set<string>();
  private readonly requests = new Map<string, RequestMeta>();
  private nextId = 1;
  /** Organizations are numbered on their own (Acme Corp is 1), as each kind is on a site. */
  private nextOrganizationId = 1;

  constructor(readonly jira: JiraStore) {
    // Jira's comments on a request say whether they are public on the portal (jsdPublic, sd.public.comment).
    jira.serviceDeskCommentPublic = (issue, comment) => (this.request(issue) ? this.isPublic(issue, comment) : undefined);
  }

  private id(): string {
    return String(this.nextId++);
  }

  addDesk(project: { id: string; key: string; name: string }): Desk {
    const desk: Desk = { id: this.id(), projectId: project.id, projectKey: project.key, projectName: project.name };
    this.desks.push(desk);
    this.customers.set(desk.id, new Set());
    return desk;
  }

  /** A desk by id, `KEY`, `projectKey:KEY` or `projectId:N` (as the API's path parameter takes). */
  desk(ref: string): Desk | undefined {
    if (ref.startsWith('projectKey:')) return this.desks.find((d) => d.projectKey === ref.slice('projectKey:'.length));
    if (ref.startsWith('projectId:')) return this.desks.find((d) => d.projectId === ref.slice('projectId:'.length));
    return this.desks.find((d) => d.id === ref || d.projectKey === ref);
  }

  deskOf(issue: Issue): Desk | undefined {
    return this.desks.find((d) => d.projectId === issue.projectId);
  }

  addRequestType(input: Omit<RequestType, 'id' | 'approverIds'> & { approverIds?: string[] }): RequestType {
    const type: RequestType = { id: this.id(), approverIds: [], ...input };
    this.requestTypes.push(type);
    return type;
  }

  requestTypesOf(deskId: string): RequestType[] {
    return this.requestTypes.filter((t) => t.deskId === deskId);
  }

  addQueue(input: Omit<Queue, 'id'>): Queue {
    const queue = { id: this.id(), ...input };
    this.queues.push(queue);
    return queue;
  }

  addSlaGoal(input: Omit<SlaGoal, 'id'>): SlaGoal {
    const goal = { id: this.id(), ...input };
    this.slaGoals.push(goal);
    return goal;
  }

  addOrganization(name: string): Organization {
    const organization: Organization = {
      id: String(this.nextOrganizationId++),
      name,
      created: this.jira.now(),
      userIds: new Set(),
      deskIds: new Set(),
    };
    this.organizations.push(organization);
    return organization;
  }

  organization(id: string): Organization | undefined {
    return this.organizations.find((o) => o.id === id);
  }

  /** Records an issue as a request of `type` (the issue already exists in the Jira store). */
  addRequest(issue: Issue, type: RequestType, values: Record<string, unknown>, participantIds: string[] = []): RequestMeta {
    const meta: RequestMeta = {
      issueId: issue.id,
      deskId: type.deskId,
      requestTypeId: type.id,
      values,
      participantIds: [...new Set(participantIds)],
      internalCommentIds: new Set(),
      approvals: [],
    };
    if (type.approverIds.length > 0) {
      meta.approvals.push({
        id: this.id(),
        name: 'Manager approval',
        approverIds: [...type.approverIds],
        decisions: new Map(),
        finalDecision: 'pending',
        created: issue.created,
        completed: null,
      });
    }
    this.requests.set(issue.id, meta);
    return meta;
  }

  request(issue: Issue): RequestMeta | undefined {
    return this.requests.get(issue.id);
  }

  /** Every request issue of a desk, in key order. */
  requestIssues(deskId: string): Issue[] {
    const out: Issue[] = [];
    for (const meta of this.requests.values()) {
      if (meta.deskId !== deskId) continue;
      const issue = this.jira.issues.get(meta.issueId);
      if (issue) out.push(issue);
    }
    return out;
  }

  allRequests(): Array<{ issue: Issue; meta: RequestMeta }> {
    const out: Array<{ issue: Issue; meta: RequestMeta }> = [];
    for (const meta of this.requests.values()) {
      const issue = this.jira.issues.get(meta.issueId);
      if (issue) out.push({ issue, meta });
    }
    return out;
  }

  addComment(issue: Issue, body: string, authorId: string, isPublic: boolean, created?: number): Comment {
    const comment = this.jira.addComment(issue, wiki(body), authorId, created);
    if (!isPublic) this.request(issue)?.internalCommentIds.add(comment.id);
    return comment;
  }

  isPublic(issue: Issue, comment: Comment): boolean {
    return !this.request(issue)?.internalCommentIds.has(comment.id);
  }

  /**
   * Records one approver's decision. The approval is final on the first decision (one approver
   * decides, as the sandbox's approvals need); the request then moves on: approved → In Progress,
   * declined → Done with the resolution "Won't Do".
   */
  decide(issue: Issue, approval: Approval, accountId: string, decision: 'approved' | 'declined'): void {
    approval.decisions.set(accountId, decision);
    approval.finalDecision = decision;
    approval.completed = this.jira.now();
    const target = decision === 'approved' ? this.jira.status('In Progress') : this.jira.status('Done');
    const transition = this.jira.availableTransitions(issue).find((t) => t.toStatusId === target?.id);
    if (transition) this.jira.transition(issue, transition.id, decision === 'declined' ? { resolutionId: '10001' } : {});
  }

  /** The SLA cycle of a goal on a request: started at creation, stopped when the request is done. */
  slaCycle(issue: Issue, goal: SlaGoal): SlaCycle {
    const done = this.jira.statusOf(issue).categoryKey === 'done';
    const stop = done ? (issue.resolutionDate ?? issue.updated) : null;
    const elapsed = Math.max(0, (stop ?? this.jira.now()) - issue.created);
    const remaining = goal.goalMillis - elapsed;
    return { start: issue.created, stop, goal: goal.goalMillis, elapsed, remaining, breached: remaining < 0 };
  }

  slaGoalsOf(deskId: string): SlaGoal[] {
    return this.slaGoals.filter((g) => g.deskId === deskId);
  }
}
