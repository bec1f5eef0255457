import { describe, expect, test } from 'vitest';
import { atlErrorOf, fakeFactory } from '../testkit/fakes.testutil.js';
import { bodyOrEditor, normalizeText } from './input.js';

describe('normalizeText: text read from files, stdin and flags', () => {
  test.each([
    ['Windows line endings', 'line a\r\nline b\r\n', 'line a\nline b\n'],
    ['old Mac line endings', 'line a\rline b\r', 'line a\nline b\n'],
    ['a mix, with a blank line', 'a\r\n\r\nb\rc\n', 'a\n\nb\nc\n'],
    ['a leading byte-order mark', '\uFEFF# Title\r\n', '# Title\n'],
    ['a code block keeps its lines', '```\r\nx = 1\r\n```\r\n', '```\nx = 1\n```\n'],
    ['Unix text is left as it is', 'a\nb\n', 'a\nb\n'],
    ['a byte-order mark inside the text is kept (only a leading one is a marker)', 'a\uFEFFb', 'a\uFEFFb'],
  ])('%s', (_name, input, expected) => {
    expect(normalizeText(input)).toBe(expected);
  });
});

describe('bodyOrEditor: the body from the flags or stdin, else written in the editor on a terminal', () => {
  const names = ['--body', '--body-file'] as const;

  test('a body given is used as it is; no editor opens', async () => {
    const f = fakeFactory({ tty: true, editor: 'not this' });
    expect(await bodyOrEditor(f, 'given', undefined, true, names, { file: 'comment.md' })).toBe('given');
    expect(f.edited).toEqual([]);
  });

  test('on a terminal with none: the editor opens (from the initial text) and what was saved is the body', async () => {
    const f = fakeFactory({ tty: true, editor: 'written **here**\n' });
    const initial = async () => 'the current text';
    expect(await bodyOrEditor(f, undefined, undefined, true, names, { file: 'comment.md', initial })).toBe('written **here**\n');
    expect(f.edited).toEqual(['the current text']);
  });

  test('saved empty (or blank): exit 1, nothing sent, saying what to do', async () => {
    const f = fakeFactory({ tty: true, editor: ' \n\n' });
    const err = await atlErrorOf(bodyOrEditor(f, undefined, undefined, true, names, { file: 'comment.md' }));
    expect(err.exitCode).toBe(1);
    expect(err.message).toBe('the text was saved empty in the editor: nothing was sent');
    expect(err.hint).toBe('write the text in the editor and save it, or give --body or --body-file');
  });

  test('an edit saved as it was (but for the final newline): exit 1, nothing sent', async () => {
    const f = fakeFactory({ tty: true, editor: 'the current text\n' });
    const initial = async () => 'the current text';
    const err = await atlErrorOf(bodyOrEditor(f, undefined, undefined, true, names, { file: 'page.md', initial }));
    expect(err.exitCode).toBe(1);
    expect(err.message).toBe('the text was left unchanged in the editor: nothing was sent');
  });

  test.each([
    ['no terminal (or --no-input)', { tty: false, canPrompt: false }],
    ['stdout piped (the editor would draw into the pipe)', { tty: false, canPrompt: true }],
  ])('%s: no editor, and no body (the command keeps its usage error)', async (_name, io) => {
    const f = fakeFactory({ ...io, editor: 'not this' });
    f.stdinText('');
    expect(await bodyOrEditor(f, undefined, undefined, !io.canPrompt, names, { file: 'comment.md' })).toBeUndefined();
    expect(f.edited).toEqual([]);
  });
});
