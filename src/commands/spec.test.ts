import { describe, expect, test } from 'vitest';
import allSpecs from 'virtual:atl-commands';
import { buildProgram } from '../cli.js';
import { AtlError } from '../errors.js';
import { fakeFactory } from '../jira/fake.testutil.js';
import type { CommandSpec, JsonOutput } from './spec.js';

const commands = allSpecs.filter((s): s is CommandSpec<never> => 'run' in s);

/**
 * Every command and what it prints with --json. A new command must be added here, which makes its
 * author decide: data ('value' or a streamed 'listing') or none (then --json is refused).
 */
const expected: Record<string, JsonOutput> = {
  'auth delete': 'value',
  'auth import': 'value',
  'auth init': 'value',
  'auth list': 'value',
  'auth login': 'value',
  'auth logout': 'value',
  'auth rename': 'value',
  'auth status': 'value',
  'auth switch': 'value',
  'auth test': 'value',
  'auth token': 'none',
  'jira attachment download': 'value',
  'jira attachment list': 'listing',
  'jira attachment upload': 'value',
  'jira board list': 'listing',
  'jira issue assign': 'value',
  'jira issue comment add': 'value',
  'jira issue comment list': 'listing',
  'jira issue create': 'value',
  'jira issue delete': 'value',
  'jira issue edit': 'value',
  'jira issue transition': 'value',
  'jira issue view': 'value',
  'jira me': 'value',
  'jira project list': 'listing',
  'jira search': 'listing',
  'jira sprint issues': 'listing',
  'jira sprint list': 'listing',
  'jira worklog add': 'value',
  'jira worklog list': 'listing',
  sandbox: 'value',
  version: 'value',
};

describe('every command declares its JSON output', () => {
  test('the table of commands and their JSON kinds', () => {
    expect(Object.fromEntries(commands.map((spec) => [spec.path.join(' '), spec.json]))).toEqual(expected);
  });

  test.each(commands.filter((spec) => spec.json === 'none').map((spec) => spec.path.join(' ')))(
    '`atl %s --json` is refused with exit 2 before the command runs',
    async (path) => {
      const f = fakeFactory();
      const program = buildProgram(f, allSpecs);
      const refused = await program.parseAsync([...path.split(' '), '--json'], { from: 'user' }).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(refused).toBeInstanceOf(AtlError);
      expect((refused as AtlError).exitCode).toBe(2);
      expect((refused as AtlError).message).toBe(`atl ${path} prints no data as JSON`);
      expect(f.out.text).toBe('');
    },
  );
});
