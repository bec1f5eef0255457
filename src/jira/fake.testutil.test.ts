import { describe, expect, test } from 'vitest';
import { codeForStatus } from '../http/errors.js';
import { FakeHttp, assertFakeRoutesUsed, httpError } from '../testkit/fakes.testutil.js';

describe('the fake HTTP client keeps tests honest', () => {
  test('a stub no request reached fails the test, naming it; used and optional stubs do not', async () => {
    const http = new FakeHttp()
      .on('GET', '/rest/api/3/myself', () => ({}))
      .on('POST', '/rest/api/3/issue', () => ({}))
      .optional('GET', '/rest/api/3/field', () => []);
    await http.get('/rest/api/3/myself');
    expect(() => assertFakeRoutesUsed()).toThrow(
      'stubbed but never requested: POST /rest/api/3/issue (remove the stub, or mark it with optional())',
    );
    // The check forgets what it checked: the next test starts clean.
    expect(() => assertFakeRoutesUsed()).not.toThrow();
  });

  test.each([400, 401, 403, 404, 409, 410, 429, 500, 503])('httpError(%i) carries the code the real client gives that status', (status) => {
    expect(httpError(status).code).toBe(codeForStatus(status));
    expect(httpError(status).status).toBe(status);
  });
});
