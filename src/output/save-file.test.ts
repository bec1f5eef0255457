import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { safeFileName, saveStream } from './save-file.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'atl-save-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function streamOf(chunks: string[], failAfter?: number): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (failAfter !== undefined && i === failAfter) return controller.error(new Error('connection reset'));
      if (i === chunks.length) return controller.close();
      controller.enqueue(new TextEncoder().encode(chunks[i++]!));
    },
  });
}

test.each([
  ['report.pdf', 'report.pdf'],
  ['../../etc/passwd', '_.._etc_passwd'],
  ['C:\\Windows\\win.ini', 'C__Windows_win.ini'],
  ['a\u001b[31mred\u0007.txt', 'a[31mred.txt'],
  ['what?.txt', 'what_.txt'],
  ['..', 'attachment-1'],
  ['', 'attachment-1'],
])('safeFileName(%j) is %j', (name, safe) => {
  expect(safeFileName(name, 'attachment-1')).toBe(safe);
});

describe('saveStream', () => {
  test('writes the whole stream and returns its length; leaves no temp file', async () => {
    const path = join(dir, 'one.txt');
    expect(await saveStream(streamOf(['abc', 'déf']), path, false)).toBe(7);
    expect(await readFile(path, 'utf8')).toBe('abcdéf');
    expect(await readdir(dir)).toEqual(['one.txt']);
  });

  test('never replaces an existing file without force; with force it does', async () => {
    const path = join(dir, 'two.txt');
    await writeFile(path, 'mine');
    await expect(saveStream(streamOf(['theirs']), path, false)).rejects.toMatchObject({ message: `${path} already exists`, exitCode: 1 });
    expect(await readFile(path, 'utf8')).toBe('mine');
    await saveStream(streamOf(['theirs']), path, true);
    expect(await readFile(path, 'utf8')).toBe('theirs');
    expect((await readdir(dir)).filter((n) => n.includes('tmp'))).toEqual([]);
  });

  test('a stream that fails part-way leaves the target as it was and no temp file', async () => {
    const path = join(dir, 'three.txt');
    await writeFile(path, 'before');
    await expect(saveStream(streamOf(['a', 'b', 'c'], 2), path, true)).rejects.toThrow('connection reset');
    expect(await readFile(path, 'utf8')).toBe('before');
    expect((await readdir(dir)).filter((n) => n.includes('tmp'))).toEqual([]);
  });
});
