/**
 * Jira Software's boards and sprints (`/rest/agile/1.0`, the same on Cloud and Data Center): which
 * board a project's sprints are on, a board's configuration, a sprint by id or name, and moving
 * issues into a sprint.
 */
import { AtlError, usageError } from '../errors.js';
import type { JiraContext } from './context.js';
import { listBoards, listSprints } from './projects.js';
import type { JiraBoard, JiraSprint } from './types.js';

/** What `GET /board/{id}/configuration` answers (the parts atl shows). */
export interface BoardConfiguration {
  id: number;
  name: string;
  type?: string;
  filter?: { id?: string };
  columnConfig?: { columns?: Array<{ name: string; statuses?: Array<{ id?: string }>; min?: number; max?: number }> };
  estimation?: { type?: string; field?: { fieldId?: string; displayName?: string } };
  [extra: string]: unknown;
}

const boardPath = (id: number) => `/rest/agile/1.0/board/${id}`;

/** A board id from the command line: a positive whole number. */
export function parseBoardId(flag: string, text: string): number {
  const id = Number(text);
  if (!Number.isInteger(id) || id < 1)
    throw usageError(`invalid ${flag} ${JSON.stringify(text)}`, 'board ids are numbers: see `atl jira board list`');
  return id;
}

export async function getBoard(ctx: JiraContext, id: number): Promise<JiraBoard> {
  return onBoard(id, () => ctx.http.get<JiraBoard>(boardPath(id)));
}

export async function boardConfiguration(ctx: JiraContext, id: number): Promise<BoardConfiguration> {
  return onBoard(id, () => ctx.http.get<BoardConfiguration>(`${boardPath(id)}/configuration`));
}

/** Where a board opens in a browser (Cloud redirects this address to the board's new one). */
export function boardUrl(ctx: JiraContext, id: number): string {
  return `${ctx.browseBase}/secure/RapidBoard.jspa?rapidView=${id}`;
}

const onBoard = <T>(id: number, call: () => Promise<T>) => whenFound(`board ${id}`, 'list boards with `atl jira board list`', call);

/** Runs an agile request, turning a 404 into "WHAT not found" (exit 4) with the hint. */
async function whenFound<T>(what: string, hint: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof AtlError && err.status === 404)
      throw new AtlError('not_found', `${what} not found`, { status: 404, hint, cause: err });
    throw err;
  }
}

/**
 * The board whose sprints a project's sprint commands use: its only board, else its only scrum
 * board (kanban boards have no sprints). Several scrum boards: the user picks one with --board.
 */
export async function sprintBoardOf(ctx: JiraContext, project: string): Promise<JiraBoard> {
  const boards: JiraBoard[] = [];
  for await (const board of listBoards(ctx, project)) boards.push(board);
  const list = (some: readonly JiraBoard[]) => some.map((b) => `${b.id} (${b.name})`).join(', ');
  if (boards.length === 0)
    throw new AtlError('not_found', `project ${project} has no board`, { hint: 'list boards with `atl jira board list`' });
  const scrum = boards.filter((b) => b.type === 'scrum');
  if (scrum.length === 1) return scrum[0]!;
  if (scrum.length === 0) {
    throw new AtlError('bad_request', `project ${project} has no scrum board, so no sprints`, {
      hint: `its boards: ${list(boards)}; sprints are on scrum boards`,
    });
  }
  throw usageError(`project ${project} has ${scrum.length} scrum boards`, `pick one with --board ID: ${list(scrum)}`);
}

/** The board's sprints, all states, in the order Jira lists them (closed, active, future). */
async function sprintsOf(ctx: JiraContext, boardId: number, states: readonly string[] = []): Promise<JiraSprint[]> {
  const sprints: JiraSprint[] = [];
  for await (const sprint of listSprints(ctx, boardId, states)) sprints.push(sprint);
  return sprints;
}

/** A sprint by its id, or by its name among the board's sprints (case-insensitive). */
export async function findSprint(ctx: JiraContext, ref: string, boardId: number | undefined): Promise<JiraSprint> {
  const text = ref.trim();
  if (/^\d+$/.test(text)) {
    const hint = 'list sprints with `atl jira sprint list --project KEY`';
    return whenFound(`sprint ${text}`, hint, () => ctx.http.get<JiraSprint>(`/rest/agile/1.0/sprint/${text}`));
  }
  if (boardId === undefined)
    throw usageError(`sprint ${JSON.stringify(text)} is a name`, 'give --project KEY or --board ID to find it by name, or use its id');
  const sprints = await sprintsOf(ctx, boardId);
  const matches = sprints.filter((s) => s.name.toLowerCase() === text.toLowerCase());
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1)
    throw usageError(
      `${matches.length} sprints on board ${boardId} are named ${JSON.stringify(text)}`,
      `use the id: ${matches.map((s) => s.id).join(', ')}`,
    );
  const open = sprints.filter((s) => s.state !== 'closed').map((s) => s.name);
  throw new AtlError('not_found', `no sprint named ${JSON.stringify(text)} on board ${boardId}`, {
    hint: open.length > 0 ? `open sprints: ${open.join(', ')}` : 'list sprints with `atl jira sprint list`',
  });
}

/** The board's active sprint(s): Jira allows more than one when parallel sprints are on. */
export function activeSprints(ctx: JiraContext, boardId: number): Promise<JiraSprint[]> {
  return sprintsOf(ctx, boardId, ['active']);
}

/** Moves issues (at most 50, Jira's limit for one request) into an open sprint. */
export async function moveToSprint(ctx: JiraContext, sprintId: number, keys: readonly string[]): Promise<void> {
  await ctx.http.post(`/rest/agile/1.0/sprint/${sprintId}/issue`, { issues: [...keys] });
}
