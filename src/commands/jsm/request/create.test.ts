import { expect, test } from 'vitest';
import type { HttpResponse, RequestOptions } from '../../../http/types.js';
import { FakeHttp, fakeFactory, httpError, runArgv } from '../../../jira/fake.testutil.js';

const page = (values: unknown[]) => ({ size: values.length, start: 0, limit: 50, isLastPage: true, values });
const urgency = {
  fieldId: 'customfield_10300',
  name: 'Urgency',
  required: true,
  jiraSchema: { type: 'option', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:select' },
  validValues: [
    { value: '10400', label: 'Low' },
    { value: '10402', label: 'High' },
  ],
};
const fields = {
  canRaiseOnBehalfOf: true,
  canAddRequestParticipants: true,
  requestTypeFields: [
    { fieldId: 'summary', name: 'Summary', required: true, jiraSchema: { type: 'string', system: 'summary' } },
    { fieldId: 'description', name: 'Description', required: false, jiraSchema: { type: 'string', system: 'description' } },
    urgency,
    { fieldId: 'customfield_10301', name: 'Affected user', required: false, jiraSchema: { type: 'user' } },
  ],
};

/** The reads every create makes before checking fields, stubbed on `http`; no write is stubbed unless a test adds it. */
const withReads = <H extends FakeHttp>(http: H, meta: object = fields): H =>
  http
    .on('GET', '/rest/servicedeskapi/servicedesk/HELP', () => ({ id: '1', projectId: '10', projectKey: 'HELP', projectName: 'IT Help' }))
    .on('GET', '/rest/servicedeskapi/servicedesk/1/requesttype', () => page([{ id: '3', name: 'Get IT help' }]))
    .on('GET', '/rest/servicedeskapi/servicedesk/1/requesttype/3/field', () => meta);
const site = (deployment: 'cloud' | 'dc' = 'cloud') =>
  withReads(new FakeHttp(deployment === 'cloud' ? 'https://example.atlassian.net' : 'https://jira.example.com'));

const create = ['jsm', 'request', 'create', '--desk', 'HELP', '--type', 'Get IT help'];

test('a missing required field, an unknown field or an invalid option is exit 2 naming the valid ones, and nothing is sent', async () => {
  const missing = await runArgv(fakeFactory({ http: site() }), [...create, '--summary', 'VPN down']);
  expect(missing.code).toBe(2);
  expect(missing.error?.message).toBe('missing required field: Urgency (one of: Low, High)');
  const unknown = await runArgv(fakeFactory({ http: site() }), [...create, '--summary', 'VPN', '--field', 'Colour=red']);
  expect(unknown.code).toBe(2);
  expect(unknown.error?.hint).toContain('Urgency (customfield_10300)');
  const invalid = await runArgv(fakeFactory({ http: site() }), [...create, '--summary', 'VPN', '--field', 'Urgency=Critical']);
  expect(invalid.code).toBe(2);
  expect(invalid.error?.message).toBe('"Critical" is not a valid Urgency');
  expect(invalid.error?.hint).toBe('valid values: Low, High');
});

test('--dry-run prints the body: options by id, users by accountId on Cloud, Markdown description as wiki markup', async () => {
  const http = site().on('GET', '/rest/api/3/user/search', () => [
    { accountId: 'acc-carla', displayName: 'Carla', emailAddress: 'carla@example.com' },
  ]);
  const f = fakeFactory({ http });
  const args = [...create, '--summary', 'VPN down', '--description', 'It **drops**', '--field', 'urgency=high'];
  expect((await runArgv(f, [...args, '--field', 'Affected user=carla@example.com', '--dry-run'])).code).toBe(0);
  expect(f.err.text).toBe('dry run: would POST /rest/servicedeskapi/request with:\n');
  expect(JSON.parse(f.out.text)).toEqual({
    serviceDeskId: '1',
    requestTypeId: '3',
    requestFieldValues: {
      summary: 'VPN down',
      description: 'It *drops*',
      customfield_10300: { id: '10402' },
      customfield_10301: { accountId: 'acc-carla' },
    },
  });
});

test('on a terminal a missing required field is asked with its valid values; Data Center names users by user name', async () => {
  const http = site('dc')
    .on('GET', '/rest/api/2/user/search', () => [{ name: 'carla', displayName: 'Carla', emailAddress: 'carla@example.com' }])
    .on('POST', '/rest/servicedeskapi/request', (request) => {
      expect(request.body).toEqual({
        serviceDeskId: '1',
        requestTypeId: '3',
        requestFieldValues: { summary: 'VPN', customfield_10300: { id: '10400' } },
        raiseOnBehalfOf: 'carla',
      });
      return { issueKey: 'HELP-9', issueId: '1', _links: { agent: 'https://jira.example.com/browse/HELP-9' } };
    });
  const f = fakeFactory({ http, deployment: 'datacenter', tty: true, answers: ['Low'] });
  expect((await runArgv(f, [...create, '--summary', 'VPN', '--on-behalf-of', 'carla@example.com'])).code).toBe(0);
  expect(f.prompts).toEqual(['Urgency']);
  expect(f.out.text).toBe('HELP-9\nhttps://jira.example.com/browse/HELP-9\n');
});

test('--attach with a file that does not exist stops the create before anything is sent', async () => {
  const result = await runArgv(fakeFactory({ http: site() }), [
    ...create,
    '--summary',
    'VPN',
    '--field',
    'Urgency=Low',
    '--attach',
    '/no/such/file.log',
  ]);
  expect(result.code).toBe(2);
  expect(result.error?.message).toBe('/no/such/file.log: no such file');
});

/** A site whose `POST /request/validate` answers `status` with `body` (FakeHttp answers 200 only). */
class ValidatingSite extends FakeHttp {
  constructor(
    readonly validateStatus: number,
    readonly validateBody: unknown,
  ) {
    super();
  }
  override async request<T>(path: string, options: RequestOptions = {}): Promise<HttpResponse<T>> {
    if (path !== '/rest/servicedeskapi/request/validate') return super.request<T>(path, options);
    this.requests.push({ method: options.method ?? 'GET', path, query: {}, body: structuredClone(options.body) });
    return { status: this.validateStatus, headers: new Headers(), data: this.validateBody as T, url: `${this.baseUrl}${path}` };
  }
}

test('Cloud --dry-run has the site validate the request (POST /request/validate) and creates nothing', async () => {
  const http = withReads(new ValidatingSite(200, { valid: true, errorMessages: [], fieldErrors: [], formErrors: [] }));
  const f = fakeFactory({ http });
  expect((await runArgv(f, [...create, '--summary', 'VPN', '--field', 'Urgency=Low', '--dry-run'])).code).toBe(0);
  expect(f.err.text).toBe('dry run: the site validated it (POST /request/validate); would POST /rest/servicedeskapi/request with:\n');
  const sent = { serviceDeskId: '1', requestTypeId: '3', requestFieldValues: { summary: 'VPN', customfield_10300: { id: '10400' } } };
  expect(JSON.parse(f.out.text)).toEqual(sent);
  expect(http.requests.filter((r) => r.method === 'POST')).toEqual([
    { method: 'POST', path: '/rest/servicedeskapi/request/validate', query: {}, body: sent },
  ]);
});

test('Cloud --dry-run: what the site refuses is exit 2 naming each field; Data Center has no such endpoint and is not asked', async () => {
  const refusal = {
    valid: false,
    errorMessage: 'The request is not valid',
    errorMessages: [],
    fieldErrors: [{ field: 'summary', message: 'Summary must be less than 255 characters.' }],
    formErrors: [],
  };
  const refused = await runArgv(fakeFactory({ http: withReads(new ValidatingSite(400, refusal)) }), [
    ...create,
    '--summary',
    'x'.repeat(300),
    '--field',
    'Urgency=Low',
    '--dry-run',
  ]);
  expect(refused.code).toBe(2);
  expect(refused.error?.message).toBe('the site refused the request: Summary: Summary must be less than 255 characters.');
  expect(refused.error?.hint).toBe('nothing was created (dry run)');
  const dc = site('dc');
  const f = fakeFactory({ http: dc, deployment: 'datacenter' });
  expect((await runArgv(f, [...create, '--summary', 'x'.repeat(300), '--field', 'Urgency=Low', '--dry-run'])).code).toBe(0);
  expect(f.err.text).toBe('dry run: would POST /rest/servicedeskapi/request with:\n');
  expect(dc.requests.filter((r) => r.method === 'POST')).toEqual([]);
});

test('--on-behalf-of where the type says you cannot is exit 2 before anything is sent; a site refusing it anyway is exit 3 with its words', async () => {
  const forCarla = [...create, '--summary', 'VPN', '--field', 'Urgency=Low', '--on-behalf-of', 'carla@example.com'];
  const customerOnly = withReads(new FakeHttp(), { ...fields, canRaiseOnBehalfOf: false });
  const refused = await runArgv(fakeFactory({ http: customerOnly }), forCarla);
  expect(refused.code).toBe(2);
  expect(refused.error?.message).toBe('you cannot raise requests on behalf of others on this desk');
  expect(refused.error?.hint).toBe('only agents can; leave out --on-behalf-of to raise it yourself');
  expect(customerOnly.requests.map((r) => `${r.method} ${r.path}`).filter((r) => !r.startsWith('GET'))).toEqual([]);

  const http = site()
    .on('GET', '/rest/api/3/user/search', () => [{ accountId: 'acc-carla', displayName: 'Carla', emailAddress: 'carla@example.com' }])
    .on('POST', '/rest/servicedeskapi/request', () => {
      throw httpError(403, 'You do not have permission to raise requests on behalf of others. (HTTP 403)');
    });
  const server = await runArgv(fakeFactory({ http }), forCarla);
  expect(server.code).toBe(3);
  expect(server.error?.message).toBe('You do not have permission to raise requests on behalf of others. (HTTP 403)');
});
