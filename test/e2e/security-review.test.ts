// Security review through the built binary: ways a token could leave (errors quoting a bad header
// value, a proxy carrying plain http, a site URL echoed back, a foreign file quoted by a parser)
// and ways server text could drive the terminal. Each case guards one fix; see the review report.
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestHome, type AtlResult, type TestHome } from '../support/atl.js';
import { startTestSandbox, type TestSandbox } from '../support/sandbox.js';

let sandbox: TestSandbox;
let home: TestHome;
let cloudEnv: Record<string, string>;
/** A site whose every answer is a Jira-shaped error quoting escape sequences. */
let hostile: Server;
let hostileUrl: string;

const ESC = '\u001b';
const hostileText = `${ESC}[2J${ESC}]52;c;ZWNobyBwd25lZA==${ESC}\\${ESC}]0;title\u0007 \u009b31m gone\rfake prompt $ \u202eevil`;

beforeAll(async () => {
  sandbox = await startTestSandbox({ seed: 'demo' });
  home = await createTestHome();
  for (const secret of sandbox.secrets) home.secrets.add(secret);
  const { email, token } = sandbox.credentials.cloud;
  home.addSecret(token, email);
  cloudEnv = { ATL_SITE: sandbox.url, ATL_EMAIL: email, ATL_API_TOKEN: token, ATL_DEPLOYMENT: 'cloud' };
  hostile = createServer((_req, res) => {
    res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ errorMessages: [hostileText] }));
  });
  await new Promise<void>((resolve) => hostile.listen(0, '127.0.0.1', resolve));
  hostileUrl = `http://127.0.0.1:${(hostile.address() as AddressInfo).port}`;
});

afterAll(async () => {
  try {
    await home?.assertNoSecretsLeaked();
  } finally {
    hostile?.closeAllConnections();
    await new Promise((resolve) => hostile?.close(resolve));
    await sandbox?.stop();
    await home?.cleanup();
  }
});

const atl = (args: readonly string[], env: Record<string, string | undefined> = {}, input?: string): Promise<AtlResult> =>
  home.run(args, { env: { ...cloudEnv, ...env }, ...(input === undefined ? {} : { input }) });

/** No control character but tab and newline, and no bidi override, anywhere in the output. */
function expectNoControls(text: string): void {
  // eslint-disable-next-line no-control-regex
  expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
}

describe('tokens stay out of errors', () => {
  test.concurrent('a bearer token with a line break in it is refused without quoting it (fetch would quote the whole header)', async () => {
    const token = 'wrapped-pat-0123456789\nabcdefghij';
    home.secrets.add('wrapped-pat-0123456789');
    home.secrets.add('abcdefghij');
    for (const json of [[], ['--json']]) {
      const result = await atl(['jira', 'me', ...json], { ATL_AUTH_TYPE: 'bearer', ATL_API_TOKEN: token, ATL_EMAIL: undefined });
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^error: the token contains a line break/m);
      expect(result.stderr + result.stdout).not.toContain('wrapped-pat');
    }
  });

  test.concurrent('a site URL with a password that does not parse is not echoed back with the password', async () => {
    home.secrets.add('pw with space 4242');
    const result = await atl(
      [
        'auth',
        'login',
        '--profile',
        'userinfo',
        '--site',
        'https://me:pw with space 4242@jira.example.com',
        '--email',
        'me@example.com',
        '--token-stdin',
        '--no-input',
      ],
      {},
      'tok-unused-1234\n',
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('not a site URL: https://me:[redacted]@jira.example.com');
  });

  test.concurrent('auth import: a broken foreign credentials file is reported without quoting the token around the mistake', async () => {
    const importHome = await createTestHome();
    try {
      const token = 'ATATT3xFfGF0-importleak-abcdefghijklmnopqrstuvwxyz';
      importHome.addSecret(token);
      // A tail of the token is what V8 quotes: register every 8-character piece of it.
      for (let i = 0; i + 8 <= token.length; i++) importHome.secrets.add(token.slice(i, i + 8));
      await mkdir(join(importHome.home, '.atlcli'), { recursive: true });
      await writeFile(
        join(importHome.home, '.atlcli', 'credentials.json'),
        `{"profiles":{"a":{"baseUrl":"https://a.atlassian.net","apiToken":${token}}}}`,
      );
      const result = await importHome.run(['auth', 'import', '--from', 'atlcli', '--debug', '--no-input']);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/credentials\.json: not a valid atlcli file \(invalid JSON\)/);
      await importHome.assertNoSecretsLeaked();
    } finally {
      await importHome.cleanup();
    }
  });
});

describe('proxies', () => {
  test.concurrent('plain http to loopback never goes through a proxy that is not on loopback (the token would cross the network in clear)', async () => {
    // The proxy does not exist: were it used, the run would fail to reach it (exit 5).
    const result = await atl(['jira', 'me', '--json', '--debug'], { HTTP_PROXY: 'http://proxy.atl-security-test.invalid:3128' });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ emailAddress: 'demo@example.com' });
    expect(result.stderr).toContain('atl: transport: proxy http=http://proxy.atl-security-test.invalid:3128');
  });
});

describe('server text cannot drive the terminal', () => {
  test.concurrent('an issue summary with escape sequences is shown escaped in search tables, piped or at a width', async () => {
    const created = await atl([
      'jira',
      'issue',
      'create',
      '--project',
      'DEMO',
      '--type',
      'Task',
      '--summary',
      `Sneaky ${hostileText}`,
      '--no-input',
      '--json',
    ]);
    expect(created.code, created.stderr).toBe(0);
    const key = (JSON.parse(created.stdout) as { key: string }).key;
    for (const columns of [undefined, '200']) {
      const result = await atl(['jira', 'search', `key = ${key}`], { COLUMNS: columns });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain('Sneaky \\x1b[2J\\x1b]52;c;');
      expectNoControls(result.stdout);
    }
    // The human view and comment list (text anyone can edit) are escaped the same way, piped too.
    const comment = await atl(['jira', 'issue', 'comment', 'add', key, `Hidden ${ESC}[8mconcealed${ESC}[0m text`]);
    expect(comment.code, comment.stderr).toBe(0);
    for (const args of [
      ['jira', 'issue', 'view', key],
      ['jira', 'issue', 'comment', 'list', key],
    ]) {
      const shown = await atl(args);
      expect(shown.code, shown.stderr).toBe(0);
      // (Markdown output may also escape the bracket: `\x1b\[8m`.)
      expect(shown.stdout).toMatch(/\\x1b\\?\[8mconcealed/);
      expectNoControls(shown.stdout);
    }
    expect((await atl(['jira', 'issue', 'view', key])).stdout).toContain('Sneaky \\x1b[2J');
    // --json is exact: JSON escapes the characters, the data is not changed.
    const json = await atl(['jira', 'issue', 'view', key, '--json']);
    expect(JSON.stringify(JSON.parse(json.stdout))).toContain(JSON.stringify(hostileText).slice(1, -1));
  });

  test.concurrent('an error message from the server is printed with its control characters escaped; --json keeps it exact', async () => {
    const result = await atl(['jira', 'me'], { ATL_SITE: hostileUrl });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error: \\x1b[2J\\x1b]52;c;ZWNobyBwd25lZA==\\x1b\\\\');
    expect(result.stderr).toContain('\\u202eevil');
    expectNoControls(result.stderr);
    const json = await atl(['jira', 'me', '--json'], { ATL_SITE: hostileUrl });
    const last = json.stderr.trim().split('\n').pop() ?? '';
    expect((JSON.parse(last) as { error: { message: string } }).error.message).toContain(hostileText.trim());
  });
});
