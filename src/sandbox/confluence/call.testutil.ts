/**
 * Calls to a test's sandbox Confluence: Cloud (Basic, `/wiki/...`), the gateway (a scoped token,
 * `/ex/confluence/{cloudId}/wiki/...`) and Data Center (Bearer, `/dc/...`).
 */
import { afterAll, beforeAll } from 'vitest';
import { createOpenApiValidator, specsAvailable } from '../../../test/support/openapi.js';
import { type Sandbox, startSandbox } from '../index.js';
import { confluenceStoreOf } from './routes.js';

// biome-ignore lint/suspicious/noExplicitAny: sandbox answers are read field by field in assertions; their shapes are the specs' business.
export type Json = Record<string, any>;

export type Who = 'cloud' | 'dc' | 'gateway';

export interface Reply {
  status: number;
  body: Json;
  headers: Headers;
}

export interface CallOptions {
  /** A raw body with its content type (multipart uploads). */
  raw?: { contentType: string; data: Buffer };
  headers?: Record<string, string>;
  /** The gateway's token (default: the writer service account). */
  token?: string;
}

/** `call(who, method, path, body?)`; paths start at the product root (`/wiki/...` or `/rest/...`). */
export function confluenceCaller(current: () => Sandbox) {
  return async function call(who: Who, method: string, path: string, body?: unknown, options: CallOptions = {}): Promise<Reply> {
    const sandbox = current();
    const c = sandbox.credentials;
    const base = who === 'cloud' ? sandbox.url : who === 'dc' ? sandbox.dcUrl : `${sandbox.gatewayUrl}/ex/confluence/${sandbox.cloudId}`;
    const authorization =
      who === 'cloud'
        ? `Basic ${Buffer.from(`${c.cloud.email}:${c.cloud.token}`).toString('base64')}`
        : who === 'dc'
          ? `Bearer ${c.datacenter.token}`
          : `Bearer ${options.token ?? c.serviceAccountWriter.token}`;
    const headers: Record<string, string> = { Authorization: authorization, Accept: 'application/json', ...options.headers };
    let payload: string | Buffer | undefined;
    if (options.raw) {
      headers['Content-Type'] = options.raw.contentType;
      payload = options.raw.data;
    } else if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const response = await fetch(`${base}${path}`, { method, headers, body: payload, redirect: 'manual' });
    const text = await response.text();
    let parsed: Json = {};
    if (text) {
      try {
        parsed = JSON.parse(text) as Json;
      } catch {
        parsed = { text };
      }
    }
    return { status: response.status, body: parsed, headers: response.headers };
  };
}

/** A multipart/form-data body with one `file` part and optional text fields. */
export function multipart(filename: string, content: Buffer, fields: Record<string, string> = {}): { contentType: string; data: Buffer } {
  const boundary = `----atl${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { contentType: `multipart/form-data; boundary=${boundary}`, data: Buffer.concat(parts) };
}

/**
 * Starts a sandbox for the calling test file (with the spec validator when ../shared/specs is
 * present) and gives its caller, its Confluence store and a page-id-by-title lookup.
 */
export function useConfluenceSandbox() {
  let sandbox: Sandbox | undefined;
  const current = (): Sandbox => {
    if (!sandbox) throw new Error('the sandbox is not started (use inside a test)');
    return sandbox;
  };
  beforeAll(async () => {
    const validator = specsAvailable() ? createOpenApiValidator() : undefined;
    sandbox = await startSandbox(validator ? { validator } : {});
  });
  afterAll(async () => {
    await sandbox?.stop();
  });
  const store = () => confluenceStoreOf(current());
  const pageId = (title: string): string => {
    const page = [...store().contents.values()].find((c) => c.type === 'page' && c.versions.at(-1)!.title === title);
    if (!page) throw new Error(`no page titled ${title}`);
    return page.id;
  };
  return { sandbox: current, call: confluenceCaller(current), store, pageId };
}
