/**
 * The parts of a multipart/form-data upload as Confluence reads them: `file` parts (any number)
 * with their bytes kept as Buffers, and text fields (`comment`, one per file in order, and
 * `minorEdit`).
 */
import { fail } from './route-kit.js';

export interface FormPart {
  name: string;
  filename: string | null;
  contentType: string;
  data: Buffer;
}

export function formParts(contentType: string | string[] | undefined, body: Buffer): FormPart[] {
  const header = Array.isArray(contentType) ? contentType[0] : contentType;
  const boundary = /^multipart\/form-data;.*\bboundary=(?:"([^"]+)"|([^;\s]+))/i.exec(header ?? '');
  if (!boundary) return fail(415, 'Unsupported Media Type: the upload must be multipart/form-data');
  const delimiter = Buffer.from(`\r\n--${boundary[1] ?? boundary[2]}`);
  // A leading CRLF lets the first delimiter be found like the others.
  const text = Buffer.concat([Buffer.from('\r\n'), body]);
  const parts: FormPart[] = [];
  let at = text.indexOf(delimiter);
  if (at === -1) return fail(400, 'The multipart body has no parts.');
  while (at !== -1) {
    const start = at + delimiter.length;
    if (text.subarray(start, start + 2).toString() === '--') return parts;
    const next = text.indexOf(delimiter, start);
    if (next === -1) return fail(400, 'The multipart body is cut off.');
    const part = text.subarray(start + 2, next);
    const split = part.indexOf('\r\n\r\n');
    if (split === -1) return fail(400, 'A multipart part has no headers.');
    const headers = part.subarray(0, split).toString('utf8');
    const disposition = /^content-disposition:(.*)$/im.exec(headers)?.[1] ?? '';
    parts.push({
      name: /\bname="([^"]*)"/i.exec(disposition)?.[1] ?? '',
      filename: /\bfilename="([^"]*)"/i.exec(disposition)?.[1] ?? null,
      contentType: /^content-type:\s*(.*?)\s*$/im.exec(headers)?.[1] ?? 'application/octet-stream',
      data: Buffer.from(part.subarray(split + 4)),
    });
    at = next;
  }
  return parts;
}

export interface Upload {
  filename: string;
  content: Buffer;
  mediaType: string;
  comment: string;
}

/** The uploaded files with their comments (the n-th `comment` field belongs to the n-th file). */
export function uploadsOf(contentType: string | string[] | undefined, body: Buffer): { files: Upload[]; minorEdit: string | null } {
  const parts = formParts(contentType, body);
  const comments = parts.filter((p) => p.name === 'comment').map((p) => p.data.toString('utf8'));
  const files = parts
    .filter((p) => p.name === 'file' && p.filename !== null)
    .map((p, i) => ({
      filename: p.filename ?? '',
      content: p.data,
      mediaType: p.contentType === 'application/octet-stream' ? '' : p.contentType,
      comment: comments[i] ?? '',
    }));
  if (files.length === 0) fail(400, 'No file was attached: send each file as a multipart part named "file".');
  const minor = parts.find((p) => p.name === 'minorEdit');
  return { files, minorEdit: minor ? minor.data.toString('utf8') : null };
}
