/**
 * The scopes a scoped token needs per operation, as Atlassian's OpenAPI specs state them
 * (`scopes.generated.json`, made by scripts/sandbox-scopes.mjs from ../shared/specs and checked
 * against them by test/contract/sandbox-scopes.contract.test.ts). The sandbox never reads the
 * specs at run time: it ships in the CLI.
 *
 * Each operation lists alternatives (the classic scope set, the granular set); a token passes when
 * it holds every scope of any one of them. A request path is matched to the spec's path template
 * segment by segment, the template with the most literal segments winning (`/issue/picker` before
 * `/issue/{issueIdOrKey}`).
 */
import generated from './scopes.generated.json' with { type: 'json' };
import type { Realm } from './types.js';

/** The products whose specs carry scopes: the gateway's Jira and Confluence, and Bitbucket Cloud. */
export type ScopedProduct = 'jira' | 'confluence' | 'bitbucket';

/** Scope sets, any one of which (held in full) lets a token call the operation. */
export type ScopeAlternatives = ReadonlyArray<readonly string[]>;

export interface ScopeRequirement {
  /** `METHOD /spec/path/template` as in the generated table. */
  operation: string;
  alternatives: ScopeAlternatives;
}

type Table = Record<ScopedProduct, Record<string, ScopeAlternatives>>;
const TABLE: Table = generated;

interface CompiledTemplate {
  operation: string;
  method: string;
  segments: ReadonlyArray<string | null>;
  literals: number;
  alternatives: ScopeAlternatives;
}

const compiled = new Map<ScopedProduct, CompiledTemplate[]>();

function templatesOf(product: ScopedProduct): CompiledTemplate[] {
  let list = compiled.get(product);
  if (!list) {
    list = Object.entries(TABLE[product]).map(([operation, alternatives]) => {
      const space = operation.indexOf(' ');
      // A segment that is exactly one `{param}` matches any one path segment; Bitbucket's few
      // templates with a parameter inside a segment never match, which only ever refuses.
      const segments = operation
        .slice(space + 1)
        .split('/')
        .slice(1)
        .map((segment) => (/^\{[^}]+\}$/.test(segment) ? null : segment));
      return { operation, method: operation.slice(0, space), segments, literals: segments.filter((s) => s !== null).length, alternatives };
    });
    compiled.set(product, list);
  }
  return list;
}

/**
 * Jira Cloud's REST API v2 has the same operations as v3 (only rich text differs) and Atlassian
 * publishes only v3's spec, so v2 paths take v3's scopes.
 */
function specPath(product: ScopedProduct, path: string): string {
  if (product === 'jira' && path.startsWith('/rest/api/2/')) return `/rest/api/3/${path.slice('/rest/api/2/'.length)}`;
  return path;
}

/** The requirement of `method path` (a product path, no mount prefix), or null when the specs name none. */
export function scopeRequirement(product: ScopedProduct, method: string, path: string): ScopeRequirement | null {
  const wanted = method.toUpperCase() === 'HEAD' ? ['HEAD', 'GET'] : [method.toUpperCase()];
  const pathSegments = specPath(product, path).replace(/\/+$/, '').split('/').slice(1);
  for (const m of wanted) {
    let best: CompiledTemplate | undefined;
    for (const template of templatesOf(product)) {
      if (template.method !== m || template.segments.length !== pathSegments.length) continue;
      const matches = template.segments.every((segment, i) => (segment === null ? pathSegments[i] !== '' : segment === pathSegments[i]));
      if (matches && (!best || template.literals > best.literals)) best = template;
    }
    if (best) return { operation: best.operation, alternatives: best.alternatives };
  }
  return null;
}

/** True when `held` contains every scope of at least one alternative. */
export function satisfies(held: readonly string[], alternatives: ScopeAlternatives): boolean {
  return alternatives.some((scopes) => scopes.every((scope) => held.includes(scope)));
}

/** The alternative a refusal names: the one the token is closest to (fewest scopes missing). */
export function closestAlternative(held: readonly string[], alternatives: ScopeAlternatives): readonly string[] {
  let best: { scopes: readonly string[]; missing: number } | null = null;
  for (const scopes of alternatives) {
    const missing = scopes.filter((scope) => !held.includes(scope)).length;
    if (best === null || missing < best.missing) best = { scopes, missing };
  }
  return best?.scopes ?? [];
}

/**
 * The sandbox's own endpoints (`/rest/atl-sandbox/...`, e.g. bulk seeding) are in no spec; a
 * scoped token needs write:jira-work for them, as for any other change to Jira data.
 */
export const SANDBOX_OWN_PREFIX = '/rest/atl-sandbox/';
const SANDBOX_OWN: ScopeAlternatives = [['write:jira-work']];

/**
 * Operations a spec publishes without scopes though clients reach them with scoped tokens, each
 * given the scopes of the operation that leads there. Bitbucket's PR `/conflicts` (read:pullrequest)
 * answers 302 to `/file-conflicts/{spec}`, which bitbucket.json lists with no scope at all.
 */
const SPEC_SCOPE_GAPS: ReadonlyArray<{ realm: Realm; method: string; pattern: RegExp; alternatives: ScopeAlternatives }> = [
  {
    realm: 'bitbucket',
    method: 'GET',
    pattern: /^\/2\.0\/repositories\/[^/]+\/[^/]+\/file-conflicts\/[^/]+$/,
    alternatives: [['read:pullrequest:bitbucket']],
  },
];

/** The requirement of a request the router matched in `realm`; null when the specs name none. */
export function scopeRequirementOf(realm: Realm, method: string, path: string): ScopeRequirement | null {
  if (realm === 'site') return null;
  const gap = SPEC_SCOPE_GAPS.find((g) => g.realm === realm && g.method === method.toUpperCase() && g.pattern.test(path));
  if (gap) return { operation: `${method.toUpperCase()} ${path}`, alternatives: gap.alternatives };
  if (realm === 'jira' && path.startsWith(SANDBOX_OWN_PREFIX))
    return { operation: `${method.toUpperCase()} ${path}`, alternatives: SANDBOX_OWN };
  return scopeRequirement(realm, method, path);
}
