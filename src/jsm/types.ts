/** What `/rest/servicedeskapi` answers (the fields atl reads; `--json` prints whole objects as sent). */

export interface ServiceDesk {
  id: string;
  projectId: string;
  projectKey: string;
  projectName: string;
}

export interface RequestType {
  id: string;
  name: string;
  description?: string;
  issueTypeId?: string;
  serviceDeskId?: string;
}

export interface FieldValue {
  value: string;
  label: string;
  children?: FieldValue[];
}

export interface RequestTypeField {
  fieldId: string;
  name: string;
  description?: string;
  required: boolean;
  visible?: boolean;
  validValues?: FieldValue[];
  defaultValues?: FieldValue[];
  presetValues?: string[];
  jiraSchema?: { type: string; items?: string; system?: string; custom?: string; customId?: number };
}

export interface RequestCreateMeta {
  canRaiseOnBehalfOf?: boolean;
  canAddRequestParticipants?: boolean;
  requestTypeFields: RequestTypeField[];
}

export interface SdDate {
  iso8601?: string;
  epochMillis?: number;
  friendly?: string;
}

export interface SdUser {
  accountId?: string;
  name?: string;
  key?: string;
  displayName?: string;
  emailAddress?: string;
}

export interface CustomerRequest {
  issueId: string;
  issueKey: string;
  summary?: string;
  requestTypeId: string;
  serviceDeskId: string;
  createdDate?: SdDate;
  reporter?: SdUser;
  requestFieldValues?: Array<{ fieldId: string; label?: string; value?: unknown }>;
  currentStatus?: { status: string; statusCategory?: string; statusDate?: SdDate };
  requestType?: RequestType;
  participants?: { values?: SdUser[] };
  _links?: { web?: string; agent?: string; self?: string };
}

export interface SdComment {
  id: string;
  body: string;
  public?: boolean;
  author?: SdUser;
  created?: SdDate;
}

export interface SdDuration {
  millis: number;
  friendly?: string;
}

export interface SlaCycle {
  breached?: boolean;
  paused?: boolean;
  goalDuration?: SdDuration;
  elapsedTime?: SdDuration;
  remainingTime?: SdDuration;
  startTime?: SdDate;
  stopTime?: SdDate;
}

export interface Sla {
  id: string;
  name: string;
  ongoingCycle?: SlaCycle;
  completedCycles?: SlaCycle[];
}

export interface Approval {
  id: string;
  name?: string;
  finalDecision: string;
  canAnswerApproval?: boolean;
  approvers?: Array<{ approver?: SdUser; approverDecision?: string }>;
}

export interface Queue {
  id: string;
  name: string;
  jql: string;
  fields?: string[];
  issueCount?: number;
}

export interface Organization {
  id: string;
  name: string;
}

export interface Article {
  title?: string;
  excerpt?: string;
  source?: { type?: string; pageId?: string; spaceKey?: string };
  content?: { iframeSrc?: string };
}
