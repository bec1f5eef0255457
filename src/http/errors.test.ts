import { describe, expect, test } from 'vitest';
import {
  atlassianErrorText,
  codeForStatus,
  describeNetworkCause,
  errorTextFromBody,
  httpError,
  isTlsFailure,
  networkError,
  tlsHint,
} from './errors.js';

describe('atlassianErrorText', () => {
  test('Jira: errorMessages and field errors', () => {
    expect(atlassianErrorText({ errorMessages: ['Issue does not exist'], errors: { summary: 'required', priority: 'bad' } })).toBe(
      'Issue does not exist; summary: required; priority: bad',
    );
  });
  test('Confluence v1 and generic message', () => {
    expect(atlassianErrorText({ statusCode: 404, message: 'No space with key : X' })).toBe('No space with key : X');
  });
  test('Confluence v2 errors array', () => {
    expect(atlassianErrorText({ errors: [{ status: 400, code: 'INVALID', title: 'Invalid request', detail: 'limit too big' }] })).toBe(
      'Invalid request: limit too big',
    );
    expect(atlassianErrorText({ errors: [{ status: 404, code: 'NOT_FOUND', title: 'Not Found', detail: null }] })).toBe('Not Found');
  });
  test('Bitbucket Cloud error object, with fields', () => {
    expect(atlassianErrorText({ type: 'error', error: { message: 'Bad request', fields: { name: ['too long'] } } })).toBe(
      'Bad request; name: too long',
    );
  });
  test('Bitbucket DC errors with message; JSM errorMessage; OAuth', () => {
    expect(atlassianErrorText({ errors: [{ context: null, message: 'Repository does not exist', exceptionName: 'x' }] })).toBe(
      'Repository does not exist',
    );
    expect(atlassianErrorText({ errorMessage: 'No service desk', i18nErrorMessage: {} })).toBe('No service desk');
    expect(atlassianErrorText({ error: 'invalid_grant', error_description: 'Token expired' })).toBe('Token expired');
  });
  test('unknown shapes give null', () => {
    expect(atlassianErrorText({ foo: 1 })).toBeNull();
    expect(atlassianErrorText([1, 2])).toBeNull();
    expect(atlassianErrorText({ errorMessages: [], errors: {} })).toBeNull();
  });
});

describe('errorTextFromBody', () => {
  test('HTML pages are not quoted, short text is, long text is cut', () => {
    expect(errorTextFromBody('<!DOCTYPE html><html><body>err</body></html>')).toBeNull();
    expect(errorTextFromBody('Service Unavailable')).toBe('Service Unavailable');
    expect(errorTextFromBody(JSON.stringify({ message: 'x'.repeat(2000) }))!.length).toBe(500);
    expect(errorTextFromBody('')).toBeNull();
  });
});

describe('httpError', () => {
  const url = new URL('https://x.atlassian.net/rest/api/3/issue/A-1');
  test.each([
    [400, 'bad_request', 2],
    [401, 'auth', 3],
    [403, 'forbidden', 3],
    [404, 'not_found', 4],
    [409, 'conflict', 1],
    [422, 'bad_request', 2],
    [429, 'rate_limited', 5],
    [500, 'server', 5],
    [503, 'server', 5],
  ])('%i → %s (exit %i), status kept', (status, code, exitCode) => {
    const err = httpError({ status, method: 'GET', url, body: '' });
    expect(codeForStatus(status)).toBe(code);
    expect(err.code).toBe(code);
    expect(err.exitCode).toBe(exitCode);
    expect(err.status).toBe(status);
  });
  test('without Atlassian text the message names the request', () => {
    expect(httpError({ status: 404, method: 'GET', url, body: '' }).message).toBe(
      'not found (HTTP 404 from GET x.atlassian.net/rest/api/3/issue/A-1)',
    );
  });
  test('a gateway 401 for a missing scope points at the scope, not at the token', () => {
    const body = JSON.stringify({ code: 401, message: 'Unauthorized; scope does not match' });
    expect(httpError({ status: 401, method: 'POST', url, body }).hint).toMatch(/lacks the scope/);
    expect(httpError({ status: 401, method: 'GET', url, body: '' }).hint).toMatch(/check the token and email/);
  });
  test('403 hint mentions permissions and scopes; a note is added to the hint', () => {
    expect(httpError({ status: 403, method: 'GET', url, body: '' }).hint).toMatch(/permission.*scopes/);
    expect(httpError({ status: 429, method: 'GET', url, body: '', note: 'gave up after 4 attempts' }).hint).toMatch(
      /^gave up after 4 attempts; /,
    );
  });
});

test('describeNetworkCause reads fetch nested causes', () => {
  const refused = new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
  expect(describeNetworkCause(refused)).toBe('connection refused');
  const cert = new TypeError('fetch failed', { cause: Object.assign(new Error('self-signed'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }) });
  expect(describeNetworkCause(cert)).toMatch(/TLS certificate problem.*NODE_EXTRA_CA_CERTS/);
  expect(describeNetworkCause(new TypeError('terminated'))).toMatch(/closed before the response was complete/);
});

describe('the hint for a refused certificate says how to export the system store on this OS', () => {
  const refused = new TypeError('fetch failed', {
    cause: Object.assign(new Error('self-signed certificate in certificate chain'), { code: 'SELF_SIGNED_CERT_IN_CHAIN' }),
  });
  const site = new URL('https://jira.corp.example.com/rest/api/2/myself');

  test.each(['darwin', 'win32', 'linux'] as const)('%s: NODE_EXTRA_CA_CERTS on the first line, --use-system-ca on the last', (platform) => {
    const lines = tlsHint(platform).split('\n');
    expect(lines[0]).toMatch(/certificate was refused.*corporate CA.*NODE_EXTRA_CA_CERTS/);
    expect(lines.at(-1)).toBe('  Node 22.15 or later can trust the system store itself instead: NODE_OPTIONS=--use-system-ca');
    // The steps are indented under the hint's first line.
    expect(lines.slice(1).every((line) => line.startsWith('  '))).toBe(true);
  });

  test('macOS: the keychains exported with security, then NODE_EXTRA_CA_CERTS', () => {
    const hint = tlsHint('darwin');
    expect(hint).toContain(
      '\n    security find-certificate -a -p /Library/Keychains/System.keychain /System/Library/Keychains/SystemRootCertificates.keychain > ~/atl-ca.pem\n',
    );
    expect(hint).toContain('\n    export NODE_EXTRA_CA_CERTS=~/atl-ca.pem\n');
    expect(hint).not.toMatch(/PowerShell|ca-certificates\.crt/);
  });

  test('Windows: a PowerShell line writing the root store as PEM, and $env:NODE_EXTRA_CA_CERTS', () => {
    const hint = tlsHint('win32');
    expect(hint).toContain('(PowerShell)');
    expect(hint).toContain('Get-ChildItem Cert:\\LocalMachine\\Root | ForEach-Object {');
    expect(hint).toContain(
      '-----BEGIN CERTIFICATE-----`n$([Convert]::ToBase64String($_.RawData, [Base64FormattingOptions]::InsertLineBreaks))`n-----END CERTIFICATE-----',
    );
    expect(hint).toContain('| Set-Content -Encoding ascii "$env:USERPROFILE\\atl-ca.pem"');
    expect(hint).toContain('\n    $env:NODE_EXTRA_CA_CERTS = "$env:USERPROFILE\\atl-ca.pem"\n');
    expect(hint).not.toMatch(/security find-certificate|export NODE/);
  });

  test('Linux and other Unixes: the distribution bundle', () => {
    for (const platform of ['linux', 'freebsd'] as const) {
      const hint = tlsHint(platform);
      expect(hint).toContain('export NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt');
      expect(hint).toContain('/etc/pki/tls/certs/ca-bundle.crt');
    }
  });

  test('a server that does not speak TLS: no OpenSSL text, a hint to use http://, and no retry', () => {
    const openssl = new TypeError('fetch failed', {
      cause: Object.assign(
        new Error(
          'write EPROTO 808C2D4BB27F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/openssl/openssl/ssl/record/ssl3_record.c:350:\n',
        ),
        { code: 'EPROTO' },
      ),
    });
    const local = new URL('https://127.0.0.1:8080/rest/api/2/serverInfo');
    const error = networkError(local, openssl, 'linux');
    expect(error.message).toBe(
      'could not reach 127.0.0.1:8080: TLS error: the server did not answer in TLS (wrong version number), so it does not speak https',
    );
    expect(error.hint).toBe('if 127.0.0.1:8080 is a local server on plain http, give the site as http://127.0.0.1:8080');
    expect(isTlsFailure(error)).toBe(true);
    // Another TLS protocol failure says so, without OpenSSL's hex ids and source paths.
    const other = Object.assign(
      new Error('write EPROTO 80:error:0A000410:SSL routines:ssl3_read_bytes:sslv3 alert handshake failure:x.c:1:'),
      {
        code: 'EPROTO',
      },
    );
    expect(describeNetworkCause(new TypeError('fetch failed', { cause: other }))).toBe('TLS error (EPROTO)');
  });

  test('networkError uses it for a refused certificate only, and it still counts as a TLS failure', () => {
    const tls = networkError(site, refused, 'win32');
    expect(tls.hint).toBe(tlsHint('win32'));
    expect(isTlsFailure(tls)).toBe(true);
    const reset = networkError(
      site,
      new TypeError('fetch failed', { cause: Object.assign(new Error('reset'), { code: 'ECONNRESET' }) }),
      'win32',
    );
    expect(reset.hint).toBe('check the site URL, your network, and HTTPS_PROXY if you need a proxy');
  });
});
