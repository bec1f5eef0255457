import { readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { AtlError } from '../errors.js';
import type { Factory } from '../factory.js';
import { assertPrivatePath, ensurePrivateDir, writeFileAtomic } from './fsutil.js';

/** Warn this many days ahead of a token's expiry. */
export const EXPIRY_WARNING_DAYS = 14;
const STATE_FILE = 'state.json';

/** Today as YYYY-MM-DD in local time (a person's "today"). */
export function localDate(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Parses YYYY-MM-DD, rejecting impossible dates such as 2025-02-30. */
export function parseExpiryDate(value: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  if (match) {
    const [, y, m, d] = match.map(Number) as [number, number, number, number];
    const date = new Date(Date.UTC(y, m - 1, d));
    if (date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d) return value.trim();
  }
  throw new AtlError('usage', `--expires must be a date as YYYY-MM-DD, not "${value}"`, { hint: 'for example --expires 2026-12-31' });
}

/** Atlassian Cloud API tokens, scoped ones included, live from 1 to 365 days. */
export const MAX_TOKEN_LIFETIME_DAYS = 365;

/**
 * Refuses (exit 2) an expiry date no token can have: one in the past, or, for an Atlassian Cloud
 * token, one more than 365 days ahead. Data Center personal access tokens may live longer (or
 * never expire), so only the past is refused for them.
 */
export function assertExpiryInRange(expiresAt: string, today: string, cloud: boolean): void {
  const days = daysUntil(expiresAt, today);
  if (days < 0) {
    throw new AtlError('usage', `--expires ${expiresAt} is in the past`, {
      hint: 'give the date the token expires (Atlassian shows it when the token is created), today or later',
    });
  }
  if (cloud && days > MAX_TOKEN_LIFETIME_DAYS) {
    throw new AtlError(
      'usage',
      `--expires ${expiresAt} is ${days} days ahead, but Atlassian Cloud API tokens live at most ${MAX_TOKEN_LIFETIME_DAYS} days`,
      {
        hint: 'give the expiry date Atlassian showed when the token was created',
      },
    );
  }
}

/** Whole days from `today` to `expiresAt` (both YYYY-MM-DD); negative once expired. */
export function daysUntil(expiresAt: string, today: string): number {
  const toUtc = (s: string) => Date.UTC(Number(s.slice(0, 4)), Number(s.slice(5, 7)) - 1, Number(s.slice(8, 10)));
  return Math.round((toUtc(expiresAt) - toUtc(today)) / 86_400_000);
}

/** The warning line for a token close to (or past) its expiry, or null when there is time left. */
export function expiryMessage(label: string, expiresAt: string | null, today: string): string | null {
  if (expiresAt === null) return null;
  const days = daysUntil(expiresAt, today);
  if (days > EXPIRY_WARNING_DAYS) return null;
  if (days < 0) return `warning: the token of ${label} expired on ${expiresAt}; run \`atl auth login\` with a new one`;
  if (days === 0) return `warning: the token of ${label} expires today (${expiresAt})`;
  return `warning: the token of ${label} expires in ${days} day${days === 1 ? '' : 's'} (${expiresAt})`;
}

/** Whether a token is past its expiry date. */
export function isExpired(expiresAt: string | null, today: string = localDate()): boolean {
  return expiresAt !== null && daysUntil(expiresAt, today) < 0;
}

interface WarningState {
  /** Profile name → the last local date a warning was printed for it. */
  expiryWarnings?: Record<string, string>;
}

async function readState(path: string): Promise<WarningState> {
  try {
    const parsed: unknown = JSON.parse(await readFile(path, 'utf8'));
    return parsed !== null && typeof parsed === 'object' ? (parsed as WarningState) : {};
  } catch {
    // Missing or damaged: it only rate-limits a warning, so start again.
    return {};
  }
}

/**
 * Prints the expiry warning for a stored profile at most once a day. The date of the last warning
 * lives in state.json in the state dir, not config.yaml, so that warning never rewrites config;
 * and not in the config dir, which on Windows is %APPDATA% and may roam to other machines.
 */
export async function warnIfExpiring(f: Factory, profileName: string | null, expiresAt: string | null, now: Date = f.now()): Promise<void> {
  if (profileName === null || expiresAt === null) return;
  const today = localDate(now);
  const message = expiryMessage(`profile "${profileName}"`, expiresAt, today);
  if (message === null) return;
  const dir = f.stateDir();
  const path = join(dir, STATE_FILE);
  await assertPrivatePath(path);
  const state = await readState(path);
  if (state.expiryWarnings?.[profileName] === today) return;
  f.io.stderr.write(`${message}\n`);
  state.expiryWarnings = { ...state.expiryWarnings, [profileName]: today };
  try {
    // Not under the config lock: a lost update here only repeats a warning.
    await ensurePrivateDir(dir);
    await writeFileAtomic(path, `${JSON.stringify(state, null, 2)}\n`, 0o600);
    // Where older versions of atl kept it (the config dir); it only rate-limited this warning.
    const legacyPath = join(f.configDir(), STATE_FILE);
    if (legacyPath !== path) await unlink(legacyPath).catch(() => undefined);
  } catch {
    // A read-only config dir costs a repeated warning, never a failed command.
  }
}
