import { expect, test } from 'vitest';
import { AtlError } from '../errors.js';
import { CLOUD_TOKEN_PAGE, tokenPage, withTokenPage } from './token-page.js';

const dc = { site: 'https://corp.example.com/jira/', deployment: 'datacenter' as const };

test('Cloud tokens come from the Atlassian account page; Data Center PATs from the product profile page', () => {
  expect(tokenPage({ site: 'https://acme.atlassian.net', deployment: 'cloud' }, 'confluence')).toBe(
    'https://id.atlassian.com/manage-profile/security/api-tokens',
  );
  expect(tokenPage(dc, 'jira')).toBe(
    'https://corp.example.com/jira/secure/ViewProfile.jspa?selectedTab=com.atlassian.pats.pats-plugin:jira-user-personal-access-tokens',
  );
  expect(tokenPage(dc, 'confluence')).toBe('https://corp.example.com/jira/plugins/personalaccesstokens/usertokens.action');
  expect(tokenPage(dc)).toBe(`${tokenPage(dc, 'jira')} (Jira) or ${tokenPage(dc, 'confluence')} (Confluence)`);
  expect(tokenPage(dc, 'bitbucket')).toBe(CLOUD_TOKEN_PAGE);
});

test('withTokenPage adds the page to a 401 hint once, keeping code, status and exit code; other errors pass unchanged', () => {
  const refused = new AtlError('auth', 'authentication failed (HTTP 401)', { status: 401, hint: 'check the token and email' });
  const hinted = withTokenPage(refused, CLOUD_TOKEN_PAGE) as AtlError;
  expect(hinted).toMatchObject({
    code: 'auth',
    status: 401,
    exitCode: 3,
    message: refused.message,
    hint: `check the token and email; create a token at ${CLOUD_TOKEN_PAGE}`,
  });
  expect(withTokenPage(hinted, CLOUD_TOKEN_PAGE)).toBe(hinted);
  const forbidden = new AtlError('forbidden', 'no', { status: 403, hint: 'permissions' });
  expect(withTokenPage(forbidden, CLOUD_TOKEN_PAGE)).toBe(forbidden);
  expect((withTokenPage(new AtlError('auth', 'x', { status: 401 }), CLOUD_TOKEN_PAGE) as AtlError).hint).toBe(
    `create a token at ${CLOUD_TOKEN_PAGE}`,
  );
});
