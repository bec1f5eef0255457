// One REST call to the sandbox's Jira as the demo user, on Cloud (Basic) or Data Center (Bearer), for
// the sandbox's own tests.
import type { Sandbox } from '../index.js';

// biome-ignore lint/suspicious/noExplicitAny: sandbox answers are read field by field in assertions; their shapes are the specs' business.
export type Json = Record<string, any>;
export type Who = 'cloud' | 'dc';

export async function jiraCall(
  sandbox: Sandbox,
  who: Who,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Json }> {
  const c = sandbox.credentials;
  const base = who === 'cloud' ? sandbox.url : sandbox.dcUrl;
  const authorization =
    who === 'cloud' ? `Basic ${Buffer.from(`${c.cloud.email}:${c.cloud.token}`).toString('base64')}` : `Bearer ${c.datacenter.token}`;
  const headers: Record<string, string> = { Authorization: authorization, Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(`${base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Json) : {} };
}
