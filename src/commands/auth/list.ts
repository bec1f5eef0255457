import type { Profile } from '../../auth/types.js';
import { printJson } from '../../cmdutil/json.js';
import { printTable } from '../../output/table.js';
import { defineCommand } from '../spec.js';
import { activeProfileName, profileType } from './_manage/profiles.js';

interface ListedProfile {
  name: string;
  site: string;
  email: string | null;
  authType: Profile['authType'];
  deployment: Profile['deployment'];
  scoped: boolean;
  cloudId: string | null;
  storage: Profile['storage'];
  tokenExpiresAt: string | null;
  bitbucket: NonNullable<Profile['bitbucket']> | null;
  confluence: NonNullable<Profile['confluence']> | null;
  active: boolean;
  default: boolean;
}

export default defineCommand({
  path: ['auth', 'list'],
  aliases: ['ls'],
  summary: 'List the saved profiles',
  json: 'value',
  description:
    'List the saved profiles. ACTIVE marks the profile a command would use now: --profile, else ATL_PROFILE, else the default profile. ' +
    'TYPE ends in +confluence or +bitbucket for the product logins a profile holds beside its site (their sites are in --json). Tokens are never shown.',
  examples: ['atl auth list', 'atl auth list --json', "atl auth list --json | jq -r '.[] | select(.default) | .name'"],
  async run(f) {
    const config = await (await f.configStore()).read();
    const active = activeProfileName(f, config);
    const rows: ListedProfile[] = Object.entries(config.profiles).map(([name, p]) => ({
      name,
      site: p.site,
      email: p.email ?? null,
      authType: p.authType,
      deployment: p.deployment,
      scoped: p.scoped === true,
      cloudId: p.cloudId ?? null,
      storage: p.storage,
      tokenExpiresAt: p.tokenExpiresAt ?? null,
      bitbucket: p.bitbucket ?? null,
      confluence: p.confluence ?? null,
      active: name === active,
      default: name === config.defaultProfile,
    }));
    if (f.globals.json) {
      printJson(f.io, rows);
      return;
    }
    if (rows.length === 0) {
      f.io.stderr.write(
        'No profiles yet. Add one with `atl auth login --site <url> --email <email> --token-stdin`, or `atl auth import --from <tool>`.\n',
      );
      return;
    }
    const byName = new Map(Object.entries(config.profiles));
    printTable(
      f.io,
      [
        { header: 'PROFILE', value: (r: ListedProfile) => r.name },
        // Narrow, the host is what tells sites apart; https:// is taken for granted (http:// stays).
        { header: 'SITE', value: (r) => r.site, short: (r) => siteForTable(r.site), flexible: true },
        { header: 'EMAIL', value: (r) => r.email ?? '-' },
        { header: 'TYPE', value: (r) => profileType(byName.get(r.name)!) },
        { header: 'ACTIVE', value: (r) => (r.active ? '*' : '') },
      ],
      rows,
    );
  },
});

/** A site URL as a table shows it: without `https://` and a trailing slash (a context path stays). */
export function siteForTable(site: string): string {
  return site.replace(/^https:\/\//i, '').replace(/\/+$/, '');
}
