import { assertCredentialsAllowed } from '../../../http/url.js';
import { assertValidProfileName } from '../../../auth/profile-name.js';
import { conflictError } from '../../../cmdutil/flags.js';
import { usageError } from '../../../errors.js';
import type { Factory } from '../../../factory.js';
import { noPromptHint } from '../../../msys.js';
import { assertProfileNameFreeIgnoringCase } from '../../../auth/config.js';
import { clientMaker, type ClientMaker } from '../../../auth/endpoints.js';
import { assertExpiryInRange, localDate, parseExpiryDate } from '../../../auth/expiry.js';
import {
  API_TOKEN_VARIABLES,
  BITBUCKET_ONLY_SITE,
  bitbucketAccount,
  confluenceAccount,
  hasSiteLogin,
  profileTokenEnvName,
  sameSite,
  secretAccount,
} from '../../../auth/resolve.js';
import { detectConfluenceDeployment, detectDeployment, discoverCloudId, normalizeSite } from '../../../auth/site.js';
import type { AuthType, BitbucketLogin, ConfluenceLogin, Deployment, Profile, SecretStore, StorageKind } from '../../../auth/types.js';
import { bitbucketDcTokenPage, CLOUD_TOKEN_PAGE, tokenPage } from '../../../auth/token-page.js';
import { verifyBitbucketLogin, verifyConfluenceLogin, verifySiteLogin, type VerifiedUser } from '../../../auth/verify.js';
import { printJson } from '../../../cmdutil/json.js';
import { describeUser } from '../../../auth/describe-user.js';

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
  /** A Confluence login of the profile's own (`--confluence`), beside its site login. */
  confluence?: boolean | undefined;
  workspace?: string | undefined;
  storage?: string | undefined;
  makeDefault?: boolean | undefined;
  expires?: string | undefined;
  dryRun?: boolean | undefined;
  verify: boolean;
  /** Whether the profile was named (--profile): only an unnamed login may not replace another site's profile. */
  profileNamed?: boolean | undefined;
  /** Replace the profile even when it belongs to another site or email. */
  force?: boolean | undefined;
}

export interface LoginDeps {
  make?: ClientMaker;
  readStdin?: () => Promise<string>;
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
  // Checked here, not with Option.conflicts(): `auth init` reaches this flow with its own input.
  if (input.token !== undefined && input.tokenStdin) throw conflictError('--token', '--token-stdin');
  if (input.tokenStdin) {
    const text = (await (deps.readStdin ?? (() => readAll(f.io.stdin)))()).trim();
    if (text === '')
      throw usageError('--token-stdin read an empty token', 'pipe the token in: `atl auth login ... --token-stdin < token.txt`');
    // One line only: a pasted multi-line blob is not a token.
    if (/[\r\n]/.test(text)) throw usageError('--token-stdin read more than one line');
    return text;
  }
  if (input.token !== undefined && input.token.trim() === '') throw usageError('--token is empty');
  return input.token?.trim();
}

/** One value login needs and was not given: the flag that gives it and the prompt that asks for it. */
interface MissingValue {
  flag: string;
  prompt: string;
  secret?: boolean;
  /** Said on stderr before the prompt, e.g. where to create a token. */
  note?: string;
  set: (value: string) => void;
}

/** Without a terminal, every missing value at once is exit 2 naming their flags. */
function assertCanAsk(f: Factory, flags: string[]): void {
  if (flags.length === 0 || f.io.canPrompt()) return;
  throw usageError(
    `missing required flags: ${flags.join(', ')}`,
    noPromptHint(f, 'pass them (or set ATL_SITE, ATL_EMAIL and ATL_API_TOKEN), or run `atl auth login` in a terminal to be asked'),
  );
}

/** Fills what is missing by asking, or fails with exit 2 naming every missing flag. */
async function ask(f: Factory, missing: MissingValue[]): Promise<void> {
  if (missing.length === 0) return;
  assertCanAsk(
    f,
    missing.map((m) => m.flag),
  );
  const prompter = await f.prompter();
  for (const item of missing) {
    if (item.note !== undefined) f.io.stderr.write(`${item.note}\n`);
    const value = item.secret
      ? await prompter.password(item.prompt)
      : await prompter.input(item.prompt, { validate: (v) => (v.trim() === '' ? 'required' : true) });
    if (value.trim() === '') throw usageError(`${item.flag} is required`);
    item.set(value.trim());
  }
}

/**
 * Asks for a missing site and (for Basic) email, once every value still missing, the token too,
 * is known to be askable: without a terminal they are all named at once (exit 2).
 */
async function askSiteAndEmail(
  f: Factory,
  given: { site: string | undefined; email: string | undefined },
  authType: AuthType,
  needToken: boolean,
  sitePrompt: string,
): Promise<{ site: string | undefined; email: string | undefined }> {
  let { site, email } = given;
  assertCanAsk(f, [
    ...(site === undefined ? ['--site'] : []),
    ...(authType === 'basic' && email === undefined ? ['--email'] : []),
    ...(needToken ? ['--token (or --token-stdin)'] : []),
  ]);
  await ask(f, [
    ...(site === undefined ? [{ flag: '--site', prompt: sitePrompt, set: (v: string) => (site = v) }] : []),
    ...(authType === 'basic' && email === undefined ? [{ flag: '--email', prompt: 'Email:', set: (v: string) => (email = v) }] : []),
  ]);
  return { site, email };
}

/** What a token prompt says before asking: where to create one, as a sentence. */
const tokenNote = (page: string): string => `Create a token at ${page}`;

/** A token given in the environment: ATL_TOKEN_<PROFILE>, else ATL_API_TOKEN, else its alias ATL_TOKEN (resolution's order). */
export function environmentToken(env: NodeJS.ProcessEnv, profile: string): { name: string; value: string } | null {
  for (const name of [profileTokenEnvName(profile), ...API_TOKEN_VARIABLES]) {
    const value = env[name]?.trim();
    if (value) return { name, value };
  }
  return null;
}

const envValue = (env: NodeJS.ProcessEnv, name: string): string | undefined => env[name]?.trim() || undefined;

/** ATL_AUTH_TYPE=bearer (or pat) stands for --bearer when the flag is absent, as it does for a run. */
const bearerFromEnv = (env: NodeJS.ProcessEnv): boolean => /^(bearer|pat)$/i.test(envValue(env, 'ATL_AUTH_TYPE') ?? '');

const sameEmail = (a: string | null, b: string | null): boolean => (a ?? '').toLowerCase() === (b ?? '').toLowerCase();

/** How a profile's login reads in messages: `https://x.atlassian.net as me@x.com`. */
const describeLogin = (site: string, email: string | null): string => (email === null ? site : `${site} as ${email}`);

/** A login that works although the token cannot say whose it is: name the scope that would. */
function noteMissingScopes(f: Factory, user: VerifiedUser | null): void {
  if (!user?.missingScopes?.length) return;
  const scopes = user.missingScopes.join(' and ');
  f.io.stderr.write(
    `notice: the token works, but it lacks ${scopes}, so whose it is stays unknown; add ${scopes} to the token to show the user\n`,
  );
}

/** Writes the secret first, then the profile: a crash in between leaves no profile without a token. */
async function saveSecret(store: SecretStore, account: string, token: string): Promise<void> {
  await store.set(account, token);
}

/** Removes a stored secret, best effort: a store that does not open here holds nothing to remove. */
async function dropSecret(f: Factory, kind: StorageKind, account: string): Promise<void> {
  try {
    await (await f.secretStore(kind)).delete(account);
  } catch {
    // The old store may not open here any more; nothing to clean then.
  }
}

/** Removes a secret that a re-login moved to another store (best effort: the new one is saved). */
async function dropOldSecret(f: Factory, kind: StorageKind | undefined, newKind: StorageKind, account: string): Promise<void> {
  if (kind === undefined || kind === newKind) return;
  await dropSecret(f, kind, account);
}

/**
 * The secret store of a login, opened as late as possible: with no --storage, opening it probes
 * the keyring and may print the "no OS keyring" notice, which would be noise before a login that
 * is then refused. An explicit --storage is opened at once, so `--storage keyring` where there is
 * none fails before any request; a dry run opens it at once to show where the token would go.
 */
function storeOpener(
  f: Factory,
  kind: StorageKind | undefined,
  dryRun: boolean,
): { early(): Promise<SecretStore | null>; now(): Promise<SecretStore> } {
  let opened: Promise<SecretStore> | undefined;
  const now = () => (opened ??= f.secretStore(kind));
  return { early: async () => (kind !== undefined || dryRun ? now() : null), now };
}

/** `atl auth login`: verify, then store the secret and the profile. Returns the exit code. */
export async function performLogin(f: Factory, input: LoginInput, deps: LoginDeps = {}): Promise<number> {
  const name = assertValidProfileName(input.profileName);
  const make = deps.make ?? clientMaker(f);
  const storageFlag = parseStorageFlag(input.storage);
  const expires = input.expires === undefined ? null : parseExpiryDate(input.expires);
  // The past is wrong for every token; the 365-day limit waits until the deployment is known.
  if (expires !== null) assertExpiryInRange(expires, localDate(f.now()), false);
  if (input.bitbucket && input.confluence) throw conflictError('--bitbucket', '--confluence');
  if (input.bitbucket) return bitbucketLogin(f, name, input, { make, storageFlag, deps });
  if (input.confluence) return confluenceLogin(f, name, input, { make, storageFlag, expires, deps });

  const config = await f.configStore();
  const current = await config.read();
  if (input.makeDefault && onlyMakesDefault(input, current.profiles[name])) return makeDefault(f, name, input.dryRun === true);

  const deploymentFlag = parseDeploymentFlag(input.deployment);
  // Flags win; the variables a run reads stand in for absent ones (atlcli's "flags or environment").
  const authType: AuthType = input.bearer || (input.bearer === undefined && bearerFromEnv(f.env)) ? 'bearer' : 'basic';
  let site = input.site?.trim() || envValue(f.env, 'ATL_SITE');
  let email = input.email?.trim() || envValue(f.env, 'ATL_EMAIL');
  let token = await tokenFrom(f, input, deps);
  // A token from the environment verifies the login but is not stored: the variable stays its home.
  const fromEnv = token === undefined ? environmentToken(f.env, name) : null;
  if (fromEnv !== null) token = fromEnv.value;
  // A dry run saves no token, so it needs none: it shows what the flags make of the profile.
  const needToken = token === undefined && !input.dryRun;
  ({ site, email } = await askSiteAndEmail(f, { site, email }, authType, needToken, 'Site URL (e.g. example.atlassian.net):'));
  const normalized = normalizeSite(site!);
  // Refuse a plain-http site now, before asking the user anything more or probing it.
  assertCredentialsAllowed(normalized);
  const anonymous = () => make({ baseUrl: normalized, auth: null });
  const deployment = deploymentFlag ?? (await detectDeployment(normalized, anonymous));
  if (input.scoped && deployment !== 'cloud')
    throw usageError('--scoped tokens exist only on Atlassian Cloud', 'drop --scoped, or pass --deployment cloud');
  if (expires !== null) assertExpiryInRange(expires, localDate(f.now()), deployment === 'cloud');
  const cloudId = input.cloudId?.trim() || (input.scoped ? await discoverCloudId(normalized, anonymous) : null);

  assertProfileNameFreeIgnoringCase(current, name, (existing) => `use --profile ${existing}`);
  const existing = current.profiles[name];
  const profileEmail = authType === 'basic' ? email! : (email ?? null);
  const replaces = replacedLogin(input, existing, normalized, profileEmail);
  if (replaces !== null && !input.dryRun) await confirmReplace(f, name, replaces, describeLogin(normalized, profileEmail));
  if (needToken) {
    const page = tokenPage({ site: normalized, deployment });
    await ask(f, [
      {
        flag: '--token (or --token-stdin)',
        prompt: authType === 'bearer' && deployment === 'datacenter' ? 'Personal access token:' : 'API token:',
        secret: true,
        note: tokenNote(page),
        set: (v: string) => (token = v),
      },
    ]);
  }
  const openStore = storeOpener(f, fromEnv === null ? storageFlag : undefined, input.dryRun === true && fromEnv === null);
  const profile: Profile = {
    site: normalized,
    email: profileEmail,
    authType,
    deployment,
    // A profile whose token stays in the environment has nothing stored; "file" opens no keyring to find that out.
    storage: fromEnv === null ? ((await openStore.early())?.kind ?? 'keyring') : (storageFlag ?? existing?.storage ?? 'file'),
    scoped: input.scoped === true,
    cloudId,
    tokenExpiresAt: expires,
    ...(existing?.insecure ? { insecure: true } : {}),
    bitbucket: existing?.bitbucket ?? null,
    ...(existing?.confluence ? { confluence: existing.confluence } : {}),
  };

  if (input.dryRun) {
    printDryRun(f, name, profile, { replaces, tokenFrom: fromEnv?.name ?? null });
    warnWithoutExpiry(f, profile);
    return 0;
  }

  let user: VerifiedUser | null = null;
  if (input.verify) {
    user = (await verifySiteLogin({ ...profile, token: token! }, make, f.env)).user;
  }
  let storedIn: StorageKind | null = null;
  if (fromEnv === null) {
    const store = await openStore.now();
    profile.storage = store.kind;
    await saveSecret(store, secretAccount(name), token!);
    storedIn = store.kind;
  } else if (existing) {
    // The profile now stands for the environment's token: a token stored before (maybe for
    // another site) must not be sent in its place once the variable is unset. Removed before
    // the profile changes, so a crash in between leaves no old token under a new site.
    await dropSecret(f, existing.storage, secretAccount(name));
  }
  let becameDefault = false;
  await config.update((file) => {
    file.profiles[name] = profile;
    if (input.makeDefault || file.defaultProfile === null || !file.profiles[file.defaultProfile]) {
      becameDefault = file.defaultProfile !== name;
      file.defaultProfile = name;
    }
  });
  if (storedIn !== null) await dropOldSecret(f, existing?.storage, storedIn, secretAccount(name));
  if (fromEnv !== null) f.io.stderr.write(`${envTokenNotice(name, fromEnv.name)}\n`);
  warnWithoutExpiry(f, profile);

  if (f.globals.json) {
    printJson(f.io, {
      profile: name,
      ...publicProfile(profile),
      verified: input.verify,
      user,
      default: becameDefault,
      tokenStored: storedIn !== null,
      tokenFrom: fromEnv?.name ?? null,
    });
  } else {
    const out = f.io.stdout;
    if (user) out.write(`✓ Logged in to ${normalized} as ${describeUser(user)}\n`);
    else out.write(`! Saved without verifying (--no-verify)\n`);
    const where =
      storedIn === null
        ? `token not stored, read from ${fromEnv!.name}`
        : `token in the ${storedIn === 'keyring' ? 'keyring' : 'encrypted file'}`;
    out.write(
      `✓ Saved profile "${name}" (${deployment}/${profile.scoped ? 'scoped' : authType}, ${where})${becameDefault ? ', now the default profile' : ''}\n`,
    );
  }
  return 0;
}

/**
 * Says where later runs find a token login did not store. ATL_TOKEN_<P> works however the profile
 * is chosen; ATL_API_TOKEN (and ATL_TOKEN) only when it is not chosen with --profile (README,
 * "Which credentials a command uses").
 */
export function envTokenNotice(profile: string, used: string): string {
  const own = profileTokenEnvName(profile);
  const later = used === own ? own : `${own}, or ${used} when "${profile}" is the default profile or ATL_PROFILE (not with --profile)`;
  return (
    `notice: the token in ${used} verified the login and was not stored; later runs read it from ${later}; ` +
    `to store it instead: printf %s "$${used}" | atl auth login ... --token-stdin`
  );
}

/** Scoped tokens always expire (1–365 days): without --expires nobody is warned before they do. */
function warnWithoutExpiry(f: Factory, profile: Profile): void {
  if (!profile.scoped || profile.tokenExpiresAt !== null) return;
  f.io.stderr.write(
    'warning: no --expires given for a scoped token; scoped tokens expire 1 to 365 days after they are made: pass --expires YYYY-MM-DD (shown when the token was created) to be warned 14 days ahead\n',
  );
}

/** The login a profile held before, when an unnamed login would replace it with another site or email. */
interface ReplacedLogin {
  site: string;
  email: string | null;
}

/**
 * atla keeps one profile per site and email; atl's unnamed login goes to "default". Replacing the
 * login of another site or email there is allowed only when asked for (--force, or yes at the
 * prompt); --profile NAME keeps both.
 */
function replacedLogin(input: LoginInput, existing: Profile | undefined, site: string, email: string | null): ReplacedLogin | null {
  if (input.profileNamed || input.force || !existing || !hasSiteLogin(existing)) return null;
  if (sameSite(existing.site, site) && sameEmail(existing.email, email)) return null;
  return { site: existing.site, email: existing.email };
}

async function confirmReplace(f: Factory, name: string, replaces: ReplacedLogin, next: string): Promise<void> {
  const what = `profile "${name}" is ${describeLogin(replaces.site, replaces.email)}; this login (${next}) would replace it`;
  const hint = `pass --profile NAME to keep both, or --force to replace "${name}"`;
  if (!f.io.canPrompt()) throw usageError(what, hint);
  const prompter = await f.prompter();
  if (!(await prompter.confirm(`Profile "${name}" is ${describeLogin(replaces.site, replaces.email)}. Replace it with ${next}?`, false))) {
    throw usageError(`kept profile "${name}"; nothing saved`, hint);
  }
}

/**
 * atlassian-cli's `login --profile X --default` with nothing to change: no token given (flag or
 * stdin) and every flag given matches the saved profile.
 */
function onlyMakesDefault(input: LoginInput, existing: Profile | undefined): existing is Profile {
  if (!existing || input.token !== undefined || input.tokenStdin || input.bitbucket || input.confluence || input.workspace !== undefined)
    return false;
  const differs = (given: string | undefined, saved: string | null, same: (a: string, b: string) => boolean = (a, b) => a === b) =>
    given !== undefined && (saved === null || !same(given.trim(), saved));
  const siteDiffers = (): boolean => {
    try {
      return differs(input.site === undefined ? undefined : normalizeSite(input.site), existing.site);
    } catch {
      return true; // the regular login reports a bad URL
    }
  };
  return !(
    siteDiffers() ||
    differs(input.email, existing.email, (a, b) => sameEmail(a, b)) ||
    (input.bearer === true && existing.authType !== 'bearer') ||
    (input.scoped === true && !existing.scoped) ||
    differs(input.deployment, existing.deployment) ||
    differs(input.cloudId, existing.cloudId) ||
    differs(input.storage, existing.storage) ||
    differs(input.expires, existing.tokenExpiresAt)
  );
}

async function makeDefault(f: Factory, name: string, dryRun: boolean): Promise<number> {
  const config = await f.configStore();
  const already = (await config.read()).defaultProfile === name;
  if (dryRun) {
    if (f.globals.json) printJson(f.io, { dryRun: true, profile: name, default: true, changed: !already });
    else
      f.io.stdout.write(
        already
          ? `Profile "${name}" is already the default profile (dry run, nothing changed)\n`
          : `Would make profile "${name}" the default profile (dry run, nothing changed)\n`,
      );
    return 0;
  }
  if (!already) await config.update((file) => void (file.defaultProfile = name));
  if (f.globals.json) printJson(f.io, { profile: name, default: true, changed: !already });
  else
    f.io.stdout.write(
      already ? `✓ Profile "${name}" is already the default profile\n` : `✓ Profile "${name}" is now the default profile\n`,
    );
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

function printDryRun(
  f: Factory,
  name: string,
  profile: Profile,
  extra: { replaces: ReplacedLogin | null; tokenFrom: string | null },
): void {
  if (f.globals.json) {
    // Only when they apply, so the dry run of a plain login keeps its shape.
    printJson(f.io, {
      dryRun: true,
      profile: name,
      ...publicProfile(profile),
      ...(extra.replaces === null ? {} : { replaces: extra.replaces }),
      ...(extra.tokenFrom === null ? {} : { tokenFrom: extra.tokenFrom }),
    });
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
    ['Storage', extra.tokenFrom === null ? profile.storage : `none (the token stays in ${extra.tokenFrom})`],
    ['Expires', profile.tokenExpiresAt ?? '-'],
  ];
  f.io.stdout.write(
    `Would save this profile (dry run, nothing saved):\n${rows.map(([k, v]) => `  ${`${k}:`.padEnd(12)}${v}`).join('\n')}\n`,
  );
  if (extra.replaces !== null) {
    f.io.stdout.write(
      `Would replace profile "${name}", now ${describeLogin(extra.replaces.site, extra.replaces.email)} (pass --profile NAME to keep it)\n`,
    );
  }
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
  const site = bitbucketSiteFrom(input);
  let email = input.email?.trim() || undefined;
  let token = await tokenFrom(f, input, ctx.deps);
  const tokenPrompt =
    site === undefined
      ? authType === 'bearer'
        ? 'Bitbucket access token:'
        : 'Bitbucket API token:'
      : 'Bitbucket personal or HTTP access token:';
  const note =
    site !== undefined
      ? tokenNote(bitbucketDcTokenPage(site))
      : authType === 'bearer'
        ? 'Create an access token in the repository, project or workspace settings (Access tokens)'
        : tokenNote(CLOUD_TOKEN_PAGE);
  await ask(f, [
    ...(authType === 'basic' && email === undefined
      ? site === undefined
        ? [{ flag: '--email', prompt: 'Atlassian account email:', set: (v: string) => (email = v) }]
        : [{ flag: '--username', prompt: 'Bitbucket username:', set: (v: string) => (email = v) }]
      : []),
    ...(token === undefined && !input.dryRun
      ? [{ flag: '--token (or --token-stdin)', prompt: tokenPrompt, secret: true, note, set: (v: string) => (token = v) }]
      : []),
  ]);
  const config = await f.configStore();
  const current = await config.read();
  assertProfileNameFreeIgnoringCase(current, name, (existing) => `use --profile ${existing}`);
  const existing = current.profiles[name];
  const openStore = storeOpener(f, ctx.storageFlag, input.dryRun === true);
  const login: BitbucketLogin = {
    email: email ?? null,
    authType,
    workspace: input.workspace?.trim() || null,
    storage: (await openStore.early())?.kind ?? 'keyring',
    ...(site === undefined ? {} : { site, deployment: 'datacenter' as const }),
  };

  if (input.dryRun) {
    const shown = { dryRun: true, profile: name, bitbucket: login };
    if (f.globals.json) printJson(f.io, shown);
    else
      f.io.stdout.write(
        `Would save this Bitbucket login on profile "${name}" (dry run, nothing saved):\n${site === undefined ? '' : `  Site:       ${site} (Data Center)\n`}  ${site === undefined ? 'Email:     ' : 'Username:  '} ${login.email ?? '-'}\n  Auth type:  ${authType}\n  ${site === undefined ? 'Workspace: ' : 'Project:   '} ${login.workspace ?? '-'}\n  Storage:    ${login.storage}\n`,
      );
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
      file.profiles[name] = {
        site: BITBUCKET_ONLY_SITE,
        email: login.email,
        authType,
        deployment: 'cloud',
        storage: store.kind,
        scoped: false,
        cloudId: null,
        tokenExpiresAt: null,
        bitbucket: login,
      };
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
    if (user) f.io.stdout.write(`✓ Logged in to Bitbucket${site === undefined ? '' : ` at ${site}`} as ${describeUser(user)}\n`);
    else f.io.stdout.write('! Saved without verifying (--no-verify)\n');
    f.io.stdout.write(
      `✓ Saved the Bitbucket login on profile "${name}" (token in the ${store.kind === 'keyring' ? 'keyring' : 'encrypted file'})${becameDefault ? ', now the default profile' : ''}\n`,
    );
  }
  return 0;
}

/**
 * The Bitbucket Data Center site of `auth login --bitbucket --site URL`, or undefined for Bitbucket
 * Cloud (no --site, or bitbucket.org itself), which keeps no site.
 */
function bitbucketSiteFrom(input: LoginInput): string | undefined {
  const given = input.site?.trim() || undefined;
  const deployment = parseDeploymentFlag(input.deployment);
  if (given === undefined) {
    if (deployment === 'datacenter')
      throw usageError(
        'a Bitbucket Data Center login needs --site',
        'atl auth login --bitbucket --site https://git.example.com --bearer --token-stdin',
      );
    return undefined;
  }
  const site = normalizeSite(given);
  const host = new URL(site).hostname.toLowerCase();
  if (host === 'bitbucket.org' || host === 'api.bitbucket.org') return undefined;
  if (deployment === 'cloud') {
    throw usageError(
      `--deployment cloud with --site ${site}: Bitbucket Cloud is bitbucket.org`,
      'drop --site for Bitbucket Cloud, or --deployment for a Data Center server',
    );
  }
  // Refuse a plain-http server now, before asking for anything more.
  assertCredentialsAllowed(site);
  return site;
}

/** `auth login --confluence`: a Confluence login of the profile's own, beside its site login (secret `<profile>:confluence`). */
async function confluenceLogin(
  f: Factory,
  name: string,
  input: LoginInput,
  ctx: { make: ClientMaker; storageFlag: StorageKind | undefined; expires: string | null; deps: LoginDeps },
): Promise<number> {
  if (input.scoped || input.cloudId !== undefined) {
    throw usageError(
      '--scoped and --cloud-id do not apply to a Confluence login of its own',
      'a scoped token reaches Confluence through the profile itself: atl auth login --scoped ...',
    );
  }
  if (input.workspace !== undefined) throw usageError('--workspace applies only with --bitbucket');
  const config = await f.configStore();
  const current = await config.read();
  assertProfileNameFreeIgnoringCase(current, name, (existing) => `use --profile ${existing}`);
  const existing = current.profiles[name];
  if (!existing || !hasSiteLogin(existing)) {
    throw usageError(
      `profile "${name}" has no site login for a Confluence login to sit beside`,
      `log in to its Jira site first (atl auth login --profile ${name} --site ...); for Confluence alone, make its site the Confluence one: atl auth login --profile ${name} --site <confluence site> ...`,
    );
  }
  const authType: AuthType = input.bearer ? 'bearer' : 'basic';
  let site = input.site?.trim() || envValue(f.env, 'ATL_CONFLUENCE_URL');
  let email = input.email?.trim() || undefined;
  let token = await tokenFrom(f, input, ctx.deps);
  const needToken = token === undefined && !input.dryRun;
  ({ site, email } = await askSiteAndEmail(f, { site, email }, authType, needToken, 'Confluence site URL:'));
  const normalized = normalizeSite(site!);
  assertCredentialsAllowed(normalized);
  const deployment =
    parseDeploymentFlag(input.deployment) ??
    (await detectConfluenceDeployment(normalized, authType, () => ctx.make({ baseUrl: normalized, auth: null })));
  if (ctx.expires !== null) assertExpiryInRange(ctx.expires, localDate(f.now()), deployment === 'cloud');
  if (needToken) {
    await ask(f, [
      {
        flag: '--token (or --token-stdin)',
        prompt: authType === 'bearer' && deployment === 'datacenter' ? 'Confluence personal access token:' : 'API token:',
        secret: true,
        note: tokenNote(tokenPage({ site: normalized, deployment }, 'confluence')),
        set: (v: string) => (token = v),
      },
    ]);
  }
  const openStore = storeOpener(f, ctx.storageFlag, input.dryRun === true);
  const login: ConfluenceLogin = {
    site: normalized,
    email: email ?? null,
    authType,
    deployment,
    storage: (await openStore.early())?.kind ?? 'keyring',
    tokenExpiresAt: ctx.expires,
  };
  if (input.dryRun) {
    if (f.globals.json) printJson(f.io, { dryRun: true, profile: name, confluence: login });
    else {
      const rows: Array<[string, string]> = [
        ['Site', login.site],
        ['Email', login.email ?? '-'],
        ['Auth type', login.authType],
        ['Deployment', login.deployment],
        ['Storage', login.storage],
        ['Expires', login.tokenExpiresAt ?? '-'],
      ];
      f.io.stdout.write(
        `Would save this Confluence login on profile "${name}" (dry run, nothing saved):\n${rows.map(([k, v]) => `  ${`${k}:`.padEnd(12)}${v}`).join('\n')}\n`,
      );
    }
    return 0;
  }
  const user = input.verify ? await verifyConfluenceLogin(login, token!, ctx.make, f.env) : null;
  const store = await openStore.now();
  login.storage = store.kind;
  await saveSecret(store, confluenceAccount(name), token!);
  let becameDefault = false;
  await config.update((file) => {
    const profile = file.profiles[name];
    if (!profile) throw usageError(`profile "${name}" was removed while logging in; nothing saved`);
    profile.confluence = login;
    if (input.makeDefault && file.defaultProfile !== name) {
      becameDefault = true;
      file.defaultProfile = name;
    }
  });
  await dropOldSecret(f, existing.confluence?.storage, store.kind, confluenceAccount(name));
  if (f.globals.json) {
    printJson(f.io, { profile: name, confluence: login, verified: input.verify, user, default: becameDefault });
  } else {
    if (user) f.io.stdout.write(`✓ Logged in to Confluence at ${normalized} as ${describeUser(user)}\n`);
    else f.io.stdout.write('! Saved without verifying (--no-verify)\n');
    f.io.stdout.write(
      `✓ Saved the Confluence login on profile "${name}" (${deployment}/${authType}, token in the ${store.kind === 'keyring' ? 'keyring' : 'encrypted file'})${becameDefault ? ', now the default profile' : ''}\n`,
    );
  }
  return 0;
}
