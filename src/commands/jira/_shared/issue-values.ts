import type { OptionValues } from '@commander-js/extra-typings';
import type { FlagCommand, NoFlags, OptionsOf } from '../../spec.js';
import type { Factory } from '../../../factory.js';
import type { JiraContext } from '../../../jira/context.js';
import { customFields } from '../../../jira/fields.js';
import type { IssueChanges } from '../../../jira/issues.js';
import { canonicalName } from '../../../jira/meta.js';
import { parentFields, type ParentOf } from '../../../jira/parent.js';
import { toJiraText } from '../../../jira/text.js';
import { userRef, type AssignableScope } from '../../../jira/users.js';
import { bodyText, collect } from '../../../cmdutil/input.js';

/** The value flags `issue create` and `issue edit` share. */
export function issueValueOptions<Options extends OptionValues>(command: FlagCommand<Options>, labelHelp: string) {
  return command
    .option('--summary <text>', 'the summary (title)')
    .option('--description <markdown>', 'the description, in Markdown')
    .option('--description-file <path>', 'read the description (Markdown) from a file, - for stdin')
    .option('--assignee <user>', 'me, none, or an email/user name/account id')
    .option('--label <label>', labelHelp, collect)
    .option('--priority <name>', 'priority name, e.g. High')
    .option('--parent <key>', 'parent issue: the epic, or the parent of a sub-task (Data Center: the Epic Link for a non-sub-task)')
    .option('--component <name>', 'component (repeatable)', collect)
    .option(
      '--field <name=value>',
      'any field by name or id, converted by its type (repeatable); a cascading select takes "Parent > Child"',
      collect,
    );
}

export type IssueValueOptions = OptionsOf<ReturnType<typeof issueValueOptions<NoFlags>>>;

/** Splits `--label +a --label -b --label c` into labels to add and to remove (plain ones add). */
export function labelChanges(labels: readonly string[]): { add: string[]; remove: string[] } {
  const add: string[] = [];
  const remove: string[] = [];
  for (const raw of labels) {
    for (const part of raw
      .split(',')
      .map((l) => l.trim())
      .filter((l) => l !== '')) {
      if (part.startsWith('-')) remove.push(part.slice(1));
      else add.push(part.startsWith('+') ? part.slice(1) : part);
    }
  }
  return { add: add.filter((l) => l !== ''), remove: remove.filter((l) => l !== '') };
}

/**
 * The `fields` (and, for edits, `update`) a set of value flags ask for. On create, labels are the
 * list given; on edit they are add/remove operations so existing labels survive. `assignable` is
 * where an --assignee is looked for (the project on create, the issue on edit); `parentOf` which
 * issue gets the --parent (on Data Center a non-sub-task gets the Epic Link instead).
 */
export async function issueChanges(
  f: Factory,
  ctx: JiraContext,
  options: IssueValueOptions,
  mode: 'create' | 'edit',
  description?: string,
  assignable?: AssignableScope,
  parentOf?: ParentOf,
): Promise<IssueChanges & { fields: Record<string, unknown> }> {
  const fields: Record<string, unknown> = {};
  const update: Record<string, unknown[]> = {};
  if (options.summary !== undefined) fields.summary = options.summary;
  const text =
    description ?? (await bodyText(f, options.description, options.descriptionFile, false, ['--description', '--description-file']));
  if (text !== undefined) fields.description = await toJiraText(ctx, text);
  if (options.assignee !== undefined) fields.assignee = await userRef(ctx, options.assignee, assignable);
  if (options.priority !== undefined) fields.priority = { name: await canonicalName(ctx, 'priority', options.priority) };
  if (options.parent !== undefined) {
    // Data Center takes `parent` only on sub-tasks; for anything else it is the Epic Link.
    Object.assign(
      fields,
      parentOf ? await parentFields(ctx, options.parent, parentOf) : { parent: { key: options.parent.trim().toUpperCase() } },
    );
  }
  if (options.component && options.component.length > 0) fields.components = options.component.map((name) => ({ name }));
  if (options.label && options.label.length > 0) {
    const { add, remove } = labelChanges(options.label);
    if (mode === 'create') fields.labels = add;
    else update.labels = [...add.map((l) => ({ add: l })), ...remove.map((l) => ({ remove: l }))];
  }
  Object.assign(fields, await customFields(ctx, options.field ?? []));
  return mode === 'edit' ? { fields, update } : { fields };
}
