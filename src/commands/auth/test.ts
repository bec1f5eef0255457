import { urlOverrides } from '../../auth/endpoints.js';
import { warnIfExpiring } from '../../auth/expiry.js';
import { hasSiteLogin, resolveCredentials } from '../../auth/resolve.js';
import type { ResolvedCredentials } from '../../auth/types.js';
import { AtlError } from '../../errors.js';
import { printJson } from '../../cmdutil/json.js';
import { sanitizeText } from '../../output/terminal.js';
import { defineCommand } from '../spec.js';
import { describeUser } from '../../auth/describe-user.js';
import { bitbucketOrNull, checkEachProduct, confluenceOrNull } from './_shared/report.js';

const productNames = { jira: 'Jira', confluence: 'Confluence', bitbucket: 'Bitbucket' } as const;

type Checked = keyof typeof productNames;

export default defineCommand({
  path: ['auth', 'test'],
  summary: 'Check each product the profile can reach, and as whom',
  json: 'value',
  description:
    'Check Jira, Confluence and Bitbucket with the profile (default: the active one) and print one ' +
    'line per product with the user it authenticates as. A product the site does not have is ' +
    "reported as not available. Confluence is checked with the profile's own Confluence login when it has one " +
    '(`atl auth login --confluence`), else with its site login. --jira, --confluence and --bitbucket check only those products (any ' +
    'combination); a product asked for that the profile has no login for is an error. Exit 3 if any check fails.',
  arguments: '[name]',
  examples: [
    'atl auth test',
    'atl auth test work',
    'atl auth test --json',
    'atl auth test --bitbucket',
    'atl auth test work --jira --confluence',
  ],
  options: (command) =>
    command
      .option('--jira', 'check Jira (only the products named are checked)')
      .option('--confluence', 'check Confluence')
      .option('--bitbucket', 'check Bitbucket'),
  async run(f, args, options) {
    // A URL override atl may not send tokens to is a usage error of the run (exit 2), not a failed product.
    urlOverrides(f.env);
    const name = args[0];
    const named = (Object.keys(productNames) as Checked[]).filter((product) => options[product] === true);
    const only = named.length > 0 ? new Set(named) : null;
    const siteWanted = only === null || only.has('jira') || only.has('confluence');
    let credentials: ResolvedCredentials | null = null;
    try {
      credentials = name === undefined ? await f.credentials() : await resolveCredentials(f, { profile: name });
    } catch (err) {
      // Only Bitbucket env variables set (or only Bitbucket asked for): still something to test.
      if (!(err instanceof AtlError && err.code === 'auth')) throw err;
      if (siteWanted && only !== null) throw err;
      if ((await bitbucketOrNull(f, name)) === null) throw err;
    }
    if (credentials && siteWanted) await warnIfExpiring(f, credentials.profileName, credentials.profile.tokenExpiresAt);
    const bitbucket = only === null || only.has('bitbucket') ? await bitbucketOrNull(f, name) : null;
    const confluence = only === null || only.has('confluence') ? await confluenceOrNull(f, name) : null;
    if (only !== null) requireLogins(only, credentials, bitbucket !== null, confluence !== null, name);
    const results = await checkEachProduct(f, credentials, bitbucket, undefined, only, confluence);
    if (results.length === 0)
      throw new AtlError('auth', `profile "${credentials?.profileName ?? ''}" has nothing to test`, { hint: 'run `atl auth login`' });
    const failed = results.some((r) => !r.ok);
    if (f.globals.json) {
      printJson(
        f.io,
        results.map((r) => ({
          product: r.product,
          ok: r.ok,
          available: !r.skipped,
          user: r.user,
          error: r.ok && !r.skipped ? null : r.error,
          status: r.status,
        })),
      );
    } else {
      for (const r of results) {
        const label = productNames[r.product].padEnd(12);
        if (r.skipped) f.io.stdout.write(`${label}- ${sanitizeText(r.error ?? 'not available on this site')}\n`);
        else if (r.ok) f.io.stdout.write(`${label}✓ ${describeUser(r.user)}\n`);
        else f.io.stdout.write(sanitizeText(`${label}✗ ${r.error ?? 'failed'}${r.hint ? ` (hint: ${r.hint})` : ''}\n`));
      }
    }
    return failed ? 3 : 0;
  },
});

/** A product asked for by flag must have a login to test: say which login is missing. */
function requireLogins(
  only: ReadonlySet<Checked>,
  credentials: ResolvedCredentials | null,
  hasBitbucket: boolean,
  hasConfluence: boolean,
  name: string | undefined,
): void {
  const profile = credentials?.profileName ?? name;
  const which = profile ? `profile "${profile}"` : 'this run';
  const site = [...only].filter((p) => p === 'jira' || (p === 'confluence' && !hasConfluence));
  if (site.length > 0 && !(credentials && hasSiteLogin(credentials.profile))) {
    throw new AtlError('auth', `${which} has no Jira/Confluence login to test ${site.map((p) => `--${p}`).join(' and ')}`, {
      hint: `log in to the site: atl auth login${profile ? ` --profile ${profile}` : ''} --site ...`,
    });
  }
  if (only.has('bitbucket') && !hasBitbucket) {
    throw new AtlError('auth', `${which} has no Bitbucket login to test --bitbucket`, {
      hint: `atl auth login${profile ? ` --profile ${profile}` : ''} --bitbucket, or set ATL_BITBUCKET_TOKEN`,
    });
  }
}
