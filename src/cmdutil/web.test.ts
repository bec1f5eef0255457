import type { Command } from 'commander';
import { describe, expect, test } from 'vitest';
import allSpecs from 'virtual:atl-commands';
import { buildProgram } from '../cli.js';
import { createFactory } from '../create-factory.js';

function leaves(command: Command, path: string[] = []): Array<{ path: string; command: Command }> {
  if (command.commands.length === 0) return [{ path: path.join(' '), command }];
  return command.commands.flatMap((child) => leaves(child, [...path, child.name()]));
}

describe('--web on every command that shows one object', () => {
  const program = buildProgram(createFactory({}), allSpecs);
  const showOne = leaves(program).filter((leaf) => leaf.path.endsWith(' view'));

  test('the show-one commands are the `view` commands of every product', () => {
    expect(showOne.map((leaf) => leaf.path).sort()).toEqual([
      'bitbucket pipeline view',
      'bitbucket pr view',
      'bitbucket repo view',
      'confluence blog view',
      'confluence page view',
      'confluence space view',
      'jira board view',
      'jira issue view',
      'jsm desk view',
      'jsm request view',
      'jsm request-type view',
    ]);
  });

  test.each(showOne.map((leaf) => [leaf.path, leaf.command] as const))('%s declares --web', (_path, command) => {
    expect(command.options.map((option) => option.long)).toContain('--web');
  });
});
