import { describe, expect, test } from 'vitest';
import { formatDuration, jiraTimestamp, parseDuration, parseStarted } from './worklogs.js';

describe('parseDuration', () => {
  test.each([
    ['1h30m', '1h 30m'],
    ['1w 2d 3h 4m', '1w 2d 3h 4m'],
    ['45m', '45m'],
    [' 2D ', '2d'],
    ['1.5h', '1.5h'],
  ])('%j is sent as %j', (input, sent) => {
    expect(parseDuration(input)).toBe(sent);
  });

  test.each(['', '90', '1x', 'h', '1h 1h', '30m 1h', '0m', '1h foo', '-1h'])('%j is a usage error', (input) => {
    expect(() => parseDuration(input)).toThrow(expect.objectContaining({ exitCode: 2, message: expect.stringMatching(/not a duration/) }));
  });
});

test('formatDuration writes seconds as Jira does, with 8-hour days and 5-day weeks', () => {
  expect(formatDuration(5400)).toBe('1h 30m');
  expect(formatDuration(8 * 3600)).toBe('1d');
  expect(formatDuration(5 * 8 * 3600 + 2 * 8 * 3600 + 3 * 3600 + 4 * 60)).toBe('1w 2d 3h 4m');
  expect(formatDuration(0)).toBe('0m');
});

describe('started', () => {
  test('jiraTimestamp writes the local time with its offset in Jira form', () => {
    const text = jiraTimestamp(new Date(2021, 0, 17, 12, 34, 0, 5));
    expect(text).toMatch(/^2021-01-17T12:34:00\.005[+-]\d{4}$/);
  });

  test('a date alone is 09:00 local time that day; a date-time is taken as given', () => {
    expect(parseStarted('2024-05-31')).toBe(jiraTimestamp(new Date(2024, 4, 31, 9, 0, 0, 0)));
    expect(parseStarted('2024-05-31T14:30')).toBe(jiraTimestamp(new Date(2024, 4, 31, 14, 30)));
    expect(parseStarted('2024-05-31 14:30:15')).toBe(jiraTimestamp(new Date(2024, 4, 31, 14, 30, 15)));
    expect(parseStarted('2024-05-31T14:30:00Z')).toBe(jiraTimestamp(new Date(Date.UTC(2024, 4, 31, 14, 30))));
    expect(parseStarted('2024-05-31T14:30:00.000+0200')).toBe(jiraTimestamp(new Date(Date.UTC(2024, 4, 31, 12, 30))));
  });

  test.each(['yesterday', '2024-13-01', '2024-02-31', '31/05/2024', '2024-05-31T25:00'])('%j is a usage error', (input) => {
    expect(() => parseStarted(input)).toThrow(expect.objectContaining({ exitCode: 2, message: expect.stringMatching(/--started/) }));
  });
});
