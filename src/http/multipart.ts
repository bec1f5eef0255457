/**
 * multipart/form-data bodies of files on disk, streamed: the parts' headers are made up front, the
 * files are read as the request is sent (never whole into memory), and the length is known before
 * sending (Content-Length, which Jira's upload endpoints expect). Opened afresh for each attempt.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type { StreamBody } from './types.js';

export interface FilePart {
  /** The form field (`file` for Jira attachments). */
  field: string;
  path: string;
  /** The file name sent; default the path's base name. */
  filename?: string;
  /** Default: from the extension, else application/octet-stream. */
  contentType?: string;
}

const CONTENT_TYPES: Record<string, string> = {
  '.txt': 'text/plain',
  '.md': 'text/markdown',
  '.csv': 'text/csv',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.html': 'text/html',
  '.log': 'text/plain',
  '.pdf': 'application/pdf',
  '.zip': 'application/zip',
  '.gz': 'application/gzip',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.webp': 'image/webp',
  '.mp4': 'video/mp4',
};

export function contentTypeOf(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/** A text field sent before the files (a comment, a flag such as `minorEdit=true`), held in memory. */
export interface TextPart {
  field: string;
  value: string;
  /** Default text/plain; charset=utf-8 (so a comment keeps its accents). */
  contentType?: string;
}

/** A name as browsers write it in Content-Disposition (HTML's form encoding): `"`, CR and LF escaped. */
function quotedName(name: string): string {
  return `"${name.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}"`;
}

/** The body of a multipart/form-data request carrying `files`. A file that cannot be read rejects here (ENOENT…). */
export async function multipartFiles(files: readonly FilePart[], fields: readonly TextPart[] = []): Promise<StreamBody> {
  const boundary = `----atl${randomBytes(12).toString('hex')}`;
  const parts: Array<{ head: Buffer; path: string; size: number }> = [];
  const texts = fields.map((text) =>
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name=${quotedName(text.field)}\r\n` +
        `Content-Type: ${text.contentType ?? 'text/plain; charset=utf-8'}\r\n\r\n${text.value}\r\n`,
      'utf8',
    ),
  );
  for (const file of files) {
    const info = await stat(file.path);
    if (!info.isFile()) throw Object.assign(new Error(`${file.path} is not a file`), { code: 'EISDIR', path: file.path });
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name=${quotedName(file.field)}; filename=${quotedName(file.filename ?? basename(file.path))}\r\n` +
        `Content-Type: ${file.contentType ?? contentTypeOf(file.path)}\r\n\r\n`,
      'utf8',
    );
    parts.push({ head, path: file.path, size: info.size });
  }
  const crlf = Buffer.from('\r\n');
  const tail = Buffer.from(`--${boundary}--\r\n`);
  const length =
    texts.reduce((sum, t) => sum + t.length, 0) + parts.reduce((sum, p) => sum + p.head.length + p.size + crlf.length, 0) + tail.length;
  return {
    kind: 'stream',
    contentType: `multipart/form-data; boundary=${boundary}`,
    length,
    open(): ReadableStream<Uint8Array> {
      async function* chunks(): AsyncGenerator<Uint8Array> {
        yield* texts;
        for (const part of parts) {
          yield part.head;
          let sent = 0;
          for await (const chunk of createReadStream(part.path)) {
            sent += (chunk as Buffer).length;
            yield chunk as Buffer;
          }
          // The length was announced up front: a file that grew or shrank since would corrupt the body.
          if (sent !== part.size) throw new Error(`${part.path} changed size while it was being sent`);
          yield crlf;
        }
        yield tail;
      }
      const iterator = chunks();
      return new ReadableStream<Uint8Array>({
        async pull(controller) {
          const next = await iterator.next();
          if (next.done) controller.close();
          else controller.enqueue(next.value);
        },
        async cancel() {
          await iterator.return(undefined);
        },
      });
    },
  };
}
