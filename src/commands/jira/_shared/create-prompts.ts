import type { Factory, Prompter } from '../../../factory.js';
import type { JiraContext } from '../../../jira/context.js';
import { creatableIssueTypes, listPriorities } from '../../../jira/meta.js';
import { listProjects } from '../../../jira/projects.js';
import { assignableUsers } from '../../../jira/users.js';

/** What `issue create` asks for on a terminal when flags leave it open. */
export interface CreateAnswers {
  project: string;
  type: string;
  summary: string;
  /** Markdown written in the editor; undefined when the user chose not to write one. */
  description?: string | undefined;
  /** A priority name; undefined for the project's default. */
  priority?: string | undefined;
  /** `me`, `none`, or an account id (Cloud) / user name (Data Center). */
  assignee?: string | undefined;
}

export interface CreateGiven {
  project?: string | undefined;
  type?: string | undefined;
  summary?: string | undefined;
  /** Whether a description came from a flag or stdin: then the editor is not offered. */
  hasDescription: boolean;
  priority?: string | undefined;
  assignee?: string | undefined;
}

const required = (v: string) => (v.trim() ? true : 'required');

/**
 * A pick-list of what the site has, or a plain question when the list cannot be read (permissions,
 * a scoped token) or is empty, so a lookup never stops the create.
 */
async function pick(prompter: Prompter, message: string, load: () => Promise<Array<{ value: string; name: string }>>): Promise<string> {
  const choices = await load().catch(() => []);
  if (choices.length === 0) return prompter.input(message, { validate: required });
  return prompter.select(message, choices);
}

/**
 * The interactive create (a terminal, and --project, --type or --summary missing): projects, issue
 * types, priorities and assignable people offered as pick-lists, and the description written in
 * $VISUAL/$EDITOR. What a flag gave is not asked again.
 */
export async function askForCreate(f: Factory, ctx: JiraContext, given: CreateGiven): Promise<CreateAnswers> {
  const prompter = await f.prompter();
  const project = (
    given.project?.trim() ||
    (await pick(prompter, 'Project:', async () => {
      const projects = [];
      for await (const p of listProjects(ctx)) projects.push({ value: p.key, name: `${p.key}  ${p.name.trim()}` });
      return projects;
    }))
  ).toUpperCase();
  const type =
    given.type?.trim() ||
    (await pick(prompter, 'Issue type:', async () =>
      (
        await creatableIssueTypes(ctx, project)
      )
        .filter((t) => t.name && !(t as { subtask?: boolean }).subtask)
        .map((t) => ({ value: t.name!, name: t.name! })),
    ));
  const summary = given.summary?.trim() || (await prompter.input('Summary:', { validate: required }));
  let description: string | undefined;
  if (!given.hasDescription && (await prompter.confirm('Write a description in your editor?', false))) {
    description = (await f.editText('', 'description.md')).trim() || undefined;
  }
  let priority = given.priority;
  if (priority === undefined) {
    const priorities = await listPriorities(ctx).catch(() => []);
    const names = priorities.map((p) => p.name).filter((n): n is string => typeof n === 'string' && n !== '');
    if (names.length > 0) {
      const chosen = await prompter.select('Priority:', [
        { value: '', name: "(the project's default)" },
        ...names.map((n) => ({ value: n, name: n })),
      ]);
      priority = chosen || undefined;
    }
  }
  let assignee = given.assignee;
  if (assignee === undefined) {
    const people = await assignableUsers(ctx, project).catch(() => []);
    const choices = people.flatMap((u) => {
      const id = ctx.deployment === 'cloud' ? u.accountId : u.name;
      return id ? [{ value: id, name: u.displayName ?? id }] : [];
    });
    const chosen = await prompter.select('Assignee:', [{ value: 'none', name: 'Unassigned' }, { value: 'me', name: 'Me' }, ...choices]);
    assignee = chosen === 'none' ? undefined : chosen;
  }
  return { project, type, summary, description, priority, assignee };
}
