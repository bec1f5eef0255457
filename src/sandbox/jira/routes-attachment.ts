/**
 * The sandbox's attachments, as Jira serves them:
 * - `POST /rest/api/{3|2}/issue/{key}/attachments`: multipart/form-data, one attachment per `file`
 *   part; refused (403) without `X-Atlassian-Token: no-check`, Jira's XSRF guard;
 * - `GET`/`DELETE /rest/api/{3|2}/attachment/{id}`: the metadata, and removal;
 * - the bytes: on Cloud `GET /rest/api/3/attachment/content/{id}` answers 303 to the media store on
 *   another host (here the same server under the other loopback name, 127.0.0.1 ↔ localhost, so a
 *   client that kept its Authorization header across hosts would be caught), reached with a signed
 *   token and no credentials; `?redirect=false` answers the bytes directly. Data Center serves them
 *   at `/secure/attachment/{id}/{filename}`, with the user's credentials.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Router } from '../router.js';
import type { SandboxRequest, SandboxResponse } from '../types.js';
import { addAttachment, attachmentsOf, type SandboxAttachment } from './attachment-store.js';
import { badRequest, JiraError, notFound } from './errors.js';
import * as render from './render.js';
import { actorOf, cloud, dc, handler, requireIssue, viewOf } from './route-kit.js';
import type { JiraStore } from './store.js';

/** Where the Cloud media store is served (the sandbox's own path, anonymous, token in the query). */
export const MEDIA_PATH = '/rest/atl-sandbox/1.0/jira/media';

export interface UploadedFile {
  field: string;
  filename: string;
  contentType: string;
  content: Buffer;
}

/** The parts of a multipart/form-data body that carry a file. Throws a 400 JiraError when it is not one. */
export function parseMultipart(contentType: string | undefined, body: Buffer): UploadedFile[] {
  const boundary = /^multipart\/form-data;.*\bboundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
  if (!boundary) throw badRequest('The request is not multipart/form-data.');
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const files: UploadedFile[] = [];
  let at = body.indexOf(delimiter);
  if (at === -1) throw badRequest('The multipart body has no parts.');
  for (;;) {
    const start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break; // the closing delimiter
    const next = body.indexOf(delimiter, start);
    if (next === -1) throw badRequest('The multipart body is cut off.');
    const part = body.subarray(start + 2, next - 2); // after the CRLF that ends the delimiter line, before the CRLF preceding the next
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd === -1) throw badRequest('A multipart part has no headers.');
    const headers = part.subarray(0, headerEnd).toString('utf8');
    const disposition = /^content-disposition:(.*)$/im.exec(headers)?.[1] ?? '';
    const field = /\bname="([^"]*)"/i.exec(disposition)?.[1];
    const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
    if (field !== undefined && filename !== undefined) {
      files.push({
        field,
        filename: filename.replace(/%22/g, '"').replace(/%0D/g, '\r').replace(/%0A/g, '\n'),
        contentType: /^content-type:\s*(.*?)\s*$/im.exec(headers)?.[1] ?? 'application/octet-stream',
        content: Buffer.from(part.subarray(headerEnd + 4)),
      });
    }
    at = next;
  }
  return files;
}

function requireAttachment(store: JiraStore, id: string | undefined): SandboxAttachment {
  const found = attachmentsOf(store).get(id ?? '');
  if (!found) throw notFound(`The attachment with id '${id}' does not exist`);
  return found;
}

function bytesOf(a: SandboxAttachment): SandboxResponse {
  return {
    status: 200,
    body: a.content,
    headers: {
      'Content-Type': a.mimeType,
      'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(a.filename)}`,
    },
  };
}

/** The same server under its other loopback name: another host to the client, so another origin. */
function mediaOrigin(siteUrl: string): string {
  const url = new URL(siteUrl);
  if (url.hostname === '127.0.0.1') url.hostname = 'localhost';
  else if (url.hostname === 'localhost') url.hostname = '127.0.0.1';
  return url.origin;
}

export function registerAttachmentRoutes(router: Router, store: JiraStore): void {
  const secret = randomBytes(16);
  const sign = (id: string): Buffer => createHmac('sha256', secret).update(id).digest();

  for (const [version, options] of [
    ['3', cloud],
    ['2', dc],
  ] as const) {
    const base = `/rest/api/${version}`;

    router.add(
      'POST',
      `${base}/issue/{issueIdOrKey}/attachments`,
      handler((request) => {
        if (String(request.headers['x-atlassian-token'] ?? '').toLowerCase() !== 'no-check') {
          throw new JiraError(403, ['XSRF check failed']);
        }
        const issue = requireIssue(store, request);
        const contentType = request.headers['content-type'];
        const files = parseMultipart(typeof contentType === 'string' ? contentType : undefined, request.rawBody).filter(
          (f) => f.field === 'file',
        );
        if (files.length === 0) throw badRequest('No file was attached: send each file as a multipart part named "file".');
        const authorId = actorOf(store, request.identity)?.accountId ?? '';
        const view = viewOf(store, request);
        const added = files.map((f) =>
          addAttachment(store, { issueId: issue.id, filename: f.filename, mimeType: f.contentType, content: f.content, authorId }),
        );
        return { status: 200, body: added.map((a) => render.attachment(view, a)) };
      }),
      options,
    );

    router.add(
      'GET',
      `${base}/attachment/{id}`,
      handler((request) => {
        const a = requireAttachment(store, request.params.id);
        const json = render.attachment(viewOf(store, request), a);
        // Cloud's metadata answer (AttachmentMetadata) carries the id as a number.
        return { status: 200, body: request.flavour === 'cloud' ? { ...json, id: Number(a.id) } : json };
      }),
      options,
    );

    router.add(
      'DELETE',
      `${base}/attachment/{id}`,
      handler((request) => {
        const a = requireAttachment(store, request.params.id);
        attachmentsOf(store).delete(a.id);
        return { status: 204 };
      }),
      options,
    );
  }

  router.add(
    'GET',
    '/rest/api/3/attachment/content/{id}',
    handler((request: SandboxRequest) => {
      const a = requireAttachment(store, request.params.id);
      if (request.query.get('redirect') === 'false') return bytesOf(a);
      const token = sign(a.id).toString('base64url');
      return { status: 303, headers: { Location: `${mediaOrigin(request.siteUrl)}${MEDIA_PATH}/${a.id}?token=${token}` } };
    }),
    cloud,
  );

  router.add(
    'GET',
    `${MEDIA_PATH}/{id}`,
    handler((request) => {
      const a = requireAttachment(store, request.params.id);
      const given = Buffer.from(request.query.get('token') ?? '', 'base64url');
      const expected = sign(a.id);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new JiraError(403, ['The media token is invalid.']);
      return bytesOf(a);
    }),
    { ...cloud, anonymous: true },
  );

  router.add(
    'GET',
    '/secure/attachment/{id}/{filename}',
    handler((request) => bytesOf(requireAttachment(store, request.params.id))),
    dc,
  );
}
