import { describe, expect, test } from 'vitest';
import { FakeHttp, atlErrorOf, fakeFactory, runArgv } from '../jira/fake.testutil.js';
import { compileJqFilter, isPerElement } from './jq.js';
import { printJson, printJsonStream } from './json.js';
import { pagedOf } from './paged.testutil.js';

describe('isPerElement: which expressions a streamed listing may run page by page', () => {
  test.each(['.[]', '.[]?', ' .[] | .key', '.[].key', '.[].fields.summary', '.[]."a b"[0]', '.[].labels[]', '.[] | select(.x) | .y, .z'])(
    '%s works element by element',
    (expression) => expect(isPerElement(expression)).toBe(true),
  );
  test.each([
    '.',
    'map(.key)',
    'length',
    '.[] as $x | length',
    '.[].key, 1',
    '.[] |= 1',
    '.[] // 1',
    '.[0]',
    '[.[]]',
    '.[] + .[0]',
    'first(.[])',
  ])('%s needs the whole array', (expression) => expect(isPerElement(expression)).toBe(false));
});

describe('compileJqFilter: jq itself', () => {
  test('prints what jq -r prints: strings raw, other values as indented JSON, one per line', async () => {
    const filter = await compileJqFilter('.[] | .key, .n, .o');
    expect(filter.apply(JSON.stringify([{ key: 'A-1', n: 2, o: { a: [1] } }]))).toBe('A-1\n2\n{\n  "a": [\n    1\n  ]\n}\n');
    expect((await compileJqFilter('empty')).apply('{}')).toBe('');
    expect((await compileJqFilter('"", ""')).apply('{}')).toBe('\n\n');
  });

  test('real jq: paths, reduce, string interpolation, @csv, $ENV-free builtins', async () => {
    const filter = await compileJqFilter('(reduce .[] as $i (0; . + $i.n)) as $sum | "\\($sum) \\([.[].key] | @csv)"');
    expect(
      filter.apply(
        JSON.stringify([
          { key: 'A', n: 1 },
          { key: 'B', n: 2 },
        ]),
      ),
    ).toBe('3 "A","B"\n');
  });

  test('an expression that does not compile is a usage error (exit 2) with jq message and the expression as written', async () => {
    const error = await atlErrorOf(compileJqFilter('.a |'));
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe(
      'jq: syntax error, unexpected end of file (Unix shell quoting issues?) at <top-level>, line 1:\n.a |\njq: 1 compile error',
    );
    expect((await atlErrorOf(compileJqFilter('nosuchfunction'))).message).toContain('nosuchfunction/0 is not defined');
  });

  test('compiling does not run the expression: one that never ends on null compiles at once', async () => {
    expect((await compileJqFilter('repeat(1)')).perElement).toBe(false);
  });

  test('a runtime error is exit 2 with jq message; process.exitCode is left as atl set it', async () => {
    const filter = await compileJqFilter('.[]');
    process.exitCode = undefined;
    let thrown: unknown;
    try {
      filter.apply('"text"');
    } catch (err) {
      thrown = err;
    }
    expect(process.exitCode).toBeUndefined();
    expect(thrown).toMatchObject({ exitCode: 2, message: 'jq: error (at <stdin>:0): Cannot iterate over string ("text")' });
    expect((await compileJqFilter('error("boom")')).apply.bind(null, '{}')).toThrow('jq: error (at <stdin>:0): boom');
  });
});

describe('the exporter with --jq', () => {
  test('printJson runs the whole value through the filter', async () => {
    const f = fakeFactory({ json: true });
    f.io.jsonFilter = await compileJqFilter('.key');
    printJson(f.io, { key: 'A-1' });
    expect(f.out.text).toBe('A-1\n');
  });

  test('a `.[] | ...` filter streams: one write per page, as the pages come', async () => {
    const f = fakeFactory({ json: true });
    f.io.jsonFilter = await compileJqFilter('.[].id');
    const writes: string[] = [];
    const write = f.out.write.bind(f.out);
    f.out.write = ((chunk: string, ...rest: never[]) => (writes.push(chunk), write(chunk, ...rest))) as typeof f.out.write;
    expect(await printJsonStream(f.io, pagedOf([[{ id: 1 }, { id: 2 }], [{ id: 3 }]]))).toBe(3);
    expect(writes).toEqual(['1\n2\n', '3\n']);
  });

  test('any other filter sees the whole array once, as jq would on the --json output', async () => {
    const f = fakeFactory({ json: true });
    f.io.jsonFilter = await compileJqFilter('length, map(.id)');
    expect(await printJsonStream(f.io, pagedOf([[{ id: 1 }, { id: 2 }], [{ id: 3 }]]))).toBe(3);
    expect(f.out.text).toBe('3\n[\n  1,\n  2,\n  3\n]\n');
    const empty = fakeFactory({ json: true });
    empty.io.jsonFilter = await compileJqFilter('length');
    await printJsonStream(empty.io, pagedOf([]));
    expect(empty.out.text).toBe('0\n');
  });

  test('a page failing part-way keeps the lines printed (per page) and prints nothing collected', async () => {
    const failure = new (await import('../errors.js')).AtlError('network', 'page 2 failed');
    const f = fakeFactory({ json: true });
    f.io.jsonFilter = await compileJqFilter('.[].id');
    await expect(printJsonStream(f.io, pagedOf([[{ id: 1 }]], failure))).rejects.toThrow('page 2 failed');
    expect(f.out.text).toBe('1\n');
    expect(f.err.text).toBe('printed 1 item before the failure; the output is incomplete\n');
    const g = fakeFactory({ json: true });
    g.io.jsonFilter = await compileJqFilter('map(.id)');
    await expect(printJsonStream(g.io, pagedOf([[{ id: 1 }]], failure))).rejects.toThrow('page 2 failed');
    expect(g.out.text).toBe('');
  });
});

describe('--jq on the command line', () => {
  const board = { id: 7, name: 'Team', type: 'scrum', location: { projectKey: 'ABC' } };
  const boards = () =>
    new FakeHttp().on('GET', '/rest/agile/1.0/board', () => ({ startAt: 0, maxResults: 50, total: 1, isLast: true, values: [board] }));

  test('implies --json: a listing without --json prints what jq makes of its JSON', async () => {
    const f = fakeFactory({ http: boards() });
    expect(await runArgv(f, ['jira', 'board', 'list', '--jq', '.[].name'])).toEqual({ code: 0 });
    expect(f.out.text).toBe('Team\n');
    expect(f.globals.json).toBe(true);
  });

  test('--jq before the command works as a global flag; with --json it is the same', async () => {
    const f = fakeFactory({ http: boards() });
    expect((await runArgv(f, ['--jq', '.[0].id', 'jira', 'board', 'list', '--json'])).code).toBe(0);
    expect(f.out.text).toBe('7\n');
  });

  test('a bad expression fails before any request, exit 2', async () => {
    const f = fakeFactory({ http: new FakeHttp() });
    const { code, error } = await runArgv(f, ['jira', 'board', 'list', '--jq', '.[] |']);
    expect(code).toBe(2);
    expect(error?.message).toContain('jq: syntax error');
    expect(f.out.text).toBe('');
  });

  test('a command that prints no data refuses --jq as it refuses --json', async () => {
    const f = fakeFactory();
    const { code, error } = await runArgv(f, ['auth', 'token', '--jq', '.']);
    expect(code).toBe(2);
    expect(error?.message).toBe('atl auth token prints no data as JSON');
    expect(error?.hint).toBe('leave out --jq');
    expect(f.out.text).toBe('');
  });
});
