import type { JiraContext } from './context.js';
import { offsetPaged, type Paged } from './paging.js';
import type { JiraBoard, JiraProject, JiraSprint } from './types.js';

/** Every project the caller can see. Cloud pages `/project/search`; Data Center lists `/project`. */
export async function* listProjects(ctx: JiraContext): AsyncGenerator<JiraProject> {
  if (ctx.deployment === 'cloud') {
    yield* offsetPaged<JiraProject>(ctx.http, '/rest/api/3/project/search', { itemsKey: 'values', limit: undefined, pageSize: 50 });
    return;
  }
  yield* await ctx.http.get<JiraProject[]>('/rest/api/2/project');
}

export function listBoards(ctx: JiraContext, project: string | undefined): Paged<JiraBoard> {
  return offsetPaged<JiraBoard>(ctx.http, '/rest/agile/1.0/board', {
    itemsKey: 'values',
    query: { projectKeyOrId: project },
    limit: undefined,
    pageSize: 50,
  });
}

export function listSprints(ctx: JiraContext, boardId: number, states: readonly string[]): Paged<JiraSprint> {
  return offsetPaged<JiraSprint>(ctx.http, `/rest/agile/1.0/board/${boardId}/sprint`, {
    itemsKey: 'values',
    query: { state: states.length > 0 ? states.join(',') : undefined },
    limit: undefined,
    pageSize: 50,
  });
}
