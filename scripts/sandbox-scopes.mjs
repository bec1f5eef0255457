// Generates src/sandbox/scopes.generated.json: the OAuth 2.0 scopes each operation of Atlassian's
// Cloud REST APIs requires, taken from Atlassian's own OpenAPI specs, so the sandbox's gateway and
// Bitbucket refuse a scoped token exactly where the real ones do (not where we think they do).
//
//   node scripts/sandbox-scopes.mjs [specsDir]     (default ../shared/specs)
//
// The sandbox ships in the CLI and never reads the specs at run time; the committed file is what
// it reads. test/contract/sandbox-scopes.contract.test.ts regenerates it from the specs and fails
// when the two differ.
//
// Per operation, each entry is one alternative: a token passes when it holds ALL scopes of ANY one
// alternative (Atlassian's "classic" scope set or the "granular" set; see "Jira scopes for OAuth
// 2.0 (3LO) and Forge apps" in Atlassian's docs). Taken from:
// - `x-atlassian-oauth2-scopes`: entries `{scheme, scopes, state: Current|Beta}` (Jira platform,
//   Confluence v1/v2, JSM, Bitbucket), or where an operation has none,
// - its `security` requirements naming an OAuth 2.0 scheme (Jira Software has only these). Not for
//   Bitbucket, whose `security` lists the OAuth consumer scopes (`account`, `repository`) that API
//   tokens do not carry.
// An alternative with no scopes means any token of the product passes (e.g. serverInfo).
// Operations with neither are left out: the sandbox refuses them for scoped tokens, and its tests
// fail for any route it serves without an entry here.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export const OUTPUT = resolve(root, 'src/sandbox/scopes.generated.json');
export const DEFAULT_SPECS_DIR = resolve(root, '..', 'shared', 'specs');

/** Spec file → the sandbox product it belongs to and the prefix its paths carry on the wire. */
export const SOURCES = [
  { file: 'jira-platform-v3.json', product: 'jira', prefix: '' },
  { file: 'jira-software.json', product: 'jira', prefix: '' },
  { file: 'jira-service-management.json', product: 'jira', prefix: '' },
  { file: 'confluence-v1.json', product: 'confluence', prefix: '' },
  { file: 'confluence-v2.json', product: 'confluence', prefix: '/wiki/api/v2' },
  { file: 'bitbucket.json', product: 'bitbucket', prefix: '/2.0', securityFallback: false },
];

/**
 * Where a spec is older than what Atlassian enforces and documents, with the source. Each applies
 * only while the spec still gives the operation no scopes (the contract test checks that), so an
 * updated spec makes the entry fail loudly instead of silently overriding it.
 */
export const NEWER_THAN_SPEC = [
  {
    file: 'jira-software.json',
    operation: 'GET /rest/agile/1.0/board',
    alternatives: [['read:board-scope:jira-software', 'read:project:jira']],
    source:
      'jira-software.json is a 2022 copy giving `security: [{OAuth2: []}]`; the Jira Software REST docs for "Get all boards" ' +
      '(https://developer.atlassian.com/cloud/jira/software/rest/api-group-board/#api-rest-agile-1-0-board-get) require ' +
      'read:board-scope:jira-software and read:project:jira since the scope update of 15 February 2024',
  },
];

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];
const STATES = new Set(['Current', 'Beta']);

/** The scope alternatives of one operation, or null when its spec names none. */
export function alternativesOf(operation, doc, securityFallback = true) {
  const extension = operation['x-atlassian-oauth2-scopes'];
  let alternatives = null;
  if (Array.isArray(extension) && extension.length > 0) {
    alternatives = extension.filter((entry) => STATES.has(entry.state) && Array.isArray(entry.scopes)).map((entry) => entry.scopes);
  } else if (securityFallback && Array.isArray(operation.security)) {
    const schemes = doc.components?.securitySchemes ?? {};
    alternatives = operation.security
      .flatMap((requirement) => Object.entries(requirement))
      .filter(([name]) => schemes[name]?.type === 'oauth2')
      .map(([, scopes]) => scopes);
  }
  if (alternatives === null || alternatives.length === 0) return null;
  const unique = new Map(alternatives.map((scopes) => [JSON.stringify(scopes), [...scopes]]));
  return [...unique.values()];
}

/** `{ product: { "METHOD /path/template": [[scope, ...], ...] } }`, sorted for stable diffs. */
export function generateScopeTable(specsDir = DEFAULT_SPECS_DIR) {
  const table = {};
  for (const { file, product, prefix, securityFallback = true } of SOURCES) {
    const doc = JSON.parse(readFileSync(resolve(specsDir, file), 'utf8'));
    const operations = (table[product] ??= {});
    for (const [path, item] of Object.entries(doc.paths ?? {})) {
      for (const method of METHODS) {
        const operation = item[method];
        if (!operation || typeof operation !== 'object') continue;
        const key = `${method.toUpperCase()} ${prefix}${path}`;
        let alternatives = alternativesOf(operation, doc, securityFallback);
        const newer = NEWER_THAN_SPEC.find((n) => n.file === file && n.operation === key);
        if (newer && (alternatives === null || alternatives.every((scopes) => scopes.length === 0))) alternatives = newer.alternatives;
        if (alternatives === null) continue;
        if (operations[key]) throw new Error(`${file}: ${key} is described twice`);
        operations[key] = alternatives;
      }
    }
  }
  const sorted = {};
  for (const product of Object.keys(table).sort()) {
    sorted[product] = Object.fromEntries(Object.entries(table[product]).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }
  return sorted;
}

/** The file's text: one operation per line, so a spec update shows as a readable diff. */
export function formatScopeTable(table) {
  const products = Object.entries(table).map(([product, operations]) => {
    const lines = Object.entries(operations).map(([key, alternatives]) => `    ${JSON.stringify(key)}: ${JSON.stringify(alternatives)}`);
    return `  ${JSON.stringify(product)}: {\n${lines.join(',\n')}\n  }`;
  });
  return `{\n${products.join(',\n')}\n}\n`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const specsDir = resolve(process.argv[2] ?? DEFAULT_SPECS_DIR);
  const table = generateScopeTable(specsDir);
  writeFileSync(OUTPUT, formatScopeTable(table));
  const count = Object.values(table).reduce((n, operations) => n + Object.keys(operations).length, 0);
  console.log(`wrote ${OUTPUT}: ${count} operations from ${specsDir}`);
}
