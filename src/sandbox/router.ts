/**
 * The sandbox's router.
 *
 * Design: product modules (listed in registry.ts) register each route ONCE, by method and by the path the
 * product itself uses — `/rest/api/3/myself`, `/wiki/rest/api/user/current`, `/2.0/user` — with a
 * realm (which product) and the flavours it answers (Cloud, Data Center). The server (index.ts)
 * first splits the incoming path into a mount and a product path (`resolveMount`):
 *
 *   /rest/..., /wiki/..., /_edge/...        → mount `site`,      flavour cloud
 *   /dc/rest/...                             → mount `dc`,        flavour datacenter (prefix stripped); realm
 *                                                Confluence for its paths (`isConfluenceDcPath`), else Jira
 *   /dc-bitbucket/rest/...                   → mount `dc-bitbucket`, realm bitbucket, flavour datacenter
 *   /ex/jira/{cloudId}/rest/...              → mount `gateway`,   realm jira, flavour cloud
 *   /ex/confluence/{cloudId}[/wiki]/...      → mount `gateway`,   realm confluence, flavour cloud
 *   /2.0/...                                 → mount `bitbucket`
 *
 * and then asks the router for a route in that realm and flavour. So one handler serves the site,
 * the gateway and (when it opts in with `flavours`) Data Center; it reads `request.flavour`,
 * `request.mount` and `request.baseUrl` to shape its answer. Authentication and scope checks happen
 * in the server before the handler runs: auth.ts, driven by the route's `anonymous`, and scopes.ts,
 * driven by what Atlassian's specs require of the operation (never by the route itself).
 */
import type { Flavour, Mount, Realm, RouteHandler } from './types.js';

export interface RouteOptions {
  realm: Realm;
  /** Flavours that serve this route. Default: Cloud only (Data Center routes opt in). */
  flavours?: readonly Flavour[];
  /** Answer without credentials. Credentials that are sent are still checked (a bad one is a 401). */
  anonymous?: boolean;
}

export interface Route {
  method: string;
  template: string;
  handler: RouteHandler;
  realm: Realm;
  flavours: readonly Flavour[];
  anonymous: boolean;
  /** Literal segments, or null where the template has a `{param}`. */
  segments: ReadonlyArray<{ literal: string } | { param: string }>;
}

export type RouteMatch =
  | { kind: 'found'; route: Route; params: Record<string, string> }
  /** The path exists with other methods. */
  | { kind: 'method-not-allowed'; allowed: string[] }
  | { kind: 'not-found' };

function parseTemplate(template: string): Route['segments'] {
  if (!template.startsWith('/')) throw new Error(`route template must start with "/": ${template}`);
  return template
    .split('/')
    .slice(1)
    .map((segment) => {
      const param = /^\{([A-Za-z0-9_]+)\}$/.exec(segment);
      return param ? { param: param[1]! } : { literal: segment };
    });
}

export class Router {
  readonly routes: Route[] = [];

  add(method: string, template: string, handler: RouteHandler, options: RouteOptions): this {
    const upper = method.toUpperCase();
    const flavours = options.flavours ?? ['cloud'];
    const duplicate = this.routes.find(
      (r) => r.method === upper && r.template === template && r.realm === options.realm && r.flavours.some((f) => flavours.includes(f)),
    );
    if (duplicate) throw new Error(`route registered twice: ${upper} ${template} (${options.realm})`);
    this.routes.push({
      method: upper,
      template,
      handler,
      realm: options.realm,
      flavours,
      anonymous: options.anonymous ?? false,
      segments: parseTemplate(template),
    });
    return this;
  }

  /**
   * The route for a product path. Among templates that match, the one with the most literal
   * segments wins (`/issue/picker` before `/issue/{key}`), whatever the registration order.
   * HEAD falls back to GET, as HTTP servers do.
   */
  match(realm: Realm, flavour: Flavour, method: string, path: string): RouteMatch {
    const pathSegments = path.split('/').slice(1);
    const candidates: Array<{ route: Route; params: Record<string, string>; literals: number }> = [];
    for (const route of this.routes) {
      if (route.realm !== realm || !route.flavours.includes(flavour)) continue;
      const params = matchSegments(route.segments, pathSegments);
      if (!params) continue;
      candidates.push({ route, params, literals: route.segments.filter((s) => 'literal' in s).length });
    }
    if (candidates.length === 0) return { kind: 'not-found' };
    const upper = method.toUpperCase();
    const wanted = (m: string) => candidates.filter((c) => c.route.method === m).sort((a, b) => b.literals - a.literals)[0];
    const best = wanted(upper) ?? (upper === 'HEAD' ? wanted('GET') : undefined);
    if (best) return { kind: 'found', route: best.route, params: best.params };
    return { kind: 'method-not-allowed', allowed: [...new Set(candidates.map((c) => c.route.method))].sort() };
  }
}

function matchSegments(template: Route['segments'], path: readonly string[]): Record<string, string> | null {
  if (template.length !== path.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < template.length; i++) {
    const want = template[i]!;
    const got = path[i]!;
    if ('literal' in want) {
      if (want.literal !== got) return null;
    } else {
      if (got === '') return null;
      try {
        params[want.param] = decodeURIComponent(got);
      } catch {
        return null; // malformed percent-encoding cannot name anything
      }
    }
  }
  return params;
}

export type MountResolution =
  | {
      kind: 'ok';
      mount: Mount;
      realm: Realm;
      flavour: Flavour;
      /** The product path the router matches. */
      productPath: string;
      /** Path prefix the client used for this mount ('' for the site), for `self` links. */
      prefix: string;
    }
  /** A gateway path whose cloudId is not this site's. */
  | { kind: 'unknown-cloud'; realm: Realm; productPath: string }
  /** Nothing is served here (e.g. `/ex/unknown/...`). */
  | { kind: 'none' };

/** Splits a request path into where it came in and the product path (see the header comment). */
export function resolveMount(pathname: string, cloudId: string): MountResolution {
  const gateway = /^\/ex\/(jira|confluence)\/([^/]+)(\/.*)?$/.exec(pathname);
  if (gateway) {
    const realm: Realm = gateway[1] === 'jira' ? 'jira' : 'confluence';
    let productPath = gateway[3] ?? '/';
    // The gateway serves Confluence both as /ex/confluence/{id}/wiki/... and without /wiki.
    if (realm === 'confluence' && !productPath.startsWith('/wiki/')) productPath = `/wiki${productPath}`;
    if (gateway[2] !== cloudId) return { kind: 'unknown-cloud', realm, productPath };
    return { kind: 'ok', mount: 'gateway', realm, flavour: 'cloud', productPath, prefix: `/ex/${gateway[1]}/${cloudId}` };
  }
  if (pathname.startsWith('/ex/')) return { kind: 'none' };
  if (pathname === '/dc' || pathname.startsWith('/dc/')) {
    const productPath = pathname.slice('/dc'.length) || '/';
    const realm: Realm = isConfluenceDcPath(productPath) ? 'confluence' : 'jira';
    return { kind: 'ok', mount: 'dc', realm, flavour: 'datacenter', productPath, prefix: '/dc' };
  }
  if (pathname === '/dc-bitbucket' || pathname.startsWith('/dc-bitbucket/')) {
    const productPath = pathname.slice('/dc-bitbucket'.length) || '/';
    return { kind: 'ok', mount: 'dc-bitbucket', realm: 'bitbucket', flavour: 'datacenter', productPath, prefix: '/dc-bitbucket' };
  }
  if (pathname === '/2.0' || pathname.startsWith('/2.0/')) {
    return { kind: 'ok', mount: 'bitbucket', realm: 'bitbucket', flavour: 'cloud', productPath: pathname, prefix: '' };
  }
  if (pathname === '/wiki' || pathname.startsWith('/wiki/')) {
    return { kind: 'ok', mount: 'site', realm: 'confluence', flavour: 'cloud', productPath: pathname, prefix: '' };
  }
  if (pathname.startsWith('/_edge/')) {
    return { kind: 'ok', mount: 'site', realm: 'site', flavour: 'cloud', productPath: pathname, prefix: '' };
  }
  return { kind: 'ok', mount: 'site', realm: 'jira', flavour: 'cloud', productPath: pathname, prefix: '' };
}

/**
 * Whether a Data Center product path (after `/dc`) is Confluence's. Jira and Confluence Data Center
 * share the `/dc` mount, as one host with both products would, and their REST roots differ:
 * Jira's carry a version (`/rest/api/2`, `/rest/api/latest`, `/rest/agile/1.0`, `/rest/servicedeskapi`),
 * Confluence's do not (`/rest/api/content`, `/rest/api/space`, `/rest/api/search`, `/rest/api/user`,
 * `/rest/api/longtask`, ...). Attachment bytes (`/download/...`) and the sandbox's own Confluence
 * endpoints are Confluence's too.
 */
export function isConfluenceDcPath(productPath: string): boolean {
  const restApi = /^\/rest\/api\/([^/]+)/.exec(productPath);
  if (restApi) return !/^(\d+|latest)$/.test(restApi[1]!);
  return productPath.startsWith('/download/') || productPath.startsWith('/rest/atl-sandbox/1.0/confluence/');
}
