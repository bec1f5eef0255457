import { describe, expect, test } from 'vitest';
import allSpecs from 'virtual:atl-commands';
import { buildProgram, fromCommanderError } from '../cli.js';
import { AtlError } from '../errors.js';
import { fakeFactory } from '../testkit/fakes.testutil.js';
import { CommanderError } from 'commander';
import { conflictError } from './flags.js';

/** Parses argv over the whole command tree as runCli does, and returns the error it ends in. */
async function errorOf(argv: string[]): Promise<AtlError> {
  const f = fakeFactory();
  const program = buildProgram(f, allSpecs);
  const err = await program.parseAsync(argv, { from: 'user' }).then(
    () => undefined,
    (e: unknown) => (e instanceof CommanderError ? fromCommanderError(e, program, argv) : e),
  );
  expect(err).toBeInstanceOf(AtlError);
  expect(f.out.text).toBe('');
  return err as AtlError;
}

describe('flags that exclude each other: one message shape, exit 2', () => {
  test('conflictError names both and says to give one', () => {
    const err = conflictError('--json', '--csv');
    expect(err.message).toBe('--json and --csv cannot be used together');
    expect(err.hint).toBe('give only one of them');
    expect(err.exitCode).toBe(2);
  });

  test.each([
    // (--token with --token-stdin is checked in the login flow, which auth init reaches too: test/e2e/cli.test.ts.)
    // Declared with Option.conflicts(): commander's error becomes the same message.
    [['auth', 'logout', 'work', '--bitbucket', '--remove-profile'], '--bitbucket', '--remove-profile'],
    // Checked where commander cannot see both (an argument, a global flag).
    [['jira', 'search', 'project = A', '--jql', 'project = B'], 'a JQL argument', '--jql'],
    [['jira', 'issue', 'transition', 'ABC-1', 'Done', '--to', 'Open'], 'a target argument', '--to'],
    [['jira', 'issue', 'comment', 'add', 'ABC-1', 'text', '--body-file', 'x.md'], 'a body argument', '--body-file'],
    [
      ['jira', 'issue', 'create', '-P', 'ABC', '-t', 'Task', '--summary', 's', '--description', 'd', '--description-file', 'x.md'],
      '--description',
      '--description-file',
    ],
    [['jira', 'search', '--json', '--csv', '-P', 'ABC'], '--json', '--csv'],
    [['jira', 'sprint', 'issues', '7', '--json', '--csv-raw'], '--json', '--csv-raw'],
  ])('%j', async (argv, first, second) => {
    const err = await errorOf(argv);
    expect(err.message).toBe(`${first} and ${second} cannot be used together`);
    expect(err.hint).toBe('give only one of them');
    expect(err.exitCode).toBe(2);
  });
});
