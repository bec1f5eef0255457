import { expect, test } from 'vitest';
import { customFieldText, fieldText, issueColumns } from './issue-output.js';

const LINKS = [
  {
    id: '10000',
    self: 'https://example.atlassian.net/rest/api/3/issueLink/10000',
    type: { id: '10000', name: 'Blocks', inward: 'is blocked by', outward: 'blocks' },
    outwardIssue: { id: '10002', key: 'DEMO-2', fields: { summary: 'x' } },
  },
  {
    id: '10001',
    type: { id: '10000', name: 'Blocks', inward: 'is blocked by', outward: 'blocks' },
    inwardIssue: { id: '10005', key: 'DEMO-5' },
  },
];

test('issuelinks show the relation and the linked key, in tables and CSV alike, never the internal ids', () => {
  expect(fieldText(LINKS)).toBe('blocks DEMO-2, is blocked by DEMO-5');
  expect(fieldText(LINKS, 'csv')).toBe('blocks DEMO-2, is blocked by DEMO-5');
  const [, column] = issueColumns(['issuelinks'], 'csv');
  expect(column!.value({ id: '1', key: 'DEMO-1', fields: { issuelinks: LINKS } })).toBe('blocks DEMO-2, is blocked by DEMO-5');
  // A link type without directions falls back to its name.
  expect(fieldText([{ id: '9', type: { name: 'Relates' }, outwardIssue: { key: 'DEMO-7' } }])).toBe('Relates DEMO-7');
});

test('custom field values read as a person reads them', () => {
  expect(customFieldText(5)).toBe('5');
  expect(
    customFieldText([
      { id: 1, name: 'Sprint 1', state: 'closed', boardId: 1 },
      { id: 2, name: 'Sprint 2', state: 'active', boardId: 1 },
    ]),
  ).toBe('Sprint 1 (closed), Sprint 2 (active)');
  expect(
    customFieldText([
      'com.atlassian.greenhopper.service.sprint.Sprint@1a2b3c[id=3,rapidViewId=1,state=ACTIVE,name=DEMO Sprint 3,startDate=2024-05-01T10:00:00.000Z,endDate=<null>,sequence=3,goal=]',
    ]),
  ).toBe('DEMO Sprint 3 (active)');
  expect(customFieldText({ value: 'Hardware', child: { value: 'Laptop' } })).toBe('Hardware › Laptop');
  expect(customFieldText({ value: 'Mobile', id: '1' })).toBe('Mobile');
  expect(customFieldText([{ accountId: 'a', displayName: 'Ravi Sharma' }])).toBe('Ravi Sharma');
  expect(customFieldText({ id: 't', name: 'Platform Team', title: 'Platform Team' })).toBe('Platform Team');
  expect(customFieldText({ type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'notes' }] }] })).toBe(
    'notes',
  );
  for (const empty of [null, undefined, '', [], {}, '{}', [null]]) expect(customFieldText(empty)).toBe('');
});
