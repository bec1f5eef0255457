import { expect, test } from 'vitest';
import { fakeFactory } from '../../../testkit/fakes.testutil.js';
import { TransferProgress } from './transfer.js';

function chunks(sizes: readonly number[], onChunk: () => void): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (i === sizes.length) return controller.close();
      onChunk();
      controller.enqueue(new Uint8Array(sizes[i++]!));
    },
  });
}

test('a transfer over a second shows bytes done of the total on a terminal, and erases the line at the end', async () => {
  const f = fakeFactory();
  Object.assign(f.io.stderr, { isTTY: true });
  let t = 0;
  const progress = new TransferProgress(f.io, 'downloading big.zip', 3 * 1024 * 1024, () => t);
  const counted = progress.count(chunks([1024 * 1024, 1024 * 1024, 1024 * 1024], () => (t += 600)));
  let bytes = 0;
  for await (const chunk of counted) bytes += chunk.byteLength;
  progress.done();
  expect(bytes).toBe(3 * 1024 * 1024);
  expect(f.err.text).toContain('downloading big.zip: 2.0 MB of 3.0 MB…');
  expect(f.err.text).toContain('downloading big.zip: 3.0 MB of 3.0 MB…');
  expect(f.err.text.endsWith('\r\x1b[K')).toBe(true);
});

test('piped (no terminal on stderr) the bytes pass untouched and nothing is written', async () => {
  const f = fakeFactory();
  let t = 0;
  const progress = new TransferProgress(f.io, 'uploading a.bin', undefined, () => t);
  for await (const _chunk of progress.count(chunks([10, 10], () => (t += 5000)))) void _chunk;
  progress.done();
  expect(f.err.text).toBe('');
});

test('a transfer done within the first second shows no line at all', async () => {
  const f = fakeFactory();
  Object.assign(f.io.stderr, { isTTY: true });
  const progress = new TransferProgress(f.io, 'downloading small.txt', 20, () => 0);
  for await (const _chunk of progress.count(chunks([10, 10], () => undefined))) void _chunk;
  progress.done();
  expect(f.err.text).toBe('');
});
