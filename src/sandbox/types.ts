/**
 * Types shared by the sandbox's parts (router, auth, faults, product route modules) and by the
 * contract validator that tests plug in. Kept free of runtime code so any module can import it.
 */

/** Which Atlassian product a route belongs to; decides where it is mounted and its error shape. */
export type Realm = 'jira' | 'confluence' | 'bitbucket' | 'site';

/** Jira/Confluence Cloud or Data Center: the same handler can answer both with different shapes. */
export type Flavour = 'cloud' | 'datacenter';

/**
 * Where a request came in:
 * - `site`: the Cloud site itself (`/rest/...`, `/wiki/...`, `/_edge/...`), Basic email:API token.
 * - `dc`: the Data Center site under `/dc` (Jira and Confluence, told apart by path), Bearer personal access token.
 * - `gateway`: api.atlassian.com's `/ex/{jira|confluence}/{cloudId}`, scoped service-account token.
 * - `bitbucket`: `/2.0/...`, Bitbucket API token (Basic) or workspace access token (Bearer).
 * - `dc-bitbucket`: Bitbucket Data Center under `/dc-bitbucket`, the user's personal access token
 *   (Bearer or Basic) or a project/repository HTTP access token (Bearer only).
 */
export type Mount = 'site' | 'dc' | 'gateway' | 'bitbucket' | 'dc-bitbucket';

export type CredentialKind =
  | 'cloud-api-token'
  | 'dc-pat'
  | 'service-account'
  | 'bitbucket-api-token'
  | 'bitbucket-access-token'
  | 'bitbucket-dc-pat'
  | 'bitbucket-dc-access-token';

/** Who a request authenticated as. Never holds the secret itself. */
export interface Identity {
  kind: CredentialKind;
  /**
   * Atlassian account ID; null for a workspace access token, which has no user. On Bitbucket Data
   * Center: the user's numeric id on that server (what `X-AUSERID` carries), as a string.
   */
  accountId: string | null;
  email: string | null;
  displayName: string;
  /** Data Center user name (`name`/`key`; Bitbucket DC: the user's or the token's bot user's), null on Cloud. */
  username: string | null;
  /** Scopes of a scoped token; null when the credential is not scoped (all the user may do). */
  scopes: readonly string[] | null;
  /** The Bitbucket workspace (Cloud) or project key (Data Center) an access token belongs to. */
  workspace: string | null;
}

/** What a route handler receives. */
export interface SandboxRequest {
  method: string;
  /** The product path, without the `/dc`, `/dc-bitbucket` or `/ex/...` mount prefix (e.g. `/rest/api/3/myself`). */
  path: string;
  /** Values of `{name}` segments of the route template, URL-decoded. */
  params: Record<string, string>;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body; undefined when there was none; the raw text when it was not JSON. */
  body: unknown;
  rawBody: Buffer;
  /** null on anonymous routes called without credentials. */
  identity: Identity | null;
  flavour: Flavour;
  mount: Mount;
  /** Base URL for `self` links as the client sees it (site, `${site}/dc`, `${site}/dc-bitbucket`, or the gateway prefix). */
  baseUrl: string;
  /** The site URL (no mount prefix), for links that always point at the site. */
  siteUrl: string;
}

export interface SandboxResponse {
  status: number;
  /** A plain value is sent as JSON; a string as text/plain; a Buffer as it is; undefined as no body. */
  body?: unknown;
  headers?: Record<string, string>;
}

export type RouteHandler = (request: SandboxRequest) => SandboxResponse | Promise<SandboxResponse>;

/** One request/response pair handed to a contract validator in test mode. */
export interface ContractExchange {
  method: string;
  /** The full request path as sent (with any `/dc` or `/ex/...` prefix), no query string. */
  path: string;
  query: URLSearchParams;
  requestContentType: string | undefined;
  /** Parsed JSON request body, or undefined when there was none. */
  requestBody: unknown;
  status: number;
  responseContentType: string | undefined;
  /** Parsed JSON response body, or undefined when there was none. */
  responseBody: unknown;
  /** Set when an injected fault produced the response (it is wrong on purpose). */
  fault?: string;
}

/** Checks exchanges against Atlassian's OpenAPI specs (see test/support/openapi.ts). */
export interface ContractValidator {
  /** Returns one message per violation; empty when the exchange matches the spec. */
  check(exchange: ContractExchange): string[];
}
