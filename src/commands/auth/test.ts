import { urlOverrides } from '../../auth/endpoints.js';
import { warnIfExpiring } from '../../auth/expiry.js';
import { resolveCredentials } from '../../auth/resolve.js';
import type { ResolvedCredentials } from '../../auth/types.js';
import { AtlError } from '../../errors.js';
import { printJson } from '../../output/table.js';
import { sanitizeText } from '../../output/terminal.js';
import { defineCommand } from '../spec.js';
import { bitbucketOrNull, checkEachProduct, describeUser } from './_shared/report.js';

const productNames = { jira: 'Jira', confluence: 'Confluence', bitbucket: 'Bitbucket' } as const;

export default defineCommand({
  path: ['auth', 'test'],
  summary: 'Check each product the profile can reach, and as whom',
  description:
    'Check Jira, Confluence and Bitbucket with the profile (default: the active one) and print one ' +
    'line per product with the user it authenticates as. A product the site does not have is ' +
    'reported as not available. Exit 3 if any check fails.',
  arguments: '[name]',
  examples: ['atl auth test', 'atl auth test work', 'atl auth test --json'],
  async run(f, args) {
    // A URL override atl may not send tokens to is a usage error of the run (exit 2), not a failed product.
    urlOverrides(f.env);
    const name = args[0];
    let credentials: ResolvedCredentials | null = null;
    try {
      credentials = name === undefined ? await f.credentials() : await resolveCredentials(f, { profile: name });
    } catch (err) {
      // Only Bitbucket env variables set: still something to test.
      if (!(err instanceof AtlError && err.code === 'auth')) throw err;
      if ((await bitbucketOrNull(f, name)) === null) throw err;
    }
    if (credentials) await warnIfExpiring(f, credentials.profileName, credentials.profile.tokenExpiresAt);
    const bitbucket = await bitbucketOrNull(f, name);
    const results = await checkEachProduct(f, credentials, bitbucket);
    if (results.length === 0) throw new AtlError('auth', `profile "${credentials?.profileName ?? ''}" has nothing to test`, { hint: 'run `atl auth login`' });
    const failed = results.some((r) => !r.ok);
    if (f.globals.json) {
      printJson(
        f.io,
        results.map((r) => ({ product: r.product, ok: r.ok, available: !r.skipped, user: r.user, error: r.ok && !r.skipped ? null : r.error, status: r.status })),
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
