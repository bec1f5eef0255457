import { describe, expect, test } from 'vitest';
import { parsePageFile, renderPageFile } from './front-matter.js';
import { conflictMarkerLines, mergeLabels, mergeText } from './merge.js';

describe('mergeText', () => {
  test('changes to different lines merge without markers', () => {
    expect(mergeText('a\nb\nc\nd\n', 'A\nb\nc\nd\n', 'a\nb\nc\nD\n')).toEqual({ text: 'A\nb\nc\nD\n', conflicts: 0 });
  });

  test('the same change on both sides is no conflict', () => {
    expect(mergeText('a\nb\n', 'a\nB\n', 'a\nB\n')).toEqual({ text: 'a\nB\n', conflicts: 0 });
  });

  test('the same line changed differently: markers around that line only, labelled', () => {
    expect(mergeText('a\nb\nc\nd\ne\n', 'a\nmine\nc\nd\nE\n', 'a\ntheirs\nc\nd\ne\n', '(version 4)')).toEqual({
      text: 'a\n<<<<<<< local\nmine\n=======\ntheirs\n>>>>>>> confluence (version 4)\nc\nd\nE\n',
      conflicts: 1,
    });
  });
});

test('labels merge as sets: the remote’s, plus what was added here, minus what was removed here', () => {
  expect(mergeLabels(['a', 'b'], ['b', 'c'], ['a', 'b', 'd'])).toEqual(['b', 'c', 'd']);
});

test('conflict markers are found outside code fences only', () => {
  expect(conflictMarkerLines('x\n<<<<<<< local\ny\n=======\nz\n>>>>>>> confluence\n```\n<<<<<<< not\n```\n')).toEqual([2, 4, 6]);
});

describe('front matter', () => {
  test('fixed key order, ids quoted, user keys kept after ours; parsing gives back what was rendered', async () => {
    const text = await renderPageFile(
      { title: 'Guide: one', version: 3, labels: ['b', 'a'], id: '123', space: 'DOCS', extra: { owner: 'me' } },
      'body\n',
    );
    expect(text).toBe('---\nid: "123"\nspace: DOCS\ntitle: "Guide: one"\nversion: 3\nlabels:\n  - b\n  - a\nowner: me\n---\n\nbody\n');
    const parsed = await parsePageFile(text.replace(/\n/g, '\r\n'), 'x.md');
    expect(parsed).toEqual({
      hasFrontMatter: true,
      body: 'body\n',
      frontMatter: { id: '123', space: 'DOCS', title: 'Guide: one', version: 3, labels: ['b', 'a'], extra: { owner: 'me' } },
    });
  });

  test('a file without front matter is all body; broken YAML is a usage error naming the file', async () => {
    expect(await parsePageFile('# Hi\n', 'a.md')).toEqual({ hasFrontMatter: false, body: '# Hi\n', frontMatter: { extra: {} } });
    await expect(parsePageFile('---\ntitle: [x\n---\n', 'b.md')).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringContaining('b.md'),
    });
    await expect(parsePageFile('---\nversion: two\n---\n', 'c.md')).rejects.toThrow(/version is not a whole number/);
  });
});
