// Server text in the messages of transition, assign, create and comment add is shown with control
// characters as escapes, piped or not, like every listing (see src/output/terminal.ts).
import { describe, expect, test } from 'vitest';
import { FakeHttp, fakeFactory, httpError, runArgv } from '../../../testkit/fakes.testutil.js';

/** A hyperlink to a hostile site (OSC 8) and a screen clear, as a site's admin or user could name things. */
const HOSTILE = '\u001b]8;;http://evil\u0007Done\u001b]8;;\u0007\u001b[2J';
const SHOWN = '\\x1b]8;;http://evil\\x07Done\\x1b]8;;\\x07\\x1b[2J';

function hostileSite(): FakeHttp {
  return new FakeHttp()
    .optional('GET', '/rest/api/3/myself', () => ({ accountId: 'me-account-0000000000000', displayName: 'Me' }))
    .optional('GET', '/rest/api/3/issue/*/transitions', () => ({ transitions: [{ id: '21', name: 'Close', to: { name: HOSTILE } }] }))
    .optional('POST', '/rest/api/3/issue/*/transitions', (r) => {
      if (r.path.includes('ABC-2')) throw httpError(400, `refused: ${HOSTILE}`);
      return null;
    })
    .optional('PUT', '/rest/api/3/issue/*/assignee', (r) => {
      if (r.path.includes('ABC-2')) throw httpError(400, `refused: ${HOSTILE}`);
      return null;
    })
    .optional('POST', '/rest/api/3/search/jql', () => ({
      issues: [
        { id: '1', key: 'ABC-1' },
        { id: '2', key: 'ABC-2' },
      ],
      isLast: true,
    }))
    .optional('POST', '/rest/api/3/issue', () => ({ id: '10100', key: `ABC-100${HOSTILE}` }))
    .optional('POST', '/rest/api/3/issue/*/comment', () => ({ id: `99${HOSTILE}` }));
}

const noEscape = (text: string) => expect(text).not.toContain('\u001b');

describe('server text in command messages cannot drive the terminal', () => {
  test('transition: the status name in "KEY → status"', async () => {
    const f = fakeFactory({ http: hostileSite() });
    expect((await runArgv(f, ['jira', 'issue', 'transition', 'ABC-1', 'Close'])).code).toBe(0);
    expect(f.out.text).toBe(`ABC-1 → ${SHOWN}\n`);
  });

  test('transition --jql: the target in each "ok" line and the server error in each "failed" line', async () => {
    const f = fakeFactory({ http: hostileSite() });
    expect((await runArgv(f, ['jira', 'issue', 'transition', 'Close', '--jql', 'project = ABC', '--yes'])).code).toBe(1);
    expect(f.out.text).toBe(`ok      ABC-1 → ${SHOWN}\nfailed  ABC-2: refused: ${SHOWN}\n`);
    noEscape(f.err.text);
  });

  test('assign --jql: the server error in the "failed" line', async () => {
    const f = fakeFactory({ http: hostileSite() });
    expect((await runArgv(f, ['jira', 'issue', 'assign', 'me', '--jql', 'project = ABC', '--yes'])).code).toBe(1);
    expect(f.out.text).toBe(`ok      ABC-1\nfailed  ABC-2: refused: ${SHOWN}\n`);
  });

  test('create: the key the server gave', async () => {
    const f = fakeFactory({ http: hostileSite() });
    expect((await runArgv(f, ['jira', 'issue', 'create', '--project', 'ABC', '--type', 'Task', '--summary', 's'])).code).toBe(0);
    expect(f.out.text.split('\n')[0]).toBe(`ABC-100${SHOWN}`);
    noEscape(f.out.text);
  });

  test('comment add: the comment id the server gave', async () => {
    const f = fakeFactory({ http: hostileSite() });
    expect((await runArgv(f, ['jira', 'issue', 'comment', 'add', 'ABC-1', 'hello'])).code).toBe(0);
    expect(f.out.text.split('\n')[0]).toBe(`added comment 99${SHOWN} to ABC-1`);
    noEscape(f.out.text);
  });

  test('--json stays exact: the server text as it came', async () => {
    const f = fakeFactory({ http: hostileSite(), json: true });
    await runArgv(f, ['jira', 'issue', 'transition', 'ABC-1', 'Close']);
    expect(JSON.parse(f.out.text)).toEqual({ key: 'ABC-1', transition: 'Close', status: HOSTILE });
  });
});
