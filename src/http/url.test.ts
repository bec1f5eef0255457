import { describe, expect, test } from 'vitest';
import { HeaderMap } from './headers.js';
import { assertCredentialsAllowed, buildUrl, isLoopbackHost, nextFromLinkHeader, normaliseBaseUrl, redirectStep } from './url.js';

describe('normaliseBaseUrl', () => {
  test('drops trailing slashes, query and fragment', () => {
    expect(normaliseBaseUrl('https://x.atlassian.net/')).toBe('https://x.atlassian.net');
    expect(normaliseBaseUrl('https://h/jira//?a=1#f')).toBe('https://h/jira');
  });
  test('rejects non-URLs, other schemes and embedded credentials', () => {
    for (const bad of ['x.atlassian.net', 'ftp://h', 'https://u:p@h']) {
      expect(() => normaliseBaseUrl(bad)).toThrow(expect.objectContaining({ code: 'usage' }));
    }
  });
});

describe('isLoopbackHost / assertCredentialsAllowed', () => {
  test.each(['localhost', 'LOCALHOST', '127.0.0.1', '127.1.2.3', '[::1]', '::1'])('%s is loopback', (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });
  test.each(['example.com', '128.0.0.1', '127.0.0.1.nip.io', 'localhost.evil.com', 'api.localhost', '10.0.0.1', '[::2]', '127.0.0.256'])(
    '%s is not loopback',
    (host) => {
      expect(isLoopbackHost(host)).toBe(false);
    },
  );
  test('http to a remote host is refused, https and loopback http allowed', () => {
    expect(() => assertCredentialsAllowed('http://example.com/x')).toThrow(expect.objectContaining({ code: 'usage', exitCode: 2 }));
    expect(() => assertCredentialsAllowed('http://127.0.0.1.nip.io/')).toThrow();
    expect(() => assertCredentialsAllowed('https://example.com/x')).not.toThrow();
    expect(() => assertCredentialsAllowed('http://localhost:8080/x')).not.toThrow();
    expect(() => assertCredentialsAllowed('http://[::1]:8080/x')).not.toThrow();
  });
});

describe('buildUrl', () => {
  test('paths are appended to the base path, with their own query kept', () => {
    expect(buildUrl('https://api.atlassian.com/ex/jira/abc', '/rest/api/3/myself').toString()).toBe(
      'https://api.atlassian.com/ex/jira/abc/rest/api/3/myself',
    );
    expect(buildUrl('https://h', 'rest/x?a=1', { b: ['1', 2], c: true, d: null }).toString()).toBe('https://h/rest/x?a=1&b=1&b=2&c=true');
  });
  test('values are encoded', () => {
    expect(buildUrl('https://h', '/s', { jql: 'project = "A B" & x' }).search).toBe('?jql=project+%3D+%22A+B%22+%26+x');
  });
  test('absolute URLs are used as they are', () => {
    expect(buildUrl('https://h', 'https://api.bitbucket.org/2.0/x?page=2').toString()).toBe('https://api.bitbucket.org/2.0/x?page=2');
  });
});

describe('nextFromLinkHeader', () => {
  test('finds rel="next" among several links', () => {
    expect(nextFromLinkHeader('</wiki/api/v2/pages?cursor=abc,def>; rel="next", <https://x.atlassian.net/wiki>; rel="base"')).toBe(
      '/wiki/api/v2/pages?cursor=abc,def',
    );
    expect(nextFromLinkHeader('<https://h/b>; rel="base", <https://h/n>; rel=next')).toBe('https://h/n');
  });
  test('null without a next link', () => {
    expect(nextFromLinkHeader(null)).toBeNull();
    expect(nextFromLinkHeader('<https://h/b>; rel="base"')).toBeNull();
    expect(nextFromLinkHeader('<https://h/b>; rel="nextish"')).toBeNull();
  });
});

describe('redirectStep', () => {
  const from = new URL('https://x.atlassian.net/a');
  const headers = new HeaderMap({
    authorization: 'Basic s',
    cookie: 'c=1',
    'content-type': 'application/json',
    accept: 'application/json',
  });

  test('same origin keeps credentials, method and body', () => {
    const step = redirectStep(307, '/b', from, 'POST', headers)!;
    expect(step.url.toString()).toBe('https://x.atlassian.net/b');
    expect(step.method).toBe('POST');
    expect(step.keepBody).toBe(true);
    expect(step.headers.get('authorization')).toBe('Basic s');
  });
  test('another origin (host, scheme or port) drops Authorization and Cookie', () => {
    for (const location of ['https://evil.example/b', 'http://x.atlassian.net/b', 'https://x.atlassian.net:8443/b']) {
      const step = redirectStep(302, location, from, 'GET', headers)!;
      expect(step.headers.get('authorization')).toBeNull();
      expect(step.headers.get('cookie')).toBeNull();
      expect(step.headers.get('accept')).toBe('application/json');
    }
  });
  test('303 turns into GET without body; HEAD stays HEAD', () => {
    const step = redirectStep(303, '/b', from, 'PUT', headers)!;
    expect(step.method).toBe('GET');
    expect(step.keepBody).toBe(false);
    expect(step.headers.get('content-type')).toBeNull();
    expect(redirectStep(303, '/b', from, 'HEAD', headers)!.method).toBe('HEAD');
  });
  test('301/302 after POST become GET; 308 keeps POST', () => {
    expect(redirectStep(301, '/b', from, 'POST', headers)!.method).toBe('GET');
    expect(redirectStep(302, '/b', from, 'POST', headers)!.method).toBe('GET');
    expect(redirectStep(308, '/b', from, 'POST', headers)!.method).toBe('POST');
  });
  test('not a redirect, or no Location: null', () => {
    expect(redirectStep(200, '/b', from, 'GET', headers)).toBeNull();
    expect(redirectStep(304, '/b', from, 'GET', headers)).toBeNull();
    expect(redirectStep(302, null, from, 'GET', headers)).toBeNull();
  });
});
