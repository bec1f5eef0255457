/**
 * `atl sandbox --login`: the sandbox saves a profile named `sandbox` for its Cloud site, so trying
 * atl is one command (`npm start`) and then `atl ... --profile sandbox` in another terminal.
 *
 * The profile keeps working from one start to the next: its token is kept in the secret store (never
 * on argv, never printed) and handed back to the sandbox at the next start as its Cloud token, and
 * the sandbox listens on the profile's port again when that port is free; when it is not, on another
 * one, and the profile is updated to match.
 *
 * The profile also holds a Bitbucket login, to the sandbox's Bitbucket Data Center (`/dc-bitbucket`,
 * a personal access token as Bearer, kept and handed back the same way), so that Bitbucket commands
 * work with it too: Bitbucket Cloud is api.bitbucket.org, which a profile cannot move to loopback.
 *
 * A profile named `sandbox` that is not the sandbox's (another site or user: someone's own) is not
 * replaced without --force.
 */
import { randomBytes } from 'node:crypto';
import { assertProfileNameFreeIgnoringCase } from '../../../auth/config.js';
import { bitbucketAccount, secretAccount } from '../../../auth/resolve.js';
import type { Profile, SecretStore } from '../../../auth/types.js';
import { AtlError, usageError } from '../../../errors.js';
import type { Factory } from '../../../factory.js';
import { isLoopbackHost } from '../../../http/url.js';

export const SANDBOX_PROFILE = 'sandbox';
/** The Cloud user of the sandbox (src/sandbox/auth.ts). */
const SANDBOX_EMAIL = 'demo@example.com';

/** The sandbox's own profile: its Cloud site on loopback over http, as its demo user, Basic. */
export function isSandboxProfile(profile: Profile): boolean {
  let url: URL;
  try {
    url = new URL(profile.site);
  } catch {
    return false;
  }
  return (
    url.protocol === 'http:' &&
    isLoopbackHost(url.hostname) &&
    url.pathname.replace(/\/+$/, '') === '' &&
    profile.email?.toLowerCase() === SANDBOX_EMAIL &&
    profile.authType === 'basic' &&
    profile.deployment === 'cloud' &&
    !profile.scoped
  );
}

const describeProfile = (profile: Profile): string => (profile.email === null ? profile.site : `${profile.site} as ${profile.email}`);

/** What the sandbox starts with for its saved profile: the port to try and the Cloud token to accept. */
export interface SandboxLoginPlan {
  /** The port of the profile's site, when there is a profile of the sandbox's own. */
  port: number | undefined;
  /** The stored token, or a new one when there is none yet. */
  token: string;
  /** The stored Bitbucket Data Center token, or a new one. */
  bitbucketToken: string;
  store: SecretStore;
  /** The stored token was missing (or another profile is replaced): it must be saved. */
  saveToken: boolean;
  /** The same for the Bitbucket token. */
  saveBitbucketToken: boolean;
  /** The profile of another site that --force replaces: said on stdout, its old token removed. */
  replaces: Profile | null;
}

/** A new API token shaped like the sandbox's own (src/sandbox/auth.ts). */
const newToken = (): string => `ATATT3xFfGF0${randomBytes(30).toString('base64url')}`;

/** A new Bitbucket Data Center personal access token, shaped like the sandbox's own. */
const newBitbucketToken = (): string => randomBytes(33).toString('base64');

/** Reads the `sandbox` profile and its token before the sandbox starts; refuses another site's profile without --force. */
export async function planSandboxLogin(f: Factory, force: boolean): Promise<SandboxLoginPlan> {
  const config = await (await f.configStore()).read();
  const existing = config.profiles[SANDBOX_PROFILE];
  assertProfileNameFreeIgnoringCase(config, SANDBOX_PROFILE, (other) => `rename it (atl auth rename ${other} NAME)`);
  if (existing && !isSandboxProfile(existing)) {
    if (!force) {
      throw usageError(
        `profile "${SANDBOX_PROFILE}" is ${describeProfile(existing)}, not this sandbox; --login would replace it`,
        `keep it under another name first (atl auth rename ${SANDBOX_PROFILE} NAME), or pass --force to replace it`,
      );
    }
    const fresh = { token: newToken(), bitbucketToken: newBitbucketToken(), saveToken: true, saveBitbucketToken: true };
    return { port: undefined, ...fresh, store: await f.secretStore(), replaces: existing };
  }
  const store = await f.secretStore(existing?.storage);
  const stored = existing ? await store.get(secretAccount(SANDBOX_PROFILE)) : null;
  const storedBitbucket = existing ? await store.get(bitbucketAccount(SANDBOX_PROFILE)) : null;
  const port = existing ? Number(new URL(existing.site).port || 80) : undefined;
  return {
    port,
    token: stored ?? newToken(),
    bitbucketToken: storedBitbucket ?? newBitbucketToken(),
    store,
    saveToken: stored === null,
    saveBitbucketToken: storedBitbucket === null,
    replaces: null,
  };
}

/** Saves the token (when new) and the profile for the sandbox listening at `siteUrl`. Never makes it the default profile. */
export async function saveSandboxProfile(f: Factory, plan: SandboxLoginPlan, siteUrl: string): Promise<Profile> {
  // The secret first, then the profile: a crash in between leaves no profile without its token.
  if (plan.saveToken) await plan.store.set(secretAccount(SANDBOX_PROFILE), plan.token);
  if (plan.saveBitbucketToken) await plan.store.set(bitbucketAccount(SANDBOX_PROFILE), plan.bitbucketToken);
  const profile: Profile = {
    site: siteUrl,
    email: SANDBOX_EMAIL,
    authType: 'basic',
    deployment: 'cloud',
    storage: plan.store.kind,
    scoped: false,
    cloudId: null,
    tokenExpiresAt: null,
    bitbucket: {
      email: null,
      authType: 'bearer',
      workspace: null,
      storage: plan.store.kind,
      site: `${siteUrl}/dc-bitbucket`,
      deployment: 'datacenter',
    },
  };
  await (await f.configStore()).update((file) => {
    file.profiles[SANDBOX_PROFILE] = profile;
  });
  // The replaced profile's token, when it was kept in the other store (the same store was overwritten).
  if (plan.replaces !== null && plan.replaces.storage !== plan.store.kind) {
    try {
      const other = await f.secretStore(plan.replaces.storage);
      await other.delete(secretAccount(SANDBOX_PROFILE));
      await other.delete(bitbucketAccount(SANDBOX_PROFILE));
    } catch {
      // Best effort: a store that does not open here holds nothing to remove.
    }
  }
  return profile;
}

/** The lines `atl sandbox --login` prints once the profile is saved: no token, commands to try. */
export function loginInstructions(url: string, seed: string, profile: Profile, notes: readonly string[]): string[] {
  const where = profile.storage === 'keyring' ? 'the keyring' : 'the encrypted file';
  return [
    `atl sandbox is running at ${url} (seed: ${seed}). Press Ctrl-C to stop.`,
    ...notes,
    `✓ Saved profile "${SANDBOX_PROFILE}" for it (Jira Cloud as ${profile.email}, token in ${where}).`,
    `  It reaches Confluence and Service Management on the same site, and Bitbucket at ${profile.bitbucket?.site ?? `${url}/dc-bitbucket`} (Data Center).`,
    '  Start the sandbox the same way again (`atl sandbox --login`, or `npm start`) and the profile keeps working.',
    '',
    'Try, in another terminal:',
    `  atl jira search --project DEMO --profile ${SANDBOX_PROFILE}`,
    `  atl jira issue view DEMO-1 --profile ${SANDBOX_PROFILE}`,
    `  atl jira issue create --project DEMO --type Task --summary "My first issue" --profile ${SANDBOX_PROFILE}`,
    `  atl jira search --assignee me --status "In Progress" --profile ${SANDBOX_PROFILE}`,
    // The same login reaches the site's Confluence (/wiki) and Service Management.
    `  atl confluence page tree DOCS --profile ${SANDBOX_PROFILE}`,
    `  atl confluence docs pull DOCS ./docs --profile ${SANDBOX_PROFILE}`,
    `  atl jsm request list --desk HELP --profile ${SANDBOX_PROFILE}`,
    // Its Bitbucket login is to the sandbox's Bitbucket Data Center.
    `  atl bitbucket pr list --repo DEMO/demo-web --profile ${SANDBOX_PROFILE}`,
    `  atl auth status --profile ${SANDBOX_PROFILE}`,
    '(`atl` not found? In the clone, `npm link` puts it on your PATH, or run `node dist/atl.js` in its place.)',
    '',
  ];
}

/** The note for a profile of another site that --force replaced. */
export function replacedNote(replaced: Profile): string {
  return `Replaced profile "${SANDBOX_PROFILE}", which was ${describeProfile(replaced)} (--force).`;
}

/** Whether a start failed only because the port is taken (startSandbox's own error). */
export function isPortInUse(err: unknown): boolean {
  return err instanceof AtlError && /^port \d+ is already in use$/.test(err.message);
}
