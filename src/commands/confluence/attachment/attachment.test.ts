import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { FakeHttp, fakeFactory, runArgv } from '../../../testkit/fakes.testutil.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'atl-conf-attachment-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const cloudAttachments = [
  { id: 'att1', title: 'diagram.png', fileSize: 2_500_000, mediaType: 'image/png', version: { number: 2, createdAt: '2026-11-30' } },
  { id: 'att2', title: 'notes.txt', fileSize: 12, mediaType: 'text/plain', version: { number: 1, createdAt: '2026-11-01' } },
];

const bytes = (text: string) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(text));
      controller.close();
    },
  });

test('attachment list: v2 attachments of the page, a table with human sizes; --json as returned', async () => {
  const http = new FakeHttp().on('GET', '/api/v2/pages/123/attachments', () => ({ results: cloudAttachments }));
  const f = fakeFactory({ http });
  expect((await runArgv(f, ['confluence', 'attachment', 'list', '123'])).code).toBe(0);
  expect(f.out.text.split('\n')[1]).toMatch(/^att1\s+diagram\.png\s+2\.4 MB\s+2\s+2026-11-30$/);
  const g = fakeFactory({ http, json: true });
  expect((await runArgv(g, ['confluence', 'attachment', 'list', '123'])).code).toBe(0);
  expect(JSON.parse(g.out.text)).toEqual(cloudAttachments);
});

test('attachment download on Cloud: each chosen file through the v1 download path, streamed into --dir', async () => {
  const http = new FakeHttp()
    .on('GET', '/api/v2/pages/123/attachments', () => ({ results: cloudAttachments }))
    .on('GET', '/rest/api/content/123/child/attachment/att2/download', () => bytes('hello notes\n'));
  const f = fakeFactory({ http });
  expect((await runArgv(f, ['confluence', 'attachment', 'download', '123', 'notes.txt', '--dir', dir])).code).toBe(0);
  expect(await readFile(join(dir, 'notes.txt'), 'utf8')).toBe('hello notes\n');
  expect(f.out.text).toBe(`saved ${join(dir, 'notes.txt')} (12 B)\n`);
  const again = fakeFactory({ http: new FakeHttp().on('GET', '/api/v2/pages/123/attachments', () => ({ results: cloudAttachments })) });
  const refused = await runArgv(again, ['confluence', 'attachment', 'download', '123', 'notes.txt', '--dir', dir]);
  expect(refused.code).toBe(1);
  expect(refused.error?.hint).toContain('--force');
});

test('attachment download on Data Center follows _links.download under the server', async () => {
  const http = new FakeHttp('https://wiki.example.com')
    .on('GET', '/rest/api/content/123/child/attachment', () => ({
      results: [
        { id: '77', title: 'dc.txt', extensions: { fileSize: 3 }, _links: { download: '/download/attachments/123/dc.txt?version=1' } },
      ],
      _links: {},
    }))
    .on('GET', '/download/attachments/123/dc.txt?version=1', () => bytes('abc'));
  const f = fakeFactory({ http, deployment: 'datacenter', json: true });
  expect((await runArgv(f, ['confluence', 'attachment', 'download', '123', '--dir', dir])).code).toBe(0);
  expect(JSON.parse(f.out.text)).toEqual([{ id: '77', title: 'dc.txt', path: join(dir, 'dc.txt'), size: 3 }]);
});

test('attachment download of a name the page does not have is exit 4 naming those it has', async () => {
  const http = new FakeHttp().on('GET', '/api/v2/pages/123/attachments', () => ({ results: cloudAttachments }));
  const f = fakeFactory({ http });
  const result = await runArgv(f, ['confluence', 'attachment', 'download', '123', 'nope.pdf', '--dir', dir]);
  expect(result.code).toBe(4);
  expect(result.error?.hint).toBe('its attachments: diagram.png, notes.txt');
});

test('attachment upload: a missing file is exit 2 before any request', async () => {
  const f = fakeFactory({ http: new FakeHttp() });
  const result = await runArgv(f, ['confluence', 'attachment', 'upload', '123', join(dir, 'missing.bin')]);
  expect(result.code).toBe(2);
  expect(f.http.requests).toEqual([]);
});
