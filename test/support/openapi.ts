/**
 * Validates sandbox exchanges against Atlassian's official OpenAPI specs in `../shared/specs`.
 *
 * - A request path is mapped to a spec file and a spec path (`specFor`): gateway prefixes
 *   (`/ex/jira/{cloudId}`, `/ex/confluence/{cloudId}`) are stripped, `/dc/rest/...` maps to the
 *   Data Center spec (whose paths read `/api/2/...`), `/2.0/...` to Bitbucket, and so on.
 * - The operation is found by method and path template, preferring the most literal template.
 * - Request bodies, required query parameters and response bodies (by status) are validated with
 *   Ajv. Specs are OpenAPI 3.0, so each spec is first rewritten into JSON Schema (`toJsonSchema`):
 *   `nullable`, boolean `exclusiveMinimum`/`exclusiveMaximum`, and `discriminator` (as if/then).
 *   Each spec is loaded once and each operation compiled on first use (the Jira spec is 2.4 MB).
 * - Paths no spec describes are violations, unless listed in UNSPECIFIED with a reason; those are
 *   recorded in `unspecified` (the contract test prints them) rather than silently passed.
 * - Defects of the specs themselves (a schema that contradicts what the real server sends or
 *   documents) are listed in KNOWN_SPEC_DEFECTS, each matched narrowly: one spec file, named
 *   operations, request or response, the JSON path of the offending value and the failing schema
 *   keyword. Errors they excuse are recorded in `excused`, never silently dropped; any other error
 *   in the same body is still a violation.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { ContractExchange, ContractValidator } from '../../src/sandbox/types.js';

export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');
export const SPECS_DIR = resolve(REPO_ROOT, '..', 'shared', 'specs');

export function specsAvailable(dir = SPECS_DIR): boolean {
  return existsSync(resolve(dir, 'jira-platform-v3.json'));
}

export type SpecFile =
  | 'jira-platform-v3.json'
  | 'jira-software.json'
  | 'jira-datacenter.json'
  | 'confluence-datacenter.json'
  | 'jira-service-management.json'
  | 'confluence-v1.json'
  | 'confluence-v2.json'
  | 'bitbucket.json';

/** Path prefixes (after gateway stripping) → spec file, and what to cut off to get the spec path. */
const SPEC_MAP: ReadonlyArray<{ prefix: string; file: SpecFile; strip: string }> = [
  // Service Management has one spec for Cloud and Data Center (the same paths under /dc).
  { prefix: '/dc/rest/servicedeskapi/', file: 'jira-service-management.json', strip: '/dc' },
  // Under /dc, Jira's REST roots carry a version and Confluence's do not (as src/sandbox/router.ts tells them apart).
  { prefix: '/dc/rest/api/2/', file: 'jira-datacenter.json', strip: '/dc/rest' },
  { prefix: '/dc/rest/api/latest/', file: 'jira-datacenter.json', strip: '/dc/rest' },
  { prefix: '/dc/rest/api/', file: 'confluence-datacenter.json', strip: '/dc' },
  { prefix: '/dc/rest/', file: 'jira-datacenter.json', strip: '/dc/rest' },
  { prefix: '/rest/api/3/', file: 'jira-platform-v3.json', strip: '' },
  { prefix: '/rest/agile/1.0/', file: 'jira-software.json', strip: '' },
  { prefix: '/rest/servicedeskapi/', file: 'jira-service-management.json', strip: '' },
  { prefix: '/wiki/api/v2/', file: 'confluence-v2.json', strip: '/wiki/api/v2' },
  { prefix: '/wiki/rest/api/', file: 'confluence-v1.json', strip: '' },
  { prefix: '/2.0/', file: 'bitbucket.json', strip: '/2.0' },
];

/**
 * Paths the specs do not describe, each with the reason it is still served. `validateAs` names a
 * specified path whose schema the response must match instead.
 */
export const UNSPECIFIED: ReadonlyArray<{
  pattern: RegExp;
  methods?: readonly string[];
  reason: string;
  validateAs?: (path: string) => string;
}> = [
  {
    pattern: /^(\/dc)?\/rest\/atl-sandbox\/1\.0\/jira\/seed$/,
    methods: ['POST'],
    reason: "the sandbox's own seeding endpoint (not an Atlassian API), used only by tests, benchmarks and scripts",
  },
  {
    pattern: /^\/rest\/atl-sandbox\/1\.0\/jira\/media\/[^/]+$/,
    methods: ['GET'],
    reason: "the sandbox's stand-in for Cloud's media store, where /rest/api/3/attachment/content/{id} redirects (not a REST API)",
  },
  {
    pattern: /^\/rest\/atl-sandbox\/1\.0\/bitbucket\/log-storage\/[^/]+$/,
    methods: ['GET'],
    reason: "the sandbox's stand-in for the long-term storage a completed Bitbucket pipeline step's log redirects to (not a REST API)",
  },
  {
    pattern: /^\/dc\/secure\/attachment\/[^/]+\/[^/]+$/,
    methods: ['GET'],
    reason:
      'Data Center serves attachment bytes at the `content` URL of its metadata, /secure/attachment/{id}/{filename}, a servlet outside the REST spec',
  },
  {
    pattern: /^(\/dc)?\/rest\/atl-sandbox\/1\.0\/confluence\/seed$/,
    methods: ['POST'],
    reason: "the sandbox's own Confluence seeding endpoint (not an Atlassian API), used only by tests, benchmarks and scripts",
  },
  {
    pattern: /^\/rest\/atl-sandbox\/1\.0\/confluence\/media\/[^/]+$/,
    methods: ['GET'],
    reason:
      "the sandbox's stand-in for Confluence Cloud's media store, where /wiki/rest/api/content/{id}/child/attachment/{attachmentId}/download redirects (not a REST API)",
  },
  {
    pattern: /^\/dc\/download\/attachments\/[^/]+\/[^/]+$/,
    methods: ['GET'],
    reason:
      'Confluence Data Center serves attachment bytes at the `_links.download` URL of its metadata, /download/attachments/{pageId}/{filename}, a servlet outside the REST spec',
  },
  {
    pattern: /^\/dc-bitbucket\//,
    reason:
      'Bitbucket Data Center publishes no OpenAPI spec in ../shared/specs; its sandbox answers follow the Bitbucket Data Center REST documentation',
  },
  {
    pattern: /^\/_edge\/tenant_info$/,
    reason: 'Atlassian\'s tenant endpoint ({"cloudId":...}) is public and stable but in no published spec',
  },
  {
    pattern: /^\/rest\/api\/2\/(myself|serverInfo)$/,
    reason:
      'Jira Cloud REST v2 is unpublished; these two answer exactly as their v3 forms (no rich-text fields), so they are checked against v3',
    validateAs: (path) => path.replace('/rest/api/2/', '/rest/api/3/'),
  },
  {
    pattern: /^\/rest\/api\/2\//,
    reason: 'Jira Cloud REST v2 is unpublished (the Cloud spec covers v3 only; v2 differs in rich-text fields)',
  },
];

/**
 * A defect of a spec: a schema that contradicts what the real server sends or what the same
 * operation documents. An Ajv error is excused only when every listed condition holds.
 */
export interface KnownSpecDefect {
  file: SpecFile;
  /** `METHOD /spec/path/template` of each operation the defect is in (templates as in the spec). */
  operations: readonly string[];
  /** Whether the defect is in the operation's request body or its response body. */
  in: 'request' | 'response';
  /** Response statuses it applies to (response defects only). */
  statuses?: readonly number[];
  /** Only exchanges that came through the api.atlassian.com gateway (`/ex/...`). */
  viaGateway?: boolean;
  /** JSON Pointer of the offending value inside the body (Ajv's `instancePath`), whole-string match. */
  instancePath: RegExp;
  /** The Ajv keyword that failed (`type`, `additionalProperties`, ...). */
  keyword: string;
  /** For `additionalProperties`: the property names excused. */
  additionalProperties?: readonly string[];
  /** For `required`: the property names whose absence is excused. */
  missingProperties?: readonly string[];
  /** What the offending value must be (e.g. only `null` is excused, not any wrong type). */
  actual?: 'null' | 'array' | 'object';
  reason: string;
}

export const KNOWN_SPEC_DEFECTS: readonly KnownSpecDefect[] = [
  {
    file: 'jira-datacenter.json',
    operations: ['GET /api/2/issue/{issueIdOrKey}/comment'],
    in: 'response',
    statuses: [200],
    instancePath: /^\/comments\/\d+\/properties\/\d+\/value$/,
    keyword: 'type',
    actual: 'object',
    reason:
      'jira-datacenter.json types EntityPropertyBean.value as a string; Jira sends the property\'s JSON value, e.g. Service Management\'s sd.public.comment {"internal":true} (pycontribs/jira#313, jenkinsci/jira-plugin#375; the Cloud spec leaves value untyped)',
  },
  {
    file: 'bitbucket.json',
    operations: ['*'],
    in: 'request',
    instancePath: /.*/,
    keyword: 'required',
    missingProperties: ['type'],
    reason:
      "bitbucket.json's base `object` schema requires `type` on every object, request bodies included; Bitbucket does not need it there and was seen to refuse it on a comment body (0pilatos0/bitbucket-cli#105), so clients send it only as the pipeline discriminators",
  },
  {
    file: 'confluence-v2.json',
    operations: ['POST /pages', 'PUT /pages/{id}', 'POST /blogposts', 'PUT /blogposts/{id}', 'POST /footer-comments'],
    in: 'request',
    instancePath: /^\/body$/,
    keyword: 'oneOf',
    reason:
      "confluence-v2.json offers the body as oneOf {representation, value} and {storage: {…}}, whose properties are all optional: the documented {representation: 'storage', value} form matches both branches, so oneOf can never pass",
  },
  {
    file: 'confluence-datacenter.json',
    operations: ['*'],
    in: 'response',
    statuses: [400, 401, 403, 404, 405, 409, 413, 415, 500],
    instancePath: /^\/data\/errors$/,
    keyword: 'type',
    actual: 'array',
    reason:
      'confluence-datacenter.json types RestError.data.errors (ValidationResult) as an object; Confluence Data Center sends a list of errors there ("errors":[])',
  },
  {
    file: 'jira-datacenter.json',
    operations: ['POST /api/2/issue/{issueIdOrKey}/attachments'],
    in: 'response',
    statuses: [200],
    instancePath: /^$/,
    keyword: 'type',
    actual: 'array',
    reason:
      'jira-datacenter.json types the upload answer as one AttachmentJsonBean; Data Center answers an array of them, one per uploaded file (as Cloud documents for the same operation)',
  },
  {
    file: 'jira-datacenter.json',
    operations: ['GET /api/2/search', 'POST /api/2/search', 'GET /api/2/issue/{issueIdOrKey}', 'GET /agile/1.0/sprint/{sprintId}/issue'],
    in: 'response',
    statuses: [200],
    instancePath: /^(\/issues\/\d+)?\/fields\/[^/]+$/,
    keyword: 'type',
    reason:
      "jira-datacenter.json types every IssueBean field value as an object (its README: 'IssueBean.fields is a bare object'); real DC sends strings, arrays, numbers and nulls",
  },
  {
    file: 'jira-datacenter.json',
    operations: ['POST /api/2/issue', 'PUT /api/2/issue/{issueIdOrKey}'],
    in: 'request',
    instancePath: /^\/fields\/[^/]+$/,
    keyword: 'type',
    reason:
      'jira-datacenter.json types every IssueUpdateBean field value as an object, yet its own example and the real server take strings (summary), arrays (labels) and numbers',
  },
  {
    file: 'jira-datacenter.json',
    operations: [
      'GET /api/2/user/search',
      'GET /api/2/user/assignable/search',
      'GET /api/2/project',
      'GET /api/2/field',
      'GET /api/2/priority',
      'GET /api/2/resolution',
      'GET /api/2/project/{projectIdOrKey}/components',
      'GET /api/2/issue/{issueIdOrKey}/remotelink',
    ],
    in: 'response',
    statuses: [200],
    instancePath: /^$/,
    keyword: 'type',
    actual: 'array',
    reason:
      "jira-datacenter.json points these list endpoints at the item schema (its README: 'some list endpoints point at the item schema'); real DC returns an array",
  },
  {
    file: 'jira-platform-v3.json',
    operations: ['PUT /rest/api/3/issue/{issueIdOrKey}/assignee'],
    in: 'request',
    instancePath: /^\/accountId$/,
    keyword: 'type',
    actual: 'null',
    reason: 'the spec types User.accountId as a plain string, yet this operation documents {"accountId": null} as the way to unassign',
  },
  {
    file: 'jira-datacenter.json',
    operations: ['PUT /api/2/issue/{issueIdOrKey}/assignee'],
    in: 'request',
    instancePath: /^\/name$/,
    keyword: 'type',
    actual: 'null',
    reason:
      'the spec types UserBean.name as a plain string; Jira Server/DC\'s REST reference for this operation says "A null name will remove the assignee" (the 10.3 spec, generated from code, lost that sentence)',
  },
  {
    file: 'jira-platform-v3.json',
    operations: ['*'],
    in: 'response',
    statuses: [401],
    viaGateway: true,
    instancePath: /^$/,
    keyword: 'additionalProperties',
    additionalProperties: ['code', 'message'],
    reason:
      "scope failures come from the api.atlassian.com gateway in its own {code,message} body, which the platform spec's ErrorCollection does not describe",
  },
];

/**
 * Success statuses an operation answers that its spec leaves out, each with the reason. Only
 * these are excused from "status N is not documented"; the body is not validated (none is JSON).
 */
export const UNDOCUMENTED_STATUSES: ReadonlyArray<{ file: SpecFile; operation: string; status: number; reason: string }> = [
  {
    file: 'bitbucket.json',
    operation: 'GET /repositories/{workspace}/{repo_slug}/pipelines/{pipeline_uuid}/steps/{step_uuid}/log',
    status: 206,
    reason: 'the operation "supports (and encourages!)" HTTP Range requests (RFC 7233), whose answer is 206 Partial Content',
  },
];

/**
 * Success statuses a spec documents wrongly: the real server answers `status` where the spec says
 * `documentedAs`; the body is checked against the documented one's schema.
 */
export const MISDOCUMENTED_STATUSES: ReadonlyArray<{
  file: SpecFile;
  operation: string;
  status: number;
  documentedAs: number;
  reason: string;
}> = [
  {
    file: 'confluence-datacenter.json',
    operation: 'GET /rest/api/content/{id}/child/attachment',
    status: 200,
    documentedAs: 201,
    reason: 'confluence-datacenter.json documents this read (a listing) as 201 Created; Confluence Data Center answers 200 OK',
  },
];

export interface ExcusedUse {
  method: string;
  path: string;
  status: number;
  instancePath: string;
  reason: string;
}

export interface SpecLocation {
  file: SpecFile;
  specPath: string;
}

/** Removes `/ex/jira/{cloudId}` or `/ex/confluence/{cloudId}` (adding Confluence's `/wiki`). */
export function stripGateway(path: string): string {
  const gateway = /^\/ex\/(jira|confluence)\/[^/]+(\/.*)?$/.exec(path);
  if (!gateway) return path;
  const rest = gateway[2] ?? '/';
  return gateway[1] === 'confluence' && !rest.startsWith('/wiki/') ? `/wiki${rest}` : rest;
}

export function specFor(path: string): SpecLocation | null {
  const stripped = stripGateway(path);
  for (const { prefix, file, strip } of SPEC_MAP) {
    if (stripped.startsWith(prefix)) return { file, specPath: stripped.slice(strip.length) };
  }
  return null;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };
const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Rewrites OpenAPI 3.0 schema keywords into JSON Schema (draft-07) in place. */
export function toJsonSchema(node: Json): Json {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!isObject(node)) return node;
  for (const key of Object.keys(node)) {
    // Examples are data, not schemas.
    if (key === 'example' || key === 'examples') continue;
    node[key] = toJsonSchema(node[key]!);
  }
  for (const bound of ['Minimum', 'Maximum'] as const) {
    const flag = node[`exclusive${bound}`];
    const limit = node[bound.toLowerCase()];
    if (flag === true && typeof limit === 'number') {
      node[`exclusive${bound}`] = limit;
      delete node[bound.toLowerCase()];
    } else if (flag === false) {
      delete node[`exclusive${bound}`];
    }
  }
  const discriminator = node.discriminator;
  if (isObject(discriminator) && typeof discriminator.propertyName === 'string') {
    const property = discriminator.propertyName;
    const branches = Array.isArray(node.oneOf) ? node.oneOf : Array.isArray(node.anyOf) ? node.anyOf : null;
    const mapping: Record<string, string> = {};
    if (isObject(discriminator.mapping)) {
      for (const [value, ref] of Object.entries(discriminator.mapping)) if (typeof ref === 'string') mapping[value] = ref;
    } else if (branches) {
      // Implicit mapping: each branch's schema name is its discriminator value.
      for (const branch of branches)
        if (isObject(branch) && typeof branch.$ref === 'string') mapping[branch.$ref.split('/').pop()!] = branch.$ref;
    }
    if (branches && Object.keys(mapping).length > 0) {
      delete node.oneOf;
      delete node.anyOf;
      const rules: Json[] = [
        { type: 'object', required: [property], properties: { [property]: { enum: Object.keys(mapping) } } },
        // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then, not a thenable.
        ...Object.entries(mapping).map(([value, ref]) => ({ if: { properties: { [property]: { const: value } } }, then: { $ref: ref } })),
      ];
      node.allOf = [...(Array.isArray(node.allOf) ? node.allOf : []), ...rules];
    }
    // Without oneOf/anyOf (a base type used through allOf) it is only a hint.
    delete node.discriminator;
  }
  if (node.nullable === true) {
    delete node.nullable;
    if (typeof node.type === 'string') {
      node.type = [node.type, 'null'];
      if (Array.isArray(node.enum) && !node.enum.includes(null)) node.enum = [...node.enum, null];
    } else {
      const rest: JsonObject = { ...node };
      for (const key of Object.keys(node)) delete node[key];
      node.anyOf = [{ type: 'null' }, rest];
    }
  } else if (node.nullable === false) {
    delete node.nullable;
  }
  return node;
}

/** The value a JSON Pointer (Ajv's `instancePath`) points at, or undefined. */
function valueAt(root: unknown, instancePath: string): unknown {
  let current = root;
  for (const raw of instancePath.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current)) current = current[Number(key)];
    else if (typeof current === 'object' && current !== null) current = (current as Record<string, unknown>)[key];
    else return undefined;
  }
  return current;
}

/** JSON Pointer segment escaping (RFC 6901). */
const pointer = (...segments: string[]) => segments.map((s) => s.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

interface LoadedSpec {
  file: SpecFile;
  id: string;
  doc: JsonObject;
  ajv: Ajv;
  /** Spec paths as matchers, most literal first. */
  templates: Array<{ template: string; regex: RegExp; literalLength: number }>;
  compiled: Map<string, ValidateFunction>;
}

const INT32 = 2 ** 31;
// Atlassian's timestamps often lack the colon in the offset (2025-01-31T09:30:00.000+0000);
// real responses do this, so the spec's `date-time` is read as ISO 8601, not strict RFC 3339.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

function createAjv(): Ajv {
  // Why strict:false: OpenAPI adds keywords (example, xml, x-*, externalDocs) that JSON Schema lacks.
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, discriminator: false });
  // ajv-formats is CommonJS; its default export arrives wrapped depending on the loader.
  const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (
    a: Ajv,
  ) => Ajv;
  addFormats(ajv);
  ajv.addFormat('date-time', DATE_TIME);
  ajv.addFormat('int32', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= -INT32 && n < INT32 });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  for (const name of ['float', 'double']) ajv.addFormat(name, { type: 'number', validate: () => true });
  for (const name of ['byte', 'binary', 'password', 'html', 'markdown', 'uri-template']) ajv.addFormat(name, true);
  return ajv;
}

function templateMatcher(template: string): { regex: RegExp; literalLength: number } {
  const parts = template.replace(/\/+$/, '').split(/(\{[^}]+\})/);
  let literalLength = 0;
  const source = parts
    .map((part) => {
      if (/^\{[^}]+\}$/.test(part)) return '([^/]+)';
      literalLength += part.length;
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return { regex: new RegExp(`^${source}/?$`), literalLength };
}

export interface UnspecifiedUse {
  method: string;
  path: string;
  reason: string;
}

export interface OpenApiValidator extends ContractValidator {
  /** Exchanges on allow-listed paths no spec describes, with the reason each is allowed. */
  readonly unspecified: UnspecifiedUse[];
  /** Errors excused as KNOWN_SPEC_DEFECTS, with where they occurred and why (the first 20 of each). */
  readonly excused: ExcusedUse[];
  /** Checks one response body directly (used to prove the validator catches wrong shapes). */
  checkResponse(method: string, path: string, status: number, body: unknown): string[];
  checkRequestBody(method: string, path: string, body: unknown): string[];
}

export function createOpenApiValidator(specsDir = SPECS_DIR): OpenApiValidator {
  const specs = new Map<SpecFile, LoadedSpec>();

  function load(file: SpecFile): LoadedSpec {
    const cached = specs.get(file);
    if (cached) return cached;
    const doc = toJsonSchema(JSON.parse(readFileSync(resolve(specsDir, file), 'utf8')) as Json) as JsonObject;
    const id = `https://atl.invalid/specs/${file}`;
    const ajv = createAjv();
    ajv.addSchema(doc as object, id);
    const paths = isObject(doc.paths) ? Object.keys(doc.paths) : [];
    const templates = paths
      .map((template) => ({ template, ...templateMatcher(template) }))
      .sort((a, b) => b.literalLength - a.literalLength);
    const loaded: LoadedSpec = { file, id, doc, ajv, templates, compiled: new Map() };
    specs.set(file, loaded);
    return loaded;
  }

  function compile(spec: LoadedSpec, ...segments: string[]): ValidateFunction {
    const ref = `${spec.id}#/${pointer(...segments)}`;
    let fn = spec.compiled.get(ref);
    if (!fn) {
      fn = spec.ajv.compile({ $ref: ref });
      spec.compiled.set(ref, fn);
    }
    return fn;
  }

  function resolveRef(spec: LoadedSpec, value: Json | undefined): Json | undefined {
    let current = value;
    for (let hops = 0; isObject(current) && typeof current.$ref === 'string' && current.$ref.startsWith('#/') && hops < 10; hops++) {
      let target: Json | undefined = spec.doc;
      for (const raw of current.$ref.slice(2).split('/')) {
        const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
        target = isObject(target) ? target[key] : undefined;
      }
      current = target;
    }
    return current;
  }

  function findOperation(method: string, path: string) {
    const location = specFor(path);
    if (!location) return { kind: 'no-spec' as const };
    const spec = load(location.file);
    const concrete = location.specPath.replace(/\/+$/, '') || '/';
    // Equally literal templates may split one path's methods (Confluence DC: GET /content/{id},
    // PUT /content/{contentId}): prefer the one that has the method.
    const matching = spec.templates.filter((t) => t.regex.test(concrete));
    const lowerMethod = method.toLowerCase();
    const hasMethod = (template: string) => {
      const item = (spec.doc.paths as JsonObject)[template] as JsonObject;
      return isObject(item[lowerMethod]) || (lowerMethod === 'head' && isObject(item.get));
    };
    const match = matching.find((t) => t.literalLength === matching[0]?.literalLength && hasMethod(t.template)) ?? matching[0];
    if (!match) return { kind: 'no-path' as const, location };
    const pathItem = (spec.doc.paths as JsonObject)[match.template] as JsonObject;
    const lower = method.toLowerCase() === 'head' && !pathItem.head ? 'get' : method.toLowerCase();
    const operation = pathItem[lower];
    if (!isObject(operation)) return { kind: 'no-method' as const, location, template: match.template };
    return { kind: 'found' as const, spec, location, template: match.template, method: lower, operation, pathItem };
  }

  const describe = (errors: ErrorObject[] | null | undefined) =>
    (errors ?? [])
      .slice(0, 6)
      .map(
        (e) =>
          `${e.instancePath || '/'} ${e.message ?? 'is invalid'}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`,
      )
      .join('; ');

  function jsonMediaKey(content: Json | undefined): string | null {
    if (!isObject(content)) return null;
    return Object.keys(content).find((k) => /json/i.test(k)) ?? (content['*/*'] ? '*/*' : null);
  }

  type FoundOperation = Extract<ReturnType<typeof findOperation>, { kind: 'found' }>;

  /** Where an exchange came from, for excusing known spec defects and recording what was excused. */
  interface Origin {
    path: string;
    viaGateway: boolean;
  }

  const excused: ExcusedUse[] = [];
  const excusedPerReason = new Map<string, number>();
  const EXCUSED_EXAMPLES = 20;

  /** The Ajv errors no KNOWN_SPEC_DEFECTS entry excuses; excused ones are recorded in `excused`. */
  function unexcused(
    op: FoundOperation,
    direction: 'request' | 'response',
    status: number,
    origin: Origin,
    body: unknown,
    errors: ErrorObject[] | null | undefined,
  ): ErrorObject[] {
    const operation = `${op.method.toUpperCase()} ${op.template}`;
    const isActual = (expected: KnownSpecDefect['actual'], instancePath: string) => {
      if (expected === undefined) return true;
      const value = valueAt(body, instancePath);
      if (expected === 'object') return typeof value === 'object' && value !== null && !Array.isArray(value);
      return expected === 'null' ? value === null : Array.isArray(value);
    };
    return (errors ?? []).filter((error) => {
      const defect = KNOWN_SPEC_DEFECTS.find(
        (d) =>
          d.file === op.location.file &&
          d.in === direction &&
          (d.operations.includes(operation) || d.operations.includes('*')) &&
          (d.statuses === undefined || d.statuses.includes(status)) &&
          (d.viaGateway !== true || origin.viaGateway) &&
          d.keyword === error.keyword &&
          d.instancePath.test(error.instancePath) &&
          (d.additionalProperties === undefined ||
            ('additionalProperty' in error.params && d.additionalProperties.includes(String(error.params.additionalProperty)))) &&
          (d.missingProperties === undefined ||
            ('missingProperty' in error.params && d.missingProperties.includes(String(error.params.missingProperty)))) &&
          isActual(d.actual, error.instancePath),
      );
      if (!defect) return true;
      // A DC search page excuses every field of 100 issues: keep a few examples of each defect.
      const seen = excusedPerReason.get(defect.reason) ?? 0;
      excusedPerReason.set(defect.reason, seen + 1);
      if (seen < EXCUSED_EXAMPLES)
        excused.push({
          method: op.method.toUpperCase(),
          path: origin.path,
          status,
          instancePath: error.instancePath,
          reason: defect.reason,
        });
      return false;
    });
  }

  function responseViolations(
    op: FoundOperation,
    origin: Origin,
    status: number,
    body: unknown,
    contentType: string | undefined,
    hasBody: boolean,
  ): string[] {
    const responses = isObject(op.operation.responses) ? op.operation.responses : {};
    const misdocumented = MISDOCUMENTED_STATUSES.find(
      (d) => d.file === op.location.file && d.operation === `${op.method.toUpperCase()} ${op.template}` && d.status === status,
    );
    const documented = misdocumented?.documentedAs ?? status;
    const key = [String(documented), `${String(documented)[0]}XX`, `${String(documented)[0]}xx`, 'default'].find((k) => k in responses);
    if (misdocumented && key)
      excused.push({ method: op.method.toUpperCase(), path: origin.path, status, instancePath: '', reason: misdocumented.reason });
    if (
      !key &&
      UNDOCUMENTED_STATUSES.some(
        (u) => u.file === op.location.file && u.operation === `${op.method.toUpperCase()} ${op.template}` && u.status === status,
      )
    )
      return [];
    if (!key) {
      // Atlassian's specs leave most error statuses (401, 404, 429, 5xx) undocumented; the error
      // shapes are checked by the sandbox's own unit tests instead.
      return status >= 400
        ? []
        : [`status ${status} is not documented for ${op.method.toUpperCase()} ${op.template} in ${op.location.file}`];
    }
    const response = resolveRef(op.spec, responses[key]);
    const content = isObject(response) ? response.content : undefined;
    const media = jsonMediaKey(content);
    if (!media || !isObject(content) || !isObject(content[media]) || !('schema' in (content[media] as JsonObject))) return [];
    if (!hasBody) return status === 204 ? [] : [`the spec has a JSON body for ${status} but the response had none`];
    if (contentType !== undefined && !/json/i.test(contentType)) return [`content type ${contentType} is not JSON`];
    const validate = compile(op.spec, 'paths', op.template, op.method, 'responses', key, 'content', media, 'schema');
    if (validate(body)) return [];
    const errors = unexcused(op, 'response', status, origin, body, validate.errors);
    return errors.length === 0
      ? []
      : [`response body does not match ${op.location.file} ${op.method.toUpperCase()} ${op.template} ${key}: ${describe(errors)}`];
  }

  function requestViolations(
    op: FoundOperation,
    origin: Origin,
    query: URLSearchParams | null,
    body: unknown,
    contentType: string | undefined,
  ): string[] {
    const found: string[] = [];
    if (query) {
      const parameters = [
        ...(Array.isArray(op.pathItem.parameters) ? op.pathItem.parameters : []),
        ...(Array.isArray(op.operation.parameters) ? op.operation.parameters : []),
      ];
      for (const raw of parameters) {
        const parameter = resolveRef(op.spec, raw);
        if (!isObject(parameter) || parameter.in !== 'query' || typeof parameter.name !== 'string') continue;
        const values = query.getAll(parameter.name);
        if (values.length === 0) {
          if (parameter.required === true) found.push(`required query parameter ${parameter.name} is missing`);
          continue;
        }
        const schema = resolveRef(op.spec, parameter.schema);
        const type = isObject(schema) ? schema.type : undefined;
        for (const value of values) {
          if ((type === 'integer' || (Array.isArray(type) && type.includes('integer'))) && !/^-?\d+$/.test(value))
            found.push(`query parameter ${parameter.name}=${value} is not an integer`);
          if (type === 'boolean' && value !== 'true' && value !== 'false')
            found.push(`query parameter ${parameter.name}=${value} is not true or false`);
        }
      }
    }
    const requestBody = resolveRef(op.spec, op.operation.requestBody);
    if (!isObject(requestBody)) {
      return found;
    }
    const media = jsonMediaKey(requestBody.content);
    if (body === undefined) {
      if (requestBody.required === true && media) found.push('the spec requires a JSON request body but none was sent');
      return found;
    }
    if (!media) return found;
    if (contentType !== undefined && !/json/i.test(contentType)) found.push(`request content type ${contentType} is not JSON`);
    const rawRef = op.operation.requestBody;
    const validate =
      isObject(rawRef) && typeof rawRef.$ref === 'string'
        ? compile(
            op.spec,
            ...rawRef.$ref
              .slice(2)
              .split('/')
              .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')),
            'content',
            media,
            'schema',
          )
        : compile(op.spec, 'paths', op.template, op.method, 'requestBody', 'content', media, 'schema');
    if (!validate(body)) {
      const errors = unexcused(op, 'request', 0, origin, body, validate.errors);
      if (errors.length > 0)
        found.push(`request body does not match ${op.location.file} ${op.method.toUpperCase()} ${op.template}: ${describe(errors)}`);
    }
    return found;
  }

  const unspecified: UnspecifiedUse[] = [];

  /** The operation to check a path against, or the violation/unspecified outcome. */
  function locate(
    method: string,
    path: string,
  ): { op: Extract<ReturnType<typeof findOperation>, { kind: 'found' }> } | { violations: string[] } {
    const bare = stripGateway(path);
    const allowed = UNSPECIFIED.find((u) => u.pattern.test(bare) && (u.methods === undefined || u.methods.includes(method.toUpperCase())));
    const op = findOperation(method, allowed?.validateAs ? allowed.validateAs(bare) : path);
    if (op.kind !== 'found' && allowed) {
      unspecified.push({ method, path, reason: allowed.reason });
      return { violations: [] };
    }
    if (allowed?.validateAs) unspecified.push({ method, path, reason: allowed.reason });
    switch (op.kind) {
      case 'no-spec':
        return {
          violations: [
            `unspecified: no spec covers ${path} (add it to UNSPECIFIED in test/support/openapi.ts with a reason if that is right)`,
          ],
        };
      case 'no-path':
        return { violations: [`unspecified: ${op.location.file} has no path matching ${op.location.specPath}`] };
      case 'no-method':
        return { violations: [`unspecified: ${op.location.file} has no ${method} on ${op.template}`] };
      case 'found':
        return { op };
    }
  }

  const originOf = (path: string): Origin => ({ path, viaGateway: stripGateway(path) !== path });

  return {
    unspecified,
    excused,
    check(exchange: ContractExchange): string[] {
      const located = locate(exchange.method, exchange.path);
      const origin = originOf(exchange.path);
      if ('violations' in located) return located.violations;
      return [
        ...requestViolations(located.op, origin, exchange.query, exchange.requestBody, exchange.requestContentType),
        // An injected fault's response is wrong on purpose; only the request is checked.
        ...(exchange.method === 'HEAD' || exchange.fault !== undefined
          ? []
          : responseViolations(
              located.op,
              origin,
              exchange.status,
              exchange.responseBody,
              exchange.responseContentType,
              exchange.responseBody !== undefined,
            )),
      ];
    },
    checkResponse(method, path, status, body) {
      const located = locate(method, path);
      if ('violations' in located) return located.violations;
      return responseViolations(located.op, originOf(path), status, body, 'application/json', body !== undefined);
    },
    checkRequestBody(method, path, body) {
      const located = locate(method, path);
      if ('violations' in located) return located.violations;
      return requestViolations(located.op, originOf(path), null, body, 'application/json');
    },
  };
}
