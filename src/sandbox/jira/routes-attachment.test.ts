import { expect, test } from 'vitest';
import { JiraError } from './errors.js';
import { parseMultipart } from './routes-attachment.js';

const body = (boundary: string) =>
  Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a %22b%22.txt"\r\nContent-Type: text/plain\r\n\r\n`,
    ),
    Buffer.from('line one\r\n--not the boundary\r\n'),
    Buffer.from(`\r\n--${boundary}\r\nContent-Disposition: form-data; name="comment"\r\n\r\nnot a file\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="raw.bin"\r\n\r\n`),
    Buffer.from([0, 13, 10, 255]),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);

test('parseMultipart finds the file parts with their names, types and exact bytes', () => {
  const files = parseMultipart('multipart/form-data; boundary=XyZ', body('XyZ'));
  expect(files.map((f) => [f.field, f.filename, f.contentType])).toEqual([
    ['file', 'a "b".txt', 'text/plain'],
    ['file', 'raw.bin', 'application/octet-stream'],
  ]);
  expect(files[0]!.content.toString()).toBe('line one\r\n--not the boundary\r\n');
  expect([...files[1]!.content]).toEqual([0, 13, 10, 255]);
  expect(parseMultipart('multipart/form-data; boundary="XyZ"', body('XyZ'))).toHaveLength(2);
});

test('a body that is not multipart, or is cut off, is a 400', () => {
  expect(() => parseMultipart('application/json', Buffer.from('{}'))).toThrow(JiraError);
  const cut = body('XyZ').subarray(0, 60);
  expect(() => parseMultipart('multipart/form-data; boundary=XyZ', cut)).toThrow(/cut off/);
});
