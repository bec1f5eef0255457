/**
 * Project details beyond the project itself: its components (GET /project/{key}/components, the
 * whole list, Cloud v3 and Data Center v2 alike). atl reads them to say which components exist when
 * Jira refuses one.
 */
import type { Router } from '../router.js';
import * as render from './render.js';
import { cloud, dc, handler, requireProject, viewOf } from './route-kit.js';
import type { JiraStore } from './store.js';

export function registerProjectRoutes(router: Router, store: JiraStore): void {
  for (const [version, options] of [
    ['3', cloud],
    ['2', dc],
  ] as const) {
    router.add(
      'GET',
      `/rest/api/${version}/project/{projectIdOrKey}/components`,
      handler((request) => {
        const view = viewOf(store, request);
        const project = requireProject(store, request.params.projectIdOrKey ?? '');
        return { status: 200, body: project.components.map((c) => render.projectComponent(view, c, project)) };
      }),
      options,
    );
  }
}
