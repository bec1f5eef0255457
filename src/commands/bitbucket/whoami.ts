import { printJson } from '../../cmdutil/json.js';
import { bitbucketContext } from '../../bitbucket/context.js';
import type { CloudUser, DcUser } from '../../bitbucket/types.js';
import { whoami } from '../../bitbucket/users.js';
import { sanitizeText } from '../../output/terminal.js';
import { defineCommand } from '../spec.js';

const KIND = { 'api-token': 'API token', 'access-token': 'access token', token: 'token (HTTP access token or PAT)' } as const;

export default defineCommand({
  path: ['bitbucket', 'whoami'],
  summary: 'Show the Bitbucket account and the kind of token this profile uses',
  description:
    'Cloud API tokens show the account (they need the read:user:bitbucket scope for it); a Cloud access token has no user ' +
    'behind it, so its workspace is shown instead. On Data Center the user comes from the X-AUSERNAME header.',
  json: 'value',
  examples: ['atl bitbucket whoami', 'atl bb whoami --json'],
  async run(f) {
    const ctx = await bitbucketContext(f);
    const identity = await whoami(ctx);
    if (f.globals.json) return printJson(f.io, identity);
    const lines: string[] = [];
    if (identity.user !== null) {
      const cloud = identity.user as CloudUser;
      const dc = identity.user as DcUser;
      const name = identity.deployment === 'cloud' ? (cloud.display_name ?? '') : (dc.displayName ?? dc.name);
      const handle = identity.deployment === 'cloud' ? (cloud.nickname ?? cloud.username ?? cloud.account_id ?? '') : dc.name;
      lines.push(`${name}${handle !== '' && handle !== name ? ` (${handle})` : ''}`);
    }
    lines.push(`deployment: ${identity.deployment === 'cloud' ? 'Bitbucket Cloud' : 'Bitbucket Data Center'}`);
    lines.push(`token: ${KIND[identity.tokenKind]}`);
    if (identity.workspaces.length > 0) lines.push(`workspace: ${identity.workspaces.join(', ')}`);
    f.io.stdout.write(`${lines.map(sanitizeText).join('\n')}\n`);
  },
});
