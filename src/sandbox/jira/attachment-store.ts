/**
 * The sandbox's attachments, kept beside the Jira store (by attachment id) so that the issue model
 * stays as it is: routes-attachment.ts adds, serves and deletes them, render.ts lists an issue's.
 */
import type { Issue, JiraStore } from './store.js';

export interface SandboxAttachment {
  id: string;
  issueId: string;
  filename: string;
  mimeType: string;
  content: Buffer;
  authorId: string;
  created: number;
}

const attachmentsByStore = new WeakMap<JiraStore, Map<string, SandboxAttachment>>();
let nextAttachmentId = 10000;

/** Every attachment of the store, by id. */
export function attachmentsOf(store: JiraStore): Map<string, SandboxAttachment> {
  let byId = attachmentsByStore.get(store);
  if (!byId) attachmentsByStore.set(store, (byId = new Map()));
  return byId;
}

/** An issue's attachments, oldest first (as Jira lists them). */
export function issueAttachments(store: JiraStore, issue: Issue): SandboxAttachment[] {
  return [...(attachmentsByStore.get(store)?.values() ?? [])].filter((a) => a.issueId === issue.id);
}

export function addAttachment(store: JiraStore, input: Omit<SandboxAttachment, 'id' | 'created'>): SandboxAttachment {
  const attachment: SandboxAttachment = { ...input, id: String(nextAttachmentId++), created: store.now() };
  attachmentsOf(store).set(attachment.id, attachment);
  return attachment;
}
