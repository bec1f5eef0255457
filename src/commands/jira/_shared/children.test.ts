import { expect, test } from 'vitest';
import { childrenSection } from './children.js';

test('children print aligned as key, status, summary; nothing when there are none', () => {
  expect(childrenSection('ABC-1', [], false)).toBe('');
  expect(
    childrenSection(
      'ABC-1',
      [
        { key: 'ABC-9', status: 'Done', summary: 'First' },
        { key: 'ABC-10', status: 'In Progress', summary: 'Second' },
      ],
      false,
    ),
  ).toBe('\nChildren (2):\n  ABC-9   Done         First\n  ABC-10  In Progress  Second\n');
});

test('an epic with more issues than fetched says where to see them all', () => {
  expect(childrenSection('ABC-1', [{ key: 'ABC-9', status: 'Done', summary: 'First' }], true)).toBe(
    '\nChildren (first 20; all: atl jira epic issues ABC-1):\n  ABC-9  Done  First\n',
  );
});
