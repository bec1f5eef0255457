import { expect, test } from 'vitest';
import { FakeHttp, fakeFactory, runArgv } from '../../../jira/fake.testutil.js';

const page = (values: unknown[]) => ({ size: values.length, start: 0, limit: 50, isLastPage: true, values });
const desks = [
  { id: '1', projectId: '10', projectKey: 'HELP', projectName: 'IT Help' },
  { id: '2', projectId: '11', projectKey: 'FAC', projectName: 'Facilities' },
];
const types = [
  { id: '3', name: 'Get IT help', description: 'Something is broken' },
  { id: '4', name: 'Request new hardware', description: 'Laptops' },
];

test('desk list pages the desks', async () => {
  const http = new FakeHttp().on('GET', '/rest/servicedeskapi/servicedesk', () => page(desks));
  const f = fakeFactory({ http });
  expect((await runArgv(f, ['jsm', 'desk', 'list'])).code).toBe(0);
  expect(f.out.text).toBe('ID\tKEY\tNAME\n1\tHELP\tIT Help\n2\tFAC\tFacilities\n');
});

test('servicedesk is another name of jsm; desk view by key shows its request types', async () => {
  const http = new FakeHttp()
    .on('GET', '/rest/servicedeskapi/servicedesk/HELP', () => desks[0])
    .on('GET', '/rest/servicedeskapi/servicedesk/1/requesttype', () => page(types));
  const f = fakeFactory({ http });
  expect((await runArgv(f, ['servicedesk', 'desk', 'view', 'HELP'])).code).toBe(0);
  expect(f.out.text).toBe(
    'IT Help\n\nID          1\nProject     HELP\n\nRequest types (2):\n  Get IT help  (3)\n  Request new hardware  (4)\n',
  );
});

test('request-type view prints each field: name, id, required, type, valid values; an unknown type is exit 2 naming them', async () => {
  const http = () =>
    new FakeHttp()
      .on('GET', '/rest/servicedeskapi/servicedesk/HELP/requesttype', () => page(types))
      .on('GET', '/rest/servicedeskapi/servicedesk/HELP/requesttype/3/field', () => ({
        canRaiseOnBehalfOf: true,
        requestTypeFields: [
          { fieldId: 'summary', name: 'Summary', required: true, jiraSchema: { type: 'string', system: 'summary' }, validValues: [] },
          {
            fieldId: 'customfield_10300',
            name: 'Urgency',
            required: true,
            jiraSchema: { type: 'option', custom: 'com.atlassian.jira.plugin.system.customfieldtypes:select' },
            validValues: [
              { value: '10400', label: 'Low' },
              { value: '10401', label: 'High' },
            ],
          },
        ],
      }));
  const f = fakeFactory({ http: http() });
  expect((await runArgv(f, ['jsm', 'request-type', 'view', '--desk', 'HELP', 'get it help'])).code).toBe(0);
  expect(f.out.text).toBe(
    'Get IT help (3)\nSomething is broken\n\nNAME\tFIELD\tREQUIRED\tTYPE\tVALID VALUES\n' +
      'Summary\tsummary\tyes\tstring\t\nUrgency\tcustomfield_10300\tyes\tselect\tLow, High\n',
  );
  const g = fakeFactory({ http: new FakeHttp().on('GET', '/rest/servicedeskapi/servicedesk/HELP/requesttype', () => page(types)) });
  const missing = await runArgv(g, ['jsm', 'request-type', 'view', '--desk', 'HELP', 'Printer']);
  expect(missing.code).toBe(2);
  expect(missing.error?.hint).toContain('"Get IT help" (3), "Request new hardware" (4)');
});
