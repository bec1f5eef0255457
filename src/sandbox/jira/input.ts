/**
 * Request bodies → store input. Jira's create/edit/transition bodies (`IssueUpdateDetails` on
 * Cloud, `IssueUpdateBean` on Data Center) carry `fields` (values to set) and `update` (operations:
 * `set`, `add`, `remove`, per field). The flavours differ in exactly the places clients get wrong,
 * and we check those the way Jira does:
 * - rich text: Cloud v3 takes an ADF document and refuses a string; Data Center takes a wiki string;
 * - users: Cloud takes `{"accountId": ...}`; Data Center takes `{"name": ...}` (or `key`).
 * Errors are collected per field into Jira's `{"errors": {field: message}}` 400.
 */
import type { Flavour } from '../types.js';
import { fieldErrors } from './errors.js';
import { isAdfDoc, type RichText } from './richtext.js';
import {
  SPRINT_FIELD,
  STORY_POINTS_FIELD,
  TEAM_FIELD,
  type FieldDef,
  type Issue,
  type IssueInput,
  type JiraStore,
  type Project,
} from './store.js';

export interface ParsedUpdate {
  input: IssueInput;
  /** Comments from `update.comment[].add.body`. */
  comments: RichText[];
  /** `fields.resolution` (transitions only). */
  resolutionId?: string;
}

type Json = Record<string, unknown>;

/** Jira Data Center's answer to `parent` on an issue type that is not a sub-task. */
export const DC_PARENT_NOT_SUBTASK = 'Issue type is not a sub-task but parent issue key or id specified.';

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `{"id": ...}`, `{"key": ...}`, `{"name": ...}` or a bare string → the reference text. */
function refText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (!isObject(value)) return undefined;
  for (const k of ['id', 'key', 'name', 'value']) {
    const v = value[k];
    if (typeof v === 'string' && v) return v;
    if (typeof v === 'number') return String(v);
  }
  return undefined;
}

/** The first of `keys` that holds a string in an object (`{"name"}`, else `{"id"}`); undefined for anything else. */
function stringMember(value: unknown, keys: readonly string[]): string | undefined {
  if (!isObject(value)) return undefined;
  const key = keys.find((k) => typeof value[k] === 'string');
  return key === undefined ? undefined : (value[key] as string);
}

export class UpdateParser {
  private readonly errors: Record<string, string> = {};
  private readonly input: IssueInput = {};
  private readonly comments: RichText[] = [];
  private resolutionId: string | undefined;

  constructor(
    private readonly store: JiraStore,
    private readonly flavour: Flavour,
    private readonly mode: 'create' | 'edit' | 'transition',
    private readonly issue?: Issue,
  ) {}

  parse(body: unknown): ParsedUpdate {
    if (!isObject(body)) throw fieldErrors({ body: 'The request body must be a JSON object.' });
    const fields = body.fields ?? {};
    const update = body.update ?? {};
    if (!isObject(fields)) this.errors.fields = 'fields must be an object';
    if (!isObject(update)) this.errors.update = 'update must be an object';
    if (isObject(fields)) {
      // The project first: components are looked up in it.
      if ('project' in fields) this.setField('project', fields.project);
      for (const [id, value] of Object.entries(fields)) if (id !== 'project') this.setField(id, value);
    }
    if (isObject(update)) {
      for (const [id, ops] of Object.entries(update)) {
        if (!Array.isArray(ops)) {
          this.errors[id] = `Field '${id}': update operations must be an array.`;
          continue;
        }
        for (const op of ops) this.applyOperation(id, op);
      }
    }
    this.checkDataCenterParent(isObject(fields) ? fields.parent : undefined);
    if (Object.keys(this.errors).length > 0) throw fieldErrors(this.errors);
    const parsed: ParsedUpdate = { input: this.input, comments: this.comments };
    if (this.resolutionId !== undefined) parsed.resolutionId = this.resolutionId;
    return parsed;
  }

  /**
   * Data Center has `parent` only for sub-tasks: a story, task or bug is put under an epic with the
   * Epic Link field, and a `parent` on it is refused as Jira DC refuses it.
   */
  private checkDataCenterParent(parent: unknown): void {
    if (this.flavour !== 'datacenter' || parent === undefined || parent === null || this.errors.parent) return;
    const typeId = this.input.issueTypeId ?? this.issue?.issueTypeId;
    const type = typeId === undefined ? undefined : this.store.issueTypes.find((t) => t.id === typeId);
    if (type && !type.subtask) this.errors.parent = DC_PARENT_NOT_SUBTASK;
  }

  private project(): Project | undefined {
    if (this.input.projectId) return this.store.projects.find((p) => p.id === this.input.projectId);
    return this.issue ? this.store.projectOf(this.issue) : undefined;
  }

  private richText(id: string, value: unknown): RichText | null | undefined {
    if (value === null) return null;
    if (this.flavour === 'cloud') {
      if (isAdfDoc(value)) return { format: 'adf', doc: value };
      this.errors[id] = 'Operation value must be an Atlassian Document (see the Atlassian Document Format)';
      return undefined;
    }
    if (typeof value === 'string') return value === '' ? null : { format: 'wiki', text: value };
    this.errors[id] = 'Operation value must be a string';
    return undefined;
  }

  private userId(id: string, value: unknown): string | null | undefined {
    if (value === null) return null;
    if (!isObject(value)) {
      this.errors[id] = `Specify a valid value for ${id}`;
      return undefined;
    }
    if (this.flavour === 'cloud') {
      if (value.accountId === null) return null;
      if (typeof value.accountId !== 'string') {
        this.errors[id] = `Specify a valid value for ${id}`;
        return undefined;
      }
      if (value.accountId === '-1') return this.project()?.leadAccountId ?? null;
      const user = this.store.user(value.accountId);
      if (!user) {
        this.errors[id] = `User with accountId '${value.accountId}' does not exist`;
        return undefined;
      }
      return user.accountId;
    }
    const ref = typeof value.name === 'string' ? value.name : typeof value.key === 'string' ? value.key : undefined;
    if (value.name === null || value.key === null) return null;
    if (ref === undefined) {
      this.errors[id] = `Specify a valid value for ${id}`;
      return undefined;
    }
    const user = [...this.store.users.values()].find((u) => u.name.toLowerCase() === ref.toLowerCase() || u.key === ref);
    if (!user) {
      this.errors[id] = `User '${ref}' does not exist.`;
      return undefined;
    }
    return user.accountId;
  }

  private labels(id: string, value: unknown): string[] | undefined {
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
      this.errors[id] = 'Field labels must be an array of strings';
      return undefined;
    }
    return value as string[];
  }

  private componentId(value: unknown): string | undefined {
    const ref = refText(value);
    const project = this.project();
    const found =
      ref === undefined || !project
        ? undefined
        : project.components.find((c) => c.id === ref || c.name.toLowerCase() === ref.toLowerCase());
    if (!found) {
      this.errors.components = `Component name '${ref ?? ''}' is not valid`;
      return undefined;
    }
    return found.id;
  }

  /**
   * A field that names one thing (`{"id"}`, `{"key"}`, `{"name"}`, `{"value"}` or bare text): null
   * clears it; otherwise what `find` finds for the reference, or undefined with Jira's error for the
   * field recorded (`invalid`, or what it says for the reference: undefined when the value held none).
   */
  private reference<T>(
    id: string,
    value: unknown,
    find: (ref: string) => T | undefined,
    invalid: string | ((ref: string | undefined) => string),
  ): T | null | undefined {
    if (value === null) return null;
    const ref = refText(value);
    const found = ref === undefined ? undefined : find(ref);
    if (found === undefined) this.errors[id] = typeof invalid === 'string' ? invalid : invalid(ref);
    return found;
  }

  private setField(id: string, value: unknown): void {
    const { store, input } = this;
    switch (id) {
      case 'project': {
        const ref = refText(value);
        const project = ref === undefined ? undefined : store.project(ref);
        if (!project) this.errors.project = 'Specify a valid project ID or key';
        else input.projectId = project.id;
        return;
      }
      case 'issuetype': {
        const ref = refText(value);
        const type = ref === undefined ? undefined : store.issueType(ref);
        if (!type) this.errors.issuetype = 'Specify a valid issue type';
        else input.issueTypeId = type.id;
        return;
      }
      case 'summary':
        if (typeof value !== 'string') this.errors.summary = 'Operation value must be a string';
        else input.summary = value;
        return;
      case 'description': {
        const rich = this.richText(id, value);
        if (rich !== undefined) input.description = rich;
        return;
      }
      case 'priority': {
        const priority = this.reference(id, value, (ref) => store.priority(ref), 'Specify the Priority (id or name) in the string format');
        if (priority !== undefined) input.priorityId = priority?.id ?? null;
        return;
      }
      case 'assignee':
      case 'reporter': {
        const userId = this.userId(id, value);
        if (userId !== undefined) input[id === 'assignee' ? 'assigneeId' : 'reporterId'] = userId;
        return;
      }
      case 'labels': {
        const labels = this.labels(id, value);
        if (labels) input.labels = labels;
        return;
      }
      case 'components': {
        if (!Array.isArray(value)) {
          this.errors.components = 'Field components must be an array';
          return;
        }
        const ids = value.map((v) => this.componentId(v));
        if (ids.every((x): x is string => x !== undefined)) input.componentIds = ids;
        return;
      }
      case 'parent': {
        const parent = this.reference(id, value, (ref) => store.issue(ref), 'Could not find issue by id or key.');
        if (parent !== undefined) input.parentId = parent?.id ?? null;
        return;
      }
      case 'resolution': {
        if (this.mode !== 'transition') {
          this.errors.resolution = "Field 'resolution' cannot be set. It is not on the appropriate screen, or unknown.";
          return;
        }
        const ref = refText(value);
        const r = ref === undefined ? undefined : store.resolution(ref);
        if (!r) this.errors.resolution = "Could not find valid 'id' or 'name' in resolution object.";
        else this.resolutionId = r.id;
        return;
      }
      case STORY_POINTS_FIELD:
        if (value !== null && typeof value !== 'number') this.errors[id] = 'Operation value must be a number';
        else input.custom = { ...input.custom, [id]: value };
        return;
      case TEAM_FIELD: {
        const options = store.fields.find((f) => f.id === TEAM_FIELD)?.options ?? [];
        const option = this.reference(
          id,
          value,
          (ref) => options.find((o) => o.id === ref || o.value.toLowerCase() === ref.toLowerCase()),
          (ref) => `Option value '${ref ?? ''}' is not valid`,
        );
        if (option !== undefined) input.custom = { ...input.custom, [id]: option?.id ?? null };
        return;
      }
      case SPRINT_FIELD: {
        if (value === null) {
          input.sprintIds = [];
          return;
        }
        // Jira takes one sprint id, as a number: not a string, not a list.
        if (typeof value !== 'number' || !Number.isInteger(value)) {
          this.errors[id] = 'Number value expected as the Sprint id.';
          return;
        }
        const sprint = store.sprint(value);
        if (!sprint) this.errors[id] = `Sprint with id ${value} does not exist.`;
        else input.sprintIds = [sprint.id];
        return;
      }
      default: {
        const def = store.fields.find((f) => f.id === id && f.custom && (!f.only || f.only === this.flavour));
        if (def) this.customValue(def, value);
        else this.errors[id] = `Field '${id}' cannot be set. It is not on the appropriate screen, or unknown.`;
      }
    }
  }

  /**
   * Custom fields whose value has its own shape, checked as Jira checks them: a group picker takes
   * `{"name"}`, a multi group picker a list of them; an Atlassian team its id string; a cascading
   * select `{"value", "child": {"value"}}`; version pickers `{"name"}` (or `{"id"}`) of the project's
   * versions; Data Center's Epic Link an epic's key. Stored in neutral form (names, ids).
   */
  private customValue(def: FieldDef, value: unknown): void {
    const id = def.id;
    const set = (neutral: unknown) => {
      this.input.custom = { ...this.input.custom, [id]: neutral };
    };
    if (value === null) {
      if (def.schema?.custom?.endsWith(':gh-epic-link')) this.input.parentId = null;
      else set(null);
      return;
    }
    const custom = def.schema?.custom ?? '';
    const kind = custom.slice(custom.lastIndexOf(':') + 1);
    const many = def.schema?.type === 'array';
    const items = many ? value : [value];
    if (!Array.isArray(items)) {
      this.errors[id] = 'data was not an array';
      return;
    }
    switch (kind) {
      case 'grouppicker':
      case 'multigrouppicker': {
        const names: string[] = [];
        for (const item of items) {
          const name = isObject(item) && typeof item.name === 'string' ? item.name : undefined;
          if (name === undefined) {
            this.errors[id] = `Specify a valid group for ${def.name}: {"name": "group name"}.`;
            return;
          }
          if (!this.store.groups.includes(name)) {
            this.errors[id] = `Group '${name}' does not exist.`;
            return;
          }
          names.push(name);
        }
        set(many ? names : names[0]);
        return;
      }
      case 'version':
      case 'multiversion': {
        const project = this.project();
        const ids: string[] = [];
        for (const item of items) {
          const ref = stringMember(item, ['name', 'id']);
          if (ref === undefined) {
            this.errors[id] = `Specify a valid version for ${def.name}: {"name": "version name"} or {"id": "version id"}.`;
            return;
          }
          const version = project?.versions.find((v) => v.id === ref || v.name === ref);
          if (!version) {
            this.errors[id] = `Version name '${ref}' is not valid`;
            return;
          }
          ids.push(version.id);
        }
        set(many ? ids : ids[0]);
        return;
      }
      case 'atlassian-team': {
        if (typeof value !== 'string') {
          this.errors[id] = `Team id must be a string: the id of the team, not an object.`;
          return;
        }
        if (!this.store.teams.some((t) => t.id === value)) this.errors[id] = `Team with id '${value}' does not exist.`;
        else set(value);
        return;
      }
      case 'cascadingselect': {
        const parentText = stringMember(value, ['value', 'id']);
        if (parentText === undefined) {
          this.errors[id] = "Could not find valid 'id' or 'value' in the Parent Option object.";
          return;
        }
        const parent = def.options?.find((o) => o.value === parentText || o.id === parentText);
        if (!parent) {
          this.errors[id] = `Option value '${parentText}' is not valid`;
          return;
        }
        const child = isObject(value) ? value.child : undefined;
        if (child === undefined || child === null) {
          set({ parentId: parent.id, childId: null });
          return;
        }
        const childText = stringMember(child, ['value', 'id']);
        const found = childText === undefined ? undefined : parent.children?.find((o) => o.value === childText || o.id === childText);
        if (!found)
          this.errors[id] =
            childText === undefined
              ? "Could not find valid 'id' or 'value' in the Child Option object."
              : `Option value '${childText}' is not valid for parent option '${parent.value}'`;
        else set({ parentId: parent.id, childId: found.id });
        return;
      }
      case 'gh-epic-link': {
        const epic = typeof value === 'string' ? this.store.issue(value) : undefined;
        if (!epic || this.store.issueTypeOf(epic).hierarchyLevel !== 1)
          this.errors[id] = `Epic '${typeof value === 'string' ? value : JSON.stringify(value)}' does not exist or is not an epic.`;
        else this.input.parentId = epic.id;
        return;
      }
      default:
        set(value);
    }
  }

  private applyOperation(id: string, op: unknown): void {
    if (!isObject(op)) {
      this.errors[id] = `Field '${id}': an update operation must be an object.`;
      return;
    }
    const [verb, value] = Object.entries(op)[0] ?? [];
    if (id === 'comment') {
      if (verb !== 'add' || !isObject(value)) {
        this.errors.comment = 'Comments can only be added: use {"add": {"body": ...}}.';
        return;
      }
      const rich = this.richText('comment', value.body);
      if (rich === null) this.errors.comment = 'Comment body can not be empty!';
      else if (rich !== undefined) this.comments.push(rich);
      return;
    }
    if (id === 'labels' && (verb === 'add' || verb === 'remove')) {
      if (typeof value !== 'string') {
        this.errors.labels = 'Field labels: the value must be a string';
        return;
      }
      const current = this.input.labels ?? [...(this.issue?.labels ?? [])];
      this.input.labels = verb === 'add' ? [...current, value] : current.filter((l) => l !== value);
      return;
    }
    if (id === 'components' && (verb === 'add' || verb === 'remove')) {
      const componentId = this.componentId(value);
      if (componentId === undefined) return;
      const current = this.input.componentIds ?? [...(this.issue?.componentIds ?? [])];
      this.input.componentIds = verb === 'add' ? [...current, componentId] : current.filter((c) => c !== componentId);
      return;
    }
    if (verb === 'set') {
      this.setField(id, value);
      return;
    }
    this.errors[id] = `Field '${id}' does not support the '${String(verb)}' operation.`;
  }
}

export function parseUpdate(
  store: JiraStore,
  flavour: Flavour,
  mode: 'create' | 'edit' | 'transition',
  body: unknown,
  issue?: Issue,
): ParsedUpdate {
  return new UpdateParser(store, flavour, mode, issue).parse(body);
}
