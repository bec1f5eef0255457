/**
 * The checks of `atl doctor`, each returning ok/warn/fail with what to do about it. Every check
 * catches its own failures: one broken thing (a config file that does not parse) never hides the
 * others. The network is reached through `DoctorDeps`, which tests replace.
 */
import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { daysUntil, EXPIRY_WARNING_DAYS, localDate } from '../../auth/expiry.js';
import { localConfig } from '../../auth/local-config.js';
import { resolveCredentials, hasSiteLogin } from '../../auth/resolve.js';
import { keyringDisabled } from '../../auth/secrets/index.js';
import { KeyringUnavailableError, keyringName } from '../../auth/secrets/keyring.js';
import type { ConfigFile, Profile } from '../../auth/types.js';
import { BITBUCKET_DC_PROPERTIES_PATH, jiraMyselfPath } from '../../auth/verify.js';
import { AtlError, toAtlError } from '../../errors.js';
import type { Factory } from '../../factory.js';
import { readBody } from '../../http/client.js';
import type { FetchFunction, FetchResponse } from '../../http/types.js';
import { loadTransport, proxySettings } from '../../http/transport.js';
import { bitbucketOrNull, checkEachProduct, confluenceOrNull } from '../auth/_shared/report.js';

export type CheckStatus = 'ok' | 'warn' | 'fail';

/** One line of the report (and one object of `--json`). */
export interface DoctorCheck {
  /** What was checked: `node`, `config`, `local-config`, `keyring`, `login`, `token-expiry`, `site`, `clock`, `proxy`, `ca`, `release`. */
  check: string;
  /** The profile (login, token-expiry) or site (site, clock) it is about, else null. */
  subject: string | null;
  status: CheckStatus;
  message: string;
  /** What to do about a warn or fail; null when ok. */
  fix: string | null;
}

/** The outside world the checks reach, replaced by tests. */
export interface DoctorDeps {
  nodeVersion: string;
  platform: NodeJS.Platform;
  /** Resolves a host name; throws as dns.lookup does. */
  lookup(host: string): Promise<void>;
  /** The fetch for a site (proxy and TLS settings applied as for every request of atl). */
  fetchFor(insecure: boolean): Promise<FetchFunction>;
}

/** The oldest Node atl runs on (package.json engines). */
export const MIN_NODE = [20, 12] as const;
/** A clock this far from the server's is a warning, and past the second a failure (tokens and TLS certificates have validity windows). */
export const SKEW_WARN_SECONDS = 60;
export const SKEW_FAIL_SECONDS = 300;
/** How long the release and site checks wait for an answer. */
export const NETWORK_TIMEOUT_MS = 5_000;
export const DEFAULT_RELEASE_URL = 'https://registry.npmjs.org/atl/latest';

const ok = (check: string, subject: string | null, message: string): DoctorCheck => ({ check, subject, status: 'ok', message, fix: null });
const bad = (status: 'warn' | 'fail', check: string, subject: string | null, message: string, fix: string): DoctorCheck => ({
  check,
  subject,
  status,
  message,
  fix,
});

export function checkNode(version: string): DoctorCheck {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const recent = major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1]);
  return recent
    ? ok('node', null, `Node ${version}`)
    : bad('fail', 'node', null, `Node ${version} is older than ${MIN_NODE.join('.')}`, `install Node ${MIN_NODE.join('.')} or later`);
}

/** config.yaml: valid, and private (0700 folder, 0600 file) where modes mean something (not on Windows). */
export async function checkConfig(f: Factory, platform: NodeJS.Platform): Promise<{ checks: DoctorCheck[]; config: ConfigFile | null }> {
  const store = await f.configStore();
  const checks: DoctorCheck[] = [];
  let config: ConfigFile | null = null;
  try {
    config = await store.read();
    const count = Object.keys(config.profiles).length;
    checks.push(ok('config', store.path, `${store.path}: valid, ${count} profile${count === 1 ? '' : 's'}`));
  } catch (err) {
    const error = toAtlError(err);
    checks.push(bad('fail', 'config', store.path, error.message, error.hint ?? `fix ${store.path}`));
  }
  if (platform !== 'win32') {
    for (const [path, wanted, kind] of [
      [dirname(store.path), 0o700, 'folder'],
      [store.path, 0o600, 'file'],
    ] as const) {
      const mode = await stat(path).then(
        (s) => s.mode & 0o777,
        () => null,
      );
      if (mode === null || (mode & 0o077) === 0) continue;
      const octal = (m: number) => m.toString(8).padStart(4, '0');
      // Others able to write could swap the config (or its folder's files); reading only shows site names.
      const writable = (mode & 0o022) !== 0;
      checks.push(
        bad(
          writable ? 'fail' : 'warn',
          'permissions',
          path,
          `the config ${kind} ${path} has mode ${octal(mode)}, not ${octal(wanted)}`,
          `chmod ${octal(wanted).slice(1)} ${path}`,
        ),
      );
    }
  }
  return { checks, config };
}

/** The nearest `.atl.yaml`, when there is one: valid or not. */
export async function checkLocalConfig(f: Factory): Promise<DoctorCheck[]> {
  try {
    const local = await localConfig(f);
    return local === null ? [] : [ok('local-config', local.path, `${local.path}: valid`)];
  } catch (err) {
    const error = toAtlError(err);
    return [bad('fail', 'local-config', null, error.message, error.hint ?? 'fix the .atl.yaml')];
  }
}

/** Whether the OS keyring answers, and which it is; unreachable fails only when a profile keeps its token there. */
export async function checkKeyring(f: Factory, platform: NodeJS.Platform, config: ConfigFile | null): Promise<DoctorCheck> {
  const name = keyringName(platform);
  const needed = Object.values(config?.profiles ?? {}).some(
    (p) => p.storage === 'keyring' || p.bitbucket?.storage === 'keyring' || p.confluence?.storage === 'keyring',
  );
  if (keyringDisabled(f.env)) {
    return needed
      ? bad(
          'fail',
          'keyring',
          name,
          `the keyring is turned off (ATL_KEYRING=${f.env.ATL_KEYRING}) but a profile keeps its token there`,
          'unset ATL_KEYRING',
        )
      : ok('keyring', name, `turned off (ATL_KEYRING=${f.env.ATL_KEYRING}); tokens go to the encrypted file`);
  }
  try {
    await (await f.secretStore('keyring')).get('atl-doctor-probe');
    return ok('keyring', name, `${name} answers`);
  } catch (err) {
    if (!(err instanceof KeyringUnavailableError)) throw err;
    return bad(
      needed ? 'fail' : 'warn',
      'keyring',
      name,
      err.message,
      err.hint ?? 'tokens can be kept in the encrypted file instead: atl auth login --storage file',
    );
  }
}

/** Each profile's login to each product, by a real request (the calls `atl auth test` makes), and its token's expiry. */
export async function checkLogins(f: Factory, config: ConfigFile | null): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  for (const name of Object.keys(config?.profiles ?? {}).sort()) {
    try {
      const profile = config!.profiles[name]!;
      const credentials = hasSiteLogin(profile) ? await resolveCredentials(f, { profile: name }) : null;
      const results = await checkEachProduct(
        f,
        credentials,
        await bitbucketOrNull(f, name),
        undefined,
        null,
        await confluenceOrNull(f, name),
      );
      for (const r of results) {
        const subject = `${name} ${r.product}`;
        if (r.skipped) checks.push(ok('login', subject, 'not available on this site'));
        else if (r.ok) checks.push(ok('login', subject, `logged in as ${r.user?.displayName ?? r.user?.accountId ?? 'an unnamed user'}`));
        else checks.push(bad('fail', 'login', subject, r.error ?? 'failed', r.hint ?? `atl auth login --profile ${name}`));
      }
      checks.push(...expiryChecks(name, profile, localDate(f.now())));
    } catch (err) {
      const error = toAtlError(err);
      checks.push(bad('fail', 'login', name, error.message, error.hint ?? `atl auth login --profile ${name}`));
    }
  }
  return checks;
}

/** The recorded expiry dates of a profile's tokens (site and Confluence); none recorded, no check. */
export function expiryChecks(name: string, profile: Profile, today: string): DoctorCheck[] {
  const dates: Array<[string, string | null]> = [
    [name, profile.tokenExpiresAt],
    [`${name} confluence`, profile.confluence?.tokenExpiresAt ?? null],
  ];
  return dates.flatMap(([subject, expiresAt]) => {
    if (expiresAt === null) return [];
    const days = daysUntil(expiresAt, today);
    const renew = `create a new token and run \`atl auth login --profile ${name}${subject.endsWith('confluence') ? ' --confluence' : ''}\``;
    if (days < 0) return [bad('fail', 'token-expiry', subject, `the token expired on ${expiresAt}`, renew)];
    if (days <= EXPIRY_WARNING_DAYS)
      return [bad('warn', 'token-expiry', subject, `the token expires on ${expiresAt} (in ${days} days)`, renew)];
    return [ok('token-expiry', subject, `the token expires on ${expiresAt}`)];
  });
}

/**
 * Every site the profiles reach (Jira sites, Bitbucket Data Center servers), once each. A Confluence login's own
 * server is reached by its login check alone, whose error names a DNS or TLS failure as well.
 */
export function sitesOf(config: ConfigFile | null): Array<{ site: string; insecure: boolean; path: string }> {
  const sites = new Map<string, { site: string; insecure: boolean; path: string }>();
  for (const p of Object.values(config?.profiles ?? {})) {
    if (hasSiteLogin(p)) sites.set(p.site, { site: p.site, insecure: p.insecure === true, path: jiraMyselfPath(p.deployment) });
    if (p.bitbucket?.site) sites.set(p.bitbucket.site, { site: p.bitbucket.site, insecure: false, path: BITBUCKET_DC_PROPERTIES_PATH });
  }
  return [...sites.values()];
}

/**
 * DNS, then TLS and the clock: one request without credentials to the site (any status will do:
 * it is the connection and the `Date` header that are checked), compared with this machine's clock.
 */
export async function checkSite(
  f: Factory,
  deps: DoctorDeps,
  target: { site: string; insecure: boolean; path: string },
): Promise<DoctorCheck[]> {
  // Appended, not resolved: an absolute path would drop a context path (`/jira`, the sandbox's `/dc-bitbucket`).
  const url = new URL(`${target.site.replace(/\/+$/, '')}${target.path}`);
  const base = target.site;
  try {
    await deps.lookup(url.hostname);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    return [
      bad(
        'fail',
        'site',
        base,
        `DNS: ${url.hostname} does not resolve (${code})`,
        'check the site address in config.yaml, and the network or VPN',
      ),
    ];
  }
  let response: FetchResponse;
  try {
    const fetch = await deps.fetchFor(target.insecure);
    response = await fetch(new URL(`${url.origin}${url.pathname}`), {
      method: 'GET',
      headers: { accept: 'application/json' },
      redirect: 'manual',
      signal: AbortSignal.timeout(NETWORK_TIMEOUT_MS),
    });
    await readBody(response).catch(() => undefined);
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const code = cause?.code ?? (err as NodeJS.ErrnoException).code ?? '';
    const tls = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/i.test(code);
    return [
      bad(
        'fail',
        'site',
        base,
        `${tls ? 'TLS' : 'connection'}: ${cause?.message ?? (err as Error).message}${code ? ` (${code})` : ''}`,
        tls
          ? 'if the site uses a private certificate authority, point NODE_EXTRA_CA_CERTS at its certificate (PEM)'
          : 'check the network, VPN and proxy (HTTPS_PROXY, NO_PROXY)',
      ),
    ];
  }
  const checks = [ok('site', base, `${url.protocol === 'https:' ? 'DNS and TLS' : 'DNS and plain http'} ok (answered ${response.status})`)];
  const date = response.headers.get('date');
  const served = date === null ? Number.NaN : Date.parse(date);
  if (Number.isNaN(served)) {
    checks.push(
      bad('warn', 'clock', base, 'the site sent no Date header to compare the clock with', 'nothing to do unless other checks fail'),
    );
    return checks;
  }
  const skew = Math.round((f.now().getTime() - served) / 1000);
  const text = `this machine's clock is ${Math.abs(skew)} s ${skew >= 0 ? 'ahead of' : 'behind'} the site's`;
  if (Math.abs(skew) >= SKEW_WARN_SECONDS) {
    const status = Math.abs(skew) >= SKEW_FAIL_SECONDS ? 'fail' : 'warn';
    checks.push(bad(status, 'clock', base, text, 'turn on network time (NTP) synchronisation on this machine'));
  } else checks.push(ok('clock', base, text));
  return checks;
}

/** The proxy and extra CA certificates this run's requests use (what src/http/transport.ts reads). */
export async function checkProxyAndCa(f: Factory, config: ConfigFile | null): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  const proxy = proxySettings(f.env);
  if (proxy === null) checks.push(ok('proxy', null, 'no proxy (HTTPS_PROXY, HTTP_PROXY not set)'));
  else {
    const shown = (u: string) => (u === '' ? '-' : u.replace(/\/\/[^@/]*@/, '//***@'));
    checks.push(ok('proxy', null, `https: ${shown(proxy.httpsProxy)}, http: ${shown(proxy.httpProxy)}, no_proxy: ${proxy.noProxy || '-'}`));
  }
  const ca = f.env.NODE_EXTRA_CA_CERTS;
  if (ca) {
    const found = await stat(ca).then(
      (s) => s.isFile(),
      () => false,
    );
    checks.push(
      found
        ? ok('ca', ca, `extra CA certificates from NODE_EXTRA_CA_CERTS=${ca}`)
        : bad(
            'fail',
            'ca',
            ca,
            `NODE_EXTRA_CA_CERTS=${ca} is not a readable file`,
            'point NODE_EXTRA_CA_CERTS at the PEM file of your CA, or unset it',
          ),
    );
  }
  for (const [name, p] of Object.entries(config?.profiles ?? {})) {
    if (p.insecure) {
      checks.push(
        bad(
          'warn',
          'ca',
          name,
          `profile ${name} skips TLS verification (insecure: true)`,
          "give the site's CA with NODE_EXTRA_CA_CERTS and remove insecure",
        ),
      );
    }
  }
  return checks;
}

/** Whether a newer atl is published. The registry unreachable is a warning, never a failure. */
export async function checkRelease(f: Factory, deps: DoctorDeps): Promise<DoctorCheck[]> {
  const source = f.env.ATL_UPDATE_URL?.trim() || DEFAULT_RELEASE_URL;
  if (source === 'off') return [];
  try {
    const fetch = await deps.fetchFor(false);
    const response = await fetch(new URL(source), {
      method: 'GET',
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(NETWORK_TIMEOUT_MS),
    });
    const body = await readBody(response)
      .then((bytes) => JSON.parse(new TextDecoder().decode(bytes)) as { version?: unknown } | null)
      .catch(() => null);
    const succeeded = response.status >= 200 && response.status < 300;
    if (!succeeded || typeof body?.version !== 'string') throw new Error(`the registry answered ${response.status} without a version`);
    const latest = body.version;
    return newerVersion(latest, f.version)
      ? [bad('warn', 'release', null, `atl ${latest} is out (this is ${f.version})`, 'npm install -g atl@latest')]
      : [ok('release', null, `atl ${f.version} is the latest`)];
  } catch (err) {
    const message = err instanceof AtlError ? err.message : ((err as { cause?: Error }).cause?.message ?? (err as Error).message);
    return [
      bad(
        'warn',
        'release',
        null,
        `could not ask ${source} for the latest release: ${message}`,
        'nothing to do offline; set ATL_UPDATE_URL=off to skip this check',
      ),
    ];
  }
}

/** Whether version `a` is newer than `b` (x.y.z; a pre-release is older than its release). */
export function newerVersion(a: string, b: string): boolean {
  const parse = (v: string) => {
    const [core = '', pre] = v.split('-', 2);
    return { nums: core.split('.').map((n) => Number.parseInt(n, 10) || 0), pre: pre !== undefined };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i++) {
    const d = (x.nums[i] ?? 0) - (y.nums[i] ?? 0);
    if (d !== 0) return d > 0;
  }
  return y.pre && !x.pre;
}

/** Every check, in the order the report shows them. */
export async function runChecks(f: Factory, deps: DoctorDeps): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [checkNode(deps.nodeVersion)];
  const { checks: configChecks, config } = await checkConfig(f, deps.platform);
  checks.push(...configChecks, ...(await checkLocalConfig(f)));
  checks.push(await checkKeyring(f, deps.platform, config));
  checks.push(...(await checkProxyAndCa(f, config)));
  for (const site of sitesOf(config)) checks.push(...(await checkSite(f, deps, site)));
  checks.push(...(await checkLogins(f, config)));
  checks.push(...(await checkRelease(f, deps)));
  return checks;
}

/** The real outside world: this Node, DNS, and atl's own transport (proxy variables, insecure profiles). */
export async function liveDeps(f: Factory): Promise<DoctorDeps> {
  const { lookup } = await import('node:dns/promises');
  return {
    nodeVersion: process.versions.node,
    platform: process.platform,
    lookup: async (host) => {
      await lookup(host);
    },
    fetchFor: async (insecure) => (await loadTransport(f.env, insecure)).fetch,
  };
}
