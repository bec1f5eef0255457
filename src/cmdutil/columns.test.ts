import { expect, test } from 'vitest';
import { AtlError } from '../errors.js';
import { chooseColumns } from './columns.js';

const COLUMNS = { id: 'ID', timeSpent: 'TIME SPENT', filename: 'NAME' } as const;

const refusal = (fields: string): AtlError => {
  try {
    chooseColumns(COLUMNS, fields, ['id'], { name: 'filename' });
  } catch (err) {
    if (err instanceof AtlError) return err;
  }
  throw new Error(`--fields ${fields} was taken`);
};

test('the defaults without --fields; the names given in their order, in any case, or through an alias', () => {
  expect(chooseColumns(COLUMNS, undefined, ['id', 'timeSpent'])).toEqual(['ID', 'TIME SPENT']);
  expect(chooseColumns(COLUMNS, ' TIMESPENT, id ,', ['id'], { name: 'filename' })).toEqual(['TIME SPENT', 'ID']);
  expect(chooseColumns(COLUMNS, 'Name', ['id'], { name: 'filename' })).toEqual(['NAME']);
});

test('an unknown or missing name is exit 2 with one hint: choose from the names there are', () => {
  const unknown = refusal('id,hours');
  expect(unknown.exitCode).toBe(2);
  expect(unknown.message).toBe('unknown field "hours" in --fields');
  expect(unknown.hint).toBe('choose from id, timeSpent, filename');
  const none = refusal(' , ');
  expect(none.message).toBe('--fields needs at least one field');
  expect(none.hint).toBe('choose from id, timeSpent, filename');
});
