// What a new user meets in the first minutes (issue 11 items 2, 6): wording and errors, on Cloud and
// Data Center against the sandbox.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, test } from 'vitest';
import { jiraE2e, NOTICE, seedIssues, unique, type Flavour } from './jira-support.js';

const e2e = await jiraE2e();

describe.each<Flavour>(['cloud', 'dc'])('%s: wording', (flavour) => {
  test.concurrent('one issue shown of more: "showing 1 issue", not "1 issues"', async () => {
    const label = unique('one');
    seedIssues(e2e, 2, label);
    const cut = await e2e.atl(flavour, ['jira', 'search', '-l', label, '--limit', '1']);
    expect(cut.code).toBe(0);
    expect(cut.stderr).toBe(`showing 1 issue; ${NOTICE}\n`);
  });

  test.concurrent('bulk unassign says "would be unassigned", not "assigned to unassigned"', async () => {
    const label = unique('unassign');
    seedIssues(e2e, 1, label);
    const run = await e2e.atl(flavour, ['jira', 'issue', 'assign', 'none', '--jql', `labels = ${label}`, '--yes']);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^1 issue would be unassigned:\n {2}DEMO-\d+\n/);
    expect(run.stderr).not.toContain('assigned to unassigned');
  });
});

describe.each<Flavour>(['cloud', 'dc'])('%s: a JQL error is about the JQL the user typed (item 2)', (flavour) => {
  test.concurrent('an incomplete query: the error is at its end, not about the ORDER BY atl adds', async () => {
    const run = await e2e.atl(flavour, ['jira', 'search', 'project = DEMO AND']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('error: Error in the JQL Query: Expecting a field name at the end of the query. (HTTP 400)\n');
  });

  test.concurrent('an error in what atl added: the hint shows the JQL it sent', async () => {
    const run = await e2e.atl(flavour, ['jira', 'search', 'project = DEMO', '--order-by', 'nosuch']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('hint: your JQL alone is valid; atl sent it as: project = DEMO ORDER BY nosuch DESC\n');
  });
});

describe('login to a site it cannot reach says so first (item 4)', () => {
  test.concurrent('a local plain-http server given without a scheme: a TLS error with the http:// hint, at once, exit 5', async () => {
    const host = new URL(e2e.sandbox.url).host;
    const login = await e2e.home.run(
      ['auth', 'login', '--profile', 'noscheme', '--site', host, '--email', 'demo@example.com', '--token-stdin'],
      {
        input: 'x',
      },
    );
    expect(login.code).toBe(5);
    expect(login.stderr).toBe(
      `error: could not reach ${host}: TLS error: the server did not answer in TLS (wrong version number), so it does not speak https\n` +
        `hint: if ${host} is a local server on plain http, give the site as http://${host}\n`,
    );
  });

  test.concurrent('connection refused: each retry said with its cause, counted from retry 1, then the reachability error', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const host = `127.0.0.1:${port}`;
    const login = await e2e.home.run(
      ['auth', 'login', '--profile', 'refused', '--site', `http://${host}`, '--email', 'demo@example.com', '--token-stdin'],
      {
        input: 'x',
      },
    );
    expect(login.code).toBe(5);
    const lines = login.stderr.trim().split('\n');
    expect(lines.slice(0, 3).map((line) => line.replace(/retrying in \d+m?s/, 'retrying in T'))).toEqual(
      [1, 2, 3].map((n) => `atl: could not reach ${host}: connection refused; retrying in T (retry ${n} of 3)`),
    );
    expect(lines.slice(3)).toEqual([
      `error: could not reach ${host}: connection refused`,
      'hint: check the site URL, your network, and HTTPS_PROXY if you need a proxy',
    ]);
    expect(login.stderr).not.toContain('Cloud or Data Center');
  });
});
