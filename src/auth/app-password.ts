import { AtlError } from '../errors.js';
import { CLOUD_TOKEN_PAGE } from './token-page.js';

/**
 * Bitbucket Cloud app passwords: creation stopped on 2025-09-09 and Bitbucket refuses them since
 * 2026-07-28 (API 401, git 410). Bitbucket's 401 does not say why, so atl recognises the secret it
 * sent: app passwords carry the `ATBB` prefix (API tokens `ATATT`, access tokens `ATCTT`).
 */
export const isAppPassword = (secret: string): boolean => secret.startsWith('ATBB');

/** The Bitbucket scopes atl's commands use, for the "create an API token" hint. */
const API_TOKEN_SCOPES = 'read:user:bitbucket, read:repository:bitbucket, read:pullrequest:bitbucket, write:pullrequest:bitbucket';

/** What to do instead of an app password: make an API token with scopes and log in with it (and the account email). */
export function appPasswordHint(profileName: string | null): string {
  const profile = profileName !== null && profileName !== 'default' ? ` --profile ${profileName}` : '';
  return (
    `this is a Bitbucket app password (ATBB…), and Bitbucket no longer accepts app passwords: create an API token with scopes ` +
    `(e.g. ${API_TOKEN_SCOPES}) at ${CLOUD_TOKEN_PAGE}, then run \`atl auth login${profile} --bitbucket --email YOUR_ATLASSIAN_EMAIL --token-stdin\` ` +
    '(in CI: ATL_BITBUCKET_TOKEN with ATL_BITBUCKET_EMAIL)'
  );
}

/** A 401 for an app password, said as such; any other error unchanged. */
export function withAppPasswordHint(err: unknown, profileName: string | null): unknown {
  if (!(err instanceof AtlError) || err.status !== 401) return err;
  return new AtlError(err.code, `${err.message} (an app password: Bitbucket no longer accepts them)`, {
    status: 401,
    hint: appPasswordHint(profileName),
    exitCode: err.exitCode,
    cause: err,
  });
}
