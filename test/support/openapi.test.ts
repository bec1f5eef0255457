// The known-spec-defect allow-list excuses exactly what each entry names, and nothing near it; and
// the e2e sandbox helper fails a file whose exchanges broke the spec.
import { describe, expect, test } from 'vitest';
import { createOpenApiValidator, KNOWN_SPEC_DEFECTS, SPECS_DIR, specsAvailable } from './openapi.js';
import { skipWithout } from './prerequisite.js';
import { expectNoContractViolations, startTestSandbox } from './sandbox.js';

const skipSpecTests = skipWithout('spec validator tests', specsAvailable() ? null : `Atlassian OpenAPI specs not found in ${SPECS_DIR}`);

describe.skipIf(skipSpecTests)('KNOWN_SPEC_DEFECTS', () => {
  const validator = createOpenApiValidator();
  const gateway = '/ex/jira/1f2e3d4c-0000-4000-8000-000000000000';

  test('every entry has a reason and names its operations', () => {
    for (const defect of KNOWN_SPEC_DEFECTS) {
      expect(defect.reason.length).toBeGreaterThan(40);
      expect(defect.operations.length).toBeGreaterThan(0);
    }
  });

  test('DC issue field values: excused directly under fields, not deeper, not on another operation', () => {
    const issue = (fields: Record<string, unknown>) => ({ id: '10001', key: 'DEMO-1', self: 'https://x/rest/api/2/issue/10001', fields });
    const before = validator.excused.length;
    expect(
      validator.checkResponse('GET', '/dc/rest/api/2/issue/DEMO-1', 200, issue({ summary: 'text', labels: ['a'], assignee: null })),
    ).toEqual([]);
    expect(validator.excused.length - before).toBe(3);
    expect(validator.excused.at(-1)).toMatchObject({
      method: 'GET',
      path: '/dc/rest/api/2/issue/DEMO-1',
      status: 200,
      instancePath: '/fields/assignee',
    });
    // A wrong shape elsewhere in the same body is still reported.
    expect(
      validator.checkResponse('GET', '/dc/rest/api/2/issue/DEMO-1', 200, { ...issue({ summary: 'text' }), key: 7 }).join('\n'),
    ).toMatch(/\/key must be string/);
    // The Cloud spec types fields properly: nothing is excused there.
    expect(validator.checkRequestBody('POST', '/rest/api/3/issue', { fields: 'not an object' }).join('\n')).toMatch(
      /\/fields must be object/,
    );
  });

  test('a path the spec spells twice with other parameter names is found by the method (DC PUT /content/{contentId})', () => {
    expect(
      validator.checkRequestBody('PUT', '/dc/rest/api/content/123', { id: '123', type: 'page', title: 'T', version: { number: 2 } }),
    ).toEqual([]);
  });

  test('DC list endpoints: only an array where the spec wants the item', () => {
    expect(validator.checkResponse('GET', '/dc/rest/api/2/priority', 200, [{ id: '1', name: 'Highest' }])).toEqual([]);
    expect(validator.checkResponse('GET', '/dc/rest/api/2/priority', 200, 'Highest').join('\n')).toMatch(/must be object/);
  });

  test('unassign: null is excused, any other wrong type is not', () => {
    expect(validator.checkRequestBody('PUT', '/rest/api/3/issue/DEMO-1/assignee', { accountId: null })).toEqual([]);
    expect(validator.checkRequestBody('PUT', '/rest/api/3/issue/DEMO-1/assignee', { accountId: 5 }).join('\n')).toMatch(
      /\/accountId must be string/,
    );
    expect(validator.checkRequestBody('PUT', '/dc/rest/api/2/issue/DEMO-1/assignee', { name: null })).toEqual([]);
    expect(validator.checkRequestBody('PUT', '/dc/rest/api/2/issue/DEMO-1/assignee', { name: false }).join('\n')).toMatch(
      /\/name must be string/,
    );
  });

  test("the gateway's {code,message} 401 body: only through the gateway, only on 401, only those keys", () => {
    const body = { code: 401, message: 'Unauthorized; scope does not match' };
    expect(validator.checkResponse('POST', `${gateway}/rest/api/3/issue`, 401, body)).toEqual([]);
    expect(validator.checkResponse('POST', '/rest/api/3/issue', 401, body).join('\n')).toMatch(/additional properties \(code\)/);
    expect(validator.checkResponse('POST', `${gateway}/rest/api/3/issue`, 401, { ...body, extra: 1 }).join('\n')).toMatch(
      /additional properties \(extra\)/,
    );
  });

  test('the sandbox seed endpoint is unspecified with its reason, and only for POST', () => {
    expect(validator.checkRequestBody('POST', '/rest/atl-sandbox/1.0/jira/seed', { count: 1 })).toEqual([]);
    expect(validator.unspecified.at(-1)?.reason).toMatch(/seeding endpoint/);
    expect(validator.checkResponse('GET', '/rest/atl-sandbox/1.0/jira/seed', 200, {})[0]).toMatch(/^unspecified/);
  });
});

describe('startTestSandbox without the specs', () => {
  test('outside CI: one line says validation is skipped, and the sandbox runs unchecked', async () => {
    const lines: string[] = [];
    const source = { specsDir: '/nonexistent/specs', env: {}, log: (line: string) => lines.push(line) };
    const sandbox = await startTestSandbox({ seed: 'empty' }, source);
    expect(sandbox.validator).toBeNull();
    await sandbox.stop();
    const again = await startTestSandbox({ seed: 'empty' }, source);
    await again.stop();
    expect(lines).toEqual(['contract validation of e2e traffic skipped: Atlassian OpenAPI specs not found in /nonexistent/specs']);
  });

  test('in CI: missing specs are an error', async () => {
    await expect(startTestSandbox({ seed: 'empty' }, { specsDir: '/nonexistent/specs', env: { CI: 'true' } })).rejects.toThrow(
      /specs not found .*in CI/,
    );
  });
});

describe.skipIf(skipSpecTests)('startTestSandbox', () => {
  test('validates traffic; stop() fails when a request broke the spec', async () => {
    const sandbox = await startTestSandbox();
    expect(sandbox.validator).not.toBeNull();
    const { cloud } = sandbox.credentials;
    const authorization = `Basic ${Buffer.from(`${cloud.email}:${cloud.token}`).toString('base64')}`;
    // maxResults must be an integer: a client bug the spec catches.
    const response = await fetch(`${sandbox.url}/rest/api/3/project/search?maxResults=lots`, {
      headers: { authorization, accept: 'application/json' },
    });
    await response.arrayBuffer();
    expect(() => expectNoContractViolations(sandbox)).toThrow(/maxResults=lots is not an integer/);
    await expect(sandbox.stop()).rejects.toThrow(/1 exchange\(s\) broke Atlassian's OpenAPI specs/);
  });

  test('stop() passes when every exchange matched', async () => {
    const sandbox = await startTestSandbox();
    const { cloud } = sandbox.credentials;
    const authorization = `Basic ${Buffer.from(`${cloud.email}:${cloud.token}`).toString('base64')}`;
    const response = await fetch(`${sandbox.url}/rest/api/3/myself`, { headers: { authorization, accept: 'application/json' } });
    expect(response.status).toBe(200);
    await response.arrayBuffer();
    await expect(sandbox.stop()).resolves.toBeUndefined();
  });
});
