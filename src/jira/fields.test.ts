import { describe, expect, test } from 'vitest';
import { AtlError } from '../errors.js';
import { makeContext } from './context.js';
import { FakeHttp } from '../testkit/fakes.testutil.js';
import { convertFieldValue } from './fields.js';
import type { JiraField } from './types.js';

const field = (name: string, schema: JiraField['schema']): JiraField => ({ id: `customfield_${name.length}`, name, custom: true, schema });
const types = 'com.atlassian.jira.plugin.system.customfieldtypes';

describe('convertFieldValue by schema.custom', () => {
  const ctx = makeContext(new FakeHttp(), 'cloud');
  const cases: Array<[string, JiraField, string, unknown]> = [
    [
      'Sprint: one number, not ["1"]',
      field('Sprint', { type: 'array', items: 'json', custom: 'com.pyxis.greenhopper.jira:gh-sprint' }),
      ' 12 ',
      12,
    ],
    [
      'group picker: {name}',
      field('Owner group', { type: 'group', custom: `${types}:grouppicker` }),
      'jira-admins',
      { name: 'jira-admins' },
    ],
    [
      'multi group picker: [{name}]',
      field('Groups', { type: 'array', items: 'group', custom: `${types}:multigrouppicker` }),
      'a, b',
      [{ name: 'a' }, { name: 'b' }],
    ],
    [
      'Atlassian team: the id string',
      field('Team', { type: 'team', custom: `${types}:atlassian-team` }),
      '36885b3c-1bf0-4f85-a357-c5b858c31de4',
      '36885b3c-1bf0-4f85-a357-c5b858c31de4',
    ],
    [
      'Teams app field: the id string',
      field('Team', { type: 'any', custom: 'com.atlassian.teams:rm-teams-custom-field-team' }),
      ' t-1 ',
      't-1',
    ],
    [
      'cascading select: Parent > Child',
      field('Area', { type: 'option-with-child', custom: `${types}:cascadingselect` }),
      'Hardware > Keyboard',
      { value: 'Hardware', child: { value: 'Keyboard' } },
    ],
    [
      'cascading select: parent only',
      field('Area', { type: 'option-with-child', custom: `${types}:cascadingselect` }),
      'Hardware',
      { value: 'Hardware' },
    ],
    ['version picker: {name}', field('Target', { type: 'version', custom: `${types}:version` }), '2.0', { name: '2.0' }],
    [
      'multi version picker: [{name}]',
      field('Affects', { type: 'array', items: 'version', custom: `${types}:multiversion` }),
      '1.0,1.1',
      [{ name: '1.0' }, { name: '1.1' }],
    ],
    ['components: [{name}]', field('Parts', { type: 'array', items: 'component' }), 'API, Docs', [{ name: 'API' }, { name: 'Docs' }]],
    ['Epic Link: the key', field('Epic Link', { type: 'any', custom: 'com.pyxis.greenhopper.jira:gh-epic-link' }), 'demo-1', 'DEMO-1'],
  ];
  test.each(cases)('%s', async (_, f, value, expected) => {
    expect(await convertFieldValue(ctx, f, value)).toEqual(expected);
  });

  test('a sprint that is not one number, or an empty cascading parent, is a usage error', async () => {
    for (const [f, value] of [
      [cases[0]![1], '1,2'],
      [cases[0]![1], 'Sprint 4'],
      [cases[5]![1], ' > Keyboard'],
    ] as const) {
      const error = await convertFieldValue(ctx, f, value).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AtlError);
      expect((error as AtlError).exitCode).toBe(2);
    }
  });
});
