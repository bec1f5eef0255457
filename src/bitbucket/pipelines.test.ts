import { describe, expect, test } from 'vitest';
import { FakeHttp } from '../testkit/fakes.testutil.js';
import { LineAssembler, pipelineId, statusOf } from './pipelines.js';
import { paginateBitbucket } from '../http/paginate.js';

describe('LineAssembler', () => {
  test('a line split across reads, and a character split across them, come out once and whole', () => {
    const lines = new LineAssembler();
    const bytes = Buffer.from('one\ntwo and é\nthree');
    const cut = bytes.indexOf(0xa9); // inside the two bytes of é
    expect(lines.push(bytes.subarray(0, 6))).toBe('one\n');
    expect(lines.push(bytes.subarray(6, cut))).toBe('');
    expect(lines.push(bytes.subarray(cut))).toBe('two and é\n');
    expect(lines.end()).toBe('three\n');
    expect(lines.end()).toBe('');
  });
});

test('pipeline IDs: build numbers as given, UUIDs in braces', () => {
  expect(pipelineId('#7')).toBe('7');
  expect(pipelineId('12')).toBe('12');
  expect(pipelineId('4b1d6c1e-1111-4222-8333-444455556666')).toBe('{4b1d6c1e-1111-4222-8333-444455556666}');
  expect(pipelineId('{4b1d6c1e-1111-4222-8333-444455556666}')).toBe('{4b1d6c1e-1111-4222-8333-444455556666}');
  expect(() => pipelineId('latest')).toThrow('invalid pipeline "latest"');
});

test('status: the result of a completed pipeline, the stage of a running one', () => {
  expect(statusOf({ name: 'COMPLETED', result: { name: 'FAILED' } })).toBe('FAILED');
  expect(statusOf({ name: 'IN_PROGRESS', stage: { name: 'PAUSED' } })).toBe('PAUSED');
  expect(statusOf({ name: 'IN_PROGRESS' })).toBe('RUNNING');
  expect(statusOf({ name: 'PENDING' })).toBe('PENDING');
});

test('Cloud paging asks for the next page number when a page leaves out `next` but the size says more exist', async () => {
  const http = new FakeHttp('https://api.bitbucket.org/2.0').on('GET', '/repositories/a/b/pipelines', (r) => {
    const page = Number(r.query.page ?? 1);
    if (page === 1) return { page: 1, pagelen: 2, size: 3, values: [{ uuid: '1' }, { uuid: '2' }] };
    expect(r.query).toEqual({ sort: '-created_on', pagelen: 2, page: 2 });
    return { page: 2, pagelen: 2, size: 3, values: [{ uuid: '3' }] };
  });
  const items = await paginateBitbucket<{ uuid: string }>(http, {
    path: '/repositories/a/b/pipelines',
    query: { sort: '-created_on' },
    pageSize: 2,
  }).toArray();
  expect(items.map((i) => i.uuid)).toEqual(['1', '2', '3']);
});
