/** Direct REST calls to a test's sandbox Jira as the Cloud (Basic) or Data Center (Bearer) demo user. */
import type { Sandbox } from '../index.js';

// biome-ignore lint/suspicious/noExplicitAny: sandbox answers are read field by field in assertions; their shapes are the specs' business.
export type Json = Record<string, any>;

export type Who = 'cloud' | 'dc';

export const api = (who: Who) => (who === 'cloud' ? '/rest/api/3' : '/rest/api/2');

/** `call(who, method, path, body?)` against the sandbox `current()` returns (started in beforeAll). */
export function jiraCaller(current: () => Sandbox) {
  return async function call(who: Who, method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }> {
    const sandbox = current();
    const c = sandbox.credentials;
    const base = who === 'cloud' ? sandbox.url : sandbox.dcUrl;
    const authorization =
      who === 'cloud' ? `Basic ${Buffer.from(`${c.cloud.email}:${c.cloud.token}`).toString('base64')}` : `Bearer ${c.datacenter.token}`;
    const headers: Record<string, string> = { Authorization: authorization, Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Json) : {} };
  };
}
