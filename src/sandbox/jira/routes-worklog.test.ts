import { afterAll, beforeAll, expect, test } from 'vitest';
import { type Sandbox, startSandbox } from '../index.js';
import { durationSeconds, durationText } from './worklog-store.js';

// No contract validator: these requests break the spec on purpose, to see Jira's refusals (the e2e
// tests check the well-formed exchanges against the specs).
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ seed: 'demo' });
});
afterAll(async () => {
  await sandbox?.stop();
});

async function post(flavour: 'cloud' | 'dc', body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const c = sandbox.credentials;
  const url = flavour === 'cloud' ? `${sandbox.url}/rest/api/3/issue/DEMO-1/worklog` : `${sandbox.dcUrl}/rest/api/2/issue/DEMO-1/worklog`;
  const authorization =
    flavour === 'cloud' ? `Basic ${Buffer.from(`${c.cloud.email}:${c.cloud.token}`).toString('base64')}` : `Bearer ${c.datacenter.token}`;
  const response = await fetch(url, {
    method: 'POST',
    headers: { authorization, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

test('durations in Jira syntax: 8-hour days, 5-day weeks, a bare number is minutes', () => {
  expect(durationSeconds('1w 2d 3h 4m')).toBe((5 * 8 + 2 * 8 + 3) * 3600 + 240);
  expect(durationSeconds('1h30m')).toBe(5400);
  expect(durationSeconds('90')).toBe(5400);
  expect(durationSeconds('soon')).toBeNull();
  expect(durationText(5400)).toBe('1h 30m');
  expect(durationText((8 + 1) * 3600)).toBe('1d 1h');
});

test('Jira refuses a worklog without a proper started, with both durations, or with the wrong comment format', async () => {
  const started = '2024-05-30T09:00:00.000+0200';
  expect((await post('cloud', { timeSpent: '1h', started: '2024-05-30' })).body).toMatchObject({ errors: { started: expect.any(String) } });
  expect((await post('cloud', { timeSpent: '1h', timeSpentSeconds: 3600, started })).status).toBe(400);
  expect((await post('cloud', { timeSpent: 'soon', started })).body).toMatchObject({
    errors: { timeLogged: 'Invalid time duration entered.' },
  });
  expect((await post('cloud', { timeSpent: '1h', started, comment: 'plain' })).body).toMatchObject({
    errors: { comment: expect.any(String) },
  });
  expect((await post('dc', { timeSpent: '1h', started, comment: { type: 'doc', version: 1, content: [] } })).status).toBe(400);
  const made = await post('dc', { timeSpentSeconds: 600, started, comment: 'done' });
  expect(made.status).toBe(201);
  expect(made.body).toMatchObject({ timeSpent: '10m', timeSpentSeconds: 600, started: '2024-05-30T07:00:00.000+0000', comment: 'done' });
});
