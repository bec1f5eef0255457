/**
 * Turning HTTP failures into AtlError with the right code, exit status and hint, quoting
 * Atlassian's own error text. The shapes Atlassian uses:
 * - Jira:               {"errorMessages":["..."],"errors":{"field":"message"}}
 * - JSM:                {"errorMessage":"...","i18nErrorMessage":{...}}
 * - Confluence v1:      {"statusCode":404,"message":"..."}
 * - Confluence v2:      {"errors":[{"status":404,"code":"NOT_FOUND","title":"...","detail":"..."}]}
 * - Bitbucket Cloud:    {"type":"error","error":{"message":"...","detail":"...","fields":{...}}}
 * - Bitbucket DC:       {"errors":[{"message":"...","exceptionName":"..."}]}
 * - gateways and OAuth: {"message":"..."}, {"error":"...","error_description":"..."}
 * Callers must pass the text through redactSecrets before it reaches a person (the client does).
 */
import { AtlError, type ErrorCode } from '../errors.js';

/** Error text longer than this is cut: a whole HTML error page helps nobody. */
const MAX_MESSAGE_LENGTH = 500;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | null {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  return null;
}

function joinUnique(parts: Array<string | null>): string | null {
  const seen: string[] = [];
  for (const part of parts) if (part && !seen.includes(part)) seen.push(part);
  return seen.length > 0 ? seen.join('; ') : null;
}

function fieldMessages(fields: unknown): string[] {
  if (!isRecord(fields)) return [];
  const out: string[] = [];
  for (const [field, message] of Object.entries(fields)) {
    const value = Array.isArray(message) ? message.map(text).filter(Boolean).join(', ') : text(message);
    if (value) out.push(`${field}: ${value}`);
  }
  return out;
}

/** Atlassian's error text from a parsed JSON body, or null when the body has none we know. */
export function atlassianErrorText(body: unknown): string | null {
  if (!isRecord(body)) return null;
  // Bitbucket Cloud.
  if (isRecord(body.error)) {
    const e = body.error;
    return joinUnique([text(e.message), text(e.detail), ...fieldMessages(e.fields)]);
  }
  const parts: Array<string | null> = [];
  // Jira.
  if (Array.isArray(body.errorMessages)) parts.push(...body.errorMessages.map(text));
  if (isRecord(body.errors)) parts.push(...fieldMessages(body.errors));
  // Confluence v2, Bitbucket DC.
  if (Array.isArray(body.errors)) {
    for (const item of body.errors) {
      if (!isRecord(item)) {
        parts.push(text(item));
        continue;
      }
      const title = text(item.title) ?? text(item.message);
      const detail = text(item.detail);
      parts.push(title && detail && detail !== title ? `${title}: ${detail}` : (title ?? detail));
    }
  }
  // JSM, Confluence v1, generic.
  parts.push(text(body.errorMessage), text(body.message));
  // OAuth-style.
  if (typeof body.error === 'string') parts.push(text(body.error_description) ?? text(body.error));
  return joinUnique(parts);
}

/** Atlassian's error text from a raw body: JSON shapes above, or short plain text; null for HTML or empty. */
export function errorTextFromBody(raw: string): string | null {
  const trimmed = raw.trim();
  if (trimmed === '') return null;
  try {
    return truncate(atlassianErrorText(JSON.parse(trimmed)));
  } catch {
    // Not JSON: a short plain-text body is worth quoting, an HTML page is not.
    if (/^<(!doctype|html|\?xml)/i.test(trimmed) || trimmed.includes('<body')) return null;
    return truncate(trimmed.split('\n').slice(0, 3).join(' '));
  }
}

function truncate(message: string | null): string | null {
  if (message === null) return null;
  return message.length > MAX_MESSAGE_LENGTH ? `${message.slice(0, MAX_MESSAGE_LENGTH - 1)}…` : message;
}

const reasons: Record<number, string> = {
  400: 'bad request',
  401: 'authentication failed',
  403: 'permission denied',
  404: 'not found',
  405: 'method not allowed',
  407: 'proxy authentication required',
  409: 'conflict',
  410: 'gone',
  413: 'request too large',
  415: 'unsupported media type',
  422: 'the request could not be processed',
  429: 'rate limited',
  500: 'internal server error',
  502: 'bad gateway',
  503: 'service unavailable',
  504: 'gateway timeout',
};

export function codeForStatus(status: number): ErrorCode {
  if (status === 401 || status === 407) return 'auth';
  if (status === 403) return 'forbidden';
  if (status === 404 || status === 410) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'server';
  if (status >= 400) return 'bad_request';
  return 'failure';
}

function hintFor(status: number, host: string, serverText: string | null): string | undefined {
  switch (status) {
    case 401:
      // The gateway answers a scoped token that lacks the operation's scope with a 401 too;
      // "check the token" would send the user after the wrong problem.
      if (serverText !== null && /scope does not match/i.test(serverText)) {
        return "the scoped token lacks the scope this request needs (e.g. write:jira-work for changes): add it to the service account's token, or use a profile that has it";
      }
      return 'check the token and email, and run `atl auth status`';
    case 403:
      return 'your account or token lacks permission for this: check project/space permissions and, for scoped tokens, the token scopes';
    case 407:
      return 'the proxy wants credentials: put them in HTTPS_PROXY (https://user:pass@proxy:port)';
    case 429:
      return `${host} is rate limiting requests; wait a little and try again`;
    case 500:
    case 502:
    case 503:
    case 504:
      return `${host} had a problem; try again later (--debug shows the request)`;
    default:
      return undefined;
  }
}

export interface HttpErrorContext {
  status: number;
  method: string;
  url: URL;
  /** The response body as text (may be empty). */
  body: string;
  /** Extra hint text, e.g. why retries stopped. */
  note?: string;
}

/** The AtlError for a non-2xx response. */
export function httpError({ status, method, url, body, note }: HttpErrorContext): AtlError {
  const code = codeForStatus(status);
  const serverText = errorTextFromBody(body);
  const reason = reasons[status] ?? `HTTP ${status}`;
  const message = serverText ? `${serverText} (HTTP ${status})` : `${reason} (HTTP ${status} from ${method} ${url.host}${url.pathname})`;
  const hint = [note, hintFor(status, url.host, serverText)].filter(Boolean).join('; ') || undefined;
  return new AtlError(code, message, hint === undefined ? { status } : { status, hint });
}

/**
 * A request that never got a (complete) response: refused, reset, DNS, TLS, cut body. `platform`
 * picks the steps of the TLS hint; the running OS unless a test says.
 */
export function networkError(url: URL, cause: unknown, platform: NodeJS.Platform = process.platform): AtlError {
  const hint = isNotTlsAnswer(cause)
    ? `if ${url.host} is a local server on plain http, give the site as http://${url.host}`
    : networkFailureKind(url, cause) === 'tls'
      ? tlsHint(platform)
      : 'check the site URL, your network, and HTTPS_PROXY if you need a proxy';
  return new AtlError('network', `could not reach ${url.host}: ${describeNetworkCause(cause)}`, { hint });
}

/**
 * An https request answered by a server that does not speak TLS, typically a local server on plain
 * http reached as `host:port` (which atl reads as https): OpenSSL's "wrong version number".
 */
function isNotTlsAnswer(cause: unknown): boolean {
  let current: unknown = cause;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const code = (current as Error & { code?: unknown }).code;
    if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || (code === 'EPROTO' && /wrong version number/i.test(current.message))) return true;
    current = current.cause;
  }
  return false;
}

/**
 * The hint for a refused certificate. Behind a corporate proxy that inspects HTTPS, the company's CA
 * is already in the system's store, which Node does not read; Node reads NODE_EXTRA_CA_CERTS, so
 * the hint says how to export that store to a PEM file on this OS, in commands to paste.
 */
export function tlsHint(platform: NodeJS.Platform): string {
  return [
    "the site's certificate was refused: if it comes from a private or corporate CA (a proxy that inspects HTTPS), " +
      "point NODE_EXTRA_CA_CERTS at a PEM file holding that CA; check the site URL's host name too.",
    ...systemStoreExport(platform),
    '  Node 22.15 or later can trust the system store itself instead: NODE_OPTIONS=--use-system-ca',
  ].join('\n');
}

/** Lines (indented under the hint) that put the system's trusted CAs in a PEM file and point Node at it. */
function systemStoreExport(platform: NodeJS.Platform): string[] {
  switch (platform) {
    case 'darwin':
      return [
        '  The system keychains hold your CA; export them (macOS):',
        '    security find-certificate -a -p /Library/Keychains/System.keychain /System/Library/Keychains/SystemRootCertificates.keychain > ~/atl-ca.pem',
        '    export NODE_EXTRA_CA_CERTS=~/atl-ca.pem',
      ];
    case 'win32':
      return [
        "  Windows' root store holds your CA; export it (PowerShell):",
        '    Get-ChildItem Cert:\\LocalMachine\\Root | ForEach-Object { "-----BEGIN CERTIFICATE-----`n$([Convert]::ToBase64String($_.RawData, [Base64FormattingOptions]::InsertLineBreaks))`n-----END CERTIFICATE-----" } | Set-Content -Encoding ascii "$env:USERPROFILE\\atl-ca.pem"',
        '    $env:NODE_EXTRA_CA_CERTS = "$env:USERPROFILE\\atl-ca.pem"',
      ];
    default:
      return [
        "  The distribution's bundle holds the CAs the system trusts (add yours with update-ca-certificates or update-ca-trust):",
        '    export NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt   # Fedora/RHEL: /etc/pki/tls/certs/ca-bundle.crt',
      ];
  }
}

export function timeoutError(url: URL, timeoutMs: number): AtlError {
  return new AtlError('timeout', `${url.host} did not answer within ${formatMs(timeoutMs)}`, {
    hint: 'try again, or allow longer with ATL_TIMEOUT (e.g. ATL_TIMEOUT=60s)',
  });
}

/** What the caller's hint says when it does not know a better way to check. */
export const CHECK_APPLIED_DEFAULT = 'check whether it was applied before trying again';

/**
 * The error for a change (POST, PATCH, PUT, DELETE) whose answer never came complete: cut, reset or
 * timed out after the request may have reached the server. Such requests are not retried, and
 * "try again" would be wrong advice: the change may already be made (a second issue, a second
 * comment). `check` says how to find out (e.g. the search that finds the new issue).
 */
export function changeMayHaveAppliedError(error: AtlError, check: string = CHECK_APPLIED_DEFAULT): AtlError {
  const timeout = error.code === 'timeout' ? '; to wait longer next time, set ATL_TIMEOUT (e.g. ATL_TIMEOUT=60s)' : '';
  return new AtlError(error.code, error.message, {
    hint: `the server may have made the change before the answer was lost: ${check}${timeout}`,
    ...(error.status === undefined ? {} : { status: error.status }),
  });
}

export function invalidJsonError(url: URL, status: number): AtlError {
  return new AtlError('failure', `the server sent invalid JSON (HTTP ${status} from ${url.host}${url.pathname})`, {
    status,
    hint: 'run with --debug to see the response headers; the site may be behind a login page or proxy',
  });
}

function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

const certificateCodes = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/;
/** TLS failures other than the certificate (wrong protocol version, handshake refused): as permanent. */
const otherTlsCodes = /^ERR_(TLS|SSL)_|^EPROTO$/;
/** Failures of the request itself that no second attempt can change. */
const invalidRequestCodes = new Set(['ERR_INVALID_URL', 'ERR_SOCKET_BAD_PORT', 'ERR_INVALID_ARG_VALUE']);
/** The connection was never made, so the server never saw the request. */
const notConnectedCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * What kind of network failure `cause` is:
 * - `tls`: the server's certificate was refused (or the TLS handshake failed): permanent;
 * - `invalid`: the request cannot be made (a port fetch refuses, an invalid URL): permanent;
 * - `not-sent`: no connection was made (refused, DNS): transient, and the request never arrived;
 * - `unknown`: reset, cut body and everything else: transient, and the request may have arrived.
 */
export function networkFailureKind(url: URL, cause: unknown): 'tls' | 'invalid' | 'not-sent' | 'unknown' {
  // Port 0 connects nowhere; fetch reports it as a refused connection, which would be retried.
  if (url.port === '0') return 'invalid';
  let current: unknown = cause;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const code = (current as Error & { code?: unknown }).code;
    if (typeof code === 'string') {
      if (certificateCodes.test(code) || otherTlsCodes.test(code)) return 'tls';
      if (invalidRequestCodes.has(code)) return 'invalid';
      if (notConnectedCodes.has(code)) return 'not-sent';
    }
    // undici's own refusal of a port the fetch standard blocks (6000, 6665...): no code, this message.
    if (current.message === 'bad port') return 'invalid';
    current = current.cause;
  }
  return 'unknown';
}

/** Whether another attempt is pointless: the same request would fail the same way. */
export function isPermanentNetworkFailure(url: URL, cause: unknown): boolean {
  const kind = networkFailureKind(url, cause);
  return kind === 'tls' || kind === 'invalid';
}

/** Whether an error from the client is a refused TLS certificate (login reports it as such). */
export function isTlsFailure(err: unknown): err is AtlError {
  return (
    err instanceof AtlError &&
    err.code === 'network' &&
    /TLS certificate problem|TLS error|NODE_EXTRA_CA_CERTS/.test(`${err.message} ${err.hint ?? ''}`)
  );
}

/** A short readable cause from fetch's nested errors (TypeError "fetch failed" → cause → code). */
export function describeNetworkCause(cause: unknown): string {
  let current: unknown = cause;
  let best = 'network error';
  if (isNotTlsAnswer(cause)) return 'TLS error: the server did not answer in TLS (wrong version number), so it does not speak https';
  for (let depth = 0; depth < 5 && current; depth++) {
    if (current instanceof Error) {
      // undici reports a body cut mid-stream as TypeError("terminated").
      if (current.message === 'terminated') return 'connection closed before the response was complete';
      const code = (current as Error & { code?: unknown }).code;
      if (typeof code === 'string') {
        if (certificateCodes.test(code)) {
          return `TLS certificate problem (${code}); if the site uses a private CA set NODE_EXTRA_CA_CERTS`;
        }
        if (code === 'ECONNREFUSED') return 'connection refused';
        if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found';
        if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'connection reset';
        if (code === 'ERR_SOCKET_BAD_PORT') return `invalid port (${code})`;
        // OpenSSL's own text (a hex id, the file and line in its sources) says nothing to a user.
        if (code === 'EPROTO' || otherTlsCodes.test(code)) {
          best = `TLS error (${code})`;
          current = current.cause;
          continue;
        }
        best = `${current.message} (${code})`;
      } else if (current.message === 'bad port') {
        return 'the port is one fetch refuses to use (bad port)';
      } else if (current.message && current.message !== 'fetch failed') {
        best = current.message;
      }
      current = current.cause;
    } else {
      break;
    }
  }
  return best;
}
