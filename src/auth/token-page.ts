import { AtlError } from '../errors.js';
import type { Deployment } from './types.js';

/** Where an Atlassian account creates its API tokens (Cloud, scoped ones and Bitbucket's too). */
export const CLOUD_TOKEN_PAGE = 'https://id.atlassian.com/manage-profile/security/api-tokens';

const trimSlash = (url: string) => url.replace(/\/+$/, '');

/** Jira Data Center's personal access tokens: a tab of the user's profile page. */
export const jiraPatPage = (site: string): string =>
  `${trimSlash(site)}/secure/ViewProfile.jspa?selectedTab=com.atlassian.pats.pats-plugin:jira-user-personal-access-tokens`;

/** Confluence Data Center's personal access tokens: Settings > Personal Access Tokens. */
export const confluencePatPage = (site: string): string => `${trimSlash(site)}/plugins/personalaccesstokens/usertokens.action`;

/** Bitbucket Data Center's personal access tokens (HTTP access tokens of a user): Manage account > HTTP access tokens. */
export const bitbucketDcTokenPage = (site: string): string => `${trimSlash(site)}/plugins/servlet/access-tokens/manage`;

export type TokenPageProduct = 'jira' | 'confluence' | 'bitbucket';

/**
 * Where to create the token a login or a refused request needs: the Atlassian account page on
 * Cloud; the profile's personal-access-token page on Data Center, which differs between Jira and
 * Confluence (both named when the product is not known, e.g. at the login prompt).
 */
export function tokenPage(target: { site: string; deployment: Deployment }, product?: TokenPageProduct): string {
  if (product === 'bitbucket' || target.deployment === 'cloud') return CLOUD_TOKEN_PAGE;
  if (product === 'jira') return jiraPatPage(target.site);
  if (product === 'confluence') return confluencePatPage(target.site);
  return `${jiraPatPage(target.site)} (Jira) or ${confluencePatPage(target.site)} (Confluence)`;
}

/** The line that says where a token comes from, for hints and prompts. */
export const tokenPageText = (page: string): string => `create a token at ${page}`;

/** A 401's hint with the token page added (once); any other error unchanged. */
export function withTokenPage(err: unknown, page: string): unknown {
  if (!(err instanceof AtlError) || err.status !== 401 || err.hint?.includes(page)) return err;
  const hint = err.hint === undefined ? tokenPageText(page) : `${err.hint}; ${tokenPageText(page)}`;
  return new AtlError(err.code, err.message, { status: 401, hint, exitCode: err.exitCode, cause: err });
}
