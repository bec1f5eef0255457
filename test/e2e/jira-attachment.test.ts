import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { jiraE2e, seedIssues, unique, type Flavour } from './jira-support.js';

const e2e = await jiraE2e();
let dir: string;
const text = 'hello, ünïcode 😀\nsecond line\n';
const binary = randomBytes(300_000);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'atl-attach-'));
  await writeFile(join(dir, 'notes.txt'), text);
  await writeFile(join(dir, 'data.bin'), binary);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.each<Flavour>(['cloud', 'dc'])('attachments (%s)', (flavour) => {
  test('upload streams files, list shows them, download saves them byte for byte without replacing files', async () => {
    const [key] = seedIssues(e2e, 1, unique('attach'));
    const upload = await e2e.atl(flavour, ['jira', 'attachment', 'upload', key!, join(dir, 'notes.txt'), join(dir, 'data.bin')]);
    expect(upload.stderr).toBe('');
    expect(upload.code).toBe(0);
    const lines = upload.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(new RegExp(`^attached notes\\.txt \\(${Buffer.byteLength(text)} B\\) to ${key} as attachment \\d+$`));
    expect(lines[1]).toMatch(new RegExp(`^attached data\\.bin \\(293 KB\\) to ${key} as attachment \\d+$`));

    const table = await e2e.atl(flavour, ['jira', 'attachment', 'list', key!]);
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/^ID\s+NAME\s+SIZE\s+AUTHOR\s+CREATED\n/);
    expect(table.stdout).toMatch(/\d+\s+notes\.txt\s+\d+ B\s+\S/);
    const listed = JSON.parse((await e2e.atl(flavour, ['jira', 'attachment', 'list', key!, '--json'])).stdout) as Array<{
      id: string;
      filename: string;
      size: number;
    }>;
    expect(listed.map((a) => [a.filename, a.size])).toEqual([
      ['notes.txt', Buffer.byteLength(text)],
      ['data.bin', binary.length],
    ]);

    const into = join(dir, `${flavour}-all`);
    await mkdir(into);
    const download = await e2e.atl(flavour, ['jira', 'attachment', 'download', key!, '--dir', into]);
    expect(download.code, download.stderr).toBe(0);
    expect(download.stdout).toContain(`saved ${join(into, 'data.bin')} (293 KB)`);
    expect(await readFile(join(into, 'notes.txt'), 'utf8')).toBe(text);
    expect((await readFile(join(into, 'data.bin'))).equals(binary)).toBe(true);

    await writeFile(join(into, 'notes.txt'), 'mine');
    const again = await e2e.atl(flavour, ['jira', 'attachment', 'download', key!, 'notes.txt', '--dir', into]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists');
    expect(await readFile(join(into, 'notes.txt'), 'utf8')).toBe('mine');
    const forced = await e2e.atl(flavour, ['jira', 'attachment', 'download', key!, 'notes.txt', '--dir', into, '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(await readFile(join(into, 'notes.txt'), 'utf8')).toBe(text);

    const piped = await e2e.atl(flavour, ['jira', 'attachment', 'download', key!, listed[0]!.id, '--output', '-']);
    expect(piped.code, piped.stderr).toBe(0);
    expect(piped.stdout).toBe(text);
    const file = join(dir, `${flavour}-one.bin`);
    const one = await e2e.atl(flavour, ['jira', 'attachment', 'download', key!, 'data.bin', '--output', file]);
    expect(one.code, one.stderr).toBe(0);
    expect((await readFile(file)).equals(binary)).toBe(true);
    const notAgain = await e2e.atl(flavour, ['jira', 'attachment', 'download', key!, 'data.bin', '--output', file]);
    expect(notAgain.code).toBe(1);
    expect(notAgain.stderr).toContain('already exists');
  });

  test('a missing file is exit 2 before any request; an unknown attachment exit 4 naming the ones there are', async () => {
    const [key] = seedIssues(e2e, 1, unique('attach-missing'));
    const before = e2e.sandbox.requests.length;
    const missing = await e2e.atl(flavour, ['jira', 'attachment', 'upload', key!, join(dir, 'notes.txt'), join(dir, 'nope.txt')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.txt: no such file');
    expect(e2e.sandbox.requests.slice(before).filter((r) => r.path.endsWith('/attachments'))).toEqual([]);

    expect((await e2e.atl(flavour, ['jira', 'attachment', 'upload', key!, join(dir, 'notes.txt')])).code).toBe(0);
    const unknown = await e2e.atl(flavour, ['jira', 'attachment', 'download', key!, 'other.txt', '--dir', dir]);
    expect(unknown.code).toBe(4);
    expect(unknown.stderr).toContain(`${key} has no attachment "other.txt"`);
    expect(unknown.stderr).toMatch(/its attachments: notes\.txt \(\d+\)/);
  });
});

test('Cloud: the content URL redirects to the media store on another host, reached without the credentials', async () => {
  const [key] = seedIssues(e2e, 1, unique('attach-redirect'));
  expect((await e2e.atl('cloud', ['jira', 'attachment', 'upload', key!, join(dir, 'notes.txt')])).code).toBe(0);
  const before = e2e.sandbox.requests.length;
  const piped = await e2e.atl('cloud', ['jira', 'attachment', 'download', key!, 'notes.txt', '--output', '-']);
  expect(piped.stdout).toBe(text);
  const requests = e2e.sandbox.requests.slice(before);
  const content = requests.find((r) => r.path.includes('/attachment/content/'));
  const media = requests.find((r) => r.path.includes('/jira/media/'));
  expect(content).toMatchObject({ status: 303, credential: 'cloud-api-token' });
  expect(media).toMatchObject({ status: 200, credential: 'anonymous' });
});

test('a scoped token with write:jira-work uploads and downloads through the gateway', async () => {
  const [key] = seedIssues(e2e, 1, unique('attach-scoped'));
  const upload = await e2e.atl('scoped-writer', ['jira', 'attachment', 'upload', key!, join(dir, 'notes.txt')]);
  expect(upload.code, upload.stderr).toBe(0);
  const piped = await e2e.atl('scoped-writer', ['jira', 'attachment', 'download', key!, 'notes.txt', '--output', '-']);
  expect(piped.code, piped.stderr).toBe(0);
  expect(piped.stdout).toBe(text);
});
