import { describe, expect, test } from 'vitest';
import {
  forgetSecretsForTests,
  redactHeaders,
  redactRememberedSecrets,
  redactSecrets,
  redactUrl,
  redactUserinfo,
  rememberSecret,
} from './redact.js';

describe('redactHeaders', () => {
  test('credential headers, whatever their case, are redacted; others kept', () => {
    const out = redactHeaders({
      Authorization: 'Basic abc',
      'Proxy-Authorization': 'Basic def',
      Cookie: 'a=b',
      'Set-Cookie': 'JSESSIONID=1',
      'X-Api-Key': 'k',
      'X-Auth-Token': 't',
      Accept: 'application/json',
    });
    expect(Object.fromEntries(out)).toEqual({
      Authorization: '[redacted]',
      'Proxy-Authorization': '[redacted]',
      Cookie: '[redacted]',
      'Set-Cookie': '[redacted]',
      'X-Api-Key': '[redacted]',
      'X-Auth-Token': '[redacted]',
      Accept: 'application/json',
    });
  });
  test('works on Headers objects', () => {
    expect(redactHeaders(new Headers({ authorization: 'Bearer x', 'content-type': 'a/b' }))).toEqual([
      ['authorization', '[redacted]'],
      ['content-type', 'a/b'],
    ]);
  });
});

describe('redactUrl', () => {
  test('token-like query values, any case, are redacted; others kept', () => {
    const url =
      'https://h.example/p?jql=a%3Db&token=t1&ACCESS_TOKEN=t2&api_key=t3&apikey=t4&password=t5&client_secret=t6&sig=t7&Signature=t8&limit=5';
    const out = redactUrl(url);
    for (const secret of ['t1', 't2', 't3', 't4', 't5', 't6', 't7', 't8']) expect(out).not.toMatch(new RegExp(`=${secret}\\b`));
    expect(out).toContain('jql=a%3Db');
    expect(out).toContain('limit=5');
    expect(out).toContain('token=[redacted]');
    expect(out).toContain('Signature=[redacted]');
  });
  test('userinfo password is redacted', () => {
    expect(redactUrl('http://user:hunter22@proxy:3128')).not.toContain('hunter22');
  });
  test('URLs without secrets come back unchanged; non-URLs as they are', () => {
    expect(redactUrl('https://h.example/rest/api/3/search?jql=project+%3D+A')).toBe(
      'https://h.example/rest/api/3/search?jql=project+%3D+A',
    );
    expect(redactUrl('not a url')).toBe('not a url');
  });
});

describe('redactSecrets', () => {
  test('every occurrence of each secret, raw, URL-encoded or JSON-escaped', () => {
    const secret = 'ab/c+d"ef';
    const text = `x ${secret} y ${encodeURIComponent(secret)} z ${JSON.stringify(secret)} ${secret}`;
    const out = redactSecrets(text, [secret]);
    expect(out).not.toContain('ab/c+d');
    expect(out).not.toContain(encodeURIComponent(secret));
    expect(out.match(/\[redacted\]/g)).toHaveLength(4);
  });
  test('longer secrets first so an overlapping one is replaced whole', () => {
    expect(redactSecrets('tokenXYZ-extended', ['tokenXYZ', 'tokenXYZ-extended'])).toBe('[redacted]');
  });
  test('empty, missing and very short secrets are ignored', () => {
    expect(redactSecrets('a b c', ['', null, undefined, 'a'])).toBe('a b c');
  });
  test('regex characters in secrets are literal', () => {
    expect(redactSecrets('x.*y and xAAy', ['x.*y'])).toBe('[redacted] and xAAy');
  });
});

describe('URL-valued headers', () => {
  test('Location and Content-Location have token-like query values redacted, absolute or relative', () => {
    const out = Object.fromEntries(
      redactHeaders({
        Location: 'https://sso.example/callback?access_token=abc123&state=ok',
        'Content-Location': '/login?token=def456',
        'X-Other': '/keep?token=as-is-in-an-unknown-header',
      }),
    );
    expect(out.Location).toBe('https://sso.example/callback?access_token=[redacted]&state=ok');
    expect(out['Content-Location']).toBe('/login?token=[redacted]');
    // A header whose name is not token-like and not a URL header is left alone.
    expect(out['X-Other']).toBe('/keep?token=as-is-in-an-unknown-header');
  });

  test('Link header URLs are redacted; relative references without secrets are unchanged', () => {
    const [[, link]] = redactHeaders({
      Link: '</wiki/api/v2/pages?cursor=c1&api_key=k9>; rel="next", <https://x.example/a?b=1>; rel="prev"',
    }) as [[string, string]];
    expect(link).toBe('</wiki/api/v2/pages?cursor=c1&api_key=[redacted]>; rel="next", <https://x.example/a?b=1>; rel="prev"');
    expect(redactUrl('/plain/path?x=1')).toBe('/plain/path?x=1');
    expect(redactUrl('not a url')).toBe('not a url');
  });
});

describe('redactUserinfo', () => {
  test('the password of user:password@ is replaced even when the text is not a valid URL', () => {
    expect(redactUserinfo('https://me:pw with space@jira.example.com/x')).toBe('https://me:[redacted]@jira.example.com/x');
    expect(redactUserinfo('me:s3cret@jira.example.com')).toBe('me:[redacted]@jira.example.com');
    expect(redactUserinfo('https://jira.example.com:8443/path')).toBe('https://jira.example.com:8443/path');
    expect(redactUserinfo('https://jira.example.com/a@b')).toBe('https://jira.example.com/a@b');
  });
});

describe('remembered secrets', () => {
  test('every secret remembered in this process is redacted; short ones are ignored', () => {
    forgetSecretsForTests();
    rememberSecret('remembered-token-0001');
    rememberSecret('abc');
    rememberSecret(null);
    expect(redactRememberedSecrets('x remembered-token-0001 y abc')).toBe('x [redacted] y abc');
    forgetSecretsForTests();
    expect(redactRememberedSecrets('remembered-token-0001')).toBe('remembered-token-0001');
  });
});
