import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FakeHttp, fakeFactory, runArgv } from '../../../jira/fake.testutil.js';
import { humanSize } from './list.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'atl-attachment-cmd-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const author = { accountId: 'a1', displayName: 'Jane Doe' };
const attachments = [
  { id: '10', filename: 'notes.txt', size: 12, mimeType: 'text/plain', author, created: '2024-05-01T10:20:30.000+0000' },
  { id: '11', filename: 'shot.png', size: 2_500_000, mimeType: 'image/png', author, created: '2024-05-02T08:00:00.000+0000' },
  { id: '12', filename: '../../etc/notes.txt', size: 3, mimeType: 'text/plain', author, created: '2024-05-03T08:00:00.000+0000' },
];

const site = () =>
  new FakeHttp().on('GET', '/rest/api/3/issue/ABC-1', (r) => {
    expect(r.query.fields).toBe('attachment');
    return { id: '1', key: 'ABC-1', fields: { attachment: attachments } };
  });

const bytes = (text: string) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(text));
      controller.close();
    },
  });

test('humanSize reads as people read sizes', () => {
  expect(humanSize(12)).toBe('12 B');
  expect(humanSize(2_500_000)).toBe('2.4 MB');
  expect(humanSize(300_000)).toBe('293 KB');
  expect(humanSize(undefined)).toBe('');
});

describe('attachment list', () => {
  test('a table of name, size, author, created and id; CSV with exact sizes; --limit with the notice', async () => {
    const f = fakeFactory({ http: site() });
    expect((await runArgv(f, ['jira', 'attachment', 'list', 'ABC-1'])).code).toBe(0);
    const lines = f.out.text.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+NAME\s+SIZE\s+AUTHOR\s+CREATED$/);
    expect(lines[2]).toMatch(/^11\s+shot\.png\s+2\.4 MB\s+Jane Doe\s+2024-05-02 08:00$/);
    const csv = fakeFactory({ http: site() });
    expect((await runArgv(csv, ['jira', 'attachment', 'list', 'ABC-1', '--csv', '--fields', 'name,size', '--limit', '2'])).code).toBe(0);
    expect(csv.out.text).toBe('NAME,SIZE\nnotes.txt,12\nshot.png,2500000\n');
    expect(csv.err.text).toContain('showing 2 attachments; more match');
  });

  test('--json prints them as Jira sent them; an issue without attachments is an empty array', async () => {
    const f = fakeFactory({ http: site() });
    expect((await runArgv(f, ['jira', 'attachment', 'list', 'ABC-1', '--json'])).code).toBe(0);
    expect(JSON.parse(f.out.text)).toEqual(attachments);
    const none = fakeFactory({ http: new FakeHttp().on('GET', '/rest/api/3/issue/ABC-2', () => ({ id: '2', key: 'ABC-2', fields: {} })) });
    expect((await runArgv(none, ['jira', 'attachment', 'list', 'ABC-2', '--json'])).code).toBe(0);
    expect(JSON.parse(none.out.text)).toEqual([]);
  });
});

test('upload: a file that does not exist is exit 2 and nothing is sent', async () => {
  const f = fakeFactory({ http: new FakeHttp() });
  const result = await runArgv(f, ['jira', 'attachment', 'upload', 'ABC-1', join(dir, 'missing.txt')]);
  expect(result.code).toBe(2);
  expect(result.error?.message).toBe(`${join(dir, 'missing.txt')}: no such file`);
  expect(f.http.requests).toEqual([]);
});

describe('attachment download', () => {
  test('saves the chosen ones under safe names; a name from the server cannot leave --dir', async () => {
    const into = await mkdtemp(join(dir, 'into-'));
    const http = site()
      .on('GET', '/rest/api/3/attachment/content/10', () => bytes('first'))
      .on('GET', '/rest/api/3/attachment/content/12', () => bytes('third'));
    const f = fakeFactory({ http });
    expect((await runArgv(f, ['jira', 'attachment', 'download', 'ABC-1', 'notes.txt', '12', '--dir', into])).code).toBe(0);
    expect((await readdir(into)).sort()).toEqual(['_.._etc_notes.txt', 'notes.txt']);
    expect(await readFile(join(into, 'notes.txt'), 'utf8')).toBe('first');
    expect(f.out.text).toContain(`saved ${join(into, 'notes.txt')} (5 B)`);
  });

  test('an existing file stops the download before anything is fetched', async () => {
    const into = await mkdtemp(join(dir, 'exists-'));
    await writeFile(join(into, 'notes.txt'), 'mine');
    const f = fakeFactory({ http: site() });
    const result = await runArgv(f, ['jira', 'attachment', 'download', 'ABC-1', '10', '--dir', into]);
    expect(result.code).toBe(1);
    expect(result.error?.message).toBe(`${join(into, 'notes.txt')} already exists`);
    expect(result.error?.hint).toContain('--force');
    expect(await readFile(join(into, 'notes.txt'), 'utf8')).toBe('mine');
  });

  test('--output takes one attachment and not --dir; a missing --dir is exit 2', async () => {
    const two = await runArgv(fakeFactory({ http: site() }), ['jira', 'attachment', 'download', 'ABC-1', '10', '11', '--output', '-']);
    expect(two.code).toBe(2);
    expect(two.error?.message).toBe('--output takes one attachment; 2 were chosen');
    const both = await runArgv(fakeFactory({ http: new FakeHttp() }), [
      'jira',
      'attachment',
      'download',
      'ABC-1',
      '--output',
      '-',
      '--dir',
      dir,
    ]);
    expect(both.code).toBe(2);
    expect(both.error?.message).toBe('--output and --dir cannot be used together');
    const noDir = await runArgv(fakeFactory({ http: new FakeHttp() }), [
      'jira',
      'attachment',
      'download',
      'ABC-1',
      '--dir',
      join(dir, 'nope'),
    ]);
    expect(noDir.code).toBe(2);
  });

  test('--output - streams the bytes to stdout', async () => {
    const f = fakeFactory({ http: site().on('GET', '/rest/api/3/attachment/content/11', () => bytes('png bytes')) });
    expect((await runArgv(f, ['jira', 'attachment', 'download', 'ABC-1', 'shot.png', '--output', '-'])).code).toBe(0);
    expect(f.out.text).toBe('png bytes');
  });
});
