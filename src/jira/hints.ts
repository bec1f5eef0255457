import { AtlError } from '../errors.js';
import { closeMatches } from '../suggest.js';
import type { JiraContext } from './context.js';
import { explainIssueTypeError } from './meta.js';
import { listProjects } from './projects.js';
import type { JiraNamed } from './types.js';

/**
 * Hints for Jira's bare 400s about a project or component name, added after the fact (one extra
 * request, only when the change already failed): the project's components, or the projects whose
 * key or name is close to what was typed. A failed lookup leaves the error as it was.
 */

const SHOWN = 10;

function withHint(err: AtlError, hint: string): AtlError {
  return new AtlError(err.code, err.message, { status: err.status, hint, cause: err });
}

const isBadRequest = (err: unknown): err is AtlError => err instanceof AtlError && err.status === 400;

/** "did you mean" over the projects the caller can see, or some of them when nothing is close. */
async function projectHint(ctx: JiraContext, wanted: string): Promise<string | undefined> {
  const projects: Array<{ key: string; name: string }> = [];
  for await (const p of listProjects(ctx)) projects.push(p);
  if (projects.length === 0) return undefined;
  const label = (key: string) => {
    const p = projects.find((x) => x.key === key || x.name === key)!;
    return `${p.key} (${p.name.trim()})`;
  };
  const close = closeMatches(wanted, [...projects.map((p) => p.key), ...projects.map((p) => p.name)]);
  if (close.length > 0) return `did you mean: ${[...new Set(close.map(label))].join(', ')}`;
  const some = projects.slice(0, SHOWN).map((p) => label(p.key));
  return `projects you can see: ${some.join(', ')}${projects.length > SHOWN ? `, … (${projects.length - SHOWN} more; atl jira project list)` : ''}`;
}

async function componentHint(ctx: JiraContext, project: string): Promise<string> {
  const components = await ctx.http.get<JiraNamed[]>(`${ctx.api}/project/${encodeURIComponent(project)}/components`);
  const names = components.map((c) => c.name).filter((n): n is string => typeof n === 'string' && n !== '');
  return names.length > 0 ? `components of ${project}: ${names.join(', ')}` : `${project} has no components`;
}

/** The value Jira names in "The value 'X' does not exist for the field 'project'." (JQL). */
const UNKNOWN_PROJECT_IN_JQL = /The value '([^']*)' does not exist for the field 'project'/i;

/** A search refused for a project that does not exist: says which projects are close. */
export async function explainSearchError(ctx: JiraContext, err: unknown): Promise<unknown> {
  if (!isBadRequest(err)) return err;
  const wanted = UNKNOWN_PROJECT_IN_JQL.exec(err.message)?.[1];
  if (wanted === undefined) return err;
  try {
    const hint = await projectHint(ctx, wanted);
    return hint === undefined ? err : withHint(err, hint);
  } catch {
    return err;
  }
}

/**
 * A create or edit refused for its project, issue type or components: the error with a hint naming
 * what the project does have (`project` is the key the change was for).
 */
export async function explainChangeError(ctx: JiraContext, project: string, err: unknown): Promise<unknown> {
  if (!isBadRequest(err)) return err;
  try {
    if (/^project\b/i.test(err.message) || UNKNOWN_PROJECT_IN_JQL.test(err.message)) {
      const hint = await projectHint(ctx, project);
      return hint === undefined ? err : withHint(err, hint);
    }
    if (/\bcomponents?\b/i.test(err.message)) return withHint(err, await componentHint(ctx, project));
  } catch {
    return err;
  }
  return explainIssueTypeError(ctx, project, err);
}
