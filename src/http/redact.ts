/**
 * Redaction for everything the HTTP layer (and anyone else) writes where a person or a log can
 * read it: --debug blocks, retry notices, error messages built from response bodies.
 *
 * Three tools:
 * - `redactHeaders`: credentials carried in headers (Authorization, cookies, token-like names).
 * - `redactUrl`: token-like query values and the password part of `user:pass@host`.
 * - `redactSecrets`: the last line of defence: every known secret (and its URL-encoded form)
 *   replaced wherever it appears in free text, e.g. a server echoing the token in an error body.
 */
import { type HeaderInit, headerEntries } from './headers.js';

export const REDACTED = '[redacted]';

/** Query parameter names whose values are credentials. Matched anywhere in the name, any case. */
const secretQueryName = /token|access_token|api_key|apikey|password|secret|sig|signature/i;

/** Header names whose values are always credentials. */
const secretHeaderNames = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie']);
/** Other header names that look like they carry a credential (X-Api-Key, X-Auth-Token...). */
const secretHeaderName = /token|secret|api[-_]?key|password|signature|session/i;

/** Secrets shorter than this are not looked for in free text: they would shred ordinary words. */
const MIN_SECRET_LENGTH = 4;

export function isSecretHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return secretHeaderNames.has(lower) || secretHeaderName.test(lower);
}

/** A copy of the headers as `[name, value]` pairs with credential values replaced. */
export function redactHeaders(headers: HeaderInit): Array<[string, string]> {
  // Not `instanceof Headers`, which loads Node's bundled undici (see headers.ts).
  const entries = headerEntries(headers);
  const out: Array<[string, string]> = [];
  for (const [name, value] of entries) {
    const lower = name.toLowerCase();
    if (isSecretHeader(lower)) out.push([name, REDACTED]);
    else if (urlHeaderNames.has(lower)) out.push([name, redactUrl(value)]);
    else if (lower === 'link') out.push([name, value.replace(/<([^>]*)>/g, (_, url: string) => `<${redactUrl(url)}>`)]);
    else out.push([name, value]);
  }
  return out;
}

/** Response headers whose value is a URL, which may carry a token in its query (SSO redirects). */
const urlHeaderNames = new Set(['location', 'content-location']);

const RELATIVE_BASE = 'http://relative.invalid';

/** The URL with token-like query values and any userinfo password replaced. Non-URLs come back as they are. */
export function redactUrl(url: string | URL): string {
  let parsed: URL;
  // A relative reference (a Location of "/login?token=...") is redacted the same way and stays relative.
  let relative = false;
  try {
    parsed = new URL(url.toString());
  } catch {
    const text = url.toString();
    if (!text.includes('?') && !text.includes('@')) return text;
    try {
      parsed = new URL(text, RELATIVE_BASE);
      relative = true;
    } catch {
      return text;
    }
  }
  if (parsed.password) parsed.password = 'redacted';
  let changed = false;
  const params = new URLSearchParams();
  for (const [name, value] of parsed.searchParams) {
    if (secretQueryName.test(name)) {
      params.append(name, REDACTED);
      changed = true;
    } else {
      params.append(name, value);
    }
  }
  if (changed) parsed.search = params.toString().replaceAll(encodeURIComponent(REDACTED), REDACTED);
  if (relative) return changed ? `${parsed.pathname}${parsed.search}${parsed.hash}` : url.toString();
  return parsed.toString();
}

/**
 * Text that may be a URL someone typed, with any `user:password@` password replaced, even when the
 * text does not parse as a URL (so redactUrl cannot help): for echoing bad input back in an error.
 */
export function redactUserinfo(text: string): string {
  return text.replace(/^(\s*(?:[a-z][a-z0-9+.-]*:\/\/)?[^/:@\s]*):[^/@]*@/i, `$1:${REDACTED}@`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `text` with every occurrence of each secret (raw, URL-encoded, or JSON-escaped) replaced by `[redacted]`. */
export function redactSecrets(text: string, secrets: Iterable<string | null | undefined>): string {
  const variants = new Set<string>();
  for (const secret of secrets) {
    if (!secret || secret.length < MIN_SECRET_LENGTH) continue;
    variants.add(secret);
    variants.add(encodeURIComponent(secret));
    variants.add(JSON.stringify(secret).slice(1, -1));
  }
  if (variants.size === 0) return text;
  // Longest first, so a secret that contains another is replaced whole.
  const pattern = [...variants]
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp)
    .join('|');
  return text.replace(new RegExp(pattern, 'g'), REDACTED);
}

/**
 * Every credential this process has handled (tokens resolved for the run, the Authorization
 * values built from them). The HTTP client redacts its own; this list lets the last writer of all,
 * the error report in main.ts, redact an error raised anywhere else that happened to quote one.
 */
const processSecrets = new Set<string>();

export function rememberSecret(secret: string | null | undefined): void {
  if (secret && secret.length >= MIN_SECRET_LENGTH) processSecrets.add(secret);
}

/** `text` with every secret this process has seen replaced (see rememberSecret). */
export function redactRememberedSecrets(text: string): string {
  return redactSecrets(text, processSecrets);
}

/** For tests. */
export function forgetSecretsForTests(): void {
  processSecrets.clear();
}
