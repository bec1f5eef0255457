import { assertCredentialsAllowed } from '../../../http/url.js';
import { usageError } from '../../../errors.js';
import type { Factory } from '../../../factory.js';
import { noPromptHint } from '../../../msys.js';
import { assertProfileNameFreeIgnoringCase } from '../../../auth/config.js';
import { clientMaker, type ClientMaker } from '../../../auth/endpoints.js';
import { parseExpiryDate } from '../../../auth/expiry.js';
import { BITBUCKET_ONLY_SITE, bitbucketAccount, secretAccount } from '../../../auth/resolve.js';
import { detectDeployment, discoverCloudId, normalizeSite } from '../../../auth/site.js';
import type { AuthType, BitbucketLogin, Deployment, Profile, SecretStore, StorageKind } from '../../../auth/types.js';
import { verifyBitbucketLogin, verifySiteLogin, type VerifiedUser } from '../../../auth/verify.js';
import { printJson } from '../../../output/table.js';
import { describeUser } from './report.js';

/** What `auth login` (and the answers of `auth init`) ask for. */
export interface LoginInput {
  profileName: string;
  site?: string | undefined;
  email?: string | undefined;
  token?: string | undefined;
  tokenStdin?: boolean | undefined;
  bearer?: boolean | undefined;
  deployment?: string | undefined;
  scoped?: boolean | undefined;
  cloudId?: string | undefined;
  bitbucket?: boolean | undefined;
  workspace?: string | undefined;
  storage?: string | undefined;
  makeDefault?: boolean | undefined;
  expires?: string | undefined;
  dryRun?: boolean | undefined;
  verify: boolean;
}

export interface LoginDeps {
  make?: ClientMaker;
  readStdin?: () => Promise<string>;
}

/** Profile names become keyring accounts (`<profile>:bitbucket`) and ATL_TOKEN_<P> names. */
export function validateProfileName(name: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(name)) {
    throw usageError(`invalid profile name "${name}"`, 'use letters, digits, ".", "_" and "-" (starting with a letter or digit)');
  }
  return name;
}

export function parseDeploymentFlag(value: string | undefined): Deployment | undefined {
  if (value === undefined) return undefined;
  const lower = value.toLowerCase();
  if (lower === 'cloud') return 'cloud';
  if (lower === 'datacenter' || lower === 'dc' || lower === 'data-center' || lower === 'server') return 'datacenter';
  throw usageError(`--deployment must be cloud or datacenter, not "${value}"`);
}

export function parseStorageFlag(value: string | undefined): StorageKind | undefined {
  if (value === undefined) return undefined;
  if (value === 'keyring' || value === 'file') return value;
  throw usageError(`--storage must be keyring or file, not "${value}"`);
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  stream.setEncoding('utf8');
  for await (const chunk of stream) text += String(chunk);
  return text;
}

/** The token from --token, --token-stdin or, at a terminal, a hidden prompt. */
async function tokenFrom(f: Factory, input: LoginInput, deps: LoginDeps): Promise<string | undefined> {
  if (input.token !== undefined && input.tokenStdin) throw usageError('use either --token or --token-stdin, not both');
  if (input.tokenStdin) {
    const text = (await (deps.readStdin ?? (() => readAll(f.io.stdin)))()).trim();
    if (text === '') throw usageError('--token-stdin read an empty token', 'pipe the token in: `atl auth login ... --token-stdin < token.txt`');
    // One line only: a pasted multi-line blob is not a token.
    if (/[\r\n]/.test(text)) throw usageError('--token-stdin read more than one line');
    return text;
  }
  if (input.token !== undefined && input.token.trim() === '') throw usageError('--token is empty');
  return input.token?.trim();
}

/** Fills what is missing by asking, or fails with exit 2 naming every missing flag. */
async function ask(f: Factory, missing: Array<{ flag: string; prompt: string; secret?: boolean; set: (value: string) => void }>): Promise<void> {
  if (missing.length === 0) return;
  if (!f.io.canPrompt()) {
    throw usageError(`missing required flags: ${missing.map((m) => m.flag).join(', ')}`, noPromptHint(f, 'pass them, or run `atl auth login` in a terminal to be asked'));
  }
  const prompter = await f.prompter();
  for (const item of missing) {
    const value = item.secret
      ? await prompter.password(item.prompt)
      : await prompter.input(item.prompt, { validate: (v) => (v.trim() === '' ? 'required' : true) });
    if (value.trim() === '') throw usageError(`${item.flag} is required`);
    item.set(value.trim());
  }
}

/** A login that works although the token cannot say whose it is: name the scope that would. */
function noteMissingScopes(f: Factory, user: VerifiedUser | null): void {
  if (!user?.missingScopes?.length) return;
  const scopes = user.missingScopes.join(' and ');
  f.io.stderr.write(`notice: the token works, but it lacks ${scopes}, so whose it is stays unknown; add ${scopes} to the token to show the user\n`);
}

/** Writes the secret first, then the profile: a crash in between leaves no profile without a token. */
async function saveSecret(store: SecretStore, account: string, token: string): Promise<void> {
  await store.set(account, token);
}

/** Removes a secret that a re-login moved to another store (best effort: the new one is saved). */
async function dropOldSecret(f: Factory, kind: StorageKind | undefined, newKind: StorageKind, account: string): Promise<void> {
  if (kind === undefined || kind === newKind) return;
  try {
    await (await f.secretStore(kind)).delete(account);
  } catch {
    // The old store may not open here any more; nothing to clean then.
  }
}

/**
 * The secret store of a login, opened as late as possible: with no --storage, opening it probes
 * the keyring and may print the "no OS keyring" notice, which would be noise before a login that
 * is then refused. An explicit --storage is opened at once, so `--storage keyring` where there is
 * none fails before any request; a dry run opens it at once to show where the token would go.
 */
function storeOpener(f: Factory, kind: StorageKind | undefined, dryRun: boolean): { early(): Promise<SecretStore | null>; now(): Promise<SecretStore> } {
  let opened: Promise<SecretStore> | undefined;
  const now = () => (opened ??= f.secretStore(kind));
  return { early: async () => (kind !== undefined || dryRun ? now() : null), now };
}

/** `atl auth login`: verify, then store the secret and the profile. Returns the exit code. */
export async function performLogin(f: Factory, input: LoginInput, deps: LoginDeps = {}): Promise<number> {
  const name = validateProfileName(input.profileName);
  const make = deps.make ?? clientMaker(f);
  const storageFlag = parseStorageFlag(input.storage);
  const expires = input.expires === undefined ? null : parseExpiryDate(input.expires);
  if (input.bitbucket) return bitbucketLogin(f, name, input, { make, storageFlag, deps });

  const deploymentFlag = parseDeploymentFlag(input.deployment);
  const authType: AuthType = input.bearer ? 'bearer' : 'basic';
  let site = input.site?.trim() || undefined;
  let email = input.email?.trim() || undefined;
  let token = await tokenFrom(f, input, deps);
  await ask(f, [
    ...(site === undefined ? [{ flag: '--site', prompt: 'Site URL (e.g. example.atlassian.net):', set: (v: string) => (site = v) }] : []),
    ...(authType === 'basic' && email === undefined ? [{ flag: '--email', prompt: 'Email:', set: (v: string) => (email = v) }] : []),
    // A dry run saves no token, so it needs none: it shows what the flags make of the profile.
    ...(token === undefined && !input.dryRun ? [{ flag: '--token (or --token-stdin)', prompt: 'API token:', secret: true, set: (v: string) => (token = v) }] : []),
  ]);
  const normalized = normalizeSite(site!);
  // Refuse a plain-http site now, before asking the user anything more or probing it.
  assertCredentialsAllowed(normalized);
  const anonymous = () => make({ baseUrl: normalized, auth: null });
  const deployment = deploymentFlag ?? (await detectDeployment(normalized, anonymous));
  if (input.scoped && deployment !== 'cloud') throw usageError('--scoped tokens exist only on Atlassian Cloud', 'drop --scoped, or pass --deployment cloud');
  const cloudId = input.cloudId?.trim() || (input.scoped ? await discoverCloudId(normalized, anonymous) : null);

  const config = await f.configStore();
  const current = await config.read();
  assertProfileNameFreeIgnoringCase(current, name, (existing) => `use --profile ${existing}`);
  const existing = current.profiles[name];
  const openStore = storeOpener(f, storageFlag, input.dryRun === true);
  const profile: Profile = {
    site: normalized,
    email: authType === 'basic' ? email! : (email ?? null),
    authType,
    deployment,
    storage: (await openStore.early())?.kind ?? 'keyring',
    scoped: input.scoped === true,
    cloudId,
    tokenExpiresAt: expires,
    ...(existing?.insecure ? { insecure: true } : {}),
    bitbucket: existing?.bitbucket ?? null,
  };

  if (input.dryRun) {
    printDryRun(f, name, profile);
    return 0;
  }

  let user: VerifiedUser | null = null;
  if (input.verify) {
    user = (await verifySiteLogin({ ...profile, token: token! }, make, f.env)).user;
  }
  const store = await openStore.now();
  profile.storage = store.kind;
  await saveSecret(store, secretAccount(name), token!);
  let becameDefault = false;
  await config.update((file) => {
    file.profiles[name] = profile;
    if (input.makeDefault || file.defaultProfile === null || !file.profiles[file.defaultProfile]) {
      becameDefault = file.defaultProfile !== name;
      file.defaultProfile = name;
    }
  });
  await dropOldSecret(f, existing?.storage, store.kind, secretAccount(name));

  if (f.globals.json) {
    printJson(f.io, { profile: name, ...publicProfile(profile), verified: input.verify, user, default: becameDefault });
  } else {
    const out = f.io.stdout;
    if (user) out.write(`✓ Logged in to ${normalized} as ${describeUser(user)}\n`);
    else out.write(`! Saved without verifying (--no-verify)\n`);
    out.write(`✓ Saved profile "${name}" (${deployment}/${profile.scoped ? 'scoped' : authType}, token in the ${store.kind === 'keyring' ? 'keyring' : 'encrypted file'})${becameDefault ? ', now the default profile' : ''}\n`);
  }
  return 0;
}

/** What may be shown of a profile (it never holds a secret, but keep the shape explicit). */
function publicProfile(profile: Profile): Record<string, unknown> {
  return {
    site: profile.site,
    email: profile.email,
    authType: profile.authType,
    deployment: profile.deployment,
    scoped: profile.scoped,
    cloudId: profile.cloudId,
    storage: profile.storage,
    tokenExpiresAt: profile.tokenExpiresAt,
  };
}

function printDryRun(f: Factory, name: string, profile: Profile): void {
  if (f.globals.json) {
    printJson(f.io, { dryRun: true, profile: name, ...publicProfile(profile) });
    return;
  }
  const rows: Array<[string, string]> = [
    ['Profile', name],
    ['Site', profile.site],
    ['Email', profile.email ?? '-'],
    ['Auth type', profile.authType],
    ['Deployment', profile.deployment],
    ['Scoped', profile.scoped ? 'yes' : 'no'],
    ['Cloud ID', profile.cloudId ?? '-'],
    ['Storage', profile.storage],
    ['Expires', profile.tokenExpiresAt ?? '-'],
  ];
  f.io.stdout.write(`Would save this profile (dry run, nothing saved):\n${rows.map(([k, v]) => `  ${`${k}:`.padEnd(12)}${v}`).join('\n')}\n`);
}

/** `auth login --bitbucket`: a Bitbucket Cloud login kept on the profile (its own token). */
async function bitbucketLogin(
  f: Factory,
  name: string,
  input: LoginInput,
  ctx: { make: ClientMaker; storageFlag: StorageKind | undefined; deps: LoginDeps },
): Promise<number> {
  if (input.scoped) throw usageError('--scoped does not apply to Bitbucket logins');
  const authType: AuthType = input.bearer ? 'bearer' : 'basic';
  let email = input.email?.trim() || undefined;
  let token = await tokenFrom(f, input, ctx.deps);
  await ask(f, [
    ...(authType === 'basic' && email === undefined ? [{ flag: '--email', prompt: 'Atlassian account email:', set: (v: string) => (email = v) }] : []),
    ...(token === undefined && !input.dryRun ? [{ flag: '--token (or --token-stdin)', prompt: 'Bitbucket API token:', secret: true, set: (v: string) => (token = v) }] : []),
  ]);
  const config = await f.configStore();
  const current = await config.read();
  assertProfileNameFreeIgnoringCase(current, name, (existing) => `use --profile ${existing}`);
  const existing = current.profiles[name];
  const openStore = storeOpener(f, ctx.storageFlag, input.dryRun === true);
  const login: BitbucketLogin = { email: email ?? null, authType, workspace: input.workspace?.trim() || null, storage: (await openStore.early())?.kind ?? 'keyring' };

  if (input.dryRun) {
    const shown = { dryRun: true, profile: name, bitbucket: login };
    if (f.globals.json) printJson(f.io, shown);
    else f.io.stdout.write(`Would save this Bitbucket login on profile "${name}" (dry run, nothing saved):\n  Email:      ${login.email ?? '-'}\n  Auth type:  ${authType}\n  Workspace:  ${login.workspace ?? '-'}\n  Storage:    ${login.storage}\n`);
    return 0;
  }
  let user: VerifiedUser | null = null;
  if (input.verify) user = await verifyBitbucketLogin(login, token!, ctx.make, f.env);
  noteMissingScopes(f, user);

  const store = await openStore.now();
  login.storage = store.kind;
  await saveSecret(store, bitbucketAccount(name), token!);
  let becameDefault = false;
  await config.update((file) => {
    const current = file.profiles[name];
    if (current) {
      current.bitbucket = login;
    } else {
      // A Bitbucket-only profile: no site login, just the Bitbucket one.
      file.profiles[name] = { site: BITBUCKET_ONLY_SITE, email: login.email, authType, deployment: 'cloud', storage: store.kind, scoped: false, cloudId: null, tokenExpiresAt: null, bitbucket: login };
    }
    if (input.makeDefault || file.defaultProfile === null || !file.profiles[file.defaultProfile]) {
      becameDefault = file.defaultProfile !== name;
      file.defaultProfile = name;
    }
  });
  await dropOldSecret(f, existing?.bitbucket?.storage, store.kind, bitbucketAccount(name));
  if (f.globals.json) {
    printJson(f.io, { profile: name, bitbucket: login, verified: input.verify, user, default: becameDefault });
  } else {
    if (user) f.io.stdout.write(`✓ Logged in to Bitbucket as ${describeUser(user)}\n`);
    else f.io.stdout.write('! Saved without verifying (--no-verify)\n');
    f.io.stdout.write(`✓ Saved the Bitbucket login on profile "${name}" (token in the ${store.kind === 'keyring' ? 'keyring' : 'encrypted file'})${becameDefault ? ', now the default profile' : ''}\n`);
  }
  return 0;
}
