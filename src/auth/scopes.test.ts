import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { AtlError } from '../errors.js';
import type { HttpClient } from '../http/types.js';
import { bitbucketScopeRefusal, gatewayScopeRefusal } from '../testkit/fakes.testutil.js';
import { describeScopes, isScopeRefusal, REQUIRED_SCOPES, requiredScopes, scopeHint, withScopeHints } from './scopes.js';

describe('the CLI-side scope map', () => {
  // The sandbox's table is generated from Atlassian's specs and checked against them by
  // test/contract/sandbox-scopes.contract.test.ts, so agreeing with it is agreeing with the specs.
  const fromSpecs = JSON.parse(readFileSync(resolve(import.meta.dirname, '../sandbox/scopes.generated.json'), 'utf8')) as Record<
    string,
    Record<string, string[][]>
  >;

  test.each(
    Object.entries(REQUIRED_SCOPES).flatMap(([product, operations]) =>
      Object.entries(operations).map(([operation, alternatives]) => [product, operation, alternatives] as const),
    ),
  )('%s %s says what the specs say', (product, operation, alternatives) => {
    expect(fromSpecs[product]?.[operation], `${operation} is not in the specs' ${product} operations`).toEqual(alternatives);
  });
});

describe('scope hints', () => {
  test('match a request path to its template, with or without a query', () => {
    expect(requiredScopes('jira', 'GET', '/rest/agile/1.0/board/7/sprint?state=active')).toEqual([['read:sprint:jira-software']]);
    expect(requiredScopes('jira', 'GET', '/rest/agile/1.0/board?projectKeyOrId=DEMO')).toEqual([
      ['read:board-scope:jira-software', 'read:project:jira'],
    ]);
    expect(requiredScopes('jira', 'POST', '/rest/agile/1.0/board')).toBeNull();
    expect(requiredScopes('bitbucket', 'GET', '/2.0/user')).toEqual([['read:user:bitbucket']]);
  });

  test('name every scope of an alternative, classic first', () => {
    expect(describeScopes([['read:board-scope:jira-software', 'read:project:jira']])).toBe(
      'read:board-scope:jira-software and read:project:jira',
    );
    expect(describeScopes([['read:jira-user'], ['read:user:jira', 'read:avatar:jira']])).toBe(
      'read:jira-user (or the granular read:user:jira and read:avatar:jira)',
    );
    expect(scopeHint('jira', 'GET', '/rest/agile/1.0/board/1/sprint')).toBe(
      'the scoped token lacks the scope this request needs: GET /rest/agile/1.0/board/1/sprint needs read:sprint:jira-software; add it to the token, or use a profile that has it',
    );
  });

  test("recognise the gateway's and Bitbucket's scope refusals, and nothing else", () => {
    expect(isScopeRefusal(gatewayScopeRefusal('/ex/jira/c/rest/api/3/myself'))).toBe(true);
    expect(isScopeRefusal(bitbucketScopeRefusal('/user'))).toBe(true);
    expect(isScopeRefusal(new AtlError('auth', 'Client must be authenticated (HTTP 401)', { status: 401 }))).toBe(false);
    expect(isScopeRefusal(new AtlError('forbidden', 'You do not have permission (HTTP 403)', { status: 403 }))).toBe(false);
  });

  test("a client's scope refusal gets a hint naming the scopes; other errors pass unchanged", async () => {
    const base = 'https://api.atlassian.com/ex/jira/c';
    const failing = (err: AtlError): HttpClient => {
      const fail = () => Promise.reject(err);
      return { baseUrl: base, request: fail, get: fail, post: fail, put: fail, delete: fail };
    };
    const refusal = gatewayScopeRefusal('/ex/jira/c/rest/agile/1.0/board');
    const hinted = withScopeHints(failing(refusal), 'jira');
    await expect(hinted.get(`${base}/rest/agile/1.0/board?startAt=50`)).rejects.toMatchObject({
      exitCode: 3,
      status: 401,
      message: refusal.message,
      hint: expect.stringContaining('needs read:board-scope:jira-software and read:project:jira'),
    });
    const other = new AtlError('not_found', 'Board does not exist (HTTP 404)', { status: 404 });
    await expect(withScopeHints(failing(other), 'jira').get('/rest/agile/1.0/board/9')).rejects.toBe(other);
  });
});
