import type { Command } from 'commander';
import { describe, expect, test, vi } from 'vitest';
import allSpecs from 'virtual:atl-commands';
import { eagerSpecs, lazyGroups } from 'virtual:atl-command-tree';
import { bareGroup, buildProgram, globalValueOptions, renderGroupHelp, runCli, specsFor } from './cli.js';
import { createFactory } from './create-factory.js';

const pathOf = (spec: { path: readonly string[] }) => spec.path.join(' ');

function find(program: Command, path: readonly string[]): Command {
  let current = program;
  for (const word of path) {
    const next = current.commands.find((c) => c.name() === word);
    if (!next) throw new Error(`no command ${path.join(' ')}`);
    current = next;
  }
  return current;
}

describe('the command tree loads one group at a time', () => {
  test('eager specs plus every lazy group are exactly the discovered command files', async () => {
    const lazy = (await Promise.all(Object.values(lazyGroups).map((load) => load()))).flat();
    expect([...eagerSpecs, ...lazy].map(pathOf).sort()).toEqual(allSpecs.map(pathOf).sort());
    // The cheap part stays cheap: groups and top-level commands only.
    for (const spec of eagerSpecs) expect('run' in spec === false || spec.path.length === 1, pathOf(spec)).toBe(true);
  });

  test.each(Object.keys(lazyGroups))('every command in the %s folder is under that word', async (group) => {
    const specs = await lazyGroups[group]!();
    expect(specs.length).toBeGreaterThan(0);
    for (const spec of specs) expect(spec.path[0], pathOf(spec)).toBe(group);
  });

  test.each([
    [['jira', 'search', '--all'], 'jira'],
    [['--profile', 'jira', 'auth', 'list'], 'auth'],
    [['--json', 'help', 'jira'], 'jira'],
    [['--profile=work', 'jira', 'me'], 'jira'],
    [['--help'], undefined],
    [['--', 'jira'], undefined],
    [['version', '--json'], undefined],
  ] as const)('argv %j loads group %s', async (argv, group) => {
    const specs = await specsFor(argv);
    const groupsWithCommands = new Set(specs.filter((s) => 'run' in s && s.path.length > 1).map((s) => s.path[0]));
    expect([...groupsWithCommands]).toEqual(group === undefined ? [] : [group]);
    // Groups and top-level commands are always there, for `atl --help` and suggestions.
    for (const spec of eagerSpecs) expect(specs).toContain(spec);
  });

  test('specsFor skips the value of every global option that takes one', () => {
    const program = buildProgram(createFactory({}), eagerSpecs);
    const takingValues = program.options.filter((o) => o.required || o.optional).flatMap((o) => [o.long, o.short]);
    expect(takingValues.filter((flag) => flag !== undefined).sort()).toEqual([...globalValueOptions].sort());
  });

  test('every help text is the same as with the whole tree loaded', async () => {
    const f = createFactory({});
    const whole = buildProgram(f, allSpecs);
    const paths = [[], ...allSpecs.map((s) => s.path)];
    for (const path of paths) {
      const partial = buildProgram(f, await specsFor(path));
      expect(find(partial, path).helpInformation(), `atl ${path.join(' ')} --help`).toBe(find(whole, path).helpInformation());
    }
  });
});

describe('every command', () => {
  const program = buildProgram(createFactory({}), allSpecs);
  test.each(allSpecs.filter((spec) => 'run' in spec).map(pathOf))('`atl %s --help` shows examples and the global flags', (path) => {
    // outputHelp, not helpInformation: the examples and exit codes are added around it, as `--help` prints it.
    const command = find(program, path.split(' '));
    let help = '';
    command.configureOutput({ writeOut: (chunk) => (help += chunk), getOutHasColors: () => false });
    command.outputHelp();
    expect(help).toContain('Examples:');
    expect(help).toMatch(/\$ atl /);
    expect(help).toContain('--profile <name>');
    expect(help).toContain('--json');
  });
});

describe('help width', () => {
  /** `atl jira --help` as commander prints it to a terminal this wide. */
  function helpAt(columns: number): string {
    const jira = find(buildProgram(createFactory({}), allSpecs), ['jira']);
    let text = '';
    jira.configureOutput({ writeOut: (chunk) => (text += chunk), getOutHelpWidth: () => columns, getOutHasColors: () => false });
    jira.outputHelp();
    return text;
  }

  test('wrapped to a narrower terminal, never wider than 80: the precomputed text holds for every wider terminal', () => {
    const precomputed = renderGroupHelp(createFactory({}), allSpecs);
    expect(precomputed.width).toBe(80);
    expect(helpAt(200)).toBe(precomputed.texts.jira);
    expect(helpAt(80)).toBe(precomputed.texts.jira);
    // A narrower one gets commander's own wrapping (main.ts then leaves the help to commander).
    expect(helpAt(60)).not.toBe(precomputed.texts.jira);
  });

  test('renderGroupHelp covers the root and every group, and no command', () => {
    const groups = allSpecs.filter((s) => !('run' in s)).map(pathOf);
    expect(Object.keys(renderGroupHelp(createFactory({}), allSpecs).texts).sort()).toEqual(['', ...groups].sort());
  });
});

describe('a bare group', () => {
  test.each([[[]], [['jira']], [['auth']], [['jira', 'issue']]])('%j names a group whose help is shown', (argv) => {
    const program = buildProgram(createFactory({}), allSpecs);
    expect(bareGroup(program, argv)).toBe(argv.length === 0 ? program : find(program, argv));
  });

  test.each([[['sandbox']], [['jira', 'search']], [['jira', '--help']], [['jira', 'nope']], [['help']]])(
    '%j is not a bare group',
    (argv) => {
      expect(bareGroup(buildProgram(createFactory({}), allSpecs), argv)).toBeNull();
    },
  );

  test('runCli prints its help on stdout, not stderr (the path a narrow terminal takes)', async () => {
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      await runCli(createFactory({}), ['auth']);
      expect(out.mock.calls.map(([chunk]) => String(chunk)).join('')).toMatch(/^Usage: atl auth \[options\] \[command\]/);
      expect(err).not.toHaveBeenCalled();
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
  });
});
