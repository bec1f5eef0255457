// The user a site says we are is server text: auth login, status and test print it for people,
// so it is shown with control characters as escapes.
import { describe, expect, test } from 'vitest';
import { basicIs, fakeFactory, fakeMaker } from '../../../testkit/fakes.testutil.js';
import { performLogin } from './login-flow.js';
import { describeUser } from '../../../auth/describe-user.js';

const HOSTILE = '\u001b]8;;http://evil\u0007Me\u001b]8;;\u0007\u001b[2J';
const SHOWN = '\\x1b]8;;http://evil\\x07Me\\x1b]8;;\\x07\\x1b[2J';

describe('the verified user, as printed', () => {
  test('describeUser escapes the display name and email', () => {
    expect(describeUser({ accountId: 'a1', displayName: HOSTILE, email: `me${HOSTILE}@acme.com` })).toBe(`${SHOWN} (me${SHOWN}@acme.com)`);
  });

  test('auth login: "Logged in ... as <name>"', async () => {
    const f = fakeFactory();
    const make = fakeMaker({
      'https://acme.atlassian.net/rest/api/3/myself': (call) =>
        basicIs(call, 'me@acme.com', 'good') ? { accountId: 'a1', displayName: HOSTILE } : 401,
    });
    expect(
      await performLogin(
        f,
        { profileName: 'work', site: 'acme.atlassian.net', email: 'me@acme.com', token: 'good', verify: true },
        { make },
      ),
    ).toBe(0);
    expect(f.out.text).toContain(`Logged in to https://acme.atlassian.net as ${SHOWN}\n`);
    expect(f.out.text).not.toContain('\u001b');
  });
});
