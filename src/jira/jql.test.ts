import { describe, expect, test } from 'vitest';
import { buildJql, reverseOrder, dateValue, quoteJql, shortcutClauses, splitOrderBy } from './jql.js';

describe('quoteJql', () => {
  test('quotes and escapes quotes and backslashes', () => {
    expect(quoteJql('In Progress')).toBe('"In Progress"');
    expect(quoteJql('say "hi" \\ bye')).toBe('"say \\"hi\\" \\\\ bye"');
  });
});

describe('shortcut clauses', () => {
  test('every flag becomes its clause, in a stable order', () => {
    expect(
      shortcutClauses({
        project: 'ABC',
        assignee: 'me',
        reporter: 'none',
        status: ['To Do', 'In Progress'],
        type: 'Bug',
        label: ['backend', 'urgent'],
        priority: 'High',
        text: 'login "fails"',
        created: '-7d',
        updated: 'today',
      }),
    ).toEqual([
      'project = "ABC"',
      'assignee = currentUser()',
      'reporter IS EMPTY',
      'status IN ("To Do", "In Progress")',
      'issuetype = "Bug"',
      'labels = "backend"',
      'labels = "urgent"',
      'priority = "High"',
      'text ~ "login \\"fails\\""',
      'created >= -7d',
      'updated >= startOfDay()',
    ]);
  });

  test('a single status is an equality; comma lists split; emails are quoted', () => {
    expect(shortcutClauses({ status: ['Done'] })).toEqual(['status = "Done"']);
    expect(shortcutClauses({ status: ['To Do,Done'] })).toEqual(['status IN ("To Do", "Done")']);
    expect(shortcutClauses({ assignee: 'jane@example.com' })).toEqual(['assignee = "jane@example.com"']);
    expect(shortcutClauses({ assignee: 'ME' })).toEqual(['assignee = currentUser()']);
  });

  test('dates: relative, named periods, absolute dates; anything else is a usage error', () => {
    expect(dateValue('created', '-2w')).toBe('-2w');
    expect(dateValue('created', 'week')).toBe('startOfWeek()');
    expect(dateValue('created', 'month')).toBe('startOfMonth()');
    expect(dateValue('created', '2024-01-31')).toBe('"2024-01-31"');
    expect(() => dateValue('created', 'yesterday')).toThrow(/invalid --created/);
    try {
      dateValue('updated', 'soon');
    } catch (err) {
      expect((err as { exitCode: number }).exitCode).toBe(2);
    }
  });
});

describe('splitOrderBy', () => {
  test('finds ORDER BY outside quotes only', () => {
    expect(splitOrderBy('project = A ORDER BY created ASC')).toEqual({ where: 'project = A', orderBy: 'created ASC' });
    expect(splitOrderBy('summary ~ "order by" and x = 1')).toEqual({ where: 'summary ~ "order by" and x = 1', orderBy: undefined });
    expect(splitOrderBy('order by key')).toEqual({ where: '', orderBy: 'key' });
  });
});

describe('buildJql', () => {
  test('no JQL, no flags: everything, newest first', () => {
    expect(buildJql(undefined, {})).toBe('ORDER BY updated DESC');
  });
  test('flags only', () => {
    expect(buildJql(undefined, { project: 'ABC', status: ['Done'] })).toBe('project = "ABC" AND status = "Done" ORDER BY updated DESC');
  });
  test('JQL ANDed with flags, in parentheses so OR keeps its meaning', () => {
    expect(buildJql('labels = a OR labels = b', { project: 'ABC' })).toBe(
      '(labels = a OR labels = b) AND project = "ABC" ORDER BY updated DESC',
    );
  });
  test("the user's ORDER BY is kept unless --order-by/--reverse say otherwise", () => {
    expect(buildJql('project = A ORDER BY rank', {})).toBe('project = A ORDER BY rank');
    expect(buildJql('project = A ORDER BY rank', {}, { orderBy: 'created' })).toBe('project = A ORDER BY created DESC');
    expect(buildJql('project = A', {}, { orderBy: 'created', reverse: true })).toBe('project = A ORDER BY created ASC');
    expect(buildJql(undefined, {}, { reverse: true })).toBe('ORDER BY updated ASC');
  });
  test("--reverse flips the user's own ORDER BY, every clause", () => {
    expect(buildJql('project = A ORDER BY created ASC', {}, { reverse: true })).toBe('project = A ORDER BY created DESC');
    expect(buildJql('project = A ORDER BY priority DESC, "Story Points, total" asc, key', {}, { reverse: true })).toBe(
      'project = A ORDER BY priority ASC, "Story Points, total" DESC, key DESC',
    );
    expect(reverseOrder('rank')).toBe('rank DESC');
  });
  test('--order-by refuses injection', () => {
    expect(() => buildJql(undefined, {}, { orderBy: 'updated; DROP' })).toThrow(/invalid --order-by/);
  });
});
